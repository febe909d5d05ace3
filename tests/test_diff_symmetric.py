"""A symmetric variable: the two conventions in use, and 'none'."""
import numpy as np
import pytest

import matcalc as mc
from matcalc.diff import derive
from matcalc.simplify import present
from conftest import assert_derivative, assert_numeric

X = mc.matrix("X", "n", symmetric=True)
A = mc.matrix("A", "n")
S = mc.matrix("S", "n", spd=True)


def test_default_is_the_gradient_on_symmetric_matrices():
    d = derive(mc.tr(A @ X), X)
    assert d.symmetric == "symmetric"
    half = mc.core.build.num("0.5")
    assert d.expr == present(mc.simplify(half * (A + A.T)))
    assert_derivative(d, "0.5(A + Aᵀ)")


def test_cookbook_convention_is_eq_141():
    d = derive(mc.tr(A @ X), X, symmetric="cookbook")
    assert d.expr == mc.simplify(A + A.T - mc.hadamard(A, mc.eye("n")))
    assert_numeric(d)


def test_conventions_differ_by_the_off_diagonal_factor_two():
    vals = {"A": np.arange(9.0).reshape(3, 3), "X": np.eye(3)}
    sym = derive(mc.tr(A @ X), X).evaluate(vals)
    book = derive(mc.tr(A @ X), X, symmetric="cookbook").evaluate(vals)
    off = ~np.eye(3, dtype=bool)
    assert np.allclose(book[off], 2 * sym[off])
    assert np.allclose(np.diag(book), np.diag(sym))


def test_logdet_of_spd_is_the_inverse():
    d = derive(mc.logdet(S), S)
    assert d.expr == mc.simplify(mc.inv(S))
    assert_numeric(d)


def test_cookbook_logdet_is_eq_143():
    d = derive(mc.logdet(S), S, symmetric="cookbook")
    Si = mc.inv(S)
    assert d.expr == mc.simplify(2 * Si - mc.hadamard(Si, mc.eye("n")))
    assert_numeric(d)


def test_none_treats_entries_as_independent():
    d = derive(mc.tr(A @ X), X, symmetric="none")
    assert d.expr == mc.simplify(A.T)


def test_unknown_convention_is_refused():
    with pytest.raises(mc.DifferentiationError, match="cookbook"):
        derive(mc.tr(A @ X), X, symmetric="upper")


def test_tensor_with_respect_to_symmetric_matrix():
    d = derive(X @ A, X)
    assert_numeric(d)
    d = derive(X @ A, X, symmetric="cookbook")
    assert_numeric(d)
