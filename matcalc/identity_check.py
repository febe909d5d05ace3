"""The catalogue as an oracle: derive each supported identity with the engine and compare
(1) numerically, with finite differences and with the book's closed form at random points,
and (2) structurally, with the book's form after canonical simplification (and, for results
shown in matrix notation, the printed-form conventions of simplify.present), and (3) by
size: is the printed result as short as the book's expression as written (node count,
simplify/cost.py `size`, of the derived result against the book's expression parsed)?

The engine never sees the catalogue; this module only reads the engine's answers.
Used by the tests and by `matcalc identities verify`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import expr as E
from . import numeric as N
from .catalogue import Identity, load
from .diff import derive, hessian
from .core.errors import MatcalcError
from .language.parse import parse
from .simplify import present, simplify
from .simplify.cost import size

TOL = 1e-6
SEEDS = (0, 1)
# n ≥ m ≥ ...: tall matrices, so that XᵀX is invertible, as several identities assume
SIZES = {"n": 4, "m": 3, "p": 3, "q": 2, "r": 2, "k": 2}


@dataclass(frozen=True)
class Verdict:
    id: str
    expr: str
    expected: str
    derived: str
    numeric_ok: bool
    book_form: bool
    error: float            # largest relative error seen (finite differences and book form)
    message: str = ""       # why it failed, if it did
    size: int = 0           # nodes of the derived result as printed
    book_size: int = 0      # nodes of the book's expression as written (parsed)

    @property
    def as_short(self) -> bool:
        """Is the derived result printed at most as large as the book's expression?"""
        return self.numeric_ok and self.size <= self.book_size


def _sizes(vs, seed):
    """Dimension sizes with the first-named dimension the largest (tall matrices, so XᵀX
    is invertible, as several identities assume)."""
    return N.default_sizes(vs, SIZES, seed)


def _point(exprs, seed):
    vs = set()
    for e in exprs:
        vs |= E.variables(e)
    sizes = _sizes(vs, seed)
    return N.sample_point(vs, sizes, seed), sizes


def _compare(a: E.Expr, b: E.Expr, context: E.Expr) -> float:
    """Largest relative difference of a and b at random points of `context`'s variables
    (which fix the sizes of dimensions a and b may mention without a variable, as in I(n))."""
    worst = 0.0
    for seed in SEEDS:
        env, sizes = _point([a, b, context], seed)
        worst = max(worst, N.relative_error(N.evaluate_2d(a, env, sizes),
                                            N.evaluate_2d(b, env, sizes)))
    return worst


def _differential_expected(ident: Identity, decls: dict, f: E.Expr) -> E.Expr:
    vs = {v.name: v for v in E.variables(f)}
    ddecls = dict(decls)
    for name in ident.wrt:
        if name in vs:
            ddecls["d" + name] = _declaration(vs[name])
    e = parse(ident.differential, **ddecls)
    for name in (n for n in ident.wrt if n in vs):
        dv = next((x for x in E.variables(e) if x.name == "d" + name), None)
        if dv is not None:
            e = E.substitute(e, dv, E.Delta(vs[name]))
    return e


def _declaration(v: E.Var) -> str:
    if v.is_scalar:
        return "scalar"
    if v.kind == "vector":
        return f"vector({v.shape[0]})"
    return f"matrix({v.shape[0]}, {v.shape[1]})"


def _total_differential(f: E.Expr, names) -> E.Expr:
    present = {v.name for v in E.variables(f)}
    parts = [derive(f, n).differential for n in names if n in present]
    if not parts:                                   # a constant: Cookbook (33)
        return E.Zero(*f.shape)
    return simplify(parts[0] if len(parts) == 1 else E.Add(tuple(parts)))


def _with_random_deltas(e: E.Expr):
    """Deltas become ordinary variables named d<X>, so a differential can be evaluated."""
    for d in {x for x in E.walk(e) if isinstance(x, E.Delta)}:
        e = E.substitute(e, d, E.Var("d" + d.var.name, *d.var.shape))
    return e


def verify(ident: Identity) -> Verdict:
    """The engine's answer for one supported entry, against the book."""
    decls = ident.declaration_dict()
    conv = ident.symmetric if ident.symmetric in ("symmetric", "cookbook") else "symmetric"
    try:
        f = parse(ident.expr, **decls)
        if ident.kind == "differential":
            got = _total_differential(f, ident.wrt)
            want = _differential_expected(ident, decls, f)
            err = _compare(_with_random_deltas(got), _with_random_deltas(want), f)
            book = got == simplify(want)
            shown = present(got)                # printed as a result is: (A dX B)ᵀ
            return Verdict(ident.id, ident.expr, ident.differential, str(shown),
                           err < TOL, book, err, size=size(shown), book_size=size(want))
        d = (hessian(f, ident.var, symmetric=conv) if ident.order == 2
             else derive(f, ident.var, ident.layout, symmetric=conv))
        err = max(d.check(seed=s, sizes=SIZES) for s in SEEDS)
        if ident.kind == "tensor":
            want = parse(ident.expected_vec, **decls)
            got = d.expr.vec
            shown = ident.expected_vec
        else:
            want = parse(ident.expected, **decls)
            got = d.expr
            shown = ident.expected
        err = max(err, _compare(got, want, f))
        book = got == (simplify(want) if ident.kind == "tensor" else present(simplify(want)))
        return Verdict(ident.id, ident.expr, shown, str(got), err < TOL, book, err,
                       size=size(got), book_size=size(want))
    except (MatcalcError, np.linalg.LinAlgError) as exc:
        return Verdict(ident.id, ident.expr, ident.expected or ident.differential, "",
                       False, False, float("inf"), str(exc).splitlines()[0])


def verify_all(section: str | None = None) -> list:
    """Verdicts for every supported entry (of a section)."""
    return [verify(i) for i in load(section) if i.supported]


def totals(identities, verdicts) -> dict:
    return {
        "entries": len(identities),
        "supported": sum(1 for i in identities if i.supported),
        "numerically_right": sum(1 for v in verdicts if v.numeric_ok),
        "book_form": sum(1 for v in verdicts if v.book_form),
        "as_short_as_book": sum(1 for v in verdicts if v.as_short),
    }
