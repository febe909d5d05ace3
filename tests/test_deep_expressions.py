"""Expressions the API can build at any depth: no operation raises RecursionError (issue 14).
Hashing and equality walk an explicit stack; printers and the simplifier handle a node's
children first (postorder), so they recurse about one level at a time."""
import numpy as np
import pytest

import matcalc as mc

DEPTH = 20_000


def nest(depth: int):
    x = mc.vector("x")
    e = x
    for _ in range(depth):
        e = mc.tanh(e)
    return x, e


@pytest.fixture(scope="module")
def deep():
    return nest(DEPTH)


def test_hash_and_equality(deep):
    _, e = deep
    _, f = nest(DEPTH)
    assert e is not f and e == f and hash(e) == hash(f)
    _, g = nest(DEPTH - 1)
    assert e != g


@pytest.mark.parametrize("printer", [mc.to_text, mc.to_ascii, mc.to_latex])
def test_printers(deep, printer):
    text = printer(deep[1])
    assert text.count("tanh") == DEPTH


def test_simplify_and_evaluate(deep):
    x, e = deep
    assert mc.simplify(e) == e
    value = mc.evaluate(e, {"x": [0.5, -0.25]})
    want = np.array([0.5, -0.25])
    for _ in range(DEPTH):
        want = np.tanh(want)
    np.testing.assert_allclose(value.ravel(), want)


def test_its_derivative_is_refused_with_a_clear_error_not_a_recursion_error(deep):
    x, e = deep
    with pytest.raises(mc.DifferentiationError, match="nested too deeply|past the bound"):
        mc.diff(mc.sum(e), x)
    _, shallower = nest(5000)
    with pytest.raises(mc.SizeLimitError, match="past the bound"):
        mc.diff(mc.sum(shallower), x)


def test_a_moderately_deep_nest_is_differentiated_and_checked():
    x, e = nest(60)
    d = mc.diff(mc.sum(e), x, max_size=200_000)
    assert d.verify().ok
