"""A derivative whose result would grow past a bound stops with SizeLimitError, saying so
and how to raise the bound (max_size=, --max-size, MATCALC_MAX_SIZE), in bounded time."""
import time

import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from conftest import assert_numeric
from matcalc.diff.derivative import tree_size
from matcalc.core.errors import DifferentiationError, SizeLimitError

HOW = ("max_size=N", "--max-size N", "MATCALC_MAX_SIZE")
TOWER = "exp(" * 120 + "alpha" + ")" * 120          # d has ~7000 nodes printed
BOUND = 20.0      # seconds: ten times the slowest refusal measured (1.7 s, loaded machine)


def _stops(fn):
    start = time.perf_counter()
    with pytest.raises(SizeLimitError) as info:
        fn()
    assert time.perf_counter() - start < BOUND
    for how in HOW:
        assert how in str(info.value)
    assert "past the bound" in str(info.value)
    return info.value


def test_max_size_argument():
    err = _stops(lambda: mc.diff(TOWER, "alpha", max_size=500))
    assert "bound of 500" in str(err)


def test_raising_the_bound_lets_it_through():
    d = mc.diff(TOWER, "alpha", max_size=100_000)
    assert tree_size(d.expr) > 500


def test_environment_variable(monkeypatch):
    monkeypatch.setenv("MATCALC_MAX_SIZE", "500")
    _stops(lambda: mc.diff(TOWER, "alpha"))
    monkeypatch.setenv("MATCALC_MAX_SIZE", "lots")
    with pytest.raises(DifferentiationError, match="MATCALC_MAX_SIZE must be"):
        mc.diff(TOWER, "alpha")


def test_matrix_power_is_refused_before_it_is_built():
    _stops(lambda: mc.diff("X^1000000000", "X"))


def test_hessian_is_guarded():
    _stops(lambda: mc.hessian(TOWER.replace("alpha", "x' x"), "x", max_size=500))


def test_command_line():
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["diff", TOWER, "-x", "alpha", "--max-size", "500"])
    assert time.perf_counter() - start < BOUND
    assert result.exit_code == 2
    assert "past the bound of 500" in result.output and "--max-size N" in result.output


def test_tree_size_counts_shared_subtrees_in_linear_time():
    x = mc.scalar("x")
    e = x
    for _ in range(200):                     # a DAG of 201 nodes, a tree of 2^201 - 1
        e = mc.core.expr.Add((e, e))
    start = time.perf_counter()
    assert tree_size(e) == 2 ** 201 - 1
    assert time.perf_counter() - start < 1.0


def test_a_ten_thousand_factor_product_is_refused_before_it_is_built():
    """The product rule would write 10,000 terms of 10,000 factors: refused before any is
    built (1.5 s and 84 MB for the whole command, measured; it used to run past 35 s)."""
    text = "*".join(["X"] * 10_000)
    err = _stops(lambda: mc.diff(text, "X"))
    assert "differential" in str(err)
    result = CliRunner().invoke(main, ["diff", "-", "-x", "X"], input=text)
    assert result.exit_code == 2 and "past the bound" in result.output


def test_a_deep_api_built_nest_is_refused_quickly():
    """tanh(tanh(…(x)…)) 5,000 deep (built through the API, beyond the parser's depth
    limit): its differential's tree would have 12.5 million nodes (1.7 s to refuse)."""
    x = mc.vector("x")
    e = x
    for _ in range(5000):
        e = mc.tanh(e)
    _stops(lambda: mc.diff(mc.sum(e), x))


def test_the_largest_product_within_the_bound_is_answered():
    d = mc.diff("*".join(["X"] * 140), "X")
    assert d.is_tensor and d.shape == (d.wrt.shape * 2)
    assert_numeric(d)
