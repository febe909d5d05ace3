"""Matrix products, scalar multiples, products of scalars, Kronecker products, matrix powers.

A canonical matrix product is a flat chain with no identity, no zero, no scalar multiple and
no 1×1 sub-chain inside it (those become the coefficient of a Scale), with equal neighbours
merged into powers (X X → X², X⁻¹X → I). A product of 1×1 factors is commutative: its
factors are sorted, numbers lead, equal factors become powers, and each irreducible 1×1
chain (aᵀXb) is read in whichever direction sorts first (aᵀXb or bᵀXᵀa).
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction

from ..core import expr as E
from ..core.shapes import is_one
from .order import key
from .rules_common import (NUM_ONE, chain_expr, factors_of, flip, is_number, matrix_base_exp,
                           matrix_power_of, scalar_base_exp, scalar_parts, scalar_power_of,
                           scalar_product, scale_out_of_factors, split_chain, times,
                           zero_of)

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
    return scale_out_of_factors(e)


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


def scalar_product_in_order(e):
    """βα → αβ, 2α3 → 6α, αα → α², α α⁻¹ → 1: a product of 1×1 factors, sorted, numbers first"""
    if not e.is_scalar:
        return e
    _, segs, _ = split_chain(e.factors)
    if len(segs) < 2:
        return e
    number = Fraction(1)
    powers: OrderedDict = OrderedDict()
    for s in segs:
        f = s[0] if len(s) == 1 else oriented_chain(s)
        n, fs = scalar_parts(f)
        number *= n
        for g in fs:
            b, p = scalar_base_exp(g)
            powers[b] = powers.get(b, 0) + p
    factors = [scalar_power_of(b, p) for b, p in powers.items() if p != 0]
    return scalar_product(number, factors)


def reversed_chain(factors):
    """fₖᵀ … f₁ᵀ as a tuple, each factor's transpose in canonical form, or None when a
    factor's transpose is not one of the simple canonical factors `flip` builds."""
    out = []
    for f in reversed(factors):
        g = flip(f)
        if g is None:
            return None
        out.append(g)
    return tuple(out)


def oriented_chain(factors) -> E.Expr:
    """A 1×1 chain of canonical factors read in the direction that sorts first:
    bᵀXᵀa → aᵀXb (a 1×1 chain equals its transpose)."""
    e = chain_expr(factors)
    flipped = reversed_chain(factors)
    if flipped is None:
        return e
    other = chain_expr(flipped)
    return other if key(other) < key(e) else e


def orient_scalar_chain(e):
    """bᵀXᵀa → aᵀXb when aᵀXb sorts first (a 1×1 chain equals its transpose)"""
    if not e.is_scalar:
        return e
    _, segs, _ = split_chain(e.factors)
    if len(segs) != 1:
        return e
    return oriented_chain(e.factors)


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


def diagonal_times_vector(e):
    """A diag(v) w → A (v ∘ w) for a vector w; wᵀ diag(v) B → (wᵀ ∘ vᵀ) B for a row wᵀ"""
    fs = e.factors
    if e.is_scalar:
        return e
    if is_one(e.shape[1]):
        for i in range(len(fs) - 2, -1, -1):
            if isinstance(fs[i], E.Diag):
                return chain_expr(fs[:i] + (E.Hadamard((fs[i].arg, chain_expr(fs[i + 1:]))),))
    if is_one(e.shape[0]):
        for i in range(1, len(fs)):
            if isinstance(fs[i], E.Diag):
                row = E.Hadamard((chain_expr(fs[:i]), E.Transpose(fs[i].arg)))
                return chain_expr((row,) + fs[i + 1:])
    return e


PRODUCT_RULES = (
    flatten_product,
    product_with_zero,
    drop_identity_factors,
    scale_out_of_product,
    scalar_subchain_out_of_product,
    merge_powers_in_product,
    cancel_inverse_of_product,
    diagonal_times_vector,
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
# Matrix powers
# ------------------------------------------------------------------------------------


def matrix_power_of_scalar(e):
    """aᵏ → a^k (the scalar power) for a 1×1 a"""
    return E.Power(e.arg, Fraction(e.k)) if e.arg.is_scalar else e


def matrix_power_of_power(e):
    """(Aᵃ)ᵇ → Aᵃᵇ"""
    if isinstance(e.arg, E.MatPow):
        return E.MatPow(e.arg.arg, e.arg.k * e.k)
    return e


def matrix_power_of_constant(e):
    """Iᵏ → I, 0ᵏ → 0"""
    if isinstance(e.arg, (E.Identity, E.Zero)):
        return e.arg
    return e


def matrix_power_of_multiple(e):
    """(cA)ᵏ → cᵏAᵏ"""
    if isinstance(e.arg, E.Scale):
        return E.Scale(E.Power(e.arg.coeff, Fraction(e.k)), E.MatPow(e.arg.arg, e.k))
    return e


MATPOW_RULES = (matrix_power_of_scalar, matrix_power_of_power, matrix_power_of_constant,
                matrix_power_of_multiple)
