"""Derivatives with respect to a symmetric matrix X: two answers are in use.

- "symmetric" (the default): the gradient on the space of symmetric matrices with the trace
  inner product, sym(G) = ½(G + Gᵀ). It is the unique symmetric S with df = tr(S dX) for
  every symmetric dX, so gradient descent X ← X − t·S stays symmetric and the first-order
  model f(X + dX) ≈ f(X) + tr(S dX) is right. Its entry (k, l) is the derivative along
  ½(E_kl + E_lk).
- "cookbook": The Matrix Cookbook §2.8 (eq 141 and on), the derivative with respect to the
  independent entries X_kl = X_lk (k ≤ l): G + Gᵀ − G ∘ I. Off the diagonal it is twice
  sym(G); used as a gradient it double-counts, which is why it is not the default.
- "none": treat the entries as independent (G itself), ignoring the symmetry.

Example, f = tr(AX) with X symmetric: G = Aᵀ; "symmetric" gives ½(A + Aᵀ), "cookbook" gives
A + Aᵀ − A ∘ I (Cookbook (141) has the same with the book's own transposition convention).
"""
from __future__ import annotations

from fractions import Fraction

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError

CONVENTIONS = ("symmetric", "cookbook", "none")
# A diagonal X (Cookbook (142)) has only its diagonal entries free: whatever the convention,
# the derivative is G ∘ I (both conventions agree, since the off-diagonal entries are fixed).


def check_convention(name: str) -> str:
    if name not in CONVENTIONS:
        raise DifferentiationError(f"unknown symmetric convention {name!r}; choose "
                                   "symmetric (½(G + Gᵀ), the default), cookbook "
                                   "(G + Gᵀ − G∘I) or none")
    return name


def applies(var: E.Var, convention: str) -> bool:
    """Whether the variable's structure changes the answer."""
    if var.shape[0] == 1:
        return False
    return "diagonal" in var.props or (var.symmetric and convention != "none")


def _diagonal(var: E.Var) -> bool:
    return "diagonal" in var.props


def on_gradient(G: E.Expr, convention: str) -> E.Expr:
    """The gradient G (shaped like X) under the convention."""
    if convention == "diagonal":
        return B.hadamard(G, E.Identity(G.shape[0]))
    if convention == "symmetric":
        return B.scale(B.num(Fraction(1, 2)), G + B.transpose(G))
    if convention == "cookbook":
        return G + B.transpose(G) - B.hadamard(G, E.Identity(G.shape[0]))
    return G


def on_vec_matrix(M: E.Expr, var: E.Var, convention: str) -> E.Expr:
    """M = ∂vec F/∂vec X under the convention (K the commutation matrix: MK swaps the
    columns of X_kl and X_lk)."""
    n = var.shape[0]
    K = E.Commutation(n, n)
    if convention == "diagonal":
        return M @ E.Diag(B.vec(E.Identity(n)))
    if convention == "symmetric":
        return B.scale(B.num(Fraction(1, 2)), M + M @ K)
    if convention == "cookbook":
        return M + M @ K - M @ E.Diag(B.vec(E.Identity(n)))
    return M


def effective(var: E.Var, convention: str) -> str:
    """The convention that applies to this variable: 'diagonal' for a diagonal one."""
    if not applies(var, convention):
        return "none"
    return "diagonal" if _diagonal(var) else convention


def fd_mode(var: E.Var, convention: str) -> str:
    """The finite-difference directions that match the convention (numeric.directions)."""
    return effective(var, convention)
