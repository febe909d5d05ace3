"""The nine kinds of derivative, as data.

A kind pairs the role of the function value (scalar, vector, matrix) with the role of the
variable; its text is the name users see ("scalar-by-matrix"), since `Kind` is a `StrEnum`:
`Kind.SCALAR_BY_MATRIX == "scalar-by-matrix"`. What identification does with a kind, and how
a layout shapes it, is read from the properties below, never from the text:

    by_scalar     the variable is a scalar: ∂F/∂x is dF with dx = 1
    is_gradient   scalar function, vector or matrix variable: the trace form df = tr(Gᵀ dX)
    is_jacobian   vector by vector: the vec form df = J dx, J an m×n matrix
    is_tensor     vector or matrix by vector or matrix (not vector by vector): a tensor,
                  shown in index form and as ∂vec F/∂vec X
"""
from __future__ import annotations

import enum

from ..core.shapes import kind_of

ROLES = ("scalar", "vector", "matrix")


class Kind(enum.StrEnum):
    SCALAR_BY_SCALAR = "scalar-by-scalar"
    SCALAR_BY_VECTOR = "scalar-by-vector"
    SCALAR_BY_MATRIX = "scalar-by-matrix"
    VECTOR_BY_SCALAR = "vector-by-scalar"
    VECTOR_BY_VECTOR = "vector-by-vector"
    VECTOR_BY_MATRIX = "vector-by-matrix"
    MATRIX_BY_SCALAR = "matrix-by-scalar"
    MATRIX_BY_VECTOR = "matrix-by-vector"
    MATRIX_BY_MATRIX = "matrix-by-matrix"

    @classmethod
    def of(cls, f_shape, x_shape) -> Kind:
        """The kind of ∂F/∂X for these shapes. A covector is a vector as a function value
        and a 1×n matrix as a variable."""
        return cls(f"{function_role(f_shape)}-by-{variable_role(x_shape)}")

    @property
    def function_role(self) -> str:
        return self.value.split("-by-")[0]

    @property
    def variable_role(self) -> str:
        return self.value.split("-by-")[1]

    @property
    def by_scalar(self) -> bool:
        return self.variable_role == "scalar"

    @property
    def is_gradient(self) -> bool:
        return self.function_role == "scalar" and not self.by_scalar

    @property
    def is_jacobian(self) -> bool:
        return self is Kind.VECTOR_BY_VECTOR

    @property
    def is_tensor(self) -> bool:
        return not (self.by_scalar or self.is_gradient or self.is_jacobian)


def function_role(shape) -> str:
    """scalar, vector or matrix as a function value (a covector is a vector)."""
    k = kind_of(shape)
    return "vector" if k == "covector" else k


def variable_role(shape) -> str:
    """scalar, vector or matrix as a variable (a covector is a 1×n matrix)."""
    k = kind_of(shape)
    return "matrix" if k == "covector" else k
