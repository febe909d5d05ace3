"""Vector by matrix, matrix by vector, matrix by matrix: index form and vec form."""
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
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


def test_tensor_text_ascii_and_latex_from_printing():
    d = derive(A @ x, A)
    assert str(d.expr) == ("∂f_i/∂A_kl = δ_ik x_l\n∂vec f/∂vec A = xᵀ ⊗ I(M)\n"
                           "(a 3-index tensor of shape M×M×N)")
    assert d.expr.to_ascii() == ("df_i/dA_kl = delta_ik x_l\ndvec(f)/dvec(A) = kron(x', I(M))\n"
                                 "(a 3-index tensor of shape M x M x N)")
    assert d.to_latex() == (
        r"\frac{\partial f_{i}}{\partial {A}_{kl}} = \delta_{ik} {x}_{l}, \qquad "
        r"\frac{\partial \operatorname{vec} f}{\partial \operatorname{vec} A} = "
        r"\mathbf{x}^\top \otimes \mathbf{I}_{M}")
    assert_numeric(d)


def test_cli_ascii_tensor_is_ascii():
    r = CliRunner().invoke(main, ["diff", "X * B", "-x", "X", "-f", "ascii"])
    assert r.exit_code == 0, r.output
    body = r.output.splitlines()[1:4]              # index form, vec form, shape
    assert body[:2] == ["dF_ij/dX_kl = delta_ik B_lj", "dvec(F)/dvec(X) = kron(B', I(n))"]
    assert all(line.isascii() for line in body), body
    assert "✓" in r.output                          # checked against finite differences
