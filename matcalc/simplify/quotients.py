"""Elementwise quotients by a sum, reduced: the cancellations an expansion hides.

    reduce_quotients(monos, normal)   the monomials with every elementwise product that
                                      holds B.^-k (B a sum) reduced by B ∘ B.^-1 = 𝟏,
                                      collected; None when nothing reduces

The canonical form expands σ ∘ (𝟏 − σ) ∘ (𝟏 − σ).^-1 into σ ∘ (𝟏 − σ).^-1 − σ.^2 ∘ (𝟏 − σ).^-1:
the factor 𝟏 − σ no longer meets its reciprocal, and a sum of such terms that is σ − y in
value prints as six. Writing B = c₀m₀ + Σ cᵢmᵢ (m₀ its leading term: the highest degree,
then the canonical order), B ∘ B.^-1 = 𝟏 reads

    m₀ ∘ B.^-k = (B.^-(k-1) − Σ cᵢ mᵢ ∘ B.^-k) / c₀          (σ ∘ (𝟏 − σ).^-1 = (𝟏 − σ).^-1 − 𝟏)

and every term holding m₀ and B.^-k is rewritten by it until none does (a division by B, as
in polynomial reduction: each step lowers the degree in m₀'s bases or the power of B.^-1).
Then like terms collect, and y ∘ σ.^2 ∘ (𝟏 − σ).^-1 − y ∘ σ ∘ (𝟏 − σ).^-1 − … + y ∘ σ − y
becomes σ − y. The result is equal in value wherever B has no zero entry, which is where
the input is defined; it is a candidate of the printed-form search (printed.py), kept only
when it prints shorter. Bounded: at most MAX_STEPS rewrites and EXPANSION_LIMIT terms.
"""
from __future__ import annotations

from fractions import Fraction

from ..core import build as B
from ..core import expr as E
from .expansion import EXPANSION_LIMIT, Monomial, collect, monomial
from .order import key
from .rules_common import plus

MAX_STEPS = 64


def elementwise_powers(e: E.Expr, p: Fraction = Fraction(1), out: dict | None = None) -> dict:
    """An elementwise product, quotient or integer power as {base: exponent}, nested ones
    flattened: (y ∘ σ) ./ (𝟏 − σ) → {y: 1, σ: 1, 𝟏 − σ: −1}; anything else is a base."""
    out = {} if out is None else out
    if isinstance(e, E.Hadamard):
        for f in e.factors:
            elementwise_powers(f, p, out)
    elif isinstance(e, E.HadamardDiv):
        elementwise_powers(e.num, p, out)
        elementwise_powers(e.den, -p, out)
    elif isinstance(e, E.Power) and e.exponent.denominator == 1 and not e.is_scalar:
        elementwise_powers(e.arg, p * e.exponent, out)
    elif not isinstance(e, E.Ones):
        out[e] = plus(out.get(e), p)
    return out


def _bases(e: E.Expr):
    """A term of a sum as (number, {base: exponent}): −σ.^2 → (−1, {σ: 2}), 𝟏 → (1, {})."""
    number = Fraction(1)
    if isinstance(e, E.Scale):
        if not isinstance(e.coeff, E.Num):
            return None
        number, e = e.coeff.value, e.arg
    return number, {b: p for b, p in elementwise_powers(e).items() if p != 0}


def _degree(ps: dict) -> Fraction:
    return sum(p for p in ps.values() if p > 0)


def divisor(b: E.Expr):
    """A sum B as (c₀, m₀, [(cᵢ, mᵢ)]) with m₀ its leading term, or None when a term is not
    a number times an elementwise product or m₀ is not a product of positive powers."""
    if not isinstance(b, E.Add) or b.is_scalar:
        return None
    terms = [_bases(t) for t in b.terms]
    if any(t is None for t in terms):
        return None
    lead = max(range(len(terms)), key=lambda i: (_degree(terms[i][1]),
                                                 [key(x) for x in terms[i][1]]))
    c0, m0 = terms[lead]
    if not m0 or any(p <= 0 or x == b for x, p in m0.items()):
        return None
    return c0, m0, [t for i, t in enumerate(terms) if i != lead]


def _times(ps: dict, other: dict, sign: int = 1) -> dict:
    out = dict(ps)
    for x, p in other.items():
        out[x] = plus(out.get(x), sign * p)
    return {x: p for x, p in out.items() if p != 0}


def reduce_once(ps: dict, divisors: dict):
    """One rewrite m₀ ∘ B.^-k → (B.^-(k-1) − Σ cᵢmᵢ ∘ B.^-k)/c₀ of the product `ps`, as
    [(number, product)], or None when no B.^-k in it meets its m₀."""
    for b, k in ps.items():
        d = divisors.get(b)
        if k >= 0 or d is None:
            continue
        c0, m0, rest = d
        if all(ps.get(x, 0) >= p for x, p in m0.items()):
            base = _times(ps, m0, -1)
            out = [(1 / c0, _times(base, {b: Fraction(1)}))]
            out += [(-ci / c0, _times(base, mi)) for ci, mi in rest]
            return out
    return None


def _product(ps: dict, like: E.Expr) -> E.Expr:
    fs = [x if p == 1 else E.Power(x, Fraction(p)) for x, p in ps.items()]
    if not fs:
        return E.Ones(*like.shape)
    return fs[0] if len(fs) == 1 else E.Hadamard(tuple(fs))


def _reducible_factor(m: Monomial):
    """(position, {base: exponent}, divisors) of the first chain factor that is an
    elementwise product holding a power −k of a sum, or None."""
    for i, f in enumerate(m.chain):
        if f.is_scalar or not isinstance(f, (E.Hadamard, E.HadamardDiv, E.Power)):
            continue
        ps = {b: p for b, p in elementwise_powers(f).items() if p != 0}
        divisors = {b: d for b, p in ps.items() if p < 0
                    for d in (divisor(b),) if d is not None}
        if divisors:
            return i, ps, divisors
    return None


def reduce_quotients(monos, normal):
    """The monomials with their quotients by sums reduced (module docstring), collected;
    None when no term reduces or the bounds are reached."""
    out, steps, changed = [], 0, False
    for m in monos:
        found = _reducible_factor(m)
        if found is None:
            out.append(m)
            continue
        i, ps, divisors = found
        pending, done = [(Fraction(1), ps)], []
        while pending:
            c, q = pending.pop()
            step = reduce_once(q, divisors)
            if step is None:
                done.append((c, q))
                continue
            steps += 1
            changed = True
            if steps > MAX_STEPS or len(pending) + len(done) > EXPANSION_LIMIT:
                return None
            pending += [(c * ci, qi) for ci, qi in step]
        like = m.chain[i]
        for c, q in done:
            chain = m.chain[:i] + (_product(q, like),) + m.chain[i + 1:]
            body = chain[0] if len(chain) == 1 else E.MatMul(chain)
            term = B.scale(B.num(m.number * c), body)
            for s in m.scalars:
                term = B.times(s, term)
            term = normal(term)
            if isinstance(term, E.Add):
                return None
            r = monomial(term)
            if r is not None:
                out.append(r)
    if not changed or len(out) > EXPANSION_LIMIT:
        return None
    return collect(out)
