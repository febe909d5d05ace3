"""The size bound holds in every stage, while building (core/limits.py): the differential
stops at the first rule whose result passes it, printing refuses a text far larger than the
bound (an API-built DAG written out), and a derivation (--steps) that repeats growing
differentials is refused instead of being printed. Each refusal names its stage. No test
asserts a time (benchmarks/bench_limits.py measures them)."""
import pytest
from click.testing import CliRunner

import matcalc as mc
from conftest import assert_numeric
from matcalc.cli import main
from matcalc.core.limits import size_bound
from matcalc.diff.registry import SizeMeter


def _nest(depth: int):
    x = mc.vector("x", "n")
    e = x
    for _ in range(depth):
        e = mc.tanh(e)
    return mc.sum(e), x


def _dag(levels: int):
    """sin(e) ∘ cos(e), `levels` deep: 2·levels nodes, a tree of 2^levels leaves."""
    x = mc.vector("x", "n")
    e = x
    for _ in range(levels):
        e = mc.hadamard(mc.sin(e), mc.cos(e))
    return e, x


def test_a_deep_nest_is_refused_in_the_differential():
    f, x = _nest(5000)
    with pytest.raises(mc.SizeLimitError, match="the differential grows to"):
        mc.diff(f, x)


def test_a_nest_within_the_bound_is_answered():
    f, x = _nest(12)
    d = mc.diff(f, x)
    assert_numeric(d)


def test_the_size_meter_counts_shared_subtrees_each_time():
    e, _ = _dag(30)
    meter = SizeMeter()
    assert meter(e) == 2 ** 32 - 3            # s(k) = 3 + 2 s(k − 1), s(0) = 1
    x = mc.vector("x", "n")
    assert meter(mc.hadamard(x, x)) == 3


def test_an_exponential_dag_is_refused_by_the_differential():
    e, x = _dag(60)
    with pytest.raises(mc.SizeLimitError, match="differential"):
        mc.diff(mc.sum(e), x)


@pytest.mark.parametrize("printer", [str, mc.to_ascii, mc.to_latex])
def test_printing_an_exponential_dag_is_refused(printer):
    e, _ = _dag(60)
    with pytest.raises(mc.SizeLimitError, match="grows past 2000000 characters"):
        printer(e)


def test_printing_within_the_bound_is_unchanged():
    e, _ = _dag(2)
    assert str(e) == "sin(sin(x) ∘ cos(x)) ∘ cos(sin(x) ∘ cos(x))"
    with size_bound(10):
        with pytest.raises(mc.SizeLimitError, match="bound of 10 nodes"):
            str(_dag(8)[0])


NEST = "sum(" + "tanh(" * 55 + "x" + ")" * 55 + ")"


def test_a_derivation_that_repeats_growing_differentials_is_refused():
    d = mc.diff(NEST, "x")
    with pytest.raises(mc.SizeLimitError, match=r"the derivation \(the steps\) grows past"):
        d.steps_text()
    with pytest.raises(mc.SizeLimitError, match=r"the derivation \(the steps\)"):
        d.steps_latex()
    assert_numeric(d)                 # the derivative itself was answered


def test_a_derivative_is_printed_under_the_bound_it_was_derived_under():
    d = mc.diff(NEST, "x", max_size=100_000)
    assert d.steps_text().count("\n") > 55 and "\\begin{align*}" in d.steps_latex()
    assert_numeric(d)


def test_the_command_line_refuses_the_steps_and_max_size_raises_the_bound():
    r = CliRunner().invoke(main, ["diff", NEST, "-x", "x", "--steps", "--no-check"])
    assert r.exit_code == 2 and "the derivation (the steps) grows past" in r.output
    assert "--max-size N" in r.output
    r = CliRunner().invoke(main, ["diff", NEST, "-x", "x", "--steps", "--no-check",
                                  "--max-size", "100000"])
    assert r.exit_code == 0 and "55. " in r.output, r.output[-300:]
