"""What an operator spec is: the `Operator` record, the printed-form declarations, and the
registry `OPERATORS` that `nodes.py` fills, one `declare(...)` per node type.

Fields of an Operator (everything a table elsewhere used to hold):

    node           the Expr subclass
    linear         jointly linear in its expression arguments (op(A + B) = op(A) + op(B))
    multilinear    linear in each argument separately (products)
    elementwise    applied entry by entry
    reduces        its value is 1×1 whatever the argument's shape (trace, det, norms, sum)
    adjoint        linear operators only: the pullback (e, C) -> the cotangent of e's
                   argument for a cotangent C of e's shape (Add: every term gets C)
    shape          the shape rule, written once against the interface of `shape_rules.py`:
                   rule(ctx, *fields) -> (rows, cols); `expr` checks with it on
                   construction, `language.inference` unifies with it
    noun           the operator in words, for messages ("trace", "log-determinant")
    mismatch       the message template of a concrete shape error ({a}, {b}: operands)
    needs          what inference says the operator needs when unification fails
                   (default: "a square matrix (the argument of a trace)", ...)
    call           the language's name where it is written as a call (tr, det, ...)
    arity          (expression arguments, (min, max) dimension arguments) of that call
    build          the builder the parser calls for it (from `core.build`)
    call_shape     a shape rule for the call when it differs from the node's (diag: Diag
                   or DiagPart, by the argument)
    aliases        words users type for it, suggested by "did you mean"
    text, latex    the printed forms: a `Call`, `Postfix`, `Infix` or `Norm` declaration,
                   which the printers generate from, or the name of a printer function of their own
                   (sums, products, transposes, norms)
    precedence     the printed precedence class: 'atom' | 'postfix' | 'product' | 'sum', or
                   the name of a function of `printing.precedence` for context-dependent ones
    numpy          the NumPy evaluation: numpy(e, values of the children, size) where
                   size(dim) -> int
    sympy          the SymPy conversion: sympy(e, converted children), or None with
                   `no_sympy` saying why
    rank           the first entry of the node's canonical order key (`simplify.order`)
    symmetric      when the value is symmetric: 'always' | 'never' | 'args' (keeps symmetry:
                   when all its arguments are) | a predicate e -> bool
    nonnegative    when every entry is ≥ 0: same values as `symmetric`
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Call:
    """Printed as a call: `name(arg, dims...)` (text) and `latex(arg, dims...)`."""
    name: str


@dataclass(frozen=True)
class Postfix:
    """Printed as a postfix operator: `Xᵀ` (unicode), `X'` (ASCII), `X^\\top` (LaTeX)."""
    unicode: str
    ascii: str
    latex: str = ""


@dataclass(frozen=True)
class Infix:
    """Printed between its operands: `A ∘ B` (unicode), `A .* B` (ASCII), `A \\circ B`.
    `chain`: a left operand of the same type is printed bare (left association).
    `ascii_call`: ASCII writes it as a call instead (`kron(A, B)`)."""
    unicode: str
    ascii: str
    latex: str = ""
    chain: bool = False
    ascii_call: str = ""


@dataclass(frozen=True)
class Norm:
    """Printed between bars: `‖x‖₂` (unicode, `close` is the closing bar), the call
    `norm2(x)` (ASCII), `\\|x\\|_2` (LaTeX, `subscript`)."""
    close: str
    subscript: str


@dataclass(frozen=True)
class Operator:
    node: type
    linear: bool = False
    multilinear: bool = False
    elementwise: bool = False
    reduces: bool = False
    adjoint: Callable | None = None
    shape: Callable | None = None
    noun: str = ""
    mismatch: str = ""
    needs: str = ""
    call: str | None = None
    arity: tuple = (1, (0, 0))
    build: Callable | None = None
    call_shape: Callable | None = None
    aliases: tuple = ()
    text: object = None
    latex: object = None
    precedence: str = "atom"
    numpy: Callable | None = None
    sympy: Callable | None = None
    no_sympy: str = ""
    rank: str = ""
    symmetric: object = "never"
    nonnegative: object = "never"

    @property
    def keeps_symmetry(self) -> bool:
        """Symmetric arguments give a symmetric value (sums, inverses, functions, ...)."""
        return self.symmetric == "args"

    @property
    def keeps_nonnegativity(self) -> bool:
        """Arguments with entries ≥ 0 give a value with entries ≥ 0 (sums, products, ...)."""
        return self.nonnegative == "args"


OPERATORS: dict = {}


def declare(node: type, **fields) -> Operator:
    """Register the spec of `node` (one call per node type)."""
    if node in OPERATORS:
        raise ValueError(f"{node.__name__} is declared twice")
    if fields.get("linear") and fields.get("adjoint") is None:
        raise ValueError(f"the linear operator {node.__name__} needs an adjoint")
    op = Operator(node, **fields)
    OPERATORS[node] = op
    return op


def spec(e) -> Operator:
    """The spec of a node (or node type)."""
    return OPERATORS[e if isinstance(e, type) else type(e)]
