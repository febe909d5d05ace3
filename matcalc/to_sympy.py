"""`matcalc.to_sympy`: a matcalc expression, derivative or tensor as a SymPy matrix
expression. The converter is printing/sympy_form.py (where printing installs
`Expr.to_sympy()`); this module keeps the name `from matcalc.to_sympy import to_sympy`."""
from .printing.sympy_form import as_matrix, as_scalar, to_sympy

__all__ = ["to_sympy", "as_scalar", "as_matrix"]
