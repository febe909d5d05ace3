"""Constants sized by context (vector(c), matrix(c), 𝟏) and symbolic exponents (a^b, x.^p,
2^alpha, X^k), issue 10 items 3 and 4's 𝟏: parsing and inference, the printed forms and the
rule for 𝟏 (core/sized_ones.py), printers reading back, LaTeX compiled, derivatives against
finite differences in all three layouts, Hessians, and generated code. The issue's own inputs
(a^b, x.^alpha, 2^alpha, det(X^k), typed as quoted) are tests/test_matrixcalculus_org.py's."""
import shutil
import subprocess

import pytest

import matcalc as mc
from conftest import assert_derivative, assert_numeric
from matcalc.core import build as B
from matcalc.printing import to_ascii, to_latex, to_text
from test_codegen import check_generated


# ====================================================================================
# vector(c), matrix(c), 𝟏: constants of inferred size
# ====================================================================================

@pytest.mark.parametrize("text, same_as", [
    ("x + vector(1)", "x + ones(n)"),
    ("x + vector(2)", "x + 2*ones(n)"),
    ("x + vector(alpha)", "x + alpha*ones(n)"),
    ("A .* matrix(3)", "A .* (3*ones(n, m))"),
    ("𝟏 - y", "ones(n) - y"),
    ("𝟏ᵀy", "ones(n)' * y"),
    ("X𝟏", "X * ones(m)"),
    ("A - 𝟏", "A - ones(n, m)"),
    ("(𝟏ᵀy) x", "(ones(n)' * y) * x"),
])
def test_constants_are_ones_of_the_size_the_context_gives(text, same_as):
    assert mc.parse(text) == mc.parse(same_as)


@pytest.mark.parametrize("text, message", [
    ("sum(vector(1))", "the size of vector(c) cannot be inferred"),
    ("matrix(1)", "the size of matrix(c) cannot be inferred"),
    ("-𝟏", "the size of 𝟏 cannot be inferred"),
    ("vector(x) + y", "'x' would have to be a scalar"),
    ("x: vector(n); vector(x) + x", "vector(c) needs a scalar c"),
    ("vector(1, 2)", "vector(c) takes one argument"),
])
def test_constants_that_cannot_be_built_say_why_and_where(text, message):
    with pytest.raises(mc.MatcalcError, match=message.replace("(", r"\(").replace(")", r"\)")) \
            as err:
        mc.parse(text)
    assert "^" in str(err.value)                       # a caret under the position


# ====================================================================================
# The printed 𝟏: where its size is clear
# ====================================================================================

n, m = "n", "m"
x, y = B.vector("x", n), B.vector("y", n)
X, A = B.matrix("X", m, n), B.matrix("A", n, m)
alpha = B.scalar("alpha")
ONES = B.ones(n)


@pytest.mark.parametrize("e, unicode, latex", [
    (B.sub(ONES, y), "𝟏 - y", r"\mathbf{1} - \mathbf{y}"),
    (B.add(x, B.scale(alpha, ONES)), "x + α𝟏", r"\mathbf{x} + \alpha \mathbf{1}"),
    (B.sub(A, B.scale(2, B.ones(n, m))), "A - 2𝟏", r"\mathbf{A} - 2 \mathbf{1}"),
    (B.hadamard_div(ONES, x), "𝟏 ./ x", r"\mathbf{1} \oslash \mathbf{x}"),
    (B.matmul(X, ONES), "X𝟏", r"\mathbf{X} \mathbf{1}"),
    (B.matmul(B.transpose(ONES), y), "𝟏ᵀy", r"\mathbf{1}^\top \mathbf{y}"),
    # no partner fixes the size: the size is printed
    (ONES, "ones(n)", r"\mathbf{1}_{n}"),
    (B.ones(n, m), "ones(n, m)", r"\mathbf{1}_{n \times m}"),
    (B.exp(ONES), "exp(ones(n))", r"\exp(\mathbf{1}_{n})"),
    (B.scale(alpha, ONES), "α ones(n)", r"\alpha \mathbf{1}_{n}"),
    (B.matmul(ONES, B.transpose(ONES)), "ones(n)ones(n)ᵀ",
     r"\mathbf{1}_{n} \mathbf{1}_{n}^\top"),
    (B.matmul(ONES, B.transpose(x)), "ones(n)xᵀ", r"\mathbf{1}_{n} \mathbf{x}^\top"),
])
def test_ones_prints_bare_where_its_size_is_clear(e, unicode, latex):
    assert to_text(e) == unicode
    assert to_latex(e) == latex
    assert "𝟏" not in to_ascii(e)                      # ASCII always writes ones(n)
    decls = {"x": "vector(n)", "y": "vector(n)", "X": "matrix(m, n)", "A": "matrix(n, m)",
             "alpha": "scalar"}
    used = {v.name for v in e.free_symbols}
    decls = {k: v for k, v in decls.items() if k in used}
    assert mc.parse(to_text(e), **decls) == e
    assert mc.parse(to_ascii(e), **decls) == e


def test_one_node_in_two_places_prints_by_place():
    e = B.add(B.sub(ONES, y), B.scale(B.matmul(B.transpose(ONES), y), x))
    assert to_text(e) == "𝟏 - y + (𝟏ᵀy)x"
    assert mc.parse(to_text(e), x="vector(n)", y="vector(n)") == e


#: derivatives that print a bare 𝟏 (test_derivatives_print_as_the_textbook)
BARE_ONES_PRINTED = [
    ("sum(log(1 + exp(-y .* (X*w))))", "w", "-Xᵀ(y ∘ sigmoid(-y ∘ (Xw)))"),
    ("y' * log(sigmoid(X*w)) + (1 - y)' * log(1 - sigmoid(X*w))", "w",
     "Xᵀ(y - sigmoid(Xw))"),
    ("sum(tanh(W * x))", "W", "(𝟏 - tanh(Wx).^2)xᵀ"),
]


# ====================================================================================
# Symbolic exponents
# ====================================================================================

@pytest.mark.parametrize("text, decls, unicode, ascii, latex", [
    ("a^b", {}, "aᵇ", "a^b", "a^{b}"),
    ("x.^alpha", {}, "x.^α", "x.^alpha", r"\mathbf{x}^{\circ \alpha}"),
    ("2^alpha", {}, "2ᵅ", "2^alpha", r"2^{\alpha}"),
    ("X^k", {}, "Xᵏ", "X^k", r"\mathbf{X}^{k}"),
    ("x.^(p - 1)", {}, "x.^(p - 1)", "x.^(p - 1)", r"\mathbf{x}^{\circ p - 1}"),
    ("a^(b*c)", {}, "a^(bc)", "a^(b*c)", "a^{b c}"),
    ("s^q", {"s": "scalar", "q": "scalar"}, "s^q", "s^q", "s^{q}"),
    ("x.^-alpha", {}, "x.^(-α)", "x.^(-alpha)", r"\mathbf{x}^{\circ -\alpha}"),
    ("det(X^k)", {}, "det(X)ᵏ", "det(X)^k", r"\det(\mathbf{X})^{k}"),
])
def test_symbolic_powers_print_and_read_back(text, decls, unicode, ascii, latex):
    e = mc.parse(text, **decls)
    assert (to_text(e), to_ascii(e), to_latex(e)) == (unicode, ascii, latex)
    assert mc.parse(unicode, **decls) == e and mc.parse(ascii, **decls) == e


def test_a_name_after_caret_is_one_exponent_and_T_stays_the_transpose():
    assert mc.parse("x^TAy") == mc.parse("x' * A * y")
    assert mc.parse("a^b c", c="vector(n)") == mc.parse("(a^b) * c", c="vector(n)")
    assert mc.parse("x.^alpha", alpha="scalar") == mc.parse("x.^α")


@pytest.mark.parametrize("text, message", [
    ("x.^A", "'A' would have to have a single row"),
    ("x: vector(n); v: vector(n); x.^v", "an exponent must be a scalar"),
    ("x: vector(n); x^k", "not square; for an elementwise power use"),
    ("A: matrix(n, m); A^k", "square"),
])
def test_bad_symbolic_powers_are_refused(text, message):
    with pytest.raises(mc.MatcalcError, match=message):
        mc.parse(text)


# (a^b by b, 2^alpha, x.^alpha and det(X^k) by X in every layout: test_matrixcalculus_org.py)
@pytest.mark.parametrize("text, wrt", [
    ("a^b", "a"), ("sum((A*x).^p)", "x"), ("sum((A*x).^p)", "p"),
    ("(W*x).^beta", "W"), ("X.^k", "X"), ("det(X^k)", "k"),
    ("logdet(X^k)", "X"), ("x.^(2*alpha + 1)", "alpha"), ("a^(b*c)", "c"),
])
def test_symbolic_power_derivatives_agree_with_finite_differences(text, wrt, layout):
    assert_numeric(mc.diff(text, wrt, layout))


#: symbolic powers' derivatives as printed (a^b by a, det(X^k) by X: test_matrixcalculus_org.py)
POWERS_PRINTED = [
    ("sum(x.^p)", "x", "px.^(p - 1)"),
    ("logdet(X^k)", "X", "kX⁻ᵀ"),
]


@pytest.mark.parametrize("text, wrt, printed", BARE_ONES_PRINTED + POWERS_PRINTED)
def test_derivatives_print_as_the_textbook(text, wrt, printed):
    assert_derivative(mc.diff(text, wrt), printed)


@pytest.mark.parametrize("text, wrt", [
    ("a^b", "a"), ("a^b", "b"), ("sum(x.^alpha)", "x"), ("sum(x.^alpha)", "alpha"),
    ("det(X^k)", "X"),
])
def test_hessians(text, wrt):
    assert_numeric(mc.hessian(text, wrt))


@pytest.mark.parametrize("text, wrt", [("tr(X^k)", "X"), ("a' * X^k * b", "X"),
                                       ("tr(X^k)", "k")])
def test_matrix_power_by_a_symbol_is_refused_with_what_works(text, wrt):
    with pytest.raises(mc.DifferentiationError, match="no closed form in matrix notation"):
        mc.diff(text, wrt)


@pytest.mark.parametrize("target", ["numpy"])
@pytest.mark.parametrize("text, wrt", [("sum(x.^alpha)", ["x", "alpha"]),
                                       ("a^b + 2^b", ["a", "b"]), ("det(X^k)", "X")])
def test_generated_code(text, wrt, target):
    check_generated(text, wrt, target=target)


def test_latex_compiles(tmp_path):
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex not found: install LaTeX to run the tests"
    parts = []
    for text, wrt in [("a^b", "a"), ("sum(x.^alpha)", "x"), ("det(X^k)", "X"),
                      ("sum(log(exp(-y.*(X*w)) + vector(1)))", "w"), ("sum(tanh(W * x))", "W"),
                      ("sum(A + 2 * matrix(1)) + 𝟏ᵀx", "x")]:
        d = mc.diff(text, wrt)
        parts.append(rf"\[ {mc.parse(text).to_latex()} \;\to\; {d.to_latex()} \]")
    doc = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
           + "\n".join(parts) + "\n\\end{document}\n")
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


def test_generated_code_takes_the_sizes_no_input_fixes():
    src = check_generated("(-ones(1, n)/alpha)'", "alpha", alpha="scalar")
    assert "def f(alpha, *, n):" in src
