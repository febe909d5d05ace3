"""The grammar: every operator, postfix form, function, number form and declaration of
docs/language.md, checked against the same expression built with matcalc.core.build."""
from fractions import Fraction

import pytest

from matcalc.core import build as B
from matcalc.language.declarations import format_declaration
from matcalc.core.expr import Unvec
from matcalc.core.shapes import as_dim
from matcalc.core.errors import MatcalcError
from matcalc.language.parse import parse, parse_declaration, parse_declaration_line, parse_with_info
from matcalc.printing import to_ascii, to_text

# Declared variables used throughout: A, B square n×n; C n×n; x, y vectors; alpha scalar.
A, Bm, C = B.matrix("A", "n"), B.matrix("B", "n"), B.matrix("C", "n")
x, y = B.vector("x", "n"), B.vector("y", "n")
alpha, beta = B.scalar("alpha"), B.scalar("beta")
DECLS = dict(A="matrix(n)", B="matrix(n)", C="matrix(n)", x="vector(n)", y="vector(n)",
             alpha="scalar", beta="scalar")


def p(text, **extra):
    return parse(text, **{**DECLS, **extra})


# ---- binary operators -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("A + B", B.add(A, Bm)),
    ("A - B", B.sub(A, Bm)),
    ("A + B - C", B.sub(B.add(A, Bm), C)),
    ("A * B", B.matmul(A, Bm)),
    ("A @ B", B.matmul(A, Bm)),
    ("A B", B.matmul(A, Bm)),
    ("AB", B.matmul(A, Bm)),
    ("A .* B", B.hadamard(A, Bm)),
    ("A ∘ B", B.hadamard(A, Bm)),
    ("A ./ B", B.hadamard_div(A, Bm)),
    ("A / alpha", B.divide(A, alpha)),
    ("A / B", B.hadamard_div(A, Bm)),
    ("A ⊗ B", B.kron(A, Bm)),
    ("kron(A, B)", B.kron(A, Bm)),
    ("alpha * x", B.scale(alpha, x)),
    ("x * alpha", B.scale(alpha, x)),
    ("2A", B.scale(2, A)),
    ("2 * A", B.scale(2, A)),
    ("-A", B.neg(A)),
    ("--A", A),
    ("A - -B", B.sub(A, B.neg(Bm))),
    ("-A B", B.neg(B.matmul(A, Bm))),
])
def test_binary_operators(text, expected):
    assert p(text) == expected


def test_product_is_left_associative_and_scales_a_1x1_intermediate():
    # (x'x) is 1×1, so it scales y; a right-associated x'(x y) would be malformed
    assert p("x' * x * y") == B.times(B.matmul(B.transpose(x), x), y)


def test_precedence_product_binds_tighter_than_sum_and_postfix_tighter_than_product():
    assert p("A + B C'") == B.add(A, B.matmul(Bm, B.transpose(C)))
    assert p("-A + B") == B.add(B.neg(A), Bm)
    assert p("(A + B)'") == B.transpose(B.add(A, Bm))
    assert p("(A + B)x") == B.matmul(B.add(A, Bm), x)


# ---- postfix operators ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("A'", B.transpose(A)),
    ("A^T", B.transpose(A)),
    ("Aᵀ", B.transpose(A)),
    ("A''", A),
    ("A^-1", B.inv(A)),
    ("A⁻¹", B.inv(A)),
    ("A^-T", B.transpose(B.inv(A))),
    ("A⁻ᵀ", B.transpose(B.inv(A))),
    ("A^2", B.matrix_power(A, 2)),
    ("A²", B.matrix_power(A, 2)),
    ("A³", B.matrix_power(A, 3)),
    ("A⁻²", B.matrix_power(A, -2)),
    ("A^-2", B.matrix_power(A, -2)),
    ("A^0", B.eye("n")),
    ("A .^ 2", B.power(A, 2)),
    ("A.^-1", B.power(A, -1)),
    ("A .^ (1/2)", B.power(A, Fraction(1, 2))),
    ("A.^0.5", B.power(A, Fraction(1, 2))),
    ("alpha^2", B.power(alpha, 2)),
    ("alpha^(1/2)", B.power(alpha, Fraction(1, 2))),
    ("alpha^0.5", B.power(alpha, Fraction(1, 2))),
    ("alpha^-0.5", B.power(alpha, Fraction(-1, 2))),
    ("alpha^(-3/2)", B.power(alpha, Fraction(-3, 2))),
    ("alpha⁻¹", B.power(alpha, -1)),
    ("A'^-1", B.inv(B.transpose(A))),
])
def test_postfix_forms(text, expected):
    assert p(text) == expected


def test_caret_T_followed_by_juxtaposed_names():
    assert p("x^TAy") == B.matmul(B.matmul(B.transpose(x), A), y)


def test_postfix_after_a_split_name_applies_to_its_last_letter():
    assert p("xᵀAx") == B.matmul(B.matmul(B.transpose(x), A), x)
    assert p("AB'") == B.matmul(A, B.transpose(Bm))


# ---- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("2", 2), ("0.5", Fraction(1, 2)), ("1/2", Fraction(1, 2)), ("1/3", Fraction(1, 3)),
    ("-1/2", Fraction(-1, 2)), ("2 * 3", 6), ("1 + 2", 3), ("0.25", Fraction(1, 4)),
])
def test_numbers_fold_to_exact_rationals(text, value):
    assert parse(text) == B.num(Fraction(value))


def test_half_times_matrix():
    assert p("1/2 A") == B.scale(Fraction(1, 2), A)
    assert p("1/2*A") == B.scale(Fraction(1, 2), A)
    assert p("0.5A") == B.scale(Fraction(1, 2), A)
    assert p("(1/3)A") == B.scale(Fraction(1, 3), A)


# ---- functions ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("tr(A)", B.tr(A)), ("det(A)", B.det(A)), ("logdet(A)", B.logdet(A)),
    ("inv(A)", B.inv(A)), ("exp(A)", B.exp(A)), ("log(x)", B.log(x)), ("sin(x)", B.sin(x)),
    ("cos(x)", B.cos(x)), ("tanh(x)", B.tanh(x)), ("sigmoid(x)", B.sigmoid(x)),
    ("softplus(x)", B.softplus(x)), ("sqrt(x)", B.sqrt(x)), ("abs(x)", B.abs_(x)),
    ("sum(A)", B.sum_(A)), ("norm2(x)", B.norm2(x)), ("norm1(x)", B.norm1(x)),
    ("frob(A)", B.frob(A)), ("diag(x)", B.diag(x)), ("diag(A)", B.diag(A)),
    ("vec(A)", B.vec(A)), ("kron(A, x)", B.kron(A, x)),
    ("‖x‖₂", B.norm2(x)), ("‖x‖₁", B.norm1(x)), ("‖A‖_F", B.frob(A)),
    ("‖x‖₂²", B.power(B.norm2(x), 2)),
    ("eye(n)", B.eye("n")), ("I(n)", B.eye("n")), ("I(3)", B.eye(3)), ("Iₙ", B.eye("n")),
    ("Iₘ", B.eye("m")), ("ones(n)", B.ones("n")), ("ones(n, m)", B.ones("n", "m")),
    ("zeros(n)", B.zeros("n")), ("zeros(2, 3)", B.zeros(2, 3)),
    ("commutation(m, n)", B.commutation("m", "n")),
])
def test_functions(text, expected):
    assert p(text) == expected


def test_unvec():
    assert parse("unvec(v, 2, 3)", v="vector(6)") == Unvec(B.vector("v", 6), as_dim(2),
                                                           as_dim(3))


@pytest.mark.parametrize("text, expected", [
    ("I(m*n)", B.eye(as_dim("m") * as_dim("n"))),
    ("I(n^2)", B.eye(as_dim("n") ** 2)),
    ("I(2*n)", B.eye(2 * as_dim("n"))),
    ("zeros(m*n, 1)", B.zeros(as_dim("m") * as_dim("n"), 1)),
    ("ones(n^2, m)", B.ones(as_dim("n") ** 2, "m")),
    ("eye(m*n^2)", B.eye(as_dim("m") * as_dim("n") ** 2)),
    ("commutation(m, n) * I(m*n)", B.matmul(B.commutation("m", "n"),
                                            B.eye(as_dim("m") * as_dim("n")))),
])
def test_constants_of_compound_dimension(text, expected):
    """The sizes vec and kron produce (m·n, n²) as the printers write them."""
    assert p(text) == expected
    for printer in (to_text, to_ascii):
        assert p(printer(expected)) == expected


@pytest.mark.parametrize("text", ["I(n^0)", "zeros(n m)", "zeros(n*0)", "I(n^m)"])
def test_invalid_compound_dimension_is_explained(text):
    with pytest.raises(MatcalcError, match="a product of powers of them"):
        p(text)


def test_nested_functions_and_norms():
    expected = B.add(B.logdet(A), B.tr(B.matmul(B.inv(A), Bm)))
    assert p("logdet(A) + tr(A⁻¹B)") == expected
    assert p("0.5 * norm2(A x - y)^2") == B.scale(
        Fraction(1, 2), B.power(B.norm2(B.sub(B.matmul(A, x), y)), 2))


def test_bare_identity_takes_its_size_from_the_context():
    assert p("A + I") == B.add(A, B.eye("n"))
    assert p("I x") == B.matmul(B.eye("n"), x)


def test_declared_I_is_a_variable():
    assert parse("I x", I="matrix(n)", x="vector(n)") == B.matmul(B.matrix("I", "n"),
                                                                  B.vector("x", "n"))


# ---- greek names and the splitting rule -------------------------------------------------------

def test_greek_symbol_and_spelled_name_are_one_variable():
    e, info = parse_with_info("alpha * x + α * x")
    assert list(info) == ["alpha", "x"]
    assert info["alpha"] == B.scalar("alpha")
    assert e == B.add(B.scale(alpha, x), B.scale(alpha, x))


def test_greek_declared_by_symbol_or_name():
    assert parse("α x", alpha="scalar") == parse("alpha x")
    assert parse("λ", **{"λ": "scalar"}) == B.scalar("lambda")


def test_uppercase_greek_is_a_matrix():
    _, info = parse_with_info("Σ x")
    assert info["Sigma"].shape == (as_dim("n"), as_dim("m"))


@pytest.mark.parametrize("text, decls, expected", [
    ("Xb", {}, ["X", "b"]),
    ("W1x", {}, ["W1", "x"]),
    ("aTb", {"a": "scalar", "b": "scalar"}, ["a", "T", "b"]),     # aTb is not special
    ("xy2z", {"x": "scalar", "y2": "scalar"}, ["x", "y2", "z"]),
    ("αx", {}, ["alpha", "x"]),
    ("IX", {}, ["X"]),
])
def test_undeclared_names_split_into_one_letter_units(text, decls, expected):
    _, info = parse_with_info(text, **decls)
    assert list(info)[:len(expected)] == expected


def test_split_product_equals_explicit_product():
    assert parse("aᵀXb") == parse("a' * X * b")
    assert parse("IX") == parse("I * X")


def test_declared_names_are_never_split():
    e, info = parse_with_info("Wx", Wx="matrix(n)")
    assert e == B.matrix("Wx", "n") and list(info) == ["Wx"]


def test_greek_names_and_names_with_underscores_are_not_split():
    _, info = parse_with_info("eta * W_out x")
    assert list(info) == ["eta", "W_out", "x"]


def test_loss_space_x_versus_lossx():
    decl = {"loss": "scalar"}
    assert parse("loss x", **decl) == B.scale(B.scalar("loss"), B.vector("x", "n"))


# ---- declarations --------------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    ("scalar", B.scalar("v")),
    ("vector(n)", B.vector("v", "n")),
    ("vector(3)", B.vector("v", 3)),
    ("matrix(n)", B.matrix("v", "n")),
    ("matrix(n, m)", B.matrix("v", "n", "m")),
    ("matrix(n, n) symmetric", B.matrix("v", "n", symmetric=True)),
    ("matrix(n) spd", B.matrix("v", "n", spd=True)),
    ("matrix(n) diagonal", B.matrix("v", "n", diagonal=True)),
    ("matrix(n) invertible", B.matrix("v", "n", invertible=True)),
    ("matrix(n) symmetric, invertible", B.matrix("v", "n", symmetric=True, invertible=True)),
    ("matrix(n) symmetric invertible", B.matrix("v", "n", symmetric=True, invertible=True)),
])
def test_parse_declaration(spec, expected):
    assert parse_declaration("v", spec) == expected


def test_declarations_in_the_text():
    e, info = parse_with_info("x: vector(n); A: matrix(n) symmetric; x' * A * x")
    S = B.matrix("A", "n", symmetric=True)
    assert e == B.matmul(B.matmul(B.transpose(x), S), x)
    assert info["A"] == S


def test_declarations_on_lines():
    text = "\nx: vector(k)\nS: matrix(k) spd\n\nx' S x\n"
    _, info = parse_with_info(text)
    assert info["S"] == B.matrix("S", "k", spd=True)


def test_declaration_line_and_format_round_trip():
    for line in ("x: vector(n)", "S: matrix(n, n) spd", "alpha: scalar",
                 "X: matrix(n, m)", "D: matrix(n, n) diagonal"):
        var = parse_declaration_line(line)
        assert format_declaration(var) == line


def test_keyword_declaration_may_be_a_var():
    assert parse("x", x=B.vector("x", "k")) == B.vector("x", "k")


def test_same_declaration_twice_is_fine():
    assert parse("x: vector(n); x", x="vector(n)") == x


# ---- long chains are built in runs; the result must equal the plain left fold -------------------

_ATOMS = {"A": A, "C": C, "alpha": alpha, "beta": beta, "2": B.num(2),
          "(2A)": B.scale(2, A), "(alpha C)": B.scale(alpha, C),
          "(x' A x)": B.matmul(B.matmul(B.transpose(x), A), x),
          "(x' y)": B.matmul(B.transpose(x), y), "(x y')": B.matmul(x, B.transpose(y))}
_OPS = {"*": B.times, "@": B.matmul, ".*": B.hadamard}


def _random_chains(seed, count):
    import random
    rng = random.Random(seed)
    for _ in range(count):
        names = [rng.choice(list(_ATOMS)) for _ in range(rng.randint(17, 40))]
        ops = [rng.choice(["*"] * 12 + ["@", ".*"]) for _ in names[1:]]
        yield names, ops


def test_long_chains_equal_the_left_fold():
    checked = 0
    for names, ops in _random_chains(1, 1500):
        try:
            expected = _ATOMS[names[0]]
            for op, name in zip(ops, names[1:]):
                expected = _OPS[op](expected, _ATOMS[name])
        except Exception:
            continue                       # an ill-shaped chain: nothing to compare
        text = names[0] + "".join(f" {op} {name}" for op, name in zip(ops, names[1:]))
        assert p(text) == expected, text
        checked += 1
    assert checked > 100


def test_long_sums_equal_the_left_fold():
    import random
    rng = random.Random(2)
    for _ in range(200):
        terms = [rng.choice(["alpha", "2", "1/2", "(x' y)", "beta"]) for _ in range(30)]
        signs = [rng.choice("+-") for _ in terms[1:]]
        expected = p(terms[0])
        for s, t in zip(signs, terms[1:]):
            expected = B.add(expected, p(t)) if s == "+" else B.sub(expected, p(t))
        text = terms[0] + "".join(f" {s} {t}" for s, t in zip(signs, terms[1:]))
        assert p(text) == expected, text
