"""Operator specs: everything about one operator in one place (DESIGN.md, "One operator, one
place"). This is the seed of the spec: the algebraic properties that the differential, the
identification and the simplifier each need, declared once. (Issue 9 grows each entry into
the whole spec: language name and arity, shape rule, printed forms, NumPy evaluation,
differential rule, SymPy name.)

    spec(node_or_type).linear        jointly linear in its expression arguments:
                                     op(A + B) = op(A) + op(B), op(cA) = c op(A), op(0) = 0
    spec(...).multilinear            linear in each argument separately (products)
    spec(...).elementwise            applied entry by entry
"""
from __future__ import annotations

from dataclasses import dataclass

from . import expr as E


@dataclass(frozen=True)
class Operator:
    node: type
    linear: bool = False
    multilinear: bool = False
    elementwise: bool = False


OPERATORS: dict = {}


def _declare(node, **props) -> None:
    OPERATORS[node] = Operator(node, **props)


for _leaf in E.LEAVES:
    _declare(_leaf)
for _node in (E.Add, E.Trace, E.Transpose, E.Diag, E.DiagPart, E.Vec, E.Unvec,
              E.SumEntries):
    _declare(_node, linear=True)
for _node in (E.MatMul, E.Scale, E.Hadamard, E.Kron):
    _declare(_node, multilinear=True)
_declare(E.Func, elementwise=True)
_declare(E.Power, elementwise=True)
_declare(E.HadamardDiv, elementwise=True)
for _node in (E.Inverse, E.Det, E.LogDet, E.MatPow, E.Norm2, E.Frob, E.Norm1):
    _declare(_node)


def spec(e) -> Operator:
    """The spec of a node (or node type)."""
    return OPERATORS[e if isinstance(e, type) else type(e)]
