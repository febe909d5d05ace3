"""The printed form: a search for the shortest expression equal to the canonical one.

    present(e, normal, identities=True)
                                          the printed form of a canonical `e`

The canonical form decides equality; this form is for reading, and it is never fed back into
`simplify`. First the functions' identities are applied in the direction that shortens
(function_identities.py: exp(z) ./ (𝟏 + exp(z)) → σ(z), x ∘ x.^-1 → 𝟏, 𝟏ᵀdiag(v) → vᵀ, …,
each kept only when it makes the expression smaller). Then, bottom-up, each node gets the
cheapest (cost.py: node count, symbols written, printed width, then the canonical order) of
these candidates:

1. the node over its children's printed forms;
2. for a sum or a negative multiple with a sum inside, or a matrix or elementwise
   product (another multiple) with a sum inside whose expansion collects (terms cancel or
   merge): its expansion (expansion.py: everything distributed, like terms collected —
   never the canonical form's own factoring, whatever it is) factored greedily by the
   saving (factoring.py): common numbers and scalars, common left and right factors,
   rank-one sums of products (of matrices, and of 1×1 factors: x(a − 2b)(e + 1)),
   squares of 1×1 sums, linear operators (a product whose
   expansion collects nothing is left to its factors' own candidates: regrouping it cannot
   beat them by much, and skipping it keeps the search linear in the depth of nested sums);
   and, with the functions' identities, the same for the expansion with its elementwise
   quotients by sums reduced (quotients.py: σ ∘ (𝟏 − σ).^-1 = (𝟏 − σ).^-1 − 𝟏, so that
   the terms an expansion separated cancel again: Xᵀ(σ(Xw) − y));
3. for a square matrix sum, the transpose of its transposed sum ((XB + BX)ᵀ rather than
   BᵀXᵀ + XᵀBᵀ), when shorter, its coefficient in front (−(X⁻¹(BA + DC)X⁻¹)ᵀ): read off the
   cheapest candidate so far with the transpose pushed through it (transposed.pushed), not
   searched again;
4. for a product whose factors are mostly transposed, the transpose of its transposed
   product (transposed.py: (X⁻¹BAX⁻¹)ᵀ for X⁻ᵀAᵀBᵀX⁻ᵀ, (A dX B)ᵀ for BᵀdXᵀAᵀ), when that
   writes at least two fewer transpose marks (AᵀBᵀ stays, as the Cookbook writes it); a
   product without sums is searched for this alone.

The search starts from the canonical form alone, never from the grouping an expression was
built or derived in, so equal expressions print alike. The factoring finds a network's
nested δ's back from the canonical expansion, (W₂ᵀ((h₂ − y) ∘ (𝟏 − h₂²))) ∘ (𝟏 − h₁²): common
and binomial elementwise factors (factoring.py), level by level; a deeper network's
canonical form keeps the nesting itself (rules_linear.COPY_LIMIT).

Then the textbook conventions (presentation.py): a row sum as a transposed column sum, a
matrix polynomial ascending in degree, a positive term first.

Contracts: the value never changes (every candidate is equal to the node); with
`identities=False` (no function identities) `simplify(present(e)) == simplify(e)` exactly,
since steps 2–3 and the conventions only regroup what the canonical form collects anyway
(a linear operator gathered back, diag(a) − diag(b) → diag(a − b), is equal there once the
canonical form distributes every linear operator, as issue 9 part 2 makes it do; today it
does so for tr, sum and vec, not yet for diag);
the result is deterministic (the cost is a total order); the work is bounded (each node is
searched once, an expansion stops at EXPANSION_LIMIT monomials, a whole search at
EXPANSION_BUDGET, the greedy factoring makes at most one pass per group it forms).
"""
from __future__ import annotations

import functools

from ..core import build as B
from ..core import expr as E
from ..core.deadline import check_time
from ..core.shapes import is_one
from .cost import cheapest
from .expansion import expand
from .factoring import factor
from .function_identities import shorten
from .presentation import conventions, has_sum
from .quotients import reduce_quotients
from .transposed import flipped, has_flippable, pushed, transpose_outside


#: how many monomials one search may factor in all: past it, nodes keep their children's
#: printed forms (the search runs bottom-up, so a very large result is shortened in its
#: parts). It bounds the work on results hundreds of nodes large; results of the size of
#: the Cookbook's use a few dozen.
EXPANSION_BUDGET = 256

class Search:
    """One printed-form search: its memo of printed forms, keyed by canonical node."""

    def __init__(self, normal, identities: bool = True, expansions: dict | None = None):
        self.budget = EXPANSION_BUDGET
        self.normal = normal
        self.identities = identities
        self.memo: dict = {}
        self.expansions: dict = {} if expansions is None else expansions
        self.terms: dict = {}           # monomial → printed term (factoring.term_expr)
        self.active: set = set()

    def __call__(self, x: E.Expr) -> E.Expr:
        return self.best(x)

    def best(self, x: E.Expr) -> E.Expr:
        """The cheapest printed form of the canonical `x`."""
        out = self.memo.get(x)
        if out is not None:
            return out
        if not (has_sum(x) or has_flippable(x)):    # nothing to regroup: the canonical form
            return x
        if x in self.active:            # a rewrite led back to a node being searched
            return x
        check_time("printed-form search")
        self.active.add(x)
        try:
            out = cheapest(self.candidates(x))
        finally:
            self.active.discard(x)
        self.memo[x] = out
        return out

    def candidates(self, x: E.Expr) -> list:
        kids = tidy(E.map_children(self.best, x))
        out = [kids]
        if isinstance(x, (E.Add, E.MatMul, E.Scale, E.Hadamard)) and self.budget > 0 \
                and has_sum(x):                 # (a product searched for its transposes only)
            monos = expand(x, self.normal, self.expansions,
                           only_if_collecting=_regroups_only(x))
            if monos is not None:
                self.budget -= len(monos)
                flat = isinstance(x, E.Add) and not any(has_sum(t) for t in x.terms)
                found = (factor(monos, self, self.normal, only_if_shorter=flat) if monos
                         else self.normal(E.Zero(*x.shape)))
                if found is not None:           # a flat sum nothing regroups is (1) again
                    out.append(found)
                reduced = reduce_quotients(monos, self.normal) if self.identities else None
                if reduced is not None:
                    self.budget -= len(reduced)
                    out.append(factor(reduced, self, self.normal) if reduced
                               else self.normal(E.Zero(*x.shape)))
        if isinstance(x, E.Add) and x.shape[0] == x.shape[1] and not is_one(x.shape[0]):
            out.append(transpose_outside(pushed(cheapest(out))))
        flip = flipped(x, self.best, self.normal)
        if flip is not None:
            out.append(flip)
        return out


def _regroups_only(x: E.Expr) -> bool:
    """Is expanding `x` worth it only when its terms then collect? True of matrix products;
    of elementwise products (the canonical form distributes every one it can: one it left
    over a sum is a nest it would copy past COPY_LIMIT, such as a deep network's δ, which
    expanding only spells out again); and of multiples, except by a negative number: a sign
    in front of a sum is always worth trying to distribute: −(y − a)xᵀ → (a − y)xᵀ."""
    if isinstance(x, (E.MatMul, E.Hadamard)):
        return True
    return isinstance(x, E.Scale) and not (isinstance(x.coeff, E.Num) and x.coeff.value < 0)


def tidy(e: E.Expr) -> E.Expr:
    """One node rebuilt by the builders, so that printed children fit in: a product keeps
    its scalar factors in front (S⁻ᵀ(−uuᵀ)S⁻ᵀ → −S⁻ᵀuuᵀS⁻ᵀ), products and sums stay flat."""
    if isinstance(e, E.MatMul):
        return B.matmul_all(e.factors)
    if isinstance(e, E.Hadamard):
        return functools.reduce(B.hadamard, e.factors)
    if isinstance(e, E.Scale):
        return B.scale(e.coeff, e.arg)
    if isinstance(e, E.Add):
        return B.add(*e.terms)
    if isinstance(e, E.Transpose):
        return B.transpose(e.arg)
    return e


def present(e: E.Expr, normal, identities: bool = True) -> E.Expr:
    """The printed form of the canonical `e` (`normal` is the canonical normaliser).

    A normaliser with `.caches` (simplify.normaliser: one per request) keeps the work of
    every call of the request: the functions' identities on each canonical node and one
    Search, whose memo of printed forms outlives the call. The gradients of a network's
    weights all contain the deeper δ's: each δ is searched once for the request, not once
    per weight, so the request's work grows with its distinct nodes. Each call gets the
    whole EXPANSION_BUDGET for the nodes new to it (the nodes found in the memo cost
    nothing, as they cost nothing a second time within one search). So when no search
    reaches its budget, every result is what a call with a fresh Search gives; where a
    one-by-one search of a large result would stop at the budget, the request's may search
    further and print another form.
    """
    caches = getattr(normal, "caches", None)    # the request's, when the normaliser has them
    if caches is None:
        search, memos, done = Search(normal, identities), None, None
    else:
        done = caches["conventions"].setdefault(identities, {})
        search = caches["searches"].get(identities)
        if search is None:
            search = caches["searches"][identities] = Search(normal, identities,
                                                             caches["expansions"])
        search.budget = EXPANSION_BUDGET
        memos = caches["shortened"]
    found = search.best(shorten(e, normal, memos) if identities else e)
    return conventions(found, lambda x: search.best(normal(x)), done)
