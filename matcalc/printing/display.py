r"""Display in Jupyter and at the prompt (issue 13 §4): one readable `repr` line and
`_repr_latex_` display math for expressions, tensors and derivations.

Contracts
- `repr(e)` of an expression is one line, `<Expr aᵀXb  (scalar)>`, `<Expr Xb  (vector, n×1)>`;
  `str(e)` stays the printed form and `e._repr_latex_()` inline math `$…$`. Installed on
  every node type by `install()` (printing/__init__.py calls it); `dataclass_repr(e)` gives
  the fields for debugging.
- `display_math(latex)` is display math for Jupyter: `$$…$$`, read by MathJax (2 and 3) and
  by LaTeX alike.
- `math_text(text)` writes a plain-text line with matcalc's unicode symbols (∂, ᵀ, ⁻¹, ⊗, Σ,
  greek) for math mode: runs of characters that MathJax and LaTeX both read literally
  inside `\text{…}`, everything else as a math command (`\partial`, `^{\top}`, `\_`). Never a
  `$` inside `\text` (MathJax has no text-mode math there) and no text-mode-only command.
- `Derivation(steps)`: a derivation's steps as a value: `str()` the numbered lines,
  `repr()` one line, `_repr_latex_()` an `aligned` block in display math, reasons as
  `math_text`. A step is read through printing/steps.py (its `result` and `reason`).
- `tensor_repr(t)`, `tensor_display_latex(t)`: a Tensor (diff/tensor.py) on one line and
  as display math with its shape.
"""
from __future__ import annotations

import dataclasses


from ..core.expr import Expr
from ..core.operators import OPERATORS
from ..core.shapes import shape_str
from . import steps as printed_steps
from .latex import _SYMBOLS, script_runs, to_latex
from .tensors import tensor_latex, tensor_text
from .text import to_text

# ====================================================================================
# Math mode for MathJax and LaTeX
# ====================================================================================

#: characters read literally inside \text{…} by MathJax and by LaTeX (OT1 fonts)
_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                     " ()[].,:;=+-/'*!?@`\"")
#: the characters that are special to TeX, as math-mode commands both know
_MATH_ESCAPES = {"\\": r"\backslash ", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#",
                 "{": r"\{", "}": r"\}", "^": r"\hat{}", "~": r"\sim ", "$": r"\$",
                 "<": "<", ">": ">", "|": r"\vert "}


def display_math(latex: str) -> str:
    """`$$latex$$`: display math in Jupyter (MathJax) and LaTeX."""
    return f"$${latex}$$"


def math_text(text: str) -> str:
    r"""`text` for math mode: words in `\text{…}`, symbols as commands.

    'Cookbook (37): ∂(XY) = (∂X)Y' → '\text{Cookbook (37): }\partial\text{(XY) = (}\partial
    \text{X)Y}'. A character neither reads literally nor has a command for stays inside
    `\text` (MathJax shows it as it is)."""
    out: list = []
    words: list = []

    def flush():
        if words:
            out.append(rf"\text{{{''.join(words)}}}")
            words.clear()

    for script, piece in script_runs(text):
        if script:
            flush()
            if not out:                          # a sub/superscript needs a base
                out.append("{}")
            out.append(piece)
        elif piece in _LITERAL or (not piece.isascii() and piece not in _SYMBOLS):
            words.append(piece)
        else:
            flush()
            out.append(_SYMBOLS.get(piece) or _MATH_ESCAPES[piece])
            if out[-1][-1].isalpha():            # \partial followed by a letter
                out.append(" ")
    flush()
    return "".join(out).strip()


# ====================================================================================
# Expressions
# ====================================================================================

def _about(shape, kind: str) -> str:
    return "(scalar)" if kind == "scalar" else f"({kind}, {shape_str(shape)})"


def expr_repr(e: Expr) -> str:
    """`<Expr aᵀXb  (scalar)>`, `<Expr AXB  (matrix, n×m)>`: one line."""
    return f"<Expr {to_text(e)}  {_about(e.shape, e.kind)}>"


def dataclass_repr(e) -> str:
    """The node's fields all the way down, the way a dataclass prints them (for
    debugging): `MatMul(factors=(Transpose(arg=Var(name='a', ...)), ...))`."""
    if isinstance(e, Expr):
        fields = ", ".join(f"{f.name}={dataclass_repr(getattr(e, f.name))}"
                           for f in dataclasses.fields(e))
        return f"{type(e).__name__}({fields})"
    if isinstance(e, tuple):
        return f"({', '.join(dataclass_repr(x) for x in e)}{',' if len(e) == 1 else ''})"
    return repr(e)


# ====================================================================================
# Tensors
# ====================================================================================

def tensor_repr(t) -> str:
    """`<Tensor ∂f_i/∂A_kl = δ_ik x_l; ∂vec f/∂vec A = xᵀ ⊗ Iₙ; (a 3-index tensor …)>`."""
    return f"<Tensor {'; '.join(tensor_text(t).splitlines())}>"


def tensor_display_latex(t) -> str:
    r"""The index form and vec form, then the tensor's shape, as display math."""
    shape = r" \times ".join(d.latex() for d in t.shape)
    return display_math(rf"{tensor_latex(t)}\quad \text{{({len(t.shape)}-index tensor)}}\ "
                        f"{shape}")


# ====================================================================================
# Derivations
# ====================================================================================

class Derivation:
    """A derivation's steps, displayable: the numbered lines (`str`), one line (`repr`),
    and display math in Jupyter (`_repr_latex_`). Indexing and iteration give the steps."""

    def __init__(self, steps):
        self.steps = tuple(steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, k):
        return self.steps[k]

    def __str__(self) -> str:
        return printed_steps.steps_text(self.steps)

    def __repr__(self) -> str:
        """`<Derivation, 5 steps: aᵀXb … abᵀ>`."""
        if not self.steps:
            return "<Derivation, no steps>"
        first, last = ("; ".join(printed_steps.text(s.result).splitlines())
                       for s in (self.steps[0], self.steps[-1]))
        n = len(self.steps)
        return f"<Derivation, {n} step{'s' if n != 1 else ''}: {first} … {last}>"

    def to_latex(self, bold: bool = True) -> str:
        """The LaTeX align* environment of `Derivative.steps_latex` (for documents)."""
        return printed_steps.steps_latex(self.steps, bold)

    def _repr_latex_(self) -> str:
        r"""One numbered step a line, the reason beside it, as an aligned block in `$$…$$`."""
        lines = [rf"&({n})\quad {printed_steps.latex(s.result)} && "
                 rf"{math_text(printed_steps.text(s.reason))}"
                 for n, s in enumerate(self.steps, start=1)]
        return display_math("\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}")


# ====================================================================================
# Installation
# ====================================================================================

def _expr_latex(e: Expr) -> str:
    return f"${to_latex(e)}$"


def install() -> None:
    """`repr` and `_repr_latex_` on every node type (each dataclass node has its own repr,
    so the base class alone would not do)."""
    Expr._repr_latex_ = _expr_latex
    Expr.__repr__ = expr_repr
    for node_type in OPERATORS:
        node_type.__repr__ = expr_repr
