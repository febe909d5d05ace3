"""Rules generated from the operator spec (core/operators.py), never written per operator.

A *linear* operator (spec(t).linear: trace, transpose, diag, diag-part, vec, unvec, sum of
entries) gets three rules, whatever it is:

    op(A + B) → op(A) + op(B)        op(cA) → c op(A)        op(0) → 0

so that simplify(op(A) + op(B)) == simplify(op(A + B)) for every one of them.

A *multilinear* node (spec(t).multilinear: matrix product, scalar multiple, Hadamard
product, Kronecker product) gets one rule, distribution over the sums among its arguments:

    A(B + C)D → ABD + ACD,   (α + β)A → αA + βA,   (A + B) ∘ C → A ∘ C + B ∘ C

unless the expansion would have more than EXPANSION_LIMIT terms, or would copy a part (an
argument, or a term of a sum argument) of more than COPY_LIMIT nodes into several terms
(the derivative of a deep network would otherwise double at each layer: (1 − t²) ∘ X →
X − t² ∘ X copies X). Such a node stays a product of canonical factors, so nothing blows up:
what one distribution copies is at most EXPANSION_LIMIT copies of parts of at most
COPY_LIMIT nodes.
"""
from __future__ import annotations

from itertools import product as cartesian

from ..core import expr as E
from ..core.operators import OPERATORS, spec
from .rules_common import is_number, zero_of

EXPANSION_LIMIT = 64
COPY_LIMIT = 24


# ------------------------------------------------------------------------------------
# Linear operators
# ------------------------------------------------------------------------------------


def _named(fn, name: str, doc: str):
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def linear_rules(node_type: type) -> tuple:
    """The rules of a linear unary operator `node_type`, named after it."""
    op = node_type.__name__.lower()

    def of_sum(e):
        if isinstance(e.arg, E.Add):
            return E.Add(tuple(E.rebuild(e, (t,)) for t in e.arg.terms))
        return e

    def of_multiple(e):
        if isinstance(e.arg, E.Scale):
            return E.Scale(e.arg.coeff, E.rebuild(e, (e.arg.arg,)))
        return e

    def of_zero(e):
        if isinstance(e.arg, E.Zero) or is_number(e.arg, 0):
            return zero_of(e.shape)
        return e

    return (
        _named(of_zero, f"{op}_of_zero", f"{op}(0) → 0 ({op} is linear)"),
        _named(of_sum, f"{op}_of_sum", f"{op}(A + B) → {op}(A) + {op}(B) ({op} is linear)"),
        _named(of_multiple, f"{op}_of_multiple", f"{op}(cA) → c {op}(A) ({op} is linear)"),
    )


def linear_operators() -> tuple:
    """The node types declared linear in one argument (the sum itself is not one)."""
    return tuple(t for t, s in OPERATORS.items() if s.linear and t is not E.Add)


# ------------------------------------------------------------------------------------
# Multilinear nodes
# ------------------------------------------------------------------------------------


@E.kept_on_node
def tree_size(e: E.Expr) -> int:
    """The number of nodes of `e` as a tree (shared subtrees counted each time; kept on the
    node, like order.key)."""
    return 1 + sum(tree_size(k) for k in e.children)


def distribute_over_sums(e):
    """A(B + C)D → ABD + ACD, (α + β)A → αA + βA, (A + B) ∘ C → A ∘ C + B ∘ C, (A + B) ⊗ C → A ⊗ C + B ⊗ C (at most EXPANSION_LIMIT terms, copying no part larger than COPY_LIMIT)"""
    if not any(isinstance(k, E.Add) for k in e.children):
        return e
    parts = [k.terms if isinstance(k, E.Add) else (k,) for k in e.children]
    terms = 1
    for p in parts:
        terms *= len(p)
    if terms > EXPANSION_LIMIT or any(tree_size(t) > COPY_LIMIT
                                      for p in parts if terms > len(p) for t in p):
        return e                                # (a part of p is in terms / len(p) terms)
    return E.Add(tuple(E.rebuild(e, combo) for combo in cartesian(*parts)))


def multilinear_rules(node_type: type) -> tuple:
    """The rules every multilinear node gets from its declaration."""
    assert spec(node_type).multilinear, node_type
    return (distribute_over_sums,)
