"""Identification for a scalar function: rewrite df into tr(Gᵀ dX) and read off G.

This is the Cookbook's trace manipulation done once and for all as an adjoint: walking the
linear expression df from the root with a cotangent C (C = 1 at the root, of the shape of
each node on the way down), every node hands its argument the cotangent that keeps
⟨C, node⟩ = tr(Cᵀ node) unchanged:

    tr(Cᵀ (L dY R))   = tr((LᵀCRᵀ)ᵀ dY)       cyclic trace
    tr(Cᵀ dYᵀ)        = tr((Cᵀ)ᵀ dY)           transpose
    tr(Cᵀ tr(dY))     = tr((C·I)ᵀ dY)          trace of a scalar
    tr(Cᵀ (H ∘ dY))   = tr((C ∘ H)ᵀ dY)        Cookbook: tr(Aᵀ(B∘C)) = tr((A∘B)ᵀC)
    ...
When the walk reaches dX, the cotangent is one term Gᵢ of the gradient: df = Σ tr(Gᵢᵀ dX).
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from .dependence import depending_nodes, linear_rule
from .linear_map import VEC_RULES


def inner(C: E.Expr, A: E.Expr) -> E.Expr:
    """⟨C, A⟩ = tr(CᵀA) for equal shapes, written the way the Cookbook writes it."""
    if A.is_scalar:
        return B.times(C, A)
    if A.kind == "vector":
        return B.transpose(C) @ A
    if A.kind == "covector":
        return A @ B.transpose(C)
    return B.tr(B.transpose(C) @ A)


def _product(e, C, has):
    k = next(i for i, f in enumerate(e.factors) if has(f))
    L, R = e.factors[:k], e.factors[k + 1:]
    if L:
        C = B.transpose(L[0] if len(L) == 1 else E.MatMul(L)) @ C
    if R:
        C = C @ B.transpose(R[0] if len(R) == 1 else E.MatMul(R))
    return [(e.factors[k], C)]


def _scale(e, C, has):
    if has(e.arg):
        return [(e.arg, B.times(e.coeff, C))]
    return [(e.coeff, inner(C, e.arg))]


def _hadamard(e, C, has):
    k = next(i for i, f in enumerate(e.factors) if has(f))
    out = C
    for i, f in enumerate(e.factors):
        if i != k:
            out = B.hadamard(out, f)
    return [(e.factors[k], out)]


def _quotient(e, C, has):
    if has(e.den):
        raise DifferentiationError("internal: a differential is not linear in a denominator")
    return [(e.num, B.hadamard_div(C, e.den))]


def _through_vec_form(e, C, has):
    """Any node with a vec rule (vec(node) = M vec(child)): the child's cotangent is
    unvec(Mᵀ vec C). Used where the trace form has no shorter rule (Kronecker products)."""
    child, M = VEC_RULES[type(e)](e, has)
    return [(child, E.Unvec(B.transpose(M) @ B.vec(C), *child.shape))]


# How each node passes its cotangent C to the child that holds dX.
PULLBACK = {
    E.Add: lambda e, C, has: [(t, C) for t in e.terms if has(t)],
    E.MatMul: _product,
    E.Scale: _scale,
    E.Transpose: lambda e, C, has: [(e.arg, B.transpose(C))],
    E.Trace: lambda e, C, has: [(e.arg, B.scale(C, E.Identity(e.arg.shape[0])))],
    E.Hadamard: _hadamard,
    E.HadamardDiv: _quotient,
    E.Kron: _through_vec_form,
    E.Vec: lambda e, C, has: [(e.arg, E.Unvec(C, *e.arg.shape))],
    E.Unvec: lambda e, C, has: [(e.arg, B.vec(C))],
    E.Diag: lambda e, C, has: [(e.arg, B.diag(C))],
    E.DiagPart: lambda e, C, has: [(e.arg, E.Diag(C))],
    E.SumEntries: lambda e, C, has: [(e.arg, B.scale(C, E.Ones(*e.arg.shape)))],
}


def gradient_terms(df: E.Expr, dX: E.Delta) -> list:
    """The terms Gᵢ with df = Σ tr(Gᵢᵀ dX), for a scalar df linear in dX."""
    if not df.is_scalar:
        raise DifferentiationError("internal: gradient of a non-scalar differential")
    holders = depending_nodes(df, dX)
    has = holders.__contains__
    out, stack = [], [(df, E.Num(1))]
    while stack:
        node, C = stack.pop()
        if node == dX:
            out.append(C)
            continue
        rule = linear_rule(PULLBACK, node, dX)
        stack.extend(rule(node, C, has))
    return out
