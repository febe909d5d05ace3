r"""A derivation's steps (diff/steps.py) as numbered text lines or a LaTeX align* environment.

A step is read through its fields only (this module does not import diff): `result` and
`reason`. A result or reason, or an argument of a template, is one of
    an Expr                      printed by text.py / latex.py
    a tensor (has `vec`, `index`) printed by tensors.py
    a template (`fmt`, `latex`, `args`: Lazy)   each `{}` filled with its argument
    a written line (`text`, `latex`: Written)   either part may be deferred
    a deferred value (`value`: Deferred)        printed as its value
    plain text                   as it is (in LaTeX: upright, escaped)
In LaTeX a template's \left( … \right) pairs are resized to fit (delimiters.py), and with
`breaks=True` products may break between factors (latex.py): lecture notes set each step
as a breqn equation that breaks to fit the page (document.py).
"""
from __future__ import annotations

from ..core.expr import Expr
from ..core.limits import STEP_CHARS_PER_NODE, check_printed
from .delimiters import fit_parentheses
from .latex import latex_text, to_latex
from .tensors import tensor_latex, tensor_text
from .text import to_text


def _is_template(x) -> bool:
    return all(hasattr(x, a) for a in ("fmt", "latex", "args"))


def _is_written(x) -> bool:
    return hasattr(x, "text") and hasattr(x, "latex") and not _is_template(x)


def _is_tensor(x) -> bool:
    return hasattr(x, "vec") and hasattr(x, "index")


def _resolved(x):
    """x, or the value of a deferred x (an Expr's own fields are not looked at)."""
    while not isinstance(x, (Expr, str)) and hasattr(x, "value"):
        x = x.value
    return x


def text(x) -> str:
    """One result, reason or template argument as unicode text."""
    x = _resolved(x)
    if isinstance(x, Expr):
        return to_text(x)
    if _is_tensor(x):
        return tensor_text(x)
    if _is_template(x):
        return x.fmt.format(*(text(a) for a in x.args))
    if _is_written(x):
        return str(_resolved(x.text))
    return str(x)


def latex(x, bold: bool = True, breaks: bool = False) -> str:
    """One result or template argument in LaTeX math mode (plain words upright); `breaks`
    allows line breaks between the factors of products."""
    x = _resolved(x)
    if isinstance(x, Expr):
        return to_latex(x, bold=bold, breaks=breaks)
    if _is_tensor(x):
        return tensor_latex(x, bold=bold)
    if _is_template(x):
        return fit_parentheses(x.latex.format(*(latex(a, bold, breaks) for a in x.args)))
    if _is_written(x):
        return str(_resolved(x.latex))
    word = str(x)
    return word if word.isalnum() else rf"\text{{{latex_text(word)}}}"


def step_text(step) -> str:
    """result    [reason]"""
    return f"{text(step.result)}    [{text(step.reason)}]"


def steps_text(steps) -> str:
    """The derivation, one numbered step a line: result    [reason]. The whole text is
    bounded like any printed text (core/limits.py): a derivation whose steps repeat a large
    differential (a deep nest) is refused, not written out."""
    lines, chars = [], 0
    for n, s in enumerate(steps, start=1):
        lines.append(f"{n}. {step_text(s)}")
        chars += len(lines[-1]) + 1
        check_printed(chars, "derivation (the steps)", STEP_CHARS_PER_NODE)
    return "\n".join(lines)


def steps_latex(steps, bold: bool = True) -> str:
    """The derivation as a LaTeX align* environment: one numbered step a line, the result
    on the left, the reason (rule and Cookbook number) on the right."""
    lines, chars = [], 0
    for n, step in enumerate(steps, start=1):
        math, reason = latex(step.result, bold), latex_text(text(step.reason))
        lines.append(rf"  &({n})\quad {math} && \text{{{reason}}}")
        chars += len(lines[-1]) + 4
        check_printed(chars, "derivation (the steps)", STEP_CHARS_PER_NODE)
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"
