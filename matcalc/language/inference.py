"""Inference of undeclared kinds and dimensions, by unification over the parsed expression.

parse.py turns the text into a small AST of `Node`s (below). Before any expression node is
built, `infer` walks that AST once and computes an *abstract* shape for every node: a pair
of dimension terms, where a term is a concrete dimension (`n`, `3`, `1`), a `DimVar`
(an unknown, kept in a union-find), or a product of terms (the rows of `vec(X)` or of a
Kronecker product). Each operator adds the constraints the expression builder will check
(`*`: inner dimensions agree, `+`: equal shapes, `tr`: square, ...); a call (`tr`, `vec`,
`kron`, `exp`, ...) applies its operator's shape rule from core/operators through `Unifier`,
the same rule that checks concrete shapes when the node is built, so that afterwards
every undeclared variable has the most general shape that makes the expression well
shaped. `Solution.dim` then turns the terms into dimensions, naming the unknowns
n, m, k, p, q, r, d1, d2, ... in order of first appearance.

The rule for kinds: an undeclared variable's dimensions are unknowns that may never become 1.
A lowercase latin name is a vector (d×1), an uppercase one a matrix (d×e), a lowercase greek
name a scalar; bare `I` is d×d. Because no unknown can become 1, whether a node is 1×1 is
known when it is reached, so `*` decides between a scaling and a matrix product exactly as
`build.times` will. Asking an unknown to be 1 is a contradiction, raised as a
DeclarationError that names the symbol and the operation that asked.

Concrete mismatches (declared `n` against declared `m`) are not reported here: the builder
reports them with its own message about the operator and both shapes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count


from .declarations import kind_of_name
from ..core.expr import Func, Kron
from ..core.operators import CALLS, FUNCTIONS, OPERATORS
from ..core.errors import DeclarationError
from ..core.shapes import ONE, Dim, dim_symbol

# ====================================================================================
# The AST
# ====================================================================================


@dataclass(eq=False)
class Node:
    """One node of the parsed expression, before any Expr is built.

    op      what it is: 'num', 'var', 'ref' (a name an earlier statement defines), 'eye',
            'call', 'chain', 'sum', 'neg', 'post'
    args    child Nodes
    data    op-specific: the number, variable name, function name and dimension
            arguments, chain operators, sum signs, postfix operators
    pos     offset in the text of the node (for a binary step, of its operator)
    span    (start, end) offsets of the node's text, for messages
    """
    op: str
    args: tuple = ()
    data: object = None
    pos: int = 0
    span: tuple = (0, 0)
    poss: tuple = field(default=())      # chain/sum: the offset of each operator


# ====================================================================================
# Dimension terms
# ====================================================================================

_ids = count()


class DimVar:
    """An unknown dimension of an undeclared symbol; never allowed to become 1."""

    __slots__ = ("id", "owner", "role", "parent", "value", "flexible")

    def __init__(self, owner: str, role: str, flexible: bool = False):
        self.id = next(_ids)
        self.owner, self.role = owner, role      # 'x', 'length' | 'rows' | 'columns' | 'size'
        self.parent = self
        self.value = None                        # a concrete dim or a product, once bound
        # the columns of 𝟏 may be 1 (a vector) or not (a matrix): a flexible unknown is
        # the one unknown allowed to become 1, and becomes 1 when nothing else decides it
        self.flexible = flexible

    def __repr__(self):
        return f"?{self.owner}.{self.role}"


@dataclass(frozen=True)
class Prod:
    """A product of dimension terms (two or more, none of them 1)."""
    factors: tuple


def find(v: DimVar) -> DimVar:
    root = v
    while root.parent is not root:
        root = root.parent
    while v.parent is not root:
        v.parent, v = root, v.parent
    return root


def resolve(t):
    """The current value of a term: a root DimVar, a concrete dim, or a Prod."""
    while isinstance(t, DimVar):
        r = find(t)
        if r.value is None:
            return r
        t = r.value
    return t


def prod(*terms):
    """The product of terms, in order: integer factors multiplied, 1s dropped."""
    coeff, rest = ONE, []
    for t in terms:
        t = resolve(t)
        if isinstance(t, Prod):
            rest.extend(t.factors)
        elif isinstance(t, Dim) and t.is_Integer:
            coeff = coeff * t
        else:
            rest.append(t)
    if coeff != ONE:
        rest.insert(0, coeff)
    if not rest:
        return ONE
    return rest[0] if len(rest) == 1 else Prod(tuple(rest))


def is_one(t) -> bool:
    t = resolve(t)
    return not isinstance(t, (DimVar, Prod)) and t == ONE


def settle_one(t) -> bool:
    """Is the term 1? A flexible unknown (the columns of 𝟏) asked this becomes 1 here:
    whether a node is 1×1 (diag(S𝟏): of a vector or of a square matrix?) must be known when
    it is reached, and 𝟏 is a vector unless its context has already made it a matrix."""
    t = resolve(t)
    if isinstance(t, DimVar) and t.flexible:
        unify(t, ONE)
        return True
    return is_one(t)


def occurs(v: DimVar, t) -> bool:
    t = resolve(t)
    if isinstance(t, DimVar):
        return t is v
    if isinstance(t, Prod):
        return any(occurs(v, f) for f in t.factors)
    return False


class Contradiction(Exception):
    """An unknown dimension asked to be 1; carries the DimVar."""

    def __init__(self, var: DimVar):
        super().__init__(var)
        self.var = var


def unify(a, b) -> bool:
    """Make two terms equal if that is possible; False for a concrete mismatch."""
    a, b = resolve(a), resolve(b)
    if a is b:
        return True
    if isinstance(b, DimVar) and not isinstance(a, DimVar):
        a, b = b, a
    if isinstance(a, DimVar):
        if isinstance(b, DimVar):                      # the older name survives
            old, new = (a, b) if a.id < b.id else (b, a)
            new.parent = old
            old.flexible = old.flexible and new.flexible
            return True
        if not isinstance(b, Prod) and b == ONE:
            if a.flexible:
                a.value = ONE
                return True
            raise Contradiction(a)
        if occurs(a, b):
            return False
        a.value = b
        return True
    if isinstance(a, Prod) and isinstance(b, Prod) and len(a.factors) == len(b.factors):
        return all([unify(x, y) for x, y in zip(a.factors, b.factors)])
    if isinstance(a, Prod) or isinstance(b, Prod):
        return False
    return a == b


# ====================================================================================
# The inference pass
# ====================================================================================

# postfix operators, (kind, exponent, offset): kind 'T' transpose, 'invT' inverse transpose,
# 'caret' the `^` power (exponent a Fraction), 'epow' the elementwise power `.^`
MATMUL_OPS = ("*", "@", "")            # "" is juxtaposition


class Inference:
    """Abstract shapes of an AST; `variables` maps each name to its (rows, cols) terms."""

    def __init__(self, text: str, declared: dict, exponent_names=()):
        self.text = text
        self.declared = declared                 # name -> Var
        #: undeclared names that are scalars by position: in an exponent (x.^alpha, a^b),
        #: or a lowercase base raised by `^` to a symbolic exponent (the a of a^b)
        self.exponent_names = set(exponent_names)     # names read as scalars: a^b, x.^p
        self.variables: dict = {}                # name -> (rows, cols) terms, first-use order
        self.order: list = []                    # ('var', name) | ('eye', DimVar), in order
        self.defined: dict = {}                  # name -> (rows, cols): earlier statements
        self.constants: list = []                # the 'const' Nodes: vector(c), matrix(c), 𝟏

    # -- helpers -----------------------------------------------------------------------
    def _src(self, span) -> str:
        s = self.text[span[0]:span[1]].strip()
        return s if len(s) <= 40 else s[:37] + "..."

    def _unify(self, a, b, node: Node, need: str, pos=None, span=None) -> None:
        try:
            unify(a, b)
        except Contradiction as c:
            why = f"`{self._src(span or node.span)}` needs {need}"
            raise _contradiction(c.var, why, node.pos if pos is None else pos) from None

    def _same(self, s, t, node, need="operands of equal shape", pos=None, span=None):
        self._unify(s[0], t[0], node, need, pos, span)
        self._unify(s[1], t[1], node, need, pos, span)

    def _square(self, s, node, need="a square matrix"):
        self._unify(s[0], s[1], node, need)

    _is_one = staticmethod(settle_one)

    def _is_scalar(self, s) -> bool:
        return self._is_one(s[0]) and self._is_one(s[1])

    # -- leaves ------------------------------------------------------------------------
    def _lookup(self, name: str):
        if name not in self.variables:
            var = self.declared.get(name)
            if var is not None:
                shape = var.shape
            elif kind_of_name(name) == "scalar" or name in self.exponent_names:
                shape = (ONE, ONE)
            elif kind_of_name(name) == "vector":
                shape = (DimVar(name, "length"), ONE)
            else:
                shape = (DimVar(name, "rows"), DimVar(name, "columns"))
            self.variables[name] = shape
            self.order.append(("var", name))
        return self.variables[name]

    # -- the walk ----------------------------------------------------------------------
    def shape(self, node: Node):
        """The abstract (rows, cols) of `node`; records constraints on the way."""
        method = getattr(self, "_" + node.op)
        node.shape = method(node)
        return node.shape

    def _num(self, node):
        return (ONE, ONE)

    def _ref(self, node):
        """A name an earlier statement defines (`h = W*x`): that statement's shape."""
        return self.defined[node.data]

    def _var(self, node):
        return self._lookup(node.data)

    def _eye(self, node):
        if node.data is None:                     # bare I: its size is inferred
            d = DimVar("I", "size")
            node.dimvar = d
            self.order.append(("eye", d))
            return (d, d)
        d = node.data
        return (d, d)

    def _const(self, node):
        """vector(c), matrix(c), 𝟏: a constant of every entry c (1 for 𝟏) whose size comes
        from the context, like an undeclared name's; c must be 1×1. The rows are unknowns
        that are never 1; so are matrix(c)'s columns; 𝟏's columns are flexible (a vector
        unless the context makes it a matrix)."""
        kind = node.data
        if node.args:
            s = self.shape(node.args[0])
            self._same(s, (ONE, ONE), node.args[0],
                       f"a scalar: {kind}(c) is the {kind} with every entry c")
        owner = "𝟏" if kind == "ones" else f"{kind}(…)"
        rows = DimVar(owner, "rows")
        cols = (ONE if kind == "vector" else
                DimVar(owner, "columns", flexible=(kind == "ones")))
        node.terms = (rows, cols)
        self.constants.append(node)
        return node.terms

    def _call(self, node):
        """A call: its operator's shape rule (core/operators), unifying instead of checking."""
        name, dims = node.data
        shapes = [self.shape(a) for a in node.args]
        if name in FUNCTIONS:
            op, params = OPERATORS[Func], (name,)
        else:
            op, params = CALLS[name][0], ()
        rule = op.call_shape or op.shape
        return rule(Unifier(self, node, op), *params, *shapes, *dims)

    def _neg(self, node):
        return self.shape(node.args[0])

    def _sum(self, node):
        """Terms of one shape; a 1×1 term (a number, a scalar) broadcasts to the others'
        shape, as in NumPy (`1 + exp(x)`, `x - alpha`). An undeclared dimension is never 1,
        so which terms are 1×1 is known here."""
        shapes = [self.shape(term) for term in node.args]
        scalar = [self._is_scalar(s) for s in shapes]
        target = next((s for s, one in zip(shapes, scalar) if not one), shapes[0])
        for s, one, pos in zip(shapes, scalar, node.poss):
            if not one:
                self._same(target, s, node, "terms of equal shape", pos)
        return target

    def _post(self, node):
        s = self.shape(node.args[0])
        for kind, exponent, pos in node.data:
            if isinstance(exponent, Node):                      # a^b, X^k, x.^p
                self._same(self.shape(exponent), (ONE, ONE), exponent, "a scalar exponent")
                if kind == "caret" and not self._is_scalar(s):
                    self._unify(s[0], s[1], node, "a square matrix or a scalar to raise to "
                                "a power (for an elementwise power use .^)", pos)
                continue
            if kind == "T":
                s = (s[1], s[0])
            elif kind == "invT":
                self._unify(s[0], s[1], node, "a square matrix to invert", pos)
                s = (s[1], s[0])
            elif kind == "caret" and not self._is_scalar(s):
                if exponent.denominator == 1:
                    need = ("a square matrix or a scalar to raise to a power "
                            "(for an elementwise power use .^)")
                    self._unify(s[0], s[1], node, need, pos)
                else:
                    need = f"a scalar to raise to the power {exponent} (elementwise: .^)"
                    self._same(s, (ONE, ONE), node, need, pos)
        return s

    def _chain(self, node):
        acc = self.shape(node.args[0])
        for op, factor, pos in zip(node.data, node.args[1:], node.poss):
            s = self.shape(factor)
            acc = self._step(op, acc, s, node, pos, (node.span[0], factor.span[1]))
        return acc

    def _step(self, op, a, b, node, pos, span):
        a_one = self._is_scalar(a)
        b_one = self._is_scalar(b)
        if op in ("*", ""):
            if a_one:
                return b
            if b_one:
                return a
        if op in MATMUL_OPS:
            self._unify(a[1], b[0], node, "the inner dimensions of a matrix product to agree",
                        pos, span)
            return (a[0], b[1])
        if op == "/":
            if b_one:
                return a
            self._same(a, b, node, "a scalar divisor, or equal shapes", pos, span)
            return a
        if op in (".*", "∘", "./"):
            self._same(a, b, node, "operands of equal shape", pos, span)
            return a
        if op == "⊗":
            return OPERATORS[Kron].shape(Unifier(self, node, OPERATORS[Kron]), a, b)
        raise AssertionError(op)


class Unifier:
    """The shape-rule interface of core/operators/shape_rules.py over unknown dimensions:
    each constraint unifies, and a contradiction names the symbol and the operator."""

    ONE = ONE

    def __init__(self, inf: Inference, node: Node, op):
        self.inf, self.node, self.op = inf, node, op

    @staticmethod
    def shape(a):
        return a

    def square(self, a) -> None:
        need = self.op.needs or f"a square matrix (the argument of {_article(self.op.noun)})"
        self.inf._square(a, self.node, need)

    def same(self, a, b, into=None) -> None:
        need = self.op.needs or "operands of equal shape"
        self.inf._same(a, b, self.node, need.format(*into) if into else need)

    def all_same(self, operands) -> None:
        for x in operands[1:]:
            self.same(operands[0], x)

    def chain(self, factors):
        rows, inner = factors[0]
        for r, c in factors[1:]:
            self.equal(inner, r)
            inner = c
        return (rows, inner)

    def equal(self, d1, d2, a=None, b=None) -> None:
        self.inf._unify(d1, d2, self.node, self.op.needs or "dimensions that agree")

    def vector(self, a) -> None:
        """Either dimension may be 1: nothing to unify."""

    prod = staticmethod(prod)
    is_one = staticmethod(settle_one)

    def fail(self, message: str) -> None:
        err = DeclarationError(message)
        err.pos = self.node.pos
        raise err


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _contradiction(var: DimVar, why: str, pos: int) -> DeclarationError:
    if var.owner == "I":
        msg = f"the identity I would have to be 1×1: {why}"
    elif var.owner in ("𝟏", "vector(…)", "matrix(…)"):
        msg = (f"the constant {var.owner} would have to have a single {var.role[:-1]}: "
               f"{why}; for a scalar write the number itself")
    elif var.role == "length":
        msg = (f"'{var.owner}' would have to be a scalar (1×1), but an undeclared lowercase "
               f"name is a column vector: {why}; declare `{var.owner}: scalar` if it is one")
    else:
        single = "row" if var.role == "rows" else "column"
        msg = (f"'{var.owner}' would have to have a single {single}, but an undeclared "
               f"uppercase name is a matrix: {why}; declare its type (`{var.owner}: "
               f"vector(n)` or `{var.owner}: scalar`) if it is not a matrix")
    err = DeclarationError(msg)
    err.pos = pos
    return err


# ====================================================================================
# Naming the unknowns
# ====================================================================================

def fresh_names(used: set):
    """n, m, k, p, q, r, d1, d2, ... skipping `used`."""
    for name in ("n", "m", "k", "p", "q", "r"):
        if name not in used:
            yield name
    for i in count(1):
        if f"d{i}" not in used:
            yield f"d{i}"


class Solution:
    """Dimensions for the terms of an Inference, unknowns named in order of use."""

    def __init__(self, inf: Inference, used_names: set):
        self.names: dict = {}
        fresh = fresh_names(used_names)
        for what, key in inf.order:
            terms = inf.variables[key] if what == "var" else (key, key)
            for t in terms:
                self._name_all(t, fresh)
        for node in inf.constants:               # vector(c), matrix(c), 𝟏: sized by context
            rows, cols = node.terms
            if isinstance(resolve(cols), DimVar) and resolve(cols).flexible:
                unify(cols, ONE)                 # 𝟏 with nothing to decide: a vector
            for t in (rows, cols):
                if not self._named(t):
                    what = "𝟏" if node.data == "ones" else f"{node.data}(c)"
                    err = DeclarationError(
                        f"the size of {what} cannot be inferred: use it where the context "
                        f"fixes it (a term of a sum, an operand of .* or ./, a factor of a "
                        f"product beside a sized factor), or write ones(n) / ones(n, m)")
                    err.pos = node.pos
                    raise err

    def _named(self, t) -> bool:
        t = resolve(t)
        if isinstance(t, DimVar):
            return t in self.names
        if isinstance(t, Prod):
            return all(self._named(f) for f in t.factors)
        return True

    def _name_all(self, t, fresh):
        t = resolve(t)
        if isinstance(t, DimVar) and t not in self.names:
            self.names[t] = dim_symbol(next(fresh))
        elif isinstance(t, Prod):
            for f in t.factors:
                self._name_all(f, fresh)

    def dim(self, t) -> Dim:
        t = resolve(t)
        if isinstance(t, DimVar):
            return self.names[t]
        if isinstance(t, Prod):
            out = ONE
            for f in t.factors:
                out = out * self.dim(f)
            return out
        return t
