"""Interoperability: a matcalc expression as a SymPy matrix expression.

Used to compare with SymPy (benchmarks) and to hand results to SymPy users. Each node's
conversion is its operator spec's `sympy` field; a node whose spec declares `no_sympy`
(the elementwise quotient, vec, norms, ...) raises an error saying why, and so does an
elementwise function of a matrix (only scalar functions have a SymPy form).
"""
from __future__ import annotations

from .core import expr as E
from .core.errors import MatcalcError
from .core.operators import OPERATORS


def to_sympy(e: E.Expr, symbols: dict | None = None):
    """`e` as a SymPy expression: MatrixSymbol for matrices and vectors, Symbol for scalars."""
    symbols = {} if symbols is None else symbols
    memo: dict = {}

    def go(x):
        if x in memo:
            return memo[x]
        out = _convert(x, go, symbols)
        memo[x] = out
        return out
    return go(e)


def _convert(x, go, symbols):
    op = OPERATORS[type(x)]
    if op.sympy is None:
        raise MatcalcError(f"{type(x).__name__} has no SymPy matrix-expression form: "
                           f"{op.no_sympy}")
    kids = [go(c) for c in x.children]
    try:
        return op.sympy(x, kids, symbols)
    except ValueError as err:
        raise MatcalcError(str(err)) from None
