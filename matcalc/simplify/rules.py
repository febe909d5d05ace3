"""The catalogue: for each node type, its rewrite rules in the order they are tried.

Each rule is a small function e → e named after what it does, with the rewrite in its
docstring (the topic modules hold them). It sees a node whose children are already canonical,
returns its argument unchanged when it does not apply, and otherwise returns a rewritten
node that the normaliser normalises again; no rule calls the normaliser. One calling
convention: `rule(e)`.

Read top to bottom, a normal form is reached like this: children first (bottom-up); then
at each node constants and identities go, transposes move down to the leaves, scalar
factors move out into coefficients, products, multiples and Hadamard products distribute
over sums, linear operators over sums and multiples (both generated from the operator spec,
rules_linear.py), products of scalars are sorted, and sums are flattened, collected and
sorted. The order every rule decreases is stated in simplify/__init__.py.
"""
from __future__ import annotations

from ..core import expr as E
from .rules_elementwise import (FUNC_RULES, HADAMARD_CONTEXT_RULES, HADAMARD_RULES,
                                POWER_RULES, QUOTIENT_RULES)
from .rules_functions import (DET_RULES, DIAG_RULES, NORM_RULES, TRACE_RULES, UNVEC_RULES,
                              VEC_RULES, commutation_with_unit_dimension, scalar_constant,
                              sum_of_entries)
from .rules_linear import linear_operators, linear_rules, multilinear_rules
from .rules_products import (KRON_RULES, MATPOW_RULES, PRODUCT_CONTEXT_RULES, PRODUCT_RULES,
                             SCALE_RULES)
from .rules_sums import SUM_RULES
from .rules_transpose import INVERSE_RULES, TRANSPOSE_RULES

#: the rules each node type has of its own (linearity is added below, from the spec)
OWN_RULES = {
    E.Zero: (scalar_constant,),
    E.Identity: (scalar_constant,),
    E.Ones: (scalar_constant,),
    E.Commutation: (commutation_with_unit_dimension,),
    E.Transpose: TRANSPOSE_RULES,
    E.Inverse: INVERSE_RULES,
    E.MatMul: PRODUCT_RULES + multilinear_rules(E.MatMul) + PRODUCT_CONTEXT_RULES,
    E.Scale: SCALE_RULES + multilinear_rules(E.Scale),
    E.Add: SUM_RULES,
    E.Hadamard: HADAMARD_RULES + multilinear_rules(E.Hadamard) + HADAMARD_CONTEXT_RULES,
    E.HadamardDiv: QUOTIENT_RULES,
    E.Kron: KRON_RULES + multilinear_rules(E.Kron),
    E.Trace: TRACE_RULES,
    E.Det: DET_RULES,
    E.LogDet: DET_RULES,
    E.Vec: VEC_RULES,
    E.Unvec: UNVEC_RULES,
    E.Diag: DIAG_RULES,
    E.DiagPart: DIAG_RULES,
    E.SumEntries: (sum_of_entries,),
    E.Norm2: NORM_RULES,
    E.Frob: NORM_RULES,
    E.Norm1: NORM_RULES,
    E.Power: POWER_RULES,
    E.Func: FUNC_RULES,
    E.MatPow: MATPOW_RULES,
}

RULES = dict(OWN_RULES)
for _op in linear_operators():
    RULES[_op] = linear_rules(_op) + OWN_RULES.get(_op, ())


def rule_names() -> list:
    """Every rule's name, in catalogue order, each once."""
    out: list = []
    for rules in RULES.values():
        for r in rules:
            if r.__name__ not in out:
                out.append(r.__name__)
    return out
