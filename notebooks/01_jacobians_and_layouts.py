# %% [markdown]
# # Jacobians, gradients and the three layouts
# Reproduces seed 000 (partial derivatives, gradients of vector and matrix arguments) and
# seed 003 (*Mathematics for Machine Learning*, ch. 5): Examples 5.6, 5.7 and 5.9.
# Every result is also checked against central finite differences (`.check()`).

# %%
import matcalc as mc

# %% [markdown]
# ## Example 5.6: f(x, y) = (x + 2y³)², partial derivatives by the chain rule

# %%
for var in ("x", "y"):
    d = mc.diff("(x + 2*y^3)^2", var, x="scalar", y="scalar")
    print(f"∂f/∂{var} =", d, "   max rel. error vs finite differences:", f"{d.check():.1e}")

# %% [markdown]
# ## Example 5.7: f(x₁, x₂) = x₁²x₂ + x₁x₂³ — the gradient collects the partials

# %%
for var in ("x1", "x2"):
    d = mc.diff("x1^2 * x2 + x1 * x2^3", var, x1="scalar", x2="scalar")
    print(f"∂f/∂{var} =", d, f"   ({d.check():.1e})")

# %% [markdown]
# ## Example 5.9: f(x) = Ax — the Jacobian is A (m×n), in numerator layout
# Seeds 000/001 use denominator layout (∂y/∂x is n×m); the Cookbook and most ML code use
# the mixed one (gradients shaped like the variable, Jacobians m×n).

# %%
for layout in ("numerator", "denominator", "mixed"):
    d = mc.diff("A * x", "x", layout)
    print(f"{layout:>11}: ∂(Ax)/∂x = {d}   shape {d.shape}")

# %% [markdown]
# ## A scalar function of a vector: the gradient is a column (mixed) or a row (numerator)

# %%
for layout in ("numerator", "mixed"):
    d = mc.diff("x' * B * x", "x", layout)
    print(f"{layout:>11}: ∂(xᵀBx)/∂x = {d}")
assert mc.diff("x' * B * x", "x").check() < 1e-6
