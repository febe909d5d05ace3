"""Unicode and ASCII text: every node type, minimal parentheses, spacing between names."""
from fractions import Fraction

import pytest

import matcalc as mc
from matcalc.core import build as B
from matcalc.core.expr import Delta, Unvec
from matcalc.printing import to_ascii, to_text

a, b, x, y, z = (B.vector(v) for v in "abxyz")
c = B.vector("c", "m")
A, C, X, Y = (B.matrix(v) for v in "ACXY")
W1 = B.matrix("W1", "n", "m")
S = B.matrix("S", "n", spd=True)
alpha, beta, s = B.scalar("alpha"), B.scalar("beta"), B.scalar("s")
loss = B.scalar("loss")
half, third = B.num(Fraction(1, 2)), B.num(Fraction(1, 3))

# (expression, unicode, ASCII): one row per node type, then the compound forms
NODES = [
    (X, "X", "X"),
    (alpha, "α", "alpha"),
    (W1, "W1", "W1"),
    (B.num(2), "2", "2"),
    (B.num(-2), "-2", "-2"),
    (half, "0.5", "1/2"),
    (third, "1/3", "1/3"),
    (B.zeros("n"), "zeros(n)", "zeros(n)"),
    (B.zeros("n", "m"), "zeros(n, m)", "zeros(n, m)"),
    (B.ones("n"), "ones(n)", "ones(n)"),
    (B.ones("n", "m"), "ones(n, m)", "ones(n, m)"),
    (B.eye("n"), "Iₙ", "I(n)"),
    (B.eye(3), "I₃", "I(3)"),
    (B.eye("q"), "I(q)", "I(q)"),                   # no subscript q in unicode
    (B.commutation("m", "n"), "commutation(m, n)", "commutation(m, n)"),
    (A + X, "A + X", "A + X"),
    (A - X, "A - X", "A - X"),
    (A @ X, "AX", "A*X"),
    (a.T @ X @ b, "aᵀXb", "a'*X*b"),
    (2 * X, "2X", "2*X"),
    (half * X, "0.5X", "1/2*X"),
    (third * X, "(1/3)X", "1/3*X"),
    (-X, "-X", "-X"),
    (-third * X, "-(1/3)X", "-1/3*X"),
    (alpha * X, "αX", "alpha*X"),
    (X / alpha, "X/α", "X/alpha"),
    (X.T, "Xᵀ", "X'"),
    (B.inv(X), "X⁻¹", "X^-1"),
    (B.inv(X).T, "X⁻ᵀ", "X^-T"),
    (B.tr(X), "tr(X)", "tr(X)"),
    (B.det(X), "det(X)", "det(X)"),
    (B.logdet(S), "logdet(S)", "logdet(S)"),
    (B.hadamard(A, X), "A ∘ X", "A .* X"),
    (B.hadamard_div(A, X), "A ./ X", "A ./ X"),
    (B.kron(A, X), "A ⊗ X", "kron(A, X)"),
    (B.matrix_power(X, 2), "X²", "X^2"),
    (B.matrix_power(X, 12), "X¹²", "X^12"),
    (B.exp(x), "exp(x)", "exp(x)"),
    (B.sigmoid(x), "sigmoid(x)", "sigmoid(x)"),
    (mc.abs(x), "abs(x)", "abs(x)"),
    (x ** 2, "x.^2", "x.^2"),
    (x ** half, "x.^(1/2)", "x.^(1/2)"),
    (x ** third, "x.^(1/3)", "x.^(1/3)"),
    (x ** -1, "x.^-1", "x.^-1"),
    (alpha ** 2, "α²", "alpha^2"),
    (alpha ** -2, "α⁻²", "alpha^-2"),
    (alpha ** half, "α^(1/2)", "alpha^(1/2)"),
    (alpha ** -1, "1/α", "1/alpha"),
    (B.diag(x), "diag(x)", "diag(x)"),
    (B.diag(X), "diag(X)", "diag(X)"),
    (B.vec(X), "vec(X)", "vec(X)"),
    (Unvec(B.vec(W1), W1.rows, W1.cols),
     "unvec(vec(W1), n, m)", "unvec(vec(W1), n, m)"),
    (B.sum_(X), "sum(X)", "sum(X)"),
    (B.norm2(x), "‖x‖₂", "norm2(x)"),
    (B.frob(X), "‖X‖_F", "frob(X)"),
    (B.norm1(x), "‖x‖₁", "norm1(x)"),
]


@pytest.mark.parametrize("e, unicode, ascii", NODES, ids=[u for _, u, _ in NODES])
def test_every_node_type(e, unicode, ascii):
    assert to_text(e) == unicode
    assert to_ascii(e) == ascii


def test_delta_prints_as_d_and_the_name():
    assert to_text(Delta(X)) == "dX"
    assert to_text(Delta(alpha)) == "dα"
    assert to_ascii(Delta(alpha)) == "dalpha"
    assert to_text(B.tr(B.inv(X) @ Delta(X))) == "tr(X⁻¹dX)"


PARENTHESES = [
    ((A + X) @ x, "(A + X)x", "(A + X)*x"),
    (A @ (X + C), "A(X + C)", "A*(X + C)"),
    (-(A + X), "-(A + X)", "-(A + X)"),
    ((A @ X).T, "(AX)ᵀ", "(A*X)'"),
    ((a.T @ b) * c, "(aᵀb)c", "(a'*b)*c"),
    (B.tr(A @ X).T, "tr(AX)ᵀ", "tr(A*X)'"),
    (B.matrix_power(B.inv(X), 2), "(X⁻¹)²", "(X^-1)^2"),
    (B.inv(B.matrix_power(X, 2)), "(X²)⁻¹", "(X^2)^-1"),
    (B.inv(X.T), "(Xᵀ)⁻¹", "(X')^-1"),
    (B.transpose(B.inv(A @ X)), "(AX)⁻ᵀ", "(A*X)^-T"),
    (2 * (A + X), "2(A + X)", "2*(A + X)"),
    ((A + X) / alpha, "(A + X)/α", "(A + X)/alpha"),
    (X / (a.T @ b), "X/(aᵀb)", "X/(a'*b)"),
    (X / (alpha * beta), "X/(αβ)", "X/(alpha*beta)"),
    (2 * X / alpha, "2X/α", "2*X/alpha"),
    (B.scale(2 * alpha, X), "2αX", "2*alpha*X"),
    (B.scale(-2 * alpha, X), "-2αX", "-2*alpha*X"),
    (A - 2 * X, "A - 2X", "A - 2*X"),
    (A - (X + C), "A - (X + C)", "A - (X + C)"),
    (alpha - third, "α - 1/3", "alpha - 1/3"),
    (B.add(2, B.add(2, alpha)), "2 + (2 + α)", "2 + (2 + alpha)"),  # 2 + 2 + α is 4 + α
    ((alpha + beta) ** 2, "(α + β)²", "(alpha + beta)^2"),
    ((a.T @ b) ** 2, "(aᵀb)²", "(a'*b)^2"),
    (B.norm2(x) ** 2, "‖x‖₂²", "norm2(x)^2"),
    (B.power(x + y, 2), "(x + y).^2", "(x + y).^2"),
    (B.power(x.T, 2), "(xᵀ).^2", "(x').^2"),
    (B.hadamard(2 * A, X), "(2A) ∘ X", "(2*A) .* X"),
    (B.hadamard(A @ X, C), "(AX) ∘ C", "(A*X) .* C"),
    (B.hadamard(A, X) @ C, "(A ∘ X)C", "(A .* X)*C"),
    (-B.hadamard(A, X), "-A ∘ X", "-A .* X"),
    (B.hadamard_div(B.hadamard_div(A, X), C), "A ./ X ./ C", "A ./ X ./ C"),
    (B.hadamard_div(A, B.hadamard_div(X, C)), "A ./ (X ./ C)", "A ./ (X ./ C)"),
    (B.kron(B.kron(A, X), C), "A ⊗ X ⊗ C", "kron(kron(A, X), C)"),
    (B.kron(A, B.kron(X, C)), "A ⊗ (X ⊗ C)", "kron(A, kron(X, C))"),
    (B.kron(A + X, C).T, "((A + X) ⊗ C)ᵀ", "kron(A + X, C)'"),
    # a 1×1 partial product on the left would make the rest a scaling: yᵀ(xzᵀ)
    (y.T @ (x @ z.T), "yᵀ(xzᵀ)", "y'*(x*z')"),
    ((y.T @ x) * z.T, "(yᵀx)zᵀ", "(y'*x)*z'"),
    (alpha @ (a.T @ b), "αaᵀb", "alpha*a'*b"),
    (B.inv(alpha), "inv(α)", "inv(alpha)"),           # α⁻¹ reads back as the power 1/α
    (B.inv(alpha).T, "inv(α)ᵀ", "inv(alpha)'"),
    (B.tr(X) * x, "tr(X)x", "tr(X)*x"),
]


@pytest.mark.parametrize("e, unicode, ascii", PARENTHESES, ids=[u for _, u, _ in PARENTHESES])
def test_minimal_parentheses(e, unicode, ascii):
    assert to_text(e) == unicode
    assert to_ascii(e) == ascii


SPACING = [
    (loss * x, "loss x"),                              # a multi-letter name stands apart
    (X @ W1 @ c, "XW1c"),                              # W1 is one unit: XW1c splits back
    (alpha * B.tr(X), "α tr(X)"),                      # αtr(X) would be one name, αtr
    (X @ B.eye("n"), "X Iₙ"),                          # XIₙ would lex as XI
    (B.eye("n") @ x, "Iₙx"),
    (B.frob(X) * X, "‖X‖_F X"),
    (B.norm2(x) * X, "‖x‖₂X"),
    (2 * B.exp(x), "2exp(x)"),
    (B.scale(3, B.matmul(alpha, B.power(2, half))), "3α(2^(1/2))"),
    (B.matmul(alpha, B.power(2, half)), "α(2^(1/2))"),   # α2^(1/2) would be the name α2
]


@pytest.mark.parametrize("e, unicode", SPACING, ids=[u for _, u in SPACING])
def test_spaces_only_where_names_would_run_together(e, unicode):
    assert to_text(e) == unicode


def test_juxtaposed_letters_that_spell_a_word_are_spaced():
    e_, t_, a_ = B.scalar("e"), B.scalar("t"), B.vector("a")
    assert to_text(B.scale(B.matmul(e_, t_), a_)) == "et a"      # eta is the greek η
    m_, u_ = B.scalar("m"), B.vector("u")
    assert to_text(m_ * u_) == "m u"                              # mu
    ab = B.scalar("ab")
    assert to_text(B.matmul(B.scalar("a"), B.scalar("b")) + ab) == "a b + ab"


def test_greek_names_print_as_letters_in_unicode_only():
    theta, Sigma = B.vector("theta"), B.matrix("Sigma", spd=True)
    lam2 = B.scalar("lambda2")
    assert to_text(theta.T @ Sigma @ theta) == "θᵀΣθ"
    assert to_ascii(theta.T @ Sigma @ theta) == "theta'*Sigma*theta"
    assert to_text(lam2 * X) == "λ2X"


def test_str_is_unicode_text_and_methods_are_installed():
    e = a.T @ X @ b
    assert str(e) == "aᵀXb"
    assert e.to_ascii() == "a'*X*b"
    assert e.to_latex() == r"\mathbf{a}^\top \mathbf{X} \mathbf{b}"
    assert e._repr_latex_() == r"$\mathbf{a}^\top \mathbf{X} \mathbf{b}$"
    assert repr(e) == "<Expr aᵀXb  (scalar)>"                # one line (issue 13 §4)
