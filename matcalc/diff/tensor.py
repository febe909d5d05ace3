"""Derivatives that are tensors (vector by matrix, matrix by vector, matrix by matrix, and
Hessians with respect to a matrix), as data: the vec/Kronecker matrix ∂vec F/∂vec X and,
when the differential is a sum of terms P·dX·Q (or P·dXᵀ·Q), the index form read from those
terms, ∂F_ij/∂X_kl = Σ P_ik Q_lj (the lecture notes' way).

Their text, ASCII and LaTeX are printing/tensors.py's; `str(t)`, `t.to_latex()`,
`t.index_form` (text) are shortcuts to it. `repr(t)` is one line and `t._repr_latex_()`
display math for Jupyter (printing/display.py); `t.to_sympy()` the vec form in SymPy.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import expr as E
from ..core.shapes import is_one
from ..printing import display as D
from ..printing.sympy_form import to_sympy
from ..printing import tensors as T


@dataclass(frozen=True)
class IndexTerm:
    """One term coeff · P · dX · Q (or P · dXᵀ · Q); P or Q None where absent (identity)."""
    coeff: E.Expr | None
    left: E.Expr | None
    transposed: bool
    right: E.Expr | None


@dataclass(frozen=True)
class IndexForm:
    """∂F_ij/∂X_kl = Σ terms: the letters (None where that dimension is 1) and the terms."""
    f_indices: tuple            # (i or None, j or None)
    x_indices: tuple            # (k or None, l or None)
    terms: tuple                # of IndexTerm


@dataclass(frozen=True)
class Tensor:
    """∂F/∂X as data: the vec form (an Expr), the index form (or None when the differential
    has no P·dX·Q form), the tensor's symbolic shape (its kept axes), and the names."""
    f_name: str
    variable: E.Var
    vec: E.Expr                 # ∂vec F / ∂vec X
    index: IndexForm | None
    shape: tuple                # kept axes of (F rows, F cols, X rows, X cols)

    @property
    def x_name(self) -> str:
        return self.variable.name

    @property
    def index_form(self) -> str | None:
        """'∂F_ij/∂X_kl = δ_ik B_lj', or None."""
        return T.index_form_text(self)

    @property
    def index_form_latex(self) -> str | None:
        return T.index_form_latex(self)

    def __str__(self) -> str:
        return T.tensor_text(self)

    def to_ascii(self) -> str:
        return T.tensor_ascii(self)

    def to_latex(self, bold=True) -> str:
        return T.tensor_latex(self, bold=bold)

    def __repr__(self) -> str:
        return D.tensor_repr(self)

    def _repr_latex_(self) -> str:
        return D.tensor_display_latex(self)

    def to_sympy(self, symbols: dict | None = None):
        """The vec form ∂vec F/∂vec X as a SymPy matrix expression."""
        return to_sympy(self, symbols)


def _split(term, dX):
    """term = coeff · P · (dX or dXᵀ) · Q  →  IndexTerm, or None."""
    coeff = None
    if isinstance(term, E.Scale):
        coeff, term = term.coeff, term.arg
    factors = term.factors if isinstance(term, E.MatMul) else (term,)
    for k, f in enumerate(factors):
        if f == dX or (isinstance(f, E.Transpose) and f.arg == dX):
            L, R = factors[:k], factors[k + 1:]
            if any(E.contains(x, dX) for x in L + R):
                return None
            P = (L[0] if len(L) == 1 else E.MatMul(L)) if L else None
            Q = (R[0] if len(R) == 1 else E.MatMul(R)) if R else None
            return IndexTerm(coeff, P, f != dX, Q)
    return None


def read_index_form(dF: E.Expr, dX: E.Delta) -> IndexForm | None:
    """The index form of a differential that is a sum of P·dX·Q and P·dXᵀ·Q terms; None for
    other differentials."""
    (fr, fc), (xr, xc) = dF.shape, dX.shape
    terms = []
    for t in (dF.terms if isinstance(dF, E.Add) else (dF,)):
        split = _split(t, dX)
        if split is None:
            return None
        terms.append(split)
    letters = lambda d, name: None if is_one(d) else name          # noqa: E731
    return IndexForm((letters(fr, "i"), letters(fc, "j")), (letters(xr, "k"), letters(xc, "l")),
                     tuple(terms))


def tensor_shape(f_shape, x_shape) -> tuple:
    return tuple(d for d in tuple(f_shape) + tuple(x_shape) if not is_one(d))
