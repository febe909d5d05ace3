"""Where the all-ones vector or matrix may be written 𝟏: its size is clear from the context.

The language reads `𝟏` as ones of an inferred size (language/inference.py: its rows are
an unknown that is never 1, its columns an unknown that becomes 1 unless the context
makes it a matrix). A printer may therefore write `𝟏` (LaTeX `\\mathbf{1}`) for a ones
node exactly where reading it back gives the same size; elsewhere it writes `ones(n)`
(`\\mathbf{1}_n`). The rule, for a ones node seen through the scalings and transposes
that wrap it (`-𝟏`, `α𝟏`, `𝟏ᵀ`; together "ones-like"):

  * a term of a sum, or an operand of `∘` or `./`, beside an operand that is not
    ones-like: the partner fixes the shape (`𝟏 - σ(Xw)`, `A + 2·𝟏`, `𝟏 ./ x`);
  * a factor of a matrix product, when it is a column of ones with a factor that is not
    ones-like on its left (`X𝟏`), or a row of ones (`𝟏ᵀ`) with one on its right (`𝟏ᵀy`);
  * never a row of ones written without a transpose (`ones(1, n)`), never a transposed
    matrix of ones, never a 1×1 ones, never anywhere else (a function's argument, `⊗`).

The printers keep a stack of the operands being printed with `clear_operands` /
`clear_factors` of each (a product as laid out for printing), and print a ones-like
operand as `𝟏` when `clear_in` says so. The printed form's cost (simplify/cost.py) counts
a ones node in a sum or an elementwise product with the same rule.
"""
from __future__ import annotations

from . import expr as E


def ones_leaf(e: E.Expr):
    """The Ones node under a ones-like expression (Ones inside scalings and transposes),
    with the number of transposes passed; (None, 0) when `e` is not ones-like."""
    flips = 0
    while True:
        if isinstance(e, E.Ones):
            return e, flips
        if isinstance(e, E.Scale):
            e = e.arg
        elif isinstance(e, E.Transpose):
            e, flips = e.arg, flips + 1
        else:
            return None, 0


def printable(e: E.Expr) -> bool:
    """Can the reader's 𝟏 (rows never 1, columns flexible) stand for this ones-like
    expression, given its orientation?"""
    leaf, flips = ones_leaf(e)
    if leaf is None or leaf.nrows == 1:
        return False
    return flips % 2 == 0 or leaf.ncols == 1


def clear_operands(e: E.Expr) -> tuple:
    """For each child of `e`, is a ones-like child's size clear from its place in `e`?"""
    kids = e.children
    if isinstance(e, (E.Add, E.Hadamard, E.HadamardDiv)):
        sized = [not is_ones_like(k) for k in kids]
        total = sum(sized)                   # a partner other than itself (linear time)
        return tuple(total - s > 0 for s in sized)
    if isinstance(e, E.MatMul):
        return clear_factors(kids)
    return (False,) * len(kids)


def clear_factors(factors) -> tuple:
    """For each factor of a juxtaposed product (in the order printed), is a ones-like
    factor's size clear: a column n×1 right after a factor that is not ones-like with n
    columns (`X𝟏`), or a row 1×n right before one with n rows (`𝟏ᵀy`)? A scalar beside it
    fixes nothing (`α ones(n)`)."""
    plain = [not is_ones_like(k) for k in factors]
    out = []
    for i, k in enumerate(factors):
        rows, cols = k.shape
        column = (cols == 1 and rows != 1 and i > 0 and plain[i - 1]
                  and factors[i - 1].shape[1] == rows)
        row = (rows == 1 and cols != 1 and i + 1 < len(factors) and plain[i + 1]
               and factors[i + 1].shape[0] == cols)
        out.append(column or row)
    return tuple(out)


def clear_in(children: tuple, flags: tuple, e: E.Expr) -> bool:
    """Is `e`, printed as one of `children` (whose flags `clear_operands` or
    `clear_factors` gave), clear in every position it holds there?"""
    hits = [f for c, f in zip(children, flags) if c is e or c == e]
    return bool(hits) and all(hits) and printable(e)


def has_ones(e: E.Expr) -> bool:
    """Does `e` contain a ones node? (Printers skip the bookkeeping when not.)"""
    return any(isinstance(x, E.Ones) for x in E.walk(e))


def is_ones_like(e: E.Expr) -> bool:
    return ones_leaf(e)[0] is not None


class OnesContext:
    """The printers' bookkeeping for the rule above: a stack of (operands, flags) for the
    nodes being printed, and whether the ones-like operand being printed is written `𝟏`.

        ctx.enter(e.children, clear_operands(e)) ... ctx.leave()     around a node's rule
        ctx.open(e) ... ctx.close(saved)                          around a ones-like operand
        ctx.bare                                                   read by the Ones rule
    """

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.stack: list = []
        self.bare = False               # the ones node being printed is written 𝟏
        self.inside = False             # printing a ones-like operand's wrappers

    def enter(self, children: tuple, flags: tuple, fresh: bool = True) -> tuple:
        """Start printing a node's operands; returns what `leave` restores. A node that is
        not ones-like starts afresh; a product's layout (`fresh=False`) may be the wrappers
        of a ones-like operand (-𝟏, α𝟏), which keep its verdict."""
        self.stack.append((children, flags))
        saved = (self.bare, self.inside)
        if fresh:
            self.bare = self.inside = False
        return saved

    def enter_product(self, items: tuple):
        """Start printing a product's items as laid out (precedence.product_layout): their
        neighbours in the text decide; a ones-like product keeps its verdict. None (and
        nothing to do) when the printer writes no 𝟏."""
        if not self.enabled:
            return None
        return self.enter(items, clear_factors(items), fresh=False)

    def leave(self, saved) -> None:
        if saved is None:
            return
        self.stack.pop()
        self.bare, self.inside = saved

    def open(self, e: E.Expr):
        """Start printing a ones-like expression; None when already inside one."""
        if self.inside:
            return None
        saved = (self.bare, self.inside)
        self.inside = True
        self.bare = self.enabled and bool(self.stack) and clear_in(*self.stack[-1], e)
        return saved

    def close(self, saved) -> None:
        if saved is not None:
            self.bare, self.inside = saved
