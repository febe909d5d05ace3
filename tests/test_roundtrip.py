"""The printers' contract with the parser: parse(print(e)) == e, for unicode and ASCII text.

Expressions come from tests/strategies.py (built with matcalc.core.build, so in canonical form);
every variable is declared to the parser with its exact shape and properties.
"""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from matcalc.core import build as B
from matcalc import parse
from matcalc.core.expr import Unvec
from matcalc.numeric import evaluate_2d, sample_point
from matcalc.printing import to_ascii, to_text
from matcalc.core.shapes import as_dim
from strategies import declarations, expressions

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _roundtrip(e, printer):
    text = printer(e)
    back = parse(text, **declarations(e))
    assert back == e, f"{text!r} read back as {printer(back)!r}\n{back!r}\n!=\n{e!r}"


@SETTINGS
@given(expressions(max_depth=6))
def test_unicode_text_reads_back(e):
    _roundtrip(e, to_text)


@SETTINGS
@given(expressions(max_depth=6))
def test_ascii_text_reads_back(e):
    _roundtrip(e, to_ascii)


@SETTINGS
@given(expressions(max_depth=6, smooth=True))
def test_smooth_expressions_read_back(e):
    _roundtrip(e, to_text)


# ------------------------------------------------------------------------------------
# Hand-picked cases the pool of tests/strategies.py does not reach
# ------------------------------------------------------------------------------------

def _cases():
    e, t, a, m, u, p, i = (B.scalar(v) for v in "etamupi")
    x, v = B.vector("x"), B.vector("v")
    X, Y = B.matrix("X"), B.matrix("Y")
    ab = B.scalar("ab")
    alpha2, sigma0 = B.scalar("alpha2"), B.matrix("Sigma_0", spd=True)
    x_1, loss = B.vector("x_1"), B.scalar("loss")
    W1, W2 = B.matrix("W1", "n", "m"), B.matrix("W2", "m", "n")
    half = B.num(Fraction(1, 2))
    return [
        B.scale(B.matmul(e, t), B.scale(a, x)),            # e·t·a is not the greek eta
        B.scale(B.matmul(m, u), x), B.scale(B.matmul(p, i), x), B.matmul(B.scalar("x1"), i),
        B.add(B.matmul(B.scalar("a"), B.scalar("b")), ab),
        alpha2 * X + B.scale(B.num(3), sigma0), x_1.T @ X @ x_1, loss * x + loss * loss * x,
        W1 @ W2 @ x, W2.T @ W1.T, X @ B.eye("n") @ x, B.eye(3) @ B.ones(3),
        B.norm2(B.norm2(x) * v), B.frob(B.frob(X) * Y) * X, B.norm1(x) * B.norm2(x) * X,
        B.scale(B.num(Fraction(1, 1024)), X), B.scale(B.num(Fraction(-5, 2)), X),
        B.matmul(B.scalar("s"), B.power(B.num(2), half)), B.transpose(B.power(e, -1)),
        B.add(2, B.add(3, B.add(e, 4))), B.hadamard(e, t), B.kron(e, X), B.kron(x, x.T),
        B.inv(e), B.inv(e).T, B.matrix_power(B.inv(X), 3), B.inv(B.matrix_power(X, 2)).T,
        Unvec(B.vec(X @ Y), X.rows, Y.cols), B.commutation("n", "n") @ B.vec(X),
        B.divide(X, B.add(e, t)), B.divide(B.hadamard(X, Y), e),
        B.scale(B.scale(-2, B.power(e, -1)), X), -B.hadamard(X, Y), -(X @ Y),
        B.power(B.power(e, 2), half), B.power(B.norm2(x), -1) * x,
    ]


@pytest.mark.parametrize("e", _cases(), ids=lambda e: to_ascii(e))
def test_hand_picked_cases_read_back(e):
    _roundtrip(e, to_text)
    _roundtrip(e, to_ascii)


# ------------------------------------------------------------------------------------
# The promise of `smooth=True` that the engine's numeric property tests rely on
# ------------------------------------------------------------------------------------

@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(expressions(max_depth=6, smooth=True))
def test_smooth_expressions_are_finite_at_sample_points(e):
    sizes = {as_dim("n"): 3, as_dim("m"): 2}
    for seed in (0, 1):
        value = evaluate_2d(e, sample_point(e.free_symbols, sizes, seed), sizes)
        assert np.all(np.isfinite(value)) and np.max(np.abs(value)) < 1e12, to_text(e)
