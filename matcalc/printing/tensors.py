"""Tensors (diff/tensor.py) as unicode text, ASCII and LaTeX.

A tensor is read through its fields only (this module does not import diff): `f_name`,
`variable` (the Var), `vec` (∂vec F/∂vec X, an Expr), `shape` (its kept axes) and `index`
(None, or the index form: `f_indices` and `x_indices`, letters or None, and `terms`, each
with `coeff`, `left` P, `transposed`, `right` Q for coeff·P·dX·Q or coeff·P·dXᵀ·Q).

    text    ∂f_i/∂A_kl = δ_ik x_l
            ∂vec f/∂vec A = xᵀ ⊗ Iₙ
            (a 3-index tensor of shape n×n×m)
    ASCII   df_i/dA_kl = delta_ik x_l
            dvec(f)/dvec(A) = kron(x', I(n))
            (a 3-index tensor of shape n x n x m)
    LaTeX   \\frac{\\partial f_{i}}{\\partial {A}_{kl}} = \\delta_{ik} {x}_{l}, \\qquad
            \\frac{\\partial \\operatorname{vec} f}{\\partial \\operatorname{vec} A} = ...
"""
from __future__ import annotations

from typing import NamedTuple

from ..core import expr as E
from .latex import to_latex
from .text import to_ascii, to_text

# the names a derivation gives a function (diff/identify.py) that are not plain letters
_ASCII_NAMES = {"∇f": "grad(f)"}
_LATEX_NAMES = {"∇f": r"\nabla f"}


class _Style(NamedTuple):
    """How one output format writes the entries of an index form."""
    expr: object            # an expression (a scalar entry, a coefficient)
    delta: str              # Kronecker's delta, followed by its two indices
    entry: object           # (named matrix M, indices) → the entry M_idx
    group: object           # (printed matrix, indices) → the entry (…)_idx


TEXT = _Style(to_text, "δ_", lambda M, idx: f"{to_text(M)}_{idx}",
              lambda s, idx: f"({s})_{idx}")
ASCII = _Style(to_ascii, "delta_", lambda M, idx: f"{to_ascii(M)}_{idx}",
               lambda s, idx: f"({s})_{idx}")
LATEX = _Style(to_latex, r"\delta_", lambda M, idx: f"{{{to_latex(M, bold=False)}}}_{{{idx}}}",
               lambda s, idx: rf"\left({s}\right)_{{{idx}}}")   # an entry is italic, not bold


def _entry(M, r, c, style: _Style) -> str:
    """The (r, c) entry of M (None: the identity); r or c is None where that dimension
    is 1."""
    if M is None or isinstance(M, E.Identity):
        if r is None and c is None:
            return ""
        if r is None or c is None:
            return "1"
        lo, hi = min(r, c), max(r, c)
        return f"{style.delta}{{{lo}{hi}}}" if style is LATEX else f"{style.delta}{lo}{hi}"
    if M.is_scalar:
        return style.expr(M)
    idx = "".join(i for i in (r, c) if i is not None)
    if isinstance(M, E.Transpose) and isinstance(M.arg, E.Var):
        M, idx = M.arg, "".join(i for i in (c, r) if i is not None)
    if isinstance(M, E.Var):
        return style.entry(M, idx)
    return style.group(style.expr(M), idx)


def _rhs(index, style: _Style) -> str:
    """Σ over the terms of coeff · (δ entries first) · (the other entries)."""
    (i, j), (k, l) = index.f_indices, index.x_indices
    parts = []
    for t in index.terms:
        a, b = ((_entry(t.left, i, l, style), _entry(t.right, k, j, style)) if t.transposed
                else (_entry(t.left, i, k, style), _entry(t.right, l, j, style)))
        entries = sorted((s for s in (a, b) if s and s != "1"),
                         key=lambda s: not s.startswith(style.delta))
        factors = ([style.expr(t.coeff)] if t.coeff is not None else []) + entries
        parts.append(" ".join(factors) if factors else "1")
    return " + ".join(parts).replace("+ -", "- ")


def _indices(letters) -> str:
    return "".join(x for x in letters if x)


def _index_line(t, style: _Style, f_name: str) -> str | None:
    if t.index is None:
        return None
    p = "∂" if style is TEXT else "d"
    return (f"{p}{f_name}_{_indices(t.index.f_indices)}/{p}{t.variable.name}_"
            f"{_indices(t.index.x_indices)} = {_rhs(t.index, style)}")


def index_form_text(t) -> str | None:
    """'∂F_ij/∂X_kl = δ_ik B_lj', or None when the tensor has no index form."""
    return _index_line(t, TEXT, t.f_name)


def index_form_ascii(t) -> str | None:
    """'dF_ij/dX_kl = delta_ik B_lj', or None."""
    return _index_line(t, ASCII, _ASCII_NAMES.get(t.f_name, t.f_name))


def index_form_latex(t) -> str | None:
    r"""'\frac{\partial F_{ij}}{\partial {X}_{kl}} = \delta_{ik} {B}_{lj}', or None."""
    if t.index is None:
        return None
    rhs = _rhs(t.index, LATEX)
    f_name = _LATEX_NAMES.get(t.f_name, t.f_name)
    x = f"{{{to_latex(t.variable, bold=False)}}}"
    return (rf"\frac{{\partial {f_name}_{{{_indices(t.index.f_indices)}}}}}"
            rf"{{\partial {x}_{{{_indices(t.index.x_indices)}}}}} = {rhs}")


def tensor_text(t) -> str:
    """The index form (when there is one), the vec form and the shape, one a line."""
    lines = [index_form_text(t)] if t.index is not None else []
    lines.append(f"∂vec {t.f_name}/∂vec {t.variable.name} = {to_text(t.vec)}")
    lines.append(f"(a {len(t.shape)}-index tensor of shape "
                 f"{'×'.join(str(d) for d in t.shape)})")
    return "\n".join(lines)


def tensor_ascii(t) -> str:
    """tensor_text in ASCII: d for ∂, delta for δ, the vec form as the parser reads it."""
    f_name = _ASCII_NAMES.get(t.f_name, t.f_name)
    lines = [index_form_ascii(t)] if t.index is not None else []
    lines.append(f"dvec({f_name})/dvec({t.variable.name}) = {to_ascii(t.vec)}")
    lines.append(f"(a {len(t.shape)}-index tensor of shape "
                 f"{' x '.join(str(d) for d in t.shape)})")
    return "\n".join(lines)


def tensor_latex(t, bold: bool = True) -> str:
    """The index form (when there is one) and the vec form, as the lecture notes write
    them: ∂f_i/∂A_kl = δ_ik x_l, ∂vec f/∂vec A = xᵀ ⊗ I."""
    f_name = _LATEX_NAMES.get(t.f_name, t.f_name)
    x = to_latex(t.variable, bold=False)
    out = (rf"\frac{{\partial \operatorname{{vec}} {f_name}}}"
           rf"{{\partial \operatorname{{vec}} {x}}} = {to_latex(t.vec, bold=bold)}")
    index = index_form_latex(t)
    return rf"{index}, \qquad {out}" if index else out
