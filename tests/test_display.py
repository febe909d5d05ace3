"""A derivative's repr is one readable line and its Jupyter LaTeX names ∂f/∂X, its kind,
layout and shape, MathJax-compatible (issue 13 §4)."""
import re

import pytest

import matcalc as mc
from conftest import assert_numeric


@pytest.mark.parametrize("text, wrt, line", [
    ("a' * X * b", "X", "<Derivative ∂f/∂X = abᵀ  (scalar-by-matrix, mixed layout, n×m)>"),
    ("A * x", "A", "<Derivative ∂f_i/∂A_kl = δ_ik x_l; ∂vec f/∂vec A = xᵀ ⊗ Iₙ; "
                   "(a 3-index tensor of shape n×n×m)  (vector-by-matrix, mixed layout, "
                   "n×n×m)>"),
])
def test_repr_is_one_readable_line(text, wrt, line):
    d = mc.diff(text, wrt)
    assert repr(d) == line and "\n" not in repr(d)
    assert_numeric(d)


def test_jupyter_latex_names_the_derivative_kind_layout_and_shape():
    d = mc.diff("a' * X * b", "X")
    out = d._repr_latex_()
    assert out.startswith("$$") and out.endswith("$$")
    assert r"\frac{\partial f}{\partial \mathbf{X}} = \mathbf{a} \mathbf{b}^\top" in out
    assert "scalar-by-matrix, mixed layout" in out and r"n \times m" in out
    for inner in re.findall(r"\\text\{([^}]*)\}", out):
        assert "$" not in inner                         # MathJax: no $ inside \text
    assert_numeric(d)
