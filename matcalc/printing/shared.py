"""Several results printed together, with their named intermediates defined once after them:

    ∂f/∂W1 = 2W2ᵀδ2 ∘ … xᵀ
    ∂f/∂W2 = 2δ2h1ᵀ
    where
        h1 = tanh(W1x)
        δ2 = y ∘ h2.^2 − h2.^3 + h2 − y

    render_shared(lines, definitions, fmt) → str

`lines` are (left-hand side, body) pairs, the body an expression (printed in `fmt`) or text
already printed (a tensor); `definitions` are (name, expression) pairs in the order they are
defined, each expression using only earlier names. Which subexpressions are named, and
how, is decided elsewhere (diff/intermediates.py): this module only prints. Formats: "text"
(unicode), "ascii", "latex" (an aligned block, pasteable into a document).
"""
from __future__ import annotations

from .latex import to_latex
from .text import display_name, to_ascii, to_text

PRINT = {"text": to_text, "ascii": to_ascii, "latex": to_latex}


def derivative_lhs(function_name: str, wrt, fmt: str = "text") -> str:
    """∂f/∂W1 (text), df/dW1 (ascii), \\frac{\\partial f}{\\partial \\mathbf{W}_{1}} (latex)."""
    if fmt == "latex":
        name = function_name if len(function_name) == 1 else rf"\mathit{{{function_name}}}"
        return rf"\frac{{\partial {name}}}{{\partial {to_latex(wrt)}}}"
    if fmt == "ascii":
        return f"d{function_name}/d{wrt.name}"
    return f"∂{function_name}/∂{display_name(wrt.name)}"


def _body(e, fmt: str) -> str:
    return e if isinstance(e, str) else PRINT[fmt](e)


def render_shared(lines, definitions, fmt: str = "text") -> str:
    """The results, then `where` and one definition a line (nothing when none)."""
    if fmt not in PRINT:
        raise ValueError(f"unknown format {fmt!r}: text, ascii or latex")
    if fmt == "latex":
        return _latex(lines, definitions)
    out = [f"{lhs} = {_body(body, fmt)}" for lhs, body in lines]
    if definitions:
        out.append("where")
        out.extend(f"    {PRINT[fmt](name)} = {PRINT[fmt](e)}" for name, e in definitions)
    return "\n".join(out)


def _latex(lines, definitions) -> str:
    rows = [rf"{lhs} &= {_body(body, 'latex')}" for lhs, body in lines]
    for i, (name, e) in enumerate(definitions):
        lead = r"\text{where}\quad " if i == 0 else ""
        rows.append(rf"{lead}{to_latex(name)} &= {to_latex(e)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
