"""Derivatives of the elementwise functions, taken by sympy's scalar calculus.

f′ is never typed in: each function has a sympy definition (its spec in
core/operators/elementwise.py), sympy differentiates it, and the result is turned back
into a matcalc expression of the argument (applied entry by entry).
Derivatives that sympy writes through exp(±t) are re-expressed through the sigmoid when that
removes t (so σ′ = σ(1 − σ) and softplus′ = σ come out in the textbook form).

Non-smooth functions: a DiracDelta term (the derivative of Heaviside(t) or sign(t) at their
jump) is dropped, so derivatives hold almost everywhere — away from the kinks declared in
the function's spec, which is where the numerical check samples: relu′ = step (sympy's
Heaviside(t)), step′ = 0, sign′ = 0, abs′ = sign. A sympy function in a derivative is read
back as the language's function whose definition it is (exp(t) → exp, Heaviside(t) → step,
sign(t) → sign, Max(0, t) → relu), applied to the translated argument.

SymPy is imported on first use (`core/lazy.py`): a command that differentiates no
elementwise function never pays its 0.25 s import. The power rule p·t^(p−1) of an
entrywise power needs no scalar calculus and is built directly (`power_prime`).
"""
from __future__ import annotations

from fractions import Fraction
from functools import cache, lru_cache

from ..core import build as B
from ..core.errors import DifferentiationError
from ..core.expr import Expr, Ones
from ..core.lazy import lazy_module
from ..core.operators.elementwise import FUNCTIONS, argument

sympy = lazy_module("sympy")


@cache
def _s():
    """The symbol that stands for sigmoid(t)."""
    return sympy.Symbol("s", positive=True)


def _positive_sum_first(d: sympy.Expr) -> sympy.Expr:
    """−s(s − 1) → s(1 − s): a leading minus is absorbed by the one sum factor."""
    if d.is_Mul and d.could_extract_minus_sign():
        sums = [a for a in d.args if a.is_Add]
        if len(sums) == 1:
            rest = [a for a in (-d).args if a is not sums[0] and a != -1]
            return sympy.Mul(*rest, -sums[0])
    return d


def _through_sigmoid(d: sympy.Expr) -> sympy.Expr:
    """Rewrite exp(±t) through s = sigmoid(t) when that eliminates t and is shorter."""
    best, t, s = d, argument(), _s()
    for old, new in ((sympy.exp(-t), 1 / s - 1), (sympy.exp(t), s / (1 - s))):
        if d.has(old):
            cand = _positive_sum_first(sympy.factor(sympy.simplify(d.subs(old, new))))
            if not cand.has(t) and sympy.count_ops(cand) < sympy.count_ops(best):
                best = cand
    return best


def almost_everywhere(d: sympy.Expr) -> sympy.Expr:
    """`d` without its DiracDelta terms: equal to it except at the kinks."""
    return d.replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.Integer(0))


@lru_cache(maxsize=None)
def derivative_of(name: str) -> sympy.Expr:
    """f′(t) for an elementwise function, as a sympy expression in t (and s = sigmoid(t)),
    valid away from the function's kinks."""
    return _through_sigmoid(almost_everywhere(sympy.diff(FUNCTIONS[name].definition,
                                                         argument())))


@lru_cache(maxsize=None)
def derivative_of_power(p: Fraction) -> sympy.Expr:
    """d/dt t^p, by sympy (the tests compare `power_prime` with it)."""
    t = argument()
    return sympy.diff(t ** sympy.Rational(p.numerator, p.denominator), t)


#: sympy's function classes that are a function of the language (exp, log, sin, ... whose
#: definition is F(t), or F of t and numbers: Heaviside(t, 1/2), Max(0, t)), with the numbers
#: of that definition and the builder of the function
@cache
def _func_of() -> dict:
    t = argument()
    return {f.sympy_function: (sorted(a for a in f.definition.args if a != t),
                               B.FUNCTION_BUILDERS[name])
            for name, f in FUNCTIONS.items() if f.sympy_function is not None}


def _language_function(d: sympy.Expr):
    """(builder, argument) when `d` is a function of the language applied to one argument
    (Heaviside(u, 1/2) → step, u), else None."""
    table = _func_of()
    if d.func not in table:
        return None
    numbers, build = table[d.func]
    args = [a for a in d.args if not a.is_Number]
    if len(args) == 1 and sorted(a for a in d.args if a.is_Number) == numbers:
        return build, args[0]
    return None


def to_matcalc(d: sympy.Expr, x: Expr) -> Expr:
    """The sympy expression `d` in t (and s) as an elementwise matcalc expression of `x`."""
    if d == argument():
        return x
    if d == _s():
        return B.sigmoid(x)
    if d.is_Number:
        value = Fraction(int(d.p), int(d.q)) if d.is_Rational else None
        if value is None:
            raise DifferentiationError(f"irrational constant {d} in a derivative")
        return B.num(value) if x.is_scalar else B.scale(B.num(value), Ones(*x.shape))
    if d.is_Add:
        return B.add(*(to_matcalc(a, x) for a in d.args))
    if d.is_Mul:
        numbers = [a for a in d.args if a.is_Number]
        rest = [to_matcalc(a, x) for a in d.args if not a.is_Number]
        out = rest[0] if rest else to_matcalc(sympy.Integer(1), x)
        for r in rest[1:]:
            out = B.times(out, r) if x.is_scalar else B.hadamard(out, r)
        for n in numbers:
            out = B.scale(to_matcalc(n, B.num(1)), out)
        return out
    if d.is_Pow:
        base, e = d.args
        if not e.is_Rational:
            raise DifferentiationError(f"non-rational power {e} in a derivative")
        return B.power(to_matcalc(base, x), Fraction(int(e.p), int(e.q)))
    call = _language_function(d)
    if call is not None:
        build, arg = call
        return build(to_matcalc(arg, x))
    raise DifferentiationError(f"cannot express {d} in the language")


def fprime(name: str, x: Expr) -> Expr:
    """f′(x), entry by entry, as a matcalc expression."""
    return to_matcalc(derivative_of(name), x)


def power_prime(p: Fraction, x: Expr) -> Expr:
    """p x^(p−1), entry by entry (the power rule, as `to_matcalc` spells sympy's answer)."""
    q = p - 1
    if p == 0:
        return _constant(Fraction(0), x)
    if q == 0:
        return _constant(Fraction(1), x)
    return B.scale(B.num(p), x if q == 1 else B.power(x, q))


def _constant(value: Fraction, x: Expr) -> Expr:
    """The constant `value` entry by entry, in the shape of x."""
    return B.num(value) if x.is_scalar else B.scale(B.num(value), Ones(*x.shape))
