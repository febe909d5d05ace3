"""An optional time limit (max_seconds=, --timeout) stops the work cooperatively with
TimeLimitError naming the stage: no signal, no thread, nothing left half-built (the same
derivative taken again afterwards is right). No test asserts a time: the limits are far
below what the inputs take, and the assertions are on the error."""
import pytest
from click.testing import CliRunner

import matcalc as mc
from conftest import assert_derivative
from matcalc.cli import main
from matcalc.core.deadline import check_time, time_limit

#: a derivative that takes about a second: the limits below are a thousandth of that
CHAIN = "tr(" + "*".join(["X"] * 60) + ")"
TINY = 1e-4


def test_the_api_gives_up_with_time_limit_error():
    with pytest.raises(mc.TimeLimitError) as info:
        mc.diff(CHAIN, "X", max_seconds=TINY)
    assert str(info.value).startswith(f"gave up after {TINY:g} s: the ")
    assert info.value.stage and info.value.seconds == TINY
    assert isinstance(info.value, mc.MatcalcError)


def test_the_hessian_gives_up_too():
    with pytest.raises(mc.TimeLimitError):
        mc.hessian("x' * " + " * ".join(["A"] * 30) + " * x", "x", max_seconds=TINY)


def test_a_generous_limit_changes_nothing():
    d = mc.diff("a' * X * b", "X", max_seconds=600)
    assert_derivative(d, "abᵀ")
    h = mc.hessian("x' * A * x", "x", max_seconds=600)
    assert_derivative(h, "A + Aᵀ")


def test_work_stopped_by_the_limit_leaves_nothing_half_built():
    with pytest.raises(mc.TimeLimitError):
        mc.diff("sum(tanh(W * x)) + " + CHAIN, "X", max_seconds=TINY)
    d = mc.diff("sum(tanh(W * x)) + tr(X * X * X)", "X")
    assert_derivative(d, "3(Xᵀ)²")


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-1, ValueError),
                                         (float("inf"), ValueError), ("1", TypeError),
                                         (True, TypeError)])
def test_a_limit_must_be_a_positive_number(bad, error):
    with pytest.raises(error):
        mc.diff("a' * X * b", "X", max_seconds=bad)


def test_nested_limits_keep_the_earlier_deadline():
    with time_limit(TINY):
        with time_limit(600):
            with pytest.raises(mc.TimeLimitError) as info:
                while True:
                    check_time("loop")
    assert "the loop was not finished" in str(info.value)
    check_time("outside any limit")                   # no limit in force: returns


@pytest.mark.parametrize("command", [
    ["diff", CHAIN, "-x", "X"],
    ["hessian", "x' * " + " * ".join(["A"] * 30) + " * x", "-x", "x"],
    ["check", CHAIN, "-x", "X"],
    ["codegen", CHAIN, "-x", "X"],
])
def test_the_command_line_gives_up_with_exit_2(command):
    r = CliRunner().invoke(main, [*command, "--timeout", "0.0001"])
    assert r.exit_code == 2, r.output
    assert "gave up after 0.0001 s: the " in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_the_command_line_refuses_a_bad_timeout(value):
    r = CliRunner().invoke(main, ["diff", "a' * X * b", "-x", "X", "--timeout", value])
    assert r.exit_code == 2 and "--timeout" in r.output


def test_the_command_line_with_a_generous_timeout_answers():
    r = CliRunner().invoke(main, ["diff", "a' * X * b", "-x", "X", "--timeout", "600"])
    assert r.exit_code == 0 and "= abᵀ" in r.output and "verified" in r.output


def test_help_documents_the_timeout():
    for command in ("diff", "hessian", "check", "codegen"):
        r = CliRunner().invoke(main, [command, "--help"])
        assert "--timeout SECONDS" in r.output, command
