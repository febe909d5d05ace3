"""A derivative as one line of text and as display LaTeX (Jupyter's `_repr_latex_`):
∂L/∂W = … with its kind, layout and shape. Read through the derivative's fields only (this
module does not import diff): `function_name`, `wrt`, `expr`, `is_tensor`, `kind`, `layout`,
`shape`, and `hessian_of` (the function f when this is its Hessian: ∂²f/∂x∂xᵀ = …)."""
from __future__ import annotations

import sympy

from ..core.expr import Var
from .latex import latex_text
from .tensors import tensor_latex, tensor_text
from .text import display_name


def _shape_text(d) -> str:
    return "×".join(str(s) for s in d.shape)


def _name(f) -> str:
    """A scalar function's name in ∂²f: the variable's when f is one, else f."""
    return f.name if isinstance(f, Var) else "f"


def _hessian_of(d):
    return getattr(d, "hessian_of", None)


def _about(d) -> str:
    if _hessian_of(d) is not None:
        return f"Hessian, {d.kind}"
    return f"{d.kind}, {d.layout} layout"


def derivative_text(d) -> str:
    """`∂f/∂X = abᵀ  (scalar-by-matrix, mixed layout, n×m)`; a tensor's lines joined by '; ';
    a Hessian `∂²f/∂x∂xᵀ = A + Aᵀ  (Hessian, vector-by-vector, n×n)` (∂²f/∂x² by a scalar)."""
    about = f"({_about(d)}, {_shape_text(d)})"
    if d.is_tensor:
        return f"{'; '.join(tensor_text(d.expr).splitlines())}  {about}"
    x = display_name(d.wrt.name)
    f = _hessian_of(d)
    if f is not None:
        by = f"∂{x}²" if d.wrt.is_scalar else f"∂{x}∂{x}ᵀ"
        return f"∂²{_name(f)}/{by} = {d.expr}  {about}"
    return f"∂{d.function_name}/∂{x} = {d.expr}  {about}"


def derivative_latex(d) -> str:
    r"""Display math for MathJax and LaTeX alike (no `$` inside `\text`):
    \frac{\partial f}{\partial \mathbf{X}} = … \quad \text{(scalar-by-matrix, mixed layout)},
    n \times m."""
    shape = r" \times ".join(sympy.latex(s) for s in d.shape)
    about = rf"\quad \text{{({latex_text(_about(d))})}}\ {shape}"
    if d.is_tensor:
        return tensor_latex(d.expr) + about
    x, f = d.wrt.to_latex(), _hessian_of(d)
    if f is not None:
        by = rf"\partial {x}^2" if d.wrt.is_scalar else rf"\partial {x} \partial {x}^\top"
        return (rf"\frac{{\partial^2 {_latex_name(_name(f))}}}{{{by}}} = "
                rf"{d.expr.to_latex()}{about}")
    return (rf"\frac{{\partial {_latex_name(d.function_name)}}}{{\partial {x}}} = "
            rf"{d.expr.to_latex()}{about}")


def _latex_name(name: str) -> str:
    return name if len(name) == 1 else rf"\mathit{{{name}}}"
