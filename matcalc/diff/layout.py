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
"""
from __future__ import annotations

import numpy as np

from ..core.errors import DifferentiationError
from ..core.shapes import is_one, kind_of

LAYOUTS = ("numerator", "denominator", "mixed")


def role(shape) -> str:
    """scalar, vector or matrix, as a function value or a variable (a covector is a
    vector as a value and a 1×n matrix as a variable)."""
    k = kind_of(shape)
    return "vector" if k == "covector" else k


def derivative_kind(f_shape, x_shape) -> str:
    """'scalar-by-matrix', 'vector-by-vector', ..."""
    xk = kind_of(x_shape)
    xk = "matrix" if xk == "covector" else xk
    return f"{role(f_shape)}-by-{xk}"


def is_tensor(kind: str) -> bool:
    return kind in ("vector-by-matrix", "matrix-by-vector", "matrix-by-matrix")


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise DifferentiationError(f"unknown layout {layout!r}; choose numerator, "
                                   "denominator or mixed")
    return layout


def transposed(kind: str, layout: str) -> bool:
    """Whether the natural matrix (gradient G shaped like X, Jacobian J m×n, derivative
    F′ shaped like F) is transposed in this layout."""
    if kind in ("scalar-by-vector", "scalar-by-matrix"):
        return layout == "numerator"
    if kind in ("vector-by-scalar", "vector-by-vector"):
        return layout == "denominator"
    return False


def expected_shape(kind: str, layout: str, f_shape, x_shape):
    """The shape of a matrix-form result, from the table above."""
    if kind == "scalar-by-scalar":
        return f_shape
    if kind in ("scalar-by-vector", "scalar-by-matrix"):
        natural = x_shape
    elif kind == "vector-by-vector":
        natural = (f_shape[0] * f_shape[1], x_shape[0])
    elif kind == "vector-by-scalar":
        natural = (f_shape[0] * f_shape[1], x_shape[0])
    else:
        natural = f_shape
    return (natural[1], natural[0]) if transposed(kind, layout) else natural


def to_4d(value: np.ndarray, kind: str, layout: str, f_shape, x_shape) -> np.ndarray:
    """A matrix-form result as T[i, j, k, l] = ∂F_ij/∂X_kl (numeric shapes given)."""
    v = value.T if transposed(kind, layout) else value
    if kind in ("scalar-by-vector", "scalar-by-matrix", "scalar-by-scalar"):
        return v.reshape((1, 1) + tuple(x_shape))
    if kind in ("vector-by-vector", "vector-by-scalar"):
        # rows index vec F (F is n×1 or 1×n), columns index x
        return v.reshape(tuple(f_shape) + tuple(x_shape), order="F")
    if kind == "matrix-by-scalar":
        return v.reshape(tuple(f_shape) + (1, 1))
    raise DifferentiationError(f"internal: {kind} has no matrix form")


def tensor_axes(f_shape, x_shape) -> tuple:
    """Which of the four axes (i, j, k, l) a tensor keeps: those not fixed to 1 by a vector."""
    keep = []
    for ax, d in enumerate(tuple(f_shape) + tuple(x_shape)):
        if not is_one(d):
            keep.append(ax)
    return tuple(keep)
