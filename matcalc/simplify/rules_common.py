"""Helpers shared by the rule modules: predicates (symmetric?), the anatomy of products
(where a chain passes through dimension 1, bases and exponents), and builders that put
canonical pieces together into canonical wholes.

Canonical shapes these helpers produce and expect:
- a scalar is a number `Num`, a product `P` of scalar factors (one factor, or a MatMul whose
  1×1 segments are the factors, sorted by `order.key`), or `Scale(Num c, P)`;
- a matrix term is a chain `A` (one factor or a MatMul) or `Scale(coefficient, A)`.
"""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as E
from ..core.operators import OPERATORS
from ..core.shapes import ONE, is_one
from .order import key

NUM_ONE = E.Num(Fraction(1))
NUM_ZERO = E.Num(Fraction(0))


# ------------------------------------------------------------------------------------
# Predicates
# ------------------------------------------------------------------------------------


def plus(total, x):
    """total + x, where None is the empty total: a tally's first entry is x itself (not
    0 + x, which for a Fraction is arithmetic in Python)."""
    return x if total is None else total + x


def is_scalar(e: E.Expr) -> bool:
    return e.is_scalar


def is_number(e: E.Expr, value=None) -> bool:
    return isinstance(e, E.Num) and (value is None or e.value == value)


def zero_of(shape) -> E.Expr:
    """The zero of a shape: the number 0 for 1×1."""
    if is_one(shape[0]) and is_one(shape[1]):
        return NUM_ZERO
    return E.Zero(shape[0], shape[1])


def is_leaf_matrix(e: E.Expr) -> bool:
    """A variable or a differential: where transposes and X⁻ᵀ end up."""
    return isinstance(e, (E.Var, E.Delta))


def _holds(prop: str, e: E.Expr, recurse) -> bool:
    """Does the spec's declaration `prop` of e's operator hold? 'always' | 'never' | 'args'
    (when it holds of every argument) | a named predicate below | a predicate (e, recurse)."""
    rule = getattr(OPERATORS[type(e)], prop)
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "args":
        return all(recurse(k) for k in e.children)
    if isinstance(rule, str):
        return _PREDICATES[rule](e)
    return rule(e, recurse)


def is_symmetric(e: E.Expr) -> bool:
    """Is `e` known to equal its transpose? (Never true of a differential dX.)"""
    if e.is_scalar:
        return True
    if e.shape[0] != e.shape[1]:
        return False
    return _holds("symmetric", e, is_symmetric)


def is_nonnegative(e: E.Expr) -> bool:
    """Is every entry of `e` known to be ≥ 0? (xᵀx, xᵀPx for spd P, norms, exp, x.^2, ...)"""
    return _holds("nonnegative", e, is_nonnegative)


def _scalar_gram(e: E.MatMul) -> bool:
    """A 1×1 product vᵀv, vᵀPv (P spd), or of nonnegative factors."""
    return e.is_scalar and (_is_gram(e.factors) or all(is_nonnegative(k) for k in e.factors))


def _is_gram(fs) -> bool:
    """vᵀv or vᵀPv (P spd): a chain equal to its reversed transpose, spd in the middle."""
    if not _palindrome(fs):
        return False
    if len(fs) % 2 == 0:
        return True
    mid = fs[len(fs) // 2]
    return isinstance(mid, E.Var) and "spd" in mid.props


def flip(e: E.Expr):
    """Eᵀ for the simple factors a canonical chain is made of, or None when not simple."""
    if is_symmetric(e):
        return e
    if isinstance(e, E.Transpose):
        return e.arg
    if is_leaf_matrix(e) or (isinstance(e, E.Inverse) and is_leaf_matrix(e.arg)):
        return E.Transpose(e)
    if isinstance(e, E.MatPow) and is_leaf_matrix(e.arg):
        return E.MatPow(E.Transpose(e.arg), e.k)
    return None


def _symmetric_product(e: E.MatMul) -> bool:
    return _palindrome(e.factors)


#: the predicates a spec may name (they need the simplifier's anatomy of products)
_PREDICATES = {"palindrome": _symmetric_product, "gram": _scalar_gram}


def _palindrome(fs: tuple) -> bool:
    """Is the chain f₁…fₖ equal to fₖᵀ…f₁ᵀ (like AᵀA or BᵀSB)?"""
    k = len(fs)
    for i in range((k + 1) // 2):
        f = flip(fs[k - 1 - i])
        if f is None or f != fs[i]:
            return False
    return True


# ------------------------------------------------------------------------------------
# The anatomy of a product chain
# ------------------------------------------------------------------------------------


def dims(factors) -> list:
    """The dimensions a chain passes through: rows of the first, then each factor's cols."""
    return [factors[0].shape[0]] + [f.shape[1] for f in factors]


def unit_positions(factors) -> list:
    """The positions (0..k) where the chain passes through dimension 1."""
    out = [0] if is_one(factors[0].shape[0]) else []
    for i, f in enumerate(factors, start=1):
        d = f.shape[1]
        if d is ONE or is_one(d):
            out.append(i)
    return out


def split_chain(factors):
    """A chain as (left, scalar segments, right): x bᵀc yᵀ → ([x], [[bᵀ, c]], [yᵀ]).

    The segments between two consecutive unit positions are 1×1; `left` (ending in a
    column) and `right` (starting with a row) hold the rest. A 1×1 chain is all segments.
    """
    ones = unit_positions(factors)
    if len(ones) < 2:
        return tuple(factors), (), ()
    segs = tuple(tuple(factors[a:b]) for a, b in zip(ones, ones[1:]))
    return tuple(factors[:ones[0]]), segs, tuple(factors[ones[-1]:])


def chain_expr(chain) -> E.Expr:
    """One factor, or the product of several."""
    return chain[0] if len(chain) == 1 else E.MatMul(tuple(chain))


def factors_of(e: E.Expr) -> tuple:
    return e.factors if isinstance(e, E.MatMul) else (e,)


# ------------------------------------------------------------------------------------
# Bases and exponents (X X⁻¹ = I, X X = X², α α = α²)
# ------------------------------------------------------------------------------------


def matrix_base_exp(f: E.Expr):
    """A factor as (base, integer exponent): X² → (X, 2), X⁻¹ → (X, −1), X⁻ᵀ → (Xᵀ, −1)."""
    if isinstance(f, E.MatPow):
        return f.arg, f.k
    if isinstance(f, E.Inverse):
        b, k = matrix_base_exp(f.arg)
        return b, -k
    if isinstance(f, E.Transpose) and isinstance(f.arg, E.Inverse) and is_leaf_matrix(f.arg.arg):
        return E.Transpose(f.arg.arg), -1
    return f, 1


def matrix_power_of(base: E.Expr, k: int):
    """The factor base^k (k ≠ 0), in the form the transpose and inverse rules keep."""
    if k == 1:
        return base
    if k == -1:
        if isinstance(base, E.Transpose) and is_leaf_matrix(base.arg):
            return E.Transpose(E.Inverse(base.arg))
        return E.Inverse(base)
    if k > 0:
        return E.MatPow(base, k)
    return E.Inverse(E.MatPow(base, -k))


def scalar_base_exp(f: E.Expr):
    """A scalar factor as (base, exponent): α² → (α, 2), α → (α, 1)."""
    if isinstance(f, E.Power):
        return f.arg, f.exponent
    return f, Fraction(1)


def scalar_power_of(base: E.Expr, p: Fraction) -> E.Expr:
    return base if p == 1 else E.Power(base, Fraction(p))


# ------------------------------------------------------------------------------------
# Scalars: number × sorted factors
# ------------------------------------------------------------------------------------


def scalar_parts(e: E.Expr):
    """A canonical scalar as (number, factors): 2αβ → (2, (α, β)), aᵀx → (1, (aᵀx,))."""
    if isinstance(e, E.Num):
        return e.value, ()
    if isinstance(e, E.Scale) and isinstance(e.coeff, E.Num):
        n, fs = scalar_parts(e.arg)
        return e.coeff.value * n, fs
    if isinstance(e, E.MatMul):
        _, segs, _ = split_chain(e.factors)
        if len(segs) > 1:
            return Fraction(1), tuple(chain_expr(s) for s in segs)
    return Fraction(1), (e,)


def scalar_product(number, factors) -> E.Expr:
    """The canonical scalar number × Π factors (factors canonical, powers already merged)."""
    number = Fraction(number)
    if number == 0:
        return NUM_ZERO
    fs = sorted(factors, key=key)
    if not fs:
        return E.Num(number)
    if len(fs) == 1:
        p = fs[0]
    else:
        p = E.MatMul(tuple(g for f in fs for g in factors_of(f)))
    return p if number == 1 else E.Scale(E.Num(number), p)


def coeff_and_chain(e: E.Expr):
    """A canonical matrix term as (scalar coefficient, chain): 2AB → (2, (A, B))."""
    if isinstance(e, E.Scale):
        return e.coeff, factors_of(e.arg)
    return NUM_ONE, factors_of(e)


def term(coeff: E.Expr, chain) -> E.Expr:
    """coeff · Π chain, for a canonical coefficient and a chain of matrix factors."""
    body = chain_expr(chain)
    if is_number(coeff, 1):
        return body
    return E.Scale(coeff, body)


def times(a: E.Expr, b: E.Expr) -> E.Expr:
    """The (not yet canonical) product of two scalars."""
    if is_number(a, 1):
        return b
    if is_number(b, 1):
        return a
    return E.MatMul((a, b))



def scale_out_of_factors(e):
    """The first scalar multiple among the factors of an n-ary product (matrix or
    Hadamard) taken out of it: F(…, cA, …) → c F(…, A, …); `e` itself when there is none."""
    for i, f in enumerate(e.factors):
        if isinstance(f, E.Scale):
            rest = e.factors[:i] + (f.arg,) + e.factors[i + 1:]
            return E.Scale(f.coeff, type(e)(rest))
    return e
