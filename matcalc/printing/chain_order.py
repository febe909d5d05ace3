"""The order in which generated code multiplies a chain of three or more matrices.

`order(factors, sizes)` is the classic O(k³) matrix-chain dynamic programme over the k
factors' shapes: the parenthesisation with the fewest scalar multiplications, where
- multiplying p×q by q×r costs pqr; a solve with a factor X⁻¹ counts the same (the
  factorisation of X is paid once, outside the chain: printing/factorisation.py);
- a diagonal matrix diag(v) is a broadcast (v * B), costing the entries of the other operand;
- a dimension is its value when it is a number (declared `vector(3)`) or given in `sizes`
  (codegen(..., sizes={"n": 100})); every other dimension counts as the same unknown N ≫ 1,
  and costs, polynomials in N, compare by their leading terms. With all sizes unknown this
  is the rule "vectors first": a chain that ends in a vector is evaluated right to left
  (A(B(Cx))), one that starts with a covector left to right ((aᵀA)B), an outer product
  u vᵀ is formed after the matrices around it are applied to u and v.
- Ties go right to left when the (sub)chain ends in a column, otherwise left to right.

The plan depends only on the factors' shapes, which ones are diagonal, and `sizes`, so the
generator (which names sub-products used twice) and the printer agree on it.
"""
from __future__ import annotations

import functools

from ..core import expr as E
from ..core.shapes import is_one


class Cost:
    """A polynomial in the unknown dimension N with non-negative integer coefficients."""

    __slots__ = ("coeffs",)

    def __init__(self, coeffs: dict):
        self.coeffs = {k: v for k, v in coeffs.items() if v}

    def __add__(self, other: Cost) -> Cost:
        out = dict(self.coeffs)
        for k, v in other.coeffs.items():
            out[k] = out.get(k, 0) + v
        return Cost(out)

    def __mul__(self, other: Cost) -> Cost:
        out: dict = {}
        for k1, v1 in self.coeffs.items():
            for k2, v2 in other.coeffs.items():
                out[k1 + k2] = out.get(k1 + k2, 0) + v1 * v2
        return Cost(out)

    def key(self) -> tuple:
        """Larger N-degree first, then coefficients from the leading term down."""
        top = max(self.coeffs, default=0)
        return (top,) + tuple(self.coeffs.get(d, 0) for d in range(top, -1, -1))


def size(d, sizes: dict) -> Cost:
    """A dimension (core/dims.py: coeff · Π symbolᵖ) as a Cost: each symbol its size in
    `sizes` (by name) when given, else N."""
    d = d.subs(sizes) if sizes else d
    degree = sum(p for _, p in d.powers)
    return Cost({degree: d.coeff})


def order(factors, sizes: dict | None = None):
    """The cheapest parenthesisation of the product of `factors` (matrix-shaped, two or more)
    as a tree: a leaf is a factor's index, a node the pair (left, right)."""
    shapes = tuple((f.shape, isinstance(f, E.Diag)) for f in factors)
    return _order(shapes, tuple(sorted((sizes or {}).items())))


@functools.lru_cache(maxsize=4096)
def _order(shapes: tuple, sizes: tuple):
    """The programme over ((shape, diagonal?), ...) — memoised: the generator and the
    printer ask for the same chains several times."""
    sizes = dict(sizes)
    k = len(shapes)
    dims = [size(s[0], sizes) for s, _ in shapes] + [size(shapes[-1][0][1], sizes)]
    diag = [d for _, d in shapes]
    column_end = [is_one(s[1]) for s, _ in shapes]
    best: dict = {(i, i): (Cost({}), i) for i in range(k)}
    for span in range(1, k):
        for i in range(k - span):
            j = i + span
            splits = range(i, j) if column_end[j] else range(j - 1, i - 1, -1)
            choice = None
            for s in splits:                 # tie-break: the first in this order
                if diag[i] and s == i:
                    step = dims[s + 1] * dims[j + 1]
                elif diag[j] and s + 1 == j:
                    step = dims[i] * dims[s + 1]
                else:
                    step = dims[i] * dims[s + 1] * dims[j + 1]
                cost = best[(i, s)][0] + best[(s + 1, j)][0] + step
                if choice is None or cost.key() < choice[0].key():
                    choice = (cost, ((i, s), (s + 1, j)))
            best[(i, j)] = choice

    def tree(i, j):
        if i == j:
            return i
        (a, b), (c, d) = best[(i, j)][1]
        return (tree(a, b), tree(c, d))
    return tree(0, k - 1)


def span(node) -> tuple:
    """(first, last) factor index of a tree node."""
    if isinstance(node, int):
        return node, node
    return span(node[0])[0], span(node[1])[1]


def inner_nodes(node) -> list:
    """The tree's products, children before parents (the root last)."""
    if isinstance(node, int):
        return []
    return inner_nodes(node[0]) + inner_nodes(node[1]) + [node]
