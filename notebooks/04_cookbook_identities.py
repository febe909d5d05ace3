# %% [markdown]
# # The Matrix Cookbook, chapter 2, derived
# The catalogue in identities/ holds the Cookbook's real-valued derivative identities; the
# engine derives each one from the differential rules (it never reads the catalogue) and the
# result is compared with the book, numerically and in printed form.

# %%
from matcalc import catalogue
from matcalc.identity_check import totals, verify

# %%
for ident_id in ("cookbook-70", "cookbook-81", "cookbook-49", "cookbook-61", "cookbook-101"):
    ident = catalogue.get(ident_id)
    v = verify(ident)
    print(f"{ident.id:>14}: ∂/∂{ident.var} {ident.expr:<22} = {v.derived:<20} "
          f"book: {ident.expected:<22} numeric {'✓' if v.numeric_ok else '✗'} "
          f"book form {'✓' if v.book_form else '✗'}")

# %%
verdicts = [verify(i) for i in catalogue.load() if i.supported]
print(totals(catalogue.load(), verdicts))
