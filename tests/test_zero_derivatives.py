"""∂f/∂x for an x that f does not depend on is the zero of the layout's shape (issue 10 §5):
as the API's Var, as a declared name, as a name the text uses but the expression loses."""
import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from conftest import assert_numeric


@pytest.mark.parametrize("text, wrt, decls, shape", [
    ("x' * x", "y", {"y": "vector(n)"}, ("n", 1)),            # a declared vector
    ("X", "A", {"A": "matrix(p, q)", "X": "matrix(n)"}, None),  # matrix by matrix: a tensor
    ("det(X^0)", "X", {}, ("n", "n")),                         # X^0 = I: X is gone
    ("alpha * x", "beta", {"beta": "scalar"}, ("n", 1)),
])
def test_zero_derivatives_have_the_layouts_shape(text, wrt, decls, shape, layout):
    d = mc.diff(text, wrt, layout, **decls)
    assert not d.depends
    assert d.verify().ok
    assert_numeric(d)
    if shape is not None and not d.is_tensor:
        assert {str(s) for s in d.shape} <= {"n", "1"} and len(d.shape) == 2


def test_a_zero_hessian():
    H = mc.hessian("x' * x", "y", y="vector(n)")
    assert str(H.expr) == "zeros(n, n)"


def test_a_variable_given_as_a_var_need_not_occur():
    A = mc.matrix("A", "n", "m")
    x = mc.vector("x")
    d = mc.diff(x.T @ x, A)
    assert str(d) == "zeros(n, m)" and d.shape == A.shape
    assert_numeric(d)


def test_an_undeclared_absent_name_says_how_to_declare_it():
    with pytest.raises(mc.DifferentiationError, match="declare y"):
        mc.diff("x' * x", "y")


def test_the_command_line_says_f_does_not_depend_on_x():
    r = CliRunner().invoke(main, ["diff", "x' * x", "-x", "y", "-d", "y: vector(n)"])
    assert r.exit_code == 0, r.output
    assert "∂f/∂y = zeros(n)" in r.output
    assert "f does not depend on y" in r.output and "verified" in r.output
