"""The command line's inputs and outputs (issue 12 §3): standard input, expressions starting
with '-', --format json, `matcalc check` with --expected, --version."""
import json
import pathlib
import subprocess
import sys

import numpy as np
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import EXIT_BAD_INPUT, main

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(main, list(args), input=input)


def test_dash_reads_the_expression_from_standard_input():
    r = run("diff", "-", "-x", "X", input="a' * X * b\n")
    assert r.exit_code == 0, r.output
    assert "∂f/∂X = abᵀ" in r.output and "verified" in r.output
    r = run("parse", "-", input="x' * A * x")
    assert r.exit_code == 0 and r.output.startswith("xᵀAx")


def test_a_nul_byte_on_standard_input_gets_the_parsers_error():
    r = runner.invoke(main, ["diff", "-", "-x", "X"], input=b"a' * \x00 X")
    assert r.exit_code == EXIT_BAD_INPUT
    assert "U+0000" in r.output and "^" in r.output


def test_a_long_input_on_standard_input_is_refused_clearly():
    r = run("parse", "-", input="x" + " + x" * 60_000)
    assert r.exit_code == EXIT_BAD_INPUT
    assert "too long" in r.output


def test_an_expression_starting_with_minus_works_after_double_dash():
    r = run("diff", "-x", "x", "--", "-y' * x")
    assert r.exit_code == 0, r.output
    assert "∂f/∂x = -y" in r.output


def test_an_expression_starting_with_minus_without_double_dash_says_what_to_write():
    r = run("diff", "-y' * x", "-x", "x")
    assert r.exit_code == 2
    assert "put it after '--'" in r.output


def test_json_output_has_the_documented_keys_and_a_checked_result():
    r = run("diff", "a' * X * b", "-x", "X,a", "-f", "json", "--steps")
    assert r.exit_code == 0, r.output
    objs = [json.loads(line) for line in r.output.splitlines()]
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
    r = run("parse", "a' * X * b", "-f", "json")
    o = json.loads(r.output)
    assert o["declarations"] == ["a: vector(n)", "X: matrix(n, m)", "b: vector(m)"]
    assert o["kind"] == "scalar" and o["expression"]["ascii"] == "a'*X*b"


def test_check_reports_the_verdict():
    r = run("check", "a' * X * b", "-x", "X", "--sizes", "n=3,m=2", "--seed", "4")
    assert r.exit_code == 0, r.output
    assert "verified: max relative error" in r.output and "m=2, n=3; seed 4" in r.output


def test_check_expected_right_answer_agrees():
    r = run("check", "x' * A * x", "-x", "x", "--expected", "(A + A') * x")
    assert r.exit_code == 0, r.output
    assert "yours agrees with finite differences and with matcalc's" in r.output


def test_check_expected_transpose_is_diagnosed():
    r = run("check", "a' * X * b", "-x", "X", "--expected", "b * a'")
    assert r.exit_code == 1
    assert "disagrees" in r.output and "transpose of the right result" in r.output


def test_check_expected_wrong_entries_are_named():
    r = run("check", "x' * A * x", "-x", "x", "-e", "2 * A * x", "--sizes", "n=3")
    assert r.exit_code == 1
    assert "3 of 3 entries differ" in r.output and "(1, 1): yours" in r.output


def test_check_expected_factor_is_diagnosed():
    r = run("check", "x' * x", "-x", "x", "-e", "x")
    assert r.exit_code == 1
    assert "0.5 times the right result" in r.output


def test_bad_sizes_are_refused():
    r = run("check", "a' * X * b", "-x", "X", "--sizes", "n=0")
    assert r.exit_code == EXIT_BAD_INPUT and "positive sizes" in r.output


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and "matcalc, version" in r.output


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
