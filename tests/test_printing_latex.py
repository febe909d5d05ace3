r"""LaTeX in The Matrix Cookbook's notation: every node type, bold and plain."""
from fractions import Fraction

import pytest

import matcalc as mc
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
    (B.eye("n"), r"\mathbf{I}"),
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
     r"\operatorname{unvec}(\operatorname{vec}(\mathbf{W}_{1}), n, m)"),
    (B.sum_(X), rf"\operatorname{{sum}}({bX})"),
    (B.norm2(x), rf"\|{bx}\|_2"),
    (B.frob(X), rf"\|{bX}\|_F"),
    (B.norm1(x), rf"\|{bx}\|_1"),
]


@pytest.mark.parametrize("e, latex", NODES, ids=[t for _, t in NODES])
def test_every_node_type(e, latex):
    assert to_latex(e) == latex


PARENTHESES = [
    ((A + X) @ x, rf"\left({bA} + {bX}\right) {bx}"),
    (-(A + X), rf"-\left({bA} + {bX}\right)"),
    ((A @ X).T, rf"\left({bA} {bX}\right)^\top"),
    ((a.T @ b) * y, r"\left(\mathbf{a}^\top \mathbf{b}\right) \mathbf{y}"),
    (B.matrix_power(B.inv(X), 2), rf"\left({bX}^{{-1}}\right)^{{2}}"),
    (y.T @ (x @ z.T), r"\mathbf{y}^\top \left(\mathbf{x} \mathbf{z}^\top\right)"),
    (B.norm2(x) ** 2, rf"\|{bx}\|_2^{{2}}"),
    (B.hadamard(A @ X, C), rf"\left({bA} {bX}\right) \circ {bC}"),
    (A - half * X, rf"{bA} - \frac{{1}}{{2}} {bX}"),
]


@pytest.mark.parametrize("e, latex", PARENTHESES, ids=[t for _, t in PARENTHESES])
def test_minimal_parentheses(e, latex):
    assert to_latex(e) == latex


def test_plain_letters_when_not_bold():
    assert to_latex(a.T @ X @ b, bold=False) == r"a^\top X b"
    assert to_latex(W1.T @ theta, bold=False) == r"W_{1}^\top \theta"
    assert to_latex(B.eye("n") + Sigma, bold=False) == r"I + \Sigma"


def test_cookbook_results_read_as_in_the_book():
    # ∂ log det(X)/∂X = X⁻ᵀ (eq. 51), ∂ aᵀX⁻¹b/∂X = -X⁻ᵀabᵀX⁻ᵀ (eq. 61)
    assert to_latex(-(B.inv(X).T @ a @ b.T @ B.inv(X).T)) == \
        r"-\mathbf{X}^{-\top} \mathbf{a} \mathbf{b}^\top \mathbf{X}^{-\top}"
    # d(X⁻¹) = -X⁻¹ (dX) X⁻¹ (eq. 40)
    assert to_latex(-(B.inv(X) @ Delta(X) @ B.inv(X))) == \
        r"-\mathbf{X}^{-1} \mathrm{d}\mathbf{X} \mathbf{X}^{-1}"


def test_latex_text_of_step_reasons():
    from matcalc.printing.latex import latex_text
    assert latex_text("Cookbook (40): ∂(X⁻¹) = −X⁻¹(∂X)X⁻¹") == (
        r"Cookbook (40): $\partial$(X$^{- 1}$) = $-$X$^{- 1}$($\partial$X)X$^{- 1}$")
    assert latex_text("scale_out_of_product 50% & #1 {x}") == (
        r"scale\_out\_of\_product 50\% \& \#1 \{x\}")
    assert latex_text("α∘β ‖x‖₂ ✓ ☃") == r"$\alpha$$\circ$$\beta$ $\|$x$\|$$_{2}$ $\surd$ ?"
