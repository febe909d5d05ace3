"""A program: named statements, each usable in the later ones, the last one the function.

    h1 = tanh(W1*x); h2 = W2*h1; L = 0.5*norm2(h2 - y)^2

`parse_program` (parse.py) returns a `Program`: its statements in order, each as written
(`local`: earlier names are variables of their inferred shape, the view the chain of
Jacobians differentiates) and substituted (`expr`: in the inputs only, what `parse` returns
for the last one), and the inputs (`variables`). `L(W) = ...` also names the arguments the
function is differentiated by when no variable is given. A bare expression is a statement
without a name; it can only come last. Each name is defined once, after its uses never.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import DeclarationError
from ..core.expr import Expr, Var


@dataclass(frozen=True)
class Statement:
    """`name(args) = local`; name None for a bare expression, args None when not written."""
    name: str | None
    args: tuple | None
    local: Expr            # earlier statements' names as variables (`var` of each)
    expr: Expr             # in the inputs only: earlier statements substituted
    var: Var | None        # the variable that stands for this statement in later ones

    def __str__(self) -> str:
        head = self.name or "f"
        if self.args:
            head += f"({', '.join(self.args)})"
        return f"{head} = {self.local}"


@dataclass(frozen=True)
class Program:
    """Named statements in order; the last is the function."""
    statements: tuple
    variables: dict        # name -> Var: the inputs (declared and inferred), no intermediates

    @property
    def function(self) -> Statement:
        return self.statements[-1]

    @property
    def expr(self) -> Expr:
        """The function with every intermediate substituted (what `parse` returns)."""
        return self.function.expr

    @property
    def name(self) -> str | None:
        """The function's name (`L` in `L = ...`), None for a bare expression."""
        return self.function.name

    @property
    def args(self) -> tuple | None:
        """The arguments written in `L(W, b) = ...`, None when none are written."""
        return self.function.args

    @property
    def intermediates(self) -> tuple:
        """The named statements before the function, in order."""
        return self.statements[:-1]

    def up_to(self, name: str) -> Program:
        """The program whose function is the statement `name` (and those before it)."""
        for i, s in enumerate(self.statements):
            if s.name == name:
                return Program(self.statements[:i + 1], self.variables)
        names = ", ".join(s.name for s in self.statements if s.name) or "none"
        raise DeclarationError(f"no statement named {name!r}; the statements are: {names}")

    def __str__(self) -> str:
        return "; ".join(str(s) for s in self.statements)
