"""Elementwise operations: Hadamard products and quotients, elementwise powers and functions.

Hadamard products are commutative: factors are sorted (the identity last, A ∘ I), equal
factors become powers (A ∘ A → A.^2). A scalar power is the elementwise power of a 1×1.
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from itertools import product as cartesian

from ..core import expr as E
from .order import key
from .rules_common import (NUM_ONE, flip, is_nonnegative, plus, scalar_base_exp,
                           scalar_power_of, scale_out_of_factors, zero_of)
from .rules_linear import COPY_LIMIT, EXPANSION_LIMIT, tree_size

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
    return scale_out_of_factors(e)


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
        powers[b] = plus(powers.get(b), p)
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


def diagonal_part_ignores_transposes(e):
    """Aᵀ ∘ I → A ∘ I: beside I only the diagonal counts, and diag(Aᵀ) = diag(A)"""
    if not any(isinstance(f, E.Identity) for f in e.factors):
        return e
    fs = []
    for f in e.factors:
        if isinstance(f, E.Identity):
            fs.append(f)
            continue
        g = flip(f)
        fs.append(g if g is not None and key(g) < key(f) else f)
    fs = tuple(fs)
    return e if fs == e.factors else E.Hadamard(fs)


HADAMARD_RULES = (
    flatten_hadamard,
    hadamard_with_zero,
    drop_ones_in_hadamard,
    scale_out_of_hadamard,
    hadamard_of_scalars,
    merge_hadamard_powers,
    hadamard_in_order,
)
HADAMARD_CONTEXT_RULES = (diagonal_part_ignores_transposes,)


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


# ------------------------------------------------------------------------------------
# Powers
# ------------------------------------------------------------------------------------


def power_trivial(e):
    """A.^1 → A, A.^0 → 1 (ones)"""
    if e.exponent == 1:
        return e.arg
    if e.exponent == 0:
        return NUM_ONE if e.is_scalar else E.Ones(*e.shape)
    return e


def power_of_number(e):
    """2^3 → 8, 4^(1/2) → 2 (when exact)"""
    a, p = e.arg, e.exponent
    if not isinstance(a, E.Num) or (a.value == 0 and p < 0):
        return e
    if p.denominator == 1:
        return E.Num(a.value ** p.numerator)
    root = _exact_root(a.value, p.denominator)
    return e if root is None else E.Num(root ** p.numerator)


def _exact_root(v: Fraction, q: int):
    if v < 0:
        return None
    n, d = round(v.numerator ** (1 / q)), round(v.denominator ** (1 / q))
    if n ** q == v.numerator and d ** q == v.denominator:
        return Fraction(n, d)
    return None


def power_of_power(e):
    """(A.^a).^b → A.^(ab) for an integer b"""
    if isinstance(e.arg, E.Power) and e.exponent.denominator == 1:
        return E.Power(e.arg.arg, e.arg.exponent * e.exponent)
    return e


def power_of_zero(e):
    """0.^p → 0 for p > 0"""
    if isinstance(e.arg, E.Zero) and e.exponent > 0:
        return e.arg
    return e


def power_of_multiple(e):
    """(cA).^k → cᵏ A.^k for a number c and an integer k"""
    a, p = e.arg, e.exponent
    if isinstance(a, E.Scale) and isinstance(a.coeff, E.Num) and p.denominator == 1 \
            and a.coeff.value != 0:
        return E.Scale(E.Num(a.coeff.value ** p.numerator), E.Power(a.arg, p))
    return e


def square_of_scalar_sum(e):
    """(a + b)² → a² + 2ab + b², for a 1×1 sum (at most EXPANSION_LIMIT products, copying no
    term larger than COPY_LIMIT; the printed form finds the square back, factoring.py)"""
    a = e.arg
    if not (isinstance(a, E.Add) and a.is_scalar and e.exponent == 2):
        return e
    if len(a.terms) ** 2 > EXPANSION_LIMIT or any(tree_size(t) > COPY_LIMIT for t in a.terms):
        return e
    return E.Add(tuple(E.MatMul(pair) for pair in cartesian(a.terms, repeat=2)))


POWER_RULES = (power_trivial, power_of_number, power_of_power, power_of_zero,
               power_of_multiple, square_of_scalar_sum)


# ------------------------------------------------------------------------------------
# Elementwise functions
# ------------------------------------------------------------------------------------


def sqrt_is_a_power(e):
    """sqrt(A) → A.^(1/2)"""
    if e.name == "sqrt":
        return E.Power(e.arg, Fraction(1, 2))
    return e


def abs_of_nonnegative(e):
    """|a| → a when a cannot be negative (xᵀx, xᵀPx for spd P, norms, exp, even powers)"""
    if e.name == "abs" and is_nonnegative(e.arg):
        return e.arg
    return e


FUNC_RULES = (sqrt_is_a_power, abs_of_nonnegative)
