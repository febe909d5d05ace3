"""Mixed second derivatives ∂²f/∂x∂y and the block Hessian over several variables (MML 5.147).

Convention: the block of x and y is ∂²f/∂x∂yᵀ, dim(x)×dim(y) for scalars and vectors (the
gradient ∂f/∂x differentiated by y), a tensor where a matrix variable meets a vector or
matrix. Every block is checked against finite differences; Schwarz's symmetry
∂²f/∂y∂x = (∂²f/∂x∂y)ᵀ is checked numerically, never assumed.
"""
import numpy as np
import pytest
from click.testing import CliRunner
from conftest import assert_derivative, assert_numeric

import matcalc as mc
from matcalc.core.dims import dim_total
from matcalc.cli import main
from matcalc.core import expr as E
from matcalc.diff import BlockHessian, Tensor, second_derivative

x = mc.vector("x", "n")
y = mc.vector("y", "m")
a = mc.vector("a", "n")
b = mc.vector("b", "m")
A = mc.matrix("A", "n", "m")
B = mc.matrix("B", "m")
X = mc.matrix("X", "n", "m")
alpha = mc.scalar("alpha")
rng = np.random.default_rng(13)


def _point(*variables, sizes=None):
    sizes = sizes or {"n": 3, "m": 2}
    return {v.name: rng.standard_normal(tuple(int(d) if d.is_Integer else sizes[str(d)]
                                              for d in v.shape))
            for v in variables}


def test_mixed_second_derivative_of_a_bilinear_form_is_its_matrix():
    d = second_derivative(x.T @ A @ y, x, y)          # ∂f/∂x = Ay, by y: A
    assert str(d) == "A"
    assert d.kind == "vector-by-vector" and d.shape == (x.shape[0], y.shape[0])
    assert_numeric(d)
    assert_numeric(mc.diff(x.T @ A @ y, x))           # the gradient it starts from


def test_mixed_derivatives_are_transposes_of_each_other_numerically():
    f = mc.exp(a.T @ x) * (y.T @ B @ y) + x.T @ A @ y
    dxy, dyx = second_derivative(f, x, y), second_derivative(f, y, x)
    assert dxy.shape == (x.shape[0], y.shape[0]) and dyx.shape == (y.shape[0], x.shape[0])
    assert_numeric(dxy)
    assert_numeric(dyx)
    values = _point(x, y, a, A, B)
    np.testing.assert_allclose(dyx.evaluate(values), dxy.evaluate(values).T, rtol=1e-10,
                               atol=1e-12)


def test_mixed_scalar_and_vector_block_is_a_row_and_its_mirror_a_column():
    f = alpha * (a.T @ x) + alpha ** 2 * (x.T @ x)
    d = second_derivative(f, alpha, x)                # 1×n: ∂²f/∂α∂xᵀ
    assert d.shape == (1, x.shape[0]) and d.layout == "numerator"
    assert_derivative(d, "(4αx + a)ᵀ")
    m = second_derivative(f, x, alpha)                # n×1
    assert m.shape == (x.shape[0], 1)
    assert_numeric(m)
    values = _point(x, a, alpha)
    np.testing.assert_allclose(m.evaluate(values), d.evaluate(values).T, rtol=1e-10)


def test_mixed_scalar_and_matrix_blocks_have_the_matrix_shape():
    f = alpha ** 2 * (a.T @ X @ b)
    d = second_derivative(f, alpha, X)                # ∂/∂X (2α aᵀXb) = 2α abᵀ
    assert d.kind == "scalar-by-matrix" and d.shape == X.shape
    assert_derivative(d, "2αabᵀ")
    m = second_derivative(f, X, alpha)                # ∂/∂α (α² abᵀ)
    assert m.kind == "matrix-by-scalar" and m.shape == X.shape
    assert_numeric(m)


def test_mixed_vector_and_matrix_blocks_are_tensors():
    f = x.T @ X @ b + mc.tr(X.T @ X)
    d = second_derivative(f, x, X)                    # ∂(Xb)/∂X: vector by matrix
    assert isinstance(d.expr, Tensor) and d.kind == "vector-by-matrix"
    assert d.expr.index_form == "∂f_i/∂X_kl = δ_ik b_l"
    assert_numeric(d)
    m = second_derivative(f, X, x)                    # ∂(xbᵀ + 2X)/∂x: matrix by vector
    assert isinstance(m.expr, Tensor) and m.kind == "matrix-by-vector"
    assert_numeric(m)


def test_mixed_derivative_that_is_zero():
    d = second_derivative(a.T @ x + b.T @ y, x, y)
    assert d.expr == E.Zero(x.shape[0], y.shape[0])
    assert_numeric(d)


def test_block_hessian_of_mml_5_147_over_two_scalars():
    # MML Example 5.15: f(x, y) = x² + 2xy + y³, H = [[2, 2], [2, 6y]]
    H = mc.hessian("x^2 + 2*x*y + y^3", ["x", "y"], x="scalar", y="scalar")
    assert isinstance(H, BlockHessian)
    assert str(H) == "[2  2 ]\n[2  6y]"
    assert H.to_latex() == r"\begin{bmatrix} 2 & 2 \\ 2 & 6 y \end{bmatrix}"
    assert str(H["x", "y"]) == "2" and str(H["y", "y"]) == "6y"
    assert H._repr_latex_() == r"$$\nabla^2 f = " + H.to_latex() + "$$"
    assert_numeric(H)
    for d in H.blocks.values():
        assert_numeric(d)
    value = H.evaluate({"x": 1.0, "y": 2.0})
    np.testing.assert_allclose(value, [[2.0, 2.0], [2.0, 6.0 * 2.0]])


def test_block_hessian_over_two_vectors_prints_and_evaluates_as_one_matrix():
    f = x.T @ A @ y + y.T @ B @ y + mc.exp(a.T @ x)
    H = mc.hessian(f, [x, y])
    assert str(H) == "[exp(aᵀx)aaᵀ  A     ]\n[Aᵀ           B + Bᵀ]"
    assert H.to_ascii() == "[exp(a'*x)*a*a'  A     ]\n[A'              B + B']"
    assert H.to_latex() == (r"\begin{bmatrix} \exp(\mathbf{a}^\top \mathbf{x}) \mathbf{a} "
                            r"\mathbf{a}^\top & \mathbf{A} \\ \mathbf{A}^\top & \mathbf{B} + "
                            r"\mathbf{B}^\top \end{bmatrix}")
    assert H.shape == (dim_total([x.shape[0], y.shape[0]]),) * 2
    assert H[x, y].shape == (x.shape[0], y.shape[0])
    for d in H.blocks.values():
        assert_numeric(d)
    values = _point(x, y, a, A, B)
    M = H.evaluate(values)
    assert M.shape == (5, 5)
    np.testing.assert_allclose(M, M.T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(M[:3, 3:], H["x", "y"].evaluate(values))


def test_block_hessian_with_a_matrix_variable_is_symmetric_by_vec():
    f = alpha ** 2 * (x.T @ x) + mc.sum(X.T @ x) + alpha * mc.tr(X.T @ X)
    H = mc.hessian(f, [alpha, x, X])
    for d in H.blocks.values():
        assert_numeric(d)
    assert_numeric(H)
    values = _point(alpha, x, X)
    M = H.evaluate(values)
    assert M.shape == (1 + 3 + 6, 1 + 3 + 6)
    np.testing.assert_allclose(M, M.T, rtol=1e-10, atol=1e-12)
    # the (α, X) block is (vec ∂²f/∂α∂X)ᵀ: X's entries column by column
    G = H["alpha", "X"].evaluate(values)
    np.testing.assert_allclose(M[0, 4:], G.reshape(-1, order="F"))


def test_hessian_over_one_variable_in_a_list_is_a_block_hessian():
    H = mc.hessian(x.T @ A @ A.T @ x, [x])
    assert isinstance(H, BlockHessian) and str(H) == "[2AAᵀ]"
    assert_numeric(H)


def test_block_hessian_refuses_repeated_variables_and_non_scalar_functions():
    with pytest.raises(mc.DifferentiationError, match="given twice"):
        mc.hessian(x.T @ x, [x, "x"])
    with pytest.raises(mc.DifferentiationError, match="needs a scalar function"):
        mc.hessian(A @ y, [y])
    with pytest.raises(KeyError, match="not one of the Hessian's variables"):
        mc.hessian(x.T @ x, [x])["x", "z"]


def test_cli_hessian_prints_every_block_and_the_block_matrix():
    r = CliRunner().invoke(main, ["hessian", "x' * A * y + y' * y", "-x", "x,y"])
    assert r.exit_code == 0, r.output
    for line in ("∂²f/∂x² = zeros(n, n)", "∂²f/∂x∂y = A", "∂²f/∂y∂x = Aᵀ", "∂²f/∂y² = 2Iₘ",
                 "∇²f = [zeros(n, n)  A  ]", "      [Aᵀ           2Iₘ]"):
        assert line in r.output
    assert r.output.count("verified") == 4
    r = CliRunner().invoke(main, ["hessian", "x' * A * y + y' * y", "-x", "x,y", "-f", "latex",
                                  "--no-check"])
    assert r"\frac{\partial^2 f}{\partial x\,\partial y^\top} = \mathbf{A}" in r.output
    assert (r"\[ \nabla^2 f = \begin{bmatrix} \mathbf{0} & \mathbf{A} \\ \mathbf{A}^\top & "
            r"2 \mathbf{I}_{m} \end{bmatrix} \]") in r.output


def test_cli_hessian_json_has_one_object_per_block():
    import json
    r = CliRunner().invoke(main, ["hessian", "x' * A * y + y' * y", "-x", "x,y", "-f", "json"])
    assert r.exit_code == 0, r.output
    objs = [json.loads(line) for line in r.output.splitlines()]
    assert [o["block"] for o in objs] == [["x", "x"], ["x", "y"], ["y", "x"], ["y", "y"]]
    assert objs[1]["result"]["text"] == "A" and objs[1]["shape"] == ["n", "m"]
    assert all(o["check"]["status"] == "verified" for o in objs)
