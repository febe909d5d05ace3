"""The command line tells the truth about its check and its failures (issue 14): a right
answer is never called wrong, a closed pipe or a full disk is not "a bug in matcalc", and no
input silently changes meaning."""
import os
import subprocess
import sys

import pytest
from cli_runner import output_of, refusal

import matcalc as mc
from matcalc.cli import EXIT_BAD_INPUT, EXIT_INTERNAL


@pytest.mark.parametrize("args", [
    ("(x' * x)^8 * ones(n) + b", "-x", "b", "-d", "b: vector(n)"),
    ("sin(C^6) * V'", "-x", "C"),
])
def test_right_answers_that_used_to_be_called_wrong_are_verified(args):
    out = output_of("diff", *args)
    assert "numerical check: verified" in out and "✓" in out
    assert "bug" not in out


@pytest.mark.parametrize("text", ["tr(inv(X*X'))", "logdet(X*X')"])
def test_a_singular_point_is_reported_as_not_verified(text):
    """X n×m: X Xᵀ is singular for n > m. The check draws other sizes when the first ones
    make every point singular, and verifies there; at sizes fixed with n > m it says it
    could not verify, and why — never that the right answer is wrong."""
    out = output_of("diff", text, "-x", "X")
    assert "numerical check: verified" in out and "bug" not in out
    out = output_of("check", text, "-x", "X", "--sizes", "n=4,m=2")
    assert "could not verify" in out and "singular" in out


def test_a_name_declared_twice_differently_is_an_error_naming_both():
    out = refusal(EXIT_BAD_INPUT, "diff", "x' * x", "-x", "x", "-d", "x: vector(n)",
                  "-d", "x: matrix(n, m)")
    assert "x: vector(n)" in out and "x: matrix(n, m)" in out


@pytest.mark.parametrize("wrt", ["", ",", "x,,y"])
def test_an_empty_variable_name_is_an_error(wrt):
    assert "empty" in refusal(EXIT_BAD_INPUT, "diff", "x' * y", "-x", wrt)


def test_a_greek_letter_names_its_spelled_out_variable():
    assert "= xᵀx" in output_of("diff", "alpha * x' * x", "-x", "α")


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "matcalc.cli", *args], capture_output=True,
                          timeout=120, **kw)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_full_disk_is_reported_without_calling_it_a_bug():
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "matcalc.cli", "diff", "a' * X * b", "-x",
                              "X"], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == EXIT_INTERNAL
    err = out.stderr.decode()
    assert "cannot write output" in err and "bug" not in err and "Traceback" not in err


def test_a_closed_pipe_ends_quietly():
    """The reader takes one byte of a long derivation and closes the pipe."""
    proc = subprocess.Popen([sys.executable, "-m", "matcalc.cli", "diff",
                             "tr(A*X*B*X'*C*X*D*X')", "-x", "X", "--steps", "--no-check"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "bug" not in err, err


@pytest.mark.parametrize("dim", ["sum", "tr", "exp", "matrix", "spd"])
def test_a_dimension_named_like_a_function_is_refused(dim):
    out = refusal(EXIT_BAD_INPUT, "diff", "x' * x", "-x", "x", "-d", f"x: vector({dim})")
    assert f"invalid dimension '{dim}'" in out and "^" in out


@pytest.mark.parametrize("text, result", [("1e-3 * alpha^2", "0.002α"), ("2e3 * alpha", "2000"),
                                          ("2.5e1 * alpha", "25")])
def test_scientific_notation_is_a_number(text, result):
    out = output_of("diff", text, "-x", "alpha")
    assert f"∂f/∂alpha = {result}\n" in out and "verified" in out


@pytest.mark.parametrize("text, shown", [("10^400*alpha", "1e400"), ("2^1024*alpha", "179769"),
                                         ("1e308*alpha", "1e308")])
def test_numbers_past_floating_point_are_exact_and_never_an_internal_error(text, shown):
    out = output_of("diff", text, "-x", "alpha")
    assert f"∂f/∂alpha = {shown}" in out
    assert "could not verify" in out and "bug" not in out


def test_a_huge_decimal_exponent_is_refused_at_once():
    out = refusal(EXIT_BAD_INPUT, "diff", "1e99999 * alpha", "-x", "alpha")
    assert "number too large" in out and "^" in out


def test_evaluating_a_number_past_floating_point_is_an_evaluation_error():
    with pytest.raises(mc.EvaluationError, match="too large for floating point"):
        mc.evaluate(mc.parse("10^400*alpha"), {"alpha": 1.0})
