"""The expansion the printed-form search starts from: a sum of monomials.

The search must not rely on the canonical form being factored (it may be fully expanded, or
factored, or anything between): it distributes everything itself and factors from there.

    expand(e, normal)   the monomials of `e`, like terms collected, or None when `e` has
                        no sum to distribute or its expansion would exceed EXPANSION_LIMIT

Distributed: matrix products and scalar multiples over the sums they contain, however deep
(A(B + C) → AB + AC, α(A + B) → αA + αB), and Hadamard products over the sums among their
factors (a ∘ (b − c) → a ∘ b − a ∘ c; a factor that is a product stays whole, so the
nested layers of a network's gradient are not multiplied out). Each product
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
from .rules_common import plus

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


def _split_segments(number, scalars, chain, normal) -> Monomial:
    """A monomial whose chain may pass through dimension 1 more than once: the 1×1
    segments between (x (bᵀc) yᵀ) become scalar factors, each in canonical form."""
    ones = _unit_positions(chain) if chain else []
    if len(ones) >= 2:
        segs = [chain[a:b] for a, b in zip(ones, ones[1:])]
        chain = chain[:ones[0]] + chain[ones[-1]:]
        for seg in segs:
            n, fs = scalar_factors(normal(_product(seg)))
            number *= n
            scalars = scalars + fs
    return Monomial(number, tuple(sorted(scalars, key=key)), tuple(chain))


def _times(monos, normal) -> Monomial:
    """The matrix product of monomials (a 1×1 one is a scalar multiple)."""
    number, scalars, chain = Fraction(1), (), ()
    for m in monos:
        number *= m.number
        scalars += m.scalars
        chain += m.chain
    return _split_segments(number, scalars, chain, normal)


def elementwise_product(parts, like) -> E.Expr:
    """The canonical elementwise product of canonical factors, built directly: nested
    products flattened, ones dropped, equal bases merged into integer powers (σ ∘ σ → σ.^2,
    x ∘ x.^-1 → 𝟏), factors sorted (the identity last), as simplify orders them."""
    powers: dict = {}
    for f in parts:
        for g in (f.factors if isinstance(f, E.Hadamard) else (f,)):
            if isinstance(g, E.Ones):
                continue
            b, p = ((g.arg, g.exponent) if isinstance(g, E.Power) and g.exponent.denominator == 1
                    else (g, Fraction(1)))
            powers[b] = plus(powers.get(b), p)
    fs = [b if p == 1 else E.Power(b, Fraction(p)) for b, p in powers.items() if p != 0]
    fs.sort(key=lambda f: ("1" if isinstance(f, E.Identity) else "0", key(f)))
    if not fs:
        return E.Ones(*like.shape)
    return fs[0] if len(fs) == 1 else E.Hadamard(tuple(fs))


def _elementwise(monos, normal, like) -> Monomial:
    """The Hadamard product of monomials: numbers and scalars out, the chains multiplied
    elementwise (each chain is one factor: a product AB inside a Hadamard product stays a
    product)."""
    number, scalars, parts = Fraction(1), (), []
    for m in monos:
        number *= m.number
        scalars += m.scalars
        if m.chain:
            parts.append(_product(m.chain))
    body = elementwise_product(parts, like)
    return Monomial(number, tuple(sorted(scalars, key=key)), (body,))


def _monomials(e: E.Expr, normal, memo: dict) -> list:
    """The monomials of the expansion of `e` (a canonical expression); atoms as they are."""
    out = memo.get(e)
    if out is None:
        out = memo[e] = _expand_node(e, normal, memo)
    return out


def _atom(e: E.Expr) -> list:
    m = monomial(e)
    return [] if m is None else [m]


def _expand_node(e: E.Expr, normal, memo: dict) -> list:
    if isinstance(e, E.Add):
        return [m for t in e.terms for m in _monomials(t, normal, memo)]
    if isinstance(e, (E.MatMul, E.Scale)):
        parts = [_monomials(k, normal, memo) for k in e.children]
        if all(len(p) == 1 for p in parts):
            m = monomial(e)
            return [] if m is None else [m]
        return [_times(combo, normal) for combo in cartesian(*parts)]
    if isinstance(e, E.Hadamard):            # over the sums among its factors only
        parts = [_monomials(k, normal, memo) if isinstance(k, E.Add) else _atom(k)
                 for k in e.factors]
        if all(len(p) == 1 for p in parts):
            m = monomial(e)
            return [] if m is None else [m]
        out = (_elementwise(combo, normal, e) for combo in cartesian(*parts))
        return [m for m in out if m is not None]
    m = monomial(e)
    return [] if m is None else [m]


def collect(monos) -> list:
    """Like monomials summed, zeros dropped, in order of first appearance: 2A + 3A → 5A."""
    sums: OrderedDict = OrderedDict()
    for m in monos:
        k = (m.scalars, m.chain)
        sums[k] = plus(sums.get(k), m.number)
    return [Monomial(n, s, c) for (s, c), n in sums.items() if n != 0]


def expand(e: E.Expr, normal, memo: dict | None = None, only_if_collecting: bool = False):
    """The collected monomials of `e`, or None when there is nothing to distribute or the
    expansion would exceed EXPANSION_LIMIT products. `memo` keeps the monomials of every
    node expanded on the way (pass one dict for a whole search: nested sums are expanded
    once) and, under the key None, the counts. With `only_if_collecting`, None also when
    no two monomials are alike (nothing cancels or merges)."""
    memo = {} if memo is None else memo
    counts = memo.setdefault(None, {})
    n = _count(e, counts)
    if not isinstance(e, E.Add) and n == 1:
        return None
    if n > EXPANSION_LIMIT:
        return None
    monos = _monomials(e, normal, memo)
    collected = collect(monos)
    if only_if_collecting and len(collected) == len(monos):
        return None
    return collected
