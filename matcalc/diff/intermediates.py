"""Named intermediates: several derivatives of one function printed with the subexpressions
they share written once, the way backpropagation is written in textbooks:

    ∂f/∂W1 = …xᵀ,  ∂f/∂W2 = 2δ2h1ᵀ,  where h1 = tanh(W1x), δ2 = …

    name_intermediates(derivs) → Shared(lines=[(Derivative, body)], definitions=[(Var, Expr)])
    shared(derivs, fmt="text") → str          (printing/shared.py prints it)

What is named: a subexpression of the printed results that occurs at least twice — across
the results or within one, counting every occurrence inside a named subexpression once (in
its definition) — and is not trivial (a leaf: a variable, a number, a constant; a transpose
or a numeric multiple of a leaf). A row that is the transpose of a named column (the
canonical form writes h1ᵀ as tanh(xᵀW1ᵀ)) is printed as that column transposed, h1ᵀ.
The outermost repeated subexpressions are named first, so a name's parts are named only
when they also repeat outside it.

How it is named, deterministically:
- h for a forward activation (an elementwise function node of f), numbered by its layer:
  the number of activations on the longest path from it down to the inputs (h1 = tanh(W1x));
- δ for an adjoint where one can tell: the subexpression equals, in canonical form and up to
  a numeric factor, the adjoint of a node y of f from the backward sweep (sweep.py), i.e.
  df = tr(δᵀ dy) + …; numbered 1 + the layer of y's arguments (δ2 for y = W2h1);
- otherwise t1, t2, … in the order of definition; a name taken by a variable of f, or by
  another subexpression, falls back to the next t.
The results themselves are the Derivatives' own expressions (Derivative.expr is unchanged):
substituting the definitions back, last first, gives them exactly (up to h1ᵀ for tanh(xᵀW1ᵀ),
which is equal). Tensors (vector- or matrix-by-matrix) are printed as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core import build as B
from ..core import expr as E
from ..printing.shared import derivative_lhs, render_shared
from ..printing.tensors import tensor_text
from ..simplify import normaliser
from .sweep import adjoints
from .tensor import Tensor


@dataclass(frozen=True)
class Shared:
    lines: list            # [(Derivative, its body with names, or a Tensor)]
    definitions: list      # [(Var name, Expr using earlier names)]


def shared(derivs, fmt: str = "text") -> str:
    """The derivatives in `fmt` (text, ascii, latex), shared subexpressions named once."""
    s = name_intermediates(derivs)
    lines = []
    for d, body in s.lines:
        if isinstance(body, Tensor):
            body = body.to_latex() if fmt == "latex" else tensor_text(body)
        lines.append((derivative_lhs(d.function_name, d.wrt, fmt), body))
    return render_shared(lines, s.definitions, fmt)


def name_intermediates(derivs, normal=None) -> Shared:
    """Which subexpressions of the derivatives' results to name, and their names."""
    derivs = list(derivs)
    normal = normal or normaliser()
    results = _interned(d.expr for d in derivs if not isinstance(d.expr, Tensor))
    results = _columns_for_rows(results, normal)
    named = _repeated(results)
    if not named:
        return Shared([(d, d.expr) for d in derivs], [])
    names = _names(named, derivs, normal)
    named = [x for x in named if x in names]
    if not named:
        return Shared([(d, d.expr) for d in derivs], [])
    subst = {x: E.Var(names[x], x.shape[0], x.shape[1]) for x in named}
    replace = _replacer(subst)
    rows = iter([replace(r) for r in results])
    lines = [(d, d.expr if isinstance(d.expr, Tensor) else next(rows)) for d in derivs]
    definitions = [(subst[x], E.map_children(replace, x)) for x in named]
    return Shared(lines, definitions)


# ------------------------------------------------------------------------------------
# what is named
# ------------------------------------------------------------------------------------

def _interned(roots) -> list:
    """The roots rebuilt so that equal subexpressions are one object (the Derivatives'
    results are built separately: equal, not identical), so that every later look-up
    compares by identity first."""
    canon: dict = {}
    by_id: dict = {}
    roots = tuple(roots)
    for x in E.postorder_by_identity(roots, by_id):
        kids = tuple(by_id[id(c)][1] for c in x.children)
        y = x if all(a is b for a, b in zip(kids, x.children)) else E.rebuild(x, kids)
        by_id[id(x)] = (x, canon.setdefault(y, y))         # x kept alive: ids stay unique
    return [by_id[id(r)][1] for r in roots]


def _columns_for_rows(results, normal) -> list:
    """A row (covector) whose transpose, in canonical form, is a column of the results is
    written as that column transposed: tanh(xᵀW1ᵀ) → tanh(W1x)ᵀ."""
    nodes = E.postorder_all(results)
    present = {x: x for x in nodes}
    alias = {}
    for x in nodes:
        if x.kind == "covector" and x.children and not isinstance(x, E.Transpose):
            t = present.get(normal(E.Transpose(x)))
            if t is not None and t != x and t.children:
                alias[x] = E.Transpose(t)
    return _interned(map(_replacer(alias), results)) if alias else results


def _trivial(x: E.Expr) -> bool:
    if not x.children:
        return True
    if isinstance(x, E.Transpose):
        return not x.arg.children
    if isinstance(x, E.Scale):
        return isinstance(x.coeff, E.Num) and not x.arg.children
    return False


def _repeated(results) -> list:
    """The subexpressions to name, children before parents (the order of definition)."""
    order = E.postorder_all(results)
    count = dict.fromkeys(order, 0)
    for r in results:
        count[r] += 1
    named = set()
    for x in reversed(order):                    # every parent before its children
        if count[x] >= 2 and not _trivial(x):
            named.add(x)
        weight = 1 if x in named else count[x]
        for c in x.children:
            count[c] += weight
    return [x for x in order if x in named]


# ------------------------------------------------------------------------------------
# how it is named
# ------------------------------------------------------------------------------------

def _layers(f: E.Expr, wrts) -> dict:
    """For each node of f: how many of the variables differentiated for (the layers'
    weights) it contains."""
    targets = set(wrts)
    inside: dict = {}
    for x in E.postorder(f):
        own = {x} if x in targets else set()
        inside[x] = own.union(*(inside[c] for c in x.children))
    return {x: len(vs) for x, vs in inside.items()}


def _coefficient(e: E.Expr):
    """The numeric factor in front of a canonical term (1 when none)."""
    if isinstance(e, E.Scale) and isinstance(e.coeff, E.Num):
        return e.coeff.value
    return 1


def _monic(e: E.Expr, normal) -> E.Expr:
    """The canonical `e` divided by the number in front of it (of its first term, for a
    sum: the canonical order is fixed), so that 2a − 2b and a − b compare equal."""
    c = _coefficient(e.terms[0] if isinstance(e, E.Add) else e)
    return e if c in (0, 1) else normal(B.scale(B.num(Fraction(1) / c), e))


def _adjoint_table(f, wrts, normal) -> dict:
    """{canonical adjoint without its numeric factor: the node of f it is the adjoint of}
    (the node lowest in f when several share one)."""
    table: dict = {}
    if not f.is_scalar or not wrts:
        return table
    for y, terms in adjoints(f, wrts).items():
        if isinstance(y, E.Var) or y is f or not terms:
            continue
        key = _monic(normal(E.Add(tuple(terms)) if len(terms) > 1 else terms[0]), normal)
        table.setdefault(key, []).append(y)
    return table


#: an intermediate that is neither an activation nor an adjoint is named only when its
#: definition has at least this many operators (y ∘ h2.^2 stays written out)
MIN_OPERATORS = 3


def _names(named, derivs, normal) -> dict:
    """{subexpression: name} for the subexpressions worth naming (see the module's
    docstring), in the order of `named` (children first)."""
    f = derivs[0].f
    wrts = list(dict.fromkeys(d.wrt for d in derivs if d.f == f))
    layers = _layers(f, wrts)
    table = _adjoint_table(f, [w for w in wrts if w in layers], normal)
    taken = {v.name for d in derivs for v in E.variables(d.f) | {d.wrt}}
    role: dict = {}
    operators: dict = {}
    for x in named:                              # children first
        if isinstance(x, E.Func) and x in layers:
            role[x] = f"h{layers[x]}"
        else:
            ys = table.get(_monic(normal(x), normal))
            if ys:
                y = min(ys, key=layers.__getitem__)
                role[x] = f"delta{layers[y]}"
            elif _operators(x, role, operators) >= MIN_OPERATORS:
                role[x] = None                   # a t, numbered below
    names: dict = {}
    for x in named:
        if x not in role:
            continue
        name = role[x]
        if name is None or name in taken:
            name = _next_t(taken)
        taken.add(name)
        names[x] = name
    return names


def _operators(x: E.Expr, kept: dict, memo: dict) -> int:
    """The operators written in x's definition: named subexpressions count as names."""
    if x in memo:
        return memo[x]
    n = 0 if not x.children else 1 + sum(0 if c in kept else _operators(c, kept, memo)
                                         for c in x.children)
    memo[x] = n
    return n


def _next_t(taken) -> str:
    i = 1
    while f"t{i}" in taken:
        i += 1
    return f"t{i}"


def _replacer(subst: dict):
    """e ↦ e with the subexpressions in `subst` replaced, memoised across calls."""
    done: dict = {}

    def replace(e: E.Expr) -> E.Expr:
        stack = [e]
        while stack:
            x = stack[-1]
            if x in done:
                stack.pop()
                continue
            if x in subst:
                done[x] = subst[x]
                stack.pop()
                continue
            pending = [c for c in x.children if c not in done]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            done[x] = E.map_children(done.__getitem__, x)
        return done[e]
    return replace
