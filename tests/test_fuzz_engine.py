"""The engine against random expressions (tests/strategies.py, `smooth=True`).

Properties, each over every variable of a generated expression:
  - the derivative, in every layout, agrees with central finite differences (the check the
    command line prints: `Derivative.verify`, numeric/check.py);
  - its shape is the one the layout table gives (written out again here, independently of
    matcalc/diff/layout.py);
  - simplification preserves the value of the expression and of the derivative;
  - both text printers read back: the generated expression structurally, the derivative
    (a simplifier output, not necessarily in the builder's canonical form) as a fixpoint of
    print∘parse with the same value;
  - Hessians of scalar functions with respect to vector variables (smaller budget).

CI runs MATCALC_FUZZ_EXAMPLES (default 300) examples per property with hypothesis'
derandomized (fixed-seed) generation; `MATCALC_FUZZ_EXAMPLES=10000 pytest
tests/test_fuzz_engine.py` is the long campaign. MATCALC_FUZZ_DEPTH sets the depth of the
generated expressions (default 4 for CI time; the campaign uses 6).
"""
from __future__ import annotations

import os

import numpy as np
from hypothesis import HealthCheck, assume, given, settings

from matcalc import numeric as N
from matcalc.numeric.check import DISAGREES, MAX_MAGNITUDE, VERIFIED
from matcalc.diff import derive, hessian
from matcalc.diff.layout import LAYOUTS, derivative_kind
from matcalc.core.errors import SizeLimitError
from matcalc.core.expr import variables
from matcalc.language.parse import parse
from matcalc.printing import to_ascii, to_text
from matcalc.core.shapes import ONE
from matcalc.simplify import simplify
from strategies import declarations, expressions

EXAMPLES = int(os.environ.get("MATCALC_FUZZ_EXAMPLES", 300))
DEPTH = int(os.environ.get("MATCALC_FUZZ_DEPTH", 4))
SEEDS = (0, 1)

FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
HESSIAN_FUZZ = settings(FUZZ, max_examples=max(EXAMPLES // 3, 100))

# ====================================================================================
# The check: the one the command line prints (numeric/check.py, Derivative.verify)
# ====================================================================================

def check_somewhere(d) -> None:
    """`d.verify()` — the noise-aware tolerance at several well-conditioned points — must not
    say "disagrees"; an example where no well-conditioned point exists ("could not verify":
    singular or overflowing everywhere) is rejected, so that every example counted is one
    that was checked."""
    verdict = d.verify(seed=0)
    assert verdict.status != DISAGREES, (
        f"∂({to_ascii(d.f)})/∂{d.wrt.name} [{d.layout}] = "
        f"{d.expr if d.is_tensor else to_ascii(d.expr)}\n  {verdict}")
    assume(verdict.status == VERIFIED)


# ====================================================================================
# The layout table, written out (docs: DESIGN.md "Layout conventions")
# ====================================================================================

def _role(shape) -> str:
    r, c = shape
    if r == ONE and c == ONE:
        return "scalar"
    return "vector" if r == ONE or c == ONE else "matrix"


def expected_shape(f_shape, x_shape, layout):
    """The derivative's shape, or None for a tensor."""
    fr, xr = _role(f_shape), _role(x_shape)
    m = f_shape[0] * f_shape[1]
    if x_shape[0] == ONE and x_shape[1] != ONE:
        xr = "matrix"                                     # a covector variable is 1×n
    if fr == "scalar" and xr == "scalar":
        return (ONE, ONE)
    if fr == "scalar":                                    # gradient: shaped like X
        return x_shape if layout != "numerator" else (x_shape[1], x_shape[0])
    if xr == "scalar" and fr == "vector":
        return (m, ONE) if layout != "denominator" else (ONE, m)
    if xr == "scalar":                                    # matrix by scalar
        return f_shape
    if fr == "vector" and xr == "vector":
        n = x_shape[0]
        return (m, n) if layout != "denominator" else (n, m)
    return None


# ====================================================================================
# Properties
# ====================================================================================

def _derivatives(f):
    for var in sorted(variables(f), key=lambda v: v.name):
        for layout in LAYOUTS:
            try:
                yield derive(f, var, layout)
            except SizeLimitError:
                continue


@FUZZ
@given(expressions(max_depth=DEPTH, smooth=True))
def test_derivative_agrees_with_finite_differences(f):
    for d in _derivatives(f):
        want = expected_shape(f.shape, d.wrt.shape, d.layout)
        if want is None:
            assert d.is_tensor, (to_ascii(f), d.wrt.name, d.layout)
        else:
            assert not d.is_tensor and d.expr.shape == want, \
                (to_ascii(f), d.wrt.name, d.layout, d.expr.shape, want)
        assert d.kind == derivative_kind(f.shape, d.wrt.shape)
        check_somewhere(d)


def _value(e, env, sizes):
    with np.errstate(all="ignore"):
        try:
            return N.evaluate_2d(e, env, sizes)
        except np.linalg.LinAlgError:
            return None


def _close(a, b, rtol=1e-7) -> bool:
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(b), initial=0.0)))
    return bool(np.all(np.abs(a - b) <= rtol * scale))


def _point(e, seed):
    vs = variables(e)
    sizes = N.default_sizes(vs, None, seed, extra=N.dimension_symbols(e))
    return N.sample_point(vs, sizes, seed), sizes


@FUZZ
@given(expressions(max_depth=DEPTH, smooth=True))
def test_simplify_preserves_value(f):
    s = simplify(f)
    assert s.shape == f.shape
    assert variables(s) <= variables(f)
    for seed in SEEDS:
        env, sizes = _point(f, seed)
        before = _value(f, env, sizes)
        assume(before is not None and np.all(np.isfinite(before))
               and np.max(np.abs(before), initial=0) < MAX_MAGNITUDE)
        after = _value(s, env, sizes)
        assert after is not None and _close(after, before), \
            f"simplify changed the value of {to_ascii(f)}\n  into {to_ascii(s)}"


def _reads_back(e, printer):
    text = printer(e)
    back = parse(text, **declarations(e))
    return text, back


@FUZZ
@given(expressions(max_depth=DEPTH, smooth=True))
def test_printers_read_back_expressions_and_derivatives(f):
    for printer in (to_text, to_ascii):
        text, back = _reads_back(f, printer)
        assert back == f, f"{text!r} read back as {printer(back)!r}"
    for var in sorted(variables(f), key=lambda v: v.name):
        try:
            d = derive(f, var)
        except SizeLimitError:
            continue
        results = [d.expr.vec if d.is_tensor else d.expr]
        for g in results:
            if not variables(g):
                continue
            env, sizes = _point(g, 0)
            for printer in (to_text, to_ascii):
                text, back = _reads_back(g, printer)
                assert printer(back) == text, \
                    f"{text!r} read back and printed as {printer(back)!r}"
                a, b = _value(back, env, sizes), _value(g, env, sizes)
                if a is not None and b is not None and np.all(np.isfinite(b)):
                    assert _close(a, b), f"{text!r} reads back with another value"


@HESSIAN_FUZZ
@given(expressions(max_depth=max(DEPTH - 1, 2), smooth=True).filter(
    lambda f: f.is_scalar and any(v.kind == "vector" for v in variables(f))))
def test_hessian_agrees_with_finite_differences(f):
    for var in sorted(variables(f), key=lambda v: v.name):
        if var.kind != "vector":
            continue
        try:
            H = hessian(f, var)
        except SizeLimitError:
            continue
        n = var.shape[0]
        assert not H.is_tensor and H.expr.shape == (n, n)
        check_somewhere(H)
