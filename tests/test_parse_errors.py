"""Every kind of bad input gives a MatcalcError with a message, a line, a column and a caret."""
import time

import pytest

from matcalc.core.errors import DeclarationError, MatcalcError, ParseError, ShapeError
from matcalc.language.parse import MAX_CHARS, MAX_DEPTH, parse, parse_declaration


def error(text, cls=MatcalcError, **decls):
    with pytest.raises(cls) as info:
        parse(text, **decls)
    return info.value


def caret_column(err) -> int:
    return err.context.splitlines()[1].index("^") + 1


# ---- syntax errors ----------------------------------------------------------------------

@pytest.mark.parametrize("text, message, column", [
    ("a *", "unexpected end of input; expected an operand", 3),
    ("a + )", "unexpected ')'; expected an operand", 5),
    ("(a", "unexpected end of input; expected ')'", 2),
    ("2 $ 3", "unexpected character '$'", 3),
    ("tr x", "unexpected name 'x'; expected '('", 4),
    ("x.^*", "unexpected '*'; expected '(', '-', a name or a number", 4),
    ("A^", "unexpected end of input; expected '(', '-', 'T', a name or a number", 2),
    ("x; y", "expected the end of the input (matcalc reads one expression", 4),
    ("x: vector(n)", "the declarations must be followed by the expression", 12),
    ("‖x", "unexpected end of input", 2),      # ‖x‖ is the Euclidean norm: ‖x is unclosed
    ("a + * b", "unexpected '*'; expected an operand", 5),
])
def test_syntax_errors(text, message, column):
    err = error(text, ParseError)
    assert message in str(err)
    assert err.line == 1 and err.column == column and caret_column(err) == column


def test_error_on_a_later_line():
    err = error("x: vector(n)\nA: matrix(n)\nx' A + )", ParseError)
    assert err.line == 3 and err.column == 8
    assert err.context.splitlines()[0] == "x' A + )"


def test_message_is_one_paragraph_then_the_caret():
    text = str(error("a +", ParseError))
    paragraph, context = text.split("\n\n")
    assert "\n" not in paragraph and context == "a +\n  ^"


@pytest.mark.parametrize("text, message", [
    ("", "empty expression"), ("   ", "empty expression"), ("\n\n", "empty expression"),
    (" ; ", "empty expression"),
])
def test_empty_input(text, message):
    assert message in str(error(text, ParseError))


# ---- unknown functions, arity, exponents -----------------------------------------------------

@pytest.mark.parametrize("text, guess", [
    ("trace(X)", "tr"), ("inverse(X)", "inv"), ("logdett(X)", "logdet"), ("nrom2(x)", "norm2"),
    ("sigmod(x)", "sigmoid"),
])
def test_unknown_function_suggests_the_close_one(text, guess):
    err = error(text, ParseError)
    name = text.split("(")[0]
    assert f"unknown function '{name}'; did you mean '{guess}'?" in str(err)
    assert err.column == 1 and caret_column(err) == 1


def test_unknown_function_after_an_operator_points_at_it():
    err = error("x' trace(X) x", ParseError)
    assert err.column == 4


@pytest.mark.parametrize("text, message", [
    ("kron(A)", "kron takes 2 arguments, not 1"),
    ("tr(A, B)", "tr takes 1 argument, not 2"),
    ("ones(n, m, k)", "ones takes 1 or 2 arguments, not 3"),
    ("eye(x + y)", "invalid dimension 'x + y'"),
    ("x.^(A*y)", "'A' would have to have a single row"),
    ("x: vector(n); v: vector(n); x.^v", "an exponent must be a scalar"),
    ("alpha^(1/0)", "division by zero in an exponent"),
])
def test_bad_arguments(text, message):
    assert message in str(error(text))


# ---- declarations ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, message, column", [
    ("x: vectr(n); x", "unknown type 'vectr' in the declaration of x; did you mean 'vector'?", 4),
    ("A: matrix(n) spdd; A", "unknown property 'spdd' of A; did you mean 'spd'?", 14),
    ("A: matrix(n, m) spd; A", "spd needs a square matrix", 17),
    ("x: vector(0); x", "invalid dimension '0'", 11),
    ("x: vector(n) symmetric; x", "vector cannot have properties", 14),
    ("x: vector(n, m); x", "vector takes one dimension", 4),
    ("s: scalar(n); s", "scalar takes no dimensions", 4),
    ("x: vector(n); x: vector(m); x", "x is declared twice, differently", 15),
])
def test_declaration_errors(text, message, column):
    err = error(text, DeclarationError)
    assert message in str(err)
    assert err.column == column and caret_column(err) == column


def test_keyword_declaration_errors_name_the_keyword():
    with pytest.raises(DeclarationError, match=r"in the declaration X='matrx\(n\)'"):
        parse("X", X="matrx(n)")
    with pytest.raises(ParseError):
        parse_declaration("X", "matrix(n")


# ---- shape errors from the builder carry the operator's position --------------------------------

@pytest.mark.parametrize("text, decls, column", [
    ("a' b", dict(a="vector(n)", b="vector(m)"), 4),
    ("x + y", dict(x="vector(n)", y="vector(m)"), 3),
    ("A B", dict(A="matrix(n, m)", B="matrix(k, p)"), 3),
    ("tr(A)", dict(A="matrix(n, m)"), 1),
    ("A^-1", dict(A="matrix(n, m)"), 2),
    ("A / B", dict(A="matrix(n)", B="matrix(m)"), 3),
    ("1/0", {}, 2),
])
def test_shape_errors_point_at_the_operator(text, decls, column):
    err = error(text, ShapeError, **decls)
    assert err.line == 1 and err.column == column and caret_column(err) == column


# ---- robustness ------------------------------------------------------------------------------

@pytest.mark.parametrize("char, name, ascii_", [
    ("\u0430", "U+0430 CYRILLIC SMALL LETTER A", "the ASCII 'a'"),
    ("\u0445", "U+0445 CYRILLIC SMALL LETTER HA", "the ASCII 'x'"),
    ("\u00a0", "U+00A0 NO-BREAK SPACE", "a space"),
    ("\u2013", "U+2013 EN DASH", "'-'"),          # (U+2212 MINUS SIGN is read as '-')
    ("\u2019", "U+2019 RIGHT SINGLE QUOTATION MARK", "\"'\""),
    ("\x00", "U+0000 NULL", None),
    ("\uff38", "U+FF38 FULLWIDTH LATIN CAPITAL LETTER X", "'X'"),
])
def test_stray_characters_are_named_with_their_column(char, name, ascii_):
    err = error("x + " + char, ParseError)
    assert name in str(err)
    if ascii_:
        assert f"it looks like {ascii_}" in str(err)
    assert err.column == 5 and caret_column(err) == 5


def test_nesting_limit():
    ok = "(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH
    assert parse(ok) == parse("x")
    err = error("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), ParseError)
    assert f"nested too deeply (limit {MAX_DEPTH})" in str(err)
    assert err.column == MAX_DEPTH + 1


def test_deep_function_nesting_is_fine_below_the_limit():
    text = "tr(" * (MAX_DEPTH - 1) + "X" + ")" * (MAX_DEPTH - 1)
    assert parse(text).shape == parse("tr(X)").shape


def test_long_prefix_and_postfix_chains_do_not_recurse():
    assert parse("-" * 5000 + "x") == parse("x")
    assert parse("X" + "'" * 5001) == parse("X'")


def test_huge_input_is_refused_quickly():
    start = time.perf_counter()
    err = error("x+" * 500_000 + "x", ParseError)
    assert f"limit {MAX_CHARS}" in str(err)
    assert time.perf_counter() - start < 10      # ten times the time measured, loaded


def test_ten_thousand_factor_chain_is_fast():
    for text, decls in (("*".join(["A"] * 10_000), {}),
                        ("*".join(["a"] * 10_000), {"a": "scalar"}),
                        ("+".join(["x"] * 10_000), {})):
        start = time.perf_counter()
        parse(text, **decls)
        assert time.perf_counter() - start < 20       # ~0.5 s idle, 2 s loaded: ten times that


def test_long_mixed_chain_is_bounded():
    start = time.perf_counter()
    with pytest.raises(ParseError, match="too long to build"):
        parse("*".join(["x'", "x"] * 3000))
    assert time.perf_counter() - start < 50      # ten times the time measured, loaded


@pytest.mark.parametrize("text", ["(", ")", "‖", "^", "'", "x'''^", "ᵀ", "⁻", "‖x‖₃", "x..y",
                                  "1..2", "I(", "I()", "f(x", ":", "x:", "x: ;x", "\t", "@",
                                  "x ⊗", "2 .^", "tr()", "x: matrix(); x"])
def test_only_matcalc_errors_escape(text):
    with pytest.raises(MatcalcError):
        parse(text)


def test_non_string_input():
    with pytest.raises(ParseError, match="must be a string"):
        parse(42)
