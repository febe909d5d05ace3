"""The spec of every node type: one `declare(...)` per operator (fields: `spec.py`).

Leaves first, then the operators of The Matrix Cookbook §2.1 in the order of its table,
then the rest. The differential rules are registered against these entries in
`diff/rules.py`, the one table that reads line by line against the Cookbook; what follows
from `linear` / `multilinear` (the product rule, linearity, the adjoint) is not written again.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from .. import build as B
from .. import expr as E
from ..errors import EvaluationError
from ..lazy import lazy_module
from .elementwise import FUNCTIONS, argument
from .shape_rules import (fields_shape, same_as_argument, square_to_same, square_to_scalar,
                          to_scalar)
from .spec import Call, Infix, Norm, Postfix, declare

# the SymPy conversions (to_sympy) import SymPy on their first use, not at start-up
sympy = lazy_module("sympy")
sm = lazy_module("sympy.matrices")

# ====================================================================================
# NumPy and SymPy helpers
# ====================================================================================


def _num(x):
    try:
        return np.array([[float(x)]])
    except OverflowError:
        raise EvaluationError(f"the number {_short(x)} is too large for floating point "
                              "(about 1.8e308 at most)") from None


def _short(x) -> str:
    text = str(x)
    return text if len(text) <= 20 else f"{text[:8]}…({len(text)} digits)"


def _rat(f: Fraction):
    return sympy.Rational(f.numerator, f.denominator)


def commutation_matrix(m: int, n: int) -> np.ndarray:
    """K with K vec(A) = vec(Aᵀ) for A of shape m×n (vec stacks columns)."""
    K = np.zeros((m * n, m * n))
    for i in range(m):
        for j in range(n):
            K[i * n + j, j * m + i] = 1.0
    return K


def _power(a, p: Fraction):
    if p.denominator == 1:
        return a ** int(p.numerator) if p > 0 else 1.0 / a ** int(-p.numerator)
    return a ** float(p)


def _fractional_matrix_power(a, k: float):
    """Xᵏ for a real k, by the eigendecomposition (X diagonalisable with positive
    eigenvalues, as the sampled points are: the principal power)."""
    w, v = np.linalg.eig(a)
    out = (v * np.power(w.astype(complex), k)) @ np.linalg.inv(v)
    return np.real_if_close(out, tol=1e6).real


def _chain(mats):
    out = mats[0]
    for m in mats[1:]:
        out = out @ m
    return out


def _var_sympy(e, kids, symbols):
    if e not in symbols:
        symbols[e] = (sympy.Symbol(e.name) if e.is_scalar
                      else sm.MatrixSymbol(e.name, e.shape[0], e.shape[1]))
    return symbols[e]


def _sympy_entry(z):
    """A 1×1 SymPy value as a scalar (an explicit 1×1 matrix as its entry)."""
    return z[0, 0] if isinstance(z, sympy.MatrixBase) else z


def _func_sympy(e, kids, symbols):
    """f(s) for a scalar; for a matrix, SymPy's elementwise application of the definition,
    `ElementwiseApplyFunction(Lambda(t, definition), X)` (what `X.applyfunc(f)` makes)."""
    f = FUNCTIONS[e.name]
    if e.is_scalar:
        return f.to_sympy(kids[0])
    applied = lazy_module("sympy.matrices.expressions.applyfunc").ElementwiseApplyFunction
    return applied(sympy.Lambda(argument(), f.definition), kids[0])


def _func_nonnegative(e, recurse) -> bool:
    return FUNCTIONS[e.name].nonnegative


def _power_nonnegative(e, recurse) -> bool:
    p = e.exponent
    return (p.denominator == 1 and p.numerator % 2 == 0) or recurse(e.arg)


def _det_nonnegative(e, recurse) -> bool:
    return isinstance(e.arg, E.Var) and "spd" in e.arg.props


# ====================================================================================
# Leaves
# ====================================================================================

declare(E.Var, shape=None, text="var", latex="var", rank="10", numpy="given",
        sympy=_var_sympy, symmetric=lambda e, rec: e.symmetric)
declare(E.Delta, shape=lambda c, var: c.shape(var), text="delta", latex="delta", rank="90",
        numpy="given",
        no_sympy="a differential dX exists only inside a derivation")
declare(E.Num, shape=None, text="num", latex="num", precedence="number", rank="00",
        numpy=lambda e, k, size: _num(e.value), sympy=lambda e, k, s: _rat(e.value),
        symmetric="always", nonnegative=lambda e, rec: e.value >= 0)
declare(E.Zero, shape=fields_shape, call="zeros", arity=(0, (1, 2)), build=B.zeros,
        text=Call("zeros"), latex="zero", rank="11",
        numpy=lambda e, k, size: np.zeros((size(e.nrows), size(e.ncols))),
        sympy=lambda e, k, s: sm.ZeroMatrix(*e.shape), symmetric="always",
        nonnegative="always")
declare(E.Identity, shape=lambda c, n: (n, n), call="eye", arity=(0, (1, 1)), build=B.eye,
        aliases=("identity",), text="identity", latex="identity", rank="12",
        numpy=lambda e, k, size: np.eye(size(e.n)), sympy=lambda e, k, s: sm.Identity(e.n),
        symmetric="always", nonnegative="always")
declare(E.Ones, shape=fields_shape, call="ones", arity=(0, (1, 2)), build=B.ones,
        text="ones", latex="ones", rank="13",
        numpy=lambda e, k, size: np.ones((size(e.nrows), size(e.ncols))),
        sympy=lambda e, k, s: sm.OneMatrix(*e.shape), symmetric="always", nonnegative="always")
declare(E.Commutation, shape=lambda c, m, n: (c.prod(m, n), c.prod(m, n)),
        call="commutation", arity=(0, (2, 2)), build=B.commutation,
        text=Call("commutation"), latex="commutation", rank="14",
        numpy=lambda e, k, size: commutation_matrix(size(e.m), size(e.n)),
        no_sympy="SymPy has no commutation matrix",
        symmetric=lambda e, rec: e.m == e.n)


# ====================================================================================
# Cookbook §2.1, eqs (34)-(44), in the order of its table
# ====================================================================================

def _scale_shape(c, coeff, arg):
    c.same(coeff, (c.ONE, c.ONE))
    return c.shape(arg)


declare(E.Scale, multilinear=True, shape=_scale_shape,
        mismatch="cannot scale by {a}: a factor of a scalar multiple must be 1×1",
        text="product", latex="product", precedence="scale", rank="21",
        numpy=lambda e, k, size: k[0][0, 0] * k[1], sympy=lambda e, k, s: k[0] * k[1],
        symmetric="args", nonnegative="args")


def _operands_of_one_shape(too_few: str):
    """The shape rule of an n-ary operator whose operands all have one shape (a sum, an
    elementwise product): that shape; `too_few` when there are fewer than two operands."""
    def rule(c, operands):
        if len(operands) < 2:
            c.fail(too_few)
        c.all_same(operands)
        return c.shape(operands[0])
    return rule


_sum_shape = _operands_of_one_shape("a sum needs at least two terms")


declare(E.Add, linear=True, adjoint=lambda e, C: C, shape=_sum_shape,
        mismatch="cannot add {a} and {b}: the shapes differ",
        text="add", latex="add", precedence="sum", rank="22",
        numpy=lambda e, k, size: sum(k[1:], k[0]),
        sympy=lambda e, k, s: sympy.Add(*k) if e.is_scalar else sm.MatAdd(*k).doit(),
        symmetric="args", nonnegative="args")
declare(E.Trace, linear=True, reduces=True,
        adjoint=lambda e, C: B.scale(C, B.eye(e.arg.shape[0])), shape=square_to_scalar,
        noun="trace", call="tr", build=B.tr, aliases=("trace",),
        text=Call("tr"), latex=Call(r"\operatorname{tr}"), rank="50",
        numpy=lambda e, k, size: _num(np.trace(k[0])), sympy=lambda e, k, s: sm.Trace(k[0]))


def _product_shape(c, factors):
    if len(factors) < 2:
        c.fail("a product needs at least two factors")
    return c.chain(factors)


declare(E.MatMul, multilinear=True, shape=_product_shape,
        mismatch="cannot multiply {a} by {b}: inner dimensions {d1} and {d2} differ",
        text="product", latex="product", precedence="product", rank="20",
        numpy=lambda e, k, size: _chain(k),
        sympy=lambda e, k, s: (sympy.Mul(*k) if all(c.is_scalar for c in e.children)
                               else sm.MatMul(*k)),
        symmetric="palindrome", nonnegative="gram")


_hadamard_shape = _operands_of_one_shape("an elementwise product needs at least two factors")


def _quotient_shape(c, num, den):
    c.same(num, den)
    return c.shape(num)


declare(E.Hadamard, multilinear=True, shape=_hadamard_shape,
        mismatch="cannot take the elementwise product of {a} and {b}: the shapes differ",
        text=Infix("∘", ".*", r"\circ"), latex=Infix("∘", ".*", r"\circ"),
        precedence="product", rank="40",
        numpy=lambda e, k, size: np.prod(np.stack(k), axis=0),
        sympy=lambda e, k, s: sm.HadamardProduct(*k), symmetric="args", nonnegative="args")


def _kron_shape(c, a, b):
    (p, q), (r, s) = c.shape(a), c.shape(b)
    return (c.prod(p, r), c.prod(q, s))


_KRON = Infix("⊗", "", r"\otimes", chain=True, ascii_call="kron")
declare(E.Kron, multilinear=True, shape=_kron_shape, call="kron", arity=(2, (0, 0)),
        build=B.kron, aliases=("kronecker",), text=_KRON, latex=_KRON, precedence="kron",
        rank="42", numpy=lambda e, k, size: np.kron(k[0], k[1]),
        sympy=lambda e, k, s: sm.KroneckerProduct(*k), symmetric="args")


def _sympy_inverse(e, k, s):
    """Inverse(M), or 1/s for a 1×1 (sympy_form passes it as a scalar: SymPy's inverse of
    an explicit [β] row-reduces it, and recurses without end under evaluate(False))."""
    return sm.Inverse(k[0]) if getattr(k[0], "is_Matrix", False) else k[0] ** -1


declare(E.Inverse, shape=square_to_same, noun="inverse", call="inv", build=B.inv,
        aliases=("inverse",), text="inverse", latex=Postfix("⁻¹", "^-1", "{-1}"),
        precedence="inverse", rank="30",
        numpy=lambda e, k, size: np.linalg.inv(k[0]), sympy=_sympy_inverse,
        symmetric="args")
declare(E.Det, reduces=True, shape=square_to_scalar, noun="determinant", call="det",
        build=B.det, aliases=("determinant",), text=Call("det"), latex=Call(r"\det"), rank="51",
        numpy=lambda e, k, size: _num(np.linalg.det(k[0])),
        sympy=lambda e, k, s: sm.Determinant(k[0]), nonnegative=_det_nonnegative)
declare(E.LogDet, reduces=True, shape=square_to_scalar, noun="log-determinant", call="logdet",
        build=B.logdet, text=Call("logdet"), latex=Call(r"\log\det"), rank="52",
        numpy=lambda e, k, size: _num(np.linalg.slogdet(k[0])[1]),
        sympy=lambda e, k, s: sympy.log(sm.Determinant(k[0])))
declare(E.Transpose, linear=True, adjoint=lambda e, C: B.transpose(C),
        shape=lambda c, a: (c.shape(a)[1], c.shape(a)[0]), aliases=("transpose",),
        text="transpose", latex="transpose", precedence="postfix", rank="ᵀ",
        numpy=lambda e, k, size: k[0].T,
        sympy=lambda e, k, s: k[0] if e.is_scalar else sm.Transpose(k[0]))


# ====================================================================================
# Beyond §2.1: powers, elementwise functions, structure, norms
# ====================================================================================

def _matpow_shape(c, a, k):
    c.square(a)
    if not isinstance(k, int) or k < 2:
        c.fail(f"a matrix power needs an integer exponent ≥ 2, not {k}")
    return c.shape(a)


declare(E.MatPow, shape=_matpow_shape, noun="matrix power", text="matpow", latex="matpow",
        precedence="postfix", rank="31",
        numpy=lambda e, k, size: np.linalg.matrix_power(k[0], e.k),
        sympy=lambda e, k, s: sm.MatPow(k[0], e.k), symmetric="args")


def _func_shape(c, name, a):
    if name not in FUNCTIONS:
        c.fail(f"unknown elementwise function {name!r}")
    return c.shape(a)


declare(E.Func, elementwise=True, shape=_func_shape, text="func", latex="func", rank="33",
        numpy=lambda e, k, size: FUNCTIONS[e.name].numpy(k[0]), sympy=_func_sympy,
        symmetric="args", nonnegative=_func_nonnegative)
declare(E.Power, elementwise=True, shape=same_as_argument, text="power", latex="power",
        precedence="power", rank="32",
        numpy=lambda e, k, size: _power(k[0], e.exponent),
        sympy=lambda e, k, s: (k[0] ** _rat(e.exponent) if e.is_scalar
                               else sm.HadamardPower(k[0], _rat(e.exponent))),
        symmetric="args", nonnegative=_power_nonnegative)
def _symbolic_power_shape(c, a, p):
    c.same(p, (c.ONE, c.ONE))
    return c.shape(a)


def _symbolic_matpow_shape(c, a, k):
    c.same(k, (c.ONE, c.ONE))
    c.square(a)
    return c.shape(a)


declare(E.SymbolicPower, elementwise=True, shape=_symbolic_power_shape,
        mismatch="cannot raise to the power {a}: an exponent must be a scalar (1×1)",
        needs="a scalar exponent", noun="power", text="symbolic_power",
        latex="symbolic_power", precedence="postfix", rank="34",
        numpy=lambda e, k, size: np.power(k[0], k[1][0, 0]),
        sympy=lambda e, k, s: (k[0] ** k[1] if e.is_scalar
                               else sm.HadamardPower(k[0], _sympy_entry(k[1]))),
        symmetric="args", nonnegative=lambda e, rec: rec(e.arg))
declare(E.SymbolicMatPow, shape=_symbolic_matpow_shape, noun="matrix power",
        mismatch="cannot raise to the power {a}: an exponent must be a scalar (1×1)",
        needs="a square matrix (a matrix power)", text="symbolic_matpow",
        latex="symbolic_matpow", precedence="postfix", rank="35",
        numpy=lambda e, k, size: _fractional_matrix_power(k[0], k[1][0, 0]),
        sympy=lambda e, k, s: sm.MatPow(k[0], k[1]), symmetric="args")
declare(E.HadamardDiv, elementwise=True, shape=_quotient_shape,
        mismatch="cannot divide {a} elementwise by {b}: the shapes differ",
        text=Infix("./", "./", r"\oslash", chain=True),
        latex=Infix("./", "./", r"\oslash", chain=True), precedence="product", rank="41",
        numpy=lambda e, k, size: k[0] / k[1],
        no_sympy="SymPy has no elementwise quotient", symmetric="args")


def _diag_shape(c, v):
    r, k = c.shape(v)
    c.equal(k, c.ONE, v)
    return (r, r)


def _diag_part_shape(c, a):
    c.square(a)
    return (c.shape(a)[0], c.ONE)


def _diag_call_shape(c, a):
    """The language's diag: of a vector a diagonal matrix, of a square matrix its diagonal."""
    r, k = c.shape(a)
    if c.is_one(k) and not c.is_one(r):
        return (r, r)
    return _diag_part_shape(c, a)


declare(E.Diag, linear=True, adjoint=lambda e, C: E.DiagPart(C), shape=_diag_shape,
        mismatch="diag of {a}: expected a vector (n×1)", call="diag", build=B.diag,
        call_shape=_diag_call_shape, noun="diagonal", needs="a vector or a square matrix",
        text=Call("diag"), latex=Call(r"\operatorname{diag}"), rank="60",
        numpy=lambda e, k, size: np.diag(k[0][:, 0]),
        no_sympy="SymPy's DiagMatrix is not kept by its matrix algebra",
        symmetric="always")
declare(E.DiagPart, linear=True, adjoint=lambda e, C: E.Diag(C), shape=_diag_part_shape,
        noun="diagonal", needs="a vector or a square matrix", call="diag", build=B.diag,
        call_shape=_diag_call_shape,
        text=Call("diag"), latex=Call(r"\operatorname{diag}"), rank="61",
        numpy=lambda e, k, size: np.diag(k[0]).reshape(-1, 1).copy(),
        no_sympy="SymPy has no diagonal-part matrix expression")
declare(E.Vec, linear=True, adjoint=lambda e, C: E.Unvec(C, *e.arg.shape),
        shape=lambda c, a: (c.prod(*c.shape(a)), c.ONE), call="vec", build=B.vec,
        text=Call("vec"), latex=Call(r"\operatorname{vec}"), rank="62",
        numpy=lambda e, k, size: k[0].reshape(-1, 1, order="F"),
        no_sympy="SymPy has no vec of a matrix expression")


def _unvec_shape(c, v, p, q):
    c.same(v, (c.prod(p, q), c.ONE), (p, q))
    return (p, q)


declare(E.Unvec, linear=True, adjoint=lambda e, C: B.vec(C), shape=_unvec_shape,
        mismatch="cannot reshape {a} into {into}",
        needs="a vector of length {0}·{1}", call="unvec", arity=(1, (2, 2)),
        build=lambda v, p, q: E.Unvec(v, p, q),
        text=Call("unvec"), latex=Call(r"\operatorname{unvec}"), rank="63",
        numpy=lambda e, k, size: k[0].reshape((size(e.nrows), size(e.ncols)), order="F"),
        no_sympy="SymPy has no unvec")
declare(E.SumEntries, linear=True, reduces=True,
        adjoint=lambda e, C: B.scale(C, B.ones(*e.arg.shape)), shape=to_scalar, call="sum",
        build=B.sum_, text=Call("sum"),
        latex=Call(r"\operatorname{sum}"), rank="53",
        numpy=lambda e, k, size: _num(np.sum(k[0])),
        sympy=lambda e, k, s: (sm.OneMatrix(1, e.arg.shape[0]) * k[0]     # 1ᵀ X 1
                               * sm.OneMatrix(e.arg.shape[1], 1)))


def _softmax(a):
    """exp(a) over each column's sum, the column's largest entry subtracted first."""
    z = np.exp(a - np.max(a, axis=0, keepdims=True))
    return z / np.sum(z, axis=0, keepdims=True)


def _logsumexp(a):
    top = np.max(a, axis=0, keepdims=True)
    return top + np.log(np.sum(np.exp(a - top), axis=0, keepdims=True))


declare(E.Softmax, shape=same_as_argument, call="softmax", build=B.softmax,
        text=Call("softmax"), latex=Call(r"\operatorname{softmax}"), rank="57",
        numpy=lambda e, k, size: _softmax(k[0]),
        no_sympy="SymPy has no softmax of a matrix expression", nonnegative="always")
declare(E.LogSumExp, shape=lambda c, a: (c.ONE, c.shape(a)[1]), call="logsumexp",
        build=B.logsumexp, aliases=("lse",), text=Call("logsumexp"),
        latex=Call(r"\operatorname{logsumexp}"), rank="58",
        numpy=lambda e, k, size: _logsumexp(k[0]),
        no_sympy="SymPy has no log-sum-exp of a matrix expression")


def _norm2_shape(c, x):
    c.vector(x)
    return (c.ONE, c.ONE)


declare(E.Norm2, reduces=True, shape=_norm2_shape,
        mismatch="norm2 of {a}: expected a vector; use frob for the Frobenius norm of a matrix",
        call="norm2", build=B.norm2, aliases=("norm",), text=Norm("‖₂", "2"),
        latex=Norm("‖₂", "2"), rank="54",
        numpy=lambda e, k, size: _num(np.linalg.norm(k[0])),
        no_sympy="SymPy has no norm of a matrix expression", nonnegative="always")
declare(E.Frob, reduces=True, shape=to_scalar, call="frob", build=B.frob, aliases=("fro",),
        text=Norm("‖_F", "F"), latex=Norm("‖_F", "F"), rank="55", numpy=lambda e, k, size: _num(np.linalg.norm(k[0])),
        no_sympy="SymPy has no norm of a matrix expression", nonnegative="always")
declare(E.Norm1, reduces=True, shape=to_scalar, call="norm1", build=B.norm1,
        text=Norm("‖₁", "1"), latex=Norm("‖₁", "1"), rank="56", numpy=lambda e, k, size: _num(np.sum(np.abs(k[0]))),
        no_sympy="SymPy has no norm of a matrix expression", nonnegative="always")
