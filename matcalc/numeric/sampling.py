"""Random points that honour the assumptions: sizes for the dimensions, and values that are
symmetric, positive definite or diagonal when declared so (well conditioned otherwise)."""
from __future__ import annotations

import numpy as np

from ..core import expr as E
from ..core.shapes import as_dim
from .evaluate import numeric_shape


def dimension_symbols(e: E.Expr) -> list:
    """Every dimension symbol in the shapes of `e`'s nodes (constants such as ones(m) too),
    sorted by name."""
    out: set = set()
    for x in E.walk(e):
        for d in x.shape:
            out |= d.free_symbols
    return sorted(out, key=str)


def default_sizes(variables, sizes=None, seed=0, extra=()) -> dict:
    """A size (2–4) for every dimension symbol of the variables and then of `extra` (symbols
    of constants, e.g. from `dimension_symbols`), unless given in `sizes` (name or symbol →
    int)."""
    rng = np.random.default_rng(seed)
    given = {}
    for k, v in (sizes or {}).items():
        given[as_dim(k)] = int(v)
    out = {}
    for v in sorted(variables, key=lambda v: v.name):
        for d in v.shape:
            for s in sorted(d.free_symbols, key=str):
                if s not in out:
                    out[s] = given.get(s, int(rng.integers(2, 5)))
    for s in extra:
        if s not in out:
            out[s] = given.get(s, int(rng.integers(2, 5)))
    return out


def sample_value(v: E.Var, sizes: dict, rng: np.random.Generator) -> np.ndarray:
    """A random value for `v`: entries in [0.5, 1.5] (so logs and roots are defined),
    square matrices made well conditioned with a positive determinant, and symmetric,
    positive definite or diagonal when `v` is declared so."""
    r, c = numeric_shape(v.shape, sizes)
    a = rng.uniform(0.5, 1.5, size=(r, c))
    if r == c and r > 1:
        if "diagonal" in v.props:
            return np.diag(rng.uniform(0.5, 1.5, size=r))
        if "spd" in v.props:
            b = rng.normal(size=(r, r))
            return b @ b.T / r + np.eye(r)
        if "symmetric" in v.props:
            a = 0.5 * (a + a.T)
        a = a + r * np.eye(r)          # strictly diagonally dominant: det > 0
    return a


def sample_point(variables, sizes: dict, seed=0) -> dict:
    """Random values (2-D arrays) for each variable, keyed by the Var."""
    rng = np.random.default_rng(seed)
    return {v: sample_value(v, sizes, rng) for v in sorted(variables, key=lambda v: v.name)}


