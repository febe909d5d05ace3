"""Dimensions, shapes and kinds.

A dimension (core/dims.py) is a positive integer symbol (`n`), an integer, or a product
of powers of those (`m*n`, the length of vec X). A shape is a (rows, cols) pair; vectors are
columns (n×1), covectors rows (1×n), scalars 1×1.
"""
from __future__ import annotations

from typing import Union

from .dims import Dim, dim_integer, dim_symbol, from_sympy

Shape = tuple  # (Dim, Dim)

ONE = dim_integer(1)

__all__ = ["Dim", "Shape", "ONE", "dim_symbol", "as_dim", "is_one", "is_scalar_shape",
           "is_square", "kind_of", "dim_str", "shape_str", "dims_of"]


def as_dim(d: Union[int, str, Dim]) -> Dim:
    """Turn 3, "n", a dimension or a sympy expression (`sympy.Symbol("n")`) into a
    dimension."""
    if d.__class__ is Dim:
        return d
    if isinstance(d, bool):
        raise TypeError("a dimension cannot be a bool")
    if isinstance(d, int):
        if d < 1:
            raise ValueError(f"a dimension must be a positive integer, not {d}")
        return dim_integer(d)
    if isinstance(d, str):
        s = d.strip()
        if s.isdigit():
            return as_dim(int(s))
        if not s.isidentifier():
            raise ValueError(f"not a dimension name: {d!r}")
        return dim_symbol(s)
    if type(d).__module__.startswith("sympy"):
        return from_sympy(d)
    raise TypeError(f"not a dimension: {d!r}")


def is_one(d: Dim) -> bool:
    return d == ONE


def is_scalar_shape(shape: Shape) -> bool:
    return is_one(shape[0]) and is_one(shape[1])


def is_square(shape: Shape) -> bool:
    return shape[0] == shape[1]


def kind_of(shape: Shape) -> str:
    """'scalar' (1×1), 'vector' (n×1), 'covector' (1×n) or 'matrix'."""
    r, c = shape
    if is_one(r) and is_one(c):
        return "scalar"
    if is_one(c):
        return "vector"
    if is_one(r):
        return "covector"
    return "matrix"


def dim_str(d: Dim) -> str:
    """n, m·n, n^2 (for messages)."""
    return str(d).replace("**", "^").replace("*", "·")


def shape_str(shape: Shape) -> str:
    """'n×m', '1×1', ..."""
    return f"{dim_str(shape[0])}×{dim_str(shape[1])}"


def dims_of(shape: Shape) -> set:
    """The dimension symbols a shape mentions."""
    out: set = set()
    for d in shape:
        out |= d.free_symbols
    return out
