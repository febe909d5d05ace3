"""Sums: flat, without zeros, like terms collected, terms in the order of `order.term_key`.

A canonical sum is *expanded*: the products, multiples and Hadamard products around it have
been distributed over it (rules_linear.py), so its terms are monomials, each a number
times a term without a number. Terms equal but for that number are collected into one:

    2A + 3A → 5A,   A − A → 0,   2αaᵀx − αaᵀx → αaᵀx     (αA + βA stays: it is expanded)

and the terms are sorted by `order.term_key` (higher degree first, then the canonical key).
Nothing here factors: the printed form (simplify/printed.py) does that for display.
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction

from ..core import expr as E
from .order import term_key
from .rules_common import NUM_ONE, is_number, plus, zero_of


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


@E.kept_on_node
def number_and_rest(t: E.Expr):
    """A canonical term as (its number, what it multiplies): 2αA → (2, (α, A)),
    −aᵀx → (−1, aᵀx), 3 → (3, 1), A → (1, A). Terms with equal second parts are like terms
    (kept on the node: sums are sorted and collected often)."""
    if isinstance(t, E.Num):
        return t.value, NUM_ONE
    if isinstance(t, E.Scale) and isinstance(t.coeff, E.Num):
        return t.coeff.value, t.arg
    if (isinstance(t, E.Scale) and isinstance(t.coeff, E.Scale)
            and isinstance(t.coeff.coeff, E.Num)):
        return t.coeff.coeff.value, (t.coeff.arg, t.arg)
    return Fraction(1), t


def with_number(number: Fraction, rest) -> E.Expr:
    """number · rest, for a `rest` from number_and_rest (normalised again by the caller)."""
    if isinstance(rest, tuple):
        rest = E.Scale(*rest)
    if is_number(rest, 1):
        return E.Num(number)
    return rest if number == 1 else E.Scale(E.Num(number), rest)


def collect_like_terms(e):
    """2A + 3A → 5A, A − A → 0, 2αA + αA → 3αA (terms equal but for their number)"""
    sums: OrderedDict = OrderedDict()
    for t in e.terms:
        n, rest = number_and_rest(t)
        sums[rest] = plus(sums.get(rest), n)
    if len(sums) == len(e.terms):
        return e
    terms = tuple(with_number(n, rest) for rest, n in sums.items() if n != 0)
    if not terms:
        return zero_of(e.shape)
    return terms[0] if len(terms) == 1 else E.Add(terms)


_term_key = E.kept_on_node(term_key)       # order.term_key, kept on the node


def sum_in_order(e):
    """B + A → A + B, b + Ax → Ax + b (terms sorted by order.term_key)"""
    keys = [_term_key(t) for t in e.terms]
    if all(a <= b for a, b in zip(keys, keys[1:])):
        return e
    return E.Add(tuple(t for _, t in sorted(zip(keys, e.terms), key=lambda p: p[0])))


SUM_RULES = (flatten_sum, drop_zero_terms, collect_like_terms, sum_in_order)
