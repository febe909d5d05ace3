"""Numeric evaluation with NumPy: the value of an expression at given arrays.

Internally every value is a 2-D float array (scalars 1×1, vectors n×1).
"""
from __future__ import annotations

import numpy as np

from ..core import expr as E
from ..core.dims import Dim, dim_symbol
from ..core.errors import EvaluationError
from ..core.operators import OPERATORS
from ..core.operators.elementwise import sigmoid  # noqa: F401  (numeric.sigmoid)
from ..core.operators.nodes import commutation_matrix  # noqa: F401
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
    """The size of the dimension `d` (a monomial of core/dims.py: an integer, a symbol, or a
    product or power of them) with the symbols' sizes `sizes`, in plain integers (evaluation
    asks this for every node, on every call)."""
    k = sizes.get(d)
    if k is not None:
        return int(k)
    if d.is_Integer:
        return int(d)
    if isinstance(d, Dim):
        out = d.coeff
        for name, p in d.powers:
            k = sizes.get(dim_symbol(name), sizes.get(name))
            if k is None:
                raise EvaluationError(f"no size known for dimension {name}")
            out *= int(k) ** p
        return out
    try:
        return int(d.subs(sizes))
    except (TypeError, ValueError):
        raise EvaluationError(f"no size known for dimension {d}") from None


def numeric_shape(shape: Shape, sizes: dict) -> tuple:
    return (size_of(shape[0], sizes), size_of(shape[1], sizes))


MAX_ENTRIES = 10_000_000    # entries of any one intermediate array (80 MB of float64)


@E.kept_on_node
def _shapes(e: E.Expr) -> frozenset:
    """The shapes of the nodes of `e` (kept on the node: evaluation asks on every call)."""
    return frozenset(x.shape for x in E.walk(e))


def check_entries(e: E.Expr, sizes: dict) -> None:
    """Refuse, before computing anything, an evaluation with an intermediate array of more
    than MAX_ENTRIES entries (kron(X, kron(X, ...)), I(100000000), ...)."""
    for shape in _shapes(e):
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

def _numpy_rule(op):
    """The spec's numpy(e, values, size) as evaluate_2d calls it."""
    fn = op.numpy
    return lambda e, kids, sizes: fn(e, kids, lambda d: size_of(d, sizes))


#: node type -> its NumPy evaluation, from the operator specs (Var and Delta are given)
_EVAL = {node: _numpy_rule(op) for node, op in OPERATORS.items() if callable(op.numpy)}


def evaluate_2d(e: E.Expr, env: dict, sizes: dict, memo: dict | None = None) -> np.ndarray:
    """The value of `e` as a 2-D array; `env` maps Var (and Delta) nodes to 2-D arrays."""
    memo = {} if memo is None else memo
    # an explicit post-order walk, so deep trees do not exhaust Python's stack
    stack = [(e, False)]
    with np.errstate(all="ignore"):
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
