"""The layout table: the only place where numerator vs denominator layout lives.

For y ∈ ℝᵐ (or scalar y), x ∈ ℝⁿ (or scalar x), X ∈ ℝᵖˣᑫ:

| derivative                       | numerator | denominator   | mixed (default) |
|----------------------------------|-----------|---------------|-----------------|
| scalar by vector                 | 1×n       | n×1           | n×1             |
| scalar by matrix                 | q×p       | p×q           | p×q             |
| vector by scalar                 | m×1       | 1×m           | m×1             |
| vector by vector                 | m×n       | n×m           | m×n             |
| matrix by scalar                 | m×n       | m×n           | m×n             |
| vector/matrix by vector/matrix   | tensor ∂F_ij/∂X_kl, or vec form ∂vec F/∂vec X  |

Every function takes a `Kind` (kind.py; its text, "scalar-by-matrix", is accepted too).
"""
from __future__ import annotations

import numpy as np

from ..core.errors import DifferentiationError
from .kind import Kind

LAYOUTS = ("numerator", "denominator", "mixed")


def derivative_kind(f_shape, x_shape) -> Kind:
    """Kind.SCALAR_BY_MATRIX, Kind.VECTOR_BY_VECTOR, ... (see Kind.of)."""
    return Kind.of(f_shape, x_shape)


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise DifferentiationError(f"unknown layout {layout!r}; choose numerator, "
                                   "denominator or mixed")
    return layout


def transposed(kind: Kind, layout: str) -> bool:
    """Whether the natural matrix (gradient G shaped like X, Jacobian J m×n, derivative
    F′ shaped like F) is transposed in this layout: a gradient is a row in numerator
    layout, a vector function's derivative a row in denominator layout."""
    kind = Kind(kind)
    if kind.is_gradient:
        return layout == "numerator"
    if kind.function_role == "vector" and kind.variable_role in ("scalar", "vector"):
        return layout == "denominator"
    return False


def expected_shape(kind: Kind, layout: str, f_shape, x_shape):
    """The shape of a matrix-form result, from the table above."""
    kind = Kind(kind)
    if kind is Kind.SCALAR_BY_SCALAR:
        return f_shape
    if kind.is_gradient:
        natural = x_shape
    elif kind.function_role == "vector":          # vector by vector, vector by scalar
        natural = (f_shape[0] * f_shape[1], x_shape[0])
    else:
        natural = f_shape
    return (natural[1], natural[0]) if transposed(kind, layout) else natural


def to_4d(value: np.ndarray, kind: Kind, layout: str, f_shape, x_shape) -> np.ndarray:
    """A matrix-form result as T[i, j, k, l] = ∂F_ij/∂X_kl (numeric shapes given)."""
    kind = Kind(kind)
    v = value.T if transposed(kind, layout) else value
    if kind.function_role == "scalar":
        return v.reshape((1, 1) + tuple(x_shape))
    if kind.function_role == "vector" and not kind.is_tensor:
        # rows index vec F (F is n×1 or 1×n), columns index x
        return v.reshape(tuple(f_shape) + tuple(x_shape), order="F")
    if kind is Kind.MATRIX_BY_SCALAR:
        return v.reshape(tuple(f_shape) + (1, 1))
    raise DifferentiationError(f"internal: {kind} has no matrix form")
