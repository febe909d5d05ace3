"""Which nodes of a tree depend on a given leaf (a variable, or its differential dX)."""
from __future__ import annotations

from ..expr import Expr, postorder


def depending_nodes(e: Expr, leaf: Expr) -> set:
    """The nodes of `e` that contain `leaf`, found bottom-up in one pass over the DAG."""
    dep: set = set()
    for x in postorder(e):                          # children before parents
        if x == leaf or any(c in dep for c in x.children):
            dep.add(x)
    return dep
