"""Cells of notebook 03: Mathematics for Machine Learning ch. 5 (seed 003), the §5.5 identities, the Hessian and Taylor."""

CELLS = [
("markdown", r"""
# *Mathematics for Machine Learning*, chapter 5, with matcalc

Seed 003 is a set of Korean lecture notes on chapter 5 (Vector Calculus) of Deisenroth,
Faisal and Ong, *Mathematics for Machine Learning* (MML). This notebook works through its
examples with matcalc: partial derivatives (편미분) and gradients (Examples 5.6, 5.7), the
Jacobian of a vector-valued function (5.9), gradients of matrices — tensors (5.12, 5.13),
the identities of §5.5 (eqs. 5.99–5.110), and the Hessian with the Taylor approximation
(테일러 전개, eqs. 5.147–5.151). MML uses **numerator layout** (gradients are rows), so
that is the layout asked for wherever it matters. Every derivative is checked against
central finite differences (`d.check()` returns the largest relative error).
"""),
("code", r"""
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown, display

import matcalc as mc
from matcalc import catalogue
from matcalc.identity_check import totals, verify

rng = np.random.default_rng(5)
SCALARS = dict(x="scalar", y="scalar")


def at(**values):
    "name=number -> name: 1×1 array (the form Derivative.evaluate takes)"
    return {k: np.array([[float(v)]]) for k, v in values.items()}
"""),
("markdown", r"""
## Example 5.6: partial derivatives by the chain rule

f(x, y) = (x + 2y³)². MML (5.41)–(5.42): ∂f/∂x = 2(x + 2y³), ∂f/∂y = 12(x + 2y³)y².
matcalc derives both; we compare them with the book's formulas, written in NumPy, at a few
points.
"""),
("code", r"""
f = "(x + 2*y^3)^2"
dfdx, dfdy = mc.diff(f, ["x", "y"], **SCALARS)
print("∂f/∂x =", dfdx, f"   check {dfdx.check():.1e}")
print("∂f/∂y =", dfdy, f"   check {dfdy.check():.1e}")
for x0, y0 in rng.normal(size=(3, 2)):
    np.testing.assert_allclose(dfdx.evaluate(at(x=x0, y=y0)), 2 * (x0 + 2 * y0**3))
    np.testing.assert_allclose(dfdy.evaluate(at(x=x0, y=y0)), 12 * (x0 + 2 * y0**3) * y0**2)
print("equal to MML (5.41) and (5.42) at three random points")
"""),
("markdown", r"""
## Example 5.7: the gradient collects the partial derivatives in a row

f(x₁, x₂) = x₁²x₂ + x₁x₂³; MML (5.45): df/dx = [2x₁x₂ + x₂³, x₁² + 3x₁x₂²] ∈ ℝ¹ˣ².
"""),
("code", r"""
f = "x1^2 * x2 + x1 * x2^3"
partials = mc.diff(f, ["x1", "x2"], x1="scalar", x2="scalar")
for name, d in zip(("x1", "x2"), partials):
    print(f"∂f/∂{name} =", d, f"   check {d.check():.1e}")
x1, x2 = 1.5, -0.5
row = np.hstack([d.evaluate(at(x1=x1, x2=x2)) for d in partials])
print("df/dx at (1.5, −0.5) =", row, " shape", row.shape)
np.testing.assert_allclose(row, [[2 * x1 * x2 + x2**3, x1**2 + 3 * x1 * x2**2]])
"""),
("markdown", r"""
## Example 5.9: the gradient of a vector-valued function is the Jacobian

f(x) = Ax with A ∈ ℝᴹˣᴺ: df/dx = A ∈ ℝᴹˣᴺ (5.68) — "output 이 M 개이므로 로우가 M, input 이
N 개니까 칼럼이 N 개" (M outputs give M rows, N inputs N columns).
"""),
("code", r"""
d = mc.diff("A * x", "x", "numerator", A="matrix(M, N)", x="vector(N)")
display(d)
print(f"check {d.check():.1e}")
A = rng.normal(size=(3, 4))
np.testing.assert_allclose(d.evaluate({"A": A, "x": rng.normal(size=4)}), A)
"""),
("markdown", r"""
## Example 5.12: a vector by a matrix is a tensor

f = Ax, df/dA ∈ ℝᴹˣ⁽ᴹˣᴺ⁾ (5.86), with ∂fᵢ/∂A_iq = x_q (5.89): the partial derivative of fᵢ
by A is zero except its i-th row, which is xᵀ (5.90–5.91).
"""),
("code", r"""
d = mc.diff("A * x", "A", A="matrix(M, N)", x="vector(N)")
display(d)
print(f"check {d.check():.1e}")
M, N = 3, 4
x = rng.normal(size=N)
T = d.evaluate({"A": rng.normal(size=(M, N)), "x": x})
print("shape", T.shape, "= M × (M × N)")
print("∂f₂/∂A =\n", T[1].round(3))
for i in range(M):
    expected = np.zeros((M, N))
    expected[i] = x                       # (5.91): only row i is nonzero, and it is xᵀ
    np.testing.assert_allclose(T[i], expected)
"""),
("markdown", r"""
## Example 5.13: a matrix by a matrix

K = RᵀR with R ∈ ℝᴹˣᴺ, dK/dR ∈ ℝ⁽ᴺˣᴺ⁾ˣ⁽ᴹˣᴺ⁾ (5.94). With K_pq = Σₘ R_mp R_mq (5.96),
∂K_pq/∂R_ij = δ_qj R_ip + δ_pj R_iq (5.98: R_iq if j = p ≠ q, R_ip if j = q ≠ p, 2R_iq if
j = p = q, 0 otherwise). matcalc's index form uses F_ij/X_kl for the indices; the 4-index
array is compared with (5.98) entry by entry.
"""),
("code", r"""
d = mc.diff("R' * R", "R", R="matrix(M, N)")
display(d, d.derivation)
print(f"check {d.check():.1e}")
M, N = 3, 2
R = rng.normal(size=(M, N))
T = d.evaluate({"R": R})
print("shape", T.shape, "= (N × N) × (M × N)")
book = np.zeros((N, N, M, N))
for p in range(N):
    for q in range(N):
        for i in range(M):
            for j in range(N):
                book[p, q, i, j] = (j == q) * R[i, p] + (j == p) * R[i, q]
np.testing.assert_allclose(T, book)
"""),
("markdown", r"""
## §5.5 Useful identities for computing gradients (5.99–5.110)

The catalogue `matcalc.catalogue.load("mml-5")` lists MML's identities as data: the
function, the variable, the declarations, the layout. Below, matcalc **derives** each one
with `mc.diff` from that statement alone. Eqs. 5.99–5.102 hold for any f(X); the catalogue
instantiates them with f(X) = AXB, and since their right-hand sides are differentials
(∂f(X)/∂X inside a trace or a product) the derived differential dF is shown for them. The
last column, the book's form, is the catalogue's text, shown only for comparison; "equal"
means matcalc's result and the book's agree numerically at random points
(`matcalc.identity_check.verify`).
"""),
("code", r"""
rows = ["| eq. | identity | f | by | layout | matcalc derives | check | MML prints | equal |",
        "|---|---|---|---|---|---|---|---|---|"]
for ident in catalogue.load("mml-5"):
    d = mc.diff(ident.expr, ident.var, ident.layout, **ident.declaration_dict())
    if ident.kind == "differential":
        derived, book = f"d{ident.var}: dF = {mc.present(d.differential)}", ident.differential
    else:
        derived, book = str(d), ident.expected
    error = d.check()
    agrees = verify(ident).numeric_ok
    assert error < 1e-6 and agrees, ident.id
    rows.append(f"| {ident.equation} | {ident.title} | `{ident.expr}` | {ident.var} | "
                f"{ident.layout} | {derived} | {error:.0e} | `{book}` | {'✓' if agrees else '✗'} |")
display(Markdown("\n".join(rows)))
"""),
("markdown", r"""
## The Matrix Cookbook, chapter 2

MML §5.5 quotes The Matrix Cookbook (Petersen & Pedersen, 2012). The same catalogue holds
the Cookbook's chapter 2; a few entries derived the same way, then the whole catalogue:
"""),
("code", r"""
for ident_id in ("cookbook-70", "cookbook-81", "cookbook-49", "cookbook-61", "cookbook-101"):
    ident = catalogue.get(ident_id)
    d = mc.diff(ident.expr, ident.var, ident.layout, **ident.declaration_dict())
    print(f"({ident.equation:>3}) ∂/∂{ident.var} {ident.expr:<22} = {str(d):<22} "
          f"check {d.check():.0e}   equal to the book's {ident.expected!r}: "
          f"{'✓' if verify(ident).numeric_ok else '✗'}")
verdicts = [verify(i) for i in catalogue.load() if i.supported]
print(totals(catalogue.load(), verdicts))
"""),
("markdown", r"""
## Higher-order derivatives: the Hessian (5.147)

For f(x, y) the Hessian collects the second partial derivatives,
H = [[∂²f/∂x², ∂²f/∂x∂y], [∂²f/∂y∂x, ∂²f/∂y²]]. matcalc computes a second partial derivative
by differentiating a first one again. MML's own example (Example 5.15):
f(x, y) = x² + 2xy + y³ at (x₀, y₀) = (1, 2).
"""),
("code", r"""
f = "x^2 + 2*x*y + y^3"
grad = dict(zip("xy", mc.diff(f, ["x", "y"], **SCALARS)))
second = {(a, b): mc.diff(grad[a].expr, b) for a in "xy" for b in "xy"}
for (a, b), d in second.items():
    print(f"∂²f/∂{b}∂{a} = {d}    check {d.check():.0e}")

x0 = at(x=1, y=2)
f_num = lambda x, y: x**2 + 2 * x * y + y**3
g0 = np.array([grad[a].evaluate(x0).item() for a in "xy"])
H0 = np.array([[second[a, b].evaluate(x0).item() for b in "xy"] for a in "xy"])
print("gradient at (1, 2):", g0, "\nHessian at (1, 2):\n", H0)
np.testing.assert_allclose(H0, H0.T)     # the mixed partials agree (Schwarz)
"""),
("markdown", r"""
## Linearisation and the second-order Taylor approximation (5.148–5.151)

f(x) ≈ f(x₀) + ∇f(x₀)(x − x₀) (5.148, first order) and
f(x) ≈ f(x₀) + ∇f(x₀)(x − x₀) + ½(x − x₀)ᵀ H(x₀) (x − x₀) (second order, the k ≤ 2 terms of
5.151). Plotted against f, on a line through x₀ and around x₀ in the plane:
"""),
("code", r"""
def taylor(x, y, order):
    dx = np.stack([x - 1.0, y - 2.0])
    value = f_num(1.0, 2.0) + np.tensordot(g0, dx, axes=1)
    if order == 2:
        value = value + 0.5 * np.einsum("i...,ij,j...->...", dx, H0, dx)
    return value

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
s = np.linspace(-1.5, 1.5, 201)
direction = np.array([1.0, 1.0]) / np.sqrt(2)
xs, ys = 1 + s * direction[0], 2 + s * direction[1]
left.plot(s, f_num(xs, ys), "k", lw=2, label="f(x, y) = x² + 2xy + y³")
left.plot(s, taylor(xs, ys, 1), "C0--", label="first order (5.148)")
left.plot(s, taylor(xs, ys, 2), "C3", label="second order (5.151, k ≤ 2)")
left.plot([0], [f_num(1, 2)], "ro")
left.set(xlabel="s: (x, y) = (1, 2) + s(1, 1)/√2", ylabel="value",
         title="along a line through x₀ = (1, 2)")
left.legend()

X, Y = np.meshgrid(np.linspace(-0.5, 2.5, 121), np.linspace(0.5, 3.5, 121))
levels = np.linspace(0, 60, 13)
cs = right.contour(X, Y, f_num(X, Y), levels=levels, colors="k")
right.contour(X, Y, taylor(X, Y, 2), levels=levels, colors="C3", linestyles="--")
right.clabel(cs, fontsize=7)
right.plot([1], [2], "ro")
right.set(xlabel="x", ylabel="y", title="level sets: f (black), second order (red, dashed)")
fig.tight_layout()
plt.show()
"""),
("markdown", r"""
Near x₀ the quadratic follows f closely; f is cubic in y, so the approximation drifts away
as |y − 2| grows. Since f is a polynomial of degree 3, the third-order Taylor polynomial
would be exact (MML computes it in Example 5.15).

## The same for a function of a vector: `mc.hessian`

For f: ℝᴰ → ℝ written in matrix notation matcalc returns the whole Hessian at once. A
log-sum-exp, f(x) = log Σᵢ exp(aᵢᵀx), the smooth maximum behind softmax:
"""),
("code", r"""
decl = dict(A="matrix(m, n)", x="vector(n)")
lse = "log(sum(exp(A * x)))"
G = mc.diff(lse, "x", "numerator", **decl)
H = mc.hessian(lse, "x", **decl)
display(G, H)
print(f"check: gradient {G.check():.1e}, Hessian {H.check():.1e}")

A = rng.normal(size=(5, 2))
x0 = np.array([0.3, -0.2])
f_lse = lambda x: np.log(np.exp(A @ x).sum(axis=0))
g_lse = G.evaluate({"A": A, "x": x0}).ravel()
H_lse = H.evaluate({"A": A, "x": x0})
np.testing.assert_allclose(H_lse, H_lse.T, atol=1e-12)
print("eigenvalues of H(x₀):", np.linalg.eigvalsh(H_lse).round(4), "(≥ 0: f is convex)")

s = np.linspace(-3, 3, 201)
direction = np.array([0.8, 0.6])
points = x0[:, None] + s[None, :] * direction[:, None]
first = f_lse(x0) + s * (g_lse @ direction)
quadratic = first + 0.5 * s**2 * (direction @ H_lse @ direction)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(s, f_lse(points), "k", lw=2, label="f(x₀ + s·v)")
ax.plot(s, first, "C0--", label="first order")
ax.plot(s, quadratic, "C3", label="second order")
ax.plot([0], [f_lse(x0)], "ro")
ax.set(xlabel="s", ylabel="value", title="log-sum-exp and its Taylor approximations")
ax.legend()
plt.show()
"""),
]
