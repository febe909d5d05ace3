"""Dimensions, shapes and kinds.

A dimension is a sympy expression: a positive integer symbol (`n`), an integer, or a
product of those (`n*m`, the length of vec X). A shape is a (rows, cols) pair; vectors are
columns (n×1), covectors rows (1×n), scalars 1×1.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Union

import sympy

Dim = sympy.Expr
Shape = tuple  # (Dim, Dim)

ONE = sympy.Integer(1)


@lru_cache(maxsize=None)
def dim_symbol(name: str) -> sympy.Symbol:
    """The dimension symbol called `name` (positive integer). One symbol per name."""
    return sympy.Symbol(name, integer=True, positive=True)


def as_dim(d: Union[int, str, sympy.Expr]) -> sympy.Expr:
    """Turn 3, "n" or a sympy expression into a dimension."""
    if isinstance(d, sympy.Expr):
        return d
    if isinstance(d, bool):
        raise TypeError("a dimension cannot be a bool")
    if isinstance(d, int):
        if d < 1:
            raise ValueError(f"a dimension must be a positive integer, not {d}")
        return sympy.Integer(d)
    if isinstance(d, str):
        s = d.strip()
        if s.isdigit():
            return as_dim(int(s))
        if not s.isidentifier():
            raise ValueError(f"not a dimension name: {d!r}")
        return dim_symbol(s)
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
