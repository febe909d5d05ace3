"""Vector by matrix, matrix by vector, matrix by matrix: index form and vec form."""
import matcalc as mc
from matcalc.diff import Tensor, derive
from conftest import assert_numeric

A = mc.matrix("A", "M", "N")
x = mc.vector("x", "N")
R = mc.matrix("R", "M", "N")
X = mc.matrix("X", "p", "q")
B = mc.matrix("B", "q", "r")


def test_Ax_by_A_is_delta_x():
    # seed 003, Example 5.12: ∂f_i/∂A_jk = δ_ij x_k, an M×(M×N) tensor
    d = derive(A @ x, A)
    assert isinstance(d.expr, Tensor)
    assert d.shape == (A.shape[0], A.shape[0], A.shape[1])
    assert d.expr.index_form == "∂f_i/∂A_kl = δ_ik x_l"
    assert d.to_latex().startswith(
        r"\frac{\partial f_{i}}{\partial {A}_{kl}} = \delta_{ik} {x}_{l}, \qquad ")
    assert_numeric(d)


def test_RTR_by_R():
    # seed 003, Example 5.13: K = RᵀR, dK/dR is (N×N)×(M×N), ∂K_pq/∂R_ij = δ_qj R_ip + δ_pj R_iq
    d = derive(R.T @ R, R)
    assert d.shape == (R.shape[1], R.shape[1], R.shape[0], R.shape[1])
    assert d.expr.index_form in ("∂F_ij/∂R_kl = δ_il R_kj + δ_jl R_ki",
                                 "∂F_ij/∂R_kl = δ_jl R_ki + δ_il R_kj")
    assert_numeric(d)


def test_XB_by_X_vec_form_is_kronecker():
    d = derive(X @ B, X)
    assert d.expr.vec == mc.simplify(mc.kron(B.T, mc.eye("p")))
    assert d.expr.index_form == "∂F_ij/∂X_kl = δ_ik B_lj"
    assert_numeric(d)


def test_transpose_vec_form_uses_the_commutation_matrix():
    d = derive(X.T, X)
    assert d.expr.vec == mc.core.build.commutation("p", "q")
    assert_numeric(d)
