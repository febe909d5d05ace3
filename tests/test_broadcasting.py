"""A number or a scalar added to a vector or matrix applies to every entry, as in NumPy
(issue 10 §4): typed as text and through Python's operators; checked numerically."""
import pytest

import matcalc as mc
from conftest import assert_derivative, assert_numeric


@pytest.mark.parametrize("text, wrt, printed", [
    ("sum(log(1 + exp(X*w)))", "w", "Xᵀsigmoid(Xw)"),
    ("sum(log(exp(-y.*(X*w))+1))", "w", "-Xᵀ(y ∘ sigmoid(-y ∘ (Xw)))"),
    ("sum(x + 2)", "x", "ones(n)"),
    ("sum(A + 1.5)", "A", "ones(n, m)"),
    ("1 - y", "y", "-Iₙ"),
    ("x - alpha", "alpha", "-ones(n)"),
    ("(1 - y)' * log(1 - sigmoid(X*w))", "w", None),
])
def test_a_scalar_term_broadcasts(text, wrt, printed):
    d = mc.diff(text, wrt)
    if printed is not None:
        assert str(d) == printed
    assert_numeric(d)


def test_the_broadcast_is_explicit_in_the_tree_and_reads_back():
    e = mc.parse("1 + exp(x)")
    assert str(e) == "𝟏 + exp(x)" and e.to_ascii() == "ones(n) + exp(x)"
    assert mc.parse(str(e)) == e and mc.parse(e.to_ascii()) == e


def test_python_operators_broadcast_too():
    x = mc.vector("x")
    assert (x + 1) == mc.parse("x + 1")
    assert (2 - x) == mc.parse("2 - x")


def test_shapes_that_do_not_broadcast_are_still_refused():
    with pytest.raises(mc.ShapeError, match="shapes differ"):
        mc.parse("x + y", x="vector(n)", y="vector(m)")


@pytest.mark.parametrize("text, same_as", [
    ("x.T * A * x", "x' * A * x"), ("X.T.T", "X"),
    ("a − b", "a - b"), ("A × B", "A * B"), ("2·x", "2*x"), ("2⋅x", "2*x"),
    ("sigma(w' * x)", "sigmoid(w' * x)"), ("σ(w' * x)", "sigmoid(w' * x)"),
])
def test_names_and_signs_people_type(text, same_as):
    """issue 10 §7: x.T, the typographic minus and product signs, σ(·) as the sigmoid."""
    assert mc.parse(text) == mc.parse(same_as)


def test_sigma_alone_or_declared_is_a_scalar():
    assert str(mc.parse("sigma * x")) == "σx"
    e = mc.parse("sigma(x + y)", sigma="scalar")
    assert e == mc.parse("sigma * (x + y)", sigma="scalar")
    assert mc.parse(str(e), sigma="scalar") == e           # printed σ * (x + y)
    d = mc.diff("sigma(w' * x)", "w")
    assert_derivative(d, "(sigmoid(wᵀx) - sigmoid(wᵀx)²)x")


@pytest.mark.parametrize("word, guess", [("Det", "det"), ("Tr", "tr"), ("Trace", "tr"),
                                         ("Inverse", "inv"), ("Determinant", "det"),
                                         ("Log", "log"), ("Exp", "exp")])
def test_capitalised_function_names_get_a_did_you_mean(word, guess):
    with pytest.raises(mc.ParseError, match=f"unknown function '{word}'; did you mean '{guess}'"):
        mc.parse(f"{word}(X)")
