"""Numeric evaluation with NumPy: the value of an expression at given arrays.

Internally every value is a 2-D float array (scalars 1×1, vectors n×1).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ..core import expr as E
from ..core.errors import EvaluationError
from ..core.shapes import Shape

# ------------------------------------------------------------------------------------
# Dimensions
# ------------------------------------------------------------------------------------


def bind_dims(variables, values: dict) -> dict:
    """Sizes of the dimension symbols, read off the arrays given for the variables."""
    sizes: dict = {}
    for v in variables:
        if v.name not in values:
            raise EvaluationError(f"no value given for {v.name}")
        arr = as_2d(values[v.name], v)
        for d, k in zip(v.shape, arr.shape):
            if d.is_Symbol:
                if sizes.setdefault(d, k) != k:
                    raise EvaluationError(f"dimension {d} is {sizes[d]} elsewhere but "
                                          f"{k} in the value of {v.name}")
            elif d.is_Integer and int(d) != k:
                raise EvaluationError(f"{v.name} must have {d} in that position, not {k}")
    return sizes


def size_of(d, sizes: dict) -> int:
    if d.is_Integer:
        return int(d)
    try:
        return int(d.subs(sizes))
    except (TypeError, ValueError):
        raise EvaluationError(f"no size known for dimension {d}") from None


def numeric_shape(shape: Shape, sizes: dict) -> tuple:
    return (size_of(shape[0], sizes), size_of(shape[1], sizes))


MAX_ENTRIES = 10_000_000    # entries of any one intermediate array (80 MB of float64)


def check_entries(e: E.Expr, sizes: dict) -> None:
    """Refuse, before computing anything, an evaluation with an intermediate array of more
    than MAX_ENTRIES entries (kron(X, kron(X, ...)), I(100000000), ...)."""
    for shape in {x.shape for x in E.walk(e)}:
        r, c = numeric_shape(shape, sizes)
        if r * c > MAX_ENTRIES:
            raise EvaluationError(f"an intermediate array of {r}×{c} entries is too large "
                                  f"to evaluate (limit {MAX_ENTRIES} entries)")


def as_2d(value, v: E.Var) -> np.ndarray:
    """The array of a variable's value as 2-D (1-D vectors become columns)."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr = arr.reshape(-1, 1) if v.kind != "covector" else arr.reshape(1, -1)
    if arr.ndim != 2:
        raise EvaluationError(f"the value of {v.name} must be at most 2-D, not {arr.ndim}-D")
    return arr


# ------------------------------------------------------------------------------------
# Evaluation
# ------------------------------------------------------------------------------------

def sigmoid(x):
    """1/(1 + e⁻ˣ), accurate to full relative precision for every x: for x < 0 it is
    e^x/(1 + e^x), never 1 − (something close to 1) (0.5(1 + tanh(x/2)) is exactly 0 at
    x = −44, where σ(x) ≈ 7.8e−20 and σ(x)/softplus(x) ≈ 1)."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


_FUNCS = {
    "exp": np.exp,
    "log": np.log,
    "sin": np.sin,
    "cos": np.cos,
    "tanh": np.tanh,
    "sigmoid": sigmoid,
    "softplus": lambda x: np.logaddexp(0.0, x),
    "sqrt": np.sqrt,
    "abs": np.abs,
}


def commutation_matrix(m: int, n: int) -> np.ndarray:
    """K with K vec(A) = vec(Aᵀ) for A of shape m×n (vec stacks columns)."""
    K = np.zeros((m * n, m * n))
    for i in range(m):
        for j in range(n):
            K[i * n + j, j * m + i] = 1.0
    return K


def _vec(a):
    return a.reshape(-1, 1, order="F")


def _power(a, p: Fraction):
    if p.denominator == 1:
        return a ** int(p.numerator) if p > 0 else 1.0 / a ** int(-p.numerator)
    return a ** float(p)


def _num(x):
    return np.array([[float(x)]])


_EVAL = {
    E.Add: lambda e, k, s: sum(k[1:], k[0]),
    E.MatMul: lambda e, k, s: _chain(k),
    E.Scale: lambda e, k, s: k[0][0, 0] * k[1],
    E.Transpose: lambda e, k, s: k[0].T,
    E.Inverse: lambda e, k, s: np.linalg.inv(k[0]),
    E.Trace: lambda e, k, s: _num(np.trace(k[0])),
    E.Det: lambda e, k, s: _num(np.linalg.det(k[0])),
    E.LogDet: lambda e, k, s: _num(np.linalg.slogdet(k[0])[1]),
    E.Hadamard: lambda e, k, s: np.prod(np.stack(k), axis=0),
    E.HadamardDiv: lambda e, k, s: k[0] / k[1],
    E.Kron: lambda e, k, s: np.kron(k[0], k[1]),
    E.MatPow: lambda e, k, s: np.linalg.matrix_power(k[0], e.k),
    E.Func: lambda e, k, s: _FUNCS[e.name](k[0]),
    E.Power: lambda e, k, s: _power(k[0], e.exponent),
    E.Diag: lambda e, k, s: np.diag(k[0][:, 0]),
    E.DiagPart: lambda e, k, s: np.diag(k[0]).reshape(-1, 1).copy(),
    E.Vec: lambda e, k, s: _vec(k[0]),
    E.Unvec: lambda e, k, s: k[0].reshape(numeric_shape(e.shape, s), order="F"),
    E.SumEntries: lambda e, k, s: _num(np.sum(k[0])),
    E.Norm2: lambda e, k, s: _num(np.linalg.norm(k[0])),
    E.Frob: lambda e, k, s: _num(np.linalg.norm(k[0])),
    E.Norm1: lambda e, k, s: _num(np.sum(np.abs(k[0]))),
    E.Num: lambda e, k, s: _num(e.value),
    E.Zero: lambda e, k, s: np.zeros(numeric_shape(e.shape, s)),
    E.Ones: lambda e, k, s: np.ones(numeric_shape(e.shape, s)),
    E.Identity: lambda e, k, s: np.eye(size_of(e.n, s)),
    E.Commutation: lambda e, k, s: commutation_matrix(size_of(e.m, s), size_of(e.n, s)),
}


def _chain(mats):
    out = mats[0]
    for m in mats[1:]:
        out = out @ m
    return out


def evaluate_2d(e: E.Expr, env: dict, sizes: dict, memo: dict | None = None) -> np.ndarray:
    """The value of `e` as a 2-D array; `env` maps Var (and Delta) nodes to 2-D arrays."""
    memo = {} if memo is None else memo
    # an explicit post-order walk, so deep trees do not exhaust Python's stack
    stack = [(e, False)]
    while stack:
        x, ready = stack.pop()
        if x in memo:
            continue
        if isinstance(x, (E.Var, E.Delta)):
            if x not in env:
                name = x.name if isinstance(x, E.Var) else "d" + x.var.name
                raise EvaluationError(f"no value given for {name}")
            memo[x] = env[x]
            continue
        kids = x.children
        if not ready:
            stack.append((x, True))
            stack.extend((c, False) for c in kids if c not in memo)
            continue
        with np.errstate(all="ignore"):
            try:
                memo[x] = np.asarray(_EVAL[type(x)](x, [memo[c] for c in kids], sizes), float)
            except np.linalg.LinAlgError as err:
                raise EvaluationError(f"cannot evaluate {type(x).__name__} at this point: "
                                      f"{err}") from None
    return memo[e]


def evaluate(e: E.Expr, values: dict):
    """The value of `e` at `values` (name → number or array; vectors 1-D or n×1).

    Returns a float for a scalar expression, otherwise a 2-D array of the expression's shape.
    """
    vs = E.variables(e)
    sizes = bind_dims(vs, values)
    env = {v: as_2d(values[v.name], v) for v in vs}
    check_entries(e, sizes)
    out = evaluate_2d(e, env, sizes)
    return float(out[0, 0]) if e.is_scalar else out
