r"""LaTeX in The Matrix Cookbook's notation: every node type, bold and plain."""
from fractions import Fraction

import pytest

import matcalc as mc
from conftest import assert_numeric
from matcalc.core import build as B
from matcalc.core.expr import Delta, Unvec
from matcalc.printing import to_latex

a, b, x, y, z = (B.vector(v) for v in "abxyz")
A, C, X = (B.matrix(v) for v in "ACX")
W1 = B.matrix("W1", "n", "m")
S = B.matrix("S", "n", spd=True)
Sigma = B.matrix("Sigma", "n", spd=True)
theta = B.vector("theta")
alpha, beta = B.scalar("alpha"), B.scalar("beta")
loss = B.scalar("loss")
half, third = B.num(Fraction(1, 2)), B.num(Fraction(1, 3))

bx, bX, bA, bC = r"\mathbf{x}", r"\mathbf{X}", r"\mathbf{A}", r"\mathbf{C}"

NODES = [
    (X, bX),
    (alpha, r"\alpha"),
    (theta, r"\boldsymbol{\theta}"),
    (Sigma, r"\boldsymbol{\Sigma}"),
    (W1, r"\mathbf{W}_{1}"),
    (loss, r"\mathit{loss}"),
    (Delta(X), r"\mathrm{d}\mathbf{X}"),
    (B.num(2), "2"),
    (B.num(-2), "-2"),
    (half, r"\frac{1}{2}"),
    (B.zeros("n"), r"\mathbf{0}"),
    (B.ones("n"), r"\mathbf{1}_{n}"),
    (B.eye("n"), r"\mathbf{I}_{n}"),
    (B.commutation("m", "n"), r"\mathbf{K}_{mn}"),
    (A + X, rf"{bA} + {bX}"),
    (A - X, rf"{bA} - {bX}"),
    (a.T @ X @ b, r"\mathbf{a}^\top \mathbf{X} \mathbf{b}"),
    (half * X, rf"\frac{{1}}{{2}} {bX}"),
    (-third * X, rf"-\frac{{1}}{{3}} {bX}"),
    (alpha * X, rf"\alpha {bX}"),
    (X / alpha, rf"\frac{{{bX}}}{{\alpha}}"),
    (X.T, rf"{bX}^\top"),
    (B.inv(X), rf"{bX}^{{-1}}"),
    (B.inv(X).T, rf"{bX}^{{-\top}}"),
    (B.tr(X), rf"\operatorname{{tr}}({bX})"),
    (B.det(X), rf"\det({bX})"),
    (B.logdet(S), r"\log\det(\mathbf{S})"),
    (B.hadamard(A, X), rf"{bA} \circ {bX}"),
    (B.hadamard_div(A, X), rf"{bA} \oslash {bX}"),
    (B.kron(A, X), rf"{bA} \otimes {bX}"),
    (B.matrix_power(X, 2), rf"{bX}^{{2}}"),
    (B.exp(x), rf"\exp({bx})"),
    (B.log(alpha), r"\log(\alpha)"),
    (B.sigmoid(x), rf"\sigma({bx})"),
    (B.softplus(x), rf"\operatorname{{softplus}}({bx})"),
    (B.sqrt(x), rf"\sqrt{{{bx}}}"),
    (mc.abs(x), rf"\left|{bx}\right|"),
    (x ** 2, rf"{bx}^{{\circ 2}}"),
    (alpha ** 2, r"\alpha^{2}"),
    (alpha ** half, r"\alpha^{1/2}"),
    (alpha ** -1, r"\alpha^{-1}"),
    (B.diag(x), rf"\operatorname{{diag}}({bx})"),
    (B.diag(X), rf"\operatorname{{diag}}({bX})"),
    (B.vec(X), rf"\operatorname{{vec}}({bX})"),
    (Unvec(B.vec(W1), W1.rows, W1.cols),
     r"\operatorname{unvec}\bigl(\operatorname{vec}(\mathbf{W}_{1}), n, m\bigr)"),
    (B.sum_(X), rf"\operatorname{{sum}}({bX})"),
    (B.norm2(x), rf"\|{bx}\|_2"),
    (B.frob(X), rf"\|{bX}\|_F"),
    (B.norm1(x), rf"\|{bx}\|_1"),
]


@pytest.mark.parametrize("e, latex", NODES, ids=[t for _, t in NODES])
def test_every_node_type(e, latex):
    assert to_latex(e) == latex


PARENTHESES = [
    ((A + X) @ x, rf"({bA} + {bX}) {bx}"),
    (-(A + X), rf"-({bA} + {bX})"),
    ((A @ X).T, rf"({bA} {bX})^\top"),
    ((a.T @ b) * y, r"(\mathbf{a}^\top \mathbf{b}) \mathbf{y}"),
    (B.matrix_power(B.inv(X), 2), rf"({bX}^{{-1}})^{{2}}"),
    (y.T @ (x @ z.T), r"\mathbf{y}^\top (\mathbf{x} \mathbf{z}^\top)"),
    (B.norm2(x) ** 2, rf"\|{bx}\|_2^{{2}}"),
    (B.hadamard(A @ X, C), rf"({bA} {bX}) \circ {bC}"),
    (A - half * X, rf"{bA} - \frac{{1}}{{2}} {bX}"),
]


@pytest.mark.parametrize("e, latex", PARENTHESES, ids=[t for _, t in PARENTHESES])
def test_minimal_parentheses(e, latex):
    assert to_latex(e) == latex


def test_plain_letters_when_not_bold():
    assert to_latex(a.T @ X @ b, bold=False) == r"a^\top X b"
    assert to_latex(W1.T @ theta, bold=False) == r"W_{1}^\top \theta"
    assert to_latex(B.eye("n") + Sigma, bold=False) == r"I_{n} + \Sigma"


def test_cookbook_results_read_as_in_the_book():
    # ∂ log det(X)/∂X = X⁻ᵀ (eq. 51), ∂ aᵀX⁻¹b/∂X = -X⁻ᵀabᵀX⁻ᵀ (eq. 61)
    assert to_latex(-(B.inv(X).T @ a @ b.T @ B.inv(X).T)) == \
        r"-\mathbf{X}^{-\top} \mathbf{a} \mathbf{b}^\top \mathbf{X}^{-\top}"
    # d(X⁻¹) = -X⁻¹ (dX) X⁻¹ (eq. 40)
    assert to_latex(-(B.inv(X) @ Delta(X) @ B.inv(X))) == \
        r"-\mathbf{X}^{-1}\,\mathrm{d}\mathbf{X}\,\mathbf{X}^{-1}"


def test_latex_text_of_step_reasons():
    from matcalc.printing.latex import latex_text
    assert latex_text("Cookbook (40): ∂(X⁻¹) = −X⁻¹(∂X)X⁻¹") == (
        r"Cookbook (40): $\partial$(X$^{- 1}$) = $-$X$^{- 1}$($\partial$X)X$^{- 1}$")
    assert latex_text("scale_out_of_product 50% & #1 {x}") == (
        r"scale\_out\_of\_product 50\% \& \#1 \{x\}")
    assert latex_text("α∘β ‖x‖₂ ✓ ☃") == r"$\alpha$$\circ$$\beta$ $\|$x$\|$$_{2}$ $\surd$ ?"


# ====================================================================================
# Typography for lecture notes (issue 12 §1)
# ====================================================================================

SIZED = [
    # flat content: plain parentheses; one level of delimiters inside: \bigl, then \Bigl
    (B.tr((A + X) @ C), r"\operatorname{tr}\bigl((\mathbf{A} + \mathbf{X}) \mathbf{C}\bigr)"),
    (((A + X) @ C + A) @ x,
     r"\bigl((\mathbf{A} + \mathbf{X}) \mathbf{C} + \mathbf{A}\bigr) \mathbf{x}"),
    ((((A + X) @ C + A) @ C + X) @ x,
     r"\Bigl(\bigl((\mathbf{A} + \mathbf{X}) \mathbf{C} + \mathbf{A}\bigr) \mathbf{C} "
     r"+ \mathbf{X}\Bigr) \mathbf{x}"),
    ((B.norm2(x) ** 2 * a + b).T, r"\bigl(\|\mathbf{x}\|_2^{2} \mathbf{a} + \mathbf{b}\bigr)^\top"),
    (B.sigmoid(A @ (x + y)), r"\sigma\bigl(\mathbf{A} (\mathbf{x} + \mathbf{y})\bigr)"),
    # a fraction inside: only \left … \right fits
    ((X / alpha + A) @ x, r"\left(\frac{\mathbf{X}}{\alpha} + \mathbf{A}\right) \mathbf{x}"),
]


@pytest.mark.parametrize("e, latex", SIZED, ids=[t for _, t in SIZED])
def test_parentheses_are_sized_to_their_content(e, latex):
    assert to_latex(e) == latex


def test_a_differential_is_set_off_by_thin_spaces():
    # d(X⁻¹) = −X⁻¹ dX X⁻¹ reads as such, not as d(X X⁻¹)
    assert to_latex(Delta(X) @ B.inv(X)) == r"\mathrm{d}\mathbf{X}\,\mathbf{X}^{-1}"
    assert to_latex(Delta(W1).T @ x) == r"\mathrm{d}\mathbf{W}_{1}^\top\,\mathbf{x}"
    assert to_latex(2 * Delta(X)) == r"2\,\mathrm{d}\mathbf{X}"


def test_identities_carry_their_size_also_inside_kronecker_products():
    assert to_latex(B.kron(x.T, B.eye("m"))) == r"\mathbf{x}^\top \otimes \mathbf{I}_{m}"
    assert to_latex(B.eye(B.matrix("Z", "m", "k").rows * 3)) == r"\mathbf{I}_{3 m}"
    d = mc.diff("A * x", "A")                                # ∂vec(Ax)/∂vec A = xᵀ ⊗ I
    assert d.to_latex().endswith(r"\mathbf{x}^\top \otimes \mathbf{I}_{n}")
    assert_numeric(d)


def test_a_leading_minus_after_an_opening_norm_bar_is_a_sign():
    # ‖−a + x‖: after \| (an ordinary symbol) TeX would space a bare - as binary
    assert to_latex(B.norm2(-a + x)) == r"\|{-}\mathbf{a} + \mathbf{x}\|_2"
    assert to_latex(-a + x) == r"-\mathbf{a} + \mathbf{x}"     # at the start: unary already


def test_breaks_only_between_top_level_factors():
    e = (a.T @ X @ b) * B.sigmoid(A @ x) + B.frob(A @ X) * y
    assert to_latex(e) == (r"(\mathbf{a}^\top \mathbf{X} \mathbf{b}) \sigma(\mathbf{A} \mathbf{x})"
                           r" + \|\mathbf{A} \mathbf{X}\|_F \mathbf{y}")
    p = r" \penalty900 "
    assert to_latex(e, breaks=True) == (
        rf"(\mathbf{{a}}^\top \mathbf{{X}} \mathbf{{b}}){p}\sigma(\mathbf{{A}} \mathbf{{x}})"
        rf" + \|\mathbf{{A}} \mathbf{{X}}\|_F{p}\mathbf{{y}}")
    assert to_latex(a.T @ X @ b, breaks=True) == rf"\mathbf{{a}}^\top{p}\mathbf{{X}}{p}\mathbf{{b}}"
    # nothing inside parentheses or fractions breaks
    assert to_latex((A @ X + C) @ x, breaks=True) == \
        rf"(\mathbf{{A}} \mathbf{{X}} + \mathbf{{C}}){p}\mathbf{{x}}"
    assert "penalty" not in to_latex(A @ x / alpha, breaks=True)


def test_a_quotient_needs_no_parentheses_in_its_numerator():
    assert to_latex((x - a) / B.norm2(x - a)) == \
        r"\frac{\mathbf{x} - \mathbf{a}}{\|\mathbf{x} - \mathbf{a}\|_2}"


def test_template_parentheses_are_refitted_in_display():
    from matcalc.printing.delimiters import fit_parentheses
    assert fit_parentheses(r"\mathrm{d}\left(\mathbf{X}^{-1}\right)") == \
        r"\mathrm{d}(\mathbf{X}^{-1})"
    assert fit_parentheses(r"\mathrm{d}\left(\|\mathbf{x}\|_2\right)") == \
        r"\mathrm{d}\bigl(\|\mathbf{x}\|_2\bigr)"
    assert fit_parentheses(r"\mathrm{d}\left(\frac{\mathbf{x}}{s}\right)") == \
        r"\mathrm{d}\biggl(\frac{\mathbf{x}}{s}\biggr)"              # one display fraction
    assert fit_parentheses(r"\left(\frac{\frac{1}{a}}{b}\right)") == \
        r"\left(\frac{\frac{1}{a}}{b}\right)"


def test_a_derivation_prints_sized_parentheses_and_thin_spaces():
    d = mc.diff("a' * inv(X) * b", "X")
    tex = d.steps_latex()
    assert r"\mathrm{d}(\mathbf{X}^{-1}) = -\mathbf{X}^{-1}\,\mathrm{d}\mathbf{X}\,\mathbf{X}^{-1}" \
        in tex and r"\left(" not in tex
    assert_numeric(d)


def test_the_denominator_prints_like_the_body():
    d = mc.diff("0.5 * norm2(W2' * sigmoid(W1' * x) - y)^2", "W1")
    tex = d._repr_latex_()
    assert r"{\partial \mathbf{W}_{1}}" in tex and r"\sigma(\mathbf{W}_{1}^\top \mathbf{x})" in tex
    assert_numeric(d)
