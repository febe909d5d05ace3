"""Failures the fuzz campaigns (tests/test_fuzz_*.py) found, each as a plain test."""
import pytest

import matcalc as mc
from matcalc.core import build as B
from matcalc.diff import derive
from matcalc.diff.layout import LAYOUTS
from matcalc.simplify import simplify
from conftest import assert_numeric


def test_check_sizes_the_dimensions_of_constants():
    # a ⊗ ones(m): m occurs only in a constant; check() used to have no size for it
    f = B.kron(B.vector("a", "n"), B.ones("m"))
    assert_numeric(derive(f, "a"))


def test_a_differential_that_simplifies_to_zero_gives_a_zero_derivative():
    a = B.vector("a", "n")
    for layout in LAYOUTS:
        d = derive(a - a, a, layout)
        assert isinstance(d.expr, mc.core.expr.Zero)
        assert_numeric(d)
    alpha, X = B.scalar("alpha"), B.matrix("X")
    for f, x in ((alpha - alpha, alpha), (mc.tr(X) - mc.tr(X), X), (X - X, X)):
        d = derive(f, x)
        assert_numeric(d)


def test_covector_by_scalar_is_a_column_in_mixed_layout():
    alpha = B.scalar("alpha")
    f = B.scale(alpha, B.ones(1, "n"))            # 1×n
    for layout, shape in (("mixed", ("n", 1)), ("numerator", ("n", 1)),
                          ("denominator", (1, "n"))):
        d = derive(f, alpha, layout)
        assert tuple(map(str, d.expr.shape)) == tuple(map(str, shape))
        assert_numeric(d)


def test_size_guard_counts_shared_subtrees_without_walking_them():
    # differentials of power towers share subtrees: the bound is checked in linear time
    text = "exp(" * 150 + "alpha" + ")" * 150
    try:
        mc.diff(text, "alpha", max_size=1000)
    except mc.SizeLimitError as e:
        assert "max_size" in str(e)


def test_a_singular_matrix_at_the_check_point_is_an_evaluation_error():
    # det(θ1ᵀ) is singular: the derivative det(X)tr(X⁻¹dX) cannot be evaluated there
    f = mc.parse("det(theta * ones(n)')", theta="vector(n)")
    d = derive(f, "theta")
    import pytest
    with pytest.raises(mc.EvaluationError, match="cannot evaluate"):
        d.check()


def test_wrt_an_expression_text_names_the_variables():
    with __import__("pytest").raises(mc.DifferentiationError, match="with respect to a variable"):
        mc.diff("x' * x", "x' * x")


def test_the_factored_and_expanded_forms_of_a_campaign_sum_have_one_canonical_form():
    # campaign 2026-11-22 (printers property, depth 6): the former collect_and_factor built
    # (P − Q)((KAE + 2K)A + KAB); the part (KAE + 2K)A normalised to K(AEA + 2A), and
    # collect_and_factor at the parent rebuilt the first form: a rewrite loop. The
    # canonical form no longer factors (a loop would raise RewriteLoop): it is expanded.
    e = mc.parse("2*P*K*A + P*K*A*B + P*K*A*E*A - 2*Q*K*A - Q*K*A*B - Q*K*A*E*A")
    s = simplify(e)
    assert str(s) == "PKAEA - QKAEA + PKAB - QKAB + 2PKA - 2QKA"
    assert simplify(s) == s
    assert simplify(mc.parse("(P - Q)*K*(A*(E*A + B) + 2*A)")) == s
    env_sizes = {"n": 3}
    vs = mc.core.expr.variables(e)
    env = mc.numeric.sample_point(vs, mc.numeric.default_sizes(vs, env_sizes, 0), 0)
    sizes = mc.numeric.default_sizes(vs, env_sizes, 0)
    a = mc.numeric.evaluate_2d(e, env, sizes)
    b = mc.numeric.evaluate_2d(s, env, sizes)
    assert abs(a - b).max() <= 1e-9 * max(1.0, abs(a).max())


def test_matrix_by_matrix_derivative_of_a_hadamard_difference():
    # the expression the campaign found the loop in (∂/∂A, a matrix-by-matrix tensor);
    # every normaliser raises RewriteLoop on a rewrite loop
    f = mc.parse("((A'*A + I(n))^2)^-T .* A - diag(theta.^-1) .* ((A'*A + I(n))^2)^-T",
                 theta="vector(n)", A="matrix(n)")
    for var in ("A", "theta"):
        d = derive(f, var)
        assert_numeric(d)


def test_sigmoid_is_evaluated_accurately_far_left():
    # campaign 2026-11-22 (derivative property, seed 3): ∂/∂A of log(softplus(c(−I ∘ αA)))
    # was "wrong" at seed 0 — the derivative was right, the evaluator was not:
    # 0.5(1 + tanh(x/2)) is exactly 0 at x = −44, where σ(x)/softplus(x) ≈ 1
    import math
    import numpy as np
    from matcalc.numeric import sigmoid
    xs = np.array([-44.0, -5.0, 0.0, 5.0, 44.0])
    want = [1.0 / (1.0 + math.exp(-x)) for x in xs]
    assert np.allclose(sigmoid(xs), want, rtol=1e-14, atol=0.0)
    f = mc.parse("log(softplus((2*norm1(ones(m, m)))'*(1/exp(s))*((-I(n)) .* (alpha*A))))",
                 A="matrix(n)", alpha="scalar", s="scalar")
    for layout in LAYOUTS:
        assert_numeric(derive(f, "A", layout))


def test_a_product_of_ones_through_a_dimension_is_not_ones():
    """Found by the campaign (2026-11-30): the printed-form identity (𝟏𝟏ᵀ) ∘ A = A was applied
    to 𝟏ₘₓₘ𝟏ₘ, which is m𝟏: the derivative lost a factor m. Only an outer product of ones is
    ones."""
    text = "((-(1/alpha)*(1/softplus(s .* alpha))*ones(m, m)*ones(1, m)') .* ones(m)) ./ softplus(1/2*h1)"
    decls = {"s": "scalar", "alpha": "scalar", "h1": "vector(m)"}
    for layout in ("mixed", "numerator", "denominator"):
        d = mc.diff(text, "h1", layout, **decls)
        assert d.verify().ok, str(d.verify())


# ---- found by the printers campaign of 2026-11-30 (seed 32), on the merged vocabulary ------


def test_ones_inside_diag_reads_back_as_a_vector():
    """diag(S𝟏): the 𝟏 after S is a vector (diag of it a diagonal matrix), as printed."""
    e = mc.parse("diag(S𝟏)(I(n) ⊗ ones(1, n))", S="matrix(n)")
    assert str(e) == "diag(S𝟏)(Iₙ ⊗ ones(1, n))"
    d = mc.diff("2*(ones(1, n)*S).^2 - ones(1, n)", "S", S="matrix(n)")
    assert_numeric(d)
    vec = d.expr.vec                    # a row by a matrix: a tensor, its vec form printed
    assert "diag(Sᵀ𝟏)" in str(vec)
    assert mc.parse(str(vec), S="matrix(n)") == vec


def test_a_rank_one_split_whose_columns_cancel_is_no_factoring():
    """The columns of an outer split collected to nothing: factor_product gives up instead
    of factoring an empty sum."""
    d = mc.diff("((ones(n) + theta) .* (ones(n, m)*(c ./ c)))' ./ ones(1, n)", "c",
                theta="vector(n)", c="vector(m)")
    assert_numeric(d)


def test_a_transposed_row_of_elementwise_functions_prints_without_double_transposes():
    d = mc.diff("arccos(1/2*tanh(ones(1, n) .* sigmoid(ones(1, n)).^beta))", "beta")
    assert "ᵀ)ᵀ" not in str(d.expr)
    assert_numeric(d)


@pytest.mark.parametrize("text, decls, wrt", [
    ("frob(softplus((W1 ./ W1)'))", {"W1": "matrix(n, m)"}, "W1"),
    ("-tan(1/2*tanh(ones(1, n)))*(b ./ b)", {"b": "vector(n)"}, "b"),
    ("norm2(softplus(b ./ softplus((a + a) ./ a)))", {"b": "vector(n)", "a": "vector(n)"}, "b"),
])
def test_terms_that_cancel_once_an_elementwise_factor_is_divided_out(text, decls, wrt):
    # x − x ∘ (W ./ W): taking x out left nothing ("factor of an empty sum", campaign seed 83)
    d = mc.diff(text, wrt, **decls)
    assert_numeric(d)
