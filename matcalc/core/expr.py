"""The expression tree: immutable, hashable nodes whose shape is checked when they are built.

Nodes are data. They know their children and their shape, nothing else: differentiation,
simplification and printing live in their own modules and dispatch on the node type.
Operators (`@`, `*`, `.T`, ...) are attached by `build.py`, and `str()` by `printing`.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction

from .errors import ShapeError
from .shapes import ONE, Dim, Shape, is_one, is_scalar_shape, kind_of, shape_str

PROPERTIES = ("symmetric", "spd", "diagonal", "invertible")
# what each property implies
_IMPLIED = {
    "spd": {"symmetric", "invertible"},
    "diagonal": {"symmetric"},
}

# Elementwise functions of the language (applied entry by entry; on a 1×1 argument they are
# the ordinary scalar functions). Their derivatives come from sympy (diff/scalar_calculus.py).
FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "softplus", "sqrt", "abs")


class Expr:
    """Base of every node. `shape` is set on construction; equality is structural."""

    __slots__ = ()
    shape: Shape

    def __post_init__(self):
        object.__setattr__(self, "shape", self._check())

    # -- structure -------------------------------------------------------------------
    _fields: tuple = ()          # field names, set once per class by @node

    def _key(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    @property
    def children(self) -> tuple:
        """The sub-expressions, in field order (computed once per node)."""
        kids = self.__dict__.get("_children")
        if kids is None:
            out = []
            for v in self._key():
                if isinstance(v, Expr):
                    out.append(v)
                elif isinstance(v, tuple) and v and isinstance(v[0], Expr):
                    out.extend(v)
            kids = tuple(out)
            object.__setattr__(self, "_children", kids)
        return kids

    # -- shape -----------------------------------------------------------------------
    @property
    def rows(self) -> Dim:
        return self.shape[0]

    @property
    def cols(self) -> Dim:
        return self.shape[1]

    @property
    def kind(self) -> str:
        """'scalar' | 'vector' | 'covector' | 'matrix'."""
        return kind_of(self.shape)

    @property
    def is_scalar(self) -> bool:
        return is_scalar_shape(self.shape)

    @property
    def free_symbols(self) -> frozenset:
        """The variables (Var leaves) the expression mentions."""
        return variables(self)


def _cached_hash(self) -> int:
    h = self.__dict__.get("_hash")
    if h is None:
        h = hash((type(self).__name__,) + self._key())
        object.__setattr__(self, "_hash", h)
    return h


def _structural_eq(self, other) -> bool:
    if self is other:
        return True
    if other.__class__ is not self.__class__ or hash(self) != hash(other):
        return False
    return self._key() == other._key()


def node(cls):
    """Make `cls` a frozen dataclass node with a cached hash and its shape checked."""
    cls = dataclass(frozen=True, eq=False, repr=True)(cls)
    cls._fields = tuple(f.name for f in fields(cls))
    cls.__hash__ = _cached_hash
    cls.__eq__ = _structural_eq
    cls.__ne__ = lambda a, b: not _structural_eq(a, b)
    return cls


def _d(e: Expr) -> str:
    """A short description of an operand for error messages: `X (n×m)`."""
    return f"{e} ({shape_str(e.shape)})"


def _need_square(op: str, e: Expr) -> None:
    if e.shape[0] != e.shape[1]:
        raise ShapeError(f"cannot take the {op} of {_d(e)}: it is not square")


def _need_same(op: str, a: Expr, b: Expr) -> None:
    if a.shape != b.shape:
        raise ShapeError(
            f"cannot {op} {_d(a)} and {_d(b)}: the shapes differ"
        )


# ====================================================================================
# Leaves
# ====================================================================================

@node
class Var(Expr):
    """A variable: a name, a shape, and properties (symmetric, spd, diagonal, invertible)."""
    name: str
    nrows: Dim
    ncols: Dim
    props: frozenset = frozenset()

    def _check(self):
        props = set(self.props)
        unknown = props - set(PROPERTIES)
        if unknown:
            raise ShapeError(f"unknown property {sorted(unknown)[0]!r} for {self.name}; "
                             f"known: {', '.join(PROPERTIES)}")
        for p in list(props):
            props |= _IMPLIED.get(p, set())
        if props and self.nrows != self.ncols:
            raise ShapeError(f"{self.name} ({shape_str((self.nrows, self.ncols))}) cannot be "
                             f"{' and '.join(sorted(props))}: it is not square")
        object.__setattr__(self, "props", frozenset(props))
        return (self.nrows, self.ncols)

    @property
    def symmetric(self) -> bool:
        return "symmetric" in self.props


@node
class Delta(Expr):
    """The differential dX of a variable X: the placeholder a differential is linear in."""
    var: Var

    def _check(self):
        return self.var.shape


@node
class Num(Expr):
    """A rational number (a 1×1 constant)."""
    value: Fraction

    def _check(self):
        if not isinstance(self.value, Fraction):
            object.__setattr__(self, "value", Fraction(self.value))
        return (ONE, ONE)


@node
class Zero(Expr):
    """The zero matrix of a shape."""
    nrows: Dim
    ncols: Dim

    def _check(self):
        return (self.nrows, self.ncols)


@node
class Identity(Expr):
    """The n×n identity matrix I."""
    n: Dim

    def _check(self):
        return (self.n, self.n)


@node
class Ones(Expr):
    """The matrix of ones (1 for a vector)."""
    nrows: Dim
    ncols: Dim

    def _check(self):
        return (self.nrows, self.ncols)


@node
class Commutation(Expr):
    """The commutation matrix K_{mn} (mn×mn): vec(Aᵀ) = K_{mn} vec(A) for A of shape m×n."""
    m: Dim
    n: Dim

    def _check(self):
        return (self.m * self.n, self.m * self.n)


LEAVES = (Var, Delta, Num, Zero, Identity, Ones, Commutation)


# ====================================================================================
# Inner nodes
# ====================================================================================

@node
class Add(Expr):
    """A sum of two or more terms of one shape."""
    terms: tuple

    def _check(self):
        if len(self.terms) < 2:
            raise ShapeError("a sum needs at least two terms")
        first = self.terms[0]
        for t in self.terms[1:]:
            if t.shape != first.shape:
                raise ShapeError(f"cannot add {_d(first)} and {_d(t)}: the shapes differ")
        return first.shape


@node
class MatMul(Expr):
    """A matrix product of two or more factors whose inner dimensions agree."""
    factors: tuple

    def _check(self):
        if len(self.factors) < 2:
            raise ShapeError("a product needs at least two factors")
        left = self.factors[0].shape
        for i, f in enumerate(self.factors[1:], start=1):
            if left[1] != f.shape[0]:
                lhs = self.factors[0] if i == 1 else MatMul(self.factors[:i])
                raise ShapeError(
                    f"cannot multiply {_d(lhs)} by {_d(f)}: "
                    f"inner dimensions {left[1]} and {f.shape[0]} differ"
                )
            left = (left[0], f.shape[1])
        return (self.factors[0].shape[0], self.factors[-1].shape[1])


@node
class Scale(Expr):
    """A scalar multiple c·A; `coeff` is any 1×1 expression."""
    coeff: Expr
    arg: Expr

    def _check(self):
        if not self.coeff.is_scalar:
            raise ShapeError(f"cannot scale by {_d(self.coeff)}: a factor of a scalar "
                             "multiple must be 1×1")
        return self.arg.shape


@node
class Transpose(Expr):
    """Aᵀ."""
    arg: Expr

    def _check(self):
        return (self.arg.shape[1], self.arg.shape[0])


@node
class Inverse(Expr):
    """A⁻¹ of a square matrix."""
    arg: Expr

    def _check(self):
        _need_square("inverse", self.arg)
        return self.arg.shape


@node
class Trace(Expr):
    """tr(A) of a square matrix."""
    arg: Expr

    def _check(self):
        _need_square("trace", self.arg)
        return (ONE, ONE)


@node
class Det(Expr):
    """det(A) of a square matrix."""
    arg: Expr

    def _check(self):
        _need_square("determinant", self.arg)
        return (ONE, ONE)


@node
class LogDet(Expr):
    """log det(A) of a square matrix (with a positive determinant)."""
    arg: Expr

    def _check(self):
        _need_square("log-determinant", self.arg)
        return (ONE, ONE)


@node
class Hadamard(Expr):
    """The elementwise product A ∘ B ∘ ... of equal shapes."""
    factors: tuple

    def _check(self):
        if len(self.factors) < 2:
            raise ShapeError("an elementwise product needs at least two factors")
        for f in self.factors[1:]:
            if f.shape != self.factors[0].shape:
                raise ShapeError(f"cannot take the elementwise product of "
                                 f"{_d(self.factors[0])} and {_d(f)}: the shapes differ")
        return self.factors[0].shape


@node
class HadamardDiv(Expr):
    """The elementwise quotient A ./ B of equal shapes."""
    num: Expr
    den: Expr

    def _check(self):
        if self.num.shape != self.den.shape:
            raise ShapeError(f"cannot divide {_d(self.num)} elementwise by {_d(self.den)}: "
                             "the shapes differ")
        return self.num.shape


@node
class Kron(Expr):
    """The Kronecker product A ⊗ B."""
    left: Expr
    right: Expr

    def _check(self):
        (a, b), (c, d) = self.left.shape, self.right.shape
        return (a * c, b * d)


@node
class MatPow(Expr):
    """The integer matrix power Aᵏ, k ≥ 2, of a square matrix."""
    arg: Expr
    k: int

    def _check(self):
        _need_square("matrix power", self.arg)
        if not isinstance(self.k, int) or self.k < 2:
            raise ShapeError(f"a matrix power needs an integer exponent ≥ 2, not {self.k}")
        return self.arg.shape


@node
class Func(Expr):
    """An elementwise function (exp, log, ...); on a 1×1 argument, the scalar function."""
    name: str
    arg: Expr

    def _check(self):
        if self.name not in FUNCTIONS:
            raise ShapeError(f"unknown elementwise function {self.name!r}")
        return self.arg.shape


@node
class Power(Expr):
    """The elementwise power A.^p by a rational p; on a 1×1 argument, the scalar power."""
    arg: Expr
    exponent: Fraction

    def _check(self):
        if not isinstance(self.exponent, Fraction):
            object.__setattr__(self, "exponent", Fraction(self.exponent))
        return self.arg.shape


@node
class Diag(Expr):
    """diag(v): the diagonal matrix whose diagonal is the vector v."""
    arg: Expr

    def _check(self):
        if not is_one(self.arg.shape[1]):
            raise ShapeError(f"diag of {_d(self.arg)}: expected a vector (n×1)")
        return (self.arg.shape[0], self.arg.shape[0])


@node
class DiagPart(Expr):
    """diag(A): the vector of the diagonal of a square matrix."""
    arg: Expr

    def _check(self):
        _need_square("diagonal", self.arg)
        return (self.arg.shape[0], ONE)


@node
class Vec(Expr):
    """vec(A): the columns of A stacked into one vector."""
    arg: Expr

    def _check(self):
        return (self.arg.shape[0] * self.arg.shape[1], ONE)


@node
class Unvec(Expr):
    """The inverse of vec: a vector of length rows·cols laid out column by column."""
    arg: Expr
    nrows: Dim
    ncols: Dim

    def _check(self):
        if self.arg.shape != (self.nrows * self.ncols, ONE):
            raise ShapeError(f"cannot reshape {_d(self.arg)} into "
                             f"{shape_str((self.nrows, self.ncols))}")
        return (self.nrows, self.ncols)


@node
class SumEntries(Expr):
    """sum(A): the sum of all entries."""
    arg: Expr

    def _check(self):
        return (ONE, ONE)


@node
class Norm2(Expr):
    """‖x‖₂, the Euclidean norm of a vector (or covector)."""
    arg: Expr

    def _check(self):
        if not (is_one(self.arg.shape[0]) or is_one(self.arg.shape[1])):
            raise ShapeError(f"norm2 of {_d(self.arg)}: expected a vector; "
                             "use frob for the Frobenius norm of a matrix")
        return (ONE, ONE)


@node
class Frob(Expr):
    """‖A‖_F, the Frobenius norm."""
    arg: Expr

    def _check(self):
        return (ONE, ONE)


@node
class Norm1(Expr):
    """‖A‖₁ as the sum of absolute values of the entries."""
    arg: Expr

    def _check(self):
        return (ONE, ONE)


UNARY = (Transpose, Inverse, Trace, Det, LogDet, Diag, DiagPart, Vec, SumEntries,
         Norm2, Frob, Norm1)


# ====================================================================================
# Generic traversal
# ====================================================================================

def rebuild(e: Expr, children: tuple) -> Expr:
    """A node of the same type and parameters as `e`, with new children (in order)."""
    it = iter(children)
    values = []
    for name in e._fields:
        v = getattr(e, name)
        if isinstance(v, Expr):
            values.append(next(it))
        elif isinstance(v, tuple) and v and isinstance(v[0], Expr):
            values.append(tuple(next(it) for _ in v))
        else:
            values.append(v)
    return type(e)(*values)


def map_children(fn, e: Expr) -> Expr:
    """Apply `fn` to each child; return `e` itself when nothing changed."""
    kids = e.children
    if not kids:
        return e
    new = tuple(fn(k) for k in kids)
    if all(a is b for a, b in zip(new, kids)):
        return e
    return rebuild(e, new)


def walk(e: Expr):
    """Every node of the tree, parents before children (shared subtrees once)."""
    seen = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        yield x
        stack.extend(reversed(x.children))


def postorder(e: Expr) -> list:
    """Every node once, each after all of its children (a topological order of the DAG)."""
    out, done = [], set()
    stack = [(e, False)]
    while stack:
        x, expanded = stack.pop()
        if x in done:
            continue
        if expanded:
            done.add(x)
            out.append(x)
            continue
        stack.append((x, True))
        stack.extend((c, False) for c in reversed(x.children) if c not in done)
    return out


def substitute(e: Expr, old: Expr, new: Expr) -> Expr:
    """`e` with every occurrence of `old` replaced by `new` (memoised over the DAG)."""
    memo: dict = {}

    def go(x):
        if x == old:
            return new
        if x not in memo:
            memo[x] = map_children(go, x)
        return memo[x]
    return go(e)


def variables(e: Expr) -> frozenset:
    """The Var leaves of `e`."""
    return frozenset(x for x in walk(e) if isinstance(x, Var))


def contains(e: Expr, target: Expr) -> bool:
    """Does `target` occur in `e`?"""
    return any(x == target for x in walk(e))


def size(e: Expr) -> int:
    """The number of nodes, counting shared subtrees each time they occur."""
    count, stack = 0, [e]
    while stack:
        x = stack.pop()
        count += 1
        stack.extend(x.children)
    return count
