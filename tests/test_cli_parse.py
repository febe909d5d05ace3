"""`matcalc parse`: output, declarations, errors and exit codes, through click's CliRunner."""
import pytest
from cli_runner import run

from matcalc.cli import EXIT_BAD_INPUT
from matcalc.language.parse import parse


def test_parse_prints_expression_declarations_and_shape():
    result = run("parse", "a' * X * b")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == str(parse("a' * X * b"))
    assert lines[1:] == ["a: vector(n)", "X: matrix(n, m)", "b: vector(m)", "shape: 1×1 (scalar)"]


@pytest.mark.parametrize("text, tail", [
    ("x' * A * x", ["x: vector(n)", "A: matrix(n, n)", "shape: 1×1 (scalar)"]),
    ("W x + b", ["W: matrix(n, m)", "x: vector(m)", "b: vector(n)", "shape: n×1 (vector)"]),
    ("x'", ["x: vector(n)", "shape: 1×n (covector)"]),
    ("A B", ["A: matrix(n, m)", "B: matrix(m, k)", "shape: n×k (matrix)"]),
    ("α", ["alpha: scalar", "shape: 1×1 (scalar)"]),
])
def test_parse_shapes(text, tail):
    result = run("parse", text)
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == tail


def test_decl_option_is_repeatable_and_shows_properties():
    result = run("parse", "x' S x + alpha", "-d", "S: matrix(k) spd", "--decl", "alpha: scalar")
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "x: vector(k)", "S: matrix(k, k) spd", "alpha: scalar", "shape: 1×1 (scalar)"]


def test_declarations_in_the_expression_text():
    result = run("parse", "x: vector(n); A: matrix(n) symmetric; x' * A * x")
    assert result.exit_code == 0
    assert "A: matrix(n, n) symmetric" in result.output.splitlines()


@pytest.mark.parametrize("args, message", [
    (("parse", "a *"), "unexpected end of input; expected an operand"),
    (("parse", "trace(X)"), "unknown function 'trace'; did you mean 'tr'?"),
    (("parse", "a * b"), "'b' would have to be a scalar"),
    (("parse", "a' b", "-d", "a: vector(n)", "-d", "b: vector(m)"), "inner dimensions"),
    (("parse", ""), "empty expression"),
    (("parse", "x + \u0430"), "U+0430 CYRILLIC SMALL LETTER A"),
    (("parse", "x", "-d", "X: matrx(n)"), "in --decl 'X: matrx(n)': unknown type 'matrx'"),
    (("parse", "x", "-d", "X matrix(n)"), "in --decl 'X matrix(n)'"),
])
def test_errors_exit_2_with_message_and_caret_and_no_traceback(args, message):
    result = run(*args)
    assert result.exit_code == EXIT_BAD_INPUT == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    if args[1]:
        assert "^" in result.output


def test_error_output_has_the_caret_under_the_column():
    result = run("parse", "a + )")
    lines = result.output.splitlines()
    assert lines[-2:] == ["a + )", "    ^"]


def test_help_teaches_with_examples():
    result = run("parse", "--help")
    assert result.exit_code == 0
    for piece in ("Examples:", "matcalc parse \"a' * X * b\"", "--decl", "-d",
                  "spd", "shape: 1×1 (scalar)", "code 2"):
        assert piece in result.output
    top = run("--help")
    assert top.exit_code == 0 and "parse" in top.output


def test_usage_error_is_exit_2():
    result = run("parse")
    assert result.exit_code == 2 and "Missing argument" in result.output
