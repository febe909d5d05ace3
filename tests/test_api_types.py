"""Wrong argument types in the API raise TypeError with matcalc's own message (issue 14)."""
import pytest

import matcalc as mc


@pytest.mark.parametrize("f", [[1, 2], 1 + 2j, None, {"x": 1}, True])
def test_a_function_that_is_not_text_an_expression_or_a_number(f):
    with pytest.raises(TypeError, match="matcalc.diff: the function must be text"):
        mc.diff(f, "x")


@pytest.mark.parametrize("wrt", [3, 1 + 2j, None, 2.5])
def test_a_variable_that_is_not_a_name_or_a_variable(wrt):
    with pytest.raises(TypeError, match="matcalc.diff: the variable must be a name"):
        mc.diff("x' * x", wrt)
    with pytest.raises(TypeError, match="matcalc.hessian: the variable must be a name"):
        mc.hessian("x' * x", wrt)


def test_declarations_with_an_expression_are_refused():
    x = mc.vector("x")
    with pytest.raises(TypeError, match="declarations are only used"):
        mc.diff(x.T @ x, "x", x="vector(n)")


def test_a_number_is_a_constant():
    with pytest.raises(mc.DifferentiationError, match="A does not occur"):
        mc.diff(3.0, "A")
    d = mc.diff(mc.scalar("alpha") * 3, "alpha")
    assert str(d) == "3" and d.check() < 1e-8
