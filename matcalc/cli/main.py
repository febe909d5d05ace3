"""The `matcalc` command line: a click group with one small command per verb.

Exit codes (the only place they are defined):
    0    success (a check that could not verify is reported, not an error)
    1    a derivative that disagrees with finite differences, or an internal error (a bug in
         matcalc: please report it); output that cannot be written ("cannot write output")
    2    bad input: a syntax, shape or declaration error in the expression or in --decl
         (message with a caret on stderr, no traceback), or a usage error (click's own)
    130  interrupted (Ctrl-C): "Aborted!"
    141  the reader of the output went away (a closed pipe, `| head`): quietly, as Unix tools
"""
from __future__ import annotations

import errno
import os
import sys

import click

from . import check as cli_check
from . import codegen as cli_codegen
from . import diff as cli_diff
from . import identities as cli_identities
from . import latex as cli_latex
from ..language.declarations import format_declaration
from ..core.errors import MatcalcError
from ..language.parse import parse_declaration_line, parse_with_info
from ..core.shapes import kind_of, shape_str
from .inputs import EXPRESSION_HELP, ExpressionCommand, read_expression
from .json_output import parse_json

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141


class InputError(click.ClickException):
    """A MatcalcError on the command line: printed as 'Error: ...' on stderr, exit 2."""
    exit_code = EXIT_BAD_INPUT


def _declarations(decls: tuple) -> dict:
    out, lines = {}, {}
    for line in decls:
        try:
            var = parse_declaration_line(line)
        except MatcalcError as e:
            raise InputError(f"in --decl {line!r}: {e}") from None
        if var.name in out and out[var.name] != var:
            raise InputError(f"{var.name} is declared twice, differently: --decl "
                             f"{lines[var.name]!r} and --decl {line!r}; keep one")
        out[var.name], lines[var.name] = var, line
    return out


def _closed_pipe() -> None:
    """The reader went away: end quietly (no message, no traceback at interpreter exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    sys.exit(EXIT_CLOSED_PIPE)


class _Group(click.Group):
    """The last line of defence: whatever escapes a command is an error message, never a
    Python traceback (MATCALC_DEBUG=1 shows the traceback of an internal error)."""

    def make_context(self, *args, **kwargs):
        """Reading the options: Ctrl-C here is "Aborted!" and 130 too (click says 1)."""
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            _aborted()

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MatcalcError as e:
            raise InputError(str(e)) from None
        except RecursionError:
            raise InputError("the expression is nested too deeply; name its parts and work "
                             "on them separately") from None
        except MemoryError:
            raise InputError("out of memory: the expression or its derivative is too "
                             "large; see --max-size") from None
        except (click.ClickException, click.exceptions.Exit):
            raise
        except (KeyboardInterrupt, click.exceptions.Abort):
            _aborted()
        except BrokenPipeError:
            _closed_pipe()
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
                err = click.ClickException(f"cannot write output: {e.strerror}")
                err.exit_code = EXIT_INTERNAL
                raise err from None
            raise _internal(e) from None
        except Exception as e:                      # noqa: BLE001 - a bug in matcalc
            raise _internal(e) from None


def _aborted() -> None:
    """Ctrl-C: "Aborted!" on stderr, exit 130."""
    click.echo("Aborted!", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _internal(e: Exception) -> click.ClickException:
    """An error that is matcalc's fault: a one-line message (MATCALC_DEBUG=1: the traceback)."""
    if os.environ.get("MATCALC_DEBUG"):
        raise e
    err = click.ClickException(f"internal error ({type(e).__name__}: {e}); this is a bug in "
                               "matcalc, please report it (MATCALC_DEBUG=1 shows the "
                               "traceback)")
    err.exit_code = EXIT_INTERNAL
    return err


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="matcalc-derive", prog_name="matcalc")
def main():
    """matcalc: symbolic matrix calculus.

    Write an expression over scalars, vectors and matrices in the text language of
    docs/language.md; undeclared names are inferred (lowercase → vector, uppercase →
    matrix, greek → scalar) with dimensions unified across the expression.

    \b
    Start here:
      matcalc diff "a' * X * b" --wrt X          the derivative, checked numerically
      matcalc diff "x' * A * x" -x x --steps     with the derivation and Cookbook citations
      matcalc hessian "x' * A * x" -x x          second derivatives
      matcalc codegen "sum(softplus(X*w))" -x w  NumPy (JAX, PyTorch) code for them
      matcalc check "a' * X * b" -x X -e "b * a'"  is my derivative right? which entries?
      matcalc parse "aᵀXb"                       what was understood, and the shapes
      matcalc latex examples/lectures.toml -o notes.tex --pdf   lecture notes
      matcalc identities verify                  The Matrix Cookbook, derived and checked

    Exit codes: 0 success, 1 a derivative that disagrees with finite differences or an
    internal error, 2 bad input (with a caret under the spot), 130 interrupted.
    """


DECL_HELP = ("Declare a variable, e.g. -d 'X: matrix(n) spd' or -d 'alpha: scalar'. "
             "Types: scalar, vector(n), matrix(n), matrix(n, m); properties: symmetric, spd, "
             "diagonal, invertible. Repeat the option for several variables.")


decl_option = click.option("--decl", "-d", "decls", multiple=True,
                           metavar="'NAME: TYPE [PROPS]'", help=DECL_HELP)


@main.command("parse", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
@click.argument("expression")
@decl_option
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text, or json (keys: input, expression, declarations, "
                                      "shape, kind).")
def parse_cmd(expression: str, decls: tuple, fmt: str):
    """Parse EXPRESSION and show it with the inferred declarations and its shape.

    \b
    Examples:
      matcalc parse "a' * X * b"             a: vector(n), X: matrix(n, m), b: vector(m)
      matcalc parse "aᵀXb"                   the same, in unicode with juxtaposition
      matcalc parse "x' A x" -d "A: matrix(n) spd"
      matcalc parse "x: vector(n); A: matrix(n) symmetric; x' * A * x"
      matcalc parse "logdet(S) - tr(S⁻¹ C)"  S and C are inferred square
      matcalc parse "0.5 * norm2(W' h - y)^2"
      matcalc parse "sum(log(exp(-y.*(X*w)) + vector(1)))"   vector(c), matrix(c), 𝟏:
                                             constants sized by context (ones(n) here)
      matcalc parse "a^b + sum(x.^p)"        symbolic exponents (a, b, p: scalars)

    \b
    Output: the expression, one declaration per variable, then its shape:
      a: vector(n)
      X: matrix(n, m)
      b: vector(m)
      shape: 1×1 (scalar)

    Errors (syntax, shapes, contradictions) are printed with a caret under the position
    and exit with code 2.
    """
    declared = _declarations(decls)
    text = read_expression(expression)
    try:
        expr, variables = parse_with_info(text, **declared)
    except MatcalcError as e:
        raise InputError(str(e)) from None
    if fmt == "json":
        click.echo(parse_json(text, expr, variables))
        return
    click.echo(str(expr))
    for var in variables.values():
        click.echo(format_declaration(var))
    click.echo(f"shape: {shape_str(expr.shape)} ({kind_of(expr.shape)})")


cli_diff.register(main, decl_option, _declarations, InputError)
cli_check.register(main, decl_option, _declarations, InputError)
cli_codegen.register(main, decl_option, _declarations, InputError, cli_diff.wrt_names)
cli_identities.register(main, InputError)
cli_latex.register(main, InputError)


if __name__ == "__main__":      # pragma: no cover
    main()
