"""The pipeline end to end: differential (rule table) → identification (layout) → Derivative.

`derive(f, x, layout="mixed")` returns a Derivative: the closed form in matrix notation (or
a Tensor), its shape checked against the layout table, the differential it was read from, the
steps that produced it, and `.check()` against central finite differences. Second
derivatives (hessian.py) differentiate the gradient again. This module runs the stages and guards their size; the
stages are differential.py (the rule table), identify.py (reading the derivative off dF in a
layout) and printing/steps.py (the derivation as text or LaTeX).
"""
from __future__ import annotations

import functools
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..core import build as B
from ..core import expr as E
from .. import numeric as N
from ..numeric.check import verify
from ..core.errors import DifferentiationError, EvaluationError
from ..core.limits import size_bound
from ..core.shapes import is_one, shape_str
from ..printing import steps as printed_steps
from ..printing.derivatives import derivative_latex, derivative_text
from ..printing.display import Derivation
from ..printing.sympy_form import to_sympy
from ..simplify import normaliser, simplify
from . import layout as L
from . import symmetric as S
from .differential import differential
from .identify import function_name, identify
from .kind import Kind
from .naming import renamed
from .read_once import ReadOnce
from .registry import DEFAULT_MAX_SIZE, MAX_SIZE, check_size
from .steps import Deferred, Lazy, Step
from .sweep import adjoint_terms
from .tensor import Tensor

#: the engine walks trees recursively: room for the deepest tree the parser accepts
#: (parse.MAX_DEPTH levels, several frames each) and for what differentiation adds
RECURSION_LIMIT = 20_000


@dataclass(frozen=True)
class Derivative:
    """∂f/∂x in one layout."""
    f: E.Expr
    wrt: E.Var
    layout: str
    kind: Kind                      # e.g. Kind.SCALAR_BY_MATRIX == "scalar-by-matrix"
    #: dF as the rule table gives it, linear in dX (a descriptor: computed on first read
    #: when the backward sweep deferred it, read_once.py)
    raw_differential: E.Expr = ReadOnce()   # noqa: RUF009
    expr: object                    # an Expr in matrix notation, or a Tensor
    symmetric: str = "symmetric"    # the convention used when wrt is symmetric
    steps: tuple = field(default=ReadOnce((), "steps"), compare=False)
    simplified_differential: Deferred | None = field(default=None, compare=False, repr=False)
    name: str | None = field(default=None, compare=False)   # the function's (∂L/∂W), if named
    second_of: tuple | None = field(default=None, compare=False, repr=False)  # (f, x): ∂(∇ₓf)/∂y
    #: the size bound it was derived under: printing it later (str, steps) keeps that bound
    max_size: int | None = field(default=None, compare=False, repr=False)

    @property
    def differential(self) -> E.Expr:
        """dF, linear in dX, simplified (computed on first use)."""
        if self.simplified_differential is None:
            object.__setattr__(self, "simplified_differential",
                               Deferred(lambda: simplify(self.raw_differential)))
        return self.simplified_differential.value

    # -- shape ---------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.expr.shape

    @property
    def depends(self) -> bool:
        """Does f depend on the variable at all? (Otherwise the derivative is zero.)"""
        return self.wrt in E.variables(self.f)

    @property
    def is_tensor(self) -> bool:
        return isinstance(self.expr, Tensor)

    # -- printing ------------------------------------------------------------------
    @property
    def function_name(self) -> str:
        """What the function is called: its name (`L = ...`, `named`), else f (scalar,
        vector) or F (matrix)."""
        return self.name or function_name(self.f)

    def named(self, name: str) -> "Derivative":
        """The same derivative of the function called `name`: ∂L/∂W in every printer and in
        the steps (diff/naming.py)."""
        return renamed(self, name)

    def __str__(self) -> str:
        with size_bound(self.max_size):
            return str(self.expr)

    def __repr__(self) -> str:
        """One readable line: <Derivative ∂f/∂X = abᵀ (scalar-by-matrix, mixed layout, n×m)>."""
        return f"<Derivative {derivative_text(self)}>"

    def to_latex(self, bold=True) -> str:
        with size_bound(self.max_size):
            return self.expr.to_latex(bold=bold)

    def _repr_latex_(self) -> str:
        """Jupyter: ∂f/∂X = … with its kind, layout and shape, as display math."""
        return f"$${derivative_latex(self)}$$"

    @property
    def derivation(self) -> Derivation:
        """The steps as a displayable value: `str()` one step a line, `_repr_latex_()` for
        Jupyter (printing/display.py)."""
        return Derivation(self.steps)

    def steps_text(self) -> str:
        """The derivation, one step a line."""
        with size_bound(self.max_size):
            return printed_steps.steps_text(self.steps)

    def steps_latex(self, bold=True) -> str:
        """The derivation as a LaTeX align* environment (one step a line, with reasons)."""
        with size_bound(self.max_size):
            return printed_steps.steps_latex(self.steps, bold)

    def to_sympy(self, symbols: dict | None = None):
        """The closed form as a SymPy matrix expression (a tensor: its vec form)."""
        return to_sympy(self.expr, symbols)

    # -- numbers -------------------------------------------------------------------
    def _matrix(self) -> E.Expr:
        return self.expr.vec if self.is_tensor else self.expr

    def evaluate(self, values: dict) -> np.ndarray:
        """The derivative at `values` (name → array), in the shape the inputs were given.

        - Vectors given as n×1 (or 1×n) arrays: the layout's 2-D shape (a gradient n×1 in
          mixed layout, 1×n in numerator layout; a Jacobian m×n; a Hessian n×n).
        - Vectors given as 1-D arrays: the same without the axes of length 1 that only the
          2-D form has: a gradient (n,) in every layout, ∂f/∂α of a vector f (m,), a
          scalar-by-scalar derivative 0-d; Jacobians and matrices stay 2-D.
          "Given as 1-D" means: every vector among the variables of f and the variable was
          given 1-D. Scalars (numbers, 0-d) do not decide it: a derivative of scalars only is
          1×1 (as `d.shape` says).
        - Tensors (vector or matrix by matrix, matrix by vector, Hessians by a matrix): the
          axes of the index form ∂F_ij/∂X_kl, one per index: order 3 or 4, a vector's 1
          dropped (∂(Ax)/∂A is n×n×m) however the vectors were given.
        """
        vs = self._variables
        sizes = N.bind_dims(vs, values)
        env = {v: N.as_2d(values[v.name], v) for v in vs}
        value = self._evaluate(env, sizes)
        if self.is_tensor or not flat_values(vs, values):
            return value
        return flat_shape(value, self.shape)

    @property
    def _variables(self) -> frozenset:
        """The variables of f and wrt (kept: evaluate asks on every call)."""
        vs = self.__dict__.get("_vars")
        if vs is None:
            vs = E.variables(self.f) | {self.wrt}
            object.__setattr__(self, "_vars", vs)
        return vs

    def _evaluate(self, env, sizes) -> np.ndarray:
        N.check_entries(self._matrix(), sizes)
        value = N.evaluate_2d(self._matrix(), env, sizes)
        if not self.is_tensor:
            return value
        full = (N.numeric_shape(self.f.shape, sizes) + N.numeric_shape(self.wrt.shape, sizes))
        t = value.reshape(full, order="F")
        return t.reshape(tuple(d for d in full if d != 1) or (1,))

    def _as_4d(self, env, sizes) -> np.ndarray:
        fs = N.numeric_shape(self.f.shape, sizes)
        xs = N.numeric_shape(self.wrt.shape, sizes)
        N.check_entries(self._matrix(), sizes)
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
        dims = N.default_sizes(vs, sizes, seed, extra=N.dimension_symbols(self.f))
        N.check_entries(self.f, dims)
        env = N.sample_point(vs, dims, seed)
        mine = self._as_4d(env, dims)
        mode = S.fd_mode(self.wrt, self.symmetric)
        fd = N.finite_difference(self.f, self.wrt, env, dims, symmetric=mode, h=h)
        return N.relative_error(mine, fd)

    def verify(self, seed: int = 0, sizes: dict | None = None, points: int = 3):
        """The numerical check with its verdict (numeric/check.py): verified, could not
        verify (and why: a singular point, overflow, ...) or disagrees. What the command line
        reports; `check()` is the bare relative error at one point."""
        return verify(self.f, self.wrt, self._as_4d, self._matrix(),
                      S.fd_mode(self.wrt, self.symmetric), sizes=sizes, seed=seed,
                      points=points)


def flat_values(variables, values: dict) -> bool:
    """Were the vectors among `variables` given as 1-D arrays (all of them, at least one)?"""
    ndims = [np.ndim(values[v.name]) for v in variables if v.kind in ("vector", "covector")]
    return bool(ndims) and all(n == 1 for n in ndims)


def flat_shape(value: np.ndarray, shape: tuple) -> np.ndarray:
    """`value` (2-D, of the symbolic `shape`) without the axes whose symbolic length is 1."""
    return value.reshape(tuple(n for n, d in zip(value.shape, shape) if not is_one(d)))


# ====================================================================================
# diff
# ====================================================================================

def tree_size(e: E.Expr, sizes: dict | None = None) -> int:
    """The number of nodes of `e` as printed (shared subtrees counted each time they occur,
    like E.size), in time linear in the number of node objects not already in `sizes`, a
    memo that several calls may share. The memo is by identity (id → (node, size), the node
    kept alive): equal nodes built separately would otherwise be compared in depth."""
    sizes = {} if sizes is None else sizes
    for x in E.postorder_by_identity((e,), sizes):
        sizes[id(x)] = (x, 1 + sum(sizes[id(c)][1] for c in x.children))
    return sizes[id(e)][1]


def _guard(e: E.Expr, what: str, sizes: dict | None = None) -> None:
    check_size(tree_size(e, sizes), what)


def max_size_bound(max_size: int | None) -> int:
    """The bound in force: `max_size`, else MATCALC_MAX_SIZE, else 20000."""
    if max_size is None:
        env = os.environ.get("MATCALC_MAX_SIZE", "").strip()
        if not env:
            return DEFAULT_MAX_SIZE
        if not env.isdigit():
            raise DifferentiationError(f"MATCALC_MAX_SIZE must be a positive integer, not "
                                       f"{env!r}")
        max_size = int(env)
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise DifferentiationError(f"max_size must be a positive integer, not {max_size!r}")
    return max_size


@contextmanager
def _engine(max_size: int | None):
    """The bound in force, room on the stack, and RecursionError as a clear error."""
    token = MAX_SIZE.set(max_size_bound(max_size))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, RECURSION_LIMIT))
    try:
        yield
    except RecursionError:
        raise DifferentiationError("the expression is nested too deeply to differentiate; "
                                   "name its parts and differentiate them separately") \
            from None
    finally:
        sys.setrecursionlimit(old)
        MAX_SIZE.reset(token)


def _find_var(f: E.Expr, wrt, vs: frozenset | None = None) -> E.Var:
    """The variable to differentiate with respect to. A variable given as such (a Var) need
    not occur in f: the derivative is then zero, of the shape its layout gives. `vs`: the
    variables of f, when the caller has them (one walk of f for many variables)."""
    vs = E.variables(f) if vs is None else vs
    if isinstance(wrt, E.Var):
        same = [v for v in vs if v.name == wrt.name]
        return wrt if wrt in vs or not same else same[0]
    elif isinstance(wrt, str):
        name = wrt.strip()
        if not name.isidentifier():
            raise DifferentiationError(
                f"can only differentiate with respect to a variable (a name such as "
                f"{', '.join(sorted(v.name for v in vs)) or 'x'}), not the expression {name!r}")
        same = [v for v in vs if v.name == name]
        if same:
            return same[0]
    elif isinstance(wrt, E.Expr):
        raise DifferentiationError(
            f"can only differentiate with respect to a variable, not the expression {wrt}")
    else:
        raise DifferentiationError(f"cannot differentiate with respect to {wrt!r}")
    names = ", ".join(sorted(v.name for v in vs)) or "none"
    raise DifferentiationError(f"{name} does not occur in {f}; its variables are: {names} "
                               f"(declare {name}, e.g. {name}=\"vector(n)\" or -d "
                               f"'{name}: vector(n)', for the zero derivative)")


def derive(f: E.Expr, wrt, layout: str = "mixed", symmetric: str = "symmetric",
           max_size: int | None = None):
    """∂f/∂wrt for one expression and one variable; for a list of variables, the list of
    Derivatives (derive_all: one backward sweep). A differential or result of more than
    `max_size` nodes (default: MATCALC_MAX_SIZE, else 20000) stops with SizeLimitError."""
    if isinstance(wrt, (list, tuple)):
        return derive_all(f, wrt, layout, symmetric, max_size)
    L.check_layout(layout)
    S.check_convention(symmetric)
    var = _find_var(f, wrt)
    with _engine(max_size):
        return _derive(f, var, layout, symmetric, normaliser())


def derive_all(f: E.Expr, wrts, layout: str = "mixed", symmetric: str = "symmetric",
               max_size: int | None = None) -> list:
    """[∂f/∂w for w in wrts], the same Derivatives as `derive` one by one, with the work
    shared: for a scalar f the gradients' trace-form terms come from one backward sweep
    over the DAG of f (sweep.py: each node's adjoint once, shared by every variable below
    it), each variable's own dF and the steps recording it are built only when read
    (_derive), and the whole request uses one simplification memo and one printed-form
    search (printed.present: each shared subexpression, a network's δ's, searched once).
    A node's printed form is then the one the request's search found first: where the
    search depends on its context (its budget, a sum searched while its transpose is) a
    result can print differently from `derive` for that variable alone, never with another
    value. A non-scalar f (Jacobians, tensors) and a scalar variable (read off dF with
    dx = 1) keep the per-variable identification, with the shared memos."""
    L.check_layout(layout)
    S.check_convention(symmetric)
    vs = E.variables(f)
    variables = [_find_var(f, w, vs) for w in wrts]
    with _engine(max_size):
        normal = normaliser()
        swept = [v for v in dict.fromkeys(variables)
                 if f.is_scalar and Kind.of(f.shape, v.shape).is_gradient]
        terms = adjoint_terms(f, swept) if swept else {}
        sizes: dict = {}
        return [_derive(f, v, layout, symmetric, normal, terms.get(v), sizes)
                for v in variables]


def _derive(f, var, layout, symmetric, normal=None, terms=None, sizes=None) -> Derivative:
    """One Derivative; `normal` a shared normaliser, `terms` the gradient's trace-form
    terms from the backward sweep (else read off dF here), `sizes` a shared memo of tree
    sizes (tree_size). The differential dF and the steps recording its rules are computed
    only if identification reads dF (every kind but a gradient with the sweep's terms) or
    when first read (`raw_differential`, `steps`, `differential`, `==`): the sweep's
    gradients do not need their own dF, whose construction would walk f again for each
    variable. Read later, they are what they would have been, computed under the same size
    bound."""
    kind = Kind.of(f.shape, var.shape)
    first = Step(f, f"differentiate with respect to {var.name} "
                    f"({shape_str(var.shape)}): {kind}, {layout} layout")
    bound, built = MAX_SIZE.get(), []       # built: dF and its steps, once constructed

    def construct():
        built.append(_differential(f, var, bound))
        return built[0]
    dF = Deferred(construct)
    raw = Deferred(lambda: dF.value[0])
    simplified = Deferred(lambda: (normal or simplify)(raw.value))
    steps = [Step(Lazy("d{} = {}", r"\mathrm{{d}}{} = {}", function_name(f), simplified),
                  "expand and collect terms")]
    result = identify(f, var, raw, simplified, kind, layout, symmetric, steps, normal, terms)
    _guard(result.vec if isinstance(result, Tensor) else result, "derivative", sizes)
    if not (steps and steps[-1].result is result):   # the last step shown once
        steps.append(Step(result, "result"))
    every = Deferred(lambda: (first, *dF.value[1], *steps))
    deferred = not built
    return Derivative(f, var, layout, kind, raw if deferred else raw.value, result, symmetric,
                      every if deferred else every.value, simplified, max_size=bound)


def _differential(f, var, bound: int) -> tuple:
    """(dF, the steps of the rules it used): the rule table's differential of f with
    respect to var (0 when f does not depend on it), guarded by the size bound `bound`."""
    with _engine(bound):
        record: list = []
        raw = differential(f, var, record)
        if raw is None:                     # f does not depend on var: dF = 0
            raw = E.Num(0) if f.is_scalar else E.Zero(*f.shape)
        _guard(raw, "differential")
        return raw, [Step(Lazy("d({}) = {}", r"\mathrm{{d}}\left({}\right) = {}", node,
                               Deferred(functools.partial(B.tidy, out))),
                          f"{rule.cite}: {rule.formula}")
                     for node, rule, out in record if not isinstance(node, E.Add)]
