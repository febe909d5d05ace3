"""Hostile input, on the Python API and on the command line: each gives a clear matcalc
error (what, where with a caret, what is accepted), exit code 2 on the command line, in
bounded time, and never a traceback or RecursionError.

The time bound is a generous sanity bound (the machine running the tests is noisy)."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from matcalc.core.errors import (DeclarationError, DifferentiationError, MatcalcError, ParseError,
                            ShapeError, SizeLimitError)
from matcalc.language.parse import MAX_CHARS, MAX_DEPTH

# seconds: ten times the slowest case measured (under 2 s, loaded), so that a loaded CI
# machine cannot fail it; the point is that nothing hangs
BOUND = 20.0


def api_error(fn, error=MatcalcError):
    start = time.perf_counter()
    with pytest.raises(error) as info:
        fn()
    assert time.perf_counter() - start < BOUND
    assert not isinstance(info.value, RecursionError)
    return info.value


def cli_error(*args):
    start = time.perf_counter()
    result = CliRunner().invoke(main, list(args))
    assert time.perf_counter() - start < BOUND
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert result.output.startswith("Error: ")
    return result.output


def caret_column(text: str) -> int:
    """The 1-based column of the caret line of an error message."""
    line = text.rstrip("\n").splitlines()[-1]
    assert line.strip() == "^", text
    return len(line) - len(line.lstrip(" ")) + 1


def both(text, error, *fragments, wrt=None, **decls):
    """The API and CLI (parse, or diff when `wrt` is given) give the same kind of error."""
    if wrt is None:
        err = api_error(lambda: mc.parse(text, **decls), error)
        out = cli_error("parse", text, *[f"-d{k}: {v}" for k, v in decls.items()])
    else:
        err = api_error(lambda: mc.diff(text, wrt, **decls), error)
        out = cli_error("diff", text, "-x", wrt)
    for fragment in fragments:
        assert fragment in str(err) and fragment in out, (fragment, str(err), out)
    return err, out


# ------------------------------------------------------------------------------------
# Empty and huge input
# ------------------------------------------------------------------------------------

def test_empty_input():
    err, out = both("", ParseError, "empty expression", "such as a' * X * b")


def test_only_whitespace():
    both("  \t\n  \n", ParseError, "empty expression", "such as a' * X * b")


def test_one_megabyte_of_input():
    text = "x + " * 250_000 + "x"
    err, out = both(text, ParseError, "input too long", f"limit {MAX_CHARS}")


def test_ten_thousand_nested_parentheses():
    text = "(" * 10_000 + "x" + ")" * 10_000
    err, out = both(text, ParseError, "nested too deeply", f"limit {MAX_DEPTH}")
    assert err.column == MAX_DEPTH + 1 and caret_column(str(err)) > 1


def test_ten_thousand_chained_products():
    text = " * ".join(["A"] * 10_000)
    start = time.perf_counter()
    e = mc.parse(text)
    assert time.perf_counter() - start < BOUND
    assert len(e.factors) == 10_000
    result = CliRunner().invoke(main, ["parse", text])
    assert result.exit_code == 0


def test_ten_thousand_chained_products_that_do_not_fit():
    text = " * ".join(["A", "x'"] * 5_000)
    err, out = both(text, MatcalcError, "at line 1, column")


def test_deeply_nested_postfix_operators():
    text = "alpha" + "^2" * 5_000
    err, out = both(text, ParseError, "nested too deeply", f"limit {MAX_DEPTH}")
    assert caret_column(str(err)) > 1


def test_kronecker_and_elementwise_quotient_chains_are_bounded():
    for n in (300, 5_000):
        for text in (" ⊗ ".join(["X"] * n), " ./ ".join(["X"] * n)):
            err, out = both(text, ParseError)
            assert "nested too deeply" in str(err) or "too long to build" in str(err)


# ------------------------------------------------------------------------------------
# Names and characters
# ------------------------------------------------------------------------------------

def test_unknown_function():
    err, out = both("foo(x) + x", ParseError, "unknown function 'foo'",
                    "The functions are tr, det", "at line 1, column 1")
    assert caret_column(str(err)) == 1


def test_misspelt_function_gets_a_suggestion():
    both("trace2(X)", ParseError, "unknown function", "did you mean")


def test_cyrillic_lookalike():
    err, out = both("x' * \u0430", ParseError, "CYRILLIC SMALL LETTER A", "the ASCII 'a'",
                    "column 6")
    assert caret_column(str(err)) == 6


def test_non_breaking_space():
    err, out = both("x'\u00a0* x", ParseError, "NO-BREAK SPACE", "looks like a space",
                    "column 3")
    assert caret_column(str(err)) == 3


def test_nul_byte():
    err, out = both("x' *\0 x", ParseError, "U+0000 NULL", "column 5",
                    "matcalc reads ASCII")
    assert "\0" not in str(err) and caret_column(str(err)) == 5


def test_huge_numbers():
    both("9" * 5_000 + " * x", ParseError, "number too long")
    both("2^1000000000 * x", ParseError, "number too large")
    both("0^-1 * x", ParseError, "division by zero")
    both("X⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹", ParseError, "exponent too large")


# ------------------------------------------------------------------------------------
# What to differentiate with respect to
# ------------------------------------------------------------------------------------

def test_differentiating_with_respect_to_an_expression():
    both("x' * A * x", DifferentiationError, "with respect to a variable", "x'x",
         wrt="x'x")
    x = mc.vector("x")
    api_error(lambda: mc.diff(x.T @ x, x.T @ x), DifferentiationError)


def test_differentiating_with_respect_to_an_absent_variable():
    both("x' * A * x", DifferentiationError, "y does not occur", "its variables are: A, x",
         wrt="y")


# ------------------------------------------------------------------------------------
# Operators outside their domain
# ------------------------------------------------------------------------------------

NON_SQUARE = {"X": "matrix(n, m)"}


@pytest.mark.parametrize("text, what, column", [
    ("inv(X)", "inverse", 1), ("X^-1", "power -1", 2), ("det(X)", "determinant", 1),
    ("logdet(X)", "log-determinant", 1), ("X^2", "power 2", 2), ("X⁻¹", "power -1", 2),
])
def test_square_only_operators_of_a_non_square_matrix(text, what, column):
    err, out = both(text, ShapeError, what, "X (n×m)", "not square", **NON_SQUARE)
    assert caret_column(str(err)) == column and err.column == column


def test_division_by_a_matrix():
    err, out = both("x / X", ShapeError, "cannot divide", "by a scalar", "inv(B)",
                    x="vector(n)", X="matrix(n)")
    assert err.column == 3


def test_contradictory_declarations():
    text = "x: vector(n); x: matrix(n); x"
    err, out = both(text, DeclarationError, "x is declared twice, differently", "column 15")
    assert caret_column(str(err)) == 15


def test_declaration_contradicting_the_expression():
    err, out = both("X: matrix(n, m); tr(X)", ShapeError, "trace", "not square",
                    "column 18")


def test_declaration_contradicting_another_dimension():
    both("x: vector(n); y: vector(m); x + y", ShapeError, "cannot add", "the shapes differ")


def test_cli_declaration_contradicting_the_text():
    out = cli_error("parse", "x: vector(n); x' * x", "-d", "x: matrix(n)")
    assert "declared twice" in out


# ------------------------------------------------------------------------------------
# Derivatives that would run away
# ------------------------------------------------------------------------------------

def test_matrix_power_with_a_huge_exponent_stops_at_the_size_bound():
    err, out = both("X^100000000", SizeLimitError, "past the bound", "--max-size",
                    "MATCALC_MAX_SIZE", wrt="X")


def test_huge_dimension_is_not_evaluated():
    result = CliRunner().invoke(main, ["diff", "I(100000000) x", "-x", "x"])
    assert result.exit_code == 0 and "too large to evaluate" in result.output


def test_bad_max_size():
    out = cli_error("diff", "x' x", "-x", "x", "--max-size", "0")
    assert "positive integer" in out
