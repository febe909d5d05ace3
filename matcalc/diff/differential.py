"""The differential: walk the tree once (memoised over the DAG) and apply the rule table.

The engine never names an operator; it looks each node's type up in `rules.RULES`.
The result is linear in the placeholder Delta(X) ("dX"); it *is* the derivative, before
any layout is chosen.
"""
from __future__ import annotations

from ..core.deadline import check_time
from ..core.errors import DifferentiationError
from ..core.expr import Expr, Var
from .dependence import depending_nodes
from . import rules  # noqa: F401  (registers the table)
from .registry import RULES, SizeMeter


def differential(e: Expr, var: Var, record=None) -> Expr | None:
    """d e with respect to `var`: an expression linear in Delta(var), or None if `e` does
    not depend on `var`. `record`, if a list, receives (node, rule, result) per rule used."""
    dep = depending_nodes(e, var)          # of the variables, only `var` itself
    memo: dict = {}
    meter = SizeMeter()                    # each result is bounded as soon as it is built

    def d(x: Expr):
        if x not in dep:
            return None
        if x in memo:
            return memo[x]
        check_time("differential")
        rule = RULES.get(type(x))
        if rule is None:
            raise DifferentiationError(f"no differential rule for {type(x).__name__}")
        out = rule.apply(x, d)
        if out is not None:
            meter.check(out, "differential")
        if record is not None and x.children:       # a leaf's differential is no step
            record.append((x, rule, out))
        memo[x] = out
        return out

    return d(e)
