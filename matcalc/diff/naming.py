"""A derivative of a named function: ∂L/∂W instead of ∂f/∂W.

`renamed(d, "L")` is `d` with the function called L wherever the derivative names it: the
`name` field that `Derivative.function_name` reads (and with it `repr`, `_repr_latex_`, the
command line and JSON), a tensor's `f_name` (its index and vec forms), and the steps, whose
templates name the function through an argument equal to the default name (f or F, from
identify.function_name). The first step reads `L = <the expression>`. Nothing is derived
again: the steps and results are the same objects, relabelled.
"""
from __future__ import annotations

from dataclasses import replace

from ..printing.derivatives import function_name_latex
from ..printing.text import display_name
from .steps import Deferred, Lazy, Step, Written
from .tensor import Tensor


def name_line(name: str) -> Written:
    """The function's name as a template argument: unicode text and LaTeX (`\\mathit{loss}`,
    `h_{1}`, `\\alpha`), the way a variable of that name prints."""
    return Written(display_name(name), function_name_latex(name))


def renamed(d, name: str):
    """`d` (a Derivative) for the function called `name`."""
    old = d.function_name
    expr = replace(d.expr, f_name=name) if isinstance(d.expr, Tensor) \
        else d.expr
    label = name_line(name)
    steps = tuple(_relabelled(s, old, label, d.expr, expr) for s in d.steps)
    if steps and steps[0].result is d.f:
        steps = (Step(Lazy("{} = {}", "{} = {}", label, d.f), steps[0].reason),) + steps[1:]
    return replace(d, name=name, expr=expr, steps=steps)


def _relabelled(step: Step, old: str, label: Written, old_tensor, new_tensor) -> Step:
    result = step.result
    if isinstance(result, Lazy):
        args = tuple(label if isinstance(a, str) and a == old else a for a in result.args)
        result = Lazy(result.fmt, result.latex, *args)
    elif result is old_tensor and new_tensor is not old_tensor:
        result = new_tensor
    elif (isinstance(result, Written) and isinstance(old_tensor, Tensor)
          and old_tensor.index is not None and _value(result.text) == old_tensor.index_form):
        result = Written(Deferred(lambda: new_tensor.index_form),
                         Deferred(lambda: new_tensor.index_form_latex))
    return Step(result, step.reason)


def _value(x):
    return x.value if isinstance(x, Deferred) else x
