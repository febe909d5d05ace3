"""Cells of notebook 04: logistic regression by gradient descent and Newton's method with matcalc's gradient and Hessian."""

CELLS = [
("markdown", r"""
# Logistic regression: gradient descent and Newton's method

The lectures motivate matrix calculus with training: "좋은 파라미터는 gradient descent 로
찾게 됨" (good parameters are found by gradient descent, 경사 하강법 — seed 003), and the
Hessian's curvature information (seed 003, §5.7) is what Newton's method adds. This notebook
fits a logistic regression to a synthetic data set with both methods, using only the
gradient and Hessian that matcalc derived, evaluated with `Derivative.evaluate`.

The model: labels yᵢ ∈ {0, 1}, features xᵢ (the rows of X, with a constant 1 for the
intercept), P(yᵢ = 1) = σ(xᵢᵀw). The negative log-likelihood is

  L(w) = Σᵢ [log(1 + exp(xᵢᵀw)) − yᵢ xᵢᵀw] = sum(softplus(Xw)) − yᵀXw.
"""),
("code", r"""
import importlib.util

import matplotlib.pyplot as plt
import numpy as np

import matcalc as mc

DECL = dict(X="matrix(N, p)", w="vector(p)", y="vector(N)")
LOSS = "sum(softplus(X * w)) - y' * X * w"

gradient = mc.diff(LOSS, "w", **DECL)
hessian = mc.hessian(LOSS, "w", **DECL)
gradient
"""),
("markdown", r"""
A derivative displays itself as LaTeX with its kind, layout and shape; the Hessian as
∂²L/∂w∂wᵀ. For SymPy users, `to_sympy()` gives the same result as a SymPy matrix expression
(σ applied entry by entry is SymPy's `ElementwiseApplyFunction`):
"""),
("code", r"""
hessian
"""),
("code", r"""
gradient.to_sympy()
"""),
("markdown", r"""
Both are checked against central finite differences at random points before we rely on
them (the largest relative error is printed):
"""),
("code", r"""
print(f"gradient: {gradient.check():.1e}   Hessian: {hessian.check():.1e}")
assert gradient.check() < 1e-6 and hessian.check() < 1e-6
"""),
("markdown", r"""
## A synthetic data set (fixed seed)

Two overlapping Gaussian clouds in the plane, 200 points, labelled by a known logistic model
so that the classes are not separable (the maximum-likelihood w exists and is finite).
"""),
("code", r"""
rng = np.random.default_rng(2026)
N = 200
features = rng.normal(size=(N, 2)) * [1.5, 1.0] + [0.5, -0.3]
X = np.column_stack([np.ones(N), features])          # intercept first
w_true = np.array([-0.5, 2.0, -1.5])
y = (rng.random(N) < 1 / (1 + np.exp(-X @ w_true))).astype(float)
print("X:", X.shape, "  labels: ", int(y.sum()), "ones,", int(N - y.sum()), "zeros")


def loss(w):
    z = X @ w
    return np.sum(np.logaddexp(0, z)) - y @ z


def grad(w):
    return gradient.evaluate({"X": X, "y": y, "w": w}).ravel()


def hess(w):
    return hessian.evaluate({"X": X, "y": y, "w": w})
"""),
("markdown", r"""
The gradient at our data, against central differences of the loss computed by hand in
NumPy (a second, independent check, at the starting point w = 0):
"""),
("code", r"""
w0 = np.zeros(3)
h = 1e-6
fd = np.array([(loss(w0 + h * e) - loss(w0 - h * e)) / (2 * h) for e in np.eye(3)])
print("matcalc's gradient:", grad(w0), "\nfinite differences:", fd)
np.testing.assert_allclose(grad(w0), fd, rtol=1e-6)
"""),
("markdown", r"""
## Gradient descent and Newton's method

Gradient descent: w ← w − η ∇L(w) with a fixed step η = 1/(¼ λ_max(XᵀX)) — ¼XᵀX bounds the
Hessian (σ' ≤ ¼), so this step cannot overshoot. Newton: w ← w − ∇²L(w)⁻¹ ∇L(w).
"""),
("code", r"""
step = 1 / (0.25 * np.linalg.eigvalsh(X.T @ X).max())

w = w0.copy()
gd_losses = [loss(w)]
for _ in range(300):
    w = w - step * grad(w)
    gd_losses.append(loss(w))
w_gd = w

w = w0.copy()
newton_losses = [loss(w)]
for _ in range(10):
    w = w - np.linalg.solve(hess(w), grad(w))
    newton_losses.append(loss(w))
w_newton = w

print("gradient descent, 300 steps:", w_gd.round(4), f"  L = {gd_losses[-1]:.6f}")
print("Newton, 10 steps:           ", w_newton.round(4), f"  L = {newton_losses[-1]:.6f}")
print("the model that generated the labels:", w_true)
print(f"|∇L| at Newton's solution: {np.linalg.norm(grad(w_newton)):.1e}")
np.testing.assert_allclose(w_gd, w_newton, atol=1e-3)
"""),
("code", r"""
best = min(newton_losses)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
left.semilogy(np.array(gd_losses) - best + 1e-16, label="gradient descent")
left.semilogy(np.array(newton_losses) - best + 1e-16, "o-", label="Newton")
left.set(xlabel="iteration", ylabel="L(w) − L(w*)", title="loss curves (log scale)",
         ylim=(1e-14, None))
left.legend()

right.scatter(*features[y == 1].T, s=12, c="C3", label="y = 1")
right.scatter(*features[y == 0].T, s=12, c="C0", label="y = 0")
u = np.linspace(features[:, 0].min(), features[:, 0].max(), 2)
for w, style, name in ((w_newton, "k-", "fitted"), (w_true, "k:", "true")):
    right.plot(u, -(w[0] + w[1] * u) / w[2], style, label=f"{name}: σ(xᵀw) = ½")
right.set(xlabel="x₁", ylabel="x₂", title="data and decision boundary",
          ylim=(features[:, 1].min() - 0.5, features[:, 1].max() + 0.5))
right.legend(fontsize=8)
fig.tight_layout()
plt.show()
"""),
("markdown", r"""
Newton's method reaches machine precision in a handful of steps (quadratic convergence once
close); gradient descent with a safe fixed step converges linearly.

## Against `torch.autograd` (seed 001's PyTorch page)

Seed 001 ends with PyTorch's autograd tutorial (`torch.autograd` 에 대한 간단한 소개):
autograd computes vector-Jacobian products Jᵀv, and for a scalar loss that *is* the
gradient. The cell below compares matcalc's closed-form gradient and Hessian with autograd's
at two points. It runs only when torch is importable; where it is not installed, the cell
says so and compares nothing (matcalc's results are still checked above against finite
differences).
"""),
("code", r"""
if importlib.util.find_spec("torch") is None:
    print("torch is not installed in this environment: the autograd comparison was skipped.")
else:
    import torch

    Xt, yt = torch.tensor(X), torch.tensor(y)

    def torch_loss(w):
        z = Xt @ w
        return torch.nn.functional.softplus(z).sum() - yt @ z

    for w in (w0, w_true):          # points where the gradient is far from zero
        wt = torch.tensor(w, requires_grad=True)
        torch_loss(wt).backward()
        torch_hessian = torch.autograd.functional.hessian(torch_loss, torch.tensor(w))
        print(f"at w = {w}:\n  autograd gradient: {wt.grad.numpy()}\n  matcalc gradient:  {grad(w)}")
        np.testing.assert_allclose(grad(w), wt.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(hess(w), torch_hessian.numpy(), rtol=1e-10)
    print("gradient and Hessian agree with torch.autograd")
"""),
]
