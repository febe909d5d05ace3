"""`matcalc diff` and `matcalc hessian`: derive, print (text, ASCII, LaTeX), steps, check."""
from __future__ import annotations

import click

from ..api import arguments
from ..api import backprop as api_backprop
from ..api import diff as api_diff
from ..api import diff_stacked as api_diff_stacked
from ..api import hessian as api_hessian
from ..codegen import codegen
from ..diff import Tensor
from ..diff.layout import LAYOUTS
from ..diff.symmetric import CONVENTIONS
from ..core.errors import MatcalcError
from ..core.limits import size_bound
from ..language.declarations import canonical
from ..language.parse import parse_program
from ..numeric.check import DISAGREES, VERIFIED
from ..diff.intermediates import name_intermediates
from ..printing import to_ascii, to_latex, to_text
from ..printing.text import dim_text
from ..printing.derivatives import function_name_latex
from ..printing.shared import render_shared
from ..printing.tensors import tensor_ascii, tensor_latex, tensor_text
from ..printing.text import display_name
from ..core.shapes import shape_str
from .inputs import DASH_HINT, EXPRESSION_HELP, ExpressionCommand, read_expression
from .json_output import derivative_json, stacked_json
from .limits import with_timeout

FORMATS = ("text", "ascii", "latex", "json", "numpy")
DISAGREEMENT = ("a derivative disagrees with finite differences at a well-conditioned point: "
                "this is a bug in matcalc, please report it")


RENDER = {"text": to_text, "ascii": to_ascii, "latex": to_latex}
RENDER_TENSOR = {"text": tensor_text, "ascii": tensor_ascii, "latex": tensor_latex}


def _render(e, fmt: str) -> str:
    """An expression or a Tensor in the output format."""
    return (RENDER_TENSOR if isinstance(e, Tensor) else RENDER)[fmt](e)


def _fraction(name: str, x_name: str, fmt: str, hess: bool, first: str | None = None) -> str:
    """∂L/∂W in the output format (`name` the function's: f unless the text names it), ∂²f/∂x²,
    or for a block of a Hessian over several variables (`first` the variable differentiated
    first) ∂²f/∂first∂x."""
    if hess and first is not None and first != x_name:
        if fmt == "latex":
            return (rf"\frac{{\partial^2 {function_name_latex(name)}}}"
                    rf"{{\partial {first}\,\partial {x_name}^\top}}")
        return (f"∂²{display_name(name)}/∂{first}∂{x_name}" if fmt == "text"
                else f"d2{name}/d{first}d{x_name}")
    if fmt == "latex":
        name = function_name_latex(name)
        return (rf"\frac{{\partial^2 {name}}}{{\partial {x_name}\,\partial {x_name}^\top}}"
                if hess else rf"\frac{{\partial {name}}}{{\partial {x_name}}}")
    if fmt == "text":
        name = display_name(name)
    return f"∂²{name}/∂{x_name}²" if hess and fmt == "text" else \
        (f"d2{name}/d{x_name}2" if hess else
         (f"∂{name}/∂{x_name}" if fmt == "text" else f"d{name}/d{x_name}"))


def check_derivative(d):
    """The numerical check's verdict (numeric/check.py)."""
    return d.verify()


def check_line(d) -> tuple:
    """The numerical check's line and whether it found a real disagreement."""
    verdict = check_derivative(d)
    mark = {VERIFIED: " ✓", DISAGREES: " ✗"}.get(verdict.status, "")
    return f"numerical check: {verdict}{mark}", verdict.status == DISAGREES


def report_json(d, text: str, steps: bool, check: bool, block: tuple | None = None) -> tuple:
    """The JSON line of one derivative (of one block (x, y) of a Hessian over several
    variables), and whether its check found a real disagreement."""
    verdict = check_derivative(d) if check else None
    renders = {fmt: _render(d.expr, fmt) for fmt in ("text", "ascii", "latex")}
    line = derivative_json(d, text, renders, steps, verdict, block)
    return [line], verdict is not None and verdict.status == DISAGREES


def report(d, fmt: str, steps: bool, check: bool, hess: bool = False,
           first: str | None = None, body=None) -> tuple:
    """The lines printed for one derivative (a block ∂²f/∂first∂x of a Hessian when `first`
    is given), and whether its numerical check found a real disagreement. In LaTeX the
    information lines are comments, so the whole output pastes into a document. `body`: the
    result to print instead of d.expr (with named intermediates)."""
    note = (lambda s: "% " + s) if fmt == "latex" else (lambda s: "    " + s)
    lines = []
    if steps:
        lines.append(d.steps_latex() if fmt == "latex" else d.steps_text())
        lines.append("")
    lhs = _fraction((d.name or "f") if hess else d.function_name, d.wrt.name, fmt, hess, first)
    body = _render(d.expr if body is None else body, fmt)
    if d.is_tensor:
        shape = f"{d.kind} tensor of shape {' × '.join(str(s) for s in d.shape)}"
        lines.append(note(shape) if fmt == "latex" else f"{lhs}: {shape}")
        lines.append(rf"\[ {body} \]" if fmt == "latex" else body)
    else:
        lines.append(rf"\[ {lhs} = {body} \]" if fmt == "latex" else f"{lhs} = {body}")
        lines.append(note(f"({d.kind}, {d.layout} layout, {shape_str(d.shape)})"))
    if not d.depends:
        what = "the gradient" if hess else "f"
        lines.append(note(f"({what} does not depend on {d.wrt.name}: the derivative is "
                          "zero)"))
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
    click.option("--wrt", "-x", multiple=True, metavar="NAME",
                 help="The variable(s) to differentiate with respect to; repeat the option "
                      "or separate names by commas (-x W1,W2). Optional when the text names "
                      "them: L(W1, W2) = ..."),
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


def run(derive_one, names: list, fmt, steps, check, hess=False, text="",
        derive_all=None) -> None:
    """Print each variable's derivative. With `derive_all` (several variables, a text
    format) they are derived together and their shared subexpressions named once, after
    them (`where h1 = …`)."""
    any_failed = False
    if derive_all is not None and len(names) > 1 and fmt in RENDER:
        derivs = derive_all(names)
        named = name_intermediates(derivs)
        bodies = [body for _, body in named.lines]
        definitions = named.definitions
    else:
        derivs, bodies, definitions = None, [None] * len(names), []
    for i, name in enumerate(names):
        d = derive_one(name) if derivs is None else derivs[i]
        if fmt == "json":
            lines, failed = report_json(d, text, steps, check)
        else:
            lines, failed = report(d, fmt, steps, check, hess, body=bodies[i])
        any_failed |= failed
        if i and fmt != "json":
            click.echo("")
        click.echo("\n".join(lines))
    if definitions:
        where = render_shared([], definitions, fmt)
        click.echo("")
        click.echo(rf"\[ {where} \]" if fmt == "latex" else where)
    if any_failed:
        raise click.ClickException(DISAGREEMENT)


def report_stacked(d, fmt: str, steps: bool, check: bool, text: str = "") -> tuple:
    """The lines printed for a derivative by several variables stacked into one vector
    (--stack), and whether its numerical check found a real disagreement."""
    if fmt == "json":
        verdict = check_derivative(d) if check else None
        renders = {"text": str(d), "ascii": d.to_ascii(), "latex": d.to_latex()}
        return [stacked_json(d, text, renders, steps, verdict)], \
            verdict is not None and verdict.status == DISAGREES
    names = ", ".join(v.name for v in d.variables)
    lines = []
    if steps:
        lines += [d.steps_latex() if fmt == "latex" else d.steps_text(), ""]
    about = f"({d.kind}: by ({names}) stacked, {d.layout} layout, {shape_str(d.shape)})"
    if fmt == "latex":
        wrt = ", ".join(v.to_latex() for v in d.variables)
        lines += [rf"\[ \frac{{\partial f}}{{\partial ({wrt})}} = {d.to_latex()} \]",
                  "% " + about]
    else:
        lhs = f"∂f/∂({names}) = " if fmt == "text" else f"df/d({names}) = "
        body = (str(d) if fmt == "text" else d.to_ascii()).splitlines()
        lines += [lhs + body[0]] + [" " * len(lhs) + b for b in body[1:]] + ["    " + about]
    failed = False
    if check:
        line, failed = check_line(d)
        lines.append(("% " if fmt == "latex" else "    ") + line)
    return lines, failed


BLOCK_MATRIX = {"text": ("∇²f", str), "ascii": ("H", lambda b: b.to_ascii())}


def block_matrix_lines(H, fmt: str) -> list:
    """The block Hessian as one matrix (blocks in vec coordinates), after its blocks."""
    n = " + ".join(dim_text(v.shape[0] * v.shape[1]) for v in H.variables)
    about = (f"(the Hessian over {', '.join(v.name for v in H.variables)} as one "
             f"({n})×({n}) matrix; a matrix variable by vec)")
    if fmt == "latex":
        return ["% " + about, rf"\[ \nabla^2 f = {H.to_latex()} \]"]
    name, render = BLOCK_MATRIX[fmt]
    body = render(H.expr).splitlines()
    pad = " " * (len(name) + 3)
    return [f"{name} = {body[0]}"] + [pad + line for line in body[1:]] + ["    " + about]


def run_blocks(H, fmt, steps, check, text="") -> None:
    """Every block of a Hessian over several variables, cross terms included, then (except
    in JSON, one object per block) the whole block matrix."""
    any_failed = False
    for i, ((x, y), d) in enumerate(H.blocks.items()):
        if fmt == "json":
            lines, failed = report_json(d, text, steps, check, (x, y))
        else:
            lines, failed = report(d, fmt, steps, check, hess=True, first=x)
        any_failed |= failed
        if i and fmt != "json":
            click.echo("")
        click.echo("\n".join(lines))
    if fmt != "json":
        click.echo("")
        click.echo("\n".join(block_matrix_lines(H, fmt)))
    if any_failed:
        raise click.ClickException(DISAGREEMENT)


def _arguments(text: str, decl: dict) -> list:
    """The variables of `L(W1, W2) = ...` when no --wrt is given (an error otherwise)."""
    args = arguments(parse_program(text, **decl), None)
    return args if isinstance(args, list) else [args]


def run_chain(text, names, fmt, layout, symmetric, check, max_size, decl, input_error):
    """--chain: the backpropagation steps, then each derivative's numerical check."""
    if fmt not in ("text", "latex"):
        raise input_error(f"--chain prints text or latex, not {fmt}")
    bp = api_backprop(text, names, layout, symmetric=symmetric, max_size=max_size, **decl)
    click.echo(bp.steps_latex() if fmt == "latex" else bp.steps_text())
    if not check:
        return
    note = (lambda s: "% " + s) if fmt == "latex" else (lambda s: "    " + s)
    click.echo("")
    failed = False
    shown = [(f"∂{x.of}/∂{x.by}", x.derivative) for x in bp.locals]
    shown += [(f"(∂{x.of}/∂{x.by})ᵀδ", x.derivative) for x in bp.products]
    shown += [(f"∂{d.function_name}/∂{n} multiplied out", d) for n, d in bp.gradients.items()]
    for label, d in shown:
        line, bad = check_line(d)
        failed |= bad
        click.echo(note(f"{label}: {line}"))
    if failed:
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
    @click.option("--stack", is_flag=True,
                  help="Stack the --wrt variables (scalars or vectors) into one vector and "
                       "give one derivative by it: -x x1,x2 --stack -l numerator prints "
                       "MML Example 5.7's row [∂f/∂x1, ∂f/∂x2].")
    @click.option("--chain", is_flag=True,
                  help="Backpropagation through the statements' names (h1 = ...; L = ...): "
                       "each local Jacobian, the δ's of the backward pass, and each "
                       "gradient in δ's and multiplied out (text or LaTeX).")
    @decl_option
    def diff_cmd(expression, wrt, fmt, symmetric, steps, check, max_size, layout, stack, chain,
                 decls):
        """Differentiate EXPRESSION with respect to each --wrt variable (several: in one
        backward sweep, their shared subexpressions named once after them).

        \b
        Examples:
          matcalc diff "a' * X * b" --wrt X                    abᵀ
          matcalc diff "x' * A * x" -x x                       (A + Aᵀ)x
          matcalc diff "x' * A * x" -x x --layout numerator    xᵀ(A + Aᵀ)
          matcalc diff "logdet(S)" -x S -d "S: matrix(n) spd"  S⁻¹
          matcalc diff "0.5 * norm2(W' * h - y)^2" -x W        h(Wᵀh − y)ᵀ
          matcalc diff "A * x" -x A                            a tensor: ∂F_i/∂A_kl = δ_ik x_l
          matcalc diff "tr(A * X * B)" -x X --format latex --steps
          matcalc diff "norm2(tanh(W2*tanh(W1*x)) - y)^2" -x W1,W2
                                                       2δ2h1ᵀ, …  where h1 = tanh(W1x), …
          matcalc diff "x1: scalar; x2: scalar; x1^2*x2 + x1*x2^3" -x x1,x2 --stack \\
              -l numerator                         [2x1x2 + x2³, 3x1x2² + x1²]
          matcalc diff "L(W) = 0.5*norm2(W'*h - y)^2"          ∂L/∂W = h(Wᵀh − y)ᵀ
          matcalc diff "h = tanh(W1*x); L = 0.5*norm2(W2*h - y)^2" -x W1,W2 --chain

        EXPRESSION may be a program: declarations and named statements separated by ';' or
        new lines, the last one the function (h = W*x; L = ...). Its name names the result
        (∂L/∂W); L(W) = ... says what to differentiate by when -x is not given (with -x,
        each variable must be one of those arguments). --chain shows backpropagation
        through the named statements: local Jacobians (in --layout), the δ's, and each
        gradient in δ's and multiplied out, every derivative checked numerically.

        The result is in matrix notation, its shape checked against the layout table, and
        checked against central finite differences at random well-conditioned points (--no-check
        to skip): 'verified', 'could not verify' (with the reason: a singular point, overflow)
        or 'disagrees' (exit 1: a bug in matcalc).
        Vector/matrix-by-matrix derivatives are tensors: shown in index form and as the
        vec/Kronecker matrix ∂vec F/∂vec X.
        """
        names = wrt_names(wrt, input_error) or None
        text = read_expression(expression)
        try:
            decl = declarations(decls)
            if stack and fmt == "numpy":
                raise input_error("--stack prints text, ascii, latex or json; for code, "
                                  "drop --stack (matcalc codegen gives each ∂f/∂xᵢ)")
            if chain:
                run_chain(text, names, fmt, layout, symmetric, check, max_size, decl,
                          input_error)
                return
            if names is None:
                names = _arguments(text, decl)
            if fmt == "numpy":                   # the same as matcalc codegen
                click.echo(codegen(text, names, layout=layout, **decl), nl=False)
                return
            with size_bound(max_size):
                if stack:
                    d = api_diff_stacked(text, names, layout, symmetric=symmetric,
                                         max_size=max_size, **decl)
                    lines, failed = report_stacked(d, fmt, steps, check, text)
                    click.echo("\n".join(lines))
                    if failed:
                        raise click.ClickException(DISAGREEMENT)
                    return
                run(lambda n: api_diff(text, n, layout, symmetric=symmetric,
                                       max_size=max_size, **decl), names, fmt, steps, check,
                    text=text, derive_all=lambda ns: api_diff(text, ns, layout,
                                                              symmetric=symmetric,
                                                              max_size=max_size, **decl))
        except MatcalcError as e:
            raise input_error(str(e)) from None

    @main.command("hessian", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
    @with_timeout
    @click.argument("expression")
    @common_options
    @decl_option
    def hessian_cmd(expression, wrt, fmt, symmetric, steps, check, max_size, decls):
        """The Hessian of a scalar EXPRESSION with respect to the --wrt variable(s).

        \b
        Examples:
          matcalc hessian "x' * A * x" -x x                    A + Aᵀ
          matcalc hessian "x' * A * x + b' * x" -x x           A + Aᵀ
          matcalc hessian "tr(X' * X)" -x X                    a 4-index tensor, vec form 2I
          matcalc hessian "x' * A * y + y' * y" -x x,y         blocks ∂²f/∂x², ∂²f/∂x∂y (A),
                                                               ∂²f/∂y∂x (Aᵀ), ∂²f/∂y² (2I)

        For a vector x the Hessian is the n×n matrix ∂²f/∂x∂xᵀ; for a matrix X it is the
        tensor ∂²f/∂X_ij∂X_kl, shown with its vec form (pq×pq). With several variables
        (-x x,y) every block is printed, the cross terms ∂²f/∂x∂y included (dim(x)×dim(y):
        the gradient ∂f/∂x differentiated by y; a tensor where a matrix variable is), each
        checked numerically, then the whole Hessian as one block matrix (a matrix variable
        by vec X); with --format json one object per block, its "block" key [x, y].
        """
        names = wrt_names(wrt, input_error) or None
        text = read_expression(expression)
        try:
            decl = declarations(decls)
            names = names or _arguments(text, decl)
            with size_bound(max_size):
                if len(names) > 1:
                    H = api_hessian(text, names, symmetric=symmetric, max_size=max_size,
                                    **decl)
                    run_blocks(H, fmt, steps, check, text=text)
                    return
                run(lambda n: api_hessian(text, n, symmetric=symmetric, max_size=max_size,
                                          **decl), names, fmt, steps, check, hess=True,
                    text=text)
        except MatcalcError as e:
            raise input_error(str(e)) from None
