"""Solves with one matrix side by side: A⁻¹r₁ and A⁻¹r₂ as one call
`solve(A, concatenate([r₁, r₂], axis=1))`, whose columns are then split (NumPy code, where
no factorisation can be kept between calls: printing/factorisation.py).

`stacked(solves)` groups the Solves (factorisation.Solve) that use the same matrix in the
same orientation (A, or Aᵀ; one for a symmetric A) and whose right-hand sides are
independent: a right-hand side that itself contains A⁻¹ (a solve with A nested in it,
X⁻¹AX⁻¹b) waits for that solve and is left out. Each group of two or more is one call;
solves with the same right-hand side (A⁻¹b and bᵀA⁻ᵀ = (A⁻¹b)ᵀ) share its columns.
"""
from __future__ import annotations

from ..core import expr as E


def _mentions_inverse(rhs: E.Expr, a: E.Expr) -> bool:
    return any(isinstance(y, E.Inverse) and y.arg == a for y in E.postorder(rhs))


def stacked(solves) -> list:
    """Groups (lists of two or more Solves, in the given order) to compute by one call."""
    groups: dict = {}
    for sv in solves:
        if not _mentions_inverse(sv.rhs, sv.a):
            groups.setdefault(sv.orientation, []).append(sv)
    return [g for g in groups.values() if len(g) >= 2]
