"""The backward sweep: the gradients of a scalar f with respect to several variables at once.

    adjoint_terms(f, variables) → {variable: [G₁, G₂, …]}   with df = Σ_X Σᵢ tr(Gᵢᵀ dX)
    adjoints(f, variables)      → {node: [C₁, C₂, …]}       every node's adjoint, as terms

Reverse mode over the DAG of f. The adjoint of a node y is what its differential is paired
with: df = tr(C_yᵀ dy) + (the terms that do not pass through y). It starts at the root with
C_f = 1 and goes down the DAG in reverse topological order, each node's adjoint computed
once, from all of its parents, before it is handed to its children:

    1. the node's *local* differential from the rule table (rules.py), each varying child's
       differential a placeholder dP_c (so dy = Σ_c (linear in dP_c): the rule table, not a
       second table of vector-Jacobian products);
    2. every term C of the node's adjoint pulled back through it by the trace form
       (trace_form.pullback_terms: cyclic trace, Hadamard, the linear operators' adjoints):
       tr(Cᵀ dy) = Σ_c Σⱼ tr(C_cⱼᵀ dP_c), and the C_cⱼ join child c's adjoint. Which nodes
       of the local differential hold dP_c is found without entering the subtrees of f it
       contains (y's children, y itself: none holds a placeholder), so each node costs
       about its own rule, not the depth of the tree below it.

A variable's adjoint is then its gradient as a list of terms, the same terms the trace form
reads off the whole differential df with respect to that variable alone (identify.py): each
term is one path from the root to the variable, but a node's adjoint is built once and shared,
as an object, by every variable below it (a layer's δ is one expression, not one per weight).
Only the nodes that depend on some variable asked for are visited. The terms are given to
identification (identify.py) as they are; `derivative.derive_all` runs the rest of the
pipeline for each variable with one simplification memo.
"""
from __future__ import annotations

from ..core import expr as E
from ..core.errors import DifferentiationError
from . import rules  # noqa: F401  (registers the table)
from .registry import RULES
from .trace_form import pullback_terms


def adjoint_terms(f: E.Expr, variables) -> dict:
    """{variable: the terms Gᵢ of its gradient} for a scalar f, in one backward sweep; a
    variable f does not depend on gets no terms."""
    adjoint = adjoints(f, variables, keep=False)
    return {v: adjoint.get(v, []) for v in variables}


def adjoints(f: E.Expr, variables, keep: bool = True) -> dict:
    """{node: the terms of its adjoint} for every node of the scalar f on a path to one of
    `variables` (with keep=False only the variables': the inner nodes' terms are dropped
    once handed down)."""
    if not f.is_scalar:
        raise DifferentiationError("internal: a backward sweep needs a scalar function")
    targets = set(variables)
    order, dep = [], set()
    for x in E.postorder(f):                    # children before parents
        if x in targets or any(c in dep for c in x.children):
            dep.add(x)
            order.append(x)
    adjoint: dict = {f: [E.Num(1)]} if f in dep else {}
    of_f = {id(x) for x in E.walk(f)}           # f's own nodes: no placeholder in them
    for x in reversed(order):                   # parents before children
        if isinstance(x, E.Var):
            continue
        _pull_back(x, adjoint[x] if keep else adjoint.pop(x), dep, adjoint, of_f)
    return adjoint


def _pull_back(x: E.Expr, cotangents: list, dep: set, adjoint: dict, of_f) -> None:
    """Hand the adjoint of `x` (its terms `cotangents`) to its children that vary."""
    kids = list(dict.fromkeys(c for c in x.children if c in dep))
    placeholder = {c: E.Delta(_placeholder(c, i)) for i, c in enumerate(kids)}
    rule = RULES.get(type(x))
    if rule is None:
        raise DifferentiationError(f"no differential rule for {type(x).__name__}")
    local = rule.apply(x, placeholder.get)      # dx, linear in the children's dP
    holders = _holders(local, placeholder.values(), of_f)
    for c in kids:
        dP = placeholder[c]
        adjoint.setdefault(c, []).extend(pullback_terms(local, cotangents, dP, holders[dP]))


_NONE: frozenset = frozenset()


class _Inside(dict):
    """id(node) → the placeholders in it; the nodes of f (ids in `of_f`) count as known,
    with none, without being stored (f's nodes are many, a local differential's few)."""

    def __init__(self, of_f):
        super().__init__()
        self.of_f = of_f

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.of_f


def _holders(local: E.Expr, placeholders, of_f) -> dict:
    """{dP: the nodes of `local` that contain dP} for each placeholder (the set
    dependence.depending_nodes finds for one), in one walk for all of them that does not
    enter the nodes of f the rule put in `local` (`of_f`, by id: none holds a placeholder).
    A product of L varying factors has a local differential of L terms of L factors each:
    one walk is O(L²) where a walk per placeholder would be O(L³)."""
    holders: dict = {dP: set() for dP in placeholders}
    inside = _Inside(of_f)                      # id(node) → the placeholders in it
    for x in E.postorder_by_identity((local,), inside):
        here = frozenset((x,)) if x in holders else frozenset()
        here = here.union(*(inside.get(id(c), _NONE) for c in x.children))
        inside[id(x)] = here
        for dP in here:
            holders[dP].add(x)
    return holders


def _placeholder(child: E.Expr, i: int) -> E.Var:
    """The variable P_i whose differential stands for d(child) in a local differential."""
    props = child.props if isinstance(child, E.Var) else frozenset()
    return E.Var(f"_adjoint{i}", child.shape[0], child.shape[1], props)
