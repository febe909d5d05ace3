"""The pipeline end to end: differential (rule table) → identification (layout) → Derivative.

`diff(f, x, layout="mixed")` returns a Derivative: the closed form in matrix notation (or a
Tensor), its shape checked against the layout table, the differential it was read from, the
steps that produced it, and `.check()` against central finite differences.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from .. import expr as E
from .. import numeric as N
from ..errors import DifferentiationError, EvaluationError, SizeLimitError
from ..shapes import shape_str
from ..simplify import simplify
from . import layout as L
from . import symmetric as S
from .differential import differential
from .gradient import gradient_terms
from .linear_map import vec_matrix
from .tensor import Tensor, index_form, tensor_shape

DEFAULT_MAX_SIZE = int(os.environ.get("MATCALC_MAX_SIZE", "20000"))


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what was obtained, and why."""
    result: object          # an Expr, or text
    reason: str

    def __str__(self) -> str:
        return f"{self.result}    [{self.reason}]"


@dataclass(frozen=True)
class Derivative:
    """∂f/∂x in one layout."""
    f: E.Expr
    wrt: E.Var
    layout: str
    kind: str                       # e.g. "scalar-by-matrix"
    differential: E.Expr            # df, linear in dX (simplified)
    expr: object                    # an Expr in matrix notation, or a Tensor
    symmetric: str = "symmetric"    # the convention used when wrt is symmetric
    steps: tuple = field(default=(), compare=False)

    # -- shape ---------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.expr.shape

    @property
    def is_tensor(self) -> bool:
        return isinstance(self.expr, Tensor)

    # -- printing ------------------------------------------------------------------
    def __str__(self) -> str:
        return str(self.expr)

    def to_latex(self, bold=True) -> str:
        return self.expr.to_latex(bold=bold)

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"

    def steps_text(self) -> str:
        """The derivation, one step a line."""
        return "\n".join(f"{n}. {s}" for n, s in enumerate(self.steps, start=1))

    # -- numbers -------------------------------------------------------------------
    def _matrix(self) -> E.Expr:
        return self.expr.vec if self.is_tensor else self.expr

    def evaluate(self, values: dict) -> np.ndarray:
        """The derivative at `values` (name → array), as an array in the layout's shape
        (order 3 or 4 for tensors: axes i, j, k, l of ∂F_ij/∂X_kl without the vectors' 1s)."""
        vs = E.variables(self.f) | {self.wrt}
        sizes = N.bind_dims(vs, values)
        env = {v: N.as_2d(values[v.name], v) for v in vs}
        return self._evaluate(env, sizes)

    def _evaluate(self, env, sizes) -> np.ndarray:
        value = N.evaluate_2d(self._matrix(), env, sizes)
        if not self.is_tensor:
            return value
        full = (N.numeric_shape(self.f.shape, sizes) + N.numeric_shape(self.wrt.shape, sizes))
        t = value.reshape(full, order="F")
        return t.reshape(tuple(d for d in full if d != 1) or (1,))

    def _as_4d(self, env, sizes) -> np.ndarray:
        fs = N.numeric_shape(self.f.shape, sizes)
        xs = N.numeric_shape(self.wrt.shape, sizes)
        value = N.evaluate_2d(self._matrix(), env, sizes)
        if self.is_tensor:
            return value.reshape(fs + xs, order="F")
        want = N.numeric_shape(L.expected_shape(self.kind, self.layout, self.f.shape,
                                                self.wrt.shape), sizes)
        if value.shape != want:
            raise EvaluationError(f"a {self.kind} derivative in {self.layout} layout must be "
                                  f"{want[0]}×{want[1]} here, but evaluates to "
                                  f"{value.shape[0]}×{value.shape[1]}")
        return L.to_4d(value, self.kind, self.layout, fs, xs)

    def check(self, seed: int = 0, sizes: dict | None = None, h: float = 1e-6) -> float:
        """The largest relative error against central finite differences at a random
        point that honours the assumptions (symmetric, positive definite, diagonal)."""
        vs = E.variables(self.f) | {self.wrt}
        dims = N.default_sizes(vs, sizes, seed)
        env = N.sample_point(vs, dims, seed)
        mine = self._as_4d(env, dims)
        mode = S.fd_mode(self.wrt, self.symmetric)
        fd = N.finite_difference(self.f, self.wrt, env, dims, symmetric=mode, h=h)
        return N.relative_error(mine, fd)


# ====================================================================================
# diff
# ====================================================================================

def _guard(e: E.Expr, max_size: int, what: str) -> None:
    n = E.size(e)
    if n > max_size:
        raise SizeLimitError(
            f"the {what} grew to {n} nodes, past the bound of {max_size}; raise it with "
            f"diff(..., max_size=N), the command line's --max-size N or the environment "
            f"variable MATCALC_MAX_SIZE")


def _find_var(f: E.Expr, wrt) -> E.Var:
    vs = E.variables(f)
    if isinstance(wrt, E.Var):
        if wrt in vs:
            return wrt
        same = [v for v in vs if v.name == wrt.name]
        if same:
            return same[0]
        name = wrt.name
    elif isinstance(wrt, str):
        name = wrt.strip()
        same = [v for v in vs if v.name == name]
        if same:
            return same[0]
    elif isinstance(wrt, E.Expr):
        raise DifferentiationError(
            f"can only differentiate with respect to a variable, not the expression {wrt}")
    else:
        raise DifferentiationError(f"cannot differentiate with respect to {wrt!r}")
    names = ", ".join(sorted(v.name for v in vs)) or "none"
    raise DifferentiationError(f"{name} does not occur in {f}; its variables are: {names}")


def _identify(f, var, dF, kind, layout, convention, steps):
    dX = E.Delta(var)
    if kind.endswith("-by-scalar"):
        G = simplify(_substitute(dF, dX, E.Num(1)))
        steps.append(Step(G, "scalar variable: ∂F/∂x is dF with dx = 1"))
    elif kind.startswith("scalar-by-"):
        terms = gradient_terms(dF, dX)
        G = simplify(E.Add(tuple(terms)) if len(terms) > 1 else terms[0])
        steps.append(Step(f"df = tr(Gᵀ d{var.name}) with G = {G}",
                          "identification: trace form, cyclic trace and transposes "
                          "(Cookbook (16), (43))"))
        if S.applies(var, convention):
            conv = S.effective(var, convention)
            G = simplify(S.on_gradient(G, conv))
            steps.append(Step(G, f"{var.name} structured: the '{conv}' convention"))
    else:
        M = vec_matrix(dF, dX)
        if S.applies(var, convention):
            M = S.on_vec_matrix(M, var, S.effective(var, convention))
        M = simplify(M)
        if kind == "vector-by-vector":
            G = M
            steps.append(Step(f"df = J d{var.name} with J = {G}",
                              "identification: vec(L dY R) = (Rᵀ ⊗ L) vec dY "
                              "(Cookbook (520))"))
        else:
            steps.append(Step(M, "identification in vec form: ∂vec F/∂vec X, "
                                 "vec(L dY R) = (Rᵀ ⊗ L) vec dY (Cookbook (520))"))
            idx = None if S.applies(var, convention) else \
                index_form(_name(f), var.name, dF, dX)
            if idx:
                steps.append(Step(idx, "index form: ∂F_ij/∂X_kl from dF = Σ P dX Q"))
            return Tensor(_name(f), var.name, M, idx, tensor_shape(f.shape, var.shape))
    if L.transposed(kind, layout):
        G = simplify(E.Transpose(G))
        steps.append(Step(G, f"{layout} layout: transpose"))
    expected = L.expected_shape(kind, layout, f.shape, var.shape)
    if G.shape != expected:
        raise DifferentiationError(f"internal: a {kind} derivative in {layout} layout must "
                                   f"be {shape_str(expected)}, got {shape_str(G.shape)}")
    return G


def _name(f: E.Expr) -> str:
    return f.name if isinstance(f, E.Var) else "F"


def _substitute(e: E.Expr, old: E.Expr, new: E.Expr) -> E.Expr:
    memo: dict = {}

    def go(x):
        if x == old:
            return new
        if x not in memo:
            memo[x] = E.map_children(go, x)
        return memo[x]
    return go(e)


def derive(f: E.Expr, wrt, layout: str = "mixed", symmetric: str = "symmetric",
           max_size: int | None = None) -> Derivative:
    """∂f/∂wrt for one expression and one variable."""
    L.check_layout(layout)
    S.check_convention(symmetric)
    max_size = DEFAULT_MAX_SIZE if max_size is None else max_size
    var = _find_var(f, wrt)
    kind = L.derivative_kind(f.shape, var.shape)
    steps = [Step(f, f"differentiate with respect to {var.name} "
                     f"({shape_str(var.shape)}): {kind}, {layout} layout")]
    record: list = []
    raw = differential(f, var, record)
    for node, rule, out in record:
        if not isinstance(node, (E.Add,)):
            steps.append(Step(f"d({node}) = {out}", f"{rule.cite}: {rule.formula}"))
    if raw is None:
        raise DifferentiationError(f"internal: {f} does not depend on {var.name}")
    _guard(raw, max_size, "differential")
    log: list = []
    dF = simplify(raw, log=log)
    _guard(dF, max_size, "differential")
    steps.append(Step(f"d{_name(f)} = {dF}",
                      "simplify" + (": " + ", ".join(log) if log else "")))
    result = _identify(f, var, dF, kind, layout, symmetric, steps)
    _guard(result.vec if isinstance(result, Tensor) else result, max_size, "derivative")
    steps.append(Step(result, "result"))
    return Derivative(f, var, layout, kind, dF, result, symmetric, tuple(steps))


def hessian(f: E.Expr, wrt, symmetric: str = "symmetric",
            max_size: int | None = None) -> Derivative:
    """The Hessian of a scalar f: n×n for a vector x (e.g. xᵀAx → A + Aᵀ), the vec form
    (pq×pq) and 4-index tensor for a matrix X. It differentiates the gradient again."""
    if not f.is_scalar:
        raise DifferentiationError(f"the Hessian needs a scalar function; {f} is "
                                   f"{shape_str(f.shape)}")
    g = derive(f, wrt, "mixed", symmetric, max_size)
    if not any(v == g.wrt for v in E.variables(g.expr)):
        var = g.wrt
        zero = E.Zero(var.shape[0] * var.shape[1], var.shape[0] * var.shape[1])
        kind = "vector-by-vector" if var.kind == "vector" else "matrix-by-matrix"
        expr = zero if var.kind in ("vector", "scalar") else \
            Tensor("∇f", var.name, zero, None, tensor_shape(var.shape, var.shape))
        return Derivative(g.expr, var, "mixed", kind, E.Zero(*var.shape), expr, symmetric,
                          g.steps + (Step(expr, "the gradient does not depend on "
                                                f"{var.name}: the Hessian is zero"),))
    h = derive(g.expr, g.wrt, "mixed", symmetric, max_size)
    return Derivative(h.f, h.wrt, h.layout, h.kind, h.differential, h.expr, symmetric,
                      g.steps + h.steps)
