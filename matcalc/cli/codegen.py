"""`matcalc codegen`: the Python source of a function returning the value and derivatives."""
from __future__ import annotations

from pathlib import Path

import click

from ..codegen import codegen
from ..core.errors import MatcalcError
from ..diff.layout import LAYOUTS
from ..printing.code import TARGETS
from .check import parse_sizes
from .inputs import EXPRESSION_HELP, ExpressionCommand, read_expression
from .limits import with_timeout


def register(main, decl_option, declarations, input_error, wrt_names):

    @main.command("codegen", cls=ExpressionCommand, epilog=EXPRESSION_HELP)
    @with_timeout
    @click.argument("expression")
    @click.option("--wrt", "-x", multiple=True, required=True, metavar="NAME",
                  help="The variable(s); repeat the option or separate names by commas.")
    @click.option("--target", "-t", type=click.Choice(tuple(TARGETS)), default="numpy",
                  show_default=True, help="The array library of the generated code.")
    @click.option("--hessian", is_flag=True, help="Return the Hessians too.")
    @click.option("--layout", "-l", type=click.Choice(LAYOUTS), default="mixed",
                  show_default=True, help="The layout of the returned derivatives.")
    @click.option("--name", "-n", default="f", show_default=True,
                  help="The name of the generated function.")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                  help="Write the source to this file (default: standard output).")
    @click.option("--sizes", default=None, metavar="n=1000,m=2000",
                  help="The sizes the code will run at, for the order of matrix products "
                       "(unknown sizes count as large: vectors are multiplied first).")
    @decl_option
    def codegen_cmd(expression, wrt, target, hessian, layout, name, output, sizes, decls):
        """Generate a Python function returning EXPRESSION's value and its derivatives.

        \b
        Examples:
          matcalc codegen "sum(softplus(X*w)) - y' * X * w" -x w --hessian
          matcalc codegen "0.5*norm2(W2'*tanh(W1'*x) - y)^2" -x W1,W2 -t torch
          matcalc codegen "logdet(S)" -x S -d "S: matrix(n) spd" -o logdet_grad.py
          matcalc codegen "sum(A*B*C)" -x A --sizes n=60,m=60,k=60,p=2

        The function takes the variables in the order they appear (NumPy arrays or what the
        target converts; vectors 1-D or n×1), checks their shapes, and returns (value,
        derivatives..., Hessians...). Shared subexpressions are computed once, inverses in
        products are solves, diagonal matrices are broadcasts, σ and softplus are stable,
        matrix chains are multiplied in the cheapest order for --sizes.
        """
        names = wrt_names(wrt, input_error)
        text = read_expression(expression)
        known = parse_sizes(sizes, input_error)
        try:
            src = codegen(text, names, target=target, hessian_too=hessian, layout=layout,
                          name=name, sizes=known, **declarations(decls))
        except MatcalcError as e:
            raise input_error(str(e)) from None
        if output is None:
            click.echo(src, nl=False)
        else:
            Path(output).write_text(src, encoding="utf-8")
            click.echo(f"wrote {output}")
