"""Trace, determinant, vec, diag, sums of entries, norms and constants.

The linearity of trace, vec, unvec, diag, diag-part and sum of entries (sums, multiples,
zero) is not written here: rules_linear.py generates it from the operator spec."""
from __future__ import annotations

from ..core import expr as E
from ..core.shapes import is_one
from .order import key
from .rules_common import NUM_ONE, NUM_ZERO, matrix_base_exp, unit_positions
from .rules_products import reversed_chain

# ------------------------------------------------------------------------------------
# Constants
# ------------------------------------------------------------------------------------


def scalar_constant(e):
    """the 1×1 identity and ones → 1, the 1×1 zero → 0"""
    if not e.is_scalar:
        return e
    return NUM_ZERO if isinstance(e, E.Zero) else NUM_ONE


def commutation_with_unit_dimension(e):
    """K_m1 → I, K_1n → I"""
    if is_one(e.m) or is_one(e.n):
        return E.Identity(e.shape[0])
    return e


# ------------------------------------------------------------------------------------
# Trace
# ------------------------------------------------------------------------------------


def trace_of_transpose(e):
    """tr(Aᵀ) → tr(A)"""
    return E.Trace(e.arg.arg) if isinstance(e.arg, E.Transpose) else e


def trace_of_scalar(e):
    """tr(a) → a for a 1×1 a"""
    return e.arg if e.arg.is_scalar else e


def trace_of_kron(e):
    """tr(A ⊗ B) → tr(A) tr(B)"""
    if isinstance(e.arg, E.Kron):
        return E.MatMul((E.Trace(e.arg.left), E.Trace(e.arg.right)))
    return e


def trace_of_outer_product(e):
    """tr(abᵀ) → bᵀa; tr(A b cᵀ D) → cᵀDAb: a product through a 1×1 turns into a scalar"""
    a = e.arg
    if not isinstance(a, E.MatMul):
        return e
    ones = unit_positions(a.factors)
    if not ones:
        return e
    i = ones[0]
    return E.MatMul(a.factors[i:] + a.factors[:i])


def trace_cyclic(e):
    """tr(BA) = tr(AB) = tr(BᵀAᵀ): the rotation (or reversed rotation) with dX last and the fewest transposes that sorts first"""
    a = e.arg
    if not isinstance(a, E.MatMul):
        return e
    fs = a.factors
    if _mergeable(fs[-1], fs[0]):                    # tr(X A X) → tr(X X A) → tr(X² A)
        return E.Trace(E.MatMul(fs[-1:] + fs[:-1]))
    rev = reversed_chain(fs)
    candidates = [fs[i:] + fs[:i] for i in range(len(fs))]
    if rev is not None:
        candidates += [rev[i:] + rev[:i] for i in range(len(rev))]
    best = min(candidates, key=_rotation_key)
    if best == fs:
        return e
    return E.Trace(E.MatMul(best))


def _mergeable(f, g) -> bool:
    return matrix_base_exp(f)[0] == matrix_base_exp(g)[0]


def _has_delta(f) -> bool:
    return any(isinstance(x, E.Delta) for x in E.walk(f))


def _rotation_key(chain):
    """dX last, then the fewest transposed factors (tr(A dX B) → tr(BA dX), not
    tr(AᵀBᵀdXᵀ)), then the canonical order."""
    transposed = sum(isinstance(f, E.Transpose) for f in chain)
    return ("0" if _has_delta(chain[-1]) else "1", transposed, key(E.MatMul(tuple(chain))))


TRACE_RULES = (
    trace_of_transpose,
    trace_of_scalar,
    trace_of_kron,
    trace_of_outer_product,
    trace_cyclic,
)


# ------------------------------------------------------------------------------------
# Determinant and log-determinant
# ------------------------------------------------------------------------------------


def det_of_transpose(e):
    """det(Aᵀ) → det(A), logdet(Aᵀ) → logdet(A)"""
    return type(e)(e.arg.arg) if isinstance(e.arg, E.Transpose) else e


def det_of_scalar(e):
    """det(a) → a, logdet(a) → log(a) for a 1×1 a"""
    if not e.arg.is_scalar:
        return e
    return e.arg if isinstance(e, E.Det) else E.Func("log", e.arg)


def det_of_identity(e):
    """det(I) → 1, logdet(I) → 0"""
    if isinstance(e.arg, E.Identity):
        return NUM_ONE if isinstance(e, E.Det) else NUM_ZERO
    return e


def det_of_zero(e):
    """det(0) → 0"""
    return NUM_ZERO if isinstance(e, E.Det) and isinstance(e.arg, E.Zero) else e


DET_RULES = (
    det_of_transpose,
    det_of_scalar,
    det_of_identity,
    det_of_zero,
)


# ------------------------------------------------------------------------------------
# vec, unvec, diag
# ------------------------------------------------------------------------------------


def vec_of_vector(e):
    """vec(x) → x for a column; vec(yᵀ) → y for a row"""
    a = e.arg
    if is_one(a.shape[1]):
        return a
    if is_one(a.shape[0]):
        return E.Transpose(a)
    return e


def vec_of_unvec(e):
    """vec(unvec(v)) → v"""
    return e.arg.arg if isinstance(e.arg, E.Unvec) else e


def unvec_of_vec(e):
    """unvec(vec(A)) → A for A of the target shape"""
    a = e.arg
    if isinstance(a, E.Vec) and a.arg.shape == e.shape:
        return a.arg
    return e


VEC_RULES = (vec_of_vector, vec_of_unvec)
UNVEC_RULES = (unvec_of_vec,)


def diag_of_diag(e):
    """diag(diag(v)) → v (the diagonal of a diagonal matrix)"""
    return e.arg.arg if isinstance(e.arg, E.Diag) else e


def diag_of_scalar(e):
    """diag(a) → a for a 1×1 a"""
    return e.arg if e.arg.is_scalar else e


def diag_of_constant(e):
    """diag(1ₙ) → Iₙ, diag(Iₙ) → 1ₙ, diag(Aᵀ) → diag(A)"""
    a = e.arg
    if isinstance(e, E.Diag) and isinstance(a, E.Ones):
        return E.Identity(e.shape[0])
    if isinstance(e, E.DiagPart) and isinstance(a, E.Identity):
        return E.Ones(e.shape[0], e.shape[1])
    if isinstance(e, E.DiagPart) and isinstance(a, E.Transpose):
        return E.DiagPart(a.arg)
    return e


DIAG_RULES = (diag_of_diag, diag_of_scalar, diag_of_constant)


# ------------------------------------------------------------------------------------
# Sums of entries and norms
# ------------------------------------------------------------------------------------


def sum_of_entries(e):
    """sum(a) → a (1×1), sum(Aᵀ) → sum(A)"""
    a = e.arg
    if a.is_scalar:
        return a
    if isinstance(a, E.Transpose):
        return E.SumEntries(a.arg)
    return e


def norm_of_transpose(e):
    """‖Aᵀ‖ → ‖A‖ (2-norm of a vector, Frobenius, entrywise 1-norm)"""
    return type(e)(e.arg.arg) if isinstance(e.arg, E.Transpose) else e


def norm_of_scalar(e):
    """‖a‖ → |a| for a 1×1 a"""
    a = e.arg
    if not a.is_scalar:
        return e
    if isinstance(a, E.Num):
        return E.Num(abs(a.value))
    return E.Func("abs", a)


def frobenius_of_vector(e):
    """‖x‖_F → ‖x‖₂ for a vector x"""
    if isinstance(e, E.Frob) and (is_one(e.arg.shape[0]) or is_one(e.arg.shape[1])):
        return E.Norm2(e.arg)
    return e


def norm_of_multiple(e):
    """‖cA‖ → |c| ‖A‖ for a number c; ‖0‖ → 0"""
    a = e.arg
    if isinstance(a, E.Zero):
        return NUM_ZERO
    if isinstance(a, E.Scale) and isinstance(a.coeff, E.Num):
        return E.Scale(E.Num(abs(a.coeff.value)), type(e)(a.arg))
    return e


NORM_RULES = (norm_of_transpose, norm_of_scalar, frobenius_of_vector, norm_of_multiple)
