"""Sums: expand, collect like terms, factor common left and right factors back.

The canonical form of a sum (or of a product or multiple with a sum inside) is computed from
its *expansion*, never from the way it happened to be written: distribute products and
scalar multiples over the sums they contain, collect the monomials with equal matrix
chains (2A + 3A → 5A, A − A → 0, αA + βA → (α + β)A), then factor back, deterministically:

1. a coefficient common to every term stays outside:      2Ax + 2Bx → 2(A + B)x
2. factors common to every chain, on the left and right:  Bx + Bᵀx → (B + Bᵀ)x,
                                                          Xbcᵀ + Xcbᵀ → X(bcᵀ + cbᵀ)
3. otherwise the largest group of terms sharing an end factor (right before left, then by
   the factor's key) is factored alone, and the whole is tried again:
                                                          Ax + Bx + Cy → (A + B)x + Cy
A factor is only taken out when every term keeps something of its chain (A + AB stays).
A scalar term's chain is its one 1×1 chain factor (aᵀXb in 2α aᵀXb), so scalar sums factor
the same way: hᵀJ dx − yᵀJ dx → (hᵀ − yᵀ)J dx.
Expressions whose expansion would exceed EXPANSION_LIMIT monomials are left factored.
"""
from __future__ import annotations

import math
from collections import Counter, OrderedDict
from fractions import Fraction
from itertools import product as cartesian

from ..core import expr as E
from .order import key, term_key
from .rules_common import (NUM_ONE, chain_expr, coeff_and_chain, is_number, scalar_parts,
                           scalar_product, term, zero_of)

EXPANSION_LIMIT = 64


# ------------------------------------------------------------------------------------
# Local rules
# ------------------------------------------------------------------------------------


def flatten_sum(e):
    """A + (B + C) → A + B + C"""
    if any(isinstance(t, E.Add) for t in e.terms):
        return E.Add(tuple(u for t in e.terms for u in (t.terms if isinstance(t, E.Add) else (t,))))
    return e


def drop_zero_terms(e):
    """A + 0 → A"""
    keep = tuple(t for t in e.terms if not (isinstance(t, E.Zero) or is_number(t, 0)))
    if len(keep) == len(e.terms):
        return e
    if not keep:
        return zero_of(e.shape)
    return keep[0] if len(keep) == 1 else E.Add(keep)


SUM_RULES = (flatten_sum, drop_zero_terms)


# ------------------------------------------------------------------------------------
# Expansion into monomials: (number, scalar factors, matrix chain)
# ------------------------------------------------------------------------------------


def _cache(normal, name: str) -> dict:
    """A per-simplification cache kept on the normaliser (see simplify.__init__)."""
    caches = getattr(normal, "caches", None)
    if caches is None:
        return {}
    return caches.setdefault(name, {})


def monomial_count(e, cache: dict) -> int:
    """How many monomials `e` expands into (1 for anything treated as a whole)."""
    n = cache.get(e)
    if n is not None:
        return n
    if isinstance(e, E.Add):
        n = sum(monomial_count(t, cache) for t in e.terms)
    elif isinstance(e, (E.MatMul, E.Scale)):
        n = 1
        for k in e.children:
            n *= monomial_count(k, cache)
        if n > EXPANSION_LIMIT:
            n = 1
    else:
        n = 1
    cache[e] = n
    return n


def expandable(e, normal) -> bool:
    """Does `e` have a sum to distribute (or is it a sum)?"""
    if isinstance(e, E.Add):
        return True
    cache = _cache(normal, "count")
    return isinstance(e, (E.MatMul, E.Scale)) and monomial_count(e, cache) > 1


def decompose(e):
    """A canonical expression as a monomial (number, scalar factors, chain), or None for 0."""
    if isinstance(e, E.Zero) or is_number(e, 0):
        return None
    if e.is_scalar:
        n, fs = scalar_parts(e)
        return n, fs, ()
    c, chain = coeff_and_chain(e)
    n, fs = scalar_parts(c)
    return n, fs, chain


def monomials(e, normal) -> tuple:
    """The monomials of the expansion of a canonical `e`, each in canonical form."""
    cache = _cache(normal, "monomials")
    out = cache.get(e)
    if out is not None:
        return out
    if isinstance(e, E.Add):
        out = tuple(m for t in e.terms for m in monomials(t, normal))
    elif isinstance(e, (E.MatMul, E.Scale)) and expandable(e, normal):
        parts = [monomials(k, normal) for k in e.children]
        out = tuple(m for combo in cartesian(*parts)
                    for m in _monomial_product(combo, normal))
    else:
        m = decompose(e)
        out = () if m is None else (m,)
    cache[e] = out
    return out


def _monomial_product(combo, normal):
    """The canonical form of a product of monomials (one or none)."""
    number = Fraction(1)
    scalars, chain = [], []
    for n, fs, ch in combo:
        number *= n
        scalars.extend(fs)
        chain.extend(ch)
    if number == 0:
        return ()
    coeff = scalar_product(number, scalars)
    raw = coeff if not chain else (chain_expr(chain) if is_number(coeff, 1)
                                   else E.Scale(coeff, chain_expr(chain)))
    m = decompose(normal(raw))
    return () if m is None else (m,)


def collect(monos) -> "OrderedDict":
    """Like terms together: {(scalar factors, chain): summed number}, zeros dropped."""
    sums: OrderedDict = OrderedDict()
    for n, fs, ch in monos:
        k = (fs, ch)
        sums[k] = sums.get(k, 0) + n
    return OrderedDict((k, v) for k, v in sums.items() if v != 0)


def expand(e, normal) -> list:
    """`e` (a matrix) as a list of (coefficient, chain) with distinct chains."""
    by_chain: OrderedDict = OrderedDict()
    for (fs, ch), n in collect(monomials(e, normal)).items():
        by_chain.setdefault(ch, []).append(scalar_product(n, fs))
    out = []
    for ch, coeffs in by_chain.items():
        c = coeffs[0] if len(coeffs) == 1 else normal(E.Add(tuple(coeffs)))
        if not is_number(c, 0):
            out.append((c, ch))
    return out


# ------------------------------------------------------------------------------------
# Factoring
# ------------------------------------------------------------------------------------


def common_number(numbers) -> Fraction:
    """The number a sum's coefficients share: their one value if they are all equal
    (−a − b → −(a + b)), else their common magnitude (2a − 2b → 2(a − b)), else the
    greatest common divisor of integer coefficients (2a − 4b → 2(a − 2b)), else 1; negated
    when every coefficient is negative (−2a − b → −(2a + b))."""
    numbers = set(numbers)
    if len(numbers) == 1:
        return numbers.pop()
    if all(n < 0 for n in numbers):             # −2xC − B → −(2xC + B)
        return -common_number(-n for n in numbers)
    sizes = {abs(n) for n in numbers}
    if len(sizes) == 1:
        return sizes.pop()
    if all(n.denominator == 1 for n in numbers):
        return Fraction(math.gcd(*(int(n) for n in numbers)))
    return Fraction(1)


def _common_factors(parts):
    """The number and the scalar factors every coefficient shares."""
    common_n = common_number(n for n, _ in parts)
    common = Counter(parts[0][1])
    for _, fs in parts[1:]:
        common &= Counter(fs)
    return common_n, common


def _without(fs, common: Counter):
    left = Counter(common)
    out = []
    for f in fs:
        if left[f]:
            left[f] -= 1
        else:
            out.append(f)
    return out


def _common_ends(chains):
    """How many leading and trailing factors all chains share (each keeps one at least)."""
    room = min(len(c) for c in chains) - 1
    p = 0
    while p < room and all(c[p] == chains[0][p] for c in chains):
        p += 1
    s = 0
    while s < room - p and all(c[-1 - s] == chains[0][-1 - s] for c in chains):
        s += 1
    return p, s


def _best_group(terms):
    """The largest set (≥ 2) of terms whose chains end (or start) with one factor."""
    best, best_rank = None, None
    for side in (-1, 0):
        groups: OrderedDict = OrderedDict()
        for i, (_, ch) in enumerate(terms):
            if len(ch) >= 2:
                groups.setdefault(ch[side], []).append(i)
        for f, members in groups.items():
            if len(members) < 2:
                continue
            rank = (-len(members), 0 if side == -1 else 1, key(f))
            if best_rank is None or rank < best_rank:
                best, best_rank = members, rank
    return best


def _is_chain(f) -> bool:
    """An irreducible 1×1 chain like aᵀXb (a product that does not split into scalars)."""
    return isinstance(f, E.MatMul) and f.is_scalar and len(scalar_parts(f)[1]) == 1


def scalar_term(e):
    """A canonical scalar as (coefficient, chain): its one 1×1 chain factor, if it has
    exactly one, is the chain (2α aᵀXb → (2α, (aᵀ, X, b))); otherwise the chain is empty."""
    n, fs = scalar_parts(e)
    chains = [f for f in fs if _is_chain(f)]
    if len(chains) != 1:
        return e, ()
    rest = list(fs)
    rest.remove(chains[0])
    return scalar_product(n, rest), chains[0].factors


def make_term(coeff, chain, scalar: bool):
    """coefficient · chain, canonical (for a scalar, a sorted product of scalars)."""
    if not scalar:
        return term(coeff, chain)
    if not chain:
        return coeff
    n, fs = scalar_parts(coeff)
    return scalar_product(n, list(fs) + [chain_expr(chain)])


def _as_term(e, scalar: bool):
    if scalar:
        return scalar_term(e)
    if isinstance(e, E.Add):
        return NUM_ONE, (e,)
    return coeff_and_chain(e)


def _times_coefficient(coeff, inner, scalar: bool):
    """coeff · inner, where the factors of coeff were taken out of every term of inner."""
    c, chain = _as_term(inner, scalar)
    n1, f1 = scalar_parts(coeff)
    n2, f2 = scalar_parts(c)
    return make_term(scalar_product(n1 * n2, list(f1) + list(f2)), chain, scalar)


def merge_chains(terms, normal):
    """Scalar terms with one chain summed: αaᵀx + βaᵀx → (α + β)aᵀx (chains then distinct)."""
    coeffs: OrderedDict = OrderedDict()
    out = []
    for c, ch in terms:
        if ch:
            coeffs.setdefault(ch, []).append(c)
        else:
            out.append((c, ch))
    for ch, cs in coeffs.items():
        c = cs[0] if len(cs) == 1 else normal(E.Add(tuple(cs)))
        if not is_number(c, 0):
            out.append((c, ch))
    return out


def factor(terms, normal, scalar: bool = False, top: bool = True):
    """A canonical sum of (coefficient, chain) terms with distinct chains, factored.

    Every part built on the way (an inner sum, a product around one) is normalised before it
    is used (`top=False`), so the result's children are already in normal form and the
    normaliser, revisiting the result, gets it back unchanged: otherwise a part such as
    (KAE + 2K)A, built after a common right factor A was taken out, would normalise to
    K(AEA + 2A), and collect_and_factor at the parent would rebuild the first form again."""
    out = _factor(terms, normal, scalar)
    return out if top else normal(out)


def _factor(terms, normal, scalar: bool):
    terms = sorted(terms, key=lambda t: term_key(make_term(*t, scalar)))
    if len(terms) == 1:
        return make_term(*terms[0], scalar)
    parts = [scalar_parts(c) for c, _ in terms]
    common_n, common = _common_factors(parts)
    if common_n != 1 or common:
        rest = [(scalar_product(n / common_n, _without(fs, common)), ch)
                for (n, fs), (_, ch) in zip(parts, terms)]
        if scalar:                      # (aᵀx)(bᵀy): once aᵀx is out, bᵀy is the chain
            rest = merge_chains([scalar_term(make_term(c, ch, True)) for c, ch in rest], normal)
        coeff = scalar_product(common_n, list(common.elements()))
        return _times_coefficient(coeff, factor(rest, normal, scalar, top=False), scalar)
    chains = [ch for _, ch in terms]
    p, s = _common_ends(chains)
    if p or s:
        first = chains[0]
        inner = factor([(c, ch[p:len(ch) - s]) for c, ch in terms], normal, top=False)
        c, body = _as_term(inner, False)
        return make_term(c, first[:p] + tuple(body) + first[len(first) - s:], scalar)
    group = _best_group(terms)
    if group is None:
        return E.Add(tuple(make_term(c, ch, scalar) for c, ch in terms))
    grouped = factor([terms[i] for i in group], normal, scalar, top=False)
    others = [t for i, t in enumerate(terms) if i not in group]
    return _factor(others + [_as_term(grouped, scalar)], normal, scalar)


# ------------------------------------------------------------------------------------
# The rule
# ------------------------------------------------------------------------------------


def collect_and_factor(e, normal):
    """distribute, collect like terms, factor back: BX + BX → 2BX, A − A → 0, Bx + Bᵀx → (B + Bᵀ)x, Aᵀ(Ax − b) stays"""
    if not expandable(e, normal):
        return e
    if e.is_scalar:
        sums = collect(monomials(e, normal))
        if not sums:
            return zero_of(e.shape)
        terms = [scalar_term(scalar_product(n, fs)) for (fs, _), n in sums.items()]
        terms = merge_chains(terms, normal)
        if not terms:
            return zero_of(e.shape)
        return factor(terms, normal, scalar=True)
    terms = expand(e, normal)
    if not terms:
        return zero_of(e.shape)
    return factor(terms, normal)

