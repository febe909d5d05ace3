"""Operator specs: everything about one operator in one place (DESIGN.md, "One operator, one
place"). Every other table (node checks, builders, grammar, parser, inference, printers,
numeric evaluation, SymPy conversion, order, simplifier predicates, differential registry)
is derived from these entries.

    spec(node_or_type)            the Operator of a node: .linear, .multilinear,
                                  .elementwise, .adjoint, .shape, .call, ... (spec.py)
    OPERATORS                     {node type: Operator}, every Expr subclass
    FUNCTIONS                     {name: Function}, the elementwise functions
                                  (elementwise.py)
    CALLS                         {language name: [Operator, ...]} of everything written
                                  as a call, elementwise functions excluded
    call_names()                  every function name of the language, in listing order
    ALIASES                       {word a user may type: the name it means}

    spec(...).linear        jointly linear in its expression arguments:
                            op(A + B) = op(A) + op(B), op(cA) = c op(A), op(0) = 0
    spec(...).multilinear   linear in each argument separately (products)
    spec(...).elementwise   applied entry by entry

Importing this package installs each node's shape check from its spec's shape rule (as the
node's `__post_init__`, or `_check` where the node normalises a field first); `core/__init__.py`
imports it, so every node is checked from the first one built.
"""
from __future__ import annotations

from operator import attrgetter

from . import nodes  # noqa: F401  (declares every node type)
from .elementwise import FUNCTIONS, Function
from .shape_rules import Check
from .spec import OPERATORS, Call, Infix, Norm, Operator, Postfix, declare, spec

# ------------------------------------------------------------------------------------
# The language's calls
# ------------------------------------------------------------------------------------

CALLS: dict = {}
for _op in OPERATORS.values():
    if _op.call:
        CALLS.setdefault(_op.call, []).append(_op)


def call_names() -> tuple:
    """Every function of the language, in listing order: the reductions to a scalar, the
    elementwise functions, the other functions of expressions, then the constants."""
    ops = [ops[0] for ops in CALLS.values()]
    reductions = [op.call for op in ops if op.reduces]
    others = [op.call for op in ops if not op.reduces and op.arity[0] > 0]
    constants = [op.call for op in ops if op.arity[0] == 0]
    return tuple(reductions + list(FUNCTIONS) + others + constants)


#: an operator with no call (the transpose) is written postfix, `'`
ALIASES = {a: (op.call or "'") for op in OPERATORS.values() for a in op.aliases}
ALIASES.update({a: f.name for f in FUNCTIONS.values() for a in f.aliases})


# ------------------------------------------------------------------------------------
# Shape checks on construction
# ------------------------------------------------------------------------------------

def _install_check(op: Operator) -> None:
    """The node's `__post_init__` sets its shape by the spec's rule on its fields (a node
    that normalises a field first, Power, keeps its own and calls `_check`)."""
    rule, ctx, node = op.shape, Check(op.noun, op.mismatch), op.node
    names = node._fields
    if names == ("arg",):                    # most nodes: a direct attribute read is fastest
        def _check(self):
            return rule(ctx, self.arg)
    elif len(names) == 1:
        get = attrgetter(names[0])

        def _check(self):
            return rule(ctx, get(self))
    else:
        get = attrgetter(*names)

        def _check(self):
            return rule(ctx, *get(self))
    node._check = _check
    if "__post_init__" not in node.__dict__:
        if names == ("arg",):
            def __post_init__(self):
                _set(self, "shape", rule(ctx, self.arg))
        elif len(names) == 2:
            first, second = attrgetter(names[0]), attrgetter(names[1])

            def __post_init__(self):
                _set(self, "shape", rule(ctx, first(self), second(self)))
        else:
            def __post_init__(self):
                _set(self, "shape", _check(self))
        node.__post_init__ = __post_init__


_set = object.__setattr__
for _op in OPERATORS.values():
    if _op.shape is not None:
        _install_check(_op)

__all__ = ["spec", "OPERATORS", "Operator", "FUNCTIONS", "Function", "CALLS", "ALIASES",
           "call_names", "declare", "Call", "Infix", "Norm", "Postfix", "Check"]
