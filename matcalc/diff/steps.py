"""A derivation's record: its steps as (result, reason) pairs, as data.

Rendering them is printing/steps.py's job. Results are formatted only when shown (--steps,
`Derivative.steps_text/steps_latex`): formatting every intermediate result would cost more
than deriving it, so a step holds expressions, and templates (Lazy) or values computed on
first use (Deferred) where a line needs more than an expression.
"""
from __future__ import annotations

from dataclasses import dataclass


class Lazy:
    """A line written from a template when shown: `fmt` (text) and `latex` (LaTeX, math
    mode) with `{}` for each of `args` (expressions, Deferred values or plain words)."""
    __slots__ = ("fmt", "latex", "args")

    def __init__(self, fmt: str, latex: str, *args):
        self.fmt, self.latex, self.args = fmt, latex, args


class Written:
    """A line already written out, in text and in LaTeX."""
    __slots__ = ("text", "latex")

    def __init__(self, text: str, latex: str):
        self.text, self.latex = text, latex


class Deferred:
    """A value computed when first asked for. The simplified differential is one:
    identification does not always need it, only `.differential` and --steps."""
    __slots__ = ("_compute", "_value")

    def __init__(self, compute):
        self._compute, self._value = compute, None

    @property
    def value(self):
        if self._value is None:
            self._value = self._compute()
            self._compute = None
        return self._value


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what was obtained (an Expr, a Tensor, a Lazy or Written
    line), and why (text, or a Deferred text)."""
    result: object
    reason: object
