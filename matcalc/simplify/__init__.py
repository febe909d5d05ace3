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
  would exceed `rules_linear.EXPANSION_LIMIT` terms, or would copy a part of more than
  `rules_linear.COPY_LIMIT` nodes into several terms, stays a product of canonical factors;
  the square of a 1×1 sum is expanded like the product it is ((a + b)² → a² + 2ab + b²,
  within the same limits; higher powers and elementwise powers of sums stay powers).

Factoring is not part of it: (A + Aᵀ)x, Aᵀ(Ax − b) are printed forms, found for display
by the printed-form search; canonically they are Ax + Aᵀx and AᵀAx − Aᵀb.

    simplify(expr, log=None)   the canonical form; pass a list as `log` to receive the
                               names of the rules that fired, in order, each once
    normaliser(log=None)       a fresh normaliser (its own memo), for many expressions
    present(expr)              a canonical form as textbooks print it: h(Wᵀh − y)ᵀ,
                               1 − tanh(x)², (x − μ)(x − μ)ᵀ, σ(z), a network's nested
                               δ's (printed.py: searched from the canonical form alone, so
                               equal expressions print alike however they were built)

Termination, by design
----------------------
The normaliser (strategies.bottom_up) rewrites innermost: a rule sees a node whose children
are canonical, and its result is normalised again. No rule calls the normaliser, and every
rule has one signature, `rule(e) -> e`. Normalisation terminates because every rule makes
its node smaller in the lexicographic order of six measures, each a sum or a monotone
interpretation over the tree, so that a decrease inside a context is a decrease (a proof
sketch, family by family):

 1. W, the expansion weight: the interpretation in the integers ≥ 3 with [leaf] = 3,
    [A₁ + … + Aₖ] = Σ[Aᵢ] + k − 1, [a multilinear node] = Π of its arguments, [Aᵀ] = [A],
    [Aᵏ] = [A]ᵏ, [A.^p] = [A]^⌈|p|⌉ (at least [A]), [any other operator] = 2^(Σ of its
    arguments). Distribution decreases it, [A(B + C)] = ab + ac + a > ab + ac + 1 =
    [AB + AC] as a ≥ 3, and [(a + b)²] = (a + b + 1)² > a² + 2ab + b² + 3 = [a² + ab + ba
    + b²] (likewise for every multilinear node within the limits, and for
    op(A + B) → op(A) + op(B), op(cA) → c op(A), op(0) → 0 of a linear op:
    2^(a+b+1) > 2^a + 2^b + 1, 2^(ca) > c 2^a). So do collecting (fewer terms),
    cancelling (X X⁻¹ → I, A − A → 0, AB(AB)⁻¹ → I), folding numbers, tr(abᵀ) → bᵀa,
    A diag(v) w → A(v ∘ w), and taking factors out of an operator ((cA)⁻¹ → c⁻¹A⁻¹,
    (AXB)⁻¹ → B⁻¹X⁻¹A⁻¹, tr(A ⊗ B) → tr(A)tr(B), ‖cA‖ → |c|‖A‖: 2^(xy) > 2^x 2^y).
 2. P, the transposes still to push: Σ over the transposes whose argument has a transpose
    rule (a product, sum, multiple, Hadamard or Kronecker product, function, power,
    constant, inverse of a non-leaf) of the size of that argument. The transpose rules keep
    W ([Aᵀ] = [A]) and decrease P: (AB)ᵀ → BᵀAᵀ leaves transposes on smaller arguments.
 3. S, the scalars inside matrices: Σ over the scalar items (coefficients of multiples,
    1×1 factors and 1×1 stretches of non-scalar products, Hadamard and Kronecker products)
    of the number of non-scalar nodes above the item, other than its own multiple. Pulling
    scalars out keeps W (products commute in W) and P and decreases S: A(cB) → c(AB),
    x(bᵀc) → (bᵀc)x, a ⊗ B → aB, (cA)ᵏ → cᵏAᵏ, op(cA) → c op(A), c(dA) → (cd)A.
 4. N, the size, counting a transposed leaf and X⁻ᵀ as no more nodes than the leaf and
    X⁻¹: flattening (A(BC) → ABC), merging (X X → X², A ∘ A → A.^2), dropping identities,
    ones and double transposes, aᵀ → a for a 1×1 a, Sᵀ → S for a symmetric S.
 5. O, the operators renamed on special shapes, each to a more basic one (which never
    turns back): a matrix power, Hadamard product, multiple, Kronecker product of 1×1
    factors to a scalar power or product; logdet, ‖·‖ of a 1×1 to log, |·|; ‖x‖_F → ‖x‖₂;
    1×1 constants to numbers; (Xᵀ)⁻¹ → X⁻ᵀ (the transpose outside the inverse of a leaf,
    where no rule moves it back: transpose_of_inverse applies to non-leaf arguments).
 6. R, the arrangement: rules that only rearrange canonical children keep all of the above
    (a transposed leaf counts as the leaf): sorting a sum, a product of scalars or a
    Hadamard product, reading a 1×1 chain in its other direction (aᵀXb or bᵀXᵀa),
    rotating a trace, Aᵀ ∘ I → A ∘ I. Each chooses, among finitely many equal arrangements,
    the one with the least `order.key`, which is a fixpoint of the same rule, so it fires
    at most once per node. (tr(XAX) → tr(XXA) rotates so that the factors merge: N.)

A rule that broke this order could make the normaliser meet an expression it is still
normalising: that is a bug, and bottom_up raises RewriteLoop, always (there is no mode that
stops quietly). The property tests (tests/test_simplify_properties.py) check idempotence,
value preservation, determinism and the generated linearity on random expressions.
"""
from __future__ import annotations

from ..core.expr import Expr
from .printed import present as _present
from .rules import RULES, rule_names
from .strategies import RewriteLoop, bottom_up, do_one, logged, typed


def _catalogue(log: list | None):
    """The rules as one function: the first rule of the node's type that applies."""
    return typed({t: do_one(*(logged(rule, log) for rule in rules))
                  for t, rules in RULES.items()})


_UNLOGGED = _catalogue(None)


def normaliser(log: list | None = None):
    """A fresh normaliser (its own memo) over the catalogue of rules. A rewrite loop is a bug
    in the rules and raises RewriteLoop (strategies.bottom_up). Its `.caches` are the
    printed-form search's memos that depend on a node alone (expansions, the functions'
    identities) and its searches (one per setting of `identities`, printed.present), each
    of the same lifetime: one request."""
    normal = bottom_up(_UNLOGGED if log is None else _catalogue(log), {})
    normal.caches = {"expansions": {}, "shortened": ({}, {}), "searches": {},
                     "conventions": {}}
    return normal


def simplify(expr: Expr, log: list | None = None) -> Expr:
    """The canonical form of `expr`; rule names that fired are appended to `log`."""
    return normaliser(log)(expr)


def present(expr: Expr, normal=None) -> Expr:
    """A canonical `expr` in its printed form: the shortest form the search of printed.py
    finds, with the textbook conventions of presentation.py. `normal`: a normaliser to
    share (its memo and the search's) with other work of one request, else a fresh one."""
    return _present(expr, normal or normaliser())


__all__ = ["simplify", "present", "normaliser", "rule_names", "RULES", "RewriteLoop"]
