"""Identification in vec form: write a differential dF, linear in dX, as
vec(dF) = M vec(dX), and return M = ∂vec F/∂vec X.

Each node maps the matrix of its argument the way vec maps it (Cookbook §10.2.2):
    vec(L dY R) = (Rᵀ ⊗ L) vec(dY)          (Cookbook (520))
    vec(dYᵀ)    = K vec(dY)                   the commutation matrix
    vec(H ∘ dY) = diag(vec H) vec(dY)
    tr(dY)      = vec(I)ᵀ vec(dY)
For vector F and vector x, vec is the identity and M is the Jacobian J (df = J dx).

VEC_RULES is the one table of these maps (node type → (child holding dX, M_local) with
vec(node) = M_local vec(child)); the sum is handled by the walk (dependence.carry_to_leaf:
every term, the same map).
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.shapes import ONE
from .dependence import carry_to_leaf


def _identity(n):
    return E.Identity(n)


def _product(e, has):
    k = next(i for i, f in enumerate(e.factors) if has(f))
    L, R = e.factors[:k], e.factors[k + 1:]
    f = e.factors[k]
    left = (L[0] if len(L) == 1 else E.MatMul(L)) if L else _identity(f.shape[0])
    right = (R[0] if len(R) == 1 else E.MatMul(R)) if R else _identity(f.shape[1])
    return f, B.kron(B.transpose(right), left)


def _scale(e, has):
    if has(e.arg):
        return e.arg, B.scale(e.coeff, _identity(e.shape[0] * e.shape[1]))
    return e.coeff, B.vec(e.arg)


def _hadamard(e, has):
    k = next(i for i, f in enumerate(e.factors) if has(f))
    others = [f for i, f in enumerate(e.factors) if i != k]
    H = others[0]
    for f in others[1:]:
        H = B.hadamard(H, f)
    return e.factors[k], E.Diag(B.vec(H))


def _quotient(e, has):
    if has(e.den):
        raise DifferentiationError("internal: a differential is not linear in a denominator")
    return e.num, E.Diag(B.vec(B.hadamard_div(E.Ones(*e.den.shape), e.den)))


def _kron(e, has):
    """The regrouping of vec(A ⊗ B) into vec A ⊗ vec B:
    vec(A⊗B) = (I_n ⊗ K_{q,m} ⊗ I_p)(vec A ⊗ vec B) for A m×n, B p×q, so
    vec(A ⊗ dB) = R (vec A ⊗ I_pq) vec dB and vec(dA ⊗ B) = R (I_mn ⊗ vec B) vec dA."""
    A, Bm = e.left, e.right
    (m, n), (p, q) = A.shape, Bm.shape
    regroup = B.kron(B.kron(_identity(n), E.Commutation(q, m)), _identity(p))
    if has(A):
        return A, regroup @ B.kron(_identity(m * n), B.vec(Bm))
    return Bm, regroup @ B.kron(B.vec(A), _identity(p * q))


def _diag(e, has):
    n = e.arg.shape[0]
    # diag(v) = (v 1ᵀ) ∘ I, so vec diag(v) = diag(vec I)(1 ⊗ I) v
    return e.arg, E.Diag(B.vec(_identity(n))) @ B.kron(E.Ones(n, ONE), _identity(n))


def _diag_part(e, has):
    n = e.arg.shape[0]
    # diag(A) = (A ∘ I) 1, so diag(A) = (1ᵀ ⊗ I) diag(vec I) vec A
    return e.arg, B.kron(E.Ones(ONE, n), _identity(n)) @ E.Diag(B.vec(_identity(n)))


# For each node, the matrix that maps vec(child holding dX) to vec(node).
VEC_RULES = {
    E.MatMul: _product,
    E.Scale: _scale,
    E.Transpose: lambda e, has: (e.arg, E.Commutation(*e.arg.shape)),
    E.Trace: lambda e, has: (e.arg, B.transpose(B.vec(_identity(e.arg.shape[0])))),
    E.Hadamard: _hadamard,
    E.HadamardDiv: _quotient,
    E.Kron: _kron,
    E.Vec: lambda e, has: (e.arg, _identity(e.shape[0])),
    E.Unvec: lambda e, has: (e.arg, _identity(e.arg.shape[0])),
    E.Diag: _diag,
    E.DiagPart: _diag_part,
    E.SumEntries: lambda e, has: (e.arg, E.Ones(ONE, e.arg.shape[0] * e.arg.shape[1])),
}


def _carried(rule):
    """vec(whole) = M vec(node) and vec(node) = M_local vec(child): the child carries
    M M_local."""
    def step(e, M, has):
        child, local = rule(e, has)
        return [(child, M @ local)]
    return step


#: VEC_RULES as steps of the walk down to dX (dependence.carry_to_leaf)
VEC_STEPS = {node_type: _carried(rule) for node_type, rule in VEC_RULES.items()}


def vec_matrix(dF: E.Expr, dX: E.Delta) -> E.Expr:
    """M with vec(dF) = M vec(dX): a sum over the terms of dF of (chain of maps)."""
    n_out = dF.shape[0] * dF.shape[1]
    return B.add(*carry_to_leaf(dF, [_identity(n_out)], dX, VEC_STEPS))
