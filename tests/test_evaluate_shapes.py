"""`Derivative.evaluate` returns arrays in the shape the inputs were given: vectors given
1-D give 1-D gradients, n×1 give n×1 (the layout's shape); tensors have their index form's
axes either way."""
import numpy as np
from conftest import assert_numeric

import matcalc as mc

rng = np.random.default_rng(4)
A = rng.standard_normal((3, 3))
x1d, b1d = rng.standard_normal(3), rng.standard_normal(3)


def test_gradient_follows_the_vector(layout):
    d = mc.diff("x' * A * x", "x", layout)
    assert_numeric(d)
    flat = d.evaluate({"x": x1d, "A": A})
    assert flat.shape == (3,)
    np.testing.assert_allclose(flat, (A + A.T) @ x1d)
    column = d.evaluate({"x": x1d[:, None], "A": A})
    assert column.shape == ((1, 3) if layout == "numerator" else (3, 1))
    np.testing.assert_allclose(column.ravel(), flat)


def test_vector_by_scalar_follows_the_vector():
    d = mc.diff("alpha * b", "alpha")
    assert_numeric(d)
    assert d.evaluate({"alpha": 2.0, "b": b1d}).shape == (3,)
    assert d.evaluate({"alpha": 2.0, "b": b1d[:, None]}).shape == (3, 1)


def test_scalar_by_scalar():
    d = mc.diff("alpha * (b' * b)", "alpha")
    assert_numeric(d)
    assert d.evaluate({"alpha": 2.0, "b": b1d}).shape == ()        # 1-D vectors: a 0-d array
    assert d.evaluate({"alpha": 2.0, "b": b1d[:, None]}).shape == (1, 1)
    only_scalars = mc.diff("alpha^3", "alpha")
    assert_numeric(only_scalars)
    assert only_scalars.evaluate({"alpha": 2.0}).shape == (1, 1)    # scalars do not decide


def test_jacobians_hessians_and_matrices_stay_2d():
    J = mc.diff("A * x", "x")
    assert_numeric(J)
    assert J.evaluate({"A": A, "x": x1d}).shape == (3, 3)
    H = mc.hessian("x' * A * x", "x")
    assert_numeric(H)
    assert H.evaluate({"A": A, "x": x1d}).shape == (3, 3)
    G = mc.diff("tr(X' * X)", "X")
    assert_numeric(G)
    assert G.evaluate({"X": A}).shape == (3, 3)


def test_tensors_have_the_index_form_axes():
    T = mc.diff("A * x", "A")                      # ∂f_i/∂A_kl
    assert_numeric(T)
    assert T.evaluate({"A": A, "x": x1d}).shape == (3, 3, 3)
    assert T.evaluate({"A": A, "x": x1d[:, None]}).shape == (3, 3, 3)
    H = mc.hessian("tr(X' * X)", "X")
    assert_numeric(H)
    assert H.evaluate({"X": A}).shape == (3, 3, 3, 3)
