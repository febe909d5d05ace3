"""A derivative as one line of text and as display LaTeX (Jupyter's `_repr_latex_`):
∂L/∂W = … with its kind, layout and shape. Read through the derivative's fields only (this
module does not import diff): `function_name`, `wrt`, `expr`, `is_tensor`, `kind`, `layout`,
`shape`, `name`, and `second_of` ((f, x) when the derivative is ∂(∇ₓf)/∂y: ∂²f/∂x∂yᵀ = …)."""
from __future__ import annotations


from ..core.build import scalar
from ..core.expr import Var
from .latex import latex_text, to_latex
from .tensors import tensor_latex, tensor_text
from .text import display_name


def _shape_text(d) -> str:
    return "×".join(str(s) for s in d.shape)


def _second(d, latex: bool = False):
    """(the function's name, the denominator) of a second derivative ∂²f/∂x∂y (`second_of`
    is (f, x) when d is ∂(∇ₓf)/∂y), else None: ∂x² (scalar x = y), ∂x∂xᵀ (the Hessian by a
    vector), ∂x∂yᵀ (y a vector), ∂x∂y."""
    second = getattr(d, "second_of", None)
    if second is None:
        return None
    f, x = second
    y = d.wrt
    name = d.name if getattr(d, "name", None) else (f.name if isinstance(f, Var) else "f")
    if latex:
        xs, ys = x.to_latex(), y.to_latex()
        by = (rf"\partial {xs}^2" if x == y and x.is_scalar else
              rf"\partial {xs} \partial {ys}" + (r"^\top" if y.kind == "vector" else ""))
    else:
        xs, ys = display_name(x.name), display_name(y.name)
        by = (f"∂{xs}²" if x == y and x.is_scalar else
              f"∂{xs}∂{ys}" + ("ᵀ" if y.kind == "vector" else ""))
    return name, by


def _about(d) -> str:
    second = getattr(d, "second_of", None)
    if second is not None:
        what = "Hessian" if second[1] == d.wrt else "second derivative"
        return f"{what}, {d.kind}"
    return f"{d.kind}, {d.layout} layout"


def derivative_text(d) -> str:
    """`∂f/∂X = abᵀ  (scalar-by-matrix, mixed layout, n×m)`; a tensor's lines joined by '; ';
    a Hessian `∂²f/∂x∂xᵀ = A + Aᵀ  (Hessian, vector-by-vector, n×n)` (∂²f/∂x² by a scalar,
    ∂²f/∂x∂y for a mixed second derivative)."""
    about = f"({_about(d)}, {_shape_text(d)})"
    if d.is_tensor:
        return f"{'; '.join(tensor_text(d.expr).splitlines())}  {about}"
    second = _second(d)
    if second is not None:
        return f"∂²{display_name(second[0])}/{second[1]} = {d.expr}  {about}"
    return f"∂{display_name(d.function_name)}/∂{display_name(d.wrt.name)} = {d.expr}  {about}"


def function_name_latex(name: str) -> str:
    """A function's name in LaTeX as a scalar variable of that name prints: L, h_{1},
    \\alpha, \\mathit{loss}."""
    return to_latex(scalar(name))


def derivative_latex(d) -> str:
    r"""Display math for MathJax and LaTeX alike (no `$` inside `\text`):
    \frac{\partial f}{\partial \mathbf{X}} = … \quad \text{(scalar-by-matrix, mixed layout)},
    n \times m."""
    shape = r" \times ".join(s.latex() for s in d.shape)
    about = rf"\quad \text{{({latex_text(_about(d))})}}\ {shape}"
    if d.is_tensor:
        return tensor_latex(d.expr) + about
    second = _second(d, latex=True)
    if second is not None:
        return (rf"\frac{{\partial^2 {function_name_latex(second[0])}}}{{{second[1]}}} = "
                rf"{d.expr.to_latex()}{about}")
    return (rf"\frac{{\partial {function_name_latex(d.function_name)}}}"
            rf"{{\partial {d.wrt.to_latex()}}} = {d.expr.to_latex()}{about}")
