"""Matrix products, scalar multiples and products of scalars.

A canonical matrix product is a flat chain with no identity, no zero, no scalar multiple and
no 1×1 sub-chain inside it (those become the coefficient of a Scale), with equal neighbours
merged into powers (X X → X², X⁻¹X → I). A product of 1×1 factors is commutative: its
factors are sorted, numbers lead, equal factors become powers, and each irreducible 1×1
chain (aᵀXb) is read in whichever direction sorts first (aᵀXb or bᵀXᵀa).
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction

from .. import expr as E
from .order import key
from .rules_common import (NUM_ONE, chain_expr, factors_of, flip, is_number, matrix_base_exp,
                           matrix_power_of, scalar_base_exp, scalar_parts, scalar_power_of,
                           scalar_product, split_chain, times, zero_of)

# ------------------------------------------------------------------------------------
# Matrix products
# ------------------------------------------------------------------------------------


def flatten_product(e):
    """A(BC) → ABC"""
    if any(isinstance(f, E.MatMul) for f in e.factors):
        return E.MatMul(tuple(g for f in e.factors for g in factors_of(f)))
    return e


def product_with_zero(e):
    """A 0 B → 0"""
    if any(isinstance(f, E.Zero) or is_number(f, 0) for f in e.factors):
        return zero_of(e.shape)
    return e


def drop_identity_factors(e):
    """A I B → AB (and 1 · a → a)"""
    keep = tuple(f for f in e.factors if not (isinstance(f, E.Identity) or is_number(f, 1)))
    if len(keep) == len(e.factors):
        return e
    if not keep:
        return E.Identity(e.shape[0]) if not e.is_scalar else NUM_ONE
    return chain_expr(keep)


def scale_out_of_product(e):
    """A(cB) → c(AB)"""
    for i, f in enumerate(e.factors):
        if isinstance(f, E.Scale):
            rest = e.factors[:i] + (f.arg,) + e.factors[i + 1:]
            return E.Scale(f.coeff, E.MatMul(rest))
    return e


def scalar_subchain_out_of_product(e):
    """x (bᵀc) → (bᵀc) x;  A b cᵀd → (cᵀd) Ab: a 1×1 stretch of a longer product is a coefficient"""
    if e.is_scalar:
        return e
    left, segs, right = split_chain(e.factors)
    if not segs:
        return e
    coeff = NUM_ONE
    for s in segs:
        coeff = times(coeff, chain_expr(s))
    return E.Scale(coeff, chain_expr(left + right))


def merge_powers_in_product(e):
    """X X → X², X² X → X³, X⁻¹ X → I, X X⁻¹ → I (neighbours with one base)"""
    out = []                                    # stack of (base, exponent)
    merged = False
    for f in e.factors:
        b, k = matrix_base_exp(f)
        if out and out[-1][0] == b and not b.is_scalar:
            merged = True
            k += out.pop()[1]
            if k == 0:
                continue
        out.append((b, k))
    if not merged:
        return e
    fs = tuple(matrix_power_of(b, k) for b, k in out)
    if not fs:
        return E.Identity(e.shape[0])
    return chain_expr(fs)


# ------------------------------------------------------------------------------------
# Products of scalars
# ------------------------------------------------------------------------------------


def scalar_product_in_order(e, normal):
    """βα → αβ, 2α3 → 6α, αα → α², α α⁻¹ → 1: a product of 1×1 factors, sorted, numbers first"""
    if not e.is_scalar:
        return e
    _, segs, _ = split_chain(e.factors)
    if len(segs) < 2:
        return e
    number = Fraction(1)
    powers: OrderedDict = OrderedDict()
    for s in segs:
        f = chain_expr(s) if len(s) == 1 else normal(chain_expr(s))
        n, fs = scalar_parts(f)
        number *= n
        for g in fs:
            b, p = scalar_base_exp(g)
            powers[b] = powers.get(b, 0) + p
    factors = [scalar_power_of(b, p) for b, p in powers.items() if p != 0]
    return scalar_product(number, factors)


def transposed_factor(f, normal) -> E.Expr:
    """fᵀ in canonical form (directly for the simple factors chains are made of)."""
    g = flip(f)
    return normal(E.Transpose(f)) if g is None else g


def reversed_chain(factors, normal) -> E.Expr:
    """fₖᵀ … f₁ᵀ, each factor's transpose in canonical form."""
    return E.MatMul(tuple(transposed_factor(f, normal) for f in reversed(factors)))


def orient_scalar_chain(e, normal):
    """bᵀXᵀa → aᵀXb when aᵀXb sorts first (a 1×1 chain without sums equals its transpose)"""
    if not e.is_scalar:
        return e
    _, segs, _ = split_chain(e.factors)
    if len(segs) != 1 or any(isinstance(f, E.Add) for f in e.factors):
        return e                                # sums inside: collect_and_factor decides
    flipped = reversed_chain(e.factors, normal)
    if len(flipped.factors) == len(e.factors) and key(flipped) < key(e):
        return flipped
    return e


def cancel_inverse_of_product(e):
    """AB (AB)⁻¹ → I, (AB)⁻¹ AB → I"""
    fs = e.factors
    for i, f in enumerate(fs):
        if isinstance(f, E.Inverse) and isinstance(f.arg, E.MatMul):
            g = f.arg.factors
            m = len(g)
            if fs[max(0, i - m):i] == g:
                return _rest(e, fs[:i - m] + fs[i + 1:])
            if fs[i + 1:i + 1 + m] == g:
                return _rest(e, fs[:i] + fs[i + 1 + m:])
    return e


def _rest(e, fs):
    if not fs:
        return E.Identity(e.shape[0])
    return chain_expr(fs)


PRODUCT_RULES = (
    flatten_product,
    product_with_zero,
    drop_identity_factors,
    scale_out_of_product,
    scalar_subchain_out_of_product,
    merge_powers_in_product,
    cancel_inverse_of_product,
)
PRODUCT_CONTEXT_RULES = (
    scalar_product_in_order,
    orient_scalar_chain,
)


# ------------------------------------------------------------------------------------
# Scalar multiples
# ------------------------------------------------------------------------------------


def scale_by_one(e):
    """1A → A"""
    return e.arg if is_number(e.coeff, 1) else e


def scale_by_zero(e):
    """0A → 0, c0 → 0"""
    if is_number(e.coeff, 0) or isinstance(e.arg, E.Zero) or is_number(e.arg, 0):
        return zero_of(e.shape)
    return e


def scale_of_scale(e):
    """c(dA) → (cd)A"""
    if isinstance(e.arg, E.Scale):
        return E.Scale(times(e.coeff, e.arg.coeff), e.arg.arg)
    return e


def scale_of_scalar(e):
    """c·a → ca, a product of scalars, when a is 1×1 (2·3 → 6; 2·α stays 2α)"""
    c, a = e.coeff, e.arg
    if not a.is_scalar:
        return e
    if isinstance(c, E.Num) and isinstance(a, E.Num):
        return E.Num(c.value * a.value)
    if isinstance(c, E.Num):
        return e
    return E.MatMul((c, a))


SCALE_RULES = (
    scale_by_one,
    scale_by_zero,
    scale_of_scale,
    scale_of_scalar,
)


# ------------------------------------------------------------------------------------
# Kronecker products
# ------------------------------------------------------------------------------------


def kron_with_scalar(e):
    """a ⊗ B → aB and A ⊗ b → bA for 1×1 a, b"""
    if e.left.is_scalar:
        return E.Scale(e.left, e.right)
    if e.right.is_scalar:
        return E.Scale(e.right, e.left)
    return e


def kron_with_zero(e):
    """0 ⊗ B → 0, A ⊗ 0 → 0"""
    if isinstance(e.left, E.Zero) or isinstance(e.right, E.Zero):
        return zero_of(e.shape)
    return e


def scale_out_of_kron(e):
    """(cA) ⊗ B → c(A ⊗ B), A ⊗ (cB) → c(A ⊗ B)"""
    if isinstance(e.left, E.Scale):
        return E.Scale(e.left.coeff, E.Kron(e.left.arg, e.right))
    if isinstance(e.right, E.Scale):
        return E.Scale(e.right.coeff, E.Kron(e.left, e.right.arg))
    return e


def kron_of_identities(e):
    """Iₘ ⊗ Iₙ → Iₘₙ"""
    if isinstance(e.left, E.Identity) and isinstance(e.right, E.Identity):
        return E.Identity(e.shape[0])
    return e


KRON_RULES = (
    kron_with_scalar,
    kron_with_zero,
    scale_out_of_kron,
    kron_of_identities,
)


# ------------------------------------------------------------------------------------
# Elementwise (Hadamard) products and quotients
# ------------------------------------------------------------------------------------


def flatten_hadamard(e):
    """A ∘ (B ∘ C) → A ∘ B ∘ C"""
    if any(isinstance(f, E.Hadamard) for f in e.factors):
        return E.Hadamard(tuple(g for f in e.factors
                                for g in (f.factors if isinstance(f, E.Hadamard) else (f,))))
    return e


def hadamard_with_zero(e):
    """A ∘ 0 → 0"""
    if any(isinstance(f, E.Zero) for f in e.factors):
        return zero_of(e.shape)
    return e


def drop_ones_in_hadamard(e):
    """A ∘ 1 → A (1 the matrix of ones)"""
    keep = tuple(f for f in e.factors if not isinstance(f, E.Ones))
    if len(keep) == len(e.factors):
        return e
    if not keep:
        return e.factors[0]
    return keep[0] if len(keep) == 1 else E.Hadamard(keep)


def scale_out_of_hadamard(e):
    """(cA) ∘ B → c(A ∘ B)"""
    for i, f in enumerate(e.factors):
        if isinstance(f, E.Scale):
            rest = e.factors[:i] + (f.arg,) + e.factors[i + 1:]
            return E.Scale(f.coeff, E.Hadamard(rest))
    return e


def hadamard_of_scalars(e):
    """a ∘ b → ab for 1×1 a, b"""
    if e.is_scalar:
        return E.MatMul(e.factors)
    return e


def merge_hadamard_powers(e):
    """A ∘ A → A.^2, A.^p ∘ A → A.^(p+1)"""
    powers: OrderedDict = OrderedDict()
    for f in e.factors:
        b, p = scalar_base_exp(f)
        powers[b] = powers.get(b, 0) + p
    if len(powers) == len(e.factors):
        return e
    fs = tuple(scalar_power_of(b, p) if p != 0 else E.Ones(*e.shape) for b, p in powers.items())
    return fs[0] if len(fs) == 1 else E.Hadamard(fs)


def hadamard_in_order(e):
    """B ∘ A → A ∘ B (sorted; the identity last: A ∘ I)"""
    fs = tuple(sorted(e.factors, key=_hadamard_key))
    return e if fs == e.factors else E.Hadamard(fs)


def _hadamard_key(f):
    return ("1" if isinstance(f, E.Identity) else "0", key(f))


HADAMARD_RULES = (
    flatten_hadamard,
    hadamard_with_zero,
    drop_ones_in_hadamard,
    scale_out_of_hadamard,
    hadamard_of_scalars,
    merge_hadamard_powers,
    hadamard_in_order,
)


def quotient_of_scalars(e):
    """a ./ b → a b⁻¹ for 1×1 a, b"""
    if e.is_scalar:
        return E.MatMul((e.num, E.Power(e.den, Fraction(-1))))
    return e


def quotient_by_ones(e):
    """A ./ 1 → A"""
    return e.num if isinstance(e.den, E.Ones) else e


def quotient_of_zero(e):
    """0 ./ B → 0"""
    return e.num if isinstance(e.num, E.Zero) else e


def scale_out_of_quotient(e):
    """(cA) ./ B → c(A ./ B)"""
    if isinstance(e.num, E.Scale):
        return E.Scale(e.num.coeff, E.HadamardDiv(e.num.arg, e.den))
    return e


QUOTIENT_RULES = (
    quotient_of_scalars,
    quotient_by_ones,
    quotient_of_zero,
    scale_out_of_quotient,
)
