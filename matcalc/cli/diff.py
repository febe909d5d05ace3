"""`matcalc diff` and `matcalc hessian`: derive, print (text, ASCII, LaTeX), steps, check."""
from __future__ import annotations

import click

from ..api import diff as api_diff
from ..api import hessian as api_hessian
from ..codegen import codegen
from ..diff import Tensor
from ..diff.layout import LAYOUTS
from ..diff.symmetric import CONVENTIONS
from ..core.errors import MatcalcError
from ..core.limits import size_bound
from ..language.declarations import canonical
from ..numeric.check import DISAGREES, VERIFIED
from ..printing import to_ascii, to_latex, to_text
from ..printing.tensors import tensor_ascii, tensor_latex, tensor_text
from ..core.shapes import shape_str
from .inputs import DASH_HINT, EXPRESSION_HELP, ExpressionCommand, read_expression
from .json_output import derivative_json
from .limits import with_timeout

FORMATS = ("text", "ascii", "latex", "json", "numpy")


RENDER = {"text": to_text, "ascii": to_ascii, "latex": to_latex}
RENDER_TENSOR = {"text": tensor_text, "ascii": tensor_ascii, "latex": tensor_latex}


def _render(e, fmt: str) -> str:
    """An expression or a Tensor in the output format."""
    return (RENDER_TENSOR if isinstance(e, Tensor) else RENDER)[fmt](e)


def _fraction(f_text: str, x_name: str, fmt: str, hess: bool) -> str:
    if fmt == "latex":
        return (rf"\frac{{\partial^2 f}}{{\partial {x_name}\,\partial {x_name}^\top}}" if hess
                else rf"\frac{{\partial f}}{{\partial {x_name}}}")
    return f"∂²f/∂{x_name}²" if hess and fmt == "text" else \
        (f"d2f/d{x_name}2" if hess else (f"∂f/∂{x_name}" if fmt == "text" else f"df/d{x_name}"))


def check_derivative(d):
    """The numerical check's verdict (numeric/check.py)."""
    return d.verify()


def check_line(d) -> tuple:
    """The numerical check's line and whether it found a real disagreement."""
    verdict = check_derivative(d)
    mark = {VERIFIED: " ✓", DISAGREES: " ✗"}.get(verdict.status, "")
    return f"numerical check: {verdict}{mark}", verdict.status == DISAGREES


def report_json(d, text: str, steps: bool, check: bool) -> tuple:
    """The JSON line of one derivative, and whether its check found a real disagreement."""
    verdict = check_derivative(d) if check else None
    renders = {fmt: _render(d.expr, fmt) for fmt in ("text", "ascii", "latex")}
    line = derivative_json(d, text, renders, steps, verdict)
    return [line], verdict is not None and verdict.status == DISAGREES


def report(d, fmt: str, steps: bool, check: bool, hess: bool = False) -> tuple:
    """The lines printed for one derivative, and whether its numerical check found a real
    disagreement. In LaTeX the information lines are comments, so the whole output pastes
    into a document."""
    note = (lambda s: "% " + s) if fmt == "latex" else (lambda s: "    " + s)
    lines = []
    f_text = _render(d.f, fmt) if not hess else None
    if steps:
        lines.append(d.steps_latex() if fmt == "latex" else d.steps_text())
        lines.append("")
    lhs = _fraction(f_text, d.wrt.name, fmt, hess)
    body = _render(d.expr, fmt)
    if d.is_tensor:
        shape = f"{d.kind} tensor of shape {' × '.join(str(s) for s in d.shape)}"
        lines.append(note(shape) if fmt == "latex" else f"{lhs}: {shape}")
        lines.append(rf"\[ {body} \]" if fmt == "latex" else body)
    else:
        lines.append(rf"\[ {lhs} = {body} \]" if fmt == "latex" else f"{lhs} = {body}")
        lines.append(note(f"({d.kind}, {d.layout} layout, {shape_str(d.shape)})"))
    if not d.depends:
        lines.append(note(f"(f does not depend on {d.wrt.name}: the derivative is zero)"))
    failed = False
    if check:
        line, failed = check_line(d)
        lines.append(note(line))
    return lines, failed


def wrt_names(wrt: tuple, input_error) -> list:
    """The variable names of --wrt (repeated, or separated by commas), greek letters spelled
    out (α → alpha, as the parser stores them); an empty name is an error."""
    names = []
    for w in wrt:
        parts = [p.strip() for p in w.split(",")]
        if not all(parts):
            raise input_error(f"--wrt {w!r}: a variable name is empty; write -x X or "
                              "-x W1,W2")
        for p in parts:
            if not p.isidentifier():
                hint = "" if p[0].isalpha() else f"; {DASH_HINT}"
                raise input_error(f"--wrt {w!r}: can only differentiate with respect to a "
                                  f"variable (a name such as X), not the expression {p!r}"
                                  f"{hint}")
        names.extend(canonical(p) for p in parts)
    return names


COMMON = [
    click.option("--wrt", "-x", multiple=True, required=True, metavar="NAME",
                 help="The variable(s) to differentiate with respect to; repeat the option "
                      "or separate names by commas (-x W1,W2)."),
    click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text",
                 show_default=True, help="text (unicode, aᵀXb), ascii (a'*X*b), latex "
                                         "(Matrix Cookbook notation), json (one object "
                                         "per variable and line; keys in the README) or "
                                         "numpy (the code of matcalc codegen)."),
    click.option("--symmetric", type=click.Choice(CONVENTIONS), default="symmetric",
                 show_default=True,
                 help="For a symmetric variable: 'symmetric' gives ½(G + Gᵀ), the gradient "
                      "on symmetric matrices; 'cookbook' gives G + Gᵀ − G∘I (Cookbook §2.8); "
                      "'none' ignores the symmetry."),
    click.option("--steps", is_flag=True, help="Show the derivation: each rule with its "
                                               "Cookbook equation number."),
    click.option("--check/--no-check", default=True, show_default=True,
                 help="Check against central finite differences at random well-conditioned "
                      "points: verified, could not verify (and why) or disagrees (exit 1)."),
    click.option("--max-size", type=int, default=None, metavar="N",
                 help="Stop when a result grows past N expression nodes (default 20000)."),
]


def common_options(fn):
    for opt in reversed(COMMON):
        fn = opt(fn)
    return fn


def run(derive_one, names: list, fmt, steps, check, hess=False, text="") -> None:
    any_failed = False
    for i, name in enumerate(names):
        d = derive_one(name)
        if fmt == "json":
            lines, failed = report_json(d, text, steps, check)
        else:
            lines, failed = report(d, fmt, steps, check, hess)
        any_failed |= failed
        if i and fmt != "json":
            click.echo("")
        click.echo("\n".join(lines))
    if any_failed:
        raise click.ClickException("a derivative disagrees with finite differences at a "
                                   "well-conditioned point: this is a bug in matcalc, please "
                                   "report it")


def register(main, decl_option, declarations, input_error):
    """Add the commands to the click group `main`."""

    @main.command("diff", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
    @with_timeout
    @click.argument("expression")
    @common_options
    @click.option("--layout", "-l", type=click.Choice(LAYOUTS), default="mixed",
                  show_default=True,
                  help="mixed: gradients shaped like the variable, Jacobians m×n (the "
                       "Cookbook's); numerator: gradients are rows; denominator: Jacobians n×m.")
    @decl_option
    def diff_cmd(expression, wrt, fmt, symmetric, steps, check, max_size, layout, decls):
        """Differentiate EXPRESSION with respect to each --wrt variable.

        \b
        Examples:
          matcalc diff "a' * X * b" --wrt X                    abᵀ
          matcalc diff "x' * A * x" -x x                       (A + Aᵀ)x
          matcalc diff "x' * A * x" -x x --layout numerator    xᵀ(A + Aᵀ)
          matcalc diff "logdet(S)" -x S -d "S: matrix(n) spd"  S⁻¹
          matcalc diff "0.5 * norm2(W' * h - y)^2" -x W        h(Wᵀh − y)ᵀ
          matcalc diff "A * x" -x A                            a tensor: ∂F_i/∂A_kl = δ_ik x_l
          matcalc diff "tr(A * X * B)" -x X --format latex --steps

        The result is in matrix notation, its shape checked against the layout table, and
        checked against central finite differences at random well-conditioned points (--no-check
        to skip): 'verified', 'could not verify' (with the reason: a singular point, overflow)
        or 'disagrees' (exit 1: a bug in matcalc).
        Vector/matrix-by-matrix derivatives are tensors: shown in index form and as the
        vec/Kronecker matrix ∂vec F/∂vec X.
        """
        names = wrt_names(wrt, input_error)
        text = read_expression(expression)
        try:
            decl = declarations(decls)
            if fmt == "numpy":                   # the same as matcalc codegen
                click.echo(codegen(text, names, layout=layout, **decl), nl=False)
                return
            with size_bound(max_size):
                run(lambda n: api_diff(text, n, layout, symmetric=symmetric,
                                       max_size=max_size, **decl), names, fmt, steps, check,
                    text=text)
        except MatcalcError as e:
            raise input_error(str(e)) from None

    @main.command("hessian", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
    @with_timeout
    @click.argument("expression")
    @common_options
    @decl_option
    def hessian_cmd(expression, wrt, fmt, symmetric, steps, check, max_size, decls):
        """The Hessian of a scalar EXPRESSION with respect to each --wrt variable.

        \b
        Examples:
          matcalc hessian "x' * A * x" -x x                    A + Aᵀ
          matcalc hessian "x' * A * x + b' * x" -x x           A + Aᵀ
          matcalc hessian "tr(X' * X)" -x X                    a 4-index tensor, vec form 2I

        For a vector x the Hessian is the n×n matrix ∂²f/∂x∂xᵀ; for a matrix X it is the
        tensor ∂²f/∂X_ij∂X_kl, shown with its vec form (pq×pq).
        """
        names = wrt_names(wrt, input_error)
        text = read_expression(expression)
        try:
            decl = declarations(decls)
            with size_bound(max_size):
                run(lambda n: api_hessian(text, n, symmetric=symmetric, max_size=max_size,
                                          **decl), names, fmt, steps, check, hess=True,
                    text=text)
        except MatcalcError as e:
            raise input_error(str(e)) from None
