"""Shape rules, written once against a tiny interface, and its concrete implementation.

A shape rule is `rule(ctx, *fields) -> (rows, cols)`: the node's fields in order (operands
and parameters such as Unvec's dimensions). It states its constraints through the context:

    ctx.ONE               the dimension 1
    ctx.shape(a)          (rows, cols) of an operand
    ctx.square(a)         a must be square
    ctx.same(a, b, into)  a and b must have equal shapes (b: an operand, or a shape and
                          `into` the shape the operator makes of a, for the message)
    ctx.all_same(ops)     every operand has the shape of the first (sums, Hadamard products)
    ctx.chain(ops)        a matrix-product chain: inner dimensions agree; its (rows, cols)
    ctx.equal(d1, d2, a)  two dimensions must agree (a: the operand they belong to)
    ctx.vector(a)         a must be a vector or a covector
    ctx.prod(d1, d2)      the dimension d1·d2
    ctx.is_one(d)         is d the dimension 1?
    ctx.fail(message)     a constraint that only concrete shapes can violate

Two implementations: `Check` here, with concrete sympy dimensions, raises a ShapeError that
names the operator and the shapes (used by `expr` on every construction), and
`language.inference.Unifier`, over unknown dimensions, unifies instead.
"""
from __future__ import annotations

from operator import attrgetter, mul

from ..errors import ShapeError
from ..expr import MatMul
from ..shapes import ONE, is_one, shape_str


def describe(e) -> str:
    """A short description of an operand for error messages: `X (n×m)`."""
    if isinstance(e, tuple):             # the leading factors of a product
        return describe(e[0] if len(e) == 1 else MatMul(e))
    return f"{e} ({shape_str(e.shape)})"


class Check:
    """The concrete context of one operator: checks and raises ShapeError."""

    ONE = ONE
    __slots__ = ("noun", "mismatch")

    def __init__(self, noun: str, mismatch: str):
        self.noun, self.mismatch = noun, mismatch

    shape = attrgetter("shape")          # C-level callables: the check runs on every node
    prod = mul

    def square(self, a) -> None:
        s = a.shape
        if s[0] != s[1]:
            raise ShapeError(f"cannot take the {self.noun} of {describe(a)}: it is not square")

    def same(self, a, b, into=None) -> None:
        if a.shape != (b if b.__class__ is tuple else b.shape):
            raise ShapeError(self.mismatch.format(
                a=describe(a), b=shape_str(b) if isinstance(b, tuple) else describe(b),
                into=shape_str(into) if into else ""))

    def all_same(self, operands) -> None:
        first = operands[0].shape
        for x in operands:
            if x.shape != first:
                self.same(operands[0], x)

    def chain(self, factors):
        rows, inner = factors[0].shape
        for i, f in enumerate(factors):
            r, c = f.shape
            if i and inner != r:
                self.equal(inner, r, factors[:i], f)
            inner = c
        return (rows, inner)

    def equal(self, d1, d2, a, b=None) -> None:
        if d1 != d2:
            raise ShapeError(self.mismatch.format(
                a=describe(a), b=describe(b) if b is not None else "", d1=d1, d2=d2))

    def vector(self, a) -> None:
        if not (is_one(a.shape[0]) or is_one(a.shape[1])):
            raise ShapeError(self.mismatch.format(a=describe(a)))

    @staticmethod
    def is_one(d) -> bool:
        return is_one(d)

    @staticmethod
    def fail(message: str) -> None:
        raise ShapeError(message)


# ====================================================================================
# The rules shared by several operators
# ====================================================================================

def same_as_argument(c, a, *params):
    """f(A) has A's shape (elementwise functions, powers, the inverse after its check)."""
    return c.shape(a)


def square_to_same(c, a):
    c.square(a)
    return c.shape(a)


def square_to_scalar(c, a):
    c.square(a)
    return (c.ONE, c.ONE)


def to_scalar(c, a):
    return (c.ONE, c.ONE)


def fields_shape(c, nrows, ncols=None):
    """A leaf whose fields are its dimensions (zeros, ones; a vector when ncols is left out,
    as in the language's `ones(n)`)."""
    return (nrows, c.ONE if ncols is None else ncols)
