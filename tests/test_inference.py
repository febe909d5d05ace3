"""Inference of undeclared kinds and dimensions (docs/language.md, "Inference")."""
import pytest

from matcalc.core import build as B
from matcalc.language.declarations import format_declaration
from matcalc.core.errors import DeclarationError, ShapeError
from matcalc.language.parse import parse, parse_with_info
from matcalc.core.shapes import as_dim


def decls(text, **kw):
    """The inferred declarations, as the CLI prints them."""
    _, info = parse_with_info(text, **kw)
    return [format_declaration(v) for v in info.values()]


@pytest.mark.parametrize("text, expected", [
    ("a' * X * b", ["a: vector(n)", "X: matrix(n, m)", "b: vector(m)"]),
    ("aᵀXb", ["a: vector(n)", "X: matrix(n, m)", "b: vector(m)"]),
    ("x' * A * x", ["x: vector(n)", "A: matrix(n, n)"]),
    ("tr(X)", ["X: matrix(n, n)"]),
    ("det(X)", ["X: matrix(n, n)"]),
    ("logdet(X)", ["X: matrix(n, n)"]),
    ("inv(X)", ["X: matrix(n, n)"]),
    ("X^-1", ["X: matrix(n, n)"]),
    ("X⁻ᵀ", ["X: matrix(n, n)"]),
    ("X²", ["X: matrix(n, n)"]),
    ("diag(X)", ["X: matrix(n, n)"]),
    ("diag(x)", ["x: vector(n)"]),
    ("alpha", ["alpha: scalar"]),
    ("α x", ["alpha: scalar", "x: vector(n)"]),
    ("Σ", ["Sigma: matrix(n, m)"]),
    ("W x + b", ["W: matrix(n, m)", "x: vector(m)", "b: vector(n)"]),
    ("sigmoid(W2 tanh(W1 x))", ["W2: matrix(n, m)", "W1: matrix(m, k)", "x: vector(k)"]),
    ("A .* B", ["A: matrix(n, m)", "B: matrix(n, m)"]),
    ("A ./ B + C", ["A: matrix(n, m)", "B: matrix(n, m)", "C: matrix(n, m)"]),
    ("x y'", ["x: vector(n)", "y: vector(m)"]),
    ("x' * x * y", ["x: vector(n)", "y: vector(m)"]),
    ("vec(X)' vec(Y)", ["X: matrix(n, m)", "Y: matrix(n, m)"]),
    ("commutation(p, q) vec(X)", ["X: matrix(p, q)"]),
    ("kron(A, B) x", ["A: matrix(n, m)", "B: matrix(k, p)", "x: vector(m*p)"]),
    ("I + x x'", ["x: vector(n)"]),
    ("unvec(v, p, q)", ["v: vector(p*q)"]),
    ("ones(k)' x", ["x: vector(k)"]),
])
def test_inferred_declarations(text, expected):
    assert decls(text) == expected


def test_fresh_names_skip_names_the_user_used():
    assert decls("x: vector(n); A y", x="vector(n)") == [
        "A: matrix(m, k)", "y: vector(k)", "x: vector(n)"]
    assert decls("n' A n") == ["n: vector(m)", "A: matrix(m, m)"]
    assert decls("I(n) + A B C D E F G") [-1] == "G: matrix(d1, n)"


def test_declared_shapes_propagate():
    assert decls("x' A x", x="vector(k)") == ["x: vector(k)", "A: matrix(k, k)"]
    assert decls("S x", S="matrix(3, 4)") == ["S: matrix(3, 4)", "x: vector(4)"]


def test_bare_identity_size_is_inferred():
    assert parse("A + I") == B.add(B.matrix("A", "n"), B.eye("n"))
    assert parse("I x") == B.matmul(B.eye("n"), B.vector("x", "n"))


def test_identity_is_not_reported_as_a_variable():
    assert decls("I + A") == ["A: matrix(n, n)"]


@pytest.mark.parametrize("text, symbol, column", [
    ("a * b", "'b' would have to be a scalar", 3),
    ("a b", "'b' would have to be a scalar", 3),
    ("x^2", "'x' would have to be a scalar", 2),
    ("alpha @ x", "'x' would have to be a scalar", 7),
    ("A .* x", "'A' would have to have a single column", 3),
    ("Xb'", "'X' would have to have a single column", 2),
    ("I * x'", "the identity I would have to be 1×1", 3),
    ("x^(1/2)", "'x' would have to be a scalar", 2),
])
def test_contradictions_name_the_symbol(text, symbol, column):
    with pytest.raises(DeclarationError) as info:
        parse(text)
    err = info.value
    assert symbol in str(err)
    assert err.line == 1 and err.column == column
    assert err.context.splitlines()[1] == " " * (column - 1) + "^"


def test_contradiction_explains_the_fix():
    with pytest.raises(DeclarationError, match=r"declare `b: scalar`"):
        parse("a * b")
    with pytest.raises(DeclarationError, match=r"elementwise power use \.\^"):
        parse("x^2")


def test_declaring_the_scalar_resolves_the_contradiction():
    assert decls("a * b", b="scalar") == ["a: vector(n)", "b: scalar"]


def test_clash_of_declared_dimensions_is_a_shape_error_at_the_operator():
    with pytest.raises(ShapeError) as info:
        parse("X: matrix(n, m); tr(X)")
    assert "not square" in str(info.value) and info.value.column == 18
    with pytest.raises(ShapeError) as info:
        parse("a' b", a="vector(n)", b="vector(m)")
    assert "inner dimensions" in str(info.value) and info.value.column == 4


def test_dims_of_inferred_vars_are_sympy_symbols():
    _, info = parse_with_info("a' * X * b")
    assert info["X"].shape == (as_dim("n"), as_dim("m"))


def test_a_number_added_to_a_vector_or_the_identity_broadcasts():
    """Once a contradiction ('x' would have to be a scalar), now NumPy's broadcasting."""
    assert parse("x + 1") == B.add(B.vector("x", "n"), B.ones("n"))
    assert parse("I + 1") == B.add(B.eye("n"), B.ones("n", "n"))
