"""The derivative by several variables stacked into one vector (MML Example 5.7)."""
import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import assert_derivative, assert_numeric

import matcalc as mc
from matcalc.core.dims import dim_total
from matcalc.cli import main

MML_5_7 = "x1^2*x2 + x1*x2^3"
SCALARS = {"x1": "scalar", "x2": "scalar"}


def test_mml_5_7_gradient_is_a_row_in_numerator_layout():
    # MML (5.7): df/dx = [2x₁x₂ + x₂³, x₁² + 3x₁x₂²], a 1×2 row
    d = mc.diff_stacked(MML_5_7, ["x1", "x2"], "numerator", **SCALARS)
    assert str(d) == "[2x1x2 + x2³, 3x1x2² + x1²]"
    assert d.to_latex() == (r"\begin{bmatrix} 2 x_{1} x_{2} + x_{2}^{3} & 3 x_{1} x_{2}^{2} "
                            r"+ x_{1}^{2} \end{bmatrix}")
    assert d.shape == (1, 2) and d.kind == "scalar-by-vector"
    assert d._repr_latex_() == (r"$$\frac{\partial f}{\partial (x_{1}, x_{2})} = "
                                + d.to_latex() + "$$")
    book = [mc.parse("2*x1*x2 + x2^3", **SCALARS), mc.parse("x1^2 + 3*x1*x2^2", **SCALARS)]
    assert [mc.simplify(p.expr) for p in d.parts] == [mc.simplify(e) for e in book]
    assert_numeric(d)
    for part in d.parts:
        assert_numeric(part)
    x1, x2 = np.random.default_rng(5).standard_normal(2)
    value = d.evaluate({"x1": x1, "x2": x2})
    np.testing.assert_allclose(value, [[2 * x1 * x2 + x2**3, x1**2 + 3 * x1 * x2**2]])


@pytest.mark.parametrize("layout", ["mixed", "denominator"])
def test_mml_5_7_gradient_is_a_column_in_mixed_and_denominator_layout(layout):
    d = mc.diff_stacked(MML_5_7, ["x1", "x2"], layout, **SCALARS)
    assert str(d) == "[2x1x2 + x2³ ]\n[3x1x2² + x1²]"
    assert d.to_latex() == (r"\begin{bmatrix} 2 x_{1} x_{2} + x_{2}^{3} \\ 3 x_{1} x_{2}^{2} "
                            r"+ x_{1}^{2} \end{bmatrix}")
    assert d.shape == (2, 1)
    assert d.evaluate({"x1": 1.5, "x2": -0.5}).shape == (2, 1)
    assert_numeric(d)


def test_stacked_vectors_give_the_gradient_by_the_stacked_vector():
    d = mc.diff_stacked("x' * A * y", ["x", "y"])
    assert str(d) == "[Ay ]\n[Aᵀx]"
    n, m = (d.variables[0].shape[0], d.variables[1].shape[0])
    assert d.shape == (dim_total([n, m]), 1) and str(d.shape[0]) == f"{n} + {m}"
    assert_numeric(d)
    rng = np.random.default_rng(1)
    A, x, y = rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal(2)
    np.testing.assert_allclose(d.evaluate({"A": A, "x": x, "y": y}),
                               np.concatenate([A @ y, A.T @ x]))            # 1-D in, 1-D out
    assert d.evaluate({"A": A, "x": x[:, None], "y": y[:, None]}).shape == (5, 1)


def test_stacked_jacobian_of_a_vector_function():
    d = mc.diff_stacked("A * x + alpha * b", ["x", "alpha"])             # m×(n + 1)
    assert str(d) == "[A, b]"
    assert d.kind == "vector-by-vector"
    assert_numeric(d)
    t = mc.diff_stacked("A * x + alpha * b", ["x", "alpha"], "denominator")
    assert_derivative(t, "[Aᵀ]\n[bᵀ]")


def test_stacking_refuses_matrices_and_repeats():
    with pytest.raises(mc.DifferentiationError, match="only scalars and column vectors"):
        mc.diff_stacked("tr(X) + x' * x", ["X", "x"])
    with pytest.raises(mc.DifferentiationError, match="given twice"):
        mc.diff_stacked("x' * x", ["x", "x"])
    with pytest.raises(TypeError, match="list of names"):
        mc.diff_stacked("x' * x", "x")


def test_cli_stack():
    text = "x1: scalar; x2: scalar; " + MML_5_7
    r = CliRunner().invoke(main, ["diff", text, "-x", "x1,x2", "--stack", "-l", "numerator"])
    assert r.exit_code == 0, r.output
    assert "∂f/∂(x1, x2) = [2x1x2 + x2³, 3x1x2² + x1²]" in r.output
    assert "(scalar-by-vector: by (x1, x2) stacked, numerator layout, 1×2)" in r.output
    assert "verified" in r.output
    r = CliRunner().invoke(main, ["diff", text, "-x", "x1,x2", "--stack", "-f", "json"])
    obj = json.loads(r.output)
    assert obj["wrt"] == ["x1", "x2"] and obj["shape"] == ["2", "1"]
    assert obj["result"]["ascii"] == "[2*x1*x2 + x2^3  ]\n[3*x1*x2^2 + x1^2]"
    assert obj["check"]["status"] == "verified"


def test_cli_stack_has_no_numpy_format():
    r = CliRunner().invoke(main, ["diff", "x' * x", "-x", "x", "--stack", "-f", "numpy"])
    assert r.exit_code == 2 and "--stack prints text, ascii, latex or json" in r.output
