"""A number or a scalar added to a vector or matrix applies to every entry, as in NumPy
(issue 10 §4): typed as text and through Python's operators; checked numerically."""
import pytest

import matcalc as mc
from conftest import assert_numeric


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
    assert str(e) == "ones(n) + exp(x)"
    assert mc.parse(str(e)) == e and mc.parse(e.to_ascii()) == e


def test_python_operators_broadcast_too():
    x = mc.vector("x")
    assert (x + 1) == mc.parse("x + 1")
    assert (2 - x) == mc.parse("2 - x")


def test_shapes_that_do_not_broadcast_are_still_refused():
    with pytest.raises(mc.ShapeError, match="shapes differ"):
        mc.parse("x + y", x="vector(n)", y="vector(m)")
