"""Cells of notebook 02: seed 001's toy network, ∂L/∂W the long way and the direct way, then backpropagation (mc.backprop)."""

CELLS = [
("markdown", r"""
# Seed 001's toy network: the chain rule through a tensor, then backpropagation

Seed 001 (노기섭, *선형시스템에서의 편미분, aka 행렬미분*) ends with a "Play with Toy Example":
one linear layer

  ŷ = Wᵀh,  W ∈ ℝ³ˣ², h ∈ ℝ³, ŷ ∈ ℝ²,  L(θ) = ½ ‖ŷ − y‖² = ½ Σᵢ (ŷᵢ − yᵢ)²,

and the derivative of the loss by the weight matrix through the chain rule (연쇄법칙,
합성함수의 미분):

  ∂L/∂W = ∂L/∂ŷ · ∂ŷ/∂W

where ∂L/∂ŷ is a scalar differentiated by a vector (Scalar를 vector로 미분, a 2-vector) and
∂ŷ/∂W a vector differentiated by a matrix (Vector를 Matrix로 미분, a 3×2×2 tensor). The
seed writes out the tensor's 12 entries, contracts it with ∂L/∂ŷ by hand over a full slide,
cancels the zero terms, and arrives at ∂L/∂w_kl = ∂L/∂ŷ_l · h_k — and then the student asks
"교수님... 간단한 연산 방법은 없나요?" (is there no simpler way?).

This notebook does the long way with matcalc's tensor and NumPy's `einsum`, then the simple
way (matcalc's closed form), and shows they agree. The pieces come from one program with named
intermediates, `yhat = W'*h; L(W) = 0.5*norm2(yhat - y)^2`, which `mc.backprop` differentiates
statement by statement (the chain of Jacobians). The seed's toy example is symbolic
(h₁ⁱ, h₂ⁱ, h₃ⁱ, w₁₁ … w₃₂); we give it small numbers, keeping its sizes.
"""),
("code", r"""
import numpy as np
from IPython.display import display

import matcalc as mc

DECL = dict(W="matrix(3, 2)", h="vector(3)", y="vector(2)")
h = np.array([1.0, 2.0, 3.0])
W = np.array([[0.5, -1.0],
              [1.0, 0.5],
              [-0.5, 1.0]])
y = np.array([0.0, 1.0])
yhat = W.T @ h
print("ŷ = Wᵀh =", yhat, "   L =", 0.5 * np.sum((yhat - y) ** 2))
"""),
("markdown", r"""
## ∂ŷ/∂W: the 3-index tensor (Play with Toy Example 4/8)

The seed's network as a program of two named statements. `mc.backprop` derives each
statement's local derivative by the names it uses: ∂ŷ/∂W, the vector Wᵀh by the matrix W, is a
tensor, reported in index form (δ is the Kronecker delta) and as ∂vec ŷ/∂vec W:
"""),
("code", r"""
toy = mc.backprop("yhat = W'*h; L(W) = 0.5*norm2(yhat - y)^2", **DECL)
local = {(j.of, j.by): j.derivative for j in toy.locals}
dyhat_dW = local["yhat", "W"]
print(dyhat_dW)
print("kind:", dyhat_dW.kind, "  shape:", dyhat_dW.shape, f"  check: {dyhat_dW.check():.1e}")
"""),
("markdown", r"""
Evaluated at our h, the array T has axes (i, k, l) for ∂ŷᵢ/∂w_kl. Its two slices are the
seed's two matrices: ∂ŷ₁/∂W = [[h₁, 0], [h₂, 0], [h₃, 0]] and ∂ŷ₂/∂W = [[0, h₁], [0, h₂],
[0, h₃]] — with h = (1, 2, 3) the entries read off directly.
"""),
("code", r"""
T = dyhat_dW.evaluate({"W": W, "h": h})
print("T.shape =", T.shape)
print("∂ŷ₁/∂W =\n", T[0])
print("∂ŷ₂/∂W =\n", T[1])
seed_slices = [np.column_stack([h, np.zeros(3)]), np.column_stack([np.zeros(3), h])]
np.testing.assert_allclose(T, np.stack(seed_slices))
print("the seed arranges the same numbers as (3 × 2 × 2):", np.moveaxis(T, 0, -1).shape)
"""),
("markdown", r"""
## ∂L/∂ŷ: a scalar by a vector (Play with Toy Example 2/8)
"""),
("code", r"""
dL_dyhat = local["L", "yhat"]
print(dL_dyhat, f"   check: {dL_dyhat.check():.1e}")
g = dL_dyhat.evaluate({"yhat": yhat, "y": y}).ravel()
print("at our point:", g)
"""),
("markdown", r"""
## The long way: contract the vector with the tensor (Play with Toy Example 5/8–8/8)

∂L/∂w_kl = Σᵢ ∂L/∂ŷᵢ · ∂ŷᵢ/∂w_kl — a sum over the output index i, which is one `einsum`.
The seed's six hand-computed lines (손으로 직접 최종 값 구해보기) are its entries:
"""),
("code", r"""
dL_dW_long = np.einsum("i,ikl->kl", g, T)
for k in range(3):
    for l in range(2):
        terms = " + ".join(f"({g[i]:+.2f})·({T[i, k, l]:.0f})" for i in range(2))
        print(f"∂L/∂w{k + 1}{l + 1} = Σᵢ ∂L/∂ŷᵢ · ∂ŷᵢ/∂w{k + 1}{l + 1} = {terms} "
              f"= {dL_dW_long[k, l]:+.2f}   (the seed: ∂L/∂ŷ{l + 1} × h{k + 1} = "
              f"{g[l] * h[k]:+.2f})")
np.testing.assert_allclose(dL_dW_long, np.outer(h, g))
"""),
("markdown", r"""
Half of the products vanish (the seed crosses them out on slide 8/8): ∂ŷᵢ/∂w_kl is zero
unless i = l. That is the δ_il in matcalc's index form.

## The direct way: matcalc's closed form

Differentiating L(W) = ½‖Wᵀh − y‖² by W directly gives a matrix of W's shape — the answer
to the student's question. It equals the contraction above:
"""),
("code", r"""
dL_dW = mc.diff("L = 0.5 * norm2(W' * h - y)^2", "W", **DECL)
print(repr(dL_dW), f"   check: {dL_dW.check():.1e}")
dL_dW_direct = dL_dW.evaluate({"W": W, "h": h, "y": y})
print(dL_dW_direct)
np.testing.assert_allclose(dL_dW_direct, dL_dW_long)
"""),
("markdown", r"""
How matcalc got there, one rule a line with its Matrix Cookbook equation:
"""),
("code", r"""
print(dL_dW.steps_text())
"""),
("markdown", r"""
The same result typeset (its `_repr_latex_`, Cookbook notation; the function's name L comes
from the text `L = ...`):
"""),
("code", r"""
display(dL_dW)
"""),
("markdown", r"""
The chain of Jacobians of the program, as `mc.backprop` prints it: the statements, the local
derivatives, the backward pass (δ_yhat = ∂L/∂ŷ, the vector the seed contracts with the
tensor) and the gradient in terms of δ, multiplied out — the same closed form as above:
"""),
("code", r"""
print(toy.steps_text())
np.testing.assert_allclose(toy.gradients["W"].evaluate({"W": W, "h": h, "y": y}), dL_dW_long)
"""),
("markdown", r"""
## Seed 004's recipe and the composite of linear layers

Seed 004 (a blog post on 벡터미분, after Stanford CS231n's "vecDerivs" note) teaches the same
thing one entry at a time: write a single scalar entry, expand the sum, differentiate.
For y = Wx, ∂y₃/∂x₇ = W₃₇, so ∂y/∂x = W; for Y = XW, ∂Y_ij/∂X_ik = W_kj; and for the
composite y = VWx (합성함수의 미분), with m = Wx, ∂y/∂x = ∂y/∂m · ∂m/∂x = VW.
matcalc's answers, checked entry by entry at random matrices:
"""),
("code", r"""
rng = np.random.default_rng(4)
W4, V4 = rng.normal(size=(5, 8)), rng.normal(size=(4, 5))
X4, x4 = rng.normal(size=(3, 5)), rng.normal(size=8)

d = mc.diff("W * x", "x", W="matrix(5, 8)", x="vector(8)")
J = d.evaluate({"W": W4, "x": x4})
print("∂(Wx)/∂x =", d, f"   ∂y₃/∂x₇ = {J[2, 6]:.4f} = W₃₇ = {W4[2, 6]:.4f}")
np.testing.assert_allclose(J, W4)

d = mc.diff("X * W", "X", X="matrix(3, 5)", W="matrix(5, 8)")
print(d)
T4 = d.evaluate({"X": X4, "W": W4})          # axes (i, j, k, l): ∂Y_ij/∂X_kl
np.testing.assert_allclose(T4, np.einsum("ik,lj->ijkl", np.eye(3), W4))

d = mc.diff("V * W * x", "x", V="matrix(4, 5)", W="matrix(5, 8)", x="vector(8)")
J_y_m = mc.diff("V * m", "m", V="matrix(4, 5)", m="vector(5)").evaluate({"V": V4, "m": W4 @ x4})
J_m_x = mc.diff("W * x", "x", W="matrix(5, 8)", x="vector(8)").evaluate({"W": W4, "x": x4})
print("∂(VWx)/∂x =", d, f"   check {d.check():.0e}")
np.testing.assert_allclose(d.evaluate({"V": V4, "W": W4, "x": x4}), J_y_m @ J_m_x)
"""),
("markdown", r"""
Seed 001 views a deep linear network the same way (선형 시스템을 합성함수로 바라보기):
H₁ = W₁ᵀX, H₂ = W₂ᵀH₁, Ŷ = W₃ᵀH₂, L = Σ(Ŷ − Y)², i.e. L = l ∘ p ∘ g ∘ f. Its gradient
with respect to each weight matrix:
"""),
("code", r"""
deep = "sum((W3' * W2' * W1' * X - Y) .^ 2)"
for name in ("W1", "W2", "W3"):
    d = mc.diff(deep, name)
    print(f"∂L/∂{name} = {d}    shape {'×'.join(map(str, d.shape))}, check {d.check():.0e}")
"""),
("markdown", r"""
## Two layers with a sigmoid: backpropagation as a product of Jacobians

Now the network of seed 001's "딥러닝에서의 미분구조" with a nonlinearity between two layers:

  z = W₁ᵀx,  a = σ(z),  ŷ = W₂ᵀa,  L = ½‖ŷ − y‖²,   x ∈ ℝ⁴, W₁ ∈ ℝ⁴ˣ³, W₂ ∈ ℝ³ˣ².

Backpropagation (역전파) is the chain rule applied from the loss backwards, reusing the
products already formed — MML eqs. 5.115–5.118 (seed 003):

  ∂L/∂W₂ = ∂L/∂ŷ · ∂ŷ/∂W₂,   ∂L/∂W₁ = ∂L/∂ŷ · ∂ŷ/∂a · ∂a/∂z · ∂z/∂W₁.

The network is a program of named statements; `mc.backprop` derives each local derivative
(numerator layout: Jacobians are outputs × inputs, the gradient of the loss is a row), the
δ's of the backward pass and each gradient, first in δ's and then multiplied out:
"""),
("code", r"""
NET = dict(W1="matrix(4, 3)", W2="matrix(3, 2)", x="vector(4)", y="vector(2)")
rng = np.random.default_rng(1)
x = rng.normal(size=4)
W1 = rng.normal(size=(4, 3))
W2 = rng.normal(size=(3, 2))
y = np.array([1.0, 0.0])

net = mc.backprop("z = W1'*x; a = sigmoid(z); yhat = W2'*a; L(W1, W2) = 0.5*norm2(yhat - y)^2",
                  layout="numerator", **NET)
print(net.steps_text())
"""),
("markdown", r"""
The local derivatives are Derivatives like any other, each checked against finite
differences; the two by a weight matrix are tensors:
"""),
("code", r"""
local = {f"∂{j.of}/∂{j.by}": j.derivative for j in net.locals}
for name, d in local.items():
    print(f"{name:9} ({d.kind}, {'×'.join(map(str, d.shape))}, check {d.check():.0e})")
"""),
("code", r"""
# the forward pass
z = W1.T @ x
a = 1 / (1 + np.exp(-z))
yhat = W2.T @ a

# the local derivatives at this point
g_yhat = local["∂L/∂yhat"].evaluate({"yhat": yhat, "y": y})        # 1×2
J_yhat_a = local["∂yhat/∂a"].evaluate({"W2": W2, "a": a})          # 2×3
J_a_z = local["∂a/∂z"].evaluate({"z": z})                         # 3×3
T_z_W1 = local["∂z/∂W1"].evaluate({"W1": W1, "x": x})             # 3×4×3 (i, k, l)
T_yhat_W2 = local["∂yhat/∂W2"].evaluate({"W2": W2, "a": a})       # 2×3×2

# backwards: a row vector times Jacobians, contracted with the last tensor
delta_yhat = g_yhat.ravel()
delta_z = delta_yhat @ J_yhat_a @ J_a_z
backprop = {"W2": np.einsum("i,ikl->kl", delta_yhat, T_yhat_W2),
            "W1": np.einsum("i,ikl->kl", delta_z, T_z_W1)}
print("δ at ŷ:", delta_yhat, "\nδ at z:", delta_z)
"""),
("markdown", r"""
The closed forms the chain multiplies out to (`net.gradients`), and matcalc's closed-form
gradients of the whole loss derived in one go from L(W₁, W₂) = ½‖W₂ᵀσ(W₁ᵀx) − y‖², without
any per-layer bookkeeping — equal to each other and to the numbers above:
"""),
("code", r"""
loss = "L = 0.5 * norm2(W2' * sigmoid(W1' * x) - y)^2"
values = {"W1": W1, "W2": W2, "x": x, "y": y}
for name in ("W2", "W1"):
    d = mc.diff(loss, name, **NET)
    closed = d.evaluate(values)
    chain = net.gradients[name]
    print(repr(d))
    print(f"    check against finite differences: {d.check():.1e} (the chain's: "
          f"{chain.check():.1e}); max |backprop − closed form| = "
          f"{np.abs(backprop[name] - closed).max():.1e}")
    np.testing.assert_allclose(backprop[name], closed, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(chain.evaluate(values), closed, rtol=1e-10, atol=1e-12)
"""),
("markdown", r"""
The product of local Jacobians and the closed form agree to rounding. Backpropagation never
forms the tensors ∂ŷ/∂W₂ and ∂z/∂W₁ in practice: contracting a row vector with them is
always an outer product (δ_il in their index forms), e.g. ∂L/∂W₁ = x δ_zᵀ — which is what
matcalc's closed form says.
"""),
("code", r"""
np.testing.assert_allclose(backprop["W1"], np.outer(x, delta_z))
np.testing.assert_allclose(backprop["W2"], np.outer(a, delta_yhat))
print("∂L/∂W₁ = x δ_zᵀ and ∂L/∂W₂ = a δ_ŷᵀ: verified at this point")
for name, g in net.by_deltas.items():
    print(f"mc.backprop's ∂L/∂{name} in δ's: {g}")
"""),
]
