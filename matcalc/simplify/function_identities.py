"""The functions' identities, in the direction that shortens: a small table of named rewrites.

    shorten(e, normal)   `e` (canonical) with the identities applied bottom-up wherever the
                         result, put back in canonical form by `normal`, prints narrower

Each rule takes a node (its children already shortened) and returns an equal expression, or
None when it does not apply; `shorten` normalises the result and keeps it only when its
printed width (cost.py) is smaller, so rewriting stops by design: every accepted step makes
the width, a natural number, smaller. A node whose children changed is normalised again
(so that scalar factors a rewrite exposes move out and equal bases merge: y ∘ s exp(z).^-1
∘ exp(z) → s y). The canonical form has none of these identities, so the result is equal in
value to `e` but may have another canonical form. Every rule is checked numerically in
tests/test_printed_form.py.

Elementwise products are read as powers of bases times a scalar, c · b₁^p₁ ∘ b₂^p₂ ∘ …
(A ./ B is A ∘ B.^-1, (cA).^k is cᵏ A.^k; a product of 1×1 factors is one too), so that one rule covers every arrangement of the
factors; equal bases merge (x ∘ x.^-1 → 𝟏, σ.^-1 ∘ σ → 𝟏) when the product is written back.

    logistic_of_reciprocal     𝟏 ./ (𝟏 + exp(u)) = σ(−u)          (so 𝟏 ./ (𝟏 + exp(−z)) = σ(z))
    logistic_of_exp            exp(u) ∘ σ(−u) = σ(u)               (so exp(z) ./ (𝟏 + exp(z)) = σ(z))
    merge_powers               x ∘ x.^-1 = 𝟏,  (cA).^k = cᵏ A.^k   (c 1×1, k an integer)
    row_times_product          uᵀ(v ∘ w) = (vᵀ ∘ wᵀ)u = sum(u ∘ v ∘ w)
    ones_times_diag            𝟏𝟏ᵀdiag(v) = 𝟏vᵀ, diag(v)𝟏𝟏ᵀ = v𝟏ᵀ, 𝟏𝟏ᵀx = sum(x)𝟏
    ones_in_hadamard           (𝟏𝟏ᵀ) ∘ A = A, (𝟏𝟏ᵀx) ∘ A = sum(x) A
    softmax_of_exp             exp(u)/sum(exp(u)) = softmax(u) for a column u
    symbolic_exponents         x.^-1 ∘ x.^α = x.^(α − 1)           (α a scalar expression)
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction

from ..core import build as B
from ..core import expr as E
from ..core.shapes import ONE, is_one
from .cost import cost
from .order import key
from .rules_common import plus

MAX_REWRITES = 8            # per node; each must also make the printed width smaller


# ------------------------------------------------------------------------------------
# Elementwise products as a scalar times powers of bases
# ------------------------------------------------------------------------------------


def _is_unit(e: E.Expr) -> bool:
    return isinstance(e, E.Ones) or (isinstance(e, E.Num) and e.value == 1)


def _add_power(out: OrderedDict, scalars: list, b: E.Expr, p: Fraction) -> None:
    if isinstance(b, E.Scale) and not b.arg.is_scalar and p.denominator == 1:
        scalars.append(E.Power(b.coeff, p) if p != 1 else b.coeff)      # (cA).^k = cᵏ A.^k
        b = b.arg
    out[b] = plus(out.get(b), p)


def powers(e: E.Expr):
    """An elementwise product as (scalars, {base: exponent}): y ∘ exp(u) ./ (𝟏 + exp(u)) →
    ([], {y: 1, exp(u): 1, 𝟏 + exp(u): −1}); None when `e` is not one."""
    out: OrderedDict = OrderedDict()
    scalars: list = []
    if isinstance(e, E.Hadamard) or (isinstance(e, E.MatMul)            # 1×1: ab = a ∘ b
                                     and all(f.is_scalar for f in e.factors)):
        for f in e.factors:
            if isinstance(f, E.Power) and f.exponent.denominator == 1:
                _add_power(out, scalars, f.arg, f.exponent)
            else:
                _add_power(out, scalars, f, Fraction(1))
        return scalars, out
    if isinstance(e, E.HadamardDiv):
        _add_power(out, scalars, e.num, Fraction(1))
        _add_power(out, scalars, e.den, Fraction(-1))
        return scalars, out
    if isinstance(e, E.Power) and e.exponent.denominator == 1:
        _add_power(out, scalars, e.arg, e.exponent)
        return scalars, out
    return None


def from_powers(scalars, ps: dict, like: E.Expr) -> E.Expr:
    """(scalars, {base: exponent}) written back as an expression of the shape of `like`."""
    fs = sorted((b if p == 1 else E.Power(b, Fraction(p)) for b, p in ps.items() if p != 0),
                key=key)
    product = E.MatMul if like.is_scalar else E.Hadamard
    one = B.num(1) if like.is_scalar else E.Ones(*like.shape)
    body = one if not fs else fs[0] if len(fs) == 1 else product(tuple(fs))
    for s in scalars:
        body = E.Scale(s, body)
    return body


def one_plus_exp(b: E.Expr):
    """u when b is 𝟏 + exp(u) (in either order), else None."""
    if isinstance(b, E.Add) and len(b.terms) == 2:
        one, other = sorted(b.terms, key=lambda t: not _is_unit(t))
        if _is_unit(one) and isinstance(other, E.Func) and other.name == "exp":
            return other.arg
    return None


def logistic_of_reciprocal(ps: dict, normal):
    """(𝟏 + exp(u))⁻ᵇ → σ(−u)ᵇ: 𝟏 ./ (𝟏 + exp(u)) = σ(−u)"""
    for b, p in ps.items():
        u = one_plus_exp(b)
        if u is not None and p < 0:
            out = OrderedDict(ps)
            del out[b]
            s = E.Func("sigmoid", normal(B.neg(u)))
            out[s] = out.get(s, 0) - p
            return out
    return None


def logistic_of_exp(ps: dict, normal):
    """exp(u)ᵃ ∘ σ(−u)ᵇ → σ(u)ᵐ ∘ exp(u)ᵃ⁻ᵐ ∘ σ(−u)ᵇ⁻ᵐ, m = min(a, b): exp(u) σ(−u) = σ(u)"""
    for b, p in ps.items():
        if not (isinstance(b, E.Func) and b.name == "sigmoid" and p > 0):
            continue
        u = normal(B.neg(b.arg))
        e = E.Func("exp", u)
        if ps.get(e, 0) > 0:
            m = min(p, ps[e])
            out = OrderedDict(ps)
            out[b] -= m
            out[e] -= m
            s = E.Func("sigmoid", u)
            out[s] = plus(out.get(s), m)
            return out
    return None


def merge_powers(ps: dict, normal):
    """x ∘ x.^-1 → 𝟏, (cA).^k → cᵏ A.^k: the product written back with equal bases merged
    and scalar factors outside (`powers` does the work; this rule only names it)"""
    return ps


def symbolic_exponents(ps: dict, normal):
    """x.^p ∘ x.^q → x.^(p + q) for a symbolic p and a number q: x.^-1 ∘ x.^α = x.^(α − 1)
    (the base is positive where the exponent is symbolic)"""
    for b, p in ps.items():
        if isinstance(b, E.SymbolicPower) and p == 1 and ps.get(b.arg, 0) != 0:
            out = OrderedDict(ps)
            q = out.pop(b.arg)
            del out[b]
            merged = E.SymbolicPower(b.arg, normal(B.add(b.exponent, B.num(q))))
            out[merged] = plus(out.get(merged), 1)
            return out
    return None


ELEMENTWISE_RULES = (merge_powers, logistic_of_reciprocal, logistic_of_exp, symbolic_exponents)


def elementwise_identities(e: E.Expr, normal):
    """`e` (an elementwise product or power) rewritten by ELEMENTWISE_RULES, each as often as
    it applies, or None when `e` is not one."""
    read = powers(e)
    if read is None:
        return None
    scalars, ps = read
    for rule in ELEMENTWISE_RULES:
        for _ in range(MAX_REWRITES):
            new = rule(ps, normal)
            if new is None or new is ps:
                break
            ps = new
    out = from_powers(scalars, ps, e)
    return None if out == e else out


# ------------------------------------------------------------------------------------
# Rows against elementwise products, ones against diag
# ------------------------------------------------------------------------------------


def _replace_pair(fs, i, new) -> E.Expr:
    rest = fs[:i] + (new,) + fs[i + 2:]
    return E.MatMul(rest) if len(rest) > 1 else rest[0]


def _is_elementwise_product(e: E.Expr) -> bool:
    return not e.is_scalar and isinstance(e, (E.Hadamard, E.HadamardDiv))


def row_times_product(e: E.Expr, normal):
    """uᵀ(v ∘ w) → sum(u ∘ v ∘ w) for a row uᵀ and an elementwise product of columns, and
    (vᵀ ∘ wᵀ)u → sum(v ∘ w ∘ u), the same 1×1 read the other way:
    exp(z)ᵀ(y ∘ exp(z).^-1) = (yᵀ ∘ exp(zᵀ).^-1)exp(z) = sum(y)"""
    if not isinstance(e, E.MatMul):
        return None
    fs = e.factors
    for i in range(len(fs) - 1):
        r, h = fs[i], fs[i + 1]
        if is_one(r.shape[0]) and is_one(h.shape[1]) \
                and (_is_elementwise_product(h) or _is_elementwise_product(r)):
            return _replace_pair(fs, i, E.SumEntries(E.Hadamard((normal(E.Transpose(r)), h))))
    return None


def ones_times_diag(e: E.Expr, normal):
    """𝟏𝟏ᵀdiag(v) → 𝟏vᵀ, diag(v)𝟏𝟏ᵀ → v𝟏ᵀ (so 𝟏ᵀdiag(v) → vᵀ, diag(v)𝟏 → v), and
    𝟏𝟏ᵀx → sum(x)𝟏, 𝟏ᵀx → sum(x) for a column x: the softmax Jacobian diag(s) − ssᵀ"""
    if not isinstance(e, E.MatMul):
        return None
    fs = e.factors
    for i in range(len(fs) - 1):
        a, b = fs[i], fs[i + 1]
        if isinstance(a, E.Ones) and isinstance(b, E.Diag):
            row = E.Transpose(b.arg)
            return _replace_pair(fs, i, row if is_one(a.shape[0])
                                 else E.MatMul((E.Ones(a.shape[0], ONE), row)))
        if isinstance(a, E.Diag) and isinstance(b, E.Ones):
            return _replace_pair(fs, i, a.arg if is_one(b.shape[1])
                                 else E.MatMul((a.arg, E.Ones(ONE, b.shape[1]))))
        if isinstance(a, E.Ones) and is_one(b.shape[1]) and not isinstance(b, E.Ones) \
                and i + 2 == len(fs):
            total = E.SumEntries(b)
            return _replace_pair(fs, i, total if is_one(a.shape[0])
                                 else E.Scale(total, E.Ones(a.shape[0], ONE)))
    return None


def ones_in_hadamard(e: E.Expr, normal):
    """(𝟏𝟏ᵀ) ∘ A → A, (𝟏𝟏ᵀx) ∘ A → sum(x) A: a factor of ones, or a multiple of one, inside an
    elementwise product (log-sum-exp and softmax cross-entropy gradients)"""
    if not isinstance(e, E.Hadamard):
        return None
    for i, f in enumerate(e.factors):
        if not isinstance(f, E.MatMul) or not isinstance(f.factors[0], E.Ones):
            continue
        rest = f.factors[1:]
        if all(isinstance(g, E.Ones) and is_one(g.shape[0]) for g in rest):
            new = E.Ones(*f.shape)               # 𝟏𝟏ᵀ: an outer product (𝟏ₘₓₘ𝟏ₘ is m𝟏, not 𝟏)
        elif len(rest) == 1 and is_one(rest[0].shape[1]) and is_one(f.shape[1]):
            new = E.Scale(E.SumEntries(rest[0]), E.Ones(*f.shape))
        else:
            continue
        return E.Hadamard(e.factors[:i] + (new,) + e.factors[i + 1:])
    return None


def softmax_of_exp(e: E.Expr, normal):
    """exp(u)/sum(exp(u)) → softmax(u) for a column u (c exp(u)/sum(exp(u)) → c softmax(u))"""
    if not (isinstance(e, E.Scale) and isinstance(e.arg, E.Func) and e.arg.name == "exp"
            and is_one(e.arg.shape[1]) and not e.arg.is_scalar):
        return None
    total = E.Power(E.SumEntries(e.arg), Fraction(-1))
    coeff = e.coeff.factors if isinstance(e.coeff, E.MatMul) else (e.coeff,)
    if total not in coeff:
        return None
    rest = list(coeff)
    rest.remove(total)
    soft = E.Softmax(e.arg.arg)
    if not rest:
        return soft
    return E.Scale(rest[0] if len(rest) == 1 else E.MatMul(tuple(rest)), soft)


NODE_RULES = (elementwise_identities, row_times_product, ones_times_diag, ones_in_hadamard)
#: applied in a last pass, once the others have cancelled what they can (softmax(z).^-1 ∘
#: exp(z) would no longer cancel if exp(z)/sum(exp(z)) were renamed first)
LAST_RULES = (softmax_of_exp,)


# ------------------------------------------------------------------------------------
# The strategy
# ------------------------------------------------------------------------------------


_ELEMENTWISE = (E.Hadamard, E.HadamardDiv, E.Power)
_IN_CHAINS = (E.Hadamard, E.HadamardDiv, E.Diag, E.Ones)


def may_apply(e: E.Expr) -> bool:
    """Could a rule of NODE_RULES apply at `e`? (A quick test on the node's type.)"""
    if isinstance(e, _ELEMENTWISE):
        return True
    return isinstance(e, E.MatMul) and (e.is_scalar or any(isinstance(f, _IN_CHAINS)
                                                          for f in e.factors))


def shorten(e: E.Expr, normal, memos: tuple | None = None) -> E.Expr:
    """`e` with NODE_RULES applied bottom-up, then LAST_RULES, each rewrite kept only when
    the normalised result prints narrower. `memos`: two dicts (node → its shortened form,
    one per pass) to share between the expressions of one request: the result of a node
    depends on the node alone."""
    node_memo, last_memo = memos if memos is not None else ({}, {})
    e = _shorten(e, normal, NODE_RULES, may_apply, _node_rules_within, node_memo)
    return _shorten(e, normal, LAST_RULES, _last_may_apply, _last_rules_within, last_memo)


def _last_may_apply(e: E.Expr) -> bool:
    return isinstance(e, E.Scale) and isinstance(e.arg, E.Func) and e.arg.name == "exp"


@E.kept_on_node
def _node_rules_within(e: E.Expr) -> bool:
    """Does `may_apply` hold anywhere in `e`? (Kept on the node: where it holds nowhere,
    no rule runs and nothing below changes, so `e` is its own shortened form.)"""
    return may_apply(e) or any(_node_rules_within(k) for k in e.children)


@E.kept_on_node
def _last_rules_within(e: E.Expr) -> bool:
    """Does `_last_may_apply` hold anywhere in `e`? (Kept on the node.)"""
    return _last_may_apply(e) or any(_last_rules_within(k) for k in e.children)


def _new_nodes(e: E.Expr, done: dict, within) -> list:
    """The nodes of `e` that are not keys of `done` and have a node a rule may apply at
    `within` them, each once, each after its children; a node in `done` is not entered
    (its subtree was shortened before: with a request's memo, the gradients of a network
    walk only their own new nodes, not every δ below them), nor one where no rule applies."""
    out, seen, stack = [], set(), [(e, False)]
    while stack:
        x, expanded = stack.pop()
        if expanded:
            out.append(x)
        elif x not in seen and x not in done and within(x):
            seen.add(x)
            stack.append((x, True))
            stack.extend((c, False) for c in reversed(x.children))
    return out


def _shorten(e: E.Expr, normal, rules, applies, within, memo: dict | None) -> E.Expr:
    """`e` with `rules` applied bottom-up where `applies`; `within(x)`: does `applies` hold
    anywhere in x (a node where it holds nowhere is its own result, not entered)."""
    memo = {} if memo is None else memo
    done = memo
    if not within(e):
        return done.get(e, e)
    for x in _new_nodes(e, done, within):
        y = E.map_children(lambda c: done.get(c, c), x) if x.children else x
        if y is not x:
            y = normal(y)
        for _ in range(MAX_REWRITES if applies(y) else 0):
            better = None
            for rule in rules:
                new = rule(y, normal)
                if new is None:
                    continue
                new = normal(new)
                if cost(new) < cost(y) and (better is None or cost(new) < cost(better)):
                    better = new
            if better is None:
                break
            y = better
        done[x] = y
    return done.get(e, e)
