"""The public entry points that accept text as well as expressions."""
from __future__ import annotations

from numbers import Rational, Real

from .core.build import num
from .core.deadline import time_limit
from .core.expr import Expr
from .diff import Derivative, derive
from .diff import hessian as _hessian
from .language.parse import parse, parse_with_info


def _as_expr(f, declarations, who: str = "matcalc.diff") -> Expr:
    """The function as an expression: text is parsed, a real number is a constant."""
    if isinstance(f, str):
        return parse(f, **declarations)
    if declarations:
        raise TypeError(f"{who}: declarations are only used when the expression is given as "
                        "text")
    if isinstance(f, Expr):
        return f
    if isinstance(f, (Rational, Real)) and not isinstance(f, bool):
        return num(f)
    raise TypeError(f"{who}: the function must be text (\"a' * X * b\"), a matcalc "
                    f"expression or a real number, not {type(f).__name__}")


def _check_wrt(wrt, who: str) -> None:
    items = wrt if isinstance(wrt, (list, tuple)) else [wrt]
    for w in items:
        if not isinstance(w, (str, Expr)):
            raise TypeError(f"{who}: the variable must be a name (\"X\") or a matcalc "
                            f"variable, not {type(w).__name__}")


def _named(f, wrt, declarations, who):
    """(expression, wrt) with names resolved against every variable the text names or
    declares, so that a declared variable absent from f gives a zero derivative."""
    if not isinstance(f, str):
        return _as_expr(f, declarations, who), wrt
    e, variables = parse_with_info(f, **declarations)

    def resolve(w):
        if isinstance(w, str) and w.strip() in variables:
            return variables[w.strip()]
        return w
    return e, [resolve(w) for w in wrt] if isinstance(wrt, (list, tuple)) else resolve(wrt)


def diff(f, wrt, layout: str = "mixed", *, symmetric: str = "symmetric",
         max_size: int | None = None, max_seconds: float | None = None, **declarations):
    """∂f/∂wrt. `f` is an expression or text (parsed with inference; declarations as
    keyword strings, X="matrix(n) spd"); `wrt` a variable or its name, or a list of them
    (then a list of Derivatives). `layout`: "mixed" (default: gradients shaped like the
    variable, Jacobians m×n), "numerator" or "denominator". `symmetric`: the convention for
    a symmetric variable, "symmetric" (½(G + Gᵀ), default), "cookbook" (G + Gᵀ − G∘I) or "none".
    `max_size`: the bound on the nodes of a differential or result (SizeLimitError past it);
    `max_seconds`: a time limit on the whole call (TimeLimitError past it; default none)."""
    _check_wrt(wrt, "matcalc.diff")
    with time_limit(max_seconds):
        e, wrt = _named(f, wrt, declarations, "matcalc.diff")
        if isinstance(wrt, (list, tuple)):
            return [derive(e, w, layout, symmetric, max_size) for w in wrt]
        return derive(e, wrt, layout, symmetric, max_size)


def hessian(f, wrt, *, symmetric: str = "symmetric", max_size: int | None = None,
            max_seconds: float | None = None, **declarations) -> Derivative:
    """The Hessian of a scalar f with respect to wrt (n×n for a vector, a tensor with vec
    form pq×pq for a matrix). `max_size`, `max_seconds`: as for `diff`."""
    _check_wrt(wrt, "matcalc.hessian")
    with time_limit(max_seconds):
        e, wrt = _named(f, wrt, declarations, "matcalc.hessian")
        return _hessian(e, wrt, symmetric, max_size)
