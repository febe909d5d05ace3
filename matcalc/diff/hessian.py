"""Second derivatives of a scalar f, read by differentiating a first derivative again.

    second_derivative(f, x, y)   ∂²f/∂x∂y: the gradient ∂f/∂x (mixed layout: shaped like x)
                                 differentiated with respect to y, through the same pipeline
    hessian(f, x)                second_derivative(f, x, x): n×n for a vector x, a 4-index
                                 tensor (vec form pq×pq) for a matrix X
    hessian(f, [x, y, …])        a BlockHessian: every block ∂²f/∂xᵢ∂xⱼ, cross terms included

The convention for a block: x's axes first, y's after. For scalars and vectors the block is
the matrix ∂²f/∂x∂yᵀ of shape dim(x)×dim(y), entry (i, j) = ∂²f/∂xᵢ∂yⱼ. The second
differentiation is in the mixed layout, which gives exactly that (vector by vector: the
Jacobian of the gradient; vector by scalar: a column), except for a scalar x and a vector y,
where the mixed layout's column is replaced by the numerator layout's row 1×dim(y). When x or
y is a matrix the block is what the pipeline gives for ∂(∇ₓf)/∂y: a tensor (vector or matrix
by matrix, matrix by vector; axes i, j of x, then k, l of y), the matrix ∂(∇ₓf)/∂y of x's
shape for a scalar y, or a matrix of Y's shape for a scalar x.

Schwarz: ∂²f/∂y∂x = (∂²f/∂x∂y)ᵀ. Every block is derived on its own, never copied from its
mirror image, so the symmetry is something the tests check numerically, not an assumption.

A BlockHessian prints as a block matrix (tensor blocks by their vec form ∂vec ∇f/∂vec X)
and evaluates to one (Σnᵢ)×(Σnᵢ) array, nᵢ the number of entries of the i-th variable: a
matrix variable takes part through vec X (its columns stacked), so the array is the Hessian
with respect to the stacked vector (x₁; …; vec X; …).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import numeric as N
from ..core.dims import dim_total
from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.shapes import shape_str
from ..printing.text import display_name
from ..simplify import present, simplify
from . import layout as L
from .blocks import Blocks, PrintedAsBlocks, worst
from .derivative import Derivative, _find_var, derive
from .kind import Kind
from .steps import Step
from .tensor import Tensor, tensor_shape


def _second_layout(x: E.Var, y: E.Var) -> str:
    """The layout of ∂(∇ₓf)/∂y that puts x's axes in rows and y's in columns."""
    return "numerator" if Kind.of(x.shape, y.shape) is Kind.SCALAR_BY_VECTOR else "mixed"


def _zero(g: Derivative, y: E.Var, layout: str, symmetric: str) -> Derivative:
    """∂(∇ₓf)/∂y when the gradient does not depend on y: the zero of the block's shape."""
    x = g.wrt
    kind = Kind.of(x.shape, y.shape)
    if kind.is_tensor:
        size = lambda v: v.shape[0] * v.shape[1]
        expr = Tensor("∇f", y, E.Zero(size(x), size(y)), None, tensor_shape(x.shape, y.shape))
    else:
        expr = E.Zero(*L.expected_shape(kind, layout, x.shape, y.shape))
    step = Step(expr, f"the gradient does not depend on {y.name}: the second derivative is "
                      "zero")
    return Derivative(g.expr, y, layout, kind, E.Zero(*x.shape), expr, symmetric,
                      g.steps + (step,), second_of=(g.f, x), max_size=g.max_size)


def second_derivative(f: E.Expr, x, y=None, symmetric: str = "symmetric",
                      max_size: int | None = None) -> Derivative:
    """∂²f/∂x∂y of a scalar f (y defaults to x: the Hessian ∂²f/∂x∂xᵀ). A Derivative of the
    gradient ∂f/∂x (its `f`) with respect to y (its `wrt`); the block convention is in the
    module docstring: dim(x)×dim(y) for scalars and vectors, tensors where a matrix is."""
    if not f.is_scalar:
        raise DifferentiationError(f"the Hessian needs a scalar function; {f} is "
                                   f"{shape_str(f.shape)}")
    g = derive(f, x, "mixed", symmetric, max_size)
    return _differentiate_gradient(g, g.wrt if y is None else _find_var(f, y), symmetric,
                                   max_size)


def _differentiate_gradient(g: Derivative, y: E.Var, symmetric: str,
                            max_size: int | None) -> Derivative:
    """∂(∇ₓf)/∂y from the gradient g = ∂f/∂x, in the layout that puts x's axes first."""
    layout = _second_layout(g.wrt, y)
    if y not in E.variables(g.expr):
        return _zero(g, y, layout, symmetric)
    h = derive(g.expr, y, layout, symmetric, max_size)
    return Derivative(h.f, h.wrt, h.layout, h.kind, h.raw_differential, h.expr, symmetric,
                      g.steps + h.steps, h.simplified_differential, second_of=(g.f, g.wrt),
                      max_size=h.max_size)


def hessian(f: E.Expr, wrt, symmetric: str = "symmetric", max_size: int | None = None):
    """The Hessian of a scalar f. One variable: a Derivative (n×n for a vector x, e.g.
    xᵀAx → A + Aᵀ; a tensor with vec form pq×pq for a matrix X). A list or tuple of
    variables: a BlockHessian with every block ∂²f/∂xᵢ∂xⱼ."""
    if not isinstance(wrt, (list, tuple)):
        return second_derivative(f, wrt, None, symmetric, max_size)
    if not wrt:
        raise DifferentiationError("the Hessian needs at least one variable")
    if not f.is_scalar:
        raise DifferentiationError(f"the Hessian needs a scalar function; {f} is "
                                   f"{shape_str(f.shape)}")
    variables = tuple(_find_var(f, w) for w in wrt)
    names = [v.name for v in variables]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise DifferentiationError(f"the Hessian's variables must differ; "
                                   f"{', '.join(repeated)} is given twice")
    gradients = [derive(f, x, "mixed", symmetric, max_size) for x in variables]
    rows = tuple(tuple(_differentiate_gradient(g, y, symmetric, max_size) for y in variables)
                 for g in gradients)
    return BlockHessian(f, variables, rows)


def _in_vec_coordinates(d: Derivative, x: E.Var, y: E.Var) -> E.Expr:
    if d.is_tensor:
        return d.expr.vec
    if Kind.of(x.shape, y.shape) is Kind.SCALAR_BY_MATRIX:
        return present(simplify(B.transpose(B.vec(d.expr))))
    if Kind.of(x.shape, y.shape) is Kind.MATRIX_BY_SCALAR:
        return present(simplify(B.vec(d.expr)))
    return d.expr


@dataclass(frozen=True, eq=False)
class BlockHessian(PrintedAsBlocks):
    """The Hessian of f over several variables: `rows[i][j]` is ∂²f/∂xᵢ∂xⱼ (a Derivative),
    also `H["x", "y"]` (names or variables)."""
    f: E.Expr
    variables: tuple            # of E.Var, in the order asked
    rows: tuple                 # of tuples of Derivative

    # -- blocks ------------------------------------------------------------------------
    def _index(self, key) -> int:
        name = key.name if isinstance(key, E.Var) else key
        for i, v in enumerate(self.variables):
            if v.name == name:
                return i
        raise KeyError(f"{name!r} is not one of the Hessian's variables "
                       f"({', '.join(v.name for v in self.variables)})")

    def __getitem__(self, key) -> Derivative:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise KeyError("a block is H[x, y], two variables (names or variables)")
        return self.rows[self._index(key[0])][self._index(key[1])]

    @property
    def blocks(self) -> dict:
        """{(x name, y name): Derivative} in row order."""
        return {(x.name, y.name): d for x, row in zip(self.variables, self.rows)
                for y, d in zip(self.variables, row)}

    @property
    def shape(self) -> tuple:
        """(Σnᵢ, Σnᵢ), nᵢ the number of entries of the i-th variable (symbolic)."""
        n = dim_total(v.shape[0] * v.shape[1] for v in self.variables)
        return (n, n)

    @property
    def expr(self) -> Blocks:
        """The blocks in vec coordinates, as one block matrix: a tensor by its vec form, the
        matrix block of a scalar and a matrix variable as (vec G)ᵀ (row: scalar x) or vec G
        (column: scalar y)."""
        return Blocks(tuple(tuple(_in_vec_coordinates(d, x, y)
                                  for y, d in zip(self.variables, row))
                            for x, row in zip(self.variables, self.rows)))

    # -- printing ----------------------------------------------------------------------
    def __repr__(self) -> str:
        names = ", ".join(display_name(v.name) for v in self.variables)
        rows = "; ".join(", ".join(str(m) for m in row) for row in self.expr.rows)
        return f"<BlockHessian of {self.f} over ({names}): [{rows}]>"

    def _repr_latex_(self) -> str:
        return f"$$\\nabla^2 f = {self.to_latex()}$$"

    # -- numbers -----------------------------------------------------------------------
    def evaluate(self, values: dict) -> np.ndarray:
        """The Hessian at `values` (name → array) as one (Σnᵢ)×(Σnᵢ) array: block (i, j)
        has rows vec xᵢ and columns vec xⱼ (a matrix variable by its columns stacked)."""
        vs = E.variables(self.f) | set(self.variables)
        sizes = N.bind_dims(vs, values)
        env = {v: N.as_2d(values[v.name], v) for v in vs}
        blocks = []
        for row in self.rows:
            blocks.append([])
            for d in row:
                t = d._as_4d(env, sizes)
                rows = int(np.prod(t.shape[:2]))
                blocks[-1].append(t.reshape((rows, -1), order="F"))
        return np.block(blocks)

    def verify(self, seed: int = 0, sizes: dict | None = None, points: int = 3):
        """Every block's numerical check; the worst verdict (disagrees, then could not
        verify, then the largest error among the verified)."""
        return worst([d.verify(seed=seed, sizes=sizes, points=points)
                      for row in self.rows for d in row])

    def check(self, seed: int = 0, sizes: dict | None = None, h: float = 1e-6) -> float:
        """The largest relative error of any block against central finite differences."""
        return max(d.check(seed, sizes, h) for row in self.rows for d in row)
