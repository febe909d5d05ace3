"""simplify: the canonical form of an expression, used for equality.

Equal expressions (modulo the rules in `rules.py`) get one form:

- sums and products flat, numbers folded, identities and zeros gone;
- transposes at the leaves (Aᵀ of a variable, and the Cookbook's X⁻ᵀ);
- scalar factors pulled out into coefficients; a product of 1×1 factors sorted;
- sums expanded and collected: matrix products, scalar multiples and Hadamard products
  distributed over sums, like terms collected (2A + 3A → 5A, A − A → 0), the terms in the
  order of `order.term_key`; linear operators (`spec(t).linear`: trace, transpose, diag,
  vec, ...) distributed over sums, with scalar coefficients taken out and 0 mapped to 0,
  by rules generated from that declaration (rules_linear.py). A product whose expansion
  would exceed `rules_linear.EXPANSION_LIMIT` terms stays a product of canonical factors.

Factoring is not part of it: (A + Aᵀ)x, Aᵀ(Ax − b) are printed forms, found for display
by the printed-form search; canonically they are Ax + Aᵀx and AᵀAx − Aᵀb.

    simplify(expr, log=None)   the canonical form; pass a list as `log` to receive the
                               names of the rules that fired, in order, each once
    normaliser(log=None)       a fresh normaliser (its own memo), for many expressions
    present(expr)              a canonical form as textbooks print it (presentation.py)

Termination, by design
----------------------
The normaliser (strategies.bottom_up) rewrites innermost: a rule sees a node whose children
are canonical, and its result is normalised again. No rule calls the normaliser, and every
rule has one signature, `rule(e) -> e`. Normalisation terminates because every rule makes
its node smaller in the lexicographic order of four measures (a proof sketch per family;
the first measures are compositional, so a decrease inside a context is a decrease):

 1. W, the expansion weight: the interpretation of the tree in the integers ≥ 3 with
    [leaf] = 3, [A₁ + … + Aₖ] = Σ[Aᵢ] + k − 1, [a multilinear node] = Π of its arguments,
    [Aᵀ] = [A], [another operator of A] = 2^[A] (Aᵏ and A.^p: [A]^⌈|k|⌉).
    Distribution decreases it: [A(B + C)] = ab + ac + a > ab + ac + 1 = [AB + AC], since
    a ≥ 3 (likewise for each multilinear node, within the limit, and for op(A + B),
    op(cA), op(0) of a linear op: 2^(a+b+1) > 2^a + 2^b + 1). So do collecting (fewer
    terms), cancellation (X X⁻¹ → I, A − A → 0, tr(abᵀ) → bᵀa), folding numbers, and
    taking factors out of an operator ((cA)⁻¹ → c⁻¹A⁻¹, (AXB)⁻¹ → B⁻¹X⁻¹A⁻¹ for square
    factors, tr(A ⊗ B) → tr(A)tr(B), ‖cA‖ → |c|‖A‖: 2^(xy) > 2^x 2^y).
 2. P, the transposes still to push: Σ over transposes whose argument has a transpose rule
    (a product, sum, multiple, Hadamard or Kronecker product, function, power, non-leaf
    inverse) of the size of that argument. The transpose rules keep W ([Aᵀ] = [A]) and
    decrease P: (AB)ᵀ → BᵀAᵀ moves one transpose onto each smaller factor. (Xᵀ)⁻¹ → X⁻ᵀ
    puts a transpose at its canonical place around the inverse of a leaf, where no rule
    moves it (transpose_of_inverse applies to non-leaf arguments only).
 3. N, the size, counting a transposed leaf as one node: flattening (A(BC) → ABC),
    merging (X X → X², A ∘ A → A.^2), dropping identities and ones, taking a scalar
    multiple out of a product or a 1×1 stretch out of a chain (A(cB) → c(AB): W and P
    equal, one node fewer at the product; x(bᵀc) → (bᵀc)x: the scalar leaves the chain).
 4. R, the arrangement: rules that only rearrange canonical children — sorting a sum, a
    product of scalars or a Hadamard product, reading a 1×1 chain in its other direction
    (aᵀXb or bᵀXᵀa), rotating a trace — keep W, P and N (a transposed leaf counts as one
    node) and choose the member of a finite set of equal arrangements with the least
    `order.key`; the chosen one is their own fixpoint, so each fires at most once per node.

A rule that broke this order could make the normaliser meet an expression it is still
normalising: that is a bug, and bottom_up raises RewriteLoop, always (there is no mode that
stops quietly). The property tests (tests/test_simplify_properties.py) check idempotence,
value preservation, determinism and the generated linearity on random expressions.
"""
from __future__ import annotations

from ..core.expr import Expr
from .presentation import present as _present
from .rules import RULES, rule_names
from .strategies import RewriteLoop, bottom_up, do_one, logged, typed


def normaliser(log: list | None = None):
    """A fresh normaliser (its own memo) over the catalogue of rules. A rewrite loop is a bug
    in the rules and raises RewriteLoop (strategies.bottom_up)."""
    table = {t: do_one(*(logged(rule, log) for rule in rules)) for t, rules in RULES.items()}
    return bottom_up(typed(table), {})


def simplify(expr: Expr, log: list | None = None) -> Expr:
    """The canonical form of `expr`; rule names that fired are appended to `log`."""
    return normaliser(log)(expr)


def present(expr: Expr) -> Expr:
    """A canonical `expr` in its printed form (presentation.py)."""
    return _present(expr, normaliser())


__all__ = ["simplify", "present", "normaliser", "rule_names", "RULES", "RewriteLoop"]
