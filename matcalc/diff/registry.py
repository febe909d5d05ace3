"""The machinery behind the rule table: a registry of differential rules and the helpers
that register them, named after the mathematics (as JAX's `deflinear`, `defbilinear`).

`defstructural` registers what follows from an operator's declared `linear` /
`multilinear` property (its spec, core/operators), so the table states the property once.

The size bound (`MAX_SIZE`, nodes as printed) is checked while building: the product rule
refuses before it builds its terms, and `SizeMeter` measures each rule's result in time
linear in the nodes it adds, so the differential stops at the first rule whose result
passes the bound (a 5,000-deep tanh nest is refused at depth ~200, not after building
12 million nodes).

A rule takes the node `e` and `d`, a function giving the differential of a child of `e`
(None when the child does not depend on the variable), and returns d(e).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core import build as B
from ..core.expr import Expr, rebuild
from ..core.limits import DEFAULT_MAX_SIZE, MAX_SIZE, check_size  # noqa: F401  (re-exported)
from ..core.operators import spec


class SizeMeter:
    """Tree sizes (nodes as printed: a shared subtree counts each time it occurs), memoised
    over the DAG by node identity (a rule's result shares its operands' objects, so
    measuring it costs only its new nodes, without structural comparisons)."""

    __slots__ = ("sizes",)

    def __init__(self):
        self.sizes: dict = {}               # id(node) -> (node, size): the node kept alive

    def __call__(self, e: Expr) -> int:
        sizes = self.sizes
        known = sizes.get(id(e))
        if known is not None:
            return known[1]
        stack = [e]                         # a node is sized once its children are
        while stack:
            x = stack[-1]
            total, waiting = 1, False
            for c in x.children:
                known = sizes.get(id(c))
                if known is None:
                    stack.append(c)
                    waiting = True
                else:
                    total += known[1]
            if not waiting:
                stack.pop()
                sizes[id(x)] = (x, total)
        return sizes[id(e)][1]

    def check(self, e: Expr, what: str) -> None:
        """SizeLimitError if `e` has more nodes than the bound."""
        check_size(self(e), what)


@dataclass(frozen=True)
class Rule:
    cite: str          # "Cookbook (40)" or "chain rule"
    formula: str       # the identity in words, for the step-by-step output
    apply: Callable    # (e, d) -> differential Expr


RULES: dict = {}


def defrule(node_type, cite: str, formula: str, fn: Callable) -> None:
    """Register a rule given as fn(e, d)."""
    RULES[node_type] = Rule(cite, formula, fn)


def defunary(node_type, cite: str, formula: str, fn: Callable) -> None:
    """A rule for a one-argument node, given as fn(X, dX) in matcalc's algebra."""
    defrule(node_type, cite, formula, lambda e, d: fn(e.arg, d(e.arg)))


def deflinear(node_type, cite: str, formula: str) -> None:
    """d op(A, B, ...) = op(dA, dB, ...) for an operator linear in every argument jointly
    (transpose, trace, vec, sum, ...): constant arguments contribute nothing."""
    def rule(e, d):
        kids = e.children
        if len(kids) == 1:
            return rebuild(e, (d(kids[0]),))
        return B.add(*(dk for dk in map(d, kids) if dk is not None))
    defrule(node_type, cite, formula, rule)


def defmultilinear(node_type, cite: str, formula: str) -> None:
    """The product rule for an operator linear in each argument separately (matrix,
    Hadamard, Kronecker and scalar products): one term per argument that varies."""
    def rule(e, d):
        kids = e.children
        varying = [(i, dk) for i, dk in enumerate(map(d, kids)) if dk is not None]
        # each term repeats the other factors: refuse before building what is too large
        check_size(len(varying) * len(kids), "differential")
        return B.add(*(rebuild(e, kids[:i] + (dk,) + kids[i + 1:]) for i, dk in varying))
    defrule(node_type, cite, formula, rule)


def defstructural(node_type, cite: str, formula: str) -> None:
    """The rule that follows from the operator's declared algebra (core/operators):
    linearity for a `linear` operator, the product rule for a `multilinear` one."""
    op = spec(node_type)
    if op.linear:
        deflinear(node_type, cite, formula)
    elif op.multilinear:
        defmultilinear(node_type, cite, formula)
    else:
        raise ValueError(f"{node_type.__name__} is declared neither linear nor multilinear: "
                         "give its rule")


def defconstant(node_type) -> None:
    """Constants have no differential (Cookbook (33): ∂A = 0)."""
    defrule(node_type, "Cookbook (33)", "∂A = 0", lambda e, d: None)


def rule_for(e: Expr) -> Rule:
    return RULES[type(e)]
