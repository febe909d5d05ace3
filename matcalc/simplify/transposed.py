"""A product printed as the transpose of the transposed product, when that reads shorter.

    flippable(e)       is `e` a matrix product, not 1×1, with more than MIN_MARKS_SAVED
                       transposed factors: X⁻ᵀAᵀBᵀX⁻ᵀ
    has_flippable(e)   is there one anywhere in `e` (kept on the node)
    flipped(p, best, normal)
                       (best(pᵀ))ᵀ, the transposed product's printed form inside:
                       (X⁻¹BAX⁻¹)ᵀ (a multiple of it, −X⁻ᵀAᵀBᵀX⁻ᵀ, then prints
                       −(X⁻¹BAX⁻¹)ᵀ as its child does); None unless it writes at least
                       MIN_MARKS_SAVED fewer transpose marks than `p`
    transposed_product(p, normal)
                       the canonical pᵀ of a canonical product, factor by factor
    transpose_outside(e)
                       eᵀ with e's scalar coefficient in front: −(X⁻¹(BA + DC)X⁻¹)ᵀ
    pushed(e)          eᵀ with the transpose pushed through a printed form to its leaves:
                       BᵀXᵀ + XᵀBᵀ → XB + BX (the printed form of a sum's transpose,
                       read off the sum's own, for (XB + BX)ᵀ)
    pushed_to_variables(e)
                       pushed(e) when that is already the printed form of eᵀ (no sum, no
                       flippable product, every mark on a variable: tanh(W₁x)ᵀW₂ᵀ →
                       W₂ tanh(W₁x)), else None

The canonical form pushes every transpose to the leaves ((AB)ᵀ → BᵀAᵀ). The candidate is
equal to the product by (AB)ᵀ = BᵀAᵀ, so it only regroups, and the search keeps it only when
it is cheaper (cost.py: fewer nodes first). The node count alone would flip every product of
two transposes, AᵀBᵀ → (BA)ᵀ (5 nodes, 4), where one mark outside saves one: the Cookbook
writes AᵀBᵀ (101) and DᵀCᵀ, and so do we. Where it saves two or more the books differ: MML
writes (A dX B)ᵀ (5.99), the Cookbook −(X⁻¹BAX⁻¹)ᵀ for −X⁻ᵀAᵀBᵀX⁻ᵀ (63) but AᵀXᵀBᵀ + BᵀXᵀAᵀ
(114), 15 nodes against (BXA)ᵀ + (AXB)ᵀ's 11; the cost decides. Hence the guard: a transpose goes outside a product only when that writes at least
MIN_MARKS_SAVED fewer transpose marks (ᵀ and ⁻ᵀ, the one outside counted) and fewer nodes.
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.operators import spec
from ..core.shapes import is_one
from .order import term_key
from .rules_common import is_symmetric

#: how many fewer transpose marks (the one outside counted) the flipped product must write:
#: one saved (DᵀCᵀ → (CD)ᵀ) is not worth the parentheses
MIN_MARKS_SAVED = 2


def marks(p: E.Expr) -> int:
    """The transpose marks a product's factors write: Aᵀ and X⁻ᵀ one each."""
    factors = p.factors if isinstance(p, E.MatMul) else (p,)
    return sum(1 for f in factors if isinstance(f, E.Transpose))


def flippable(e: E.Expr) -> bool:
    """A product, not 1×1, with enough transposed factors that its transpose could write
    MIN_MARKS_SAVED fewer marks."""
    return (isinstance(e, E.MatMul) and not (is_one(e.shape[0]) and is_one(e.shape[1]))
            and marks(e) > MIN_MARKS_SAVED)


@E.kept_on_node
def has_flippable(e: E.Expr) -> bool:
    """Is there a flippable product anywhere in `e`? (Kept on the node.)"""
    return flippable(e) or any(has_flippable(k) for k in e.children)


def flipped(p: E.Expr, best, normal):
    """(best(pᵀ))ᵀ for a flippable product p, when its factors write at least
    MIN_MARKS_SAVED fewer transpose marks than p's (counting the one outside); else None."""
    if not flippable(p):
        return None
    t = transposed_product(p, normal)
    if marks(p) - marks(t) - 1 < MIN_MARKS_SAVED:
        return None
    return E.Transpose(best(t))


def transposed_product(p: E.MatMul, normal) -> E.Expr:
    """The canonical form of pᵀ for a canonical product p, (AB)ᵀ = BᵀAᵀ factor by factor:
    a transposed factor loses its mark, a symmetric one stays, a leaf or a leaf's inverse
    gets one (X⁻¹ → X⁻ᵀ), anything else is normalised (what normal(pᵀ) gives, without
    normalising the whole product again)."""
    out = []
    for f in reversed(p.factors):
        if isinstance(f, E.Transpose):
            out.append(f.arg)
        elif is_symmetric(f):
            out.append(f)
        elif isinstance(f, (E.Var, E.Delta)) or (isinstance(f, E.Inverse)
                                                 and isinstance(f.arg, E.Var)):
            out.append(E.Transpose(f))
        else:
            out.append(normal(E.Transpose(f)))
    return E.MatMul(tuple(out))


def transpose_outside(e: E.Expr) -> E.Expr:
    """eᵀ with a scalar coefficient of `e` in front: −(X⁻¹(BA + DC)X⁻¹)ᵀ, not
    (−X⁻¹(BA + DC)X⁻¹)ᵀ (as many nodes; the sign where a textbook writes it)."""
    if isinstance(e, E.Scale):
        return B.scale(e.coeff, E.Transpose(e.arg))
    return E.Transpose(e)


def pushed(e: E.Expr) -> E.Expr:
    """eᵀ for a printed form `e`, the transpose pushed to the leaves through sums, products
    ((AB)ᵀ = BᵀAᵀ), multiples, elementwise products and functions and matrix powers, a double
    transpose dropped, a symmetric or 1×1 node kept; elsewhere (inverses, traces, …) the node
    gets the mark. Equal to Transpose(e); it keeps e's grouping, so a sum's factored printed
    form gives its transpose's printed form without a second search (factoring a sum and its
    transpose are mirror images: common left factors of one are common right factors of the
    other)."""
    return _push(e, E.Transpose, through_sums=True)


def pushed_to_variables(e: E.Expr):
    """pushed(e) when it is the printed form of eᵀ without a search: the transpose goes
    through products, multiples, elementwise products and functions and matrix powers to
    marks already written (taken off: the marked part is a printed form) or to variables
    (Aᵀ, X⁻ᵀ, where the canonical form writes them too; a mark on another node, (X²)⁻ᵀ,
    is pushed further by the canonical form: ((Xᵀ)²)⁻¹), and the result has no product to
    flip. None otherwise (a sum, say, whose transpose the search regroups). Only the nodes
    it builds are visited: a network's rows, tanh(W₂ tanh(W₁x))ᵀ, cost one step a layer."""
    q = _push(e, lambda x: E.Transpose(x) if _on_variable(x) else None, through_sums=False)
    return None if q is None or has_flippable(q) else q


def _push(e: E.Expr, mark, through_sums: bool):
    """eᵀ with the transpose pushed down as `pushed` describes; `mark(x)` is what a node it
    cannot pass becomes (None: give up, and None is returned), sums are passed (terms in
    the canonical order) only `through_sums`."""
    if isinstance(e, E.Transpose):
        return e.arg
    if (is_one(e.shape[0]) and is_one(e.shape[1])) or is_symmetric(e):
        return e
    if isinstance(e, E.Add):
        if not through_sums:
            return None
        return E.Add(tuple(sorted((_push(t, mark, True) for t in e.terms), key=term_key)))
    if isinstance(e, (E.MatMul, E.Hadamard)):
        parts = [_push(f, mark, through_sums)
                 for f in (reversed(e.factors) if isinstance(e, E.MatMul) else e.factors)]
        return None if None in parts else type(e)(tuple(parts))
    if isinstance(e, E.Scale):
        arg = _push(e.arg, mark, through_sums)
        return None if arg is None else E.Scale(e.coeff, arg)
    if isinstance(e, E.MatPow) or (isinstance(e, E.Func) and spec(e).elementwise):
        arg = _push(e.arg, mark, through_sums)
        return None if arg is None else E.rebuild(e, (arg,))
    return mark(e)


def _on_variable(e: E.Expr) -> bool:
    return isinstance(e, E.Var) or (isinstance(e, E.Inverse) and isinstance(e.arg, E.Var))
