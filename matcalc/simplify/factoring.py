"""Factoring a sum of monomials for display: the short forms textbooks print.

    factor(monos, emit, normal)   the shortest factored sum the greedy search finds

A group of terms is factored when that shortens the printed result (the saving is measured
with `cost`); the group with the largest saving goes first, then the search starts again
with the group as one term, until no group saves anything. A group factors by taking out,
all at once, what its terms share:

    a number and scalar factors      −2αA − 2αB → −2α(A + B),  ‖r‖⁻³ (…) + ‖r‖⁻³ (…)
    a left and a right chain factor  BᵀCDx + BᵀCd → BᵀC(Dx + d),  S⁻ᵀ(…)S⁻ᵀ
    the whole chain                  x − tanh(wᵀx)²x → (1 − tanh(wᵀx)²)x
    elementwise factors              (W₂ᵀδ) − (W₂ᵀδ) ∘ t.^2 → (W₂ᵀδ) ∘ (𝟏 − t.^2),
                                     a ∘ c + a ∘ d → a ∘ (c + d): the least power of each
                                     factor of every term's chain read as one operand (of
                                     a group the other tags form: no group of its own, as
                                     the search tried each factor's group at a cost of 3×
                                     on a two-layer network's gradient, for nothing shorter)
    a rank-one sum of elementwise    a ∘ c + a ∘ d + b ∘ c + b ∘ d → (a + b) ∘ (c + d), and
    products                         with powers split, terms in pairs (u, c·u ∘ q):
                                     t − y − t.^3 + y ∘ t.^2 → (t − y) ∘ (𝟏 − t.^2)
    a rank-one sum of products       xxᵀ − xμᵀ − μxᵀ + μμᵀ → (x − μ)(x − μ)ᵀ: the terms
                                     uᵢ vⱼᵀ whose coefficient matrix Cᵢⱼ has rank one, C = pqᵀ,
                                     are (Σ pᵢuᵢ)(Σ qⱼvⱼ)ᵀ; the same for chains split after
                                     their first or before their last factor:
                                     DXb + DᵀXb + Dc + Dᵀc → (D + Dᵀ)(Xb + c)
    a linear operator                diag(a) − diag(b) → diag(a − b)  (spec(...).linear)
    a rank-one sum of products of    xae + xa − 2xbe − 2xb → x(a − 2b)(e + 1): the same
    1×1 factors                      for the terms' 1×1 factors split in two sides that
                                     never meet in a term (the chains go to the right)
    a square of a 1×1 sum            a² + 4xab + 4x²b² → (a + 2xb)²  (the canonical form
                                     expands it back: rules_elementwise.square_of_scalar_sum)

and factoring what is left the same way. The candidate groups are: all the terms, the terms
sharing a first or a last chain factor, the terms sharing a scalar factor, the outer
products (the products) with equal scalars, the terms that are one linear operator of the same
kind, and the 1×1 terms that are squares or products of two squares' roots.

`emit(atom)` gives the printed form of a canonical atom (the search's own entry point, so
atoms inside factored results are shortened too; a dict `emit.terms`, when there is one,
keeps the printed terms of monomials); `normal` is the canonical normaliser. Every group is
equal to its terms by distributivity, so the factored sum has the value of the monomials.
"""
from __future__ import annotations

import functools
import math
from collections import Counter, OrderedDict
from fractions import Fraction

from ..core import build as B
from ..core import expr as E
from ..core.operators import spec
from ..core.shapes import is_one
from .cost import cost, leaves, size
from .expansion import Monomial, collect, elementwise_product, monomial
from .order import key, term_key

# ------------------------------------------------------------------------------------
# Building printed terms
# ------------------------------------------------------------------------------------


def coefficient(number, scalars, emit) -> E.Expr:
    """number · Π scalars, printed factors, folded by the builders."""
    out = B.num(number)
    for s in scalars:
        out = B.times(out, emit(s))
    return out


def term_expr(m: Monomial, emit) -> E.Expr:
    """A monomial as a printed term: −2αAx (kept in `emit.terms` when the emitter has one)."""
    cache = getattr(emit, "terms", None)
    if cache is None:
        return _term_expr(m, emit)
    out = cache.get(m)
    if out is None:
        out = cache[m] = _term_expr(m, emit)
    return out


def _term_expr(m: Monomial, emit) -> E.Expr:
    c = coefficient(m.number, m.scalars, emit)
    if not m.chain:
        return c
    body = B.matmul_all([emit(f) for f in m.chain])
    return B.scale(c, body)


def sum_expr(parts) -> E.Expr:
    """Printed terms as one sum, in the canonical order of terms."""
    if len(parts) == 1:
        return parts[0]
    return B.add(*sorted(parts, key=term_key))


# ------------------------------------------------------------------------------------
# What a group shares
# ------------------------------------------------------------------------------------


def common_number(numbers) -> Fraction:
    """The number the coefficients share: their one value (−a − b → −(a + b)), their common
    magnitude (2a − 2b → 2(a − b)), the gcd of integers (2a − 4b → 2(a − 2b)), else 1;
    negated when every coefficient is negative (−2a − b → −(2a + b))."""
    numbers = set(numbers)
    if len(numbers) == 1:
        return numbers.pop()
    if all(n < 0 for n in numbers):
        return -common_number(-n for n in numbers)
    sizes = {abs(n) for n in numbers}
    if len(sizes) == 1:
        return sizes.pop()
    if all(n.denominator == 1 for n in numbers):
        return Fraction(math.gcd(*(int(n) for n in numbers)))
    return Fraction(1)


def common_scalars(monos) -> Counter:
    common = Counter(monos[0].scalars)
    for m in monos[1:]:
        common &= Counter(m.scalars)
    return common


def _without(scalars, common: Counter) -> tuple:
    left, out = Counter(common), []
    for s in scalars:
        if left[s]:
            left[s] -= 1
        else:
            out.append(s)
    return tuple(out)


def common_ends(chains):
    """How many leading and trailing factors every chain shares (each keeps one)."""
    room = min(len(c) for c in chains) - 1
    p = 0
    while p < room and all(c[p] == chains[0][p] for c in chains):
        p += 1
    s = 0
    while s < room - p and all(c[-1 - s] == chains[0][-1 - s] for c in chains):
        s += 1
    return p, s


def operand(chain) -> E.Expr:
    """A term's chain as one elementwise operand: its factor, or the product of its factors."""
    return chain[0] if len(chain) == 1 else E.MatMul(tuple(chain))


@E.kept_on_node
def elementwise_factors(e: E.Expr) -> dict:
    """An elementwise operand as {base: integer power}, nested products and integer powers
    flattened, 𝟏 dropped: (W₂ᵀδ) ∘ t.^2 → {W₂ᵀδ: 1, t: 2}; x ./ s → {x: 1, s: −1}; any
    other node is a base (kept on the node; plain integers, no Fraction arithmetic)."""
    if isinstance(e, E.Ones):
        return {}
    if isinstance(e, E.Hadamard):
        parts = [elementwise_factors(f) for f in e.factors]
    elif isinstance(e, E.HadamardDiv):
        parts = [elementwise_factors(e.num),
                 {b: -p for b, p in elementwise_factors(e.den).items()}]
    elif isinstance(e, E.Power) and e.exponent.denominator == 1 and not e.is_scalar:
        k = int(e.exponent)
        parts = [{b: k * p for b, p in elementwise_factors(e.arg).items()}]
    else:
        return {e: 1}
    out: dict = {}
    for ps in parts:
        for b, p in ps.items():
            out[b] = out.get(b, 0) + p
    return {b: p for b, p in out.items() if p != 0}


def positive_factors(chain) -> dict:
    """The elementwise factors of a one-factor chain with positive powers: (W₂ᵀδ) ∘ t.^2 →
    {W₂ᵀδ: 1, t: 2}; none for a 1×1 (a scalar, factored as one)."""
    if chain[0].is_scalar:
        return {}
    return {b: p for b, p in elementwise_factors(chain[0]).items()
            if p > 0 and not b.is_scalar}


def common_elementwise(monos) -> dict:
    """The elementwise factors every term's chain shares, each to its least power: a ∘ c,
    a ∘ d → {a: 1}; t, t.^3 → {t: 1}; W₂ᵀδ, (W₂ᵀδ) ∘ t.^2 → {W₂ᵀδ: 1} (a chain of several
    factors is one operand, so it shares only itself). Empty when a term has no chain."""
    if not all(m.chain for m in monos):
        return {}
    longer = {m.chain for m in monos if len(m.chain) > 1}
    if len(longer) > 1:
        return {}
    common = None
    for m in monos:
        if len(m.chain) == 1:
            ps = positive_factors(m.chain)
            common = ps if common is None else {b: min(p, ps[b]) for b, p in common.items()
                                                if b in ps}
            if not common:
                return {}
    if longer:
        whole = operand(longer.pop())
        return {whole: 1} if common is None or whole in common else {}
    return common


def _powers(ps: dict) -> list:
    return [b if p == 1 else E.Power(b, Fraction(p)) for b, p in ps.items() if p]


#: how much taking an elementwise factor out must save, in nodes and written symbols
#: together: a ∘ c + a ∘ d → a ∘ (c + d) saves two nodes and a symbol, t − y − t.^3 + y ∘ t.^2
#: → (t − y) ∘ (𝟏 − t.^2) a node and a symbol, (W₂ᵀδ) − (W₂ᵀδ) ∘ t.^2 → (W₂ᵀδ) ∘ (𝟏 − t.^2)
#: more; 2S⁻¹ − S⁻¹ ∘ I → S⁻¹ ∘ (2𝟏 − I) saves one node only, and the Cookbook writes the
#: first (143)
ELEMENTWISE_SAVING = 2


def factor_elementwise(monos, common: dict, n, scalars: Counter, emit, normal):
    """n · scalars · (Π common) ∘ Σ (the terms with `common` divided out), the rest factored;
    None unless that saves enough (_saves_enough)."""
    like = operand(monos[0].chain)
    rest = []
    for m in monos:
        left = dict(elementwise_factors(operand(m.chain)))
        for b, p in common.items():
            left[b] -= p
        r = monomial(elementwise_product(_powers(left), like))
        rest.append(Monomial(m.number / n * r.number,
                             tuple(sorted(_without(m.scalars, scalars) + r.scalars, key=key)),
                             r.chain))
    rest = collect(rest)
    if not rest:                # the terms cancel once divided: x − x ∘ (W ./ W)
        return None
    shared = emit(elementwise_product(_powers(common), like))
    out = elementwise_printed(shared, factor(rest, emit, normal))
    return _saves_enough(B.scale(coefficient(n, tuple(scalars.elements()), emit), out),
                         monos, emit)


def elementwise_printed(*parts) -> E.Expr:
    """The elementwise product of printed factors in the order textbooks write it: the
    factors that are not sums in the canonical order, then the sums as given (a binomial
    𝟏 + cq last): (W₂ᵀδ) ∘ σ(z) ∘ (𝟏 − σ(z)), (h − y) ∘ (𝟏 − h.^2)."""
    fs = [f for p in parts for f in (p.factors if isinstance(p, E.Hadamard) else (p,))]
    plain = sorted((f for f in fs if not isinstance(f, E.Add)), key=key)
    return functools.reduce(B.hadamard, plain + [f for f in fs if isinstance(f, E.Add)])


def _saves_enough(out: E.Expr, monos, emit):
    """`out` when its nodes and written symbols are together at least ELEMENTWISE_SAVING
    fewer than the terms', and its nodes fewer; else None. (The terms' sum is counted from
    the printed terms, one node more than theirs, without building it again.)"""
    terms = [term_expr(m, emit) for m in monos]
    saved = sum(map(size, terms)) + (len(terms) > 1) - size(out)
    written = sum(map(leaves, terms)) - leaves(out)
    return out if saved > 0 and saved + written >= ELEMENTWISE_SAVING else None


def _operand_powers(m: Monomial):
    """A term's chain as one elementwise operand's {base: power}; None for a 1×1 term."""
    if not m.chain or (len(m.chain) == 1 and m.chain[0].is_scalar):
        return None
    return {operand(m.chain): 1} if len(m.chain) > 1 else elementwise_factors(m.chain[0])


def _ratio(low: dict, high: dict):
    """high ÷ low as {base: power} when every power is positive, else None."""
    q = dict(high)
    for b, p in low.items():
        q[b] = q.get(b, 0) - p
    q = {b: p for b, p in q.items() if p}
    return q if q and all(p > 0 for p in q.values()) else None


def factor_elementwise_grid(monos, emit, normal):
    """Σ Cᵢⱼ uᵢ ∘ vⱼ, the uᵢ and vⱼ elementwise products of factors that never meet in one
    term (_two_sides), C of rank one (C = pqᵀ, at least two u's and two v's) → (Σ pᵢuᵢ) ∘
    (Σ qⱼvⱼ): a ∘ c + a ∘ d + b ∘ c + b ∘ d → (a + b) ∘ (c + d); the elementwise analogue of
    factor_product. None unless the terms have one scalar part and that saves enough."""
    powers = [_operand_powers(m) for m in monos]
    if any(p is None for p in powers) or len({m.scalars for m in monos}) != 1:
        return None
    atoms = [tuple(p.items()) for p in powers]
    sides = _two_sides(atoms)
    if sides is None:
        return None
    left = sides[0]
    grid = rank_one_grid((tuple(a for a in t if a in left), tuple(a for a in t if a not in left),
                          m.number) for t, m in zip(atoms, monos))
    if grid is None:
        return None
    *pq, _, _ = grid
    like = operand(monos[0].chain)

    def side(weights, scalars):
        out = []
        for u, w in weights.items():
            if w != 0:
                r = monomial(elementwise_product(_powers(dict(u)), like))
                out.append(Monomial(w * r.number, tuple(sorted(scalars + r.scalars, key=key)),
                                    r.chain))
        return out
    lefts, rights = side(pq[0], monos[0].scalars), side(pq[1], ())
    if len(lefts) < 2 or len(rights) < 2:
        return None
    out = elementwise_printed(factor(lefts, emit, normal), factor(rights, emit, normal))
    return _saves_enough(out, monos, emit)


def factor_binomial(monos, emit, normal):
    """Σᵢ (cᵢuᵢ + c·cᵢ uᵢ ∘ q) → (Σ cᵢuᵢ) ∘ (𝟏 + c q): the terms in pairs whose ratio is
    one elementwise product q of positive powers with one coefficient c, as a nest of
    elementwise products expands: t − y − t.^3 + y ∘ t.^2 → (t − y) ∘ (𝟏 − t.^2), and a
    network's gradient, W₂ᵀδ − (W₂ᵀδ) ∘ t.^2 term by term → (W₂ᵀδ) ∘ (𝟏 − t.^2) (the rank-one
    grid of factor_product, its columns 𝟏 and q). The pairs' first members are factored
    again. None unless every term pairs and that saves enough (_saves_enough)."""
    if len(monos) % 2:
        return None
    powers = [_operand_powers(m) for m in monos]
    if any(p is None for p in powers):
        return None
    where: dict = {}
    for i, (m, ps) in enumerate(zip(monos, powers)):
        where.setdefault((m.scalars, frozenset(ps.items())), []).append(i)
    tried = []
    for k in range(1, len(monos)):
        if monos[k].scalars != monos[0].scalars:
            continue
        up, down = _ratio(powers[0], powers[k]), _ratio(powers[k], powers[0])
        q, c = (up, monos[k].number / monos[0].number) if up else \
            (down, monos[0].number / monos[k].number) if down else (None, None)
        if q is None or (q, c) in tried:
            continue
        tried.append((q, c))
        lows = _pair_off(monos, powers, where, q, c)
        if lows is not None and not (len(lows) == 1 and not _operand_powers(lows[0])):
            # (𝟏 + cq alone is the sum itself)
            like = operand(monos[0].chain)
            ones_plus = normal(E.Add((E.Ones(*like.shape),
                                      E.Scale(E.Num(c), elementwise_product(_powers(q), like)))))
            out = elementwise_printed(factor(lows, emit, normal), emit(ones_plus))
            return _saves_enough(out, monos, emit)
    return None


def _pair_off(monos, powers, where, q: dict, c):
    """The first members of pairs (m, c·m ∘ q) covering every term, or None."""
    bases = set(q)
    order = sorted(range(len(monos)),
                   key=lambda i: sum(p for b, p in powers[i].items() if b in bases))
    paired, lows = set(), []
    for i in order:
        if i in paired:
            continue
        target = dict(powers[i])
        for b, p in q.items():
            target[b] = target.get(b, 0) + p
        partner = next((j for j in where.get((monos[i].scalars, frozenset(target.items())), ())
                        if j not in paired and j != i
                        and monos[j].number == c * monos[i].number), None)
        if partner is None:
            return None
        paired.update((i, partner))
        lows.append(monos[i])
    return lows


# ------------------------------------------------------------------------------------
# Rank-one sums of outer products
# ------------------------------------------------------------------------------------


def outer_split(chain):
    """A chain as (column part, row part) at its first inner dimension 1: x μᵀS → (x), (μᵀ, S)."""
    for i in range(1, len(chain)):
        if is_one(chain[i].shape[0]) and not is_one(chain[i].shape[1]):
            return chain[:i], chain[i:]
    return None


def rank_one_grid(cells):
    """(p, q, rows, columns): rank_one of the grid given as (row, column, number) cells,
    rows and columns in the order they first appear; None when a cell repeats, the grid has
    fewer than two rows or two columns (nothing to factor) or is not of rank one."""
    entries, rows, cols = {}, [], []
    for u, v, number in cells:
        if (u, v) in entries:
            return None
        entries[(u, v)] = number
        rows += [u] if u not in rows else []
        cols += [v] if v not in cols else []
    if len(rows) < 2 or len(cols) < 2:
        return None
    if len(entries) < len(rows) * len(cols) and all(n != 0 for n in entries.values()):
        return None     # pᵢqⱼ ≠ 0 for every row and column with a nonzero cell: none missing
    pq = rank_one(entries, rows, cols)
    return None if pq is None else (*pq, rows, cols)


def rank_one(entries: dict, rows: list, cols: list):
    """p, q with entries[(i, j)] = pᵢ qⱼ for every i, j (missing entries are 0), or None."""
    pivot = next(((i, j) for i in rows for j in cols if entries.get((i, j), 0) != 0), None)
    if pivot is None:
        return None
    i0, j0 = pivot
    p = {i: entries.get((i, j0), Fraction(0)) for i in rows}
    q = {j: entries.get((i0, j), Fraction(0)) / entries[pivot] for j in cols}
    for i in rows:
        for j in cols:
            if entries.get((i, j), 0) != p[i] * q[j]:
                return None
    return p, q


def _chain(factors) -> E.Expr:
    return factors[0] if len(factors) == 1 else E.MatMul(tuple(factors))


def _last_positive(weights: dict, order: list):
    """(sign, weights) with the weight of the last nonzero entry in `order` positive: the
    sum then reads x − μ rather than μ − x when x sorts after μ, the textbook's habit of
    writing the variable first (either is equal: the other sign goes to the coefficient)."""
    last = next(weights[k] for k in reversed(order) if weights[k] != 0)
    sign = 1 if last > 0 else -1
    return sign, {k: v * sign for k, v in weights.items()}


def split_after_first(chain):
    """A chain as (first factor, the rest): DXb → (D), (X, b)."""
    return (chain[:1], chain[1:]) if len(chain) >= 2 else None


def split_before_last(chain):
    """A chain as (all but the last factor, the last): DXb → (D, X), (b)."""
    return (chain[:-1], chain[-1:]) if len(chain) >= 2 else None


SPLITS = (outer_split, split_after_first, split_before_last)


def factor_product(monos, emit, normal, split):
    """Σ Cᵢⱼ LᵢRⱼ (every chain split into L R by `split`, C of rank one, C = pqᵀ, at least
    two L's and two R's) → (Σ pᵢLᵢ)(Σ qⱼRⱼ): (D + Dᵀ)(Xb + c), and for outer products
    (split at the inner dimension 1) (Σ pᵢuᵢ)(Σ qⱼvⱼ)ᵀ: (x − μ)(x − μ)ᵀ. A minus sign left
    in front goes into one of the sums when that is shorter, (As − x)ᵀ(W + Wᵀ) rather than
    −(x − As)ᵀ(W + Wᵀ), except in a symmetric outer product −(x − μ)(x − μ)ᵀ."""
    splits = [split(m.chain) for m in monos]
    if any(s is None for s in splits) or len({m.scalars for m in monos}) != 1:
        return None
    grid = rank_one_grid((u, v, m.number) for m, (u, v) in zip(monos, splits))
    if grid is None:
        return None
    *pq, rows, cols = grid
    outer = split is outer_split
    column = {v: monomial(normal(E.Transpose(_chain(v)))) if outer else Monomial(1, (), v)
              for v in cols}
    rows.sort(key=lambda u: term_key(_chain(u)))
    cols.sort(key=lambda v: term_key(_chain(column[v].chain)))
    sp, p = _last_positive(pq[0], rows)
    sq, q = _last_positive(pq[1], cols)

    def build(sign, p, q):
        """(left, right, the product), or None when a side's terms cancel (the columns of
        an outer split can collect to nothing: no rank-one form then)."""
        lefts = [Monomial(p[u], (), u) for u in rows if p[u] != 0]
        columns = collect([Monomial(q[v] * column[v].number, column[v].scalars,
                                    column[v].chain) for v in cols if q[v] != 0])
        if not lefts or not columns:
            return None
        left, right = factor(lefts, emit, normal), factor(columns, emit, normal)
        c = coefficient(Fraction(sign), monos[0].scalars, emit)
        return left, right, B.scale(c, B.matmul(left, B.transpose(right) if outer else right))
    built = build(sp * sq, p, q)
    if built is None:
        return None
    left, right, out = built
    if sp * sq > 0 or normal(left) == normal(right if outer else E.Transpose(right)):
        return out                                  # −(x − μ)(x − μ)ᵀ keeps its symmetry
    negated = [b[2] for b in (build(1, _negated(p), q), build(1, p, _negated(q))) if b]
    return min([out] + negated, key=cost)           # −(x − As)ᵀW → (As − x)ᵀW


def _negated(weights: dict) -> dict:
    return {k: -v for k, v in weights.items()}


def factor_rank_one(monos, emit, normal):
    """The cheapest of factor_product over the ways of splitting the chains (SPLITS)."""
    found = [f for f in (factor_product(monos, emit, normal, sp) for sp in SPLITS) if f]
    return min(found, key=cost) if found else None


def _scalar_sides(monos):
    """The 1×1 factors split in two sides that never meet in one term (_two_sides)."""
    return _two_sides([m.scalars for m in monos])


def _two_sides(terms):
    """The atoms of the terms (each a tuple of atoms) split in two sides that never meet in
    one term, as a rank-one product of sums needs: (left side, right side), sets of atoms.
    The left side grows from the first atom: what shares a term with it is on the right,
    what shares a term with those on the left, and so on; atoms no term shares go to the
    left. None when an atom ends up on both sides."""
    atoms = list(OrderedDict.fromkeys(a for t in terms for a in t))
    if len(atoms) < 2:
        return None
    meets = {a: set() for a in atoms}
    for t in terms:
        for a in t:
            meets[a].update(b for b in t if b != a)
    side = {atoms[0]: 0}
    todo = [atoms[0]]
    while todo:
        a = todo.pop()
        for b in meets[a]:
            if b not in side:
                side[b] = 1 - side[a]
                todo.append(b)
            elif side[b] == side[a]:
                return None
    left = {a for a in atoms if side.get(a, 0) == 0}
    return left, set(atoms) - left


def factor_scalar_product(monos, emit, normal):
    """Σ Cᵢⱼ uᵢvⱼ, the uᵢ and vⱼ products of 1×1 factors (the vⱼ with the terms' chains), C
    of rank one (C = pqᵀ, at least two u's and two v's) → (Σ pᵢuᵢ)(Σ qⱼvⱼ):
    a·e + a − 2b·e − 2b → (a − 2b)(e + 1); the 1×1 analogue of factor_product, whose sides
    are found by _scalar_sides."""
    sides = _scalar_sides(monos)
    if sides is None:
        return None
    left = sides[0]
    grid = rank_one_grid((tuple(s for s in m.scalars if s in left),
                          (tuple(s for s in m.scalars if s not in left), m.chain), m.number)
                         for m in monos)
    if grid is None:
        return None
    *pq, _, _ = grid
    lefts = [Monomial(w, u, ()) for u, w in pq[0].items() if w != 0]
    rights = [Monomial(w, v[0], v[1]) for v, w in pq[1].items() if w != 0]
    if len(lefts) < 2 or len(rights) < 2:
        return None
    return B.times(factor(lefts, emit, normal), factor(rights, emit, normal))


# ------------------------------------------------------------------------------------
# Squares of scalar sums
# ------------------------------------------------------------------------------------


def _rational_sqrt(v: Fraction):
    if v <= 0:
        return None
    n, d = math.isqrt(v.numerator), math.isqrt(v.denominator)
    return Fraction(n, d) if n * n == v.numerator and d * d == v.denominator else None


def scalar_powers(scalars) -> dict:
    """1×1 factors as {base: exponent}: (α, β², β) → {α: 1, β: 3}."""
    out: dict = {}
    for f in scalars:
        b, p = ((f.arg, int(f.exponent)) if isinstance(f, E.Power)
                and f.exponent.denominator == 1 and f.exponent > 0 else (f, 1))
        out[b] = out.get(b, 0) + p
    return out


def _power_key(ps: dict) -> tuple:
    return tuple(sorted(((key(b), p) for b, p in ps.items()), key=lambda t: t[0]))


def square_root(m: Monomial):
    """(r, {base: exponent}) with r² = m, for a 1×1 m with a square number and even powers:
    4x²tr(C)² → 2x tr(C); None otherwise."""
    if m.chain:
        return None
    root = _rational_sqrt(m.number)
    ps = scalar_powers(m.scalars)
    if root is None or not ps or any(p % 2 for p in ps.values()):
        return None
    half = {b: p // 2 for b, p in ps.items()}
    scalars = tuple(b if p == 1 else E.Power(b, Fraction(p)) for b, p in half.items())
    return Monomial(root, tuple(sorted(scalars, key=key)), ()), half


def _product_key(a: dict, b: dict) -> tuple:
    out = dict(a)
    for x, p in b.items():
        out[x] = out.get(x, 0) + p
    return _power_key(out)


def factor_square(monos, emit, normal):
    """Σᵢ aᵢ²rᵢ² + Σᵢ<ⱼ 2aᵢaⱼrᵢrⱼ → (Σ aᵢrᵢ)² for 1×1 terms: tr(BM)² + 4x tr(BM)tr(CM)
    + 4x²tr(CM)² → tr((B + 2xC)M)² (the sum then gathered like any other); None unless the
    terms are exactly such a square."""
    if any(m.chain for m in monos):
        return None
    roots = [r for r in (square_root(m) for m in monos) if r is not None]
    if len(roots) < 2:
        return None
    roots.sort(key=lambda r: _power_key(r[1]))
    numbers = {_power_key(scalar_powers(m.scalars)): m.number for m in monos}
    p0, signed = roots[0][1], [roots[0]]
    for r, p in roots[1:]:
        cross = numbers.get(_product_key(p0, p), 0)
        signed.append((r if cross >= 0 else Monomial(-r.number, r.scalars, ()), p))
    square: dict = {}
    for i, (a, pa) in enumerate(signed):
        for j, (b, pb) in enumerate(signed[i:], i):
            k = _product_key(pa, pb)
            square[k] = square.get(k, 0) + a.number * b.number * (1 if i == j else 2)
    if {k: v for k, v in square.items() if v} != numbers:
        return None
    return B.power(factor([r for r, _ in signed], emit, normal), 2)


def _in_a_square(monos) -> list:
    """The positions of 1×1 terms that are squares or products of two squares' roots: the
    terms a square of a sum may be made of."""
    roots = [r[1] for r in (square_root(m) for m in monos) if r is not None]
    if len(roots) < 2:
        return []
    pairs = {_product_key(a, b) for i, a in enumerate(roots) for b in roots[i:]}
    return [i for i, m in enumerate(monos)
            if not m.chain and _power_key(scalar_powers(m.scalars)) in pairs]


# ------------------------------------------------------------------------------------
# Linear operators
# ------------------------------------------------------------------------------------


def _is_linear_op(f: E.Expr) -> bool:
    return (not isinstance(f, (E.Add, E.Transpose)) and spec(f).linear
            and len(f.children) == 1)


def _linear_part(m: Monomial):
    """(operator, its node, the other scalar factors) when the term is a multiple of one
    linear operator: 2α diag(a) → (Diag, diag(a), (α,)); 2x tr(CM⁻¹) → (Trace, tr(CM⁻¹), (x,))."""
    if len(m.chain) == 1 and _is_linear_op(m.chain[0]):
        f, others = m.chain[0], m.scalars
    elif not m.chain:
        ops = [s for s in m.scalars if _is_linear_op(s)]
        if len(ops) != 1:
            return None
        f = ops[0]
        others = list(m.scalars)
        others.remove(f)
        others = tuple(others)
    else:
        return None
    head = (type(f),) + tuple(getattr(f, n) for n in f._fields if n != "arg")
    return head, f, others


def _linear_head(m: Monomial):
    part = _linear_part(m)
    return None if part is None else part[0]


def factor_linear(monos, emit, normal):
    """c₁L(A₁) + c₂L(A₂) → L(c₁A₁ + c₂A₂) for one linear operator L (diag, tr, sum, vec, …,
    read from the operator spec): diag(a) − diag(b) → diag(a − b),
    2x tr(CM⁻¹) + tr(BM⁻¹) → tr((B + 2xC)M⁻¹)."""
    parts = [_linear_part(m) for m in monos]
    if any(p is None for p in parts) or len({p[0] for p in parts}) != 1 \
            or len({p[1].arg.shape for p in parts}) != 1:      # tr(A) + tr(B), A n×n, B m×m
        return None
    inner = B.add(*(B.scale(B.num(m.number), functools.reduce(B.times, others, f.arg))
                    for m, (_, f, others) in zip(monos, parts)))
    return E.rebuild(parts[0][1], (emit(normal(inner)),))


# ------------------------------------------------------------------------------------
# One group
# ------------------------------------------------------------------------------------


def factor_group(monos, emit, normal):
    """The group as one product: what all its terms share, times the factored rest; None
    when they share nothing."""
    n = common_number(m.number for m in monos)
    common = common_scalars(monos)
    chains = [m.chain for m in monos]
    p, s = common_ends(chains) if all(chains) else (0, 0)
    if all(chains) and all(c == chains[0] for c in chains):
        p, s = 0, len(chains[0])            # x − t²x → (1 − t²)x: the chain is the factor
    elif not p and not s:
        shared = common_elementwise(monos)
        if shared:
            return factor_elementwise(monos, shared, n, common, emit, normal)
    if n == 1 and not common and not p and not s:
        return (factor_rank_one(monos, emit, normal) or factor_linear(monos, emit, normal)
                or factor_square(monos, emit, normal)
                or factor_scalar_product(monos, emit, normal)
                or factor_binomial(monos, emit, normal)
                or factor_elementwise_grid(monos, emit, normal))
    rest = collect([Monomial(m.number / n, _without(m.scalars, common),
                             m.chain[p:len(m.chain) - s]) for m in monos])
    inner = factor(rest, emit, normal)
    first = chains[0]
    out = functools.reduce(B.times, [emit(f) for f in first[:p]] + [inner]
                           + [emit(f) for f in first[len(first) - s:]])
    return B.scale(coefficient(n, tuple(common.elements()), emit), out)


def candidate_groups(monos):
    """Sets of ≥ 2 term positions worth trying as one group, in a fixed order."""
    groups: OrderedDict = OrderedDict()

    def add(tag, i):
        groups.setdefault(tag, []).append(i)
    for i, m in enumerate(monos):
        add(("all",), i)
        if len(m.chain) >= 2:
            add(("left", m.chain[0]), i)
            add(("right", m.chain[-1]), i)
        for sc in set(m.scalars):
            add(("scalar", sc), i)
        if outer_split(m.chain) is not None:
            add(("outer", m.scalars), i)
        if len(m.chain) >= 2:
            add(("product", m.scalars), i)
        if _linear_head(m) is not None:
            add(("linear", _linear_head(m)), i)
    for i in _in_a_square(monos):
        add(("square",), i)
    seen, out = set(), []
    for members in groups.values():
        t = tuple(members)
        if len(t) >= 2 and t not in seen:
            seen.add(t)
            out.append(t)
    return out


# ------------------------------------------------------------------------------------
# The greedy search
# ------------------------------------------------------------------------------------


def factor(monos, emit, normal, only_if_shorter: bool = False):
    """The monomials' sum, factored greedily by the saving in cost (cost.py: node count,
    symbols written, printed width); with `only_if_shorter`, None when no group saves
    anything (the sum as it is would be all there is to offer)."""
    if not monos:
        raise ValueError("factor of an empty sum")
    pending = list(monos)
    done: list = []
    while len(pending) >= 2:
        best = None
        for members in candidate_groups(pending):
            group = [pending[i] for i in members]
            grouped = factor_group(group, emit, normal)
            if grouped is None:
                continue
            before = cost(sum_expr([term_expr(m, emit) for m in group]))
            after = cost(grouped)
            if not after < before:
                continue
            # the largest saving first, then the least canonical key (computed for ties)
            loss = tuple(a - b for b, a in zip(before, after))
            if best is None or loss < best[0] or (
                    loss == best[0] and key(grouped) < key(best[2])):
                best = (loss, members, grouped)
        if best is None:
            if only_if_shorter and not done:
                return None
            break
        _, members, grouped = best
        done.append(grouped)
        pending = [m for i, m in enumerate(pending) if i not in members]
    parts = done + [term_expr(m, emit) for m in pending]
    return sum_expr(parts)
