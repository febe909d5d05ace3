"""THE RULE TABLE: the differential of every operator of the language.

Read it against The Matrix Cookbook (Petersen & Pedersen, 15 Nov 2012), §2.1 "Basics",
eqs (33)–(45); the rest of chapter 2 follows from these rows. Each row is written in
matcalc's own algebra; `dX` is the differential of the argument X.

`defstructural` rows state only the citation: the rule follows from the operator's spec
(core/operators), where `linear` (linearity: ∂op(X) = op(∂X)) or `multilinear` (the product
rule) is declared once, for the differential and everything else that follows from it.
The elementwise functions have one row: f′ comes from each function's sympy definition.
"""
from __future__ import annotations

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from .registry import check_size, defconstant, defrule, defstructural, defunary
from .scalar_calculus import fprime, power_prime

inv, tr, det = B.inv, B.tr, B.det


# ====================================================================================
# Cookbook §2.1 (33)–(45): the basic rules
# ====================================================================================
defrule(E.Var, "definition", "∂X = dX", lambda e, d: E.Delta(e))  # the variable itself
for _constant in (E.Num, E.Zero, E.Identity, E.Ones, E.Commutation):
    defconstant(_constant)                                           # (33) ∂A = 0
defstructural(E.Scale, "Cookbook (34)", "∂(αX) = α∂X")              # (34), (37) if α varies
defstructural(E.Add, "Cookbook (35)", "∂(X + Y) = ∂X + ∂Y")         # (35)
defstructural(E.Trace, "Cookbook (36)", "∂tr(X) = tr(∂X)")          # (36)
defstructural(E.MatMul, "Cookbook (37)", "∂(XY) = (∂X)Y + X(∂Y)")   # (37)
defstructural(E.Hadamard, "Cookbook (38)", "∂(X∘Y) = (∂X)∘Y + X∘(∂Y)")  # (38)
defstructural(E.Kron, "Cookbook (39)", "∂(X⊗Y) = (∂X)⊗Y + X⊗(∂Y)")  # (39)
defunary(E.Inverse, "Cookbook (40)", "∂(X⁻¹) = −X⁻¹(∂X)X⁻¹",         # (40)
         lambda X, dX: -(inv(X) @ dX @ inv(X)))
defunary(E.Det, "Cookbook (41)", "∂det(X) = det(X) tr(X⁻¹∂X)",       # (41); (42) adjugate
         lambda X, dX: det(X) * tr(inv(X) @ dX))
defunary(E.LogDet, "Cookbook (43)", "∂ln det(X) = tr(X⁻¹∂X)",        # (43)
         lambda X, dX: tr(inv(X) @ dX))
defstructural(E.Transpose, "Cookbook (44)", "∂(Xᵀ) = (∂X)ᵀ")        # (44); (45) is complex


# ====================================================================================
# Beyond §2.1: powers, elementwise and scalar functions, structure, norms
# ====================================================================================
def _matrix_power(e, d):
    """∂(Xᵏ) = Σ_{r=0}^{k−1} Xʳ(∂X)X^{k−1−r}   (Cookbook (37) applied k−1 times; cf. (89), (121))."""
    X, dX, k = e.arg, d(e.arg), e.k
    check_size(3 * k, "differential")            # k terms of ≥ 3 nodes: refuse before building
    return B.add(*(B.matrix_power(X, r) @ dX @ B.matrix_power(X, k - 1 - r) for r in range(k)))


def _elementwise(f_prime, X, dX):
    """∂f(X) = f′(X) ∘ ∂X entry by entry; for a 1×1 X the chain rule f′(x)∂x."""
    return B.times(f_prime, dX) if X.is_scalar else B.hadamard(f_prime, dX)


def _chain(prime):
    """The chain rule ∂f(X) = f′(X) ∘ ∂X entry by entry (for a 1×1 X, f′(x)∂x), with
    `prime(e)` giving f′(X). ∂X is taken first, so that the size bound stops a deep nest
    of functions before their derivatives are built."""
    def rule(e, d):
        dX = d(e.arg)
        return _elementwise(prime(e), e.arg, dX)
    return rule


def _quotient(e, d):
    """∂(A ./ B) = ∂A ./ B − (A ∘ ∂B) ./ (B ∘ B)."""
    A, Bd = e.num, e.den
    dA, dB = d(A), d(Bd)
    terms = []
    if dA is not None:
        terms.append(B.hadamard_div(dA, Bd))
    if dB is not None:
        terms.append(-B.hadamard_div(B.hadamard(A, dB), B.hadamard(Bd, Bd)))
    return B.add(*terms)


defrule(E.MatPow, "Cookbook (37)", "∂(Xᵏ) = Σᵣ Xʳ(∂X)X^(k−1−r)", _matrix_power)


@E.kept_on_node
def _function_prime(e):
    """f′(X) of a function node f(X), kept on the node (every weight of a network reads the
    same activations' derivatives)."""
    return fprime(e.name, e.arg)


@E.kept_on_node
def _power_prime(e):
    """p X.^(p−1) of a power node X.^p, kept on the node."""
    return power_prime(e.exponent, e.arg)


defrule(E.Func, "chain rule", "∂f(X) = f′(X) ∘ ∂X, f′ from scalar calculus",
        _chain(_function_prime))
defrule(E.Power, "chain rule", "∂(X.^p) = p X.^(p−1) ∘ ∂X", _chain(_power_prime))


def _symbolic_power(e, d):
    """∂(X.^p) = p X.^(p−1) ∘ ∂X + (X.^p ∘ log(X)) ∂p: the power rule in the base, the
    exponential rule (aᵖ = exp(p log a)) in the exponent; for 1×1 X, ∂(aᵇ) = b aᵇ⁻¹ ∂a +
    aᵇ log(a) ∂b. X.^(p−1) is written X.^p ∘ X.^−1 (the base is positive where the
    exponent is symbolic), so that the canonical form's powers of X cancel against it:
    ∂det(X)ᵏ = k det(X)ᵏ X⁻ᵀ:dX, not k det(X)^(k−1) det(X) X⁻ᵀ:dX."""
    X, p = e.arg, e.exponent
    dX, dp = d(X), d(p)
    terms = []
    if dX is not None:
        lowered = B.hadamard(e, B.power(X, -1)) if not X.is_scalar else \
            B.times(e, B.power(X, -1))
        terms.append(_elementwise(B.times(p, lowered), X, dX))
    if dp is not None:
        terms.append(B.times(_elementwise(e, X, B.log(X)), dp))
    return B.add(*terms)


def _symbolic_matrix_power(e, d):
    """No closed form: Xᵏ and ∂X do not commute, and ∂Xᵏ/∂k needs the matrix logarithm."""
    raise DifferentiationError(
        f"cannot differentiate the matrix power {e} with the symbolic exponent "
        f"{e.exponent}: ∂(Xᵏ) has no closed form in matrix notation (Xᵏ and dX do not "
        "commute). What works: det(Xᵏ) = det(X)ᵏ and logdet(Xᵏ) = k logdet(X) (rewritten so "
        "when built), an integer power written as a number (X^3), and the elementwise "
        "power X.^k")


defrule(E.SymbolicPower, "power and exponential rules",
        "∂(X.^p) = p X.^(p−1) ∘ ∂X + (X.^p ∘ log X) ∂p", _symbolic_power)
defrule(E.SymbolicMatPow, "no closed form",
        "∂(Xᵏ), k symbolic: refused (det(Xᵏ) = det(X)ᵏ is differentiated)",
        _symbolic_matrix_power)
defrule(E.HadamardDiv, "quotient rule", "∂(A./B) = ∂A./B − (A∘∂B)./(B∘B)", _quotient)
defstructural(E.Diag, "linearity", "∂diag(x) = diag(∂x)")
defstructural(E.DiagPart, "linearity", "∂diag(X) = diag(∂X)")
defstructural(E.Vec, "linearity", "∂vec(X) = vec(∂X)")
defstructural(E.Unvec, "linearity", "∂unvec(x) = unvec(∂x)")
defstructural(E.SumEntries, "linearity", "∂sum(X) = sum(∂X)")
def _softmax_differential(X, dX):
    """dS = S ∘ dX − S ∘ (𝟏𝟏ᵀ(S ∘ dX)), column by column; for a vector (diag(s) − ssᵀ)dx."""
    S = B.softmax(X)
    SdX = B.hadamard(S, dX)
    return SdX - B.hadamard(S, B.ones(X.shape[0], X.shape[0]) @ SdX)


defunary(E.Softmax, "chain rule", "∂softmax(X) = S ∘ ∂X − S ∘ 𝟏𝟏ᵀ(S ∘ ∂X), S = softmax(X)",
         _softmax_differential)
defunary(E.LogSumExp, "chain rule", "∂logsumexp(X) = 𝟏ᵀ(softmax(X) ∘ ∂X)",
         lambda X, dX: B.ones(1, X.shape[0]) @ B.hadamard(B.softmax(X), dX))
defunary(E.Norm2, "Cookbook (129)", "∂‖x‖₂ = xᵀ∂x / ‖x‖₂",
         lambda x, dx: B.divide(B.times(B.transpose(x), dx) if x.kind == "vector"
                                else B.times(dx, B.transpose(x)), B.norm2(x)))
defunary(E.Frob, "Cookbook (132)", "∂‖X‖_F = tr(Xᵀ∂X) / ‖X‖_F",
         lambda X, dX: B.divide(tr(B.transpose(X) @ dX), B.frob(X)))
defunary(E.Norm1, "chain rule", "∂‖X‖₁ = sum((X ./ |X|) ∘ ∂X)",
         lambda X, dX: B.sum_(B.times(B.divide(X, B.abs_(X)), dX) if X.is_scalar
                               else B.hadamard(B.hadamard_div(X, B.abs_(X)), dX)))

# Nodes that only appear inside a differential: dX itself is the variable's own increment.
defconstant(E.Delta)

