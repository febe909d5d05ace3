"""`--format json`: one JSON object per derivative (one line each), with stable keys.

    {"input": text, "declarations": ["X: matrix(n, m)", ...], "wrt": "X",
     "layout": "mixed", "kind": "scalar-by-matrix", "shape": ["n", "m"],
     "result": {"text": "abᵀ", "ascii": "a*b'", "latex": "..."},
     "steps": [{"result": "...", "reason": "..."}, ...]          (with --steps, else [])
     "check": {"status": "verified", "error": 4.6e-10, "reason": "", "points": 3,
               "sizes": {"m": 3, "n": 4}, "seed": 0}}             (null with --no-check)

`matcalc hessian -x x,y` (several variables) prints one object per block ∂²f/∂x∂y, with
"wrt": "y" (the variable differentiated last) and one more key, "block": ["x", "y"].

`matcalc diff -x x1,x2 --stack` prints one object for the stacked derivative, "wrt" the list
of the stacked variables (["x1", "x2"]) and "steps" the parts' steps one after another.

`matcalc parse --format json` gives {"input", "expression": {"text", "ascii", "latex"},
"declarations", "shape", "kind"}.
"""
from __future__ import annotations

import json
import math

from ..core.expr import variables
from ..language.declarations import format_declaration
from ..printing.text import dim_text


def _shape(shape) -> list:
    return [dim_text(d) for d in shape]


def _number(x: float):
    return x if math.isfinite(x) else None


def verdict_json(verdict) -> dict | None:
    if verdict is None:
        return None
    return {"status": verdict.status, "error": _number(verdict.error),
            "reason": verdict.reason, "points": verdict.points, "sizes": verdict.sizes,
            "seed": verdict.seed}


def derivative_json(d, text: str, renders: dict, steps: bool, verdict,
                    block: tuple | None = None) -> str:
    """The JSON line of one derivative; `renders` maps text/ascii/latex to its printed forms;
    `block` (x, y) names a block of a Hessian over several variables."""
    obj = {
        "input": text,
        "declarations": [format_declaration(v) for v in
                         sorted(variables(d.f) | {d.wrt}, key=lambda v: v.name)],
        "wrt": d.wrt.name,
        "function": d.function_name,
        "layout": d.layout,
        "kind": str(d.kind),
        "shape": [dim_text(s) for s in d.shape] if d.is_tensor else _shape(d.shape),
        "result": renders,
        "steps": [{"result": str(s.result), "reason": str(s.reason)} for s in d.steps]
        if steps else [],
        "check": verdict_json(verdict),
    }
    if block is not None:
        obj["block"] = list(block)
    return json.dumps(obj, ensure_ascii=False)


def stacked_json(d, text: str, renders: dict, steps: bool, verdict) -> str:
    """The JSON line of a derivative by several variables stacked into one vector."""
    obj = {
        "input": text,
        "declarations": [format_declaration(v) for v in
                         sorted(variables(d.f) | set(d.variables), key=lambda v: v.name)],
        "wrt": [v.name for v in d.variables],
        "layout": d.layout,
        "kind": str(d.kind),
        "shape": _shape(d.shape),
        "result": renders,
        "steps": [{"result": str(s.result), "reason": str(s.reason)}
                  for part in d.parts for s in part.steps] if steps else [],
        "check": verdict_json(verdict),
    }
    return json.dumps(obj, ensure_ascii=False)


def parse_json(text: str, expr, declared: dict) -> str:
    from_kind = expr.kind
    return json.dumps({
        "input": text,
        "expression": {"text": expr.__str__(), "ascii": expr.to_ascii(),
                       "latex": expr.to_latex()},
        "declarations": [format_declaration(v) for v in declared.values()],
        "shape": _shape(expr.shape), "kind": from_kind}, ensure_ascii=False)
