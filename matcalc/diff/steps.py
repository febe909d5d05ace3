"""A derivation's record: its steps as (result, reason) pairs, rendered as text or LaTeX.

Results are formatted only when shown (--steps, `Derivative.steps_text/steps_latex`):
formatting every intermediate result would cost more than deriving it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..printing.latex import latex_text


class Lazy:
    """Text formatted when first shown: the steps of a derivation are only printed on
    request (--steps), and formatting every intermediate result costs time. `latex` is the
    same line in LaTeX (math mode); the arguments are expressions or plain words."""
    __slots__ = ("fmt", "latex", "args")

    def __init__(self, fmt: str, latex: str, *args):
        self.fmt, self.latex, self.args = fmt, latex, args

    def __str__(self) -> str:
        return self.fmt.format(*self.args)

    def to_latex(self, bold=True) -> str:
        return self.latex.format(*(_latex(a, bold) for a in self.args))


class Written:
    """A line already written out, in text and in LaTeX (the index form of a tensor)."""
    __slots__ = ("text", "latex")

    def __init__(self, text: str, latex: str):
        self.text, self.latex = text, latex

    def __str__(self) -> str:
        return self.text

    def to_latex(self, bold=True) -> str:
        return self.latex


def _latex(x, bold=True) -> str:
    """An expression, a Deferred one, a Tensor or a plain word, in LaTeX math mode."""
    if isinstance(x, Deferred):
        x = x.value
    if hasattr(x, "to_latex"):
        return x.to_latex(bold=bold)
    return rf"\text{{{latex_text(str(x))}}}" if not str(x).isalnum() else str(x)


class Deferred:
    """A value computed when first asked for; its text is the value's text. The simplified
    differential is one: identification does not need it, only `.differential` and --steps."""
    __slots__ = ("_compute", "_value")

    def __init__(self, compute):
        self._compute, self._value = compute, None

    @property
    def value(self):
        if self._value is None:
            self._value = self._compute()
            self._compute = None
        return self._value

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what was obtained, and why."""
    result: object          # an Expr, a Lazy text, or text
    reason: str

    def __str__(self) -> str:
        return f"{self.result}    [{self.reason}]"

    def to_latex(self, bold=True) -> tuple:
        """(the result in math mode, the reason as LaTeX text)."""
        return _latex(self.result, bold), latex_text(str(self.reason))


def steps_text(steps) -> str:
    """The derivation, one numbered step a line: result    [reason]."""
    return "\n".join(f"{n}. {s}" for n, s in enumerate(steps, start=1))


def steps_latex(steps, bold=True) -> str:
    """The derivation as a LaTeX align* environment: one numbered step a line, the result
    on the left, the reason (rule and Cookbook number) on the right."""
    lines = []
    for n, step in enumerate(steps, start=1):
        math, reason = step.to_latex(bold)
        lines.append(rf"  &({n})\quad {math} && \text{{{reason}}}")
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"
