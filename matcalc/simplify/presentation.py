"""The textbook conventions of the printed form, applied after the search (printed.py).

Four conventions of textbooks and lecture notes, applied once, bottom-up, to the printed
form of a result. They are not rewrite rules: `simplify` undoes them, so equality is still
tested on the canonical form (`simplify(present(e)) == simplify(e)`).

    a row-vector sum is the transpose of a column-vector sum   h(hᵀW − yᵀ) → h(Wᵀh − y)ᵀ
    a matrix polynomial in a scalar ascends in degree           xB + x²C + A → A + xB + x²C
    a sum starts with a positive term                          −tanh(x)² + 1 → 1 − tanh(x)²
    an elementwise function or product of row vectors is the  δ tanh(xᵀWᵀ) → δ tanh(Wx)ᵀ
    transpose of the column's
"""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as E
from ..core.shapes import is_one
from .expansion import monomial
from .transposed import pushed_to_variables


def conventions(e: E.Expr, printed, done: dict | None = None) -> E.Expr:
    """`e` (a printed form) with the conventions applied to every sum, bottom-up;
    `printed(x)` gives the printed form of any expression equal to x (the search). `done`:
    a memo (node → its form) to keep across calls that share `printed` (one request's
    results: a node's form depends on the node and `printed` alone)."""
    done = {} if done is None else done

    def go(x):
        if not (has_sum(x) or has_row_function(x)):
            return x
        y = done.get(x)
        if y is None:
            y = E.map_children(go, x)
            if isinstance(y, E.Transpose) and isinstance(y.arg, E.Transpose):
                y = y.arg.arg                   # a row turned column under a transpose
            if isinstance(y, E.Add):
                y = row_sum_as_transpose(positive_term_first(ascending_degree(y)), printed)
            elif _is_elementwise_row(y):
                y = E.Transpose(_column(y, printed))
            done[x] = y
        return y
    return go(e)


def _is_elementwise_row(e: E.Expr) -> bool:
    """Is `e` an elementwise function or product of 1×n rows (n ≠ 1), tanh(xᵀWᵀ),
    bᵀ ∘ σ(xᵀA)? Printed as the transpose of the column's, tanh(Wx)ᵀ, (b ∘ σ(Aᵀx))ᵀ, as
    the activations hᵀ of backpropagation are written."""
    return (isinstance(e, (E.Func, E.Hadamard)) and is_one(e.shape[0])
            and not is_one(e.shape[1]))


def _column(e: E.Expr, printed) -> E.Expr:
    """eᵀ for a printed row `e`, keeping its printed structure: transposes taken off
    (bᵀ ∘ (𝟏 − σ)ᵀ → b ∘ (𝟏 − σ)) and moved into what is not elementwise (xᵀWᵀ → Wx: pushed
    to the variables when that is the printed form, else searched; a network's activations
    tanh(W₂ tanh(W₁x)) are pushed, not normalised and searched again layer by layer)."""
    if isinstance(e, E.Transpose):
        return e.arg
    if isinstance(e, (E.Func, E.Hadamard, E.Add)):
        return E.rebuild(e, tuple(_column(k, printed) for k in e.children))
    if isinstance(e, E.Scale) and e.coeff.is_scalar:
        return E.Scale(e.coeff, _column(e.arg, printed))
    column = pushed_to_variables(e) if isinstance(e, E.MatMul) else None
    return printed(E.Transpose(e)) if column is None else column


@E.kept_on_node
def has_row_function(e: E.Expr) -> bool:
    """Is there an elementwise function or product of rows anywhere in `e`? (Kept on the
    node.)"""
    return _is_elementwise_row(e) or any(has_row_function(k) for k in e.children)


@E.kept_on_node
def has_sum(e: E.Expr) -> bool:
    """Is there a sum anywhere in `e`? (Kept on the node.)"""
    return isinstance(e, E.Add) or any(has_sum(k) for k in e.children)


def leading_number(t: E.Expr) -> Fraction:
    """The number a term is printed with: −2 for −2AB, 1 for AB."""
    m = monomial(t)
    return Fraction(0) if m is None else m.number


def scalar_degree(t: E.Expr) -> int:
    """The degree of a term in its scalar variables: 3 for x²yB, 0 for A or 2AB."""
    m = monomial(t)
    degree = 0
    for f in (m.scalars if m is not None else ()):
        if isinstance(f, E.Var):
            degree += 1
        elif (isinstance(f, E.Power) and isinstance(f.arg, E.Var)
              and f.exponent.denominator == 1 and f.exponent > 0):
            degree += int(f.exponent)
    return degree


def ascending_degree(e: E.Add) -> E.Add:
    """xB + x²C + A → A + xB + x²C: the terms of a matrix sum by ascending degree in its
    scalar variables, as the Cookbook writes A + xB + x²C (scalar sums keep their order)."""
    if e.is_scalar:
        return e
    degrees = [scalar_degree(t) for t in e.terms]
    if degrees == sorted(degrees):
        return e
    order = sorted(range(len(e.terms)), key=degrees.__getitem__)
    return E.Add(tuple(e.terms[i] for i in order))


def positive_term_first(e: E.Add) -> E.Add:
    """−tanh(x)² + 1 → 1 − tanh(x)²: the first positive term leads a sum that starts with a
    negative one (the others keep their order)."""
    terms = e.terms
    if leading_number(terms[0]) > 0:
        return e
    k = next((i for i, t in enumerate(terms) if leading_number(t) > 0), None)
    if k is None:
        return e
    return E.Add((terms[k],) + terms[:k] + terms[k + 1:])


def row_sum_as_transpose(e: E.Add, printed) -> E.Expr:
    """hᵀW − yᵀ → (Wᵀh − y)ᵀ: a 1×n sum (n ≠ 1) as the transpose of an n×1 one."""
    rows, cols = e.shape
    if not is_one(rows) or is_one(cols):
        return e
    column = printed(E.Transpose(e))
    if not isinstance(column, E.Add):
        return e
    return E.Transpose(positive_term_first(column))
