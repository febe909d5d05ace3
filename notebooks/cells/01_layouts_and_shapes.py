"""Cells of notebook 01: the nine kinds of derivative, the three layouts, the seeds' shape tables."""

CELLS = [
("markdown", r"""
# Layouts and shapes: what ∂f/∂x looks like

The lectures this notebook follows (seeds 000, 001 and 003 of the course material) all
start from the same question: when you differentiate a scalar, a vector or a matrix
(스칼라, 벡터, 행렬) by a scalar, a vector or a matrix, what is the *shape* of the answer?
There are nine combinations, and for most of them two conventions are in use:

* **numerator layout** — the shape follows the numerator: ∂y/∂x for y ∈ ℝᵐ, x ∈ ℝⁿ is
  m×n (the Jacobian, 야코비안 행렬), and a gradient of a scalar is a *row*. *Mathematics for
  Machine Learning* (seed 003) uses it.
* **denominator layout** — the shape follows the denominator: ∂y/∂x is n×m, and a gradient
  is a *column*. Seeds 000 and 001 (the Korean lecture notes) use it.
* **mixed layout** (matcalc's default) — gradients have the shape of the variable, Jacobians
  are m×n. The Matrix Cookbook and most ML code use it.

A vector or matrix differentiated by a matrix (and a matrix by a vector) is a 3- or 4-index
**tensor** (텐서) in every layout. Every shape below is computed by matcalc
(`mc.diff(f, x, layout)`, then `d.shape` and `d.kind`), not typed in.
"""),
("code", r"""
import dataclasses

import numpy as np
from IPython.display import Markdown, display

import matcalc as mc

LAYOUTS = ("numerator", "denominator", "mixed")


def shape_text(shape):
    "(m, n) -> 'm×n'"
    return "×".join(str(s) for s in shape)
"""),
("markdown", r"""
## All nine kinds in three layouts

The dimensions are named as in the layout table of matcalc's README: t is a scalar,
x ∈ ℝⁿ, X ∈ ℝᵖˣᑫ; vector-valued functions are in ℝᵐ, matrix-valued ones in ℝᵐˣʳ or ℝᵐˣᑫ.
"""),
("code", r"""
# kind -> (f, variable, declarations)
NINE = {
    "scalar-by-scalar": ("t * sin(t)", "t", dict(t="scalar")),
    "scalar-by-vector": ("a' * x", "x", dict(a="vector(n)", x="vector(n)")),
    "scalar-by-matrix": ("u' * X * b", "X", dict(u="vector(p)", X="matrix(p, q)", b="vector(q)")),
    "vector-by-scalar": ("sin(t) * c", "t", dict(t="scalar", c="vector(m)")),
    "vector-by-vector": ("A * x", "x", dict(A="matrix(m, n)", x="vector(n)")),
    "vector-by-matrix": ("C * X * b", "X", dict(C="matrix(m, p)", X="matrix(p, q)", b="vector(q)")),
    "matrix-by-scalar": ("exp(t) * M", "t", dict(t="scalar", M="matrix(m, r)")),
    "matrix-by-vector": ("c * x'", "x", dict(c="vector(m)", x="vector(n)")),
    "matrix-by-matrix": ("C * X", "X", dict(C="matrix(m, p)", X="matrix(p, q)")),
}

derivatives = {(kind, layout): mc.diff(f, x, layout, **decl)
               for kind, (f, x, decl) in NINE.items() for layout in LAYOUTS}

rows = ["| kind (what matcalc reports) | f | by | numerator | denominator | mixed |",
        "|---|---|---|---|---|---|"]
for kind, (f, x, decl) in NINE.items():
    ds = [derivatives[kind, layout] for layout in LAYOUTS]
    assert all(d.kind == kind for d in ds)
    cells = [shape_text(d.shape) + (" tensor" if d.is_tensor else "") for d in ds]
    rows.append(f"| {ds[0].kind} | `{f}` | {x} | " + " | ".join(cells) + " |")
display(Markdown("\n".join(rows)))
"""),
("markdown", r"""
Read the table row by row: only four kinds depend on the layout (scalar by vector, scalar by
matrix, vector by scalar, vector by vector), and in each of them numerator and denominator
layout are transposes of each other. The tensors are the same in every layout.

The same derivatives at concrete sizes (n = 4, m = 3, p = 2, q = 5, r = 2), evaluated with
`Derivative.evaluate` at random values: the arrays have the shapes above, and each is
checked against central finite differences (`d.check()`, the largest relative error).
"""),
("code", r"""
SIZES = dict(n=4, m=3, p=2, q=5, r=2)
rng = np.random.default_rng(0)


def random_values(d):
    "random arrays for every variable of d.f, with SIZES for its symbolic dimensions"
    values = {}
    for v in mc.core.expr.variables(d.f):
        rows, cols = (SIZES.get(str(s), s) for s in v.shape)
        values[v.name] = rng.normal(size=(int(rows), int(cols)))
    return values


rows = ["| kind | numerator | denominator | mixed | largest check error |", "|---|---|---|---|---|"]
for kind in NINE:
    ds = [derivatives[kind, layout] for layout in LAYOUTS]
    shapes = [d.evaluate(random_values(d)).shape for d in ds]
    errors = [d.check(sizes=SIZES) for d in ds]
    assert max(errors) < 1e-6
    rows.append(f"| {kind} | " + " | ".join(shape_text(s) for s in shapes)
                + f" | {max(errors):.1e} |")
display(Markdown("\n".join(rows)))
"""),
("markdown", r"""
A tensor is shown in *index form*, one entry ∂F_ij/∂X_kl at a time, the way the seeds
write it out by hand, and as the matrix ∂vec F/∂vec X (a Kronecker product). In Jupyter a
derivative displays itself (its `_repr_latex_`): ∂F/∂X = … with its kind, layout and shape;
`repr(d)` is the same on one line of text.
"""),
("code", r"""
for kind in ("vector-by-matrix", "matrix-by-vector", "matrix-by-matrix"):
    d = derivatives[kind, "mixed"]
    display(Markdown(f"**{kind}**: f = {d.f}"), d)
"""),
("markdown", r"""
The steps that produced a derivative display too (`d.derivation`): the differential rules
of the Cookbook that were applied, one a line, then the identification in the layout.
"""),
("code", r"""
d = mc.diff("a' * X * b", "X")
display(d, d.derivation)
print(repr(d))
"""),
("markdown", r"""
## The seeds' shape tables, reproduced

Each lecture states the shapes it uses. The cell below holds each statement as the lecture
writes it (the seed's words, the seed's shape) and lets matcalc compute the shape in the
lecture's layout; at concrete sizes the evaluated arrays must have the seed's shape.

* **Seed 000** (Ki Hyun Kim, *Appendix: Partial Derivative*, 편미분): gradient ∇ₓf of a scalar
  by x ∈ ℝⁿ is a column; by X ∈ ℝⁿˣᵐ it has the shape of X; a vector f ∈ ℝⁿ by a scalar is
  the row [∂f₁/∂x … ∂fₙ/∂x]; f ∈ ℝᵐ by x ∈ ℝⁿ is n×m — denominator layout.
* **Seed 001** (노기섭, *선형시스템에서의 편미분, aka 행렬미분*): the same for scalar by vector,
  scalar by matrix and vector by vector (∇_X Y ∈ ℝⁿˣᵐ), and vector by matrix as the collection
  (∂y₁/∂X, …, ∂yₘ/∂X) of m matrices shaped like X — a tensor; its toy example has shape 3×2×2.
  The seed puts the output index last, matcalc first (∂yᵢ/∂X_kl has axes i, k, l): the
  table compares the seed's shape with matcalc's array after moving that axis to the end.
* **Seed 003** (MML ch. 5, Figure 5.6): f: ℝ → ℝ gives a scalar, f: ℝᴰ → ℝ a 1×D row,
  f: ℝ → ℝᴱ an E×1 column, f: ℝᴰ → ℝᴱ an E×D matrix — numerator layout.
"""),
("code", r"""
# (seed, what the seed says, layout, f, variable, declarations, the seed's shape)
SEED_TABLES = [
    ("000", "스칼라를 벡터로 미분: ∇ₓf, x ∈ ℝⁿ", "denominator",
     "a' * x", "x", dict(a="vector(n)", x="vector(n)"), ("n", 1)),
    ("000", "스칼라를 행렬로 미분: ∇_X f, X ∈ ℝⁿˣᵐ", "denominator",
     "u' * X * b", "X", dict(u="vector(n)", X="matrix(n, m)", b="vector(m)"), ("n", "m")),
    ("000", "벡터를 스칼라로 미분: [∂f₁/∂x … ∂fₙ/∂x]", "denominator",
     "sin(t) * c", "t", dict(t="scalar", c="vector(n)"), (1, "n")),
    ("000", "벡터를 벡터로 미분: f ∈ ℝᵐ, x ∈ ℝⁿ", "denominator",
     "A * x", "x", dict(A="matrix(m, n)", x="vector(n)"), ("n", "m")),
    ("001", "Scalar를 vector로 미분: ∇_X Y", "denominator",
     "a' * x", "x", dict(a="vector(n)", x="vector(n)"), ("n", 1)),
    ("001", "Scalar를 matrix로 미분: X ∈ ℝⁿˣᵐ", "denominator",
     "u' * X * b", "X", dict(u="vector(n)", X="matrix(n, m)", b="vector(m)"), ("n", "m")),
    ("001", "Vector를 vector로 미분: ℝⁿ → ℝᵐ, ∇_X Y ∈ ℝⁿˣᵐ", "denominator",
     "A * x", "x", dict(A="matrix(m, n)", x="vector(n)"), ("n", "m")),
    ("001", "Vector를 matrix로 미분: (∂y₁/∂X, …, ∂yₘ/∂X), X ∈ ℝⁿˣᵐ", "denominator",
     "X' * h", "X", dict(X="matrix(n, m)", h="vector(n)"), ("n", "m", "m")),
    ("003", "Fig. 5.6: f: ℝ → ℝ", "numerator",
     "t * sin(t)", "t", dict(t="scalar"), (1, 1)),
    ("003", "Fig. 5.6: f: ℝᴰ → ℝ", "numerator",
     "a' * x", "x", dict(a="vector(D)", x="vector(D)"), (1, "D")),
    ("003", "Fig. 5.6: f: ℝ → ℝᴱ", "numerator",
     "sin(t) * c", "t", dict(t="scalar", c="vector(E)"), ("E", 1)),
    ("003", "Fig. 5.6: f: ℝᴰ → ℝᴱ", "numerator",
     "A * x", "x", dict(A="matrix(E, D)", x="vector(D)"), ("E", "D")),
]
SIZES.update(D=3, E=2)

rows = ["| seed | the lecture says | layout | f | matcalc's kind | matcalc's shape | seed's shape |",
        "|---|---|---|---|---|---|---|"]
for seed, says, layout, f, x, decl, seed_shape in SEED_TABLES:
    d = mc.diff(f, x, layout, **decl)
    value = d.evaluate(random_values(d))
    if d.is_tensor:   # the seed lists ∂y₁/∂X, …, ∂yₘ/∂X side by side: the output index last
        value = np.moveaxis(value, 0, -1)
    numeric_seed_shape = tuple(SIZES.get(s, s) for s in seed_shape)
    assert value.shape == numeric_seed_shape, (f, value.shape, numeric_seed_shape)
    assert d.check(sizes=SIZES) < 1e-6
    rows.append(f"| {seed} | {says} | {layout} | `{f}` | {d.kind} | {shape_text(d.shape)} "
                f"| {shape_text(seed_shape)} |")
display(Markdown("\n".join(rows)))
"""),
("markdown", r"""
The vector-by-matrix row is the one seed 001 spends eight slides on: ∂Ŷ/∂W for Ŷ = Wᵀh with
W ∈ ℝ³ˣ² is "shape (3 × 2 × 2)". matcalc orders the axes as (i, k, l) for ∂ŷᵢ/∂W_kl, i.e.
2×3×2 there: the same 12 numbers, the output index first. Notebook 02 contracts it by hand.

## What a layout mix-up looks like

The classic mistake: take a gradient in one layout and use it as if it were in the other —
in effect, transpose it. For f(X) = tr(AX) with a square X the mixed-layout gradient is Aᵀ;
its transpose A has the right shape, so nothing complains until you compare with finite
differences. matcalc's check does exactly that, so the transposed gradient fails it:
"""),
("code", r"""
d = mc.diff("tr(A * X)", "X", A="matrix(n)", X="matrix(n)")
wrong = dataclasses.replace(d, expr=mc.transpose(d.expr))   # the gradient, transposed
print("matcalc's gradient      :", d, f"   check: {d.check():.1e}")
print("the transposed gradient :", wrong, f"   check: {wrong.check():.1e}")
assert d.check() < 1e-6 and wrong.check() > 1e-2
"""),
("markdown", r"""
The same by hand with NumPy: central differences of f(X) = tr(AX), entry by entry, against
both candidates.
"""),
("code", r"""
n = 3
A = rng.normal(size=(n, n))
X = rng.normal(size=(n, n))
f = lambda X: np.trace(A @ X)
h = 1e-6
fd = np.zeros((n, n))
for k in range(n):
    for l in range(n):
        E = np.zeros((n, n)); E[k, l] = h
        fd[k, l] = (f(X + E) - f(X - E)) / (2 * h)
G = d.evaluate({"A": A, "X": X})
print("max |∂f/∂X − finite differences|             :", f"{np.abs(G - fd).max():.1e}")
print("max |(∂f/∂X)ᵀ − finite differences|          :", f"{np.abs(G.T - fd).max():.1e}")
np.testing.assert_allclose(G, fd, atol=1e-6)
"""),
("markdown", r"""
When X is not square, the transposed gradient does not even have the right shape, and the
check refuses it before comparing numbers:
"""),
("code", r"""
d = mc.diff("u' * X * b", "X", u="vector(p)", X="matrix(p, q)", b="vector(q)")
wrong = dataclasses.replace(d, expr=mc.transpose(d.expr))
try:
    wrong.check(sizes=SIZES)
except mc.MatcalcError as error:
    print(type(error).__name__ + ":", error)
"""),
("markdown", r"""
The silent version of the mix-up is in NumPy itself: a gradient step x ← x − η∇f with x a
column (n×1) and a numerator-layout gradient (a 1×n row) *broadcasts* to an n×n matrix
instead of failing. Asking for the layout that matches the update (mixed or denominator)
avoids it.
"""),
("code", r"""
x = rng.normal(size=(4, 1))
a = rng.normal(size=(4, 1))
row = mc.diff("a' * x", "x", "numerator").evaluate({"a": a, "x": x})
column = mc.diff("a' * x", "x", "mixed").evaluate({"a": a, "x": x})
print("x − 0.1·(row gradient) has shape   ", (x - 0.1 * row).shape, "  <- broadcast, wrong")
print("x − 0.1·(column gradient) has shape", (x - 0.1 * column).shape)
"""),
]
