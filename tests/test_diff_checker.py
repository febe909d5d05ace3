"""The checker is the tests' oracle: it must reject wrong derivatives."""
import dataclasses

import pytest

import matcalc as mc
from matcalc.diff import derive

X = mc.matrix("X", "n", "m")
a = mc.vector("a", "n")
b = mc.vector("b", "m")
x = mc.vector("x", "n")
A = mc.matrix("A", "n")


def _wrong(d, expr):
    return dataclasses.replace(d, expr=expr)


def test_right_derivative_passes():
    assert derive(a.T @ X @ b, X).check() < 1e-8


def test_dropped_transpose_is_rejected():
    d = derive(a.T @ X @ b, X, "mixed")
    # a bᵀ is right; dropping a transpose somewhere, e.g. A x instead of Aᵀ x
    d2 = derive(x.T @ A.T @ mc.vector("c", "n"), x)
    wrong = _wrong(d2, A @ mc.vector("c", "n"))
    assert wrong.check() > 1e-2
    assert d.check() < 1e-8


def test_wrong_sign_is_rejected():
    d = derive(a.T @ mc.inv(A) @ x, A)
    assert d.check() < 1e-8
    assert _wrong(d, -d.expr).check() > 1e-2


def test_missing_factor_two_is_rejected():
    d = derive(x.T @ x, x)
    assert d.check() < 1e-8
    assert _wrong(d, x).check() > 1e-2


def test_wrong_layout_is_rejected():
    d = derive(a.T @ mc.matrix("B", "n") @ x, x)
    assert _wrong(d, mc.simplify(d.expr)).check() < 1e-8
    with pytest.raises(mc.EvaluationError, match="must be"):
        # a row where a column belongs has the wrong shape for the comparison
        _wrong(d, d.expr.T).check()
