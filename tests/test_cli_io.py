"""The command line's inputs and outputs (issue 12 §3): standard input, expressions starting
with '-', --format json, `matcalc check` with --expected, --version."""
import json
import pathlib
import subprocess
import sys

import numpy as np
from cli_runner import output_of, refusal, run

import matcalc as mc
from matcalc.cli import EXIT_BAD_INPUT


def test_dash_reads_the_expression_from_standard_input():
    out = output_of("diff", "-", "-x", "X", input="a' * X * b\n")
    assert "∂f/∂X = abᵀ" in out and "verified" in out
    assert output_of("parse", "-", input="x' * A * x").startswith("xᵀAx")


def test_a_nul_byte_on_standard_input_gets_the_parsers_error():
    out = refusal(EXIT_BAD_INPUT, "diff", "-", "-x", "X", input=b"a' * \x00 X")
    assert "U+0000" in out and "^" in out


def test_a_long_input_on_standard_input_is_refused_clearly():
    assert "too long" in refusal(EXIT_BAD_INPUT, "parse", "-", input="x" + " + x" * 60_000)


def test_an_expression_starting_with_minus_works_after_double_dash():
    assert "∂f/∂x = -y" in output_of("diff", "-x", "x", "--", "-y' * x")


def test_an_expression_starting_with_minus_without_double_dash_says_what_to_write():
    assert "put it after '--'" in refusal(2, "diff", "-y' * x", "-x", "x")


def test_json_output_has_the_documented_keys_and_a_checked_result():
    out = output_of("diff", "a' * X * b", "-x", "X,a", "-f", "json", "--steps")
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["wrt"] for o in objs] == ["X", "a"]
    o = objs[0]
    assert set(o) == {"input", "declarations", "wrt", "function", "layout", "kind", "shape",
                      "result", "steps", "check"}
    assert o["result"] == {"text": "abᵀ", "ascii": "a*b'",
                           "latex": r"\mathbf{a} \mathbf{b}^\top"}
    assert o["kind"] == "scalar-by-matrix" and o["shape"] == ["n", "m"]
    assert o["check"]["status"] == "verified" and o["check"]["error"] < 1e-6
    assert o["steps"] and all({"result", "reason"} == set(s) for s in o["steps"])
    # the printed result is the derivative: evaluate its ASCII form and compare
    d = mc.diff("a' * X * b", "X")
    assert mc.simplify(mc.parse(o["result"]["ascii"], a="vector(n)", b="vector(m)")) == \
        mc.simplify(d.expr)
    assert d.check() < 1e-8


def test_parse_json():
    o = json.loads(output_of("parse", "a' * X * b", "-f", "json"))
    assert o["declarations"] == ["a: vector(n)", "X: matrix(n, m)", "b: vector(m)"]
    assert o["kind"] == "scalar" and o["expression"]["ascii"] == "a'*X*b"


def test_check_reports_the_verdict():
    out = output_of("check", "a' * X * b", "-x", "X", "--sizes", "n=3,m=2", "--seed", "4")
    assert "verified: max relative error" in out and "m=2, n=3; seed 4" in out


def test_check_expected_right_answer_agrees():
    out = output_of("check", "x' * A * x", "-x", "x", "--expected", "(A + A') * x")
    assert "yours agrees with finite differences and with matcalc's" in out


def test_check_expected_transpose_is_diagnosed():
    out = refusal(1, "check", "a' * X * b", "-x", "X", "--expected", "b * a'")
    assert "disagrees" in out and "transpose of the right result" in out


def test_check_expected_wrong_entries_are_named():
    out = refusal(1, "check", "x' * A * x", "-x", "x", "-e", "2 * A * x", "--sizes", "n=3")
    assert "3 of 3 entries differ" in out and "(1, 1): yours" in out


def test_check_expected_factor_is_diagnosed():
    assert "0.5 times the right result" in refusal(1, "check", "x' * x", "-x", "x", "-e", "x")


def test_bad_sizes_are_refused():
    out = refusal(EXIT_BAD_INPUT, "check", "a' * X * b", "-x", "X", "--sizes", "n=0")
    assert "positive sizes" in out


def test_version():
    assert "matcalc, version" in output_of("--version")


def test_installed_console_script_runs():
    """The `matcalc` script that pip installed next to this interpreter."""
    script = pathlib.Path(sys.executable).with_name("matcalc")
    assert script.exists(), f"no console script at {script}: install the project with pip"
    out = subprocess.run([str(script), "diff", "a' * X * b", "-x", "X"], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "∂f/∂X = abᵀ" in out.stdout and "verified" in out.stdout


def test_codegen_command_and_diff_format_numpy_print_the_same(tmp_path):
    r1 = run("codegen", "a' * X * b", "-x", "X")
    r2 = run("diff", "a' * X * b", "-x", "X", "-f", "numpy")
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert r1.output == r2.output and r1.output.startswith("import numpy as np")
    out = tmp_path / "grad.py"
    r3 = run("codegen", "a' * X * b", "-x", "X", "--target", "torch", "-o", str(out))
    assert r3.exit_code == 0 and out.read_text().startswith("import torch")
    namespace: dict = {}
    exec(compile(r1.output, "<generated>", "exec"), namespace)   # noqa: S102
    a, X, b = np.ones(2), np.ones((2, 3)), np.arange(3.0)
    value, grad = namespace["f"](a, X, b)
    d = mc.diff("a' * X * b", "X")
    np.testing.assert_allclose(grad, d.evaluate({"a": a, "X": X, "b": b}))
    assert d.check() < 1e-8
