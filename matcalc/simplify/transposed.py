"""A product printed as the transpose of the transposed product, when that reads shorter.

    flippable(e)       is `e` a matrix product (or a multiple of one), not 1×1, with at
                       least MIN_MARKS_SAVED + 1 transposed factors: −X⁻ᵀAᵀBᵀX⁻ᵀ
    has_flippable(e)   is there one anywhere in `e` (kept on the node)
    flipped(e, best, normal)
                       c·(Pᵀ)ᵀ for e = c·P, the coefficient in front and the transposed
                       product's printed form (`best`) inside: −(X⁻¹BAX⁻¹)ᵀ; None unless
                       it writes at least MIN_MARKS_SAVED fewer transpose marks than `e`
    transpose_outside(e)
                       eᵀ with e's scalar coefficient in front: −(X⁻¹(BA + DC)X⁻¹)ᵀ

The canonical form pushes every transpose to the leaves ((AB)ᵀ → BᵀAᵀ). The candidate is
equal to `e` by (AB)ᵀ = BᵀAᵀ, so it only regroups, and the search keeps it only when it is
cheaper (cost.py: fewer nodes first). The node count alone would flip every product of two
transposes, AᵀBᵀ → (BA)ᵀ (5 nodes, 4); the Cookbook does not: it writes AᵀBᵀ (101) and
AᵀXᵀBᵀ + BᵀXᵀAᵀ (114), where one mark outside saves one or two, and −(X⁻¹BAX⁻¹)ᵀ for
−X⁻ᵀAᵀBᵀX⁻ᵀ (63), where it saves three (X⁻ᵀ writes a transpose mark too). Hence the guard:
a transpose goes outside a product only when that writes at least MIN_MARKS_SAVED fewer
transpose marks (ᵀ and ⁻ᵀ) and fewer nodes.
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.shapes import is_one

#: how many fewer transpose marks (the one outside counted) the flipped product must write
MIN_MARKS_SAVED = 3


def _product(e: E.Expr):
    """(coefficient or None, the product) for a product or a multiple of one, else None."""
    if isinstance(e, E.Scale) and isinstance(e.arg, E.MatMul):
        return e.coeff, e.arg
    if isinstance(e, E.MatMul):
        return None, e
    return None


def marks(p: E.Expr) -> int:
    """The transpose marks a product's factors write: Aᵀ and X⁻ᵀ one each."""
    factors = p.factors if isinstance(p, E.MatMul) else (p,)
    return sum(1 for f in factors if isinstance(f, E.Transpose))


def flippable(e: E.Expr) -> bool:
    """A product (or a multiple of one), not 1×1, with enough transposed factors that its
    transpose could write MIN_MARKS_SAVED fewer marks."""
    found = _product(e)
    return (found is not None and not (is_one(e.shape[0]) and is_one(e.shape[1]))
            and marks(found[1]) > MIN_MARKS_SAVED)


@E.kept_on_node
def has_flippable(e: E.Expr) -> bool:
    """Is there a flippable product anywhere in `e`? (Kept on the node.)"""
    return flippable(e) or any(has_flippable(k) for k in e.children)


def flipped(e: E.Expr, best, normal):
    """c·(best(normal(Pᵀ)))ᵀ for a flippable e = c·P, when its factors write at least
    MIN_MARKS_SAVED fewer transpose marks than P's (counting the one outside); else None."""
    if not flippable(e):
        return None
    coeff, p = _product(e)
    t = normal(E.Transpose(p))
    if marks(p) - marks(t) - 1 < MIN_MARKS_SAVED:
        return None
    out = transpose_outside(best(t))
    return out if coeff is None else B.scale(coeff, out)


def transpose_outside(e: E.Expr) -> E.Expr:
    """eᵀ with a scalar coefficient of `e` in front: −(X⁻¹(BA + DC)X⁻¹)ᵀ, not
    (−X⁻¹(BA + DC)X⁻¹)ᵀ (as many nodes; the sign where a textbook writes it)."""
    if isinstance(e, E.Scale):
        return B.scale(e.coeff, E.Transpose(e.arg))
    return E.Transpose(e)
