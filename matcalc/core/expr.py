"""The expression tree: immutable, hashable nodes whose shape is checked when they are built.

Nodes are data. They know their children and their shape, nothing else: differentiation,
simplification and printing live in their own modules and dispatch on the node type.
Operators (`@`, `*`, `.T`, ...) are attached by `build.py`, and `str()` by `printing`.
A node's shape check (`_check`) is its operator's shape rule, installed from the spec by
`core/operators` (imported by `core/__init__.py`); only Var and Num check themselves, since
they also normalise their fields.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from operator import attrgetter

from .errors import ShapeError
from .shapes import ONE, Dim, Shape, kind_of, shape_str

PROPERTIES = ("symmetric", "spd", "diagonal", "invertible")
# what each property implies
_IMPLIED = {
    "spd": {"symmetric", "invertible"},
    "diagonal": {"symmetric"},
}

class Expr:
    """Base of every node. `shape` is set on construction; equality is structural."""

    __slots__ = ()
    shape: Shape
    # per-node caches, set once on the instance (these class defaults say "not yet"): read
    # as plain attributes, the fastest lookup Python has, since hashing and the children
    # are asked for on every memo lookup
    _hash = None
    _children = None
    _same = None            # an equal node found earlier (_structural_eq)

    def __post_init__(self):
        object.__setattr__(self, "shape", self._check())

    def _check(self):
        """The node's shape, checked: installed from its operator's spec (core/operators)."""
        raise NotImplementedError(f"{type(self).__name__} has no operator spec")

    # -- structure -------------------------------------------------------------------
    _fields: tuple = ()          # field names, set once per class by @node
    _roles: tuple = ()           # per field: _PARAM, _CHILD or _CHILDREN (set by @node)

    def _key(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    @property
    def children(self) -> tuple:
        """The sub-expressions, in field order (computed once per node)."""
        kids = self._children
        if kids is None:
            kids = self._children_of(self)
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
        r, c = self.shape               # interned dimensions: 1 is ONE (else compare)
        return (r is ONE or (r.__class__ is not Dim and r == ONE)) and \
            (c is ONE or (c.__class__ is not Dim and c == ONE))

    @property
    def free_symbols(self) -> frozenset:
        """The variables (Var leaves) the expression mentions."""
        return variables(self)


_MISSING = object()


def kept_on_node(fn):
    """`fn(e)` computed once per node and kept on it (nodes are immutable, so a property of
    one never changes): for the keys, sizes and costs the simplifier asks for again and
    again. The value lives in the node's __dict__ under a name of the function's own."""
    attr = f"_{fn.__module__.rsplit('.', 1)[-1]}_{fn.__name__}"

    def cached(e):
        value = e.__dict__.get(attr, _MISSING)     # (a miss is as cheap as a hit: the
        if value is _MISSING:                        # fresh nodes of a request all miss)
            value = fn(e)
            object.__setattr__(e, attr, value)
        return value
    cached.__name__, cached.__doc__, cached.__wrapped__ = fn.__name__, fn.__doc__, fn
    return cached


def _cached_hash(self) -> int:
    """The structural hash, computed once per node, children first without recursion (an
    expression of any depth the API can build hashes without a RecursionError)."""
    h = self._hash
    if h is None:
        for c in self.children:
            if c._hash is None:
                break
        else:                           # children hashed (a node built from others)
            h = hash((type(self).__name__,) + self._key())
            object.__setattr__(self, "_hash", h)
            return h
        stack = [self]
        while stack:
            x = stack[-1]
            pending = [c for c in x.children if c._hash is None]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if x._hash is None:
                object.__setattr__(x, "_hash", hash((type(x).__name__,) + x._key()))
        h = self._hash
    return h


def _structural_eq(self, other) -> bool:
    """Structural equality, pair by pair on an explicit stack (no recursion). Two nodes
    found equal remember it (each pair's second node keeps the first's representative under
    `_same`), so comparing equal trees built apart, which the simplifier's memo does again
    and again, walks them once."""
    if self is other:
        return True
    if other.__class__ is not self.__class__:       # the usual answer, without the walk
        return False
    ha, hb = self._hash, other._hash
    if ha is not None and hb is not None and ha != hb:
        return False
    stack = [(self, other)]
    equal_pairs = []
    while stack:
        a, b = stack.pop()
        if a is b:
            continue
        if b.__class__ is not a.__class__ or \
                (a._hash or hash(a)) != (b._hash or hash(b)):
            return False
        ra, rb = a._same, b._same
        if (a if ra is None else ra) is (b if rb is None else rb):
            continue
        equal_pairs.append((a, b))
        for va, vb in zip(a._key(), b._key()):
            if isinstance(va, Expr):
                stack.append((va, vb))
            elif isinstance(va, tuple) and va and isinstance(va[0], Expr):
                if not isinstance(vb, tuple) or len(va) != len(vb):
                    return False
                stack.extend(zip(va, vb))
            elif va != vb:
                return False
    for a, b in equal_pairs:
        object.__setattr__(b, "_same", a if a._same is None else a._same)
    return True


# what a node's field holds, read once per class from its annotation
_PARAM, _CHILD, _CHILDREN = 0, 1, 2     # a parameter, one sub-expression, a tuple of them


def _role(annotation) -> int:
    name = getattr(annotation, "__name__", annotation)
    if name in ("Expr", "Var"):
        return _CHILD
    return _CHILDREN if name == "tuple" else _PARAM


def _children_reader(names: tuple, roles: tuple):
    """The function giving a node's children from its fields, specialised to the class's
    layout (the common ones read without a loop)."""
    kids = [(n, r) for n, r in zip(names, roles) if r != _PARAM]
    if not kids:
        return lambda e: ()
    if len(kids) == 1:
        get = attrgetter(kids[0][0])
        if kids[0][1] == _CHILDREN:
            return get                          # the tuple of terms or factors itself
        return lambda e: (get(e),)
    if all(r == _CHILD for _, r in kids):
        get = attrgetter(*(n for n, _ in kids))
        return get                              # attrgetter of several names: a tuple

    def read(e):
        out = []
        for n, r in kids:
            v = getattr(e, n)
            if r == _CHILD:
                out.append(v)
            else:
                out.extend(v)
        return tuple(out)
    return read


def node(cls):
    """Make `cls` a frozen dataclass node with a cached hash and its shape checked. Its
    children are read from the annotations: a field annotated `Expr` or `Var` is one child,
    one annotated `tuple` a tuple of children (terms, factors), any other a parameter."""
    cls = dataclass(frozen=True, eq=False, repr=True)(cls)
    cls._fields = tuple(f.name for f in fields(cls))
    cls._roles = tuple(_role(f.type) for f in fields(cls))
    cls._children_of = staticmethod(_children_reader(cls._fields, cls._roles))
    get = attrgetter(*cls._fields)         # the fields' values (a tuple for several)
    if len(cls._fields) == 1:
        def _key(self):
            return (get(self),)
    else:
        def _key(self):
            return get(self)
    cls._key = _key
    cls.__hash__ = _cached_hash
    cls.__eq__ = _structural_eq
    cls.__ne__ = lambda a, b: not _structural_eq(a, b)
    return cls


def _d(e: Expr) -> str:
    """A short description of an operand for error messages: `X (n×m)`."""
    return f"{e} ({shape_str(e.shape)})"


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


@node
class Identity(Expr):
    """The n×n identity matrix I."""
    n: Dim


@node
class Ones(Expr):
    """The matrix of ones (1 for a vector)."""
    nrows: Dim
    ncols: Dim


@node
class Commutation(Expr):
    """The commutation matrix K_{mn} (mn×mn): vec(Aᵀ) = K_{mn} vec(A) for A of shape m×n."""
    m: Dim
    n: Dim


LEAVES = (Var, Delta, Num, Zero, Identity, Ones, Commutation)


# ====================================================================================
# Inner nodes
# ====================================================================================

@node
class Add(Expr):
    """A sum of two or more terms of one shape."""
    terms: tuple


@node
class MatMul(Expr):
    """A matrix product of two or more factors whose inner dimensions agree."""
    factors: tuple


@node
class Scale(Expr):
    """A scalar multiple c·A; `coeff` is any 1×1 expression."""
    coeff: Expr
    arg: Expr


@node
class Transpose(Expr):
    """Aᵀ."""
    arg: Expr


@node
class Inverse(Expr):
    """A⁻¹ of a square matrix."""
    arg: Expr


@node
class Trace(Expr):
    """tr(A) of a square matrix."""
    arg: Expr


@node
class Softmax(Expr):
    """softmax(X): exp(X) normalised column by column (a vector: exp(x)/sum(exp(x)))."""
    arg: Expr


@node
class LogSumExp(Expr):
    """logsumexp(X): log Σᵢ exp(Xᵢⱼ) of each column, a row (a vector: the scalar)."""
    arg: Expr


@node
class Det(Expr):
    """det(A) of a square matrix."""
    arg: Expr


@node
class LogDet(Expr):
    """log det(A) of a square matrix (with a positive determinant)."""
    arg: Expr


@node
class Hadamard(Expr):
    """The elementwise product A ∘ B ∘ ... of equal shapes."""
    factors: tuple


@node
class HadamardDiv(Expr):
    """The elementwise quotient A ./ B of equal shapes."""
    num: Expr
    den: Expr


@node
class Kron(Expr):
    """The Kronecker product A ⊗ B."""
    left: Expr
    right: Expr


@node
class MatPow(Expr):
    """The integer matrix power Aᵏ, k ≥ 2, of a square matrix."""
    arg: Expr
    k: int


@node
class Func(Expr):
    """An elementwise function (exp, log, ...); on a 1×1 argument, the scalar function."""
    name: str
    arg: Expr


@node
class Power(Expr):
    """The elementwise power A.^p by a rational p; on a 1×1 argument, the scalar power."""
    arg: Expr
    exponent: Fraction

    def __post_init__(self):
        if not isinstance(self.exponent, Fraction):
            object.__setattr__(self, "exponent", Fraction(self.exponent))
        Expr.__post_init__(self)


@node
class SymbolicPower(Expr):
    """The elementwise power A.^p by a scalar expression p (a symbol α, or α − 1); on a 1×1
    A the scalar power aᵖ. Real where the entries of A are positive."""
    arg: Expr
    exponent: Expr


@node
class SymbolicMatPow(Expr):
    """The matrix power Xᵏ of a square matrix by a scalar expression k (a symbol)."""
    arg: Expr
    exponent: Expr


@node
class Diag(Expr):
    """diag(v): the diagonal matrix whose diagonal is the vector v."""
    arg: Expr


@node
class DiagPart(Expr):
    """diag(A): the vector of the diagonal of a square matrix."""
    arg: Expr


@node
class Vec(Expr):
    """vec(A): the columns of A stacked into one vector."""
    arg: Expr


@node
class Unvec(Expr):
    """The inverse of vec: a vector of length rows·cols laid out column by column."""
    arg: Expr
    nrows: Dim
    ncols: Dim


@node
class SumEntries(Expr):
    """sum(A): the sum of all entries."""
    arg: Expr


@node
class Norm2(Expr):
    """‖x‖₂, the Euclidean norm of a vector (or covector)."""
    arg: Expr


@node
class Frob(Expr):
    """‖A‖_F, the Frobenius norm."""
    arg: Expr


@node
class Norm1(Expr):
    """‖A‖₁ as the sum of absolute values of the entries."""
    arg: Expr


# ====================================================================================
# Generic traversal
# ====================================================================================

def rebuild(e: Expr, children: tuple) -> Expr:
    """A node of the same type and parameters as `e`, with new children (in order)."""
    roles = e._roles
    if roles == _ONE_CHILD:
        return type(e)(children[0])
    values, i = [], 0
    for name, role in zip(e._fields, roles):
        if role == _CHILD:
            values.append(children[i])
            i += 1
        elif role == _CHILDREN:
            n = len(getattr(e, name))
            values.append(tuple(children[i:i + n]))
            i += n
        else:
            values.append(getattr(e, name))
    return type(e)(*values)


_ONE_CHILD = (_CHILD,)


def map_children(fn, e: Expr) -> Expr:
    """Apply `fn` to each child; return `e` itself when nothing changed."""
    kids = e.children
    if not kids:
        return e
    new = tuple([fn(k) for k in kids])
    for a, b in zip(new, kids):
        if a is not b:
            return rebuild(e, new)
    return e


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
    return postorder_all((e,))


def postorder_all(roots) -> list:
    """Every node of the roots once (equal subtrees once), each after all of its children."""
    out, done = [], set()
    stack = [(r, False) for r in reversed(tuple(roots))]
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


def postorder_by_identity(roots, known: dict):
    """The node objects of the roots that are not keys of `known` (by id), each once, each
    after its children; compared by identity, never structurally (for memos of results
    built apart, whose equal subtrees would otherwise be compared in depth). The caller adds
    id(x) to `known` for each node it is given before asking for the next."""
    for r in roots:
        stack = [r]
        while stack:
            x = stack[-1]
            if id(x) in known:
                stack.pop()
                continue
            pending = [c for c in x.children if id(c) not in known]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            yield x


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
    """Does `target` occur in `e`? (Only nodes of its type are compared with it.)"""
    kind = target.__class__
    return any(x is target or (x.__class__ is kind and x == target) for x in walk(e))


def size(e: Expr) -> int:
    """The number of nodes, counting shared subtrees each time they occur."""
    count, stack = 0, [e]
    while stack:
        x = stack.pop()
        count += 1
        stack.extend(x.children)
    return count
