"""The lecture notes' examples (../shared/seeds/), each compared with the seed's closed form
where it gives one, and numerically always."""
import matcalc as mc
from matcalc.diff import Tensor, derive
from conftest import assert_numeric


def book(e):
    """A closed form from the notes, in the engine's printed form (canonical, then
    simplify.present)."""
    return mc.present(mc.simplify(e))


def test_seed001_loss_of_a_linear_layer():
    # L = ½‖Wᵀh − y‖², W is 3×2: ∂L/∂W = h(Wᵀh − y)ᵀ
    W = mc.matrix("W", 3, 2)
    h = mc.vector("h", 3)
    y = mc.vector("y", 2)
    d = derive(mc.core.build.num("0.5") * mc.norm2(W.T @ h - y) ** 2, W)
    assert d.shape == W.shape
    assert d.expr == book(h @ (W.T @ h - y).T)
    assert_numeric(d)


def test_seed001_output_by_weights_is_3x1x2():
    # Ŷ = Wᵀh: ∂Ŷ/∂W has shape (2) × (3×2) — the seed's "(3 × 1 × 2)" per output entry
    W = mc.matrix("W", 3, 2)
    h = mc.vector("h", 3)
    d = derive(W.T @ h, W)
    assert isinstance(d.expr, Tensor)
    assert [int(s) for s in d.shape] == [2, 3, 2]
    assert d.expr.index_form == "∂f_i/∂W_kl = δ_il h_k"
    assert_numeric(d)


def test_seed001_three_layer_network():
    # H1 = W1ᵀX, H2 = W2ᵀH1, Ŷ = W3ᵀH2, L = Σ(Ŷ − Y)²
    X = mc.matrix("X", "d", "b")
    Y = mc.matrix("Y", "c", "b")
    W1, W2, W3 = mc.matrix("W1", "d", "h"), mc.matrix("W2", "h", "g"), mc.matrix("W3", "g", "c")
    E_ = W3.T @ W2.T @ W1.T @ X - Y
    L = mc.sum(E_ ** 2)
    for W in (W1, W2, W3):
        assert_numeric(derive(L, W))
    assert derive(L, W3).expr == book(2 * W2.T @ W1.T @ X @ E_.T)


def test_seed003_example_5_6_chain_rule():
    # f(x, y) = (x + 2y³)²: ∂f/∂x = 2(x + 2y³), ∂f/∂y = 12(x + 2y³)y²
    x, y = mc.scalar("x"), mc.scalar("y")
    u = x + 2 * y ** 3
    f = u ** 2
    dx, dy = derive(f, x), derive(f, y)
    assert dx.expr == book(2 * u)
    assert dy.expr == book(12 * u * y ** 2)
    assert_numeric(dx)
    assert_numeric(dy)


def test_seed003_example_5_7_gradient():
    # f = x1²x2 + x1x2³: ∂f/∂x1 = 2x1x2 + x2³, ∂f/∂x2 = x1² + 3x1x2²
    x1, x2 = mc.scalar("x1"), mc.scalar("x2")
    f = x1 ** 2 * x2 + x1 * x2 ** 3
    d1, d2 = derive(f, x1), derive(f, x2)
    assert d1.expr == book(2 * x1 * x2 + x2 ** 3)
    assert d2.expr == book(x1 ** 2 + 3 * x1 * x2 ** 2)
    assert_numeric(d1)
    assert_numeric(d2)


def test_seed003_example_5_9_jacobian_of_Ax():
    A = mc.matrix("A", "M", "N")
    x = mc.vector("x", "N")
    d = derive(A @ x, x)
    assert d.expr == A
    assert d.shape == A.shape
    assert_numeric(d)
    # numerator layout is the same Jacobian, denominator its transpose (seeds 000/001)
    assert derive(A @ x, x, "numerator").expr == A
    assert derive(A @ x, x, "denominator").expr == book(A.T)


def test_seed004_y_Wx():
    W = mc.matrix("W", "A", "B")
    x = mc.vector("x", "B")
    d = derive(W @ x, x)
    assert d.expr == W
    assert_numeric(d)


def test_seed004_vector_by_matrix_y_Wx():
    # ∂y_i/∂W_jk = δ_ij x_k: one nonzero row of W per output entry
    W = mc.matrix("W", "A", "B")
    x = mc.vector("x", "B")
    d = derive(W @ x, W)
    assert d.expr.index_form == "∂f_i/∂W_kl = δ_ik x_l"
    assert_numeric(d)


def test_seed004_Y_XW():
    # ∂Y_ij/∂X_ik = W_kj
    X = mc.matrix("X", "N", "D")
    W = mc.matrix("W", "D", "M")
    d = derive(X @ W, X)
    assert d.expr.index_form == "∂F_ij/∂X_kl = δ_ik W_lj"
    assert_numeric(d)


def test_seed004_y_VWx_chain_rule():
    V = mc.matrix("V", "A", "M")
    W = mc.matrix("W", "M", "B")
    x = mc.vector("x", "B")
    d = derive(V @ W @ x, x)
    assert d.expr == book(V @ W)
    assert_numeric(d)


def test_seed003_mml_identities_numerator_layout():
    # MML (5.104)–(5.108), numerator layout
    n = "n"
    x, a, s = mc.vector("x", n), mc.vector("a", n), mc.vector("s", "m")
    B = mc.matrix("B", n)
    Wm = mc.matrix("W", n, symmetric=True)
    A = mc.matrix("A", n, "m")
    assert derive(x.T @ a, x, "numerator").expr == book(a.T)          # 5.104
    assert derive(a.T @ x, x, "numerator").expr == book(a.T)          # 5.105
    d = derive(x.T @ B @ x, x, "numerator")                                  # 5.107
    assert d.expr == book(x.T @ (B + B.T))
    assert_numeric(d)
    r = x - A @ s
    d = derive(r.T @ Wm @ r, s, "numerator")                                 # 5.108
    assert d.expr == book(-2 * r.T @ Wm @ A)
    assert_numeric(d)
