"""The cost the printed-form search minimises: the size of the expression.

    size(e)    the number of nodes (kept on the node); X⁻ᵀ, one postfix mark like X⁻¹,
               counts as X⁻¹ does (as in the canonical order's size)
    leaves(e)  the number of symbols written, numbers aside (a common factor written once
               counts once)
    width(e)   about the number of characters `to_text(e)` prints, computed from the node
               types alone (without printing), kept on the node like its order key; the
               all-ones vector is 7 wide (`ones(n)`), 1 where it prints `𝟏`
    numbers(e) the weight of the numbers written: minus signs and magnitudes other than 1
    cost(e)    (size, leaves, numbers, width): what the search compares
    rank(e)    cost, then the canonical key: a total order, so the search is deterministic

Why the node count first and the printed width second: the node count measures the
structure a reader has to parse, and it prefers exactly the forms textbooks choose where the
printed length hesitates: h(Wᵀh − y)ᵀ (11 nodes, 11 characters) over hhᵀW − hyᵀ (12 nodes,
10 characters), Xᵀ(σ(Xw) − y) over Xᵀσ(Xw) − Xᵀy (equally wide), −(a + b) over −a − b.
Between forms of equal size the one that writes fewer symbols wins (X(bcᵀ + cbᵀ) over
Xbcᵀ + Xcbᵀ: the textbook writes a common factor once), then the one with lighter numbers
(−2(A + 2B) over −2A − 4B, −(B + 2xC) over −B − 2xC: a common number and a common sign
written once), then the narrower one.
It is an estimate, not the printer's output: printing each candidate would cost about
80 µs a time, the estimate a few microseconds for a whole result.
"""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as E
from ..core.sized_ones import clear_operands, is_ones_like, printable
from .order import key

_GREEK = frozenset("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
                   "omicron pi rho sigma tau upsilon phi chi psi omega".split())
_CALLS = {E.Trace: 4, E.Det: 5, E.LogDet: 8, E.SumEntries: 5, E.Diag: 6, E.DiagPart: 6,
          E.Vec: 5, E.Unvec: 9}


def _name_width(name: str) -> int:
    head = name.rstrip("0123456789")
    return (1 if head.lower() in _GREEK else len(head)) + len(name) - len(head)


def _number_width(v: Fraction) -> int:
    return len(str(abs(v))) + (1 if v < 0 else 0)


def _is_negative(e) -> bool:
    return isinstance(e, E.Scale) and (
        (isinstance(e.coeff, E.Num) and e.coeff.value < 0)
        or (isinstance(e.coeff, E.Scale) and isinstance(e.coeff.coeff, E.Num)
            and e.coeff.coeff.value < 0))


def _is_sum(e) -> bool:
    return isinstance(e, E.Add) or _is_negative(e)


def _operand(e) -> int:
    """The width of a factor: a sum or a negated term gets parentheses."""
    return width(e) + (2 if _is_sum(e) else 0)


def _postfix(e) -> int:
    """The width of what a postfix mark (ᵀ, ⁻¹, ²) applies to."""
    atom = isinstance(e, (E.Var, E.Delta, E.Num, E.Func, E.Trace, E.Det, E.LogDet,
                          E.SumEntries, E.Diag, E.DiagPart, E.Vec, E.Norm2, E.Frob, E.Norm1,
                          E.Identity, E.Ones, E.Zero))
    return width(e) + (0 if atom else 2)


@E.kept_on_node
def width(e: E.Expr) -> int:
    """About how many characters `e` prints as (unicode text; kept on the node)."""
    t = type(e)
    if t is E.Var:
        return _name_width(e.name)
    if t is E.Delta:
        return 1 + _name_width(e.var.name)
    if t is E.Num:
        return _number_width(e.value)
    if t in (E.Identity, E.Zero):
        return 2
    if t is E.Ones:
        return 7
    if t is E.Commutation:
        return 16
    if t is E.Add:                      # a − b: the minus sign is the operator
        return sum(width(x) - (1 if _is_negative(x) else 0) for x in e.terms) \
            + 3 * (len(e.terms) - 1) + (1 if _is_negative(e.terms[0]) else 0) - _bare_ones(e)
    if t is E.MatMul:
        return sum(_operand(f) for f in e.factors) - _bare_ones(e)
    if t is E.Scale:
        c = e.coeff
        if isinstance(c, E.Num):
            head = 1 if c.value == -1 else _number_width(c.value)
            return head + _operand(e.arg)
        if isinstance(c, E.Power) and c.exponent == -1:
            return _operand(e.arg) + 1 + _operand(c.arg)
        return _operand(c) + _operand(e.arg)
    if t is E.Transpose:
        return _postfix(e.arg) + 1
    if t is E.Inverse:
        return _postfix(e.arg) + 2
    if t is E.MatPow:
        return _postfix(e.arg) + len(str(e.k))
    if t is E.Power:
        p = e.exponent
        if e.arg.is_scalar and p == -1:
            return 2 + _operand(e.arg)
        mark = len(str(p)) + (2 if p.denominator != 1 else 0)
        return _postfix(e.arg) + mark + (0 if e.arg.is_scalar else 2)
    if t is E.Func:
        return len(e.name) + 2 + width(e.arg)
    if t is E.Hadamard:
        return sum(_operand(f) for f in e.factors) + 3 * (len(e.factors) - 1) - _bare_ones(e)
    if t in (E.HadamardDiv, E.Kron):
        return sum(_operand(f) for f in e.children) + 3 - _bare_ones(e)
    if t in (E.Norm2, E.Frob, E.Norm1):
        return width(e.arg) + 3
    return _CALLS.get(t, 6) + width(e.arg)


def _bare_ones(e: E.Expr) -> int:
    """What the operands of `e` that print `𝟏` rather than `ones(n)` save (core/sized_ones.py:
    6 characters each)."""
    kids = e.children
    if not any(map(is_ones_like, kids)):           # the usual case: no ones to print
        return 0
    return 6 * sum(1 for k, clear in zip(kids, clear_operands(e))
                   if clear and printable(k))


def _is_inverse_transpose(e: E.Expr) -> bool:
    """Is `e` X⁻ᵀ, the transpose of a leaf's inverse (printed with one mark, ⁻ᵀ)?"""
    return (isinstance(e, E.Transpose) and isinstance(e.arg, E.Inverse)
            and not e.arg.arg.children)


def size(e: E.Expr) -> int:
    """The number of nodes (shared subtrees counted each time), kept on the node."""
    return _tally(e)[0]


def leaves(e: E.Expr) -> int:
    """How many symbols are written (leaves other than numbers, counted each time they
    occur; kept on the node): (1 − t²)x writes x once, x − t²x twice."""
    return _tally(e)[1]


def _number_weight(v: Fraction) -> int:
    """A number's weight: its minus sign, and its magnitude unless it is 1 (2 for 2, 5 for
    2/3): what a common number taken out of a sum saves."""
    m = abs(v)
    return (1 if v < 0 else 0) + (0 if m == 1 else m.numerator + m.denominator - 1)


def numbers(e: E.Expr) -> int:
    """The weight of the numbers written (kept on the node): −2A − 4B weighs 8,
    −2(A + 2B) 5, −B − 2xC 4, −(B + 2xC) 3."""
    return _tally(e)[2]


@E.kept_on_node
def _tally(e: E.Expr) -> tuple:
    """(size, leaves, numbers) of `e` in one pass over its children, kept on the node."""
    kids = e.children
    if not kids:
        if isinstance(e, E.Num):
            return 1, 0, _number_weight(e.value)
        return 1, 1, 0
    nodes = written = weight = 0
    for k in kids:
        ks, kl, kn = _tally(k)
        nodes += ks
        written += kl
        weight += kn
    # X⁻ᵀ counts as X⁻¹ does (its one child): one postfix mark
    return (nodes if _is_inverse_transpose(e) else 1 + nodes), written, weight


@E.kept_on_node
def cost(e: E.Expr) -> tuple:
    """What the search minimises: the node count, then the symbols written, then the
    weight of the numbers, then the printed width (kept on the node: the search compares
    each candidate more than once)."""
    return _tally(e) + (width(e),)


def rank(e: E.Expr) -> tuple:
    """cost(e) with the canonical key as the last tie-break: a total order."""
    return cost(e) + (key(e),)


def cheapest(candidates) -> E.Expr:
    """The candidate of the least rank (the canonical key is computed only for ties, the
    cost only when there is a choice)."""
    if len(candidates) == 1:
        return candidates[0]
    best = min(cost(c) for c in candidates)
    tied = [c for c in candidates if cost(c) == best]
    return tied[0] if len(tied) == 1 else min(tied, key=key)
