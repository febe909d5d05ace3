"""The printed form: a search for the shortest expression equal to the canonical one.

    present(e, normal, identities=True)   the printed form of a canonical `e`

The canonical form decides equality; this form is for reading, and it is never fed back into
`simplify`. First the functions' identities are applied in the direction that shortens
(function_identities.py: exp(z) ./ (𝟏 + exp(z)) → σ(z), x ∘ x.^-1 → 𝟏, 𝟏ᵀdiag(v) → vᵀ, …,
each kept only when it prints narrower). Then, bottom-up, each node gets the cheapest (cost.py: printed
width, then node count, then the canonical order) of these candidates:

1. the node over its children's printed forms;
2. for a sum, or a product with a sum inside: its expansion (expansion.py: everything
   distributed, like terms collected — never the canonical form's own factoring, whatever
   it is) factored greedily by the saving (factoring.py): common numbers and scalars,
   common left and right factors, rank-one outer products, linear operators;
3. for a square matrix sum, the transpose of its transposed sum ((XB + BX)ᵀ rather than
   BᵀXᵀ + XᵀBᵀ), when shorter.

Then the textbook conventions (presentation.py): a row sum as a transposed column sum, a
matrix polynomial ascending in degree, a positive term first.

Contracts: the value never changes (every candidate is equal to the node); with
`identities=False` (no function identities) `simplify(present(e)) == simplify(e)` exactly,
since steps 2–3 and the conventions only regroup what the canonical form collects anyway;
the result is deterministic (the cost is a total order); the work is bounded (each node is
searched once, expansions stop at EXPANSION_LIMIT monomials, the greedy factoring at most
one pass per group it forms).
"""
from __future__ import annotations

from ..core import expr as E
from ..core.shapes import is_one
from .cost import rank
from .expansion import expand
from .factoring import factor
from .function_identities import shorten
from .presentation import conventions
from .rules_common import zero_of


class Search:
    """One printed-form search: its memo of printed forms, keyed by canonical node."""

    def __init__(self, normal):
        self.normal = normal
        self.memo: dict = {}
        self.active: set = set()

    def best(self, x: E.Expr) -> E.Expr:
        """The cheapest printed form of the canonical `x`."""
        out = self.memo.get(x)
        if out is not None:
            return out
        if x in self.active:            # a rewrite led back to a node being searched
            return x
        self.active.add(x)
        try:
            out = min(self.candidates(x), key=rank)
        finally:
            self.active.discard(x)
        self.memo[x] = out
        return out

    def candidates(self, x: E.Expr) -> list:
        kids = E.map_children(self.best, x)
        out = [kids]
        if isinstance(x, (E.Add, E.MatMul, E.Scale, E.Hadamard)):
            monos = expand(x, self.normal)
            if monos is not None:
                out.append(factor(monos, self.best, self.normal) if monos
                           else zero_of(x.shape))
        if isinstance(x, E.Add) and x.shape[0] == x.shape[1] and not is_one(x.shape[0]):
            t = self.normal(E.Transpose(x))
            if t not in self.active:
                out.append(E.Transpose(self.best(t)))
        return out


def present(e: E.Expr, normal, identities: bool = True) -> E.Expr:
    """The printed form of the canonical `e` (`normal` is the canonical normaliser)."""
    if identities:
        e = shorten(e, normal)
    search = Search(normal)
    return conventions(search.best(e), lambda x: search.best(normal(x)))
