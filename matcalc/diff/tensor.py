"""Derivatives that are tensors (vector by matrix, matrix by vector, matrix by matrix, and
Hessians with respect to a matrix): shown in index form, ∂F_ij/∂X_kl = A_ik B_lj (the
lecture notes' way), and as the vec/Kronecker matrix ∂vec F/∂vec X."""
from __future__ import annotations

from dataclasses import dataclass

from ..core import expr as E
from ..core.shapes import is_one, shape_str


@dataclass(frozen=True)
class Tensor:
    """∂F/∂X as data: the vec form (an Expr), the index form (text, or None when the
    differential has no P·dX·Q form), and the tensor's symbolic shape."""
    f_name: str
    x_name: str
    vec: E.Expr                 # ∂vec F / ∂vec X
    index_form: str | None
    shape: tuple                # kept axes of (F rows, F cols, X rows, X cols)
    index_form_latex: str | None = None
    x_latex: str | None = None  # the variable's name in LaTeX (W_{1}, \Sigma)

    def __str__(self) -> str:
        dims = "×".join(str(d) for d in self.shape)
        lines = []
        if self.index_form:
            lines.append(self.index_form)
        lines.append(f"∂vec {self.f_name}/∂vec {self.x_name} = {self.vec}")
        lines.append(f"(a {len(self.shape)}-index tensor of shape {dims})")
        return "\n".join(lines)

    def to_latex(self, bold=True) -> str:
        """The index form (when there is one) and the vec form, as the lecture notes write
        them: ∂f_i/∂A_kl = δ_ik x_l, ∂vec f/∂vec A = xᵀ ⊗ I."""
        vec = self.vec.to_latex(bold=bold)
        x = self.x_latex or self.x_name
        out = (rf"\frac{{\partial \operatorname{{vec}} {self.f_name}}}"
               rf"{{\partial \operatorname{{vec}} {x}}} = {vec}")
        if self.index_form_latex:
            out = rf"{self.index_form_latex}, \qquad {out}"
        return out


# ------------------------------------------------------------------------------------
# Index form
# ------------------------------------------------------------------------------------

def _entry(M, r, c, latex: bool = False) -> str:
    """The (r, c) entry of M as text (or LaTeX); r or c is None where that dimension is 1."""
    if M is None or isinstance(M, E.Identity):
        if r is None and c is None:
            return ""
        if r is None or c is None:
            return "1"
        lo, hi = min(r, c), max(r, c)
        return rf"\delta_{{{lo}{hi}}}" if latex else f"δ_{lo}{hi}"
    if M.is_scalar:
        return M.to_latex() if latex else str(M)
    idx = "".join(i for i in (r, c) if i is not None)
    if isinstance(M, E.Transpose) and isinstance(M.arg, E.Var):
        M, idx = M.arg, "".join(i for i in (c, r) if i is not None)
    if isinstance(M, E.Var):
        return f"{{{_plain(M, latex)}}}_{{{idx}}}" if latex else f"{M}_{idx}"
    return (rf"\left({M.to_latex()}\right)_{{{idx}}}" if latex else f"({M})_{idx}")


def _plain(M, latex: bool) -> str:
    """An entry of a named matrix is a scalar: italic in LaTeX (A_{ik}, not bold)."""
    return M.to_latex(bold=False) if latex else str(M)


def _split(term, dX):
    """term = coeff · P · (dX or dXᵀ) · Q  →  (coeff, P, transposed?, Q), or None."""
    coeff = None
    if isinstance(term, E.Scale):
        coeff, term = term.coeff, term.arg
    factors = term.factors if isinstance(term, E.MatMul) else (term,)
    for k, f in enumerate(factors):
        if f == dX or (isinstance(f, E.Transpose) and f.arg == dX):
            L, R = factors[:k], factors[k + 1:]
            P = (L[0] if len(L) == 1 else E.MatMul(L)) if L else None
            Q = (R[0] if len(R) == 1 else E.MatMul(R)) if R else None
            if any(E.contains(x, dX) for x in L + R):
                return None
            return coeff, P, f != dX, Q
    return None


def index_form(f_name: str, x_name: str, dF: E.Expr, dX: E.Delta,
               latex: bool = False) -> str | None:
    """'∂F_ij/∂X_kl = …' (or its LaTeX) from a differential that is a sum of P·dX·Q and
    P·dXᵀ·Q terms; None for other differentials."""
    fr, fc = dF.shape
    xr, xc = dX.shape
    i = None if is_one(fr) else "i"
    j = None if is_one(fc) else "j"
    k = None if is_one(xr) else "k"
    l = None if is_one(xc) else "l"
    terms = dF.terms if isinstance(dF, E.Add) else (dF,)
    delta = r"\delta" if latex else "δ"
    parts = []
    for t in terms:
        split = _split(t, dX)
        if split is None:
            return None
        coeff, P, transposed, Q = split
        a, b = (_entry(P, i, l, latex), _entry(Q, k, j, latex)) if transposed else \
               (_entry(P, i, k, latex), _entry(Q, l, j, latex))
        entries = sorted((s for s in (a, b) if s and s != "1"),
                         key=lambda s: not s.startswith(delta))
        number = (coeff.to_latex() if latex else str(coeff)) if coeff is not None else None
        factors = ([number] if number is not None else []) + entries
        parts.append(" ".join(factors) if factors else "1")
    fi = "".join(x for x in (i, j) if x)
    xi = "".join(x for x in (k, l) if x)
    rhs = " + ".join(parts).replace("+ -", "- ")
    if latex:
        return (rf"\frac{{\partial {f_name}_{{{fi}}}}}{{\partial {x_name}_{{{xi}}}}} = "
                f"{rhs}")
    return f"∂{f_name}_{fi}/∂{x_name}_{xi} = {rhs}"


def tensor_shape(f_shape, x_shape) -> tuple:
    return tuple(d for d in tuple(f_shape) + tuple(x_shape) if not is_one(d))


__all__ = ["Tensor", "index_form", "tensor_shape", "shape_str"]
