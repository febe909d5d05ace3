"""Transposes go to the leaves; inverses keep the Cookbook's X⁻ᵀ.

A canonical transpose wraps only a variable, a differential, X⁻¹ of a variable (printed
X⁻ᵀ), or an operator with no transpose rule (vec, diag(A), unvec). Symmetric matrices lose
their transposes; a differential dX never does, whatever X is declared to be.
"""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as E
from .rules_common import is_leaf_matrix, is_symmetric

T = E.Transpose


# ------------------------------------------------------------------------------------
# Transpose
# ------------------------------------------------------------------------------------


def transpose_of_transpose(e):
    """(Aᵀ)ᵀ → A"""
    if isinstance(e.arg, T):
        return e.arg.arg
    return e


def transpose_of_scalar(e):
    """aᵀ → a for a 1×1 a"""
    return e.arg if e.arg.is_scalar else e


def transpose_of_symmetric(e):
    """Sᵀ → S for symmetric S (declared symmetric, spd or diagonal; I; diag(v); S⁻¹; AᵀA; ...)"""
    return e.arg if is_symmetric(e.arg) else e


def transpose_of_constant(e):
    """1ₙₘᵀ → 1ₘₙ (ones), K_mnᵀ → K_nm (commutation)"""
    a = e.arg
    if isinstance(a, E.Ones):
        return E.Ones(a.ncols, a.nrows)
    if isinstance(a, E.Commutation):
        return E.Commutation(a.n, a.m)
    return e


def transpose_of_product(e):
    """(AB)ᵀ → BᵀAᵀ"""
    if isinstance(e.arg, E.MatMul):
        return E.MatMul(tuple(T(f) for f in reversed(e.arg.factors)))
    return e


def transpose_of_elementwise_product(e):
    """(A ∘ B)ᵀ → Aᵀ ∘ Bᵀ, (A ./ B)ᵀ → Aᵀ ./ Bᵀ"""
    a = e.arg
    if isinstance(a, E.Hadamard):
        return E.Hadamard(tuple(T(f) for f in a.factors))
    if isinstance(a, E.HadamardDiv):
        return E.HadamardDiv(T(a.num), T(a.den))
    return e


def transpose_of_kron(e):
    """(A ⊗ B)ᵀ → Aᵀ ⊗ Bᵀ"""
    if isinstance(e.arg, E.Kron):
        return E.Kron(T(e.arg.left), T(e.arg.right))
    return e


def transpose_of_elementwise_function(e):
    """f(A)ᵀ → f(Aᵀ) for elementwise f; (A.^p)ᵀ → (Aᵀ).^p, p a number or a scalar"""
    a = e.arg
    if isinstance(a, E.Func):
        return E.Func(a.name, T(a.arg))
    if isinstance(a, E.Power):
        return E.Power(T(a.arg), a.exponent)
    if isinstance(a, E.SymbolicPower):
        return E.SymbolicPower(T(a.arg), a.exponent)
    return e


def transpose_of_matrix_power(e):
    """(Aᵏ)ᵀ → (Aᵀ)ᵏ"""
    if isinstance(e.arg, E.MatPow):
        return E.MatPow(T(e.arg.arg), e.arg.k)
    return e


def transpose_of_inverse(e):
    """(A⁻¹)ᵀ → (Aᵀ)⁻¹ when A is not a variable: (AB)⁻ᵀ → (BᵀAᵀ)⁻¹; X⁻ᵀ stays"""
    a = e.arg
    if isinstance(a, E.Inverse) and not is_leaf_matrix(a.arg):
        return E.Inverse(T(a.arg))
    return e


TRANSPOSE_RULES = (
    transpose_of_transpose,
    transpose_of_scalar,
    transpose_of_symmetric,
    transpose_of_constant,
    transpose_of_product,
    transpose_of_elementwise_product,
    transpose_of_kron,
    transpose_of_elementwise_function,
    transpose_of_matrix_power,
    transpose_of_inverse,
)


# ------------------------------------------------------------------------------------
# Inverse
# ------------------------------------------------------------------------------------


def inverse_of_inverse(e):
    """(A⁻¹)⁻¹ → A"""
    return e.arg.arg if isinstance(e.arg, E.Inverse) else e


def inverse_of_identity(e):
    """I⁻¹ → I"""
    return e.arg if isinstance(e.arg, E.Identity) else e


def inverse_of_scalar(e):
    """a⁻¹ → a^(−1) for a 1×1 a (numbers fold: 2⁻¹ → 1/2)"""
    a = e.arg
    if not a.is_scalar:
        return e
    if isinstance(a, E.Num) and a.value != 0:
        return E.Num(1 / a.value)
    return E.Power(a, Fraction(-1))


def inverse_of_transpose(e):
    """(Xᵀ)⁻¹ → X⁻ᵀ for a variable X"""
    a = e.arg
    if isinstance(a, T) and is_leaf_matrix(a.arg):
        return T(E.Inverse(a.arg))
    return e


def inverse_of_scale(e):
    """(cA)⁻¹ → c⁻¹A⁻¹"""
    a = e.arg
    if isinstance(a, E.Scale):
        return E.Scale(E.Inverse(a.coeff), E.Inverse(a.arg))
    return e


def inverse_of_square_product(e):
    """(AXB)⁻¹ → B⁻¹X⁻¹A⁻¹ when every factor is square (Cookbook (18))"""
    a = e.arg
    if isinstance(a, E.MatMul) and all(f.shape[0] == f.shape[1] for f in a.factors):
        return E.MatMul(tuple(E.Inverse(f) for f in reversed(a.factors)))
    return e


INVERSE_RULES = (
    inverse_of_inverse,
    inverse_of_identity,
    inverse_of_scalar,
    inverse_of_transpose,
    inverse_of_scale,
    inverse_of_square_product,
)
