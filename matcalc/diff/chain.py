"""Backpropagation as a chain of Jacobians, through the intermediates the user named.

    backprop_program(program, ["W1", "W2"], layout)   # program: language/program.py

For a program `h1 = tanh(W1*x); h2 = W2*h1; L = 0.5*norm2(h2 - y)^2` with a scalar last
statement L, in the order a lecture derives it (seed 001, PyTorch's autograd page):

1. the local Jacobians: each statement differentiated (`derive`) by each earlier name and
   each parameter it uses, as written (earlier names are variables): ∂h2/∂h1 = W2,
   ∂h1/∂W1 a tensor, ∂L/∂h2 = h2 − y — in the layout asked, shape-checked, tensors where
   they are tensors;
2. the backward pass: δ_h = ∂L/∂h for each intermediate, last first, as the sum of the
   vector–Jacobian products (∂h_j/∂h)ᵀ δ_j over the statements j that use h. A product is
   the gradient of the scalar ⟨δ_j, h_j⟩ (δ_j held fixed) by h, so that it is derived, not
   assembled: δ_h1 = (1 − h1∘h1) ∘ (W2ᵀ δ_h2);
3. each parameter's gradient, the same products at the parameter (∂L/∂W1 = δ_h1 xᵀ), and
   the closed form they multiply out to: every δ and intermediate substituted, simplified.
   The closed form is a Derivative of the substituted program (`.verify()` checks it
   against finite differences) and equals `derive` of the substituted expression.

The δ's and gradients are shaped like their variable (the mixed layout's gradients, the
autograd page's v); the layout asked applies to the local Jacobians. Every derivative shown
is a Derivative (`locals`, `products`, `gradients`), evaluable and checkable.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ..core import build as B
from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.shapes import shape_str
from ..printing import steps as printed_steps
from ..simplify import present, simplify
from .derivative import Derivative, derive
from .naming import name_line
from .steps import Lazy, Step


@dataclass(frozen=True)
class Local:
    """One derivative of the chain: ∂`of`/∂`by` (a local Jacobian), or the vector–Jacobian
    product of statement `of` at `by` (the gradient of ⟨δ_of, of⟩ by `by`)."""
    of: str
    by: str
    derivative: Derivative


@dataclass(frozen=True)
class Backprop:
    """The chain of Jacobians of a program, its backward pass and the gradients."""
    program: object                 # language.program.Program
    layout: str
    locals: tuple                   # Local: ∂h_j/∂h_i and ∂h_j/∂W, in program order
    products: tuple                 # Local: the vector–Jacobian products, backward order
    deltas: dict                    # intermediate name -> (δ Var, δ in later δ's, closed δ)
    by_deltas: dict                 # parameter name -> its gradient in terms of the δ's
    gradients: dict                 # parameter name -> Derivative: the closed form
    steps: tuple                    # the whole derivation, for steps_text / steps_latex

    def steps_text(self) -> str:
        return printed_steps.steps_text(self.steps)

    def steps_latex(self, bold: bool = True) -> str:
        return printed_steps.steps_latex(self.steps, bold)

    def __str__(self) -> str:
        return self.steps_text()

    def derivatives(self) -> list:
        """Every derivative shown: local Jacobians, products, closed-form gradients."""
        return ([x.derivative for x in self.locals + self.products]
                + list(self.gradients.values()))


def _pairing(delta: E.Expr, f: E.Expr) -> E.Expr:
    """⟨δ, F⟩ = Σ δ_ij F_ij, a scalar, linear in F."""
    if f.is_scalar:
        return B.times(delta, f)
    if f.shape[1] == 1:
        return B.matmul(B.transpose(delta), f)
    return B.tr(B.matmul(B.transpose(delta), f))


def _delta_var(name: str, like: E.Var) -> E.Var:
    r, c = like.shape
    if like.is_scalar:
        return B.scalar(f"delta_{name}")
    return B.vector(f"delta_{name}", r) if c == 1 else B.matrix(f"delta_{name}", r, c)


def _tidy(e: E.Expr) -> E.Expr:
    """The printed form of `e` (searched from its canonical form)."""
    return present(simplify(e))


def backprop_program(program, wrt, layout: str = "mixed", symmetric: str = "symmetric",
                     max_size: int | None = None) -> Backprop:
    """The chain of Jacobians of `program` (a language.program.Program whose last statement
    is a scalar) for the parameters `wrt` (names of its inputs)."""
    final = program.function
    if not final.expr.is_scalar:
        raise DifferentiationError(
            f"backpropagation needs a scalar function (a loss); {final.name or 'f'} is "
            f"{shape_str(final.expr.shape)}")
    fname = final.name or "f"
    params = [_parameter(program, w) for w in wrt]
    stmts = program.statements
    named = {s.name: s for s in stmts[:-1]}
    derive_ = functools.partial(derive, symmetric=symmetric, max_size=max_size)

    steps = [Step(Lazy("{} = {}", "{} = {}", name_line(s.name or fname), s.local),
                  f"statement {i}") for i, s in enumerate(stmts, start=1)]

    # 1. local Jacobians, in program order
    locals_ = []
    for s in stmts:
        used = E.variables(s.local)
        for by in [named[n].var for n in named if named[n].var in used] + \
                [p for p in params if p in used]:
            d = derive_(s.local, by, layout).named(s.name or fname)
            locals_.append(Local(s.name or fname, by.name, d))
            steps.append(_local_step(d, s.name or fname, by))

    # 2. the backward pass: δ for each intermediate, last first
    deltas, products, by_deltas = {}, [], {}
    seeds = {fname: None}                       # statement -> its δ Var (None: δ_L = 1)
    for s in reversed(stmts[:-1]):
        terms = _products(s.var, stmts, seeds, fname, derive_, products)
        if not terms:
            continue                            # unused: L does not depend on it here
        dv = _delta_var(s.name, s.var)
        seeds[s.name] = dv
        deltas[s.name] = (dv, _tidy(B.add(*terms)) if len(terms) > 1 else terms[0], None)
        steps.append(Step(Lazy("{} = ∂{}/∂{} = {}", r"{} = \frac{{\partial {}}}{{\partial {}}}"
                               r" = {}", dv, name_line(fname), s.var, deltas[s.name][1]),
                          f"backward: Σ (∂h_j/∂{s.name})ᵀ δ_j over the statements h_j "
                          f"using {s.name}"))

    # 3. the parameters: their products, then the closed form
    closed_deltas = _closed_deltas(deltas, stmts)
    gradients = {}
    for p in params:
        terms = _products(p, stmts, seeds, fname, derive_, products)
        in_deltas = _tidy(B.add(*terms)) if len(terms) > 1 else \
            (terms[0] if terms else E.Zero(*p.shape))
        by_deltas[p.name] = in_deltas
        steps.append(Step(Lazy("∂{}/∂{} = {}", r"\frac{{\partial {}}}{{\partial {}}} = {}",
                               name_line(fname), p, in_deltas),
                          f"vector-Jacobian products at {p.name}"))
        closed, same = _closed_form(program, p, in_deltas, closed_deltas, fname, derive_)
        gradients[p.name] = closed
        steps.append(Step(Lazy("∂{}/∂{} = {}", r"\frac{{\partial {}}}{{\partial {}}} = {}",
                               name_line(fname), p, closed.expr),
                          "multiplied out" + ("; = derive of the substituted expression"
                                              if same else "")))
    deltas = {n: (dv, e, closed_deltas[n]) for n, (dv, e, _) in deltas.items()}
    return Backprop(program, layout, tuple(locals_), tuple(products), deltas, by_deltas,
                    gradients, tuple(steps))


def _parameter(program, w) -> E.Var:
    name = w.name if isinstance(w, E.Var) else str(w).strip()
    if name in program.variables:
        return program.variables[name]
    intermediates = [s.name for s in program.intermediates]
    if name in intermediates:
        raise DifferentiationError(f"{name} is a statement of the program; backpropagation "
                                   "is with respect to its inputs "
                                   f"({', '.join(sorted(program.variables))})")
    raise DifferentiationError(f"{name} is not a variable of the program; its inputs are "
                               f"{', '.join(sorted(program.variables))}")


def _local_step(d: Derivative, of: str, by: E.Var) -> Step:
    about = f"local derivative: {d.kind}, {d.layout} layout, {shape_str(d.shape)}" \
        if not d.is_tensor else f"local derivative: {d.kind}, a tensor"
    if d.is_tensor:
        return Step(d.expr, about)
    return Step(Lazy("∂{}/∂{} = {}", r"\frac{{\partial {}}}{{\partial {}}} = {}",
                     name_line(of), by, d.expr), about)


def _products(x: E.Var, stmts, seeds: dict, fname: str, derive_, out: list) -> list:
    """The vector–Jacobian products (∂h_j/∂x)ᵀ δ_j of the statements j with a δ that use x,
    each derived as the gradient of ⟨δ_j, h_j⟩ by x."""
    terms = []
    for s in stmts:
        name = s.name or fname
        if name not in seeds or x not in E.variables(s.local):
            continue
        f = s.local if seeds[name] is None else _pairing(seeds[name], s.local)
        d = derive_(f, x, "mixed")
        out.append(Local(name, x.name, d))
        terms.append(d.expr)
    return terms


def _closed_deltas(deltas: dict, stmts) -> dict:
    """Each δ in the inputs only: later δ's, then intermediates, substituted."""
    values = {}
    for name, (dv, e, _) in deltas.items():     # last first: later δ's are known
        for later, (lv, _, _) in deltas.items():
            if later in values:
                e = E.substitute(e, lv, values[later])
        values[name] = e
    return {name: _tidy(_inputs_only(e, stmts)) for name, e in values.items()}


def _inputs_only(e: E.Expr, stmts) -> E.Expr:
    for s in reversed(stmts[:-1]):
        e = E.substitute(e, s.var, s.expr)
    return e


def _closed_form(program, p: E.Var, in_deltas: E.Expr, closed_deltas: dict, fname: str,
                 derive_) -> tuple:
    """∂L/∂p with every δ and intermediate substituted, as a Derivative of the whole
    program (`verify` checks it; its differential and kind are `derive`'s), and whether it
    has the canonical form of `derive` on the substituted expression."""
    e = in_deltas
    for name, value in closed_deltas.items():
        dv = _delta_var(name, next(s.var for s in program.intermediates if s.name == name))
        e = E.substitute(e, dv, value)
    closed = _tidy(_inputs_only(e, program.statements))
    direct = derive_(program.expr, p, "mixed").named(fname)
    same = simplify(closed) == simplify(direct.expr)
    if same:                                    # one printed form for one result
        closed = direct.expr
    return replace(direct, expr=closed,
                   steps=(Step(closed, "backpropagation, multiplied out"),)), same
