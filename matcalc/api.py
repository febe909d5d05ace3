"""The public entry points that accept text as well as expressions."""
from __future__ import annotations

from numbers import Rational, Real

from .core.build import num
from .core.expr import Expr
from .diff import derive, stacked
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
         max_size: int | None = None, **declarations):
    """∂f/∂wrt. `f` is an expression or text (parsed with inference; declarations as
    keyword strings, X="matrix(n) spd"); `wrt` a variable or its name, or a list of them
    (then a list of Derivatives). `layout`: "mixed" (default: gradients shaped like the
    variable, Jacobians m×n), "numerator" or "denominator". `symmetric`: the convention for
    a symmetric variable, "symmetric" (½(G + Gᵀ), default), "cookbook" (G + Gᵀ − G∘I) or "none"."""
    _check_wrt(wrt, "matcalc.diff")
    e, wrt = _named(f, wrt, declarations, "matcalc.diff")
    if isinstance(wrt, (list, tuple)):
        return [derive(e, w, layout, symmetric, max_size) for w in wrt]
    return derive(e, wrt, layout, symmetric, max_size)


def hessian(f, wrt, *, symmetric: str = "symmetric", max_size: int | None = None,
            **declarations):
    """The Hessian of a scalar f with respect to wrt: a Derivative for one variable (n×n for
    a vector, a tensor with vec form pq×pq for a matrix); for a list of variables a
    BlockHessian with every block ∂²f/∂xᵢ∂xⱼ (`H["x", "y"]` is a Derivative of shape
    dim(x)×dim(y) for scalars and vectors), printable as a block matrix and evaluable as one
    (Σnᵢ)×(Σnᵢ) array (matrix variables by vec)."""
    _check_wrt(wrt, "matcalc.hessian")
    e, wrt = _named(f, wrt, declarations, "matcalc.hessian")
    return _hessian(e, wrt, symmetric, max_size)


def diff_stacked(f, wrt, layout: str = "mixed", *, symmetric: str = "symmetric",
                 max_size: int | None = None, **declarations):
    """∂f/∂v for v = (x₁; …; x_k), the scalar or vector variables `wrt` stacked into one
    vector: a StackedDerivative whose parts are ∂f/∂xᵢ. For a scalar f the gradient (MML
    Example 5.7: `diff_stacked("x1^2*x2 + x1*x2^3", ["x1", "x2"], "numerator", x1="scalar",
    x2="scalar")` prints [2x1x2 + x2³, 3x1x2² + x1²], 1×2; a 2-vector in the mixed and
    denominator layouts); for a vector f the Jacobian m×Σnᵢ (Σnᵢ×m in denominator layout).
    `.evaluate(values)` gives one array, `.verify()` checks every part."""
    _check_wrt(wrt, "matcalc.diff_stacked")
    if not isinstance(wrt, (list, tuple)):
        raise TypeError("matcalc.diff_stacked: the variables must be a list of names or "
                        "variables")
    e, wrt = _named(f, wrt, declarations, "matcalc.diff_stacked")
    return stacked(e, wrt, layout, symmetric, max_size)
