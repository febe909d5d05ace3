"""Interoperability: a matcalc expression as a SymPy matrix expression.

Used to compare with SymPy (benchmarks) and to hand results to SymPy users. Elementwise
functions other than powers have no SymPy matrix-expression form and raise an error.
"""
from __future__ import annotations

import sympy
from sympy import matrices as sm

from .core import expr as E
from .core.errors import MatcalcError


def _rat(f):
    return sympy.Rational(f.numerator, f.denominator)


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


def _leaf(x: E.Var, symbols):
    if x not in symbols:
        symbols[x] = (sympy.Symbol(x.name) if x.is_scalar
                      else sm.MatrixSymbol(x.name, x.shape[0], x.shape[1]))
    return symbols[x]


def _convert(x, go, symbols):
    t = type(x)
    if t is E.Var:
        return _leaf(x, symbols)
    if t is E.Num:
        return _rat(x.value)
    if t is E.Identity:
        return sm.Identity(x.n)
    if t is E.Zero:
        return sm.ZeroMatrix(*x.shape)
    if t is E.Ones:
        return sm.OneMatrix(*x.shape)
    kids = [go(c) for c in x.children]
    if t is E.Add:
        return sympy.Add(*kids) if x.is_scalar else sm.MatAdd(*kids).doit()
    if t is E.MatMul:
        return sympy.Mul(*kids) if all(c.is_scalar for c in x.children) else sm.MatMul(*kids)
    if t is E.Scale:
        return kids[0] * kids[1]
    if t is E.Transpose:
        return kids[0] if x.is_scalar else sm.Transpose(kids[0])
    if t is E.Inverse:
        return sm.Inverse(kids[0])
    if t is E.Trace:
        return sm.Trace(kids[0])
    if t is E.Det:
        return sm.Determinant(kids[0])
    if t is E.LogDet:
        return sympy.log(sm.Determinant(kids[0]))
    if t is E.Hadamard:
        return sm.HadamardProduct(*kids)
    if t is E.Kron:
        return sm.KroneckerProduct(*kids)
    if t is E.MatPow:
        return sm.MatPow(kids[0], x.k)
    if t is E.Power:
        return kids[0] ** _rat(x.exponent) if x.is_scalar else \
            sm.HadamardPower(kids[0], _rat(x.exponent))
    if t is E.Func and x.is_scalar:
        return getattr(sympy, x.name)(kids[0]) if x.name in ("exp", "log", "sin", "cos",
                                                              "tanh", "sqrt") else \
            _scalar_func(x.name, kids[0])
    raise MatcalcError(f"{t.__name__} has no SymPy matrix-expression form")


def _scalar_func(name, a):
    if name == "sigmoid":
        return 1 / (1 + sympy.exp(-a))
    if name == "softplus":
        return sympy.log(1 + sympy.exp(a))
    if name == "abs":
        return sympy.Abs(a)
    raise MatcalcError(f"{name} has no SymPy form")
