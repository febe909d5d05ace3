"""tan, added as one entry of the elementwise-function spec: derived, printed, parsed back,
evaluated and differentiated twice with nothing else written for it."""
import pytest

import matcalc as mc
from conftest import assert_numeric

DECL = {"A": "matrix(m, n)", "x": "vector(n)", "X": "matrix(n)"}


@pytest.mark.parametrize("layout", ["numerator", "denominator", "mixed"])
def test_jacobian_of_tan_in_every_layout(layout):
    d = mc.diff("tan(sigmoid(A x))", "x", layout=layout, **DECL)
    assert_numeric(d)
    m, n = (d.shape if layout != "denominator" else d.shape[::-1])
    assert (str(m), str(n)) == ("m", "n")


@pytest.mark.parametrize("layout", ["numerator", "denominator", "mixed"])
def test_gradient_of_a_sum_of_tan_in_every_layout(layout):
    d = mc.diff("sum(tan(0.5 * sigmoid(X)))", "X", layout=layout, **DECL)
    assert_numeric(d)


def test_hessian_of_tan():
    h = mc.hessian("sum(tan(sigmoid(x)))", "x", **DECL)
    assert_numeric(h)


def test_tan_prints_and_reads_back():
    e = mc.parse("tan(X) + tan(x' x) * X", **DECL)
    assert mc.to_text(e) == "tan(X) + tan(xᵀx)X"
    assert mc.to_ascii(e) == "tan(X) + tan(x'*x)*X"
    assert mc.parse(mc.to_text(e), **DECL) == e
    assert mc.parse(mc.to_ascii(e), **DECL) == e


def test_tan_in_latex():
    assert mc.to_latex(mc.parse("tan(X)", **DECL)) == r"\tan(\mathbf{X})"


def test_derivative_of_tan_is_one_plus_tan_squared():
    d = mc.diff("tan(s)", "s", s="scalar")
    assert_numeric(d)
    assert "tan(s)" in str(d.expr)
