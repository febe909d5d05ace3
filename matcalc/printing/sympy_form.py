"""Interoperability: a matcalc expression as a SymPy matrix expression (issue 13 §5).

`to_sympy(e)` converts node by node with each operator spec's `sympy` field: MatrixSymbol
for vectors and matrices, Symbol for scalars, MatMul, MatAdd, Transpose, Trace, Determinant,
Inverse, HadamardProduct, HadamardPower, KroneckerProduct, MatPow, Identity, ZeroMatrix,
OneMatrix, and an elementwise function of a matrix as `ElementwiseApplyFunction(Lambda(t,
definition), X)` (what `X.applyfunc` makes); log det X is log(Determinant(X)), sum(X) is
1ᵀX1 (OneMatrix products). A node whose spec declares `no_sympy` (the elementwise
quotient, vec, norms, diag, softmax, ...) raises a MatcalcError saying why.

Scalars: matcalc's scalars are 1×1. A product such as aᵀXb stays SymPy's 1×1 MatMul; where
SymPy needs a true scalar (a scalar function's argument, a power, a coefficient, a sum with
a Symbol) a 1×1 matrix expression M is written Trace(M), and where it needs a matrix a SymPy
scalar s is written as the explicit 1×1 matrix [s].

`symbols` (optional, filled in) maps each matcalc variable to its SymPy symbol; pass it to
`from_sympy` to read the variables back with their properties. A derivative converts its
closed form, a tensor its vec form ∂vec F/∂vec X: both are read through their fields only
(`expr`; `vec`, `f_name`, `x_name`), this module does not import diff. printing/__init__.py
installs `Expr.to_sympy()`; `Derivative.to_sympy()` and `Tensor.to_sympy()` call
`to_sympy` here.
"""
from __future__ import annotations


from ..core import expr as E
from ..core.errors import MatcalcError
from ..core.lazy import lazy_module
from ..core.operators import OPERATORS

#: imported on the first conversion, not at start-up
sympy = lazy_module("sympy")

#: the operators whose SymPy form is scalar algebra when the node is 1×1 (sympy.Add,
#: sympy.Mul, powers, 1/s, scalar functions): they take their 1×1 children as SymPy scalars
_SCALAR_ALGEBRA = (E.Add, E.MatMul, E.Scale, E.Power, E.SymbolicPower, E.Func, E.Inverse)


def to_sympy(e, symbols: dict | None = None):
    """`e` (an Expr, a Derivative or a Tensor) as a SymPy expression."""
    if _is_tensor(e):
        try:
            return to_sympy(e.vec, symbols)
        except MatcalcError as err:
            raise MatcalcError(f"the tensor ∂{e.f_name}/∂{e.x_name} converts as its vec form "
                               f"{e.vec}, and {err}") from None
    closed_form = getattr(e, "expr", None)                  # a derivative's
    if not isinstance(e, E.Expr) and (isinstance(closed_form, E.Expr) or _is_tensor(closed_form)):
        return to_sympy(closed_form, symbols)
    if not isinstance(e, E.Expr):
        raise TypeError(f"to_sympy: expected a matcalc expression, derivative or tensor, "
                        f"not {type(e).__name__}")
    symbols = {} if symbols is None else symbols
    memo: dict = {}
    for x in E.postorder(e):
        if x not in memo:
            memo[x] = _convert(x, [memo[c] for c in x.children], symbols)
    return memo[e]


def _is_tensor(x) -> bool:
    return hasattr(x, "vec") and hasattr(x, "index")


def _is_matrix(z) -> bool:
    return bool(getattr(z, "is_Matrix", False))


def as_scalar(z):
    """A SymPy scalar: a 1×1 matrix expression M as Trace(M) (an explicit one as its entry)."""
    if not _is_matrix(z):
        return z
    if isinstance(z, sympy.MatrixBase):
        return z[0, 0]
    return sympy.Trace(z)


def as_matrix(z):
    """A SymPy matrix expression: a scalar s as the explicit 1×1 matrix [s]."""
    return z if _is_matrix(z) else sympy.ImmutableMatrix([[z]])


def _kids_for(x: E.Expr, kids: list) -> list:
    """The converted children as x's SymPy form takes them (see the module docstring)."""
    scalar = [c.is_scalar for c in x.children]
    if isinstance(x, _SCALAR_ALGEBRA) and x.is_scalar and all(scalar):
        if isinstance(x, (E.Func, E.Power, E.Inverse)) or not all(map(_is_matrix, kids)):
            return [as_scalar(k) for k in kids]
        return kids                           # a sum or product of 1×1 matrix expressions
    if isinstance(x, (E.MatMul, E.Scale)):    # 1×1 factors of a matrix product: coefficients
        return [as_scalar(k) if s else k for s, k in zip(scalar, kids)]
    if isinstance(x, E.Transpose):
        return kids
    return [as_matrix(k) if s else k for s, k in zip(scalar, kids)]


def _convert(x: E.Expr, kids: list, symbols: dict):
    op = OPERATORS[type(x)]
    if op.sympy is None:
        raise MatcalcError(f"{type(x).__name__} ({x}) has no SymPy matrix-expression form: "
                           f"{op.no_sympy}")
    try:
        return op.sympy(x, _kids_for(x, kids), symbols)
    except ValueError as err:
        raise MatcalcError(str(err)) from None
