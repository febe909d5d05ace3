"""softmax and logsumexp (issue 10 §2): column by column for a matrix; derivatives against
finite differences in all three layouts, Hessians, textbook printed forms, printers reading
back, LaTeX, and generated code for every target."""
import importlib.util

import numpy as np
import pytest

import matcalc as mc
from conftest import assert_derivative, assert_numeric
from matcalc.codegen import codegen


@pytest.mark.parametrize("text, wrt", [
    ("softmax(z)", "z"), ("logsumexp(x)", "x"), ("softmax(K' * q)", "q"),
    ("softmax(X)", "X"), ("logsumexp(X)", "X"), ("sum(logsumexp(X * W))", "W"),
    ("-y' * log(softmax(z))", "z"), ("-sum(Y .* log(softmax(W' * X)))", "W"),
])
def test_derivatives_agree_with_finite_differences(text, wrt, layout):
    assert_numeric(mc.diff(text, wrt, layout))


@pytest.mark.parametrize("text, wrt, printed", [
    ("softmax(z)", "z", "diag(softmax(z)) - softmax(z)softmax(z)ᵀ"),
    ("logsumexp(x)", "x", "softmax(x)"),
    ("-y' * log(softmax(z))", "z", "sum(y)softmax(z) - y"),        # (𝟏ᵀy) softmax(z) − y
    ("logsumexp(K' * q)", "q", "K softmax(Kᵀq)"),
    ("sum(logsumexp(X * W))", "W", "Xᵀsoftmax(XW)"),
])
def test_textbook_printed_forms(text, wrt, printed):
    d = mc.diff(text, wrt)
    assert_derivative(d, printed)


@pytest.mark.parametrize("text, wrt", [("logsumexp(x)", "x"), ("v' * softmax(K' * q)", "q")])
def test_hessians(text, wrt):
    H = mc.hessian(text, wrt)
    assert_numeric(H)
    if text == "logsumexp(x)":
        assert str(H) == "diag(softmax(x)) - softmax(x)softmax(x)ᵀ"     # diag(p) − ppᵀ


def test_matrices_are_taken_column_by_column():
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    S = mc.evaluate(mc.parse("softmax(X)"), {"X": X})
    np.testing.assert_allclose(S, np.exp(X) / np.exp(X).sum(axis=0))
    L = mc.evaluate(mc.parse("logsumexp(X)"), {"X": X})
    np.testing.assert_allclose(L, np.log(np.exp(X).sum(axis=0, keepdims=True)))
    assert mc.parse("logsumexp(X)").shape[0] == 1           # a row of the columns' values


def test_evaluation_is_stable():
    z = np.array([1000.0, 0.0, -1000.0])
    s = mc.evaluate(mc.parse("softmax(z)"), {"z": z})
    np.testing.assert_allclose(s.ravel(), [1.0, 0.0, 0.0])
    assert mc.evaluate(mc.parse("logsumexp(z)"), {"z": z}) == pytest.approx(1000.0)


@pytest.mark.parametrize("text", ["softmax(K' * q)", "logsumexp(X)", "softmax(z) .* y"])
def test_printers_read_back(text):
    e = mc.parse(text)
    assert mc.parse(str(e)) == e and mc.parse(e.to_ascii()) == e
    assert r"\operatorname{softmax}" in e.to_latex() or r"\operatorname{logsumexp}" in e.to_latex()


@pytest.mark.parametrize("target", [
    t for t in ("numpy", "jax", "torch") if importlib.util.find_spec(t if t != "numpy" else "numpy")])
def test_generated_code(target):
    if target == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
    text = "-y' * log(softmax(z)) + logsumexp(z)"
    src = codegen(text, "z", target=target)
    namespace: dict = {}
    exec(compile(src, "<generated>", "exec"), namespace)   # noqa: S102 - the code under test
    y, z = np.array([0.2, 0.3, 0.5]), np.array([0.5, -1.0, 2.0])
    value, grad = namespace["f"](y, z)
    d = mc.diff(text, "z")
    want = d.evaluate({"y": y, "z": z})          # 1-D, as z was given
    assert want.shape == (3,)
    np.testing.assert_allclose(np.asarray(grad, dtype=float).reshape(want.shape), want)
    assert float(value) == pytest.approx(mc.evaluate(d.f, {"y": y, "z": z}))
    assert_numeric(d)
