"""Interoperability: a SymPy matrix expression as a matcalc expression (issue 13 §5).

`from_sympy(e)` reads the subset of SymPy that matcalc can say, node by node:
    MatrixSymbol          a variable; its shape's SymPy symbols become dimensions (n×1: a
                          vector)
    Symbol                a scalar variable; a dimension symbol used as a number (SymPy
                          writes 1ᵀ1 as n) is sum(ones(n))
    numbers, Add, MatAdd, Mul, MatMul, Pow (scalar), MatPow, Transpose,
    Inverse, Trace, Determinant, log(Determinant(X)) = log det X, HadamardProduct,
    HadamardPower, KroneckerProduct, Identity, ZeroMatrix, OneMatrix (1ᵀX1 is sum(X)),
    a 1×1 MatrixElement or explicit 1×1 Matrix (its entry), re(x) = x (values are real)
    the elementwise functions, as SymPy writes them on a scalar (exp(s); 1/(1 + exp(−s))
    is sigmoid: each function's `definition` is recognised) and on a matrix
    (`X.applyfunc(f)`, an ElementwiseApplyFunction)
Anything else raises a MatcalcError that names the SymPy construct. Nothing is parsed from
text: the argument is a SymPy object, never a string.

`symbols` (as filled by `to_sympy`: matcalc variable → SymPy symbol) gives back the exact
variables, with their properties (symmetric, spd, ...); other symbols become plain
variables.
"""
from __future__ import annotations

from fractions import Fraction
from functools import reduce

import sympy
from sympy import matrices as sm
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement

from .core import build as B
from .core import expr as E
from .core.errors import MatcalcError
from .core.operators import FUNCTIONS
from .core.operators.elementwise import t as T
from .core.shapes import as_dim, dim_symbol

#: the SymPy classes read, for the error message
READS = ("MatrixSymbol", "Symbol", "numbers", "Add", "MatAdd", "Mul", "MatMul", "Pow",
         "MatPow", "Transpose", "Inverse", "Trace", "Determinant", "log(Determinant)",
         "HadamardProduct", "HadamardPower", "KroneckerProduct", "Identity", "ZeroMatrix",
         "OneMatrix", "ElementwiseApplyFunction", "1×1 matrices", "the elementwise functions "
         f"({', '.join(FUNCTIONS)})")

#: the functions SymPy writes as one call, f(t) (exp, log, sin, ...), by SymPy class
_CALLS = {f.sympy_function: f.name for f in FUNCTIONS.values() if f.sympy_function}
#: the others, by their definition (sigmoid: 1/(1 + exp(−t)), softplus, sqrt: t^(1/2))
_COMPOUND = [(f.name, f.definition) for f in FUNCTIONS.values() if not f.sympy_function]


def from_sympy(e, symbols: dict | None = None) -> E.Expr:
    """The matcalc expression of the SymPy expression `e`."""
    if not isinstance(e, sympy.Basic):
        raise TypeError(f"from_sympy: expected a SymPy expression, not {type(e).__name__}")
    back = {s: v for v, s in (symbols or {}).items()}
    dims = set()
    for m in e.atoms(sm.MatrixExpr):
        if getattr(m, "shape", None) is not None:
            dims |= set().union(*(getattr(d, "free_symbols", set()) for d in m.shape))
    return _Reader(back, dims).read(e)


def _dim(d):
    """A SymPy shape entry as a matcalc dimension (its symbols positive integers)."""
    if d.is_Integer:
        return as_dim(int(d))
    if d.is_Symbol:
        return dim_symbol(d.name)
    if d.free_symbols and all(s.is_Symbol for s in d.free_symbols):
        return d.xreplace({s: dim_symbol(s.name) for s in d.free_symbols})
    raise MatcalcError(f"from_sympy: the dimension {d} is neither a number nor a symbol")


def _number(e):
    if e.is_Rational:
        return B.num(Fraction(int(e.p), int(e.q)))
    if e.is_Float:
        return B.num(float(e))
    raise MatcalcError(f"from_sympy: the number {e} is not real and rational or a float")


class _Reader:
    def __init__(self, back: dict, dims: set):
        self.back = back
        self.dims = dims
        self.memo: dict = {}

    def read(self, e) -> E.Expr:
        out = self.memo.get(e)
        if out is None:
            out = self.memo[e] = self._read(e)
        return out

    def _fail(self, e, why: str = ""):
        raise MatcalcError(f"from_sympy: SymPy's {type(e).__name__} ({e}) has no matcalc "
                           f"form{': ' + why if why else ''}; matcalc reads "
                           f"{', '.join(READS)}")

    def _function(self, e) -> E.Expr | None:
        """An elementwise function of a scalar, f(s), or None. The compound definitions
        first (softplus is log(1 + exp(s)), not a log)."""
        for name, definition in _COMPOUND:
            if type(e) is not type(definition):
                continue
            for sub in sympy.preorder_traversal(e):    # the argument w occurs as w or −w
                if not isinstance(sub, sympy.Expr) or sub.is_Matrix or sub == e:
                    continue
                for w in (sub, -sub):
                    if definition.subs(T, w) == e:
                        return B.FUNCTION_BUILDERS[name](self.read(w))
        if type(e) in _CALLS:           # F(w), or F of w and the definition's numbers: Max(0, w)
            name = _CALLS[type(e)]
            args = list(e.args)
            for number in (a for a in FUNCTIONS[name].definition.args if a.is_Number):
                if number in args:
                    args.remove(number)
            if len(args) == 1:
                return B.FUNCTION_BUILDERS[name](self.read(args[0]))
        return None

    def _read(self, e) -> E.Expr:
        if e in self.back:
            return self.back[e]
        if isinstance(e, sm.MatrixSymbol):
            r, c = map(_dim, e.shape)
            return E.Var(e.name, r, c)
        if isinstance(e, sympy.Symbol):
            if e in self.dims or e == dim_symbol(e.name):      # a size as a number: n = 1ᵀ1
                return B.sum_(B.ones(dim_symbol(e.name), 1))
            return B.scalar(e.name)
        if e.is_Number:
            return _number(e)
        if e is sympy.E:                        # exp(1), as SymPy evaluates it
            return B.FUNCTION_BUILDERS["exp"](B.num(1))
        if isinstance(e, sympy.re):             # matcalc's values are real: re(x) = x
            return self.read(e.args[0])
        if isinstance(e, sympy.log) and isinstance(e.args[0], sm.Determinant):
            return B.logdet(self.read(e.args[0].arg))
        if not e.is_Matrix and (e.is_Function or isinstance(e, (sympy.Pow, sympy.Mul,
                                                                 sympy.Add))):
            f = self._function(e)
            if f is not None:
                return f
        kids = lambda: [self.read(a) for a in e.args]                 # noqa: E731
        if isinstance(e, (sympy.Add, sm.MatAdd)):
            return B.add(*kids())
        if isinstance(e, (sympy.Mul, sm.MatMul)):
            return self._product(e)
        if isinstance(e, (sympy.Pow, sm.HadamardPower)):     # aᵇ, X.^p: p a number or a scalar
            exponent = sympy.Rational(e.exp) if e.exp.is_Number else self.read(e.exp)
            return B.power(self.read(e.base), exponent)
        if isinstance(e, sm.MatPow):
            if not e.exp.is_Integer:
                self._fail(e, "a matrix power needs an integer exponent")
            return B.matrix_power(self.read(e.base), int(e.exp))
        if isinstance(e, ElementwiseApplyFunction):
            return self._applyfunc(e)
        if isinstance(e, sympy.MatrixBase):
            if e.shape != (1, 1):
                self._fail(e, "matcalc has symbolic matrices only, no explicit entries")
            return self.read(e[0, 0])
        if isinstance(e, MatrixElement):
            if e.parent.shape != (1, 1):
                self._fail(e, "matcalc has no entries of a matrix")
            return self.read(e.parent)
        if isinstance(e, sm.Identity):
            return B.eye(_dim(e.rows))
        if isinstance(e, sm.ZeroMatrix):
            return B.zeros(_dim(e.rows), _dim(e.cols))
        if isinstance(e, sm.OneMatrix):
            return B.ones(_dim(e.rows), _dim(e.cols))
        one = _ONE_ARGUMENT.get(type(e))
        if one is not None:
            return one(self.read(e.args[0]))
        many = _MANY_ARGUMENTS.get(type(e))
        if many is not None:
            return reduce(many, kids())
        self._fail(e)

    def _product(self, e) -> E.Expr:
        """A product; 1ᵀ X 1 (OneMatrix row · X · OneMatrix column; 1ᵀx for a column x,
        yᵀ1 for a row) is sum(X)."""
        args = list(e.args)
        scalars = [a for a in args if not getattr(a, "is_Matrix", False)]
        mats = [a for a in args if getattr(a, "is_Matrix", False)]
        lead = bool(mats) and isinstance(mats[0], sm.OneMatrix) and mats[0].rows == 1
        trail = bool(mats) and isinstance(mats[-1], sm.OneMatrix) and mats[-1].cols == 1
        inner = mats[int(lead):len(mats) - int(trail)]
        if inner and (lead or trail) and (lead or inner[0].rows == 1) and \
                (trail or inner[-1].cols == 1):
            mats = [B.sum_(self.read(sm.MatMul(*inner) if len(inner) > 1 else inner[0]))]
        out = None
        for m in mats:
            m = m if isinstance(m, E.Expr) else self.read(m)
            out = m if out is None else B.matmul(out, m)
        for s in scalars:
            s = self.read(s)
            out = s if out is None else B.scale(s, out)
        return out

    def _applyfunc(self, e) -> E.Expr:
        """f applied to each entry of X: f's body read as a scalar expression of a
        placeholder, then lifted entry by entry (exp ∘ sqrt is exp(sqrt(X)))."""
        f, arg = e.function, e.expr
        if not isinstance(f, sympy.Lambda) or len(f.variables) != 1:
            self._fail(e, "the function must be a Lambda of one variable")
        entry = E.Var(_ENTRY, 1, 1)
        body = _Reader({f.variables[0]: entry}, self.dims).read(f.expr)
        return _lift(body, entry, self.read(arg), e)


_ENTRY = "_entry"


def _lift(x: E.Expr, entry: E.Var, X: E.Expr, where) -> E.Expr:
    """The scalar function x of `entry`, applied to each entry of X."""
    if x == entry:
        return X
    if entry not in E.variables(x):                  # a constant, the same in every entry
        return B.scale(x, B.ones(*X.shape))
    lift = lambda y: _lift(y, entry, X, where)      # noqa: E731
    if isinstance(x, E.Func):
        return B.FUNCTION_BUILDERS[x.name](lift(x.arg))
    if isinstance(x, E.Power):
        return B.power(lift(x.arg), x.exponent)
    if isinstance(x, E.Add):
        return B.add(*map(lift, x.terms))
    if isinstance(x, (E.Scale, E.MatMul)):
        factors = (x.coeff, x.arg) if isinstance(x, E.Scale) else x.factors
        varying = [lift(y) for y in factors if entry in E.variables(y)]
        out = reduce(B.hadamard, varying)
        for y in factors:
            if entry not in E.variables(y):
                out = B.scale(y, out)
        return out
    raise MatcalcError(f"from_sympy: SymPy's ElementwiseApplyFunction ({where}) applies "
                       f"{type(x).__name__} to each entry, which matcalc has no elementwise "
                       "form of")


_ONE_ARGUMENT = {sm.Transpose: B.transpose, sm.Inverse: B.inv, sm.Trace: B.tr,
                 sm.Determinant: B.det}
_MANY_ARGUMENTS = {sm.HadamardProduct: B.hadamard, sm.KroneckerProduct: B.kron}
