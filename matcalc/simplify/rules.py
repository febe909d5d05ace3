"""The catalogue: for each node type, its rewrite rules in the order they are tried.

Each rule is a small function named after what it does, with the rewrite in its docstring
(the topic modules hold them). A rule returns its argument unchanged when it does not apply.
Rules that must see sub-expressions in canonical form (to compare two orientations of a
chain, or to expand a sum) take the normaliser as a second argument.

Read top to bottom, a normal form is reached like this: children first (bottom-up); then
at each node constants and identities go, transposes move down to the leaves, scalar
factors move out into coefficients, products of scalars are sorted, and finally sums are
expanded, collected and factored back.
"""
from __future__ import annotations

from ..core import expr as E
from .rules_elementwise import (FUNC_RULES, HADAMARD_CONTEXT_RULES, HADAMARD_RULES,
                                POWER_RULES, QUOTIENT_RULES)
from .rules_functions import (DET_RULES, DIAG_RULES, NORM_RULES, TRACE_CONTEXT_RULES,
                              TRACE_RULES, UNVEC_RULES, VEC_RULES,
                              commutation_with_unit_dimension, scalar_constant,
                              sum_of_entries)
from .rules_products import (KRON_RULES, MATPOW_RULES, PRODUCT_CONTEXT_RULES, PRODUCT_RULES,
                             SCALE_RULES)
from .rules_sums import SUM_RULES, collect_and_factor
from .rules_transpose import INVERSE_RULES, TRANSPOSE_RULES

RULES = {
    E.Zero: (scalar_constant,),
    E.Identity: (scalar_constant,),
    E.Ones: (scalar_constant,),
    E.Commutation: (commutation_with_unit_dimension,),
    E.Transpose: TRANSPOSE_RULES,
    E.Inverse: INVERSE_RULES,
    E.MatMul: PRODUCT_RULES + PRODUCT_CONTEXT_RULES + (collect_and_factor,),
    E.Scale: SCALE_RULES + (collect_and_factor,),
    E.Add: SUM_RULES + (collect_and_factor,),
    E.Hadamard: HADAMARD_RULES + HADAMARD_CONTEXT_RULES,
    E.HadamardDiv: QUOTIENT_RULES,
    E.Kron: KRON_RULES,
    E.Trace: TRACE_RULES + TRACE_CONTEXT_RULES,
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


def needs_normaliser(rule) -> bool:
    """Does `rule` take the normaliser as its second argument?"""
    return rule.__code__.co_argcount == 2


def rule_names() -> list:
    """Every rule's name, in catalogue order, each once."""
    out: list = []
    for rules in RULES.values():
        for r in rules:
            if r.__name__ not in out:
                out.append(r.__name__)
    return out
