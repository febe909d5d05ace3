"""The derivative with respect to several scalar or vector variables stacked into one vector
v = (x₁; …; x_k): MML Example 5.7, f(x₁, x₂) = x₁²x₂ + x₁x₂³ with
df/dx = [2x₁x₂ + x₂³, x₁² + 3x₁x₂²] (a 1×2 row in numerator layout, a 2-vector in the mixed
and denominator layouts).

    stacked(f, [x₁, …, x_k], layout) → StackedDerivative

Each part ∂f/∂xᵢ is derived on its own, in the layout asked, by `derive`; the stacked
derivative is the derivative by v, a vector of Σnᵢ entries, so the layout table gives its
shape: for a scalar f a gradient (row in numerator layout, column otherwise), for a vector f
a Jacobian m×Σnᵢ (Σnᵢ×m in denominator layout). The parts are put side by side where the
layout puts v along the columns and one under another where it puts v along the rows.

The result is a block matrix of the parts (diff/blocks.py), printed like the book:
[2x₁x₂ + x₂³, 3x₁x₂² + x₁²] in text, a bmatrix in LaTeX. It is not a new expression node:
a stack of entries has no operator in the language, and every entry stays a Derivative with
its own steps and numerical check (the stacked check is the parts' checks: the finite
differences by v are those by each xᵢ).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import numeric as N
from ..core.dims import dim_total
from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.shapes import shape_str
from ..printing.text import display_name
from . import layout as L
from .blocks import Blocks, PrintedAsBlocks, worst
from .derivative import derive, flat_shape, flat_values
from .kind import Kind


def stacked(f: E.Expr, wrt, layout: str = "mixed", symmetric: str = "symmetric",
            max_size: int | None = None) -> StackedDerivative:
    """∂f/∂v for v = (x₁; …; x_k) stacked from the scalar or vector variables `wrt`, for a
    scalar or vector f."""
    L.check_layout(layout)
    if not isinstance(wrt, (list, tuple)) or not wrt:
        raise DifferentiationError("a stacked derivative needs a list of variables")
    parts = tuple(derive(f, w, layout, symmetric, max_size) for w in wrt)
    names = [d.wrt.name for d in parts]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise DifferentiationError(f"the stacked variables must differ; "
                                   f"{', '.join(repeated)} is given twice")
    for d in parts:
        if d.wrt.kind not in ("scalar", "vector"):
            raise DifferentiationError(
                f"only scalars and column vectors stack into one vector; {d.wrt.name} is "
                f"{shape_str(d.wrt.shape)} (differentiate by it on its own, or by vec)")
    if f.kind not in ("scalar", "vector"):
        raise DifferentiationError(f"a stacked derivative needs a scalar or vector function; "
                                   f"{f} is {shape_str(f.shape)}")
    return StackedDerivative(f, tuple(d.wrt for d in parts), layout, parts)


@dataclass(frozen=True, eq=False)
class StackedDerivative(PrintedAsBlocks):
    """∂f/∂(x₁; …; x_k): `parts[i]` is ∂f/∂xᵢ (a Derivative in the same layout)."""
    f: E.Expr
    variables: tuple            # of E.Var
    layout: str
    parts: tuple                # of Derivative

    @property
    def size(self):
        """Σnᵢ: the length of the stacked vector (symbolic)."""
        return dim_total(v.shape[0] for v in self.variables)

    @property
    def kind(self) -> Kind:
        """The kind of the derivative by the stacked vector: scalar- or vector-by-vector."""
        return Kind.of(self.f.shape, (self.size, 1))

    @property
    def along_rows(self) -> bool:
        """Does the layout put the stacked vector along the rows (a column of blocks)?"""
        return self.kind.is_gradient != L.transposed(self.kind, self.layout)

    @property
    def expr(self) -> Blocks:
        parts = [d.expr for d in self.parts]
        return Blocks(tuple((p,) for p in parts) if self.along_rows else (tuple(parts),))

    @property
    def shape(self) -> tuple:
        return L.expected_shape(self.kind, self.layout, self.f.shape, (self.size, 1))

    @property
    def is_tensor(self) -> bool:
        return False

    @property
    def depends(self) -> bool:
        return any(d.depends for d in self.parts)

    # -- printing ----------------------------------------------------------------------
    @property
    def wrt_text(self) -> str:
        """(x₁, x₂): the stacked variables as written in ∂f/∂(x₁, x₂)."""
        return "(" + ", ".join(display_name(v.name) for v in self.variables) + ")"

    def __repr__(self) -> str:
        shape = "×".join(str(s) for s in self.shape)
        return (f"<StackedDerivative ∂{self.parts[0].function_name}/∂{self.wrt_text} = "
                f"{' '.join(str(self).splitlines())}  ({self.kind}, {self.layout} layout, "
                f"{shape})>")

    def _repr_latex_(self) -> str:
        """Jupyter: ∂f/∂(x₁, x₂) = [ … ] as display math."""
        wrt = ", ".join(v.to_latex() for v in self.variables)
        return rf"$$\frac{{\partial f}}{{\partial ({wrt})}} = {self.to_latex()}$$"

    def steps_text(self) -> str:
        return "\n\n".join(d.steps_text() for d in self.parts)

    def steps_latex(self, bold: bool = True) -> str:
        return "\n".join(d.steps_latex(bold) for d in self.parts)

    # -- numbers -----------------------------------------------------------------------
    def evaluate(self, values: dict) -> np.ndarray:
        """The stacked derivative at `values` as one array of the layout's shape (Σnᵢ
        entries along the stacked axis); 1-D for a gradient when the vectors were given as
        1-D arrays (Derivative.evaluate's rule)."""
        vs = E.variables(self.f) | set(self.variables)
        sizes = N.bind_dims(vs, values)
        env = {v: N.as_2d(values[v.name], v) for v in vs}
        blocks = [d._evaluate(env, sizes) for d in self.parts]
        value = np.vstack(blocks) if self.along_rows else np.hstack(blocks)
        return flat_shape(value, self.shape) if flat_values(vs, values) else value

    def verify(self, seed: int = 0, sizes: dict | None = None, points: int = 3):
        """The parts' numerical checks; the worst verdict speaks for the stack."""
        return worst([d.verify(seed=seed, sizes=sizes, points=points) for d in self.parts])

    def check(self, seed: int = 0, sizes: dict | None = None, h: float = 1e-6) -> float:
        """The largest relative error of any part against central finite differences."""
        return max(d.check(seed, sizes, h) for d in self.parts)

