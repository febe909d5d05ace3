"""Identification for a scalar function: rewrite df into Σ tr(Gᵢᵀ dX) and read off the Gᵢ.

This is the Cookbook's trace manipulation done once and for all as an adjoint: walking the
linear expression df from the root with a cotangent C (C = 1 at the root, of the shape of
each node on the way down), every node hands the child that holds dX the cotangent that
keeps ⟨C, node⟩ = tr(Cᵀ node) unchanged:

    tr(Cᵀ (L dY R))   = tr((LᵀCRᵀ)ᵀ dY)          cyclic trace
    tr(Cᵀ (H ∘ dY))   = tr((C ∘ H)ᵀ dY)          Cookbook: tr(Aᵀ(B∘C)) = tr((A∘B)ᵀC)
    ⟨P ⊗ Q, A ⊗ dY⟩   = ⟨P, A⟩·tr(Qᵀ dY)          the mixed product: (P ⊗ Q)ᵀ(A ⊗ dY) = PᵀA ⊗ QᵀdY
    tr(Cᵀ op(dY))     = tr(op*(C)ᵀ dY)           a linear operator: its adjoint op*
    ...
When the walk reaches dX, the cotangent is one term Gᵢ of the gradient: df = Σ tr(Gᵢᵀ dX).

Linear operators (core/operators.py: `spec(node).linear`) pass C through their adjoint,
`spec(node).adjoint(e, C)`, read from the operator's declaration (every linear operator must
declare one). The multilinear products (MatMul, Scale, Hadamard, Kron) and the quotient keep
their own rules; the sum, which hands C to every term, is the walk's (dependence.carry_to_leaf,
shared with vec_form).
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.operators import OPERATORS, spec
from ..core.shapes import is_one
from ..simplify import simplify
from .dependence import carry_to_leaf
from .vec_form import VEC_RULES


def inner(C: E.Expr, A: E.Expr) -> E.Expr:
    """⟨C, A⟩ = tr(CᵀA) for equal shapes, written the way the Cookbook writes it:
    ⟨𝟏𝟏ᵀ, A⟩ = sum(A), ⟨I, A⟩ = tr(A), cᵀa for vectors."""
    if isinstance(C, E.Ones) and not A.is_scalar:
        return B.sum_(A)
    if isinstance(C, E.Identity) and not A.is_scalar:
        return B.tr(A)
    if A.is_scalar:
        return B.times(C, A)
    if A.kind == "vector":
        return B.transpose(C) @ A
    if A.kind == "covector":
        return A @ B.transpose(C)
    return B.tr(B.transpose(C) @ A)


# ------------------------------------------------------------------------------------
# The multilinear nodes: (e, C, has) → [(child holding dX, its cotangent)]
# ------------------------------------------------------------------------------------

def _product(e, C, has):
    """tr(Cᵀ L dY R) = tr((LᵀCRᵀ)ᵀ dY)."""
    k = next(i for i, f in enumerate(e.factors) if has(f))
    L, R = e.factors[:k], e.factors[k + 1:]
    if L:
        C = B.transpose(L[0] if len(L) == 1 else E.MatMul(L)) @ C
    if R:
        C = C @ B.transpose(R[0] if len(R) == 1 else E.MatMul(R))
    return [(e.factors[k], C)]


def _scale(e, C, has):
    """⟨C, α dY⟩ = ⟨αC, dY⟩; ⟨C, dα Y⟩ = dα·⟨C, Y⟩."""
    if has(e.arg):
        return [(e.arg, B.times(e.coeff, C))]
    return [(e.coeff, inner(C, e.arg))]


def _hadamard(e, C, has):
    """tr(Cᵀ(H ∘ dY)) = tr((C ∘ H)ᵀ dY)."""
    k = next(i for i, f in enumerate(e.factors) if has(f))
    out = C
    for i, f in enumerate(e.factors):
        if i != k:
            out = B.hadamard(out, f)
    return [(e.factors[k], out)]


def _quotient(e, C, has):
    """tr(Cᵀ(dY ./ H)) = tr((C ./ H)ᵀ dY)."""
    if has(e.den):
        raise DifferentiationError("internal: a differential is not linear in a denominator")
    return [(e.num, B.hadamard_div(C, e.den))]


def _kron(e, C, has):
    """⟨P ⊗ Q, A ⊗ dY⟩ = ⟨P, A⟩·⟨Q, dY⟩ and ⟨P ⊗ Q, dY ⊗ A⟩ = ⟨Q, A⟩·⟨P, dY⟩, for P shaped
    like the left factor: the mixed product (P ⊗ Q)ᵀ(A ⊗ dY) = PᵀA ⊗ QᵀdY and tr(U ⊗ V) =
    tr(U)tr(V). See kron_cotangent."""
    child = e.left if has(e.left) else e.right
    return [(child, kron_cotangent(e, C, child is e.left, has))]


def kron_cotangent(e, C, dy_left: bool, has, simplified: bool = False) -> E.Expr:
    """The cotangent of dY in e = A ⊗ dY (or dY ⊗ A) under the cotangent C of e: the block
    contraction G = Σ_ij A_ij C_(ij) (C_(ij) the p×q blocks of C), written
      - as ⟨P, A⟩·Q where C = P ⊗ Q (as_kron: 𝟏 = 𝟏 ⊗ 𝟏, I = I ⊗ I, (P⊗Q)∘(R⊗S), ...);
      - as U A Vᵀ where C = u vᵀ is rank one (block_outer);
      - term by term for a sum, with scalar factors pulled out;
      - all of the above once more on the simplified C (the walk builds cotangents such as
        (I (B ⊗ X)ᵀ)ᵀ, whose Kronecker form the simplifier brings back);
      - otherwise through vec: vec G = Mᵀ vec C with vec(e) = M vec(dY) (vec_form)."""
    if isinstance(C, E.Add):
        return B.add(*(kron_cotangent(e, t, dy_left, has, simplified) for t in C.terms))
    const = e.right if dy_left else e.left
    parts = as_kron(C, e.left.shape, e.right.shape)
    if parts is not None:
        coeff, P, Q = parts
        G, paired = (P, inner(Q, const)) if dy_left else (Q, inner(P, const))
        return B.scale(paired if coeff is None else B.times(coeff, paired), G)
    if isinstance(C, E.Scale):
        return B.scale(C.coeff, kron_cotangent(e, C.arg, dy_left, has, simplified))
    rank_one = block_outer(C, e, dy_left)
    if rank_one is not None:
        return rank_one
    if not simplified:
        return kron_cotangent(e, simplify(C), dy_left, has, simplified=True)
    child, M = VEC_RULES[E.Kron](e, has)
    return E.Unvec(B.transpose(M) @ B.vec(C), *child.shape)


def as_kron(C: E.Expr, left_shape, right_shape):
    """C = coeff·(P ⊗ Q) with P of `left_shape` and Q of `right_shape`, as (coeff or None,
    P, Q); None when C is not visibly a Kronecker product of those shapes."""
    if is_one(left_shape[0]) and is_one(left_shape[1]):
        return None, E.Num(1), C                           # 1 ⊗ C = C
    if is_one(right_shape[0]) and is_one(right_shape[1]):
        return None, C, E.Num(1)                           # C ⊗ 1 = C
    if isinstance(C, E.Ones):                              # 𝟏 = 𝟏 ⊗ 𝟏
        return None, E.Ones(*left_shape), E.Ones(*right_shape)
    if isinstance(C, E.Zero):
        return None, E.Zero(*left_shape), E.Zero(*right_shape)
    if isinstance(C, E.Identity) and left_shape[0] == left_shape[1] \
            and right_shape[0] == right_shape[1]:          # I(mp) = I(m) ⊗ I(p)
        return None, E.Identity(left_shape[0]), E.Identity(right_shape[0])
    if isinstance(C, E.Kron) and C.left.shape == tuple(left_shape) \
            and C.right.shape == tuple(right_shape):
        return None, C.left, C.right
    if isinstance(C, E.Scale):
        inside = as_kron(C.arg, left_shape, right_shape)
        if inside is None:
            return None
        coeff, P, Q = inside
        return (C.coeff if coeff is None else B.times(C.coeff, coeff)), P, Q
    if isinstance(C, E.Transpose):                         # (P ⊗ Q)ᵀ = Pᵀ ⊗ Qᵀ
        inside = as_kron(C.arg, tuple(reversed(left_shape)), tuple(reversed(right_shape)))
        if inside is None:
            return None
        coeff, P, Q = inside
        return coeff, B.transpose(P), B.transpose(Q)
    if isinstance(C, E.Hadamard):                          # (P ⊗ Q) ∘ (R ⊗ S) = (P∘R) ⊗ (Q∘S)
        parts = [as_kron(f, left_shape, right_shape) for f in C.factors]
        if any(p is None for p in parts):
            return None
        coeffs = [c for c, _, _ in parts if c is not None]
        coeff = None
        for c in coeffs:
            coeff = c if coeff is None else B.times(coeff, c)
        P, Q = parts[0][1], parts[0][2]
        for _, p, q in parts[1:]:
            P, Q = B.hadamard(P, p), B.hadamard(Q, q)
        return coeff, P, Q
    return None


def block_outer(C, e, dy_left: bool):
    """The block contraction for a rank-one cotangent C = u vᵀ (a product whose left part
    is a column u, its right part a row vᵀ). For e = L ⊗ R with L m×n and R p×q, cut u into
    m blocks of length p and v into n blocks of length q, the columns of U = unvec(u, p, m)
    and V = unvec(v, q, n):
        A ⊗ dY (A = L):  Σ_ij A_ij uᵢ vⱼᵀ = U A Vᵀ
        dY ⊗ A (A = R):  G_ij = uᵢᵀ A vⱼ, G = Uᵀ A V
    None when C is not visibly rank one."""
    if not isinstance(C, E.MatMul):
        return None
    k = next((i for i, f in enumerate(C.factors[:-1], start=1) if is_one(f.shape[1])), None)
    if k is None:
        return None
    u = C.factors[0] if k == 1 else E.MatMul(C.factors[:k])
    vt = C.factors[k] if k == len(C.factors) - 1 else E.MatMul(C.factors[k:])
    (m, n), (p, q) = e.left.shape, e.right.shape
    U, V = E.Unvec(u, p, m), E.Unvec(B.transpose(vt), q, n)
    if dy_left:
        return B.transpose(U) @ e.right @ V
    return U @ e.left @ B.transpose(V)


# ------------------------------------------------------------------------------------
# Linear operators: the adjoint (e, C) → cotangent of e's argument
# ------------------------------------------------------------------------------------

def adjoint(node_type):
    """The adjoint of a linear operator, as its spec declares it (core/operators/nodes.py)."""
    return spec(node_type).adjoint


def _through_adjoint(adj):
    return lambda e, C, has: [(e.arg, adj(e, C))]


PULLBACK = {
    E.MatMul: _product,
    E.Scale: _scale,
    E.Hadamard: _hadamard,
    E.HadamardDiv: _quotient,
    E.Kron: _kron,
}
for _type, _spec in OPERATORS.items():          # (the sum is the walk's: carry_to_leaf)
    if _spec.linear and _type not in (*PULLBACK, E.Add) and adjoint(_type) is not None:
        PULLBACK[_type] = _through_adjoint(adjoint(_type))


def gradient_terms(df: E.Expr, dX: E.Delta) -> list:
    """The terms Gᵢ with df = Σ tr(Gᵢᵀ dX), for a scalar df linear in dX."""
    if not df.is_scalar:
        raise DifferentiationError("internal: gradient of a non-scalar differential")
    return pullback_terms(df, [E.Num(1)], dX)


def pullback_terms(dF: E.Expr, cotangents, dX: E.Delta, holders: set | None = None) -> list:
    """The terms Gᵢ with Σ_C tr(Cᵀ dF) = Σ tr(Gᵢᵀ dX), for dF linear in dX and cotangents C
    shaped like dF (gradient_terms is the case dF scalar, C = 1; the backward sweep,
    sweep.py, pulls a node's adjoint back through its local differential this way).
    `holders`: the nodes of dF that contain dX, when the caller knows them without walking
    all of dF (the sweep: a local differential holds whole subtrees of f, none with dX)."""
    return carry_to_leaf(dF, cotangents, dX, PULLBACK, holders)
