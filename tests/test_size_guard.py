"""A derivative whose result would grow past a bound stops with SizeLimitError, saying so
and how to raise the bound (max_size=, --max-size, MATCALC_MAX_SIZE), in bounded time."""
import time

import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from matcalc.diff.derivative import tree_size
from matcalc.core.errors import DifferentiationError, SizeLimitError

HOW = ("max_size=N", "--max-size N", "MATCALC_MAX_SIZE")
TOWER = "exp(" * 120 + "alpha" + ")" * 120          # d has ~7000 nodes printed


def _stops(fn):
    start = time.perf_counter()
    with pytest.raises(SizeLimitError) as info:
        fn()
    assert time.perf_counter() - start < 2.0
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
    assert time.perf_counter() - start < 2.0
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
