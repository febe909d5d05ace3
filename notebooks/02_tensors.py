# %% [markdown]
# # Vector-by-matrix and matrix-by-matrix derivatives: tensors
# Seed 003, Examples 5.12 and 5.13, and seed 004 (y = Wx, Y = XW, y = VWx): the derivative
# of a vector or matrix by a matrix is a tensor. matcalc shows it in index form
# (∂F_ij/∂X_kl) and as the vec/Kronecker matrix ∂vec F/∂vec X.

# %%
import numpy as np

import matcalc as mc

# %% [markdown]
# ## Example 5.12: f = Ax, ∂f/∂A is an M × (M × N) tensor, ∂fᵢ/∂A_kl = δ_ik x_l

# %%
d = mc.diff("A * x", "A", A="matrix(M, N)", x="vector(N)")
print(d)
print("check:", f"{d.check():.1e}")
T = d.evaluate({"A": np.arange(6.0).reshape(2, 3), "x": np.array([1.0, 2.0, 3.0])})
print("numeric tensor shape:", T.shape)
print("∂f_0/∂A =\n", T[0], "\n∂f_1/∂A =\n", T[1])

# %% [markdown]
# ## Example 5.13: K = RᵀR, dK/dR ∈ ℝ^{(N×N)×(M×N)}

# %%
d = mc.diff("R' * R", "R", R="matrix(M, N)")
print(d)
print("check:", f"{d.check():.1e}")

# %% [markdown]
# ## Seed 004: y = Wx (∂y/∂x = W), Y = XW (∂Y_ij/∂X_kl = δ_ik W_lj), y = VWx (chain rule: VW)

# %%
print("∂(Wx)/∂x =", mc.diff("W * x", "x"))
print(mc.diff("X * W", "X"))
print("∂(VWx)/∂x =", mc.diff("V * W * x", "x"))
