"""matcalc's error types. Every error a user can cause is a MatcalcError.

The command line maps them to exit codes in one place (cli.py): user errors exit with 2.
"""
from __future__ import annotations


class MatcalcError(Exception):
    """Base class of every error matcalc raises on bad input."""


class ParseError(MatcalcError):
    """Text that the grammar does not accept; carries line, column and a caret context."""

    def __init__(self, message: str, line: int = 0, column: int = 0, context: str = ""):
        self.line, self.column, self.context = line, column, context
        where = f" at line {line}, column {column}" if line else ""
        text = f"{message}{where}"
        if context:
            text += "\n\n" + context.rstrip("\n")
        super().__init__(text)
        self.message = message


class ShapeError(MatcalcError):
    """Operands whose shapes do not fit the operator."""


class DeclarationError(MatcalcError):
    """A declaration that is malformed or contradicts another one or the expression."""


class DifferentiationError(MatcalcError):
    """A derivative that cannot be taken (absent variable, unsupported operator, ...)."""


class SizeLimitError(DifferentiationError):
    """A result that would grow past the configured size bound."""


class TimeLimitError(MatcalcError):
    """The work did not finish within the time limit (max_seconds=, --timeout); `stage`
    names what was being done, `seconds` the limit."""

    def __init__(self, message: str, stage: str = "", seconds: float | None = None):
        super().__init__(message)
        self.stage, self.seconds = stage, seconds


class EvaluationError(MatcalcError):
    """Numeric evaluation failed: missing values, wrong array shapes, non-finite results."""
