"""The public entry points that accept text as well as expressions."""
from __future__ import annotations

from dataclasses import replace
from numbers import Rational, Real

from .core.build import num
from .core.errors import DifferentiationError
from .core.deadline import time_limit
from .core.expr import Expr
from .diff import derive, stacked
from .diff import hessian as _hessian
from .diff.chain import backprop_program
from .core.lazy import lazy_module
from .language.parse import parse, parse_program
from .language.program import Program

#: SymPy and the reader of its expressions, imported when a SymPy object is passed in (a
#: command given text never pays SymPy's import)
_sympy_reader = lazy_module("matcalc.from_sympy")


def _is_sympy(obj) -> bool:
    """Is `obj` a SymPy object? (Asked without importing SymPy.)"""
    return type(obj).__module__.split(".", 1)[0] == "sympy"


def _is_sympy_symbol(obj) -> bool:
    """A SymPy Symbol or MatrixSymbol (a variable given as SymPy's)?"""
    return _is_sympy(obj) and type(obj).__name__ in ("Symbol", "MatrixSymbol", "Dummy")


def _as_expr(f, declarations, who: str = "matcalc.diff") -> Expr:
    """The function as an expression: text is parsed, a real number is a constant, a SymPy
    matrix expression is read by `from_sympy` (a SymPy object, never text)."""
    if isinstance(f, str):
        return parse(f, **declarations)
    if declarations:
        raise TypeError(f"{who}: declarations are only used when the expression is given as "
                        "text")
    if isinstance(f, Expr):
        return f
    if _is_sympy(f):
        return _sympy_reader.from_sympy(f)
    if isinstance(f, (Rational, Real)) and not isinstance(f, bool):
        return num(f)
    raise TypeError(f"{who}: the function must be text (\"a' * X * b\"), a matcalc "
                    f"expression, a SymPy matrix expression or a real number, not "
                    f"{type(f).__name__}")


def _check_wrt(wrt, who: str) -> None:
    items = wrt if isinstance(wrt, (list, tuple)) else [wrt]
    for w in items:
        if not (isinstance(w, (str, Expr)) or _is_sympy_symbol(w)):
            raise TypeError(f"{who}: the variable must be a name (\"X\") or a matcalc "
                            f"variable, not {type(w).__name__}")


def _sympy_name(w):
    """A SymPy symbol given as the variable stands for its name."""
    return w.name if _is_sympy_symbol(w) else w


def _named(f, wrt, declarations, who):
    """(expression, wrt, the function's name or None) with names resolved against every
    variable the text names or declares, so that a declared variable absent from f gives a
    zero derivative. Text is a program (`h = W*x; L(W) = ...`): its last statement is the
    function, its name names the derivative (∂L/∂W), its arguments are `wrt` when none is
    given."""
    wrt = ([_sympy_name(w) for w in wrt] if isinstance(wrt, (list, tuple))
           else _sympy_name(wrt))
    if not isinstance(f, str):
        if wrt is None:
            raise TypeError(f"{who}: name the variable to differentiate with respect to")
        return _as_expr(f, declarations, who), wrt, None
    program = parse_program(f, **declarations)
    if wrt is None and not program.args:
        raise TypeError(f"{who}: the variable must be a name (\"X\") or a matcalc variable, "
                        "not None; or write the function with its arguments, L(W) = ...")
    wrt = arguments(program, wrt)
    variables = program.variables

    def resolve(w):
        if isinstance(w, str) and w.strip() in variables:
            return variables[w.strip()]
        return w
    wrt = [resolve(w) for w in wrt] if isinstance(wrt, (list, tuple)) else resolve(wrt)
    return program.expr, wrt, program.name


def arguments(program, wrt):
    """What to differentiate by: `wrt`, else the arguments of `L(W1, W2) = ...` (one name,
    or a list of them). Given both, each variable of `wrt` must be one of the arguments."""
    args = program.args
    if wrt is None:
        if not args:
            raise DifferentiationError(
                "name the variable to differentiate with respect to (-x W, or wrt=\"W\"), "
                "or write the function with its arguments: L(W) = ...")
        return args[0] if len(args) == 1 else list(args)
    if args:
        for w in (wrt if isinstance(wrt, (list, tuple)) else [wrt]):
            name = w.strip() if isinstance(w, str) else getattr(w, "name", None)
            if name not in args:
                head = f"{program.name}({', '.join(args)})"
                raise DifferentiationError(
                    f"{name} is not an argument of {head}: differentiate with respect to "
                    f"{' or '.join(args)}, or write the function without arguments "
                    f"({program.name} = ...) to differentiate by any variable")
    return wrt


def _with_name(d, name):
    return d if name is None else d.named(name)


def diff(f, wrt=None, layout: str = "mixed", *, symmetric: str = "symmetric",
         max_size: int | None = None, max_seconds: float | None = None, **declarations):
    """∂f/∂wrt. `f` is an expression or text (parsed with inference; declarations as
    keyword strings, X="matrix(n) spd"), a program of named statements whose last one is
    the function (`h = tanh(W*x); L = 0.5*norm2(h - y)^2`: the result is ∂L/∂W); `wrt` a
    variable or its name, or a list of them (then a list of Derivatives, computed together:
    one backward sweep over f for the gradients, one simplification memo), by default the
    arguments written in `L(W) = ...`. `layout`: "mixed" (default: gradients shaped like the
    variable, Jacobians m×n), "numerator" or "denominator". `symmetric`: the convention for
    a symmetric variable, "symmetric" (½(G + Gᵀ), default), "cookbook" (G + Gᵀ − G∘I) or "none".
    `max_size`: the bound on the nodes of a differential or result (SizeLimitError past it);
    `max_seconds`: a time limit on the whole call (TimeLimitError past it; default none)."""
    if wrt is not None:
        _check_wrt(wrt, "matcalc.diff")
    with time_limit(max_seconds):
        e, wrt, name = _named(f, wrt, declarations, "matcalc.diff")
        if isinstance(wrt, (list, tuple)):
            return [_with_name(d, name)                       # one backward sweep
                    for d in derive(e, list(wrt), layout, symmetric, max_size)]
        return _with_name(derive(e, wrt, layout, symmetric, max_size), name)


def hessian(f, wrt=None, *, symmetric: str = "symmetric", max_size: int | None = None,
            max_seconds: float | None = None, **declarations):
    """The Hessian of a scalar f with respect to wrt: a Derivative for one variable (n×n for
    a vector, a tensor with vec form pq×pq for a matrix); for a list of variables a
    BlockHessian with every block ∂²f/∂xᵢ∂xⱼ (`H["x", "y"]` is a Derivative of shape
    dim(x)×dim(y) for scalars and vectors), printable as a block matrix and evaluable as one
    (Σnᵢ)×(Σnᵢ) array (matrix variables by vec). `f`, `wrt`, `max_size` and `max_seconds`
    as for `diff`."""
    if wrt is not None:
        _check_wrt(wrt, "matcalc.hessian")
    with time_limit(max_seconds):
        e, wrt, name = _named(f, wrt, declarations, "matcalc.hessian")
        return _hessian_named(_hessian(e, wrt, symmetric, max_size), name)


def _hessian_named(H, name):
    """The Hessian (a Derivative, or a BlockHessian's every block) of the function called
    `name` (∂²L/∂w∂wᵀ), when the text names it."""
    if name is None:
        return H
    if hasattr(H, "rows"):
        return replace(H, rows=tuple(tuple(d.named(name) for d in row) for row in H.rows))
    return H.named(name)


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
    e, wrt, _ = _named(f, wrt, declarations, "matcalc.diff_stacked")
    return stacked(e, wrt, layout, symmetric, max_size)


def backprop(program, wrt=None, layout: str = "mixed", *, output: str | None = None,
             symmetric: str = "symmetric", max_size: int | None = None, **declarations):
    """Backpropagation as a chain of Jacobians (diff/chain.py) for a program of named
    statements, `h1 = tanh(W1*x); h2 = W2*h1; L = 0.5*norm2(h2 - y)^2`: the local Jacobians
    (in `layout`), the δ's of the backward pass, each parameter's gradient in δ's and its
    closed form (equal to `diff` of the substituted expression). `wrt`: a parameter's name
    or a list of them, by default the arguments of `L(W1, W2) = ...`; `output`: the
    statement that is the function (by default the last). Returns a Backprop:
    `.steps_text()`, `.steps_latex()`, `.gradients[name]` (Derivatives), `.locals`."""
    if not isinstance(program, (str, Program)):
        raise TypeError("matcalc.backprop: the program must be text such as "
                        "\"h = W*x; L = 0.5*norm2(h - y)^2\" or a parsed Program, not "
                        f"{type(program).__name__}")
    if isinstance(program, str):
        program = parse_program(program, **declarations)
    elif declarations:
        raise TypeError("matcalc.backprop: declarations are only used with program text")
    if output is not None:
        program = program.up_to(output)
    if wrt is None and not program.args:
        raise TypeError("matcalc.backprop: name the parameters (wrt=[\"W1\", \"W2\"]) or "
                        "write the function with its arguments, L(W1, W2) = ...")
    wrt = arguments(program, wrt)
    _check_wrt(wrt, "matcalc.backprop")
    names = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    return backprop_program(program, names, layout, symmetric, max_size)
