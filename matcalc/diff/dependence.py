"""Which nodes of a tree depend on a given leaf (a variable, or its differential dX)."""
from __future__ import annotations

from ..core.errors import DifferentiationError
from ..core.expr import Expr, postorder


def depending_nodes(e: Expr, leaf: Expr) -> set:
    """The nodes of `e` that contain `leaf`, found bottom-up in one pass over the DAG."""
    dep: set = set()
    for x in postorder(e):                          # children before parents
        if x == leaf or any(c in dep for c in x.children):
            dep.add(x)
    return dep


def linear_rule(table: dict, node: Expr, dX) -> object:
    """The rule for `node` in a table of rules for expressions linear in dX; a node with no
    rule means the differential was not linear in dX (a bug upstream)."""
    rule = table.get(type(node))
    if rule is None:
        raise DifferentiationError(
            f"internal: the differential is not linear in {dX.var.name} at "
            f"{type(node).__name__}")
    return rule
