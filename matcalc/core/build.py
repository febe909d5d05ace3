"""Constructors and operators: the one way the API and the parser build expressions.

The constructors normalise only what keeps the tree canonical for printing and parsing back:
sums, products and Hadamard products are flattened, numbers are folded into scalar
multiples, double transposes and double inverses cancel, and x^1, A^0, A^-1 take their
obvious forms. Everything else (collecting terms, pushing transposes, ...) is `simplify`'s job.

Python operators follow NumPy: `@` matrix product, `*` scaling (or Hadamard for equal
shapes), `**` elementwise / scalar power, `/` by a scalar (or elementwise for equal shapes).
"""
from __future__ import annotations

import functools
from fractions import Fraction
from numbers import Rational, Real

from .errors import ShapeError
from .expr import (Add, Commutation, Det, LogSumExp, Softmax, Diag, DiagPart, Expr, Frob, Func, Hadamard,
                   HadamardDiv, Identity, Inverse, Kron, LogDet, MatMul, MatPow, Norm1,
                   Norm2, Num, Ones, Power, Scale, SumEntries, SymbolicMatPow, SymbolicPower,
                   Trace, Transpose, Var, Vec, Zero, _d, postorder, rebuild)
from .operators.elementwise import FUNCTIONS
from .shapes import ONE, as_dim, is_one, shape_str

# ------------------------------------------------------------------------------------
# Leaves
# ------------------------------------------------------------------------------------


def scalar(name: str) -> Var:
    """A scalar variable."""
    return Var(name, ONE, ONE)


def vector(name: str, n="n") -> Var:
    """A column vector variable of length n."""
    return Var(name, as_dim(n), ONE)


def matrix(name: str, rows="n", cols=None, *, symmetric=False, spd=False, diagonal=False,
           invertible=False) -> Var:
    """A matrix variable (square when `cols` is omitted) with optional properties."""
    props = frozenset(p for p, on in (("symmetric", symmetric), ("spd", spd),
                                      ("diagonal", diagonal), ("invertible", invertible)) if on)
    return Var(name, as_dim(rows), as_dim(rows if cols is None else cols), props)


def num(value) -> Num:
    """A number; floats are kept exactly as they print (0.1 is 1/10)."""
    if isinstance(value, Num):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Rational):
        return Num(Fraction(value))
    if isinstance(value, Real):
        return Num(Fraction(repr(float(value))))
    if isinstance(value, str):
        return Num(Fraction(value))
    raise TypeError(f"not a number: {value!r}")


def eye(n) -> Identity:
    return Identity(as_dim(n))


def ones(rows, cols=1) -> Ones:
    return Ones(as_dim(rows), as_dim(cols))


def zeros(rows, cols=1) -> Zero:
    return Zero(as_dim(rows), as_dim(cols))


def commutation(m, n) -> Commutation:
    return Commutation(as_dim(m), as_dim(n))


def as_expr(x) -> Expr:
    """An Expr, or a Python number as a Num."""
    if isinstance(x, Expr):
        return x
    return num(x)


# ------------------------------------------------------------------------------------
# Sums and products
# ------------------------------------------------------------------------------------


def add(*terms) -> Expr:
    """a + b + ...; nested sums are flattened."""
    flat = []
    for t in map(as_expr, terms):
        flat.extend(t.terms if isinstance(t, Add) else (t,))
    if len(flat) == 1:
        return flat[0]
    if all(isinstance(t, Num) for t in flat):
        return Num(sum(t.value for t in flat))
    return Add(tuple(flat))


def broadcast(terms) -> list:
    """The terms of a sum with every 1×1 term spread over the others' shape, as NumPy does:
    [1, exp(x)] → [ones(n), exp(x)], [x, −α] → [x, −α·ones(n)]. Terms of other shapes are
    left for `add` to refuse."""
    terms = [as_expr(t) for t in terms]
    target = next((t.shape for t in terms if not t.is_scalar), None)
    if target is None:
        return terms
    return [scale(t, Ones(*target)) if t.is_scalar else t for t in terms]


def add_broadcast(*terms) -> Expr:
    """a + b + ... with 1×1 terms broadcast (the `+` of the language and of Python's
    operators on expressions); `add` itself insists on equal shapes."""
    return add(*broadcast(terms))


def neg(a) -> Expr:
    return scale(Num(Fraction(-1)), a)


def sub(a, b) -> Expr:
    return add(a, neg(b))


def _scalar_mul(a: Expr, b: Expr) -> Expr:
    """The product of two 1×1 expressions: numbers fold and lead, the rest chain."""
    if isinstance(a, Num) and isinstance(b, Num):
        return Num(a.value * b.value)
    if isinstance(b, Num):
        a, b = b, a
    if isinstance(a, Num):
        return scale(a, b)
    if isinstance(a, Scale) and isinstance(a.coeff, Num):      # (2α)β = 2(αβ)
        return scale(a.coeff, _scalar_mul(a.arg, b))
    if isinstance(b, Scale) and isinstance(b.coeff, Num):
        return scale(b.coeff, _scalar_mul(a, b.arg))
    return matmul(a, b)


def scale(c, a) -> Expr:
    """c·a for a 1×1 `c`; numbers fold, and nested scalings merge their coefficients."""
    c, a = as_expr(c), as_expr(a)
    if not c.is_scalar:
        raise ShapeError(f"cannot scale by {_d(c)}: it is not 1×1")
    if isinstance(c, Num) and c.value == 1:
        return a
    if isinstance(c, Num) and isinstance(a, Num):
        return Num(c.value * a.value)
    if isinstance(a, Scale):
        return scale(_scalar_mul(c, a.coeff), a.arg)
    if a.is_scalar and not isinstance(c, Num):
        return _scalar_mul(c, a)
    return Scale(c, a)


def matmul(a, b) -> Expr:
    """The matrix product a @ b (inner dimensions must agree); chains are flattened."""
    a, b = as_expr(a), as_expr(b)
    if a.shape[1] != b.shape[0]:
        raise ShapeError(f"cannot multiply {_d(a)} by {_d(b)}: inner dimensions "
                         f"{a.shape[1]} and {b.shape[0]} differ")
    if a.is_scalar and b.is_scalar:
        if isinstance(a, Num) or isinstance(b, Num) or isinstance(a, Scale) or isinstance(b, Scale):
            return _scalar_mul(a, b)
    elif a.is_scalar or b.is_scalar:                     # n×1 @ 1×1 is a scaling
        return scale(a, b) if a.is_scalar else scale(b, a)
    if isinstance(a, Scale):                             # (cA)B = c(AB)
        return scale(a.coeff, matmul(a.arg, b))
    if isinstance(b, Scale):                             # A(cB) = c(AB)
        return scale(b.coeff, matmul(a, b.arg))
    fa = a.factors if isinstance(a, MatMul) else (a,)
    fb = b.factors if isinstance(b, MatMul) else (b,)
    return MatMul(fa + fb)


def matmul_all(factors) -> Expr:
    """functools.reduce(matmul, factors) without building the partial products: a chain
    of k matrices is one flat MatMul made once (the fold makes k − 1, copying the chain
    each time). Scalars and multiples among the factors take the fold."""
    factors = [as_expr(f) for f in factors]
    if len(factors) < 3 or any(f.is_scalar or isinstance(f, Scale) for f in factors):
        return functools.reduce(matmul, factors)
    flat: list = []
    for a, b in zip(factors, factors[1:]):
        if a.shape[1] != b.shape[0]:
            raise ShapeError(f"cannot multiply {_d(a)} by {_d(b)}: inner dimensions "
                             f"{a.shape[1]} and {b.shape[0]} differ")
    for f in factors:
        flat.extend(f.factors if isinstance(f, MatMul) else (f,))
    return MatMul(tuple(flat))


def times(a, b) -> Expr:
    """The text language's `*`: a matrix product, or a scaling when one side is 1×1."""
    a, b = as_expr(a), as_expr(b)
    if a.is_scalar and b.is_scalar:
        return _scalar_mul(a, b)
    if a.is_scalar:
        return scale(a, b)
    if b.is_scalar:
        return scale(b, a)
    return matmul(a, b)


def hadamard(a, b) -> Expr:
    """The elementwise product a ∘ b of equal shapes."""
    a, b = as_expr(a), as_expr(b)
    if a.shape != b.shape:
        raise ShapeError(f"cannot take the elementwise product of {_d(a)} and {_d(b)}: "
                         "the shapes differ")
    fa = a.factors if isinstance(a, Hadamard) else (a,)
    fb = b.factors if isinstance(b, Hadamard) else (b,)
    return Hadamard(fa + fb)


def hadamard_div(a, b) -> Expr:
    """The elementwise quotient a ./ b of equal shapes."""
    return HadamardDiv(as_expr(a), as_expr(b))


def divide(a, b) -> Expr:
    """a / b: by a 1×1 b a scaling, elementwise for equal shapes, an error otherwise."""
    a, b = as_expr(a), as_expr(b)
    if b.is_scalar:
        if isinstance(b, Num):
            if b.value == 0:
                raise ShapeError("division by the number 0")
            return scale(Num(1 / b.value), a)
        return scale(power(b, -1), a)
    if a.shape == b.shape:
        return hadamard_div(a, b)
    raise ShapeError(f"cannot divide {_d(a)} by {_d(b)}: division is by a scalar "
                     "(or elementwise, ./, between equal shapes); for a matrix use "
                     "the inverse, inv(B) or B^-1")


def kron(a, b) -> Expr:
    return Kron(as_expr(a), as_expr(b))


# ------------------------------------------------------------------------------------
# Unary operators and functions
# ------------------------------------------------------------------------------------


def transpose(a) -> Expr:
    a = as_expr(a)
    if isinstance(a, Transpose):
        return a.arg
    if isinstance(a, Num):
        return a
    return Transpose(a)


def inv(a) -> Expr:
    a = as_expr(a)
    if isinstance(a, Inverse):
        return a.arg
    if isinstance(a, Num):
        if a.value == 0:
            raise ShapeError("the inverse of the number 0")
        return Num(1 / a.value)
    return Inverse(a)


def matrix_power(a, k: int) -> Expr:
    """The integer matrix power aᵏ of a square matrix (k may be 0 or negative)."""
    a = as_expr(a)
    if int(k) != k:
        raise ShapeError(f"a matrix power needs an integer exponent, not {k}")
    k = int(k)
    if a.shape[0] != a.shape[1]:
        raise ShapeError(f"cannot take the matrix power of {_d(a)}: it is not square")
    if k == 0:
        return Identity(a.shape[0])
    if k == 1:
        return a
    if k == -1:
        return inv(a)
    if k < 0:
        return inv(MatPow(a, -k))
    return MatPow(a, k)


def power(a, p) -> Expr:
    """The elementwise power a.^p (the scalar power when a is 1×1); p a number, or a scalar
    expression (a symbol α: the SymbolicPower a.^α)."""
    a = as_expr(a)
    if isinstance(p, Expr) and not isinstance(p, Num):
        return symbolic_power(a, p)
    p = num(p).value if not isinstance(p, Num) else p.value
    if p == 1:
        return a
    if isinstance(a, Num) and p.denominator == 1 and (a.value != 0 or p > 0):
        return Num(a.value ** p.numerator)
    return Power(a, p)


def symbolic_power(a, p: Expr) -> Expr:
    """a.^p for a scalar expression p (aᵖ when a is 1×1); a number p gives `power`'s node."""
    a = as_expr(a)
    if isinstance(p, Num):
        return power(a, p)
    if not p.is_scalar:
        raise ShapeError(f"cannot raise {_d(a)} to the power {_d(p)}: an exponent must be a "
                         "scalar")
    return SymbolicPower(a, p)


def caret(a, p) -> Expr:
    """The text language's `^`: scalar power for 1×1, integer matrix power for square; a
    scalar expression as the exponent (`a^b`, `X^k`) gives the symbolic powers."""
    a = as_expr(a)
    if isinstance(p, Expr) and not isinstance(p, Num):
        if a.is_scalar:
            return symbolic_power(a, p)
        if a.shape[0] != a.shape[1]:
            raise ShapeError(f"cannot raise {_d(a)} to the power {p}: it is not square; for "
                             "an elementwise power use .^")
        if not p.is_scalar:
            raise ShapeError(f"cannot raise {_d(a)} to the power {_d(p)}: an exponent must "
                             "be a scalar")
        return SymbolicMatPow(a, p)
    p = p.value if isinstance(p, Num) else Fraction(p)
    if a.is_scalar:
        return power(a, p)
    if p.denominator != 1:
        raise ShapeError(f"cannot raise {_d(a)} to the power {p}: a matrix power must be an "
                         "integer; for an elementwise power use .^")
    if a.shape[0] != a.shape[1]:
        raise ShapeError(f"cannot raise {_d(a)} to the power {p}: it is not square; for an "
                         "elementwise power use .^")
    return matrix_power(a, int(p))


def tr(a) -> Expr:
    return Trace(as_expr(a))


def det(a) -> Expr:
    """det(A); of a symbolic matrix power, det(Xᵏ) = det(X)ᵏ (the determinant is
    multiplicative: Cookbook (18) for an integer k, and for the principal power)."""
    a = as_expr(a)
    if isinstance(a, SymbolicMatPow):
        return symbolic_power(Det(a.arg), a.exponent)
    return Det(a)


def logdet(a) -> Expr:
    """log det(A); of a symbolic matrix power, log det(Xᵏ) = k log det(X)."""
    a = as_expr(a)
    if isinstance(a, SymbolicMatPow):
        return scale(a.exponent, LogDet(a.arg))
    return LogDet(a)


def _func(name):
    def f(a) -> Expr:
        return Func(name, as_expr(a))
    f.__name__ = name
    f.__doc__ = f"The elementwise {name} (the scalar {name} on a 1×1 argument)."
    return f


#: the builder of each elementwise function, by its name in the language (exp, ..., abs);
#: each is also a module attribute under the function's Python name (build.exp, build.abs_)
FUNCTION_BUILDERS = {name: _func(name) for name in FUNCTIONS}
globals().update({f.python_name: FUNCTION_BUILDERS[f.name] for f in FUNCTIONS.values()})


def diag(a) -> Expr:
    """diag(v) of a vector is a diagonal matrix; diag(A) of a square matrix its diagonal."""
    a = as_expr(a)
    if is_one(a.shape[1]) and not is_one(a.shape[0]):
        return Diag(a)
    if a.shape[0] == a.shape[1] and not a.is_scalar:
        return DiagPart(a)
    raise ShapeError(f"diag of {_d(a)}: expected a vector (n×1) or a square matrix")


def _operator(node, name: str, doc: str):
    """The builder of a one-argument operator node that has no simplification of its own."""
    def build(a) -> Expr:
        return node(as_expr(a))
    build.__name__, build.__doc__ = name, doc
    return build


vec = _operator(Vec, "vec", "vec(A): the columns of A stacked into one column.")
sum_ = _operator(SumEntries, "sum_", "sum(A): the sum of all entries.")
softmax = _operator(Softmax, "softmax", "exp(a) normalised column by column.")
logsumexp = _operator(LogSumExp, "logsumexp",
                      "log Σ exp(a) of each column (a scalar for a vector).")
norm2 = _operator(Norm2, "norm2", "‖x‖₂, the Euclidean norm of a vector.")
norm1 = _operator(Norm1, "norm1", "‖A‖₁, the sum of the absolute values of the entries.")
frob = _operator(Frob, "frob", "‖A‖_F, the Frobenius norm.")


# ------------------------------------------------------------------------------------
# Python operators on Expr (NumPy's meanings)
# ------------------------------------------------------------------------------------


def tidy(e: Expr) -> Expr:
    """`e` rebuilt through the builders above: products and sums flattened, numbers folded,
    coefficients in front: the form the parser gives (for showing intermediate results)."""
    done: dict = {}
    for x in postorder(e):
        kids = tuple(done[c] for c in x.children)
        if isinstance(x, Add):
            done[x] = add(*kids)
        elif isinstance(x, MatMul):
            done[x] = functools.reduce(matmul, kids)
        elif isinstance(x, Hadamard):
            done[x] = functools.reduce(hadamard, kids)
        elif isinstance(x, Scale):
            done[x] = scale(*kids)
        elif isinstance(x, Transpose):
            done[x] = transpose(*kids)
        else:
            done[x] = rebuild(x, kids) if kids else x
    return done[e]


def _mul(a, b) -> Expr:
    a, b = as_expr(a), as_expr(b)
    if a.is_scalar or b.is_scalar:
        return times(a, b)
    if a.shape == b.shape:
        return hadamard(a, b)
    raise ShapeError(f"cannot multiply {_d(a)} and {_d(b)} with *: it scales by a scalar or "
                     "multiplies elementwise equal shapes; use @ for the matrix product")


def _pow(a, p) -> Expr:
    return power(a, p)


def _install_operators() -> None:
    Expr.__add__ = lambda a, b: add_broadcast(a, b)
    Expr.__radd__ = lambda a, b: add_broadcast(b, a)
    Expr.__sub__ = lambda a, b: add_broadcast(a, neg(b))
    Expr.__rsub__ = lambda a, b: add_broadcast(b, neg(a))
    Expr.__neg__ = lambda a: neg(a)
    Expr.__pos__ = lambda a: a
    Expr.__matmul__ = lambda a, b: matmul(a, b)
    Expr.__rmatmul__ = lambda a, b: matmul(b, a)
    Expr.__mul__ = lambda a, b: _mul(a, b)
    Expr.__rmul__ = lambda a, b: _mul(b, a)
    Expr.__truediv__ = lambda a, b: divide(a, b)
    Expr.__rtruediv__ = lambda a, b: divide(b, a)
    Expr.__pow__ = lambda a, p: _pow(a, p)
    Expr.T = property(transpose)


_install_operators()

__all__ = ["scalar", "vector", "matrix", "num", "eye", "ones", "zeros", "commutation",
           "as_expr", "softmax", "logsumexp", "add", "broadcast", "add_broadcast", "neg", "sub", "scale", "matmul",
           "times", "hadamard",
           "hadamard_div", "divide", "kron", "transpose", "inv", "matrix_power", "power",
           "caret", "tr", "det", "logdet", "diag", "vec", "sum_", "norm2", "norm1", "frob",
           "shape_str", "FUNCTION_BUILDERS"] + [f.python_name for f in FUNCTIONS.values()]
