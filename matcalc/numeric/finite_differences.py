"""Central finite differences: the independent oracle every derivative is checked against."""
from __future__ import annotations

import numpy as np

from ..core import expr as E
from ..core.errors import EvaluationError
from .evaluate import check_entries, evaluate_2d, numeric_shape


def directions(v: E.Var, shape: tuple, symmetric: str = "none"):
    """Perturbation directions for each entry (k, l) of `v`.

    symmetric="none": the entry alone. For a symmetric variable, "symmetric" moves X_kl and
    X_lk together by ½ each (the gradient on symmetric matrices, ½(G + Gᵀ)), and "cookbook"
    moves both by 1 (the Cookbook's §2.8 derivative with respect to the independent entries);
    "diagonal" moves only diagonal entries (the off-diagonal ones are fixed at zero).
    """
    p, q = shape
    for k in range(p):
        for l in range(q):
            d = np.zeros(shape)
            if symmetric == "diagonal" and k != l:
                pass
            elif symmetric == "none" or k == l:
                d[k, l] = 1.0
            else:
                w = 0.5 if symmetric == "symmetric" else 1.0
                d[k, l] = d[l, k] = w
            yield (k, l), d


def finite_difference(f: E.Expr, v: E.Var, env: dict, sizes: dict, symmetric="none",
                      h: float = 1e-6) -> np.ndarray:
    """The 4-index array T[i, j, k, l] ≈ ∂F_ij/∂X_kl by central differences."""
    x0 = env[v]
    check_entries(f, sizes)
    fshape = numeric_shape(f.shape, sizes)
    out = np.zeros(fshape + x0.shape)
    for (k, l), d in directions(v, x0.shape, symmetric):
        step = h * max(1.0, abs(x0[k, l]))
        plus = evaluate_2d(f, {**env, v: x0 + step * d}, sizes)
        minus = evaluate_2d(f, {**env, v: x0 - step * d}, sizes)
        out[:, :, k, l] = (plus - minus) / (2 * step)
    return out


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(1, max |b|): the measure `.check()` reports."""
    if a.shape != b.shape:
        raise EvaluationError(f"arrays of shapes {a.shape} and {b.shape} cannot be compared")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    return float(np.max(np.abs(a - b), initial=0.0) / max(1.0, np.max(np.abs(b), initial=0.0)))

