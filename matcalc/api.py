"""The public entry points that accept text as well as expressions."""
from __future__ import annotations

from .diff import Derivative, derive
from .diff import hessian as _hessian
from .core.expr import Expr
from .language.parse import parse


def _as_expr(f, declarations) -> Expr:
    if isinstance(f, str):
        return parse(f, **declarations)
    if declarations:
        raise TypeError("declarations are only used when the expression is given as text")
    return f


def diff(f, wrt, layout: str = "mixed", *, symmetric: str = "symmetric",
         max_size: int | None = None, **declarations):
    """∂f/∂wrt. `f` is an expression or text (parsed with inference; declarations as
    keyword strings, X="matrix(n) spd"); `wrt` a variable or its name, or a list of them
    (then a list of Derivatives). `layout`: "mixed" (default: gradients shaped like the
    variable, Jacobians m×n), "numerator" or "denominator". `symmetric`: the convention for
    a symmetric variable, "symmetric" (½(G + Gᵀ), default), "cookbook" (G + Gᵀ − G∘I) or "none"."""
    e = _as_expr(f, declarations)
    if isinstance(wrt, (list, tuple)):
        return [derive(e, w, layout, symmetric, max_size) for w in wrt]
    return derive(e, wrt, layout, symmetric, max_size)


def hessian(f, wrt, *, symmetric: str = "symmetric", max_size: int | None = None,
            **declarations) -> Derivative:
    """The Hessian of a scalar f with respect to wrt (n×n for a vector, a tensor with vec
    form pq×pq for a matrix)."""
    return _hessian(_as_expr(f, declarations), wrt, symmetric, max_size)
