"""Printers: unicode and ASCII text (text.py), LaTeX (latex.py), sharing precedence.py.

This is the one place that gives expressions their printed forms: importing it installs
`Expr.__str__` (unicode text), `Expr.to_ascii()`, `Expr.to_latex(bold=True)`,
`Expr.to_sympy()` (sympy_form.py: the SymPy matrix expression), and from display.py
`Expr._repr_latex_()` (for Jupyter) and a one-line `repr` (`<Expr aᵀXb  (scalar)>`;
`display.dataclass_repr(e)` gives the fields for debugging).
"""
from ..core.expr import Expr
from . import display
from .sympy_form import to_sympy
from .latex import to_latex
from .text import to_ascii, to_text


def _install() -> None:
    Expr.__str__ = to_text
    Expr.to_ascii = to_ascii
    Expr.to_latex = lambda self, bold=True: to_latex(self, bold=bold)
    Expr.to_sympy = lambda self, symbols=None: to_sympy(self, symbols)
    display.install()


_install()

__all__ = ["to_text", "to_ascii", "to_latex"]
