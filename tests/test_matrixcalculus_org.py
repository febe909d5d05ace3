"""matrixcalculus.org's front-page examples and the inputs issue 10 quotes, typed literally.

The site's documentation lists its valid input examples (0.5*x'*A*x, A*exp(x), (y.*v)'*x,
a^b, norm1(A*x-y), norm2(A*x-y)^2, sum(log(exp(-y.*(X*w)) + vector(1))), tr(A*X'*B*X*C),
log(det(inv(X))); some versions also sin(x)'*y). Each is parsed as typed, differentiated
with respect to every variable it has, and checked against central finite differences.

One difference of convention: on the site a, ..., g are scalars by default; in matcalc a
lowercase latin name is a vector unless its position says otherwise. In `a^b` it does: the
exponent of a power is a scalar, and so is a lowercase base raised by `^` to a symbolic
exponent (a vector has no power), so `a^b` works undeclared.
"""
import pytest

import matcalc as mc
from conftest import assert_derivative, assert_numeric

FRONT_PAGE = [
    ("0.5*x'*A*x", ["x", "A"]),
    ("A*exp(x)", ["x", "A"]),
    ("sin(x)'*y", ["x", "y"]),
    ("(y.*v)'*x", ["y", "v", "x"]),
    ("a^b", ["a", "b"]),
    ("norm1(A*x-y)", ["x", "A", "y"]),
    ("norm2(A*x-y)^2", ["x", "A", "y"]),
    ("sum(log(exp(-y.*(X*w)) + vector(1)))", ["w", "X", "y"]),
    ("tr(A*X'*B*X*C)", ["X", "A", "B", "C"]),
    ("log(det(inv(X)))", ["X"]),
]


@pytest.mark.parametrize("text, variables", FRONT_PAGE, ids=[t for t, _ in FRONT_PAGE])
def test_front_page_examples_typed_literally(text, variables):
    for wrt in variables:
        assert_numeric(mc.diff(text, wrt))


@pytest.mark.parametrize("text, wrt", [
    ("sum(log(exp(-y.*(X*w)) + vector(1)))", "w"), ("a^b", "b"), ("x.^alpha", "x"),
    ("x.^alpha", "alpha"), ("2^alpha", "alpha"), ("det(X^k)", "X"),
])
def test_in_every_layout(text, wrt, layout):
    assert_numeric(mc.diff(text, wrt, layout))


@pytest.mark.parametrize("text, wrt, printed", [
    # the logistic loss: the constant vector(1) is the 𝟏 inside the sum, its size inferred
    ("sum(log(exp(-y.*(X*w)) + vector(1)))", "w", "-Xᵀ(y ∘ sigmoid(-y ∘ (Xw)))"),
    ("a^b", "a", "ba^(b - 1)"),
    ("a^b", "b", "log(a)aᵇ"),
    ("x.^alpha", "x", "α diag(x.^(α - 1))"),
    ("x.^alpha", "alpha", "log(x) ∘ x.^α"),
    ("2^alpha", "alpha", "log(2)(2ᵅ)"),
    ("alpha^2", "alpha", "2α"),
    ("det(X^k)", "X", "k det(X)ᵏX⁻ᵀ"),
    ("det(X^k)", "k", "log(det(X))det(X)ᵏ"),
])
def test_issue_10_inputs(text, wrt, printed):
    assert_derivative(mc.diff(text, wrt), printed)


def test_declared_scalars_as_the_issue_tried_them():
    assert_derivative(mc.diff("a: scalar; b: scalar; a^b", "b"), "log(a)aᵇ")


def test_matrix_1_is_a_constant_matrix_of_inferred_size():
    f = mc.parse("sum(A .* matrix(1))")
    assert f == mc.parse("sum(A .* ones(n, m))")
    assert_derivative(mc.diff("tr(X' * matrix(2))", "X"), "2ones(n, m)")


def test_a_constant_whose_size_nothing_fixes_is_refused_with_its_position():
    with pytest.raises(mc.MatcalcError, match="the size of matrix\\(c\\) cannot be inferred") as e:
        mc.parse("matrix(1)")
    assert "^" in str(e.value)


def test_a_symbolic_matrix_power_is_refused_where_it_has_no_closed_form():
    with pytest.raises(mc.MatcalcError, match="no closed form") as e:
        mc.diff("tr(X^k)", "X")
    assert "det(Xᵏ) = det(X)ᵏ" in str(e.value)
