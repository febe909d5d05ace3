"""How the commands take an expression: as an argument, from standard input (`-`), and with a
clear word when a leading minus is taken for an option."""
from __future__ import annotations

import re
import sys

import click

from ..core.operators import FUNCTIONS, call_names

#: what an option looks like on the command line (-x, --wrt, --wrt=X, -fjson)
_OPTION_LIKE = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*(=.*)?")

DASH_HINT = ("an expression that starts with '-' is read as an option: put it after '--', "
             "as in  matcalc diff -x y -- \"-y' * x\"")


class ExpressionCommand(click.Command):
    """A command whose EXPRESSION argument may start with '-': click's usage error then says
    to write '--' before it."""

    def parse_args(self, ctx, args):
        given = list(args)                  # click consumes `args` as it parses
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            suspect = next((a for a in given if a.startswith("-") and a not in ("-", "--")
                            and not _OPTION_LIKE.fullmatch(a)), None)
            if suspect is not None or "requires an argument" in e.format_message():
                raise click.UsageError(f"{e.format_message()}\n{DASH_HINT}", ctx) from None
            raise


def read_expression(expression: str) -> str:
    """The expression text: the argument itself, or standard input when it is '-' (for input
    too long for an argument list, or with bytes no shell passes, such as NUL: the parser
    then gives its own clear error)."""
    if expression != "-":
        return expression
    stream = getattr(sys.stdin, "buffer", None)
    text = stream.read().decode("utf-8", errors="replace") if stream else sys.stdin.read()
    return text[:-1] if text.endswith("\n") and text.count("\n") == 1 else text


EXPRESSION_HELP = ("EXPRESSION is the text of the function (docs/language.md); '-' reads it "
                   "from standard input. An expression that starts with '-' goes after '--': "
                   "matcalc diff -x y -- \"-y' * x\".\n\n"
                   f"Elementwise functions: {', '.join(FUNCTIONS)}. relu, abs, step and sign "
                   "are differentiated away from their kink at 0 (relu' = step, abs' = sign, "
                   "step' = sign' = 0 almost everywhere). Other functions: "
                   f"{', '.join(n for n in call_names() if n not in FUNCTIONS)}. "
                   "Norms: ‖x‖ or ||x|| (Euclidean, of a vector), ‖x‖₂, ‖x‖₁, ‖X‖_F.")
