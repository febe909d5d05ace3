"""Jupyter display (issue 13 §4): expressions, tensors, derivations and Hessians have a
one-line `repr` and `_repr_latex_` display math that MathJax 3 reads: only commands from its
supported list, no `$` and no command inside `\\text{…}`, balanced braces, `$…$` or `$$…$$`
around the whole and nowhere else."""
import re

import pytest
from hypothesis import HealthCheck, given, settings

import matcalc as mc
from conftest import assert_numeric
from matcalc import catalogue
from matcalc.printing.display import Derivation, dataclass_repr, math_text
from strategies import expressions

#: the commands matcalc's display LaTeX may use, each in MathJax 3's list of supported TeX
#: commands (docs.mathjax.org, "Supported TeX/LaTeX commands"), base or ams package
MATHJAX = frozenset("""
    _ , ; ! { } | & % # $ \\
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
    xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
    Upsilon Phi Psi Omega
    frac partial mathbf boldsymbol mathit mathrm operatorname text top circ otimes times
    delta quad qquad left right begin end log det exp sin cos tan tanh sinh cosh sqrt cdot
    arcsin arccos arctan
    oslash odot big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr
    to approx le Rightarrow surd backslash hat sim vert nabla
""".split()) | {" "}


def _text_arguments(latex: str) -> list:
    """The arguments of every \\text{…}, braces matched."""
    out = []
    for m in re.finditer(r"\\text\{", latex):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(latex[i], 0) if latex[i - 1] != "\\" else 0
            i += 1
        out.append(latex[m.end():i - 1])
    return out


def assert_mathjax(latex: str, display: bool = True) -> None:
    """What MathJax 3 needs of a `_repr_latex_` string."""
    fence = "$$" if display else "$"
    assert latex.startswith(fence) and latex.endswith(fence)
    body = latex[len(fence):-len(fence)]
    assert "$" not in body.replace(r"\$", "")                    # one math span, no nesting
    commands = set(re.findall(r"\\([A-Za-z]+|[^A-Za-z])", body))
    assert commands <= MATHJAX, sorted(commands - MATHJAX)
    unescaped = re.sub(r"\\[{}]", "", body)
    assert unescaped.count("{") == unescaped.count("}")
    for inner in _text_arguments(body):
        assert "$" not in inner and "\\" not in inner            # MathJax: text is literal
    assert r"\operatorname*" not in body and r"\DeclareMathOperator" not in body


# ====================================================================================
# Expressions
# ====================================================================================

@pytest.mark.parametrize("text, line", [
    ("a' * X * b", "<Expr aᵀXb  (scalar)>"),
    ("X * b", "<Expr Xb  (vector, n×1)>"),
    ("b' * X'", "<Expr bᵀXᵀ  (covector, 1×m)>"),
    ("A * inv(S) * A'", "<Expr AS⁻¹Aᵀ  (matrix, n×n)>"),
])
def test_expression_repr_is_one_line_and_str_the_printed_form(text, line):
    e = mc.parse(text)
    assert repr(e) == line
    assert str(e) == line[len("<Expr "):line.index("  (")]


def test_expression_displays_as_inline_math():
    e = mc.parse("log(det(S)) + tr(A * X)")
    assert e._repr_latex_() == f"${e.to_latex()}$"
    assert_mathjax(e._repr_latex_(), display=False)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(expressions(max_depth=5))
def test_every_expression_displays_in_mathjax_and_on_one_line(e):
    assert_mathjax(e._repr_latex_(), display=False)
    assert repr(e) == f"<Expr {e}  ({e.kind}{'' if e.is_scalar else ', '}" + (
        "" if e.is_scalar else "×".join(str(d).replace("**", "^").replace("*", "·")
                                        for d in e.shape)) + ")>"
    assert "\n" not in repr(e)


def test_the_fields_are_still_there_for_debugging():
    assert dataclass_repr(mc.parse("a' * b")).startswith("MatMul(factors=(Transpose(")


# ====================================================================================
# Tensors, derivations, Hessians
# ====================================================================================

def test_tensor_repr_and_display_show_index_form_vec_form_and_shape():
    d = mc.diff("A * x", "A")
    t = d.expr
    assert repr(t) == ("<Tensor ∂f_i/∂A_kl = δ_ik x_l; ∂vec f/∂vec A = xᵀ ⊗ Iₙ; "
                       "(a 3-index tensor of shape n×n×m)>")
    out = t._repr_latex_()
    assert_mathjax(out)
    assert r"\frac{\partial f_{i}}{\partial {A}_{kl}} = \delta_{ik} {x}_{l}" in out
    assert r"\operatorname{vec}" in out and r"n \times n \times m" in out
    assert_numeric(d)


def test_derivation_is_a_displayable_value():
    d = mc.diff("a' * X * b", "X")
    steps = d.derivation
    assert isinstance(steps, Derivation) and list(steps) == list(d.steps)
    assert str(steps) == d.steps_text()
    assert repr(steps) == f"<Derivation, {len(d.steps)} steps: aᵀXb … abᵀ>"
    out = steps._repr_latex_()
    assert_mathjax(out)
    assert out.startswith("$$\\begin{aligned}") and out.count(r"\\") == len(d.steps) - 1
    assert r"&(1)\quad \mathbf{a}^\top \mathbf{X} \mathbf{b} && \text{differentiate" in out
    assert steps.to_latex() == d.steps_latex()
    assert_numeric(d)


def test_reasons_with_symbols_are_math_not_dollars_inside_text():
    assert math_text("Cookbook (37): ∂(XY) = (∂X)Y") == (
        r"\text{Cookbook (37): }\partial \text{(XY) = (}\partial \text{X)Y}")
    assert math_text("vec(L dY R) = (Rᵀ ⊗ L)") == (
        r"\text{vec(L dY R) = (R}^{\top}\text{ }\otimes \text{ L)}")
    assert math_text("F_ij & 50% #1 {x} $") == (
        r"\text{F}\_\text{ij }\&\text{ 50}\%\text{ }\#\text{1 }\{\text{x}\}\text{ }\$")


@pytest.mark.parametrize("f, x, line, lhs", [
    ("x' * A * x", "x", "<Derivative ∂²f/∂x∂xᵀ = A + Aᵀ  (Hessian, vector-by-vector, n×n)>",
     r"\frac{\partial^2 f}{\partial \mathbf{x} \partial \mathbf{x}^\top} = "
     r"\mathbf{A} + \mathbf{A}^\top"),
    ("sigma^3", "sigma", "<Derivative ∂²f/∂σ² = 6σ  (Hessian, scalar-by-scalar, 1×1)>",
     r"\frac{\partial^2 f}{\partial \sigma^2} = 6 \sigma"),
])
def test_hessian_repr_and_display_name_the_second_derivative(f, x, line, lhs):
    h = mc.hessian(f, x)
    assert repr(h) == line
    out = h._repr_latex_()
    assert_mathjax(out)
    assert out.startswith("$$" + lhs) and r"\text{(Hessian, " in out
    assert_numeric(h)


def test_hessian_by_a_matrix_displays_its_tensor():
    h = mc.hessian("a' * X * X' * b", "X")
    assert repr(h).startswith("<Derivative ∂F_ij/∂X_kl = ") and "\n" not in repr(h)
    assert repr(h).endswith("(Hessian, matrix-by-matrix, n×m×n×m)>")
    assert_mathjax(h._repr_latex_())
    assert_mathjax(h.derivation._repr_latex_())
    assert_numeric(h)


SUPPORTED = [i for i in catalogue.load() if i.supported]


@pytest.mark.parametrize("ident", SUPPORTED, ids=lambda i: i.id)
def test_every_catalogue_derivation_displays_in_mathjax(ident):
    """The derivative, its derivation and its function, for every supported entry."""
    decls = ident.declaration_dict()
    d = (mc.hessian(ident.expr, ident.var, **decls) if ident.order == 2 else
         mc.diff(ident.expr, ident.var, layout=ident.layout, **decls))
    for out in (d._repr_latex_(), d.derivation._repr_latex_()):
        assert_mathjax(out)
    assert_mathjax(d.f._repr_latex_(), display=False)
    for line in (repr(d), repr(d.derivation), repr(d.f), repr(d.expr)):
        assert "\n" not in line and line.startswith("<")
    assert_numeric(d, seeds=(0,))


def test_a_block_of_the_block_hessian_names_its_mixed_second_derivative():
    H = mc.hessian("x' * A * y + y' * y", ["x", "y"])
    d = H["x", "y"]
    assert repr(d) == "<Derivative ∂²f/∂x∂yᵀ = A  (second derivative, vector-by-vector, n×m)>"
    out = d._repr_latex_()
    assert_mathjax(out)
    assert out.startswith(r"$$\frac{\partial^2 f}{\partial \mathbf{x} \partial \mathbf{y}^\top}")
    assert_numeric(d)
