"""Hessians: differentiate the gradient again."""
import matcalc as mc
from matcalc.diff import Tensor, hessian, derive
from matcalc.simplify import present
from conftest import assert_derivative, assert_numeric

x = mc.vector("x", "n")
A = mc.matrix("A", "n")
b = mc.vector("b", "n")
X = mc.matrix("X", "n", "m")


def test_quadratic_form_hessian_is_A_plus_AT():
    H = hessian(x.T @ A @ x, x)
    assert H.expr == mc.simplify(A + A.T)
    assert H.shape == (x.shape[0], x.shape[0])
    assert_numeric(H)


def test_cookbook_gradient_and_hessian_example():
    # f = xᵀAx + bᵀx: ∇f = (A + Aᵀ)x + b, ∇²f = A + Aᵀ  (Cookbook §2.4.4)
    f = x.T @ A @ x + b.T @ x
    g = derive(f, x)
    assert g.expr == present(mc.simplify((A + A.T) @ x + b))
    assert_derivative(g, "(A + Aᵀ)x + b")
    H = hessian(f, x)
    assert H.expr == present(mc.simplify(A + A.T))
    assert_numeric(H)


def test_hessian_of_a_linear_function_is_zero():
    H = hessian(b.T @ x, x)
    assert H.expr == mc.core.expr.Zero(x.shape[0], x.shape[0])
    assert_numeric(H)


def test_zero_hessian_with_respect_to_a_scalar():
    # used to fail: the zero Hessian's kind was "matrix-by-matrix" for a scalar variable
    alpha, beta = mc.scalar("alpha"), mc.scalar("beta")
    H = hessian(alpha * beta, alpha)
    assert H.kind == "scalar-by-scalar"
    assert H.expr == mc.core.expr.Zero(1, 1)
    assert_numeric(H)


def test_zero_hessian_with_respect_to_a_matrix_is_a_zero_tensor():
    W1 = mc.matrix("W1", "m", "n")
    H = hessian(mc.tr(mc.matrix("B", "n", "m") @ W1), W1)
    assert H.kind == "matrix-by-matrix" and isinstance(H.expr, Tensor)
    assert H.to_latex() == (r"\frac{\partial \operatorname{vec} \nabla f}"
                            r"{\partial \operatorname{vec} W_{1}} = \mathbf{0}")
    assert_numeric(H)


def test_hessian_with_respect_to_a_matrix_is_a_tensor():
    H = hessian(mc.tr(X.T @ X), X)          # ∇ = 2X, ∇² = 2 I_{nm}
    assert isinstance(H.expr, Tensor)
    assert_numeric(H)


def test_nonlinear_hessian():
    H = hessian(mc.exp(b.T @ x) + mc.logdet(mc.eye("n") + x @ x.T), x)
    assert_numeric(H)


def test_mixed_second_derivative():
    y = mc.vector("y", "n")
    g = derive(x.T @ A @ y, x)              # Ay
    h = derive(g.expr, y)                   # A
    assert h.expr == A
    assert_numeric(h)
