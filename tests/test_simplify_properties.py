"""Properties of simplify on random expressions: idempotent, value-preserving, deterministic.

Random expressions come from tests/strategies.py when it provides `expressions`, and from
the small local strategy below otherwise (or in addition: the local one builds raw trees
with Delta leaves, unit factors and transposed scalars that constructors would fold away).
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from matcalc.core import expr as E
from matcalc import numeric
from matcalc.core.errors import EvaluationError
from matcalc.core.operators import OPERATORS
from matcalc.core.shapes import ONE, as_dim
from matcalc.simplify import normaliser

try:                                     # the shared generator, once it exists and works
    from tests.strategies import expressions as shared_expressions
except Exception:                        # noqa: BLE001 - any failure means "not usable yet"
    shared_expressions = None

N, M = as_dim("n"), as_dim("m")

VARS = {
    (N, N): [E.Var("A", N, N), E.Var("B", N, N), E.Var("X", N, N),
             E.Var("S", N, N, frozenset({"symmetric"})), E.Var("P", N, N, frozenset({"spd"}))],
    (N, ONE): [E.Var("a", N, ONE), E.Var("b", N, ONE), E.Var("x", N, ONE)],
    (M, ONE): [E.Var("y", M, ONE)],
    (N, M): [E.Var("W", N, M)],
    (M, N): [E.Var("V", M, N)],
    (M, M): [E.Var("C", M, M)],
    (ONE, ONE): [E.Var("alpha", ONE, ONE), E.Var("beta", ONE, ONE)],
}
DIMS = (N, M, ONE)
SAFE_FUNCS = ("exp", "sin", "tanh", "sigmoid")


@lru_cache(maxsize=None)
def leaves(shape):
    r, c = shape
    opts = []
    if shape in VARS:
        vs = VARS[shape]
        opts.append(st.sampled_from(vs))
        opts.append(st.sampled_from(vs).map(E.Delta))
    if (c, r) in VARS:
        opts.append(st.sampled_from(VARS[(c, r)]).map(E.Transpose))
    if shape == (ONE, ONE):
        opts.append(st.sampled_from([-2, -1, Fraction(1, 2), 1, 2, 3]).map(
            lambda v: E.Num(Fraction(v))))
    if r == c:
        opts.append(st.just(E.Identity(r)))
    opts.append(st.just(E.Zero(r, c)))
    opts.append(st.just(E.Ones(r, c)))
    return st.one_of(*opts)


@lru_cache(maxsize=None)
def exprs(shape, depth):
    """Raw trees of a shape (no simplification on the way); one strategy per (shape, depth)."""
    if depth <= 0:
        return leaves(shape)
    r, c = shape
    sub = lambda s: exprs(s, depth - 1)          # noqa: E731
    opts = [
        leaves(shape),
        st.lists(sub(shape), min_size=2, max_size=3).map(lambda ts: E.Add(tuple(ts))),
        st.sampled_from(DIMS).flatmap(
            lambda k: st.tuples(sub((r, k)), sub((k, c))).map(lambda p: E.MatMul(p))),
        st.tuples(sub((ONE, ONE)), sub(shape)).map(lambda p: E.Scale(*p)),
        sub((c, r)).map(E.Transpose),
        st.tuples(sub(shape), sub(shape)).map(lambda p: E.Hadamard(p)),
        st.tuples(st.sampled_from(SAFE_FUNCS), sub(shape)).map(lambda p: E.Func(*p)),
        st.tuples(sub(shape), st.sampled_from([2, 3])).map(lambda p: E.Power(p[0], Fraction(p[1]))),
    ]
    if r == c and r != ONE:
        opts.append(leaves(shape).filter(lambda e: not isinstance(e, (E.Zero, E.Ones)))
                    .map(E.Inverse))
        opts.append(st.tuples(sub(shape), st.sampled_from([2, 3])).map(lambda p: E.MatPow(*p)))
        opts.append(sub((r, ONE)).map(E.Diag))
    if shape == (ONE, ONE):
        opts.append(sub((N, N)).map(E.Trace))
        opts.append(st.sampled_from(VARS[(N, N)]).map(E.Det))
        opts.append(st.sampled_from(VARS[(N, N)][3:]).map(E.LogDet))
        opts.append(sub((N, ONE)).map(E.Norm2))
        opts.append(sub((N, M)).map(E.SumEntries))
    if c == ONE and r != ONE:
        opts.append(sub((r, r)).map(E.DiagPart))
        opts.append(st.one_of(sub((r, ONE)), sub((ONE, r))).map(E.Vec))
    return st.one_of(*opts)


def random_expressions(smooth=False):
    local = st.sampled_from([(N, N), (N, ONE), (ONE, ONE), (ONE, N), (N, M)]).flatmap(
        lambda s: st.integers(1, 4).flatmap(lambda d: exprs(s, d)))
    if shared_expressions is None:
        return local
    return st.one_of(local, shared_expressions(max_depth=6, smooth=smooth))


#: fixed sizes, different for different symbols (so a transposed shape cannot pass)
SIZES = {"n": 3, "m": 2, "k": 4, "p": 2, "q": 3}


def point(e, seed=0):
    """A random point (env, sizes) for the leaves of `e`, honouring declared properties.
    Sample once and evaluate both sides there: the values drawn depend on the variables."""
    leaves_ = [x for x in E.walk(e) if isinstance(x, (E.Var, E.Delta))]
    variables = {x if isinstance(x, E.Var) else x.var for x in leaves_}
    sizes = numeric.default_sizes(variables, SIZES, seed=seed)
    for x in E.walk(e):                  # dimensions of constants (zeros, ones, I)
        for d in x.shape:
            for sym in sorted(d.free_symbols, key=str):
                sizes.setdefault(sym, SIZES.get(str(sym), 3))
    env = numeric.sample_point(variables, sizes, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for d in sorted({x for x in leaves_ if isinstance(x, E.Delta)}, key=lambda d: d.var.name):
        env[d] = rng.uniform(-1, 1, size=numeric.numeric_shape(d.shape, sizes))
    return env, sizes


def evaluate(e, at):
    env, sizes = at
    return numeric.evaluate_2d(e, env, sizes)


def same_value(a, b, rtol=1e-8):
    if a.shape != b.shape:
        return False
    finite = np.isfinite(a) & np.isfinite(b)
    if not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False
    scale = max(1.0, float(np.max(np.abs(b[finite]), initial=0.0)))
    return bool(np.all(np.abs(a[finite] - b[finite]) <= rtol * scale))


def simplify(e, log=None):
    """simplify through a fresh normaliser (a cycle among the rules raises RewriteLoop)."""
    return normaliser(log)(e)


SETTINGS = settings(max_examples=300, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(random_expressions())
def test_simplify_is_idempotent(e):
    s = simplify(e)
    assert simplify(s) == s


def value_or_none(e, at):
    try:
        v = evaluate(e, at)
    except (np.linalg.LinAlgError, ZeroDivisionError, EvaluationError):
        return None
    return v if np.all(np.isfinite(v)) else None


@SETTINGS
@given(random_expressions(smooth=True))
def test_simplify_preserves_value(e):
    s = simplify(e)
    assert s.shape == e.shape
    for seed in (0, 1):
        at = point(e, seed)
        before, after = value_or_none(e, at), value_or_none(s, at)
        assume(before is not None and after is not None)   # singular points say nothing
        assert same_value(after, before), (e, s)


@SETTINGS
@given(random_expressions())
def test_simplify_is_deterministic(e):
    log1, log2 = [], []
    assert simplify(e, log1) == simplify(e, log2)
    assert log1 == log2


# ------------------------------------------------------------------------------------
# Linear operators: their linearity is generated from the operator spec
# ------------------------------------------------------------------------------------

#: how to build each linear operator over an argument of a random shape: (argument
#: strategy, constructor). The spec decides which operators are linear; this table only
#: knows how to call them, and the test below fails if one is missing.
LINEAR_CASES = {
    E.Trace: (lambda d: exprs((N, N), d), E.Trace),
    E.Transpose: (lambda d: exprs((N, M), d), E.Transpose),
    E.Diag: (lambda d: exprs((N, ONE), d), E.Diag),
    E.DiagPart: (lambda d: exprs((N, N), d), E.DiagPart),
    E.Vec: (lambda d: exprs((N, M), d), E.Vec),
    E.Unvec: (lambda d: exprs((N, M), d).map(E.Vec), lambda v: E.Unvec(v, N, M)),
    E.SumEntries: (lambda d: exprs((N, M), d), E.SumEntries),
}


def test_every_linear_operator_of_the_spec_is_exercised():
    linear = {t for t, s in OPERATORS.items() if s.linear and t is not E.Add}
    assert linear == set(LINEAR_CASES)


@st.composite
def linear_case(draw):
    op = draw(st.sampled_from(sorted(LINEAR_CASES, key=lambda t: t.__name__)))
    args, build = LINEAR_CASES[op]
    a = draw(st.integers(1, 3).flatmap(args))
    b = draw(st.integers(1, 3).flatmap(args))
    c = draw(exprs((ONE, ONE), 2))
    return build, a, b, c


@SETTINGS
@given(linear_case())
def test_linear_operators_distribute_over_sums_and_multiples(case):
    build, a, b, c = case
    assert simplify(E.Add((build(a), build(b)))) == simplify(build(E.Add((a, b))))
    assert simplify(build(E.Scale(c, a))) == simplify(E.Scale(c, build(a)))
    zero = simplify(build(E.Zero(*a.shape)))
    assert isinstance(zero, E.Zero) or zero == E.Num(Fraction(0))
