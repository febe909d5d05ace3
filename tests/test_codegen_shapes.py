"""Generated code returns what `Derivative.evaluate` returns, shape for shape: vectors given
1-D give 1-D gradients (and vector values, 0-d scalar-by-scalar derivatives), vectors given
as columns give 2-D results; for NumPy, JAX and PyTorch. Values agree with evaluate, and
matcalc's derivative agrees with finite differences."""
from __future__ import annotations

import numpy as np
import pytest
from test_codegen import TALL, TARGETS, load, to_numpy

import matcalc as mc
from matcalc import numeric as N
from matcalc.codegen import codegen
from matcalc.core import expr as E


def _shape(x) -> tuple:
    return tuple(np.shape(x)) if not hasattr(x, "detach") else tuple(x.shape)


def _inputs(f, params, as_columns: bool, seed=0):
    """Random values for the generated function's parameters, vectors 1-D or as columns
    (covectors as rows)."""
    vs = E.variables(f)
    dims = N.default_sizes(vs, TALL, seed, extra=N.dimension_symbols(f))
    env = N.sample_point(vs, dims, seed)
    values = {}
    for v, a in env.items():
        if v.kind in ("vector", "covector") and not as_columns:
            a = a.reshape(-1)
        elif v.kind == "scalar":
            a = float(a[0, 0])
        values[v.name] = a
    return [values[p] for p in params], values


def _run(text, wrt, target, as_columns, layout="mixed", hessian=False, **decls):
    if target == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
    src = codegen(text, wrt, target=target, layout=layout, hessian_too=hessian, **decls)
    params = src.split("def f(", 1)[1].split(")", 1)[0].split(", ")
    f = mc.parse(text, **decls)
    args, values = _inputs(f, params, as_columns)
    out = load(src)(*args)
    names = [wrt] if isinstance(wrt, str) else list(wrt)
    ds = [mc.diff(f, w, layout) for w in names]
    if hessian:
        ds += [mc.hessian(f, w) for w in names]
    return f, values, out, ds


CASES = [  # text, wrt, declarations, layout, hessian
    ("sum(softplus(X*w)) - y' * X * w", "w", {}, "mixed", True),      # gradient, Hessian
    ("a' * X * b", ["X", "a"], {}, "numerator", False),               # matrix, row gradient
    ("alpha * x' * x", ["alpha", "x"], {"alpha": "scalar"}, "mixed", True),  # 1×1 derivative
    ("alpha * x", ["alpha", "x"], {"alpha": "scalar"}, "mixed", False),      # vector f
    ("A * x", ["x", "A"], {}, "denominator", False),                  # Jacobian, a tensor
    ("x' * A", "x", {}, "mixed", False),                              # covector f
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("as_columns", [False, True], ids=["1-D", "columns"])
@pytest.mark.parametrize("text, wrt, decls, layout, hessian", CASES)
def test_shapes_follow_evaluate(target, as_columns, text, wrt, decls, layout, hessian):
    f, values, out, ds = _run(text, wrt, target, as_columns, layout, hessian, **decls)
    value = mc.evaluate(f, values)
    want_value = np.asarray(value)
    flat = not as_columns and any(v.kind in ("vector", "covector") for v in E.variables(f))
    if flat and not f.is_scalar:
        want_value = want_value.reshape(-1)
    assert _shape(out[0]) == want_value.shape
    np.testing.assert_allclose(to_numpy(out[0]), want_value, rtol=1e-9, atol=1e-9)
    for d, got in zip(ds, out[1:]):
        want = d.evaluate(values)
        assert _shape(got) == want.shape, (d, _shape(got), want.shape)
        np.testing.assert_allclose(to_numpy(got), want, rtol=1e-8, atol=1e-8)
        assert d.check(sizes=TALL) < 1e-6


@pytest.mark.parametrize("target", TARGETS)
def test_one_dimensional_gradient_agrees_with_finite_differences(target):
    """The 1-D gradient itself against central differences of the generated value."""
    text = "sum(softplus(X*w)) - y' * X * w"
    _, values, out, _ = _run(text, "w", target, as_columns=False)
    fn = load(codegen(text, "w", target=target))
    grad = to_numpy(out[1])
    assert grad.shape == values["w"].shape
    h = 1e-6
    fd = np.empty_like(values["w"])
    for i in range(fd.size):
        e = np.zeros_like(fd)
        e[i] = h
        up = to_numpy(fn(values["X"], values["w"] + e, values["y"])[0])
        down = to_numpy(fn(values["X"], values["w"] - e, values["y"])[0])
        fd[i] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-7)


def test_mixed_inputs_stay_two_dimensional():
    """One vector 1-D and one as a column: not every vector was given 1-D, so the results
    are 2-D, as evaluate gives them."""
    src = codegen("a' * X * b", ["a", "b"])
    a, X, b = np.ones(2), np.arange(6.0).reshape(2, 3), np.arange(3.0).reshape(-1, 1)
    _, ga, gb = load(src)(a, X, b)
    d = mc.diff("a' * X * b", "a")
    assert ga.shape == d.evaluate({"a": a, "X": X, "b": b}).shape == (2, 1)
    assert gb.shape == (3, 1)
    assert d.check() < 1e-6
