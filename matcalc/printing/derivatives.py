"""A derivative as one line of text and as display LaTeX (Jupyter's `_repr_latex_`):
∂L/∂W = … with its kind, layout and shape. Read through the derivative's fields only (this
module does not import diff): `function_name`, `wrt`, `expr`, `is_tensor`, `kind`, `layout`,
`shape`."""
from __future__ import annotations


from .latex import latex_text
from .tensors import tensor_latex, tensor_text
from .text import display_name


def _shape_text(d) -> str:
    return "×".join(str(s) for s in d.shape)


def derivative_text(d) -> str:
    """`∂f/∂X = abᵀ  (scalar-by-matrix, mixed layout, n×m)`; a tensor's lines joined by '; '."""
    about = f"({d.kind}, {d.layout} layout, {_shape_text(d)})"
    if d.is_tensor:
        return f"{'; '.join(tensor_text(d.expr).splitlines())}  {about}"
    return f"∂{d.function_name}/∂{display_name(d.wrt.name)} = {d.expr}  {about}"


def derivative_latex(d) -> str:
    r"""Display math for MathJax and LaTeX alike (no `$` inside `\text`):
    \frac{\partial f}{\partial \mathbf{X}} = … \quad \text{(scalar-by-matrix, mixed layout)},
    n \times m."""
    shape = r" \times ".join(s.latex() for s in d.shape)
    about = rf"\quad \text{{({latex_text(f'{d.kind}, {d.layout} layout')})}}\ {shape}"
    if d.is_tensor:
        return tensor_latex(d.expr) + about
    name = d.function_name
    name = name if len(name) == 1 else rf"\mathit{{{name}}}"
    return (rf"\frac{{\partial {name}}}{{\partial {d.wrt.to_latex()}}} = "
            rf"{d.expr.to_latex()}{about}")
