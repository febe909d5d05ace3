# %% [markdown]
# # The chain rule through a small network (seed 001)
# A linear layer Ŷ = Wᵀh with a 3×2 W and the loss L = ½‖Wᵀh − y‖²: the professor's
# "is there a simpler way?" answer is the closed form ∂L/∂W = h(Wᵀh − y)ᵀ. Then the seed's
# three-layer network H₁ = W₁ᵀX, H₂ = W₂ᵀH₁, Ŷ = W₃ᵀH₂, L = Σ(Ŷ − Y)², with respect to each
# weight matrix, and the derivation steps with their Cookbook citations.

# %%
import matcalc as mc

# %%
d = mc.diff("0.5 * norm2(W' * h - y)^2", "W", W="matrix(3, 2)", h="vector(3)", y="vector(2)")
print("∂L/∂W =", d, "   shape", d.shape, "   check", f"{d.check():.1e}")

# %%
print(mc.diff("W' * h", "W", W="matrix(3, 2)", h="vector(3)"))

# %%
loss = "sum((W3' * W2' * W1' * X - Y) .^ 2)"
for W in ("W1", "W2", "W3"):
    d = mc.diff(loss, W)
    print(f"∂L/∂{W} =", d, f"   ({d.check():.1e})")

# %% [markdown]
# ## How the last one was derived

# %%
print(mc.diff(loss, "W3").steps_text())

# %% [markdown]
# The same derivation for lecture notes: an `align*` environment, one step a line with its
# rule and Cookbook equation (it compiles with amsmath; the tests run it through pdflatex).

# %%
print(mc.diff("0.5 * norm2(W' * h - y)^2", "W", W="matrix(3, 2)").steps_latex())
