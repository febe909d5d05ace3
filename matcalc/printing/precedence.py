"""How expressions group when printed: precedence levels and the layout of products.

One helper for every printer (text, ASCII, LaTeX), so that all of them put parentheses in
the same places. The levels follow docs/language.md, loosest first:

    SUM       a + b, a - b
    UNARY     -a
    PRODUCT   juxtaposition / `*`, `∘` `.*`, `./`, `/ s`, `⊗`   (one level, left associative)
    POSTFIX   aᵀ, a⁻¹, a⁻ᵀ, a², a.^p
    ATOM      names, numbers, calls f(...), norms ‖...‖, parenthesised groups

A child is printed bare when its level is at least the level its position asks for, and in
parentheses otherwise (`needs_parens`).

Products are the one place where the tree cannot be read off the text by levels alone: the
parser reads a juxtaposition chain left to right with `build.times`, which turns a 1×1
partial product into a scaling. `product_layout` therefore decides where a product needs
inner parentheses (yᵀ(xzᵀ), not yᵀxzᵀ) by replaying the parser's left fold with the
builder and keeping the first layout that gives the tree back.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..core import build as B
from ..core.errors import MatcalcError
from ..core.operators import OPERATORS
from ..core.expr import Add, Expr, Inverse, MatMul, Num, Power, Scale

SUM, UNARY, PRODUCT, POSTFIX, ATOM = 1, 2, 3, 4, 5

#: the level a child must have in each position
OPERAND = POSTFIX        # a factor of a juxtaposition, a divisor, an operand of ∘ ./ ⊗
POSTFIX_ARG = ATOM       # what a postfix operator (ᵀ ⁻¹ ² .^) applies to

def number_level(value: Fraction, style: str = "unicode") -> int:
    """The level of a printed number: `-2` is unary, `1/3` a product, `2` an atom."""
    if value < 0:
        return UNARY
    if value.denominator == 1:
        return ATOM
    if style == "unicode" and is_terminating(value):
        return ATOM                                    # 0.5
    return ATOM if style == "latex" else PRODUCT       # \frac{1}{3} | 1/3


def is_terminating(value: Fraction) -> bool:
    """Does the number have a finite decimal expansion (0.5, 0.125)?"""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def is_scalar_inverse(e: Expr) -> bool:
    """A 1×1 Inverse: printed `inv(α)`, since `α⁻¹` would read back as the power α.^-1."""
    return isinstance(e, Inverse) and e.arg.is_scalar


def is_reciprocal(e: Expr) -> bool:
    """The scalar power s^-1, printed `1/s` (or as a divisor, `X/s`)."""
    return isinstance(e, Power) and e.exponent == -1 and e.arg.is_scalar


def _number(e: Expr, style: str) -> int:
    return number_level(e.value, style)


def _scale(e: Expr, style: str) -> int:
    return UNARY if _split_number(e.coeff)[0] else PRODUCT


def _kron(e: Expr, style: str) -> int:
    return ATOM if style == "ascii" else PRODUCT          # kron(A, B)


def _inverse(e: Expr, style: str) -> int:
    if is_scalar_inverse(e) and style != "latex":
        return ATOM                                       # inv(α)
    return POSTFIX


def _power(e: Expr, style: str) -> int:
    if is_reciprocal(e):
        return POSTFIX if style == "latex" else PRODUCT   # s^{-1} | 1/s
    return POSTFIX


#: the precedence classes a spec may declare: a level, or a function of (e, style)
CLASSES = {"atom": ATOM, "postfix": POSTFIX, "product": PRODUCT, "sum": SUM,
           "number": _number, "scale": _scale, "kron": _kron, "inverse": _inverse,
           "power": _power}
#: node type -> its level or level function, from the operator specs
LEVELS = {node: CLASSES[op.precedence] for node, op in OPERATORS.items()}


def precedence(e: Expr, style: str = "unicode") -> int:
    """The level of `e` as the printer of `style` ('unicode' | 'ascii' | 'latex') prints it."""
    level = LEVELS[type(e)]
    return level if level.__class__ is int else level(e, style)


def needs_parens(child: Expr, level: int, style: str = "unicode") -> bool:
    """Must `child` be parenthesised in a position that asks for `level`?"""
    return precedence(child, style) < level


# ====================================================================================
# Products
# ====================================================================================

@dataclass(frozen=True)
class Product:
    """How a MatMul or Scale prints: `-` number items... / divisor.

    negative  a leading minus (the whole product is negated, as `-` binds looser than it)
    number    a leading positive number other than 1, or None
    items     the factors, each printed as an operand (a MatMul item is a parenthesised
              sub-product); juxtaposed in text, joined by `*` in ASCII
    divisor   a trailing `/ s` (the Scale(s⁻¹, A) of A/s), or None
    """
    negative: bool
    number: Fraction | None
    items: tuple
    divisor: Expr | None = None

    def reads_back(self) -> Expr:
        """The tree the parser builds from this layout (its left fold with `build.times`)."""
        vals = ([B.num(self.number)] if self.number is not None else []) + list(self.items)
        acc = _fold(vals)
        if self.divisor is not None:
            acc = B.divide(acc, self.divisor)
        return B.neg(acc) if self.negative else acc


@lru_cache(maxsize=8192)
def product_layout(e: Expr) -> Product:
    """The layout of a MatMul or Scale node that the parser reads back as `e` itself."""
    if isinstance(e, MatMul):
        return Product(False, None, _matmul_items(e.factors))
    assert isinstance(e, Scale), e
    negative, number, coeff = _split_number(e.coeff)
    args = (_items(e.arg), (e.arg,))
    if coeff is not None and is_reciprocal(coeff):            # 2X/α
        candidates = [Product(negative, number, a, coeff.arg) for a in args]
    else:
        if coeff is None:
            leads: list = [()]
        elif _is_inner_product(coeff):
            leads = [(coeff,)]                                 # (aᵀb)c rather than aᵀbc
        else:
            leads = [_items(coeff), (coeff,)]
        candidates = [Product(negative, number, c + a) for c in leads for a in args]
    for cand in candidates:
        if _reads_back(cand.reads_back, e):
            return cand
    return candidates[-1]          # a tree the builder would not make: print it anyway


def _split_number(c: Expr):
    """A coefficient as (negative, number other than 1 or None, the rest or None)."""
    if isinstance(c, Num):
        v = c.value
        return v < 0, (abs(v) if abs(v) != 1 else None), None
    if isinstance(c, Scale) and isinstance(c.coeff, Num):
        v = c.coeff.value
        return v < 0, (abs(v) if abs(v) != 1 else None), c.arg
    return False, None, c


def _is_inner_product(c: Expr) -> bool:
    """A 1×1 product with a non-1×1 factor, such as aᵀb or aᵀXb."""
    return isinstance(c, MatMul) and any(not f.is_scalar for f in c.factors)


def _items(e: Expr) -> tuple:
    """The juxtaposed operands `e` contributes to a product it is a factor of."""
    if isinstance(e, MatMul):
        return _matmul_items(e.factors)
    return (e,)


def _reads_back(replay, e: Expr) -> bool:
    """Does replaying the parser give `e`? (False for trees the builder rejects.)"""
    try:
        return replay() == e
    except MatcalcError:
        return False


def _fold(values, op=B.times) -> Expr:
    acc = values[0]
    for v in values[1:]:
        acc = op(acc, v)
    return acc


@lru_cache(maxsize=8192)
def sum_items(terms: tuple) -> tuple:
    """The terms of a sum, grouped so that a left-to-right reading gives Add(terms) back.

    Flat almost always; `2 + (2 + α)` when the builder would fold a leading run of numbers
    that the tree keeps apart (the left fold of 2 + 2 + α is 4 + α).
    """
    if len(terms) == 2 or _flat_sum_reads_back(terms):
        return terms
    whole = Add(terms)
    if _reads_back(lambda: _fold(terms, B.add), whole):
        return terms
    for split in range(len(terms) - 1, 0, -1):
        left = terms[:split] if split == 1 else sum_items(terms[:split])
        right = terms[split] if split == len(terms) - 1 else Add(terms[split:])
        if _reads_back(lambda: _fold(left + (right,), B.add), whole):
            return left + (right,)
    return (terms[0], Add(terms[1:]))


def _flat_sum_reads_back(terms: tuple) -> bool:
    """A sufficient condition, decided in linear time, for the left fold of `build.add` over
    the terms to give Add(terms): no term is itself a sum and the first two are not both
    numbers (the only things the fold would merge)."""
    return not any(isinstance(t, Add) for t in terms) and \
        not (isinstance(terms[0], Num) and isinstance(terms[1], Num))


def _flat_chain_reads_back(factors: tuple) -> bool:
    """A sufficient condition, decided in linear time, for the parser's left fold of
    `build.times` over the factors to give MatMul(factors) (parse._plain_next states the
    same): no factor is a number, a multiple or a product; and either every factor is 1×1,
    or none is and no proper prefix of the chain is 1×1 (`*` would make that a scaling)."""
    if any(isinstance(f, (Num, Scale, MatMul)) for f in factors):
        return False
    scalars = [f.is_scalar for f in factors]
    if all(scalars):
        return True
    if any(scalars):
        return False
    rows = factors[0].shape[0]
    return not (rows == 1 and any(f.shape[1] == 1 for f in factors[:-1]))


@lru_cache(maxsize=8192)
def _matmul_items(factors: tuple) -> tuple:
    """Factors grouped so that a left-to-right reading gives MatMul(factors) back.

    Flat when no partial product on the left is 1×1 in the way (aᵀXb, αaᵀb); otherwise
    the longest readable prefix followed by the rest in parentheses (yᵀ(xzᵀ)).
    """
    if len(factors) == 2 or _flat_chain_reads_back(factors):
        return factors
    whole = MatMul(factors)
    if _reads_back(lambda: _fold(factors), whole):
        return factors
    for split in range(len(factors) - 1, 0, -1):
        left, right = factors[:split], factors[split:]
        left_items = left if split == 1 else _matmul_items(left)
        right_item = right[0] if len(right) == 1 else MatMul(right)
        if _reads_back(lambda: _fold(left_items + (right_item,)), whole):
            return left_items + (right_item,)
    return factors                 # a tree the builder would not make: print it flat
