"""The expansion the printed-form search starts from: a sum of monomials.

The search must not rely on the canonical form being factored (it may be fully expanded, or
factored, or anything between): it distributes everything itself and factors from there.

    expand(e, normal)   the monomials of `e`, like terms collected, or None when `e` has
                        no sum to distribute or its expansion would exceed EXPANSION_LIMIT

Distributed: matrix products, scalar multiples and Hadamard products over the sums they
contain (A(B + C) → AB + AC, α(A + B) → αA + αB, a ∘ (b − c) → a ∘ b − a ∘ c). Each product
of monomials is put in canonical form by the normaliser `normal` (so like terms compare
equal), then read as a `Monomial`: number · scalar factors · chain of matrix factors.
Anything else (functions, inverses, norms, ...) is an atom: it is never opened here.
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from itertools import product as cartesian
from typing import NamedTuple

from ..core import expr as E
from ..core.shapes import is_one
from .order import key

EXPANSION_LIMIT = 64

_DISTRIBUTIVE = (E.MatMul, E.Scale, E.Hadamard)


class Monomial(NamedTuple):
    """number · Π scalars · Π chain: (−2, (α,), (A, x)) is −2αAx; a 1×1 has an empty chain."""
    number: Fraction
    scalars: tuple
    chain: tuple


# ------------------------------------------------------------------------------------
# Reading a canonical product as a monomial
# ------------------------------------------------------------------------------------


def _unit_positions(factors) -> list:
    dims = [factors[0].shape[0]] + [f.shape[1] for f in factors]
    return [i for i, d in enumerate(dims) if is_one(d)]


def _product(factors):
    return factors[0] if len(factors) == 1 else E.MatMul(tuple(factors))


def scalar_factors(e: E.Expr):
    """A canonical 1×1 as (number, factors): 2αβ → (2, (α, β)); aᵀXb → (1, (aᵀXb,))."""
    if isinstance(e, E.Num):
        return e.value, ()
    if isinstance(e, E.Scale):
        n1, f1 = scalar_factors(e.coeff)
        n2, f2 = scalar_factors(e.arg)
        return n1 * n2, f1 + f2
    if isinstance(e, E.MatMul):
        ones = _unit_positions(e.factors)
        if len(ones) > 2:
            segs = [e.factors[a:b] for a, b in zip(ones, ones[1:])]
            return Fraction(1), tuple(_product(s) for s in segs)
    return Fraction(1), (e,)


def monomial(e: E.Expr):
    """A canonical product as a Monomial (None for zero): 2αAx → (2, (α,), (A, x))."""
    if isinstance(e, E.Zero) or (isinstance(e, E.Num) and e.value == 0):
        return None
    if e.is_scalar:
        n, fs = scalar_factors(e)
        return Monomial(n, tuple(sorted(fs, key=key)), ())
    number, scalars = Fraction(1), ()
    if isinstance(e, E.Scale):
        number, scalars = scalar_factors(e.coeff)
        e = e.arg
    factors = e.factors if isinstance(e, E.MatMul) else (e,)
    ones = _unit_positions(factors)
    if len(ones) >= 2:                      # x (bᵀc) yᵀ: the 1×1 segments are scalars
        segs = tuple(_product(factors[a:b]) for a, b in zip(ones, ones[1:]))
        factors = factors[:ones[0]] + factors[ones[-1]:]
        scalars = scalars + segs
    return Monomial(number, tuple(sorted(scalars, key=key)), tuple(factors))


# ------------------------------------------------------------------------------------
# Distribution
# ------------------------------------------------------------------------------------


def _count(e: E.Expr, memo: dict) -> int:
    """How many products `e` distributes into (1 for an atom; capped past the limit)."""
    n = memo.get(e)
    if n is None:
        if isinstance(e, E.Add):
            n = sum(_count(t, memo) for t in e.terms)
        elif isinstance(e, _DISTRIBUTIVE):
            n = 1
            for k in e.children:
                n = min(n * _count(k, memo), EXPANSION_LIMIT + 1)
        else:
            n = 1
        memo[e] = n
    return n


def _distribute(e: E.Expr) -> list:
    """The raw products of the expansion of `e` (not yet canonical)."""
    if isinstance(e, E.Add):
        return [p for t in e.terms for p in _distribute(t)]
    if isinstance(e, _DISTRIBUTIVE):
        parts = [_distribute(k) for k in e.children]
        if all(len(p) == 1 for p in parts):
            return [e]
        return [E.rebuild(e, combo) for combo in cartesian(*parts)]
    return [e]


def collect(monos) -> list:
    """Like monomials summed, zeros dropped, in order of first appearance: 2A + 3A → 5A."""
    sums: OrderedDict = OrderedDict()
    for m in monos:
        k = (m.scalars, m.chain)
        sums[k] = sums.get(k, 0) + m.number
    return [Monomial(n, s, c) for (s, c), n in sums.items() if n != 0]


def expand(e: E.Expr, normal):
    """The collected monomials of `e`, or None when there is nothing to distribute or the
    expansion would exceed EXPANSION_LIMIT products."""
    n = _count(e, {})
    if not isinstance(e, E.Add) and n == 1:
        return None
    if n > EXPANSION_LIMIT:
        return None
    monos = []
    for raw in _distribute(e):
        m = monomial(normal(raw))
        if m is not None:
            monos.append(m)
    return collect(monos)
