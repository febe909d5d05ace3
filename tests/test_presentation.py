"""The printed form of results (matcalc/simplify/presentation.py): row-vector sums as
transposed column sums, a positive term first. Each derivative is also checked numerically,
and the printed form is the canonical form again after simplify."""
import pytest

import matcalc as mc
from matcalc.language.parse import parse
from matcalc.printing import to_ascii, to_text
from matcalc.simplify import present, simplify

from conftest import assert_derivative
from strategies import declarations


@pytest.mark.parametrize("f, wrt, decls, printed", [
    # seed 001: L = ½‖Wᵀh − y‖², ∂L/∂W = h(Wᵀh − y)ᵀ
    ("1/2 * norm2(W' * h - y)^2", "W", {"W": "matrix(3, 2)"}, "h(Wᵀh - y)ᵀ"),
    ("1/2 * (W' * h - y)' * (W' * h - y)", "W", {}, "h(Wᵀh - y)ᵀ"),
    ("tanh(w' * x)", "w", {}, "(1 - tanh(wᵀx)²)x"),
    ("sum(tanh(W * x))", "W", {}, "(𝟏 - tanh(Wx).^2)xᵀ"),
    ("norm2(A * x - b)^2", "x", {}, "2Aᵀ(Ax - b)"),
    # Cookbook (59): a matrix polynomial in x ascends in degree, the minus sign is shared
    ("inv(A + x * B + x^2 * C)", "x", {"x": "scalar"},
     "-(A + xB + x²C)⁻¹(B + 2xC)(A + xB + x²C)⁻¹"),
])
def test_results_print_as_textbooks_print_them(f, wrt, decls, printed):
    d = mc.diff(f, wrt, **decls)
    assert_derivative(d, printed)


def test_numerator_layout_of_a_sum_gradient_is_a_transposed_column():
    d = mc.diff("(x - A * s)' * W * (x - A * s)", "s", layout="numerator")
    assert_derivative(d, "(As - x)ᵀ(W + Wᵀ)A")


@pytest.mark.parametrize("text", [
    "h * (h' * W - y')", "-a' * X + b'", "1 - tanh(x' * x)^2", "-X + I", "a' - 2 * b'",
])
def test_simplify_undoes_the_printed_form_and_it_reads_back(text):
    e = simplify(parse(text))
    shown = present(e)
    assert simplify(shown) == e
    for printer in (to_text, to_ascii):
        back = parse(printer(shown), **declarations(shown))
        assert printer(back) == printer(shown)
        assert simplify(back) == e

