"""`matcalc check`: the numerical verification report of a derivative — and, with
--expected, of a derivative the user derived by hand: does it agree with finite differences
and with matcalc's, and if not, which entries differ and what the mistake looks like."""
from __future__ import annotations

import dataclasses

import click
import numpy as np

from ..api import diff as api_diff
from ..core import expr as E
from ..core.errors import MatcalcError
from ..diff.layout import LAYOUTS
from ..diff.symmetric import CONVENTIONS
from ..language.parse import parse
from ..numeric import evaluate_2d, sample_point
from ..numeric.check import DISAGREES, VERIFIED
from ..numeric.sampling import default_sizes, dimension_symbols
from ..printing import to_text
from .inputs import EXPRESSION_HELP, ExpressionCommand, read_expression
from .limits import with_timeout

EXIT_DISAGREES = 1
MAX_ENTRIES_SHOWN = 6


def parse_sizes(text: str | None, input_error) -> dict | None:
    """'n=3,m=4' → {'n': 3, 'm': 4}."""
    if not text:
        return None
    out = {}
    for part in text.split(","):
        name, eq, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not eq or not name.isidentifier() or not value.isdigit() or int(value) < 1:
            raise input_error(f"--sizes {text!r}: write names and positive sizes, as in "
                              "--sizes n=3,m=4")
        out[name] = int(value)
    return out


def _verdict(d, sizes, seed):
    return d.verify(seed=seed, sizes=sizes)


def with_result(d, result: E.Expr):
    """The derivative `d` with another result in its place (the user's)."""
    if d.is_tensor:
        return dataclasses.replace(d, expr=dataclasses.replace(d.expr, vec=result))
    return dataclasses.replace(d, expr=result)


def _diagnosis(mine: np.ndarray, yours: np.ndarray) -> list:
    """What the difference looks like: a transpose, a sign, a constant factor."""
    out = []
    scale = max(1.0, float(np.max(np.abs(mine))))
    if mine.shape == yours.shape[::-1] or mine.shape == yours.shape:
        if mine.shape == yours.T.shape and np.allclose(mine, yours.T, atol=1e-6 * scale):
            out.append("yours is the transpose of the right result: a layout mix-up "
                       "(numerator vs denominator), or a transpose dropped")
    if mine.shape == yours.shape:
        if np.allclose(mine, -yours, atol=1e-6 * scale):
            out.append("yours has the wrong sign")
        else:
            nz = np.abs(mine) > 1e-9 * scale
            if nz.any():
                ratio = yours[nz] / mine[nz]
                if np.allclose(ratio, ratio[0], rtol=1e-6) and np.allclose(
                        yours[~nz], 0, atol=1e-6 * scale):
                    out.append(f"yours is {ratio[0]:.6g} times the right result")
    return out


def entries_that_differ(d, yours: E.Expr, sizes, seed) -> list:
    """Lines naming the entries (1-based) where the user's result differs, at one point."""
    vs = E.variables(d.f) | {d.wrt} | E.variables(yours)
    dims = default_sizes(vs, sizes, seed, extra=dimension_symbols(d.f))
    env = sample_point(vs, dims, seed)
    mine = evaluate_2d(d._matrix(), env, dims)
    theirs = evaluate_2d(yours, env, dims)
    lines = _diagnosis(mine, theirs)
    if mine.shape != theirs.shape:
        return lines + [f"yours is {theirs.shape[0]}×{theirs.shape[1]} here, the right result "
                        f"{mine.shape[0]}×{mine.shape[1]}"]
    scale = max(1.0, float(np.max(np.abs(mine))))
    bad = np.argwhere(np.abs(mine - theirs) > 1e-6 * scale)
    sizes_text = ", ".join(f"{k}={v}" for k, v in sorted((str(k), v) for k, v in dims.items()))
    lines.append(f"{len(bad)} of {mine.size} entries differ at the point of seed {seed} "
                 f"({sizes_text}):")
    for i, j in bad[:MAX_ENTRIES_SHOWN]:
        lines.append(f"  ({i + 1}, {j + 1}): yours {theirs[i, j]:.6g}, right {mine[i, j]:.6g}")
    if len(bad) > MAX_ENTRIES_SHOWN:
        lines.append(f"  … and {len(bad) - MAX_ENTRIES_SHOWN} more")
    return lines


def register(main, decl_option, declarations, input_error):

    @main.command("check", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
    @with_timeout
    @click.argument("expression")
    @click.option("--wrt", "-x", required=True, metavar="NAME",
                  help="The variable to differentiate with respect to.")
    @click.option("--expected", "-e", default=None, metavar="EXPR",
                  help="A derivative you derived by hand (in the same layout; the vec form "
                       "∂vec F/∂vec X for a tensor), checked against finite differences and "
                       "against matcalc's.")
    @click.option("--layout", "-l", type=click.Choice(LAYOUTS), default="mixed",
                  show_default=True, help="The layout of the derivative (and of --expected).")
    @click.option("--sizes", default=None, metavar="n=3,m=4",
                  help="Sizes of the dimensions (default: random sizes 2–4).")
    @click.option("--seed", default=0, show_default=True, type=int,
                  help="The seed of the random points.")
    @click.option("--symmetric", type=click.Choice(CONVENTIONS), default="symmetric",
                  show_default=True, help="The convention for a symmetric variable.")
    @decl_option
    def check_cmd(expression, wrt, expected, layout, sizes, seed, symmetric, decls):
        """Check the derivative of EXPRESSION numerically; with --expected, check yours.

        \b
        Examples:
          matcalc check "a' * X * b" -x X                       matcalc's result, verified
          matcalc check "a' * X * b" -x X --expected "b * a'"   yours: the transpose
          matcalc check "x' * A * x" -x x -e "2*A*x" --sizes n=3
          matcalc check "logdet(S)" -x S -d "S: matrix(n) spd" --seed 3

        The report gives the sizes, the seed, the largest relative error and the verdict:
        verified, could not verify (with the reason) or disagrees. With --expected, it says
        whether your result agrees, and if not which entries differ and whether it is a
        transpose, a sign or a constant factor away. Exit code 1 when a result disagrees.
        """
        given = parse_sizes(sizes, input_error)
        text = read_expression(expression)
        try:
            decl = declarations(decls)
            d = api_diff(text, wrt, layout, symmetric=symmetric, **decl)
            click.echo(f"∂f/∂{d.wrt.name}, f = {d.f}  ({d.kind}, {layout} layout)")
            mine = _verdict(d, given, seed)
            click.echo(f"matcalc: {to_text(d._matrix()) if not d.is_tensor else d.expr}")
            click.echo(f"  {mine}")
            failed = mine.status == DISAGREES
            if expected is not None:
                known = {v.name: v for v in E.variables(d.f) | {d.wrt}}
                yours = parse(expected, **known)
                v = _verdict(with_result(d, yours), given, seed)
                click.echo(f"yours: {yours}")
                click.echo(f"  {v}")
                if v.status == DISAGREES:
                    failed = True
                    for line in entries_that_differ(d, yours, given, seed):
                        click.echo(f"  {line}")
                elif v.status == VERIFIED:
                    click.echo("  yours agrees with finite differences"
                               + (" and with matcalc's" if mine.status == VERIFIED else ""))
        except MatcalcError as e:
            raise input_error(str(e)) from None
        if failed:
            raise click.exceptions.Exit(EXIT_DISAGREES)
