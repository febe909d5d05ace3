"""A deterministic total order on expressions: the tie-breaker of every canonical choice.

`key(e)` is a nested tuple of strings (never Python's `hash()`, which changes with
PYTHONHASHSEED), so sorting by it gives the same order in every process. It is built so
that the printed canonical form reads like the Cookbook:

- a transposed leaf sorts right after the leaf (`A + Aᵀ`, `X(B + Bᵀ)`);
- numbers sort first, differentials `dX` last (so `aᵀdx` and `tr(A dX)` keep dX at the end);
- otherwise leaves sort by name, inner nodes by operator, then by their children.

`term_key(e)` orders the terms of a sum: higher degree first (`Ax − b`, `xᵀAx + bᵀx + c`),
then by `key` of the term without its numeric coefficient.
"""
from __future__ import annotations

from ..core import expr as E
from ..core.operators import OPERATORS

# The rank of each node type (its spec's `rank`): the first entry of its key. Transpose's
# rank is a mark appended to its argument's key instead, so that Aᵀ sorts right after A.
_TRANSPOSED = OPERATORS[E.Transpose].rank
_RANK = {node: op.rank for node, op in OPERATORS.items() if node is not E.Transpose}


@E.kept_on_node
def key(e: E.Expr) -> tuple:
    """The canonical sort key of `e` (kept on the node, like its hash)."""
    t = type(e)
    if t is E.Transpose:
        return key(e.arg) + (_TRANSPOSED,)
    rank = _RANK[t]
    if t is E.Var:
        return (rank, e.name, str(e.nrows), str(e.ncols), ",".join(sorted(e.props)))
    if t is E.Num:
        return (rank, _number_key(e.value))
    if t in (E.Add, E.MatMul, E.Hadamard):
        kids = e.terms if t is E.Add else e.factors
        return (rank, tuple(key(k) for k in kids))
    out = [rank]
    for k in e.children:
        out.append(key(k))
    for p in _params(e):
        out.append(p)
    return tuple(out)


def _params(e: E.Expr) -> tuple:
    """The non-expression fields of a node, as strings."""
    if isinstance(e, E.Func):
        return (e.name,)
    if isinstance(e, E.Power):
        return (_number_key(e.exponent),)
    if isinstance(e, E.MatPow):
        return (f"{e.k:08d}",)
    if isinstance(e, (E.Zero, E.Ones, E.Unvec)):
        return (str(e.nrows), str(e.ncols))
    if isinstance(e, E.Identity):
        return (str(e.n),)
    if isinstance(e, E.Commutation):
        return (str(e.m), str(e.n))
    return ()


_LARGE = 10 ** 17          # past this, magnitudes are ordered by their digits' count


def _number_key(v) -> str:
    """Numbers by sign, then magnitude as a fixed-width string, then the exact value (exact
    for any size: no float, which would overflow at 10³⁰⁹)."""
    mag = abs(v)
    if mag < _LARGE:
        size = f"{float(mag):030.12f}"
    else:
        whole = str(mag.numerator // mag.denominator)
        size = "~" + f"{len(whole):010d}" + whole[:19]        # '~' sorts after the digits
    return f"{'0' if v < 0 else '1'}{size}{v}"


@E.kept_on_node
def degree(e: E.Expr) -> int:
    """How many variable and differential leaves `e` mentions (with repetition)."""
    return 1 if isinstance(e, (E.Var, E.Delta)) else sum(degree(k) for k in e.children)


def strip_number(e: E.Expr) -> E.Expr:
    """`e` without a leading numeric coefficient: 2A → A, −bᵀx → bᵀx."""
    if isinstance(e, E.Scale) and isinstance(e.coeff, E.Num):
        return e.arg
    if isinstance(e, E.Scale) and isinstance(e.coeff, E.Scale) and isinstance(e.coeff.coeff, E.Num):
        return E.Scale(e.coeff.arg, e.arg)
    return e


def term_key(e: E.Expr) -> tuple:
    """The order of the terms of a sum: higher degree first, then by key."""
    s = strip_number(e)
    return (f"{10**6 - degree(s):07d}", key(s), key(e))
