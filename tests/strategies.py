"""Hypothesis strategies: random well-shaped expressions over the whole language.

Every expression is built with `matcalc.core.build` only, so it is in the builder's canonical
form (the form the parser produces). Expressions are generated *by target shape*: to get an
n×m matrix, pick an operator that can produce one and ask for its operands' shapes, down to
a depth limit (one node in three is a leaf). Variables come from a small fixed pool
(`VARIABLES`) over the dimensions n and m; `vec`, `kron`, `unvec` and the commutation
matrix bring in the compound dimensions n·m, n², m², and constants of those sizes
(zeros(m*n), I(n^2)) appear too.

    expressions(max_depth=6, smooth=False)        any shape
    expr_of_shape(("n", 1), max_depth=4)          a given shape
    declaration(var)                              "matrix(n) spd", for matcalc.language.parse

With `smooth=True` only expressions defined and differentiable at the random points of
`matcalc.numeric.sample_point` are produced (variables there have entries in [0.5, 1.5] and
square ones are diagonally dominant or positive definite): inverses, negative matrix
powers and log-determinants only of square variables and positive definite constructions
(MᵀM + I, P + Q, ...); log, sqrt, abs, negative and fractional powers, elementwise and
scalar division, and norms only of positive things (non-spd variables, exp(·), sigmoid(·),
ones, sums and Hadamard products of positives); arcsin, arccos, tan and log1p only of
bounded things (½tanh(·), entries in (−½, ½): inside their domains, away from tan's poles)
or, for log1p, of positive ones; determinants only of the invertible constructions (their
derivative det(X)tr(X⁻¹dX) needs X⁻¹); no zero matrices; exp and expm1 only of a leaf, and
powers, matrix powers and determinants only of shallow operands (no towers like ((X²)²)²).
relu, step and sign take any argument: the numerical check avoids points near their kink.
softmax of vectors and matrices (column by column) and logsumexp (a scalar of a vector, the
row of a matrix's columns) take any argument (they are evaluated stably).
"""
from __future__ import annotations

from fractions import Fraction

import hypothesis.strategies as st

from matcalc.core import build as B
from matcalc.core.expr import Num, Unvec, Var
from matcalc.core.shapes import ONE, as_dim

N, M = as_dim("n"), as_dim("m")
NM = N * M
BASE = (N, M)
COMPOUND = (N * N, N * M, M * M)

#: the pool: scalars, vectors and matrices over n and m, some symmetric / spd / diagonal.
#: Names cover greek (printed α), a multi-letter name (printed with spaces around it) and
#: names with digits (W1, h1).
VARIABLES = (
    B.scalar("alpha"), B.scalar("beta"), B.scalar("s"), B.scalar("loss"),
    B.vector("a", N), B.vector("b", N), B.vector("x", N), B.vector("theta", N),
    B.vector("c", M), B.vector("y", M), B.vector("h1", M),
    B.matrix("A", N), B.matrix("X", N), B.matrix("S", N, symmetric=True),
    B.matrix("P", N, spd=True), B.matrix("Sigma", N, spd=True),
    B.matrix("Q", M, spd=True), B.matrix("D", M, diagonal=True),
    B.matrix("B", N, M), B.matrix("W1", N, M), B.matrix("C", M, N),
)

NUMBERS = tuple(map(Fraction, ("2", "3", "1/2", "1/3", "-1", "-2", "5/2", "3/4")))
POSITIVE_NUMBERS = tuple(v for v in NUMBERS if v > 0)
EXPONENTS = tuple(map(Fraction, ("2", "3", "-1", "-2", "1/2", "1/3", "-1/2")))
FUNCS_ANY = ("exp", "sin", "cos", "tanh", "sigmoid", "softplus", "arctan", "expm1", "relu",
             "step", "sign")
FUNCS_POSITIVE = ("log", "sqrt", "abs")
FUNCS_BOUNDED = ("arcsin", "arccos", "tan", "log1p")    # arguments in (−½, ½) when smooth
FUNCS_OF_A_LEAF = ("exp", "expm1")                      # when smooth (overflow)

SHAPES = ((ONE, ONE), (N, ONE), (M, ONE), (ONE, N), (N, N), (M, M), (N, M), (M, N),
          (NM, ONE), (NM, NM))
WEIGHTS = (4, 3, 2, 1, 4, 2, 3, 2, 1, 1)


def declaration(v: Var) -> str:
    """The declaration string matcalc.language.parse takes for `v`: "scalar", "vector(n)",
    "matrix(n, m)", "matrix(n) spd symmetric invertible"."""
    r, c = v.shape
    if r == ONE and c == ONE:
        kind = "scalar"
    elif c == ONE:
        kind = f"vector({r})"
    elif r == c:
        kind = f"matrix({r})"
    else:
        kind = f"matrix({r}, {c})"
    return " ".join([kind, *sorted(v.props)])


def declarations(e) -> dict:
    """name → declaration for every variable of `e` (keyword arguments for parse)."""
    return {v.name: declaration(v) for v in e.free_symbols}


def expressions(max_depth: int = 6, smooth: bool = False) -> st.SearchStrategy:
    """Expressions of any shape (scalars, vectors, covectors, matrices, n·m-sized)."""
    shapes = [s for s, w in zip(SHAPES, WEIGHTS) for _ in range(w)]
    return st.sampled_from(shapes).flatmap(lambda s: expr_of_shape(s, max_depth, smooth))


def expr_of_shape(shape, max_depth: int = 6, smooth: bool = False) -> st.SearchStrategy:
    """Expressions of the shape (rows, cols); dims as sympy expressions, "n", "m" or 1."""
    r, c = (as_dim(d) for d in shape)
    return _expr(r, c, max_depth, smooth)


# ====================================================================================
# Generation
# ====================================================================================

def _vars(r, c, where=lambda v: True):
    return [v for v in VARIABLES if v.shape == (r, c) and where(v)]


def _splits(d):
    """(d1, d2) with d1·d2 = d, for the operands of a Kronecker product."""
    if d == ONE:
        return [(ONE, ONE)]
    if d in BASE:
        return [(d, ONE), (ONE, d)]
    return list(dict.fromkeys((p, q) for p in BASE for q in BASE if p * q == d))


def _inner(r, c):
    """Inner dimensions for a product giving r×c."""
    dims = list(BASE) + [d for d in (r, c) if d in COMPOUND]
    if not (r == ONE and c == ONE):
        dims.append(ONE)
    return list(dict.fromkeys(dims))


def _compound_shape(r, c) -> bool:
    return r in COMPOUND or c in COMPOUND


@st.composite
def _leaf(draw, r, c, smooth):
    """A variable (mostly) or a constant; for n·m-sized shapes, which no variable or
    constant of the language has, vec(X), K_mn, or a Kronecker product of leaves."""
    if _compound_shape(r, c):
        options = ["kron", "constant"]
        if c == ONE and r in COMPOUND:
            options.append("vec")
        if r == c and r in COMPOUND:
            options.append("commutation")
        kind = draw(st.sampled_from(options))
        if kind == "vec":
            return B.vec(draw(st.sampled_from(_vars(*draw(st.sampled_from(_splits(r))))
                                              or [B.ones(*_splits(r)[0])])))
        if kind == "commutation":
            return B.commutation(*draw(st.sampled_from(_splits(r))))
        if kind == "constant":                  # I(n*m), ones(n^2, m), zeros(m*n)
            return draw(_constant(r, c, smooth))
        (r1, r2), (c1, c2) = draw(st.sampled_from(_splits(r))), draw(st.sampled_from(_splits(c)))
        return B.kron(draw(_leaf(r1, c1, smooth)), draw(_leaf(r2, c2, smooth)))
    variables = _vars(r, c)
    if variables and draw(st.integers(0, 9)) < 7:
        return draw(st.sampled_from(variables))
    if r == c == ONE:
        return B.num(draw(st.sampled_from(NUMBERS)))
    return draw(_constant(r, c, smooth))


@st.composite
def _constant(draw, r, c, smooth):
    """ones, zeros (not in smooth mode) or the identity, of any size."""
    options = ["ones"] + ([] if smooth else ["zeros"]) + (["eye"] if r == c else [])
    kind = draw(st.sampled_from(options))
    return {"ones": B.ones, "zeros": B.zeros}[kind](r, c) if kind != "eye" else B.eye(r)


def _ops(r, c):
    """The operators that can produce an r×c expression."""
    square, scalar = r == c, r == c == ONE
    ops = ["add", "sub", "neg", "scale", "matmul", "transpose", "hadamard", "hadamard_div",
           "divide", "func", "power"]
    if square and not scalar:
        ops += ["inv", "matrix_power"]
    if scalar:
        ops += ["tr", "det", "logdet", "sum", "norm2", "frob", "norm1", "inv"]
    if r in BASE and (c in BASE or c == ONE):
        ops.append("softmax")
    if r == ONE and (c in BASE or c == ONE):
        ops.append("logsumexp")
    if c == ONE and r in BASE:
        ops.append("diag_part")
    if square and r in BASE:
        ops.append("diag")
    if c == ONE and r in COMPOUND:
        ops.append("vec")
    if r in BASE and c in BASE:
        ops.append("unvec")
    if _compound_shape(r, c):
        ops.append("kron")
    return ops


def _expr(r, c, depth, smooth):
    return _leaf(r, c, smooth) if depth <= 0 else _node(r, c, depth, smooth)


@st.composite
def _node(draw, r, c, depth, smooth):
    """A leaf one time in three, otherwise an operator producing r×c."""
    op = draw(st.sampled_from(("leaf", "op", "op")))
    if op == "leaf":
        return draw(_leaf(r, c, smooth))
    op = draw(st.sampled_from(_ops(r, c)))
    return _OPS[op](draw, r, c, depth - 1, smooth)


def _e(draw, r, c, depth, smooth):
    return draw(_expr(r, c, depth, smooth))


def _pos(draw, r, c, depth, smooth):
    """Positive entries (smooth mode), anything otherwise."""
    return draw(_positive(r, c, depth)) if smooth else _e(draw, r, c, depth, smooth)


def _wc(draw, r, depth, smooth):
    """Invertible with a positive determinant (smooth mode), any square otherwise."""
    return draw(_well_conditioned(r, depth)) if smooth else _e(draw, r, r, depth, smooth)


def _nonzero(e):
    """Numbers fold (2 - 2 is 0): never divide by or invert the number 0."""
    return B.num(1) if isinstance(e, Num) and e.value == 0 else e


def _number(draw, smooth):
    return B.num(draw(st.sampled_from(POSITIVE_NUMBERS if smooth else NUMBERS)))


def _kron(draw, r, c, d, s):
    (r1, r2), (c1, c2) = draw(st.sampled_from(_splits(r))), draw(st.sampled_from(_splits(c)))
    return B.kron(_e(draw, r1, c1, d, s), _e(draw, r2, c2, d, s))


def _shallow(d, s):
    """In smooth mode, powers and exponentials of small operands only (no towers)."""
    return min(d, 1) if s else d


def _matrix_power(draw, r, c, d, s):
    k = draw(st.sampled_from((2, 3, -1, -2)))
    d = _shallow(d, s)
    base = _wc(draw, r, d, s) if k < 0 else _e(draw, r, r, d, s)
    return B.matrix_power(base, k)


def _func(draw, r, c, d, s):
    name = draw(st.sampled_from(FUNCS_ANY + FUNCS_POSITIVE + FUNCS_BOUNDED))
    f = B.FUNCTION_BUILDERS[name]
    if name in FUNCS_POSITIVE:
        return f(_pos(draw, r, c, d, s))
    if name in FUNCS_BOUNDED and s:
        if name == "log1p" and draw(st.booleans()):
            return f(_pos(draw, r, c, d, s))
        return f(B.scale(B.num(Fraction(1, 2)), B.tanh(_e(draw, r, c, d, s))))
    depth = 0 if s and name in FUNCS_OF_A_LEAF else d
    return f(_e(draw, r, c, depth, s))


def _power(draw, r, c, d, s):
    d = _shallow(d, s)
    scalars = _vars(ONE, ONE)
    if scalars and draw(st.integers(0, 4)) == 0:          # a symbolic exponent: x.^α, aᵇ
        return B.power(_pos(draw, r, c, d, s), draw(st.sampled_from(scalars)))
    p = draw(st.sampled_from(EXPONENTS))
    base = _pos(draw, r, c, d, s) if p < 0 or p.denominator != 1 else _e(draw, r, c, d, s)
    return B.power(base, p)


def _unvec(draw, r, c, d, s):
    return Unvec(_e(draw, r * c, ONE, d, s), r, c)          # build has no unvec()


def _square_scalar(draw, d, s, fn):
    k = draw(st.sampled_from(BASE))
    return fn(_e(draw, k, k, d, s))


def _any_scalar(draw, d, s, fn, cols=BASE, positive=False):
    k, l = draw(st.sampled_from(BASE)), draw(st.sampled_from(cols))
    return fn(_pos(draw, k, l, d, s) if positive else _e(draw, k, l, d, s))


_OPS = {
    "add": lambda dr, r, c, d, s: B.add(_e(dr, r, c, d, s), _e(dr, r, c, d, s)),
    "sub": lambda dr, r, c, d, s: B.sub(_e(dr, r, c, d, s), _e(dr, r, c, d, s)),
    "neg": lambda dr, r, c, d, s: B.neg(_e(dr, r, c, d, s)),
    "scale": lambda dr, r, c, d, s: B.scale(
        dr(st.one_of(st.just(None), _expr(ONE, ONE, d, s))) or _number(dr, s),
        _e(dr, r, c, d, s)),
    "matmul": lambda dr, r, c, d, s: (lambda k: B.matmul(_e(dr, r, k, d, s), _e(dr, k, c, d, s)))(
        dr(st.sampled_from(_inner(r, c)))),
    "transpose": lambda dr, r, c, d, s: B.transpose(_e(dr, c, r, d, s)),
    "hadamard": lambda dr, r, c, d, s: B.hadamard(_e(dr, r, c, d, s), _e(dr, r, c, d, s)),
    "hadamard_div": lambda dr, r, c, d, s: B.hadamard_div(_e(dr, r, c, d, s),
                                                          _pos(dr, r, c, d, s)),
    "divide": lambda dr, r, c, d, s: B.divide(_e(dr, r, c, d, s),
                                              _nonzero(_pos(dr, ONE, ONE, d, s))),
    "func": _func,
    "power": _power,
    "inv": lambda dr, r, c, d, s: B.inv(_nonzero(_wc(dr, r, d, s))),
    "matrix_power": _matrix_power,
    "tr": lambda dr, r, c, d, s: _square_scalar(dr, d, s, B.tr),
    "det": lambda dr, r, c, d, s: (B.det(_wc(dr, dr(st.sampled_from(BASE)), _shallow(d, s), s))
                                   if s else _square_scalar(dr, d, s, B.det)),
    "logdet": lambda dr, r, c, d, s: B.logdet(_wc(dr, dr(st.sampled_from(BASE)), d, s)),
    "sum": lambda dr, r, c, d, s: _any_scalar(dr, d, s, B.sum_, BASE + (ONE,)),
    "norm2": lambda dr, r, c, d, s: _any_scalar(dr, d, s, B.norm2, (ONE,), positive=True),
    "frob": lambda dr, r, c, d, s: _any_scalar(dr, d, s, B.frob, positive=True),
    "norm1": lambda dr, r, c, d, s: _any_scalar(dr, d, s, B.norm1, positive=True),
    "diag_part": lambda dr, r, c, d, s: B.diag(_e(dr, r, r, d, s)),
    "diag": lambda dr, r, c, d, s: B.diag(_e(dr, r, ONE, d, s)),
    "vec": lambda dr, r, c, d, s: B.vec(_e(dr, *dr(st.sampled_from(_splits(r))), d, s)),
    "unvec": _unvec,
    "kron": _kron,
    "softmax": lambda dr, r, c, d, s: B.softmax(_e(dr, r, c, d, s)),
    "logsumexp": lambda dr, r, c, d, s: B.logsumexp(_e(dr, dr(st.sampled_from(BASE)), c, d, s)),
}


# ====================================================================================
# Positive and well-conditioned constructions (smooth mode)
# ====================================================================================

def _entrywise_positive(v: Var) -> bool:
    return not ({"spd", "diagonal"} & v.props)


@st.composite
def _positive(draw, r, c, depth):
    """Entries positive at the sample points."""
    if _compound_shape(r, c):
        (r1, r2), (c1, c2) = draw(st.sampled_from(_splits(r))), draw(st.sampled_from(_splits(c)))
        return B.kron(draw(_positive(r1, c1, depth - 1)), draw(_positive(r2, c2, depth - 1)))
    options = [("var", v) for v in _vars(r, c, _entrywise_positive)]
    options += [("num", None)] if r == c == ONE else [("ones", None)]
    if depth > 0:
        options += [("exp", None), ("sigmoid", None), ("softplus", None), ("add", None),
                    ("hadamard", None), ("scale", None)]
    kind, val = draw(st.sampled_from(options))
    d = depth - 1
    if kind == "var":
        return val
    if kind == "num":
        return _number(draw, True)
    if kind == "ones":
        return B.ones(r, c)
    if kind in ("exp", "sigmoid", "softplus"):
        return getattr(B, kind)(_e(draw, r, c, 0 if kind == "exp" else d, True))
    if kind == "scale":
        return B.scale(_number(draw, True), draw(_positive(r, c, d)))
    op = B.add if kind == "add" else B.hadamard
    return op(draw(_positive(r, c, d)), draw(_positive(r, c, d)))


@st.composite
def _well_conditioned(draw, r, depth):
    """Square r×r, invertible with a positive determinant at the sample points."""
    if r == ONE:
        return draw(_positive(ONE, ONE, depth))
    if r in COMPOUND:
        return draw(_spd(r, depth))
    options = [("var", v) for v in _vars(r, r)] + [("eye", None)]
    if depth > 0:
        options += [("gram", None), ("add", None), ("scale", None), ("inv", None)]
    kind, val = draw(st.sampled_from(options))
    d = depth - 1
    if kind == "var":
        return val
    if kind == "eye":
        return B.eye(r)
    if kind == "gram":                                         # MᵀM + I
        k = draw(st.sampled_from(BASE))
        m = _e(draw, k, r, d, True)
        return B.add(B.matmul(B.transpose(m), m), B.eye(r))
    if kind == "scale":
        return B.scale(_number(draw, True), draw(_spd(r, d)))
    if kind == "inv":
        return B.inv(draw(_spd(r, d)))
    return B.add(draw(_spd(r, d)), draw(_spd(r, d)))


@st.composite
def _spd(draw, r, depth):
    """Symmetric positive definite r×r."""
    if r in COMPOUND:                                          # P ⊗ Q
        p, q = draw(st.sampled_from(_splits(r)))
        return B.kron(draw(_spd(p, depth - 1)), draw(_spd(q, depth - 1)))
    options = [v for v in _vars(r, r, lambda v: "spd" in v.props or "diagonal" in v.props)]
    choice = draw(st.sampled_from(options + [B.eye(r)] + (["gram"] if depth > 0 else [])))
    if not isinstance(choice, str):
        return choice
    k = draw(st.sampled_from(BASE))
    m = _e(draw, k, r, depth - 1, True)
    return B.add(B.matmul(B.transpose(m), m), B.eye(r))
