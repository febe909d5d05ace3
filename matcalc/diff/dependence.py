"""Which nodes of a tree depend on a given leaf (a variable, or its differential dX), and
the walk from the root of an expression linear in dX down to dX that the identifications
share (trace_form.pullback_terms, vec_form.vec_matrix)."""
from __future__ import annotations

from ..core.deadline import check_time
from ..core.errors import DifferentiationError
from ..core.expr import Add, Expr, postorder


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


def carry_to_leaf(dF: Expr, values, dX, table: dict, holders: set | None = None) -> list:
    """Walk dF, linear in dX, from its root down to dX, carrying a value: the root starts
    with each of `values` in turn; a sum hands its value to every term that holds dX, any
    other node hands on what its rule `table[type(node)](node, value, has)` gives, a list of
    (child holding dX, its value) (`has(node)`: the node holds dX). The values that reach
    dX, depth first, in order. `holders`: the nodes of dF that hold dX, when the caller
    knows them without walking all of dF."""
    has = (depending_nodes(dF, dX) if holders is None else holders).__contains__
    out, stack = [], [(dF, value) for value in reversed(values)]
    while stack:
        check_time("identification")
        node, value = stack.pop()
        if node == dX:
            out.append(value)
        elif isinstance(node, Add):
            stack.extend((t, value) for t in node.terms if has(t))
        else:
            stack.extend(linear_rule(table, node, dX)(node, value, has))
    return out
