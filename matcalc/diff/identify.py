"""Identification: read the derivative off the differential dF (linear in dX), in a layout.

    identify(f, var, raw, simplified, kind, layout, convention, steps,
             normal=None, terms=None) → Expr or Tensor

The method is chosen by the kind (kind.py), never by looking at the answer:
- by a scalar x:      ∂F/∂x is dF with dx = 1 (read from the rule table's dF);
- scalar f (gradient): the trace form df = Σ tr(Gᵢᵀ dX), G = Σ Gᵢ (trace_form.py; read from
                       the rule table's dF: the result is simplified anyway);
- vector by vector:    the vec form df = J dx (vec_form.py);
- otherwise a tensor:  the vec form ∂vec F/∂vec X (vec_form.py) and the index form
                       ∂F_ij/∂X_kl (tensor.py), both read from the *simplified* dF, where the
                       terms P·dX·Q of the index form are visible.
`normal` is the canonical normaliser to use (one memo shared by a request for several
variables; default: a fresh one per simplification); `terms`, for a gradient, the trace-form
terms when already read off by the backward sweep (sweep.py). The differential is given as a
Deferred and read only where it is needed: a gradient with the sweep's terms never reads it
(terms exist exactly when dF has dX in it: each is a path from f down to X whose local
differentials all keep the placeholder, the paths dF is the sum of).
Then a structured variable's convention (symmetric.py), the layout's transpose (layout.py),
the printed form, and a check of the result's shape against the layout table. Every step
is appended to `steps` (diff/steps.py records).
"""
from __future__ import annotations

from ..core import expr as E
from ..core.errors import DifferentiationError
from ..core.shapes import shape_str
from ..simplify import present, simplify
from . import layout as L
from . import symmetric as S
from .kind import Kind
from .steps import Deferred, Lazy, Step, Written
from .tensor import Tensor, read_index_form, tensor_shape
from .trace_form import gradient_terms
from .vec_form import vec_matrix


def function_name(f: E.Expr) -> str:
    """What the steps call the function: its name, else f (scalar, vector) or F (matrix)."""
    if isinstance(f, E.Var):
        return f.name
    return "F" if f.kind == "matrix" else "f"


def identify(f: E.Expr, var: E.Var, raw: Deferred, simplified: Deferred, kind: Kind,
             layout: str, convention: str, steps: list, normal=None, terms=None):
    """∂f/∂var from its differential: `raw` as the rule table gives it, `simplified` its
    simplified form (each computed only if this kind reads it)."""
    dX = E.Delta(var)
    swept = bool(terms) and kind.is_gradient and not kind.by_scalar
    dF = None if swept else simplified.value if kind.is_jacobian or kind.is_tensor \
        else raw.value
    if kind.by_scalar:
        G = _by_scalar(f, dF, dX, steps)
    elif not swept and not E.contains(dF, dX):  # e.g. f = a − a: dF simplifies to 0
        G = _constant(f, var, kind, steps)
    elif kind.is_gradient:
        G = _gradient(f, var, dF, dX, convention, steps, normal or simplify, terms)
    else:
        M = vec_matrix(dF, dX)
        if S.applies(var, convention):
            M = S.on_vec_matrix(M, var, S.effective(var, convention))
        M = simplify(M)
        if kind.is_tensor:
            return _tensor(f, var, dF, dX, M, convention, steps)
        G = M
        steps.append(Step(Lazy("d{} = J {} with J = {}",
                               r"\mathrm{{d}}{} = \mathbf{{J}}\,{},\quad \mathbf{{J}} = {}",
                               function_name(f), dX, G),
                          "identification: vec(L dY R) = (Rᵀ ⊗ L) vec dY (Cookbook (520))"))
    if isinstance(G, Tensor):
        return G
    return _in_layout(G, f, var, kind, layout, steps, normal)


def _by_scalar(f, dF, dX, steps):
    """G for a scalar variable: dF with dx = 1, canonical."""
    G = simplify(E.substitute(dF, dX, E.Num(1)))
    steps.append(Step(G, "scalar variable: ∂F/∂x is dF with dx = 1"))
    if f.kind == "covector":                    # ∂vec F/∂x is a column, as for F = Fᵀᵀ
        G = simplify(E.Transpose(G))
    return G


def _constant(f, var, kind, steps):
    """A differential without dX: a zero gradient, Jacobian or tensor."""
    if kind.is_gradient:
        G = E.Zero(*var.shape)
        steps.append(Step(G, f"df does not depend on d{var.name}: the gradient is zero"))
        return G
    n_out, n_in = f.shape[0] * f.shape[1], var.shape[0] * var.shape[1]
    M = E.Zero(n_out, n_in)
    steps.append(Step(M, f"df does not depend on d{var.name}: the derivative is zero"))
    if kind.is_jacobian:
        return M
    return Tensor(function_name(f), var, M, None, tensor_shape(f.shape, var.shape))


def _gradient(f, var, dF, dX, convention, steps, simplify, terms=None):
    """G for a scalar f: the trace form's G, canonical (`terms`: the pullback's terms when
    a sweep over several variables computed them)."""
    terms = gradient_terms(dF, dX) if terms is None else terms
    G = simplify(E.Add(tuple(terms)) if len(terms) > 1 else terms[0])
    steps.append(Step(Lazy("d{} = tr(Gᵀ {}) with G = {}",
                           r"\mathrm{{d}}{} = \operatorname{{tr}}(\mathbf{{G}}^\top {}),"
                           r"\quad \mathbf{{G}} = {}", function_name(f), dX, G),
                      "identification: trace form, cyclic trace and transposes "
                      "(Cookbook (16), (43))"))
    if S.applies(var, convention):
        conv = S.effective(var, convention)
        G = simplify(S.on_gradient(G, conv))
        steps.append(Step(G, f"{var.name} structured: the '{conv}' convention"))
    return G


def _tensor(f, var, dF, dX, M, convention, steps):
    steps.append(Step(M, "identification in vec form: ∂vec F/∂vec X, "
                         "vec(L dY R) = (Rᵀ ⊗ L) vec dY (Cookbook (520))"))
    index = None if S.applies(var, convention) else read_index_form(dF, dX)
    t = Tensor(function_name(f), var, M, index, tensor_shape(f.shape, var.shape))
    if index is not None:
        steps.append(Step(Written(Deferred(lambda: t.index_form),
                                  Deferred(lambda: t.index_form_latex)),
                          "index form: ∂F_ij/∂X_kl from dF = Σ P dX Q"))
    return t


def _in_layout(G, f, var, kind, layout, steps, normal=None):
    """The natural matrix G in the layout asked, in its printed form (`normal`: the
    request's normaliser), shape-checked."""
    if L.transposed(kind, layout):
        G = (normal or simplify)(E.Transpose(G))
        steps.append(Step(G, f"{layout} layout: transpose"))
    shown = present(G, normal)
    if shown != G:
        G = shown
        steps.append(Step(G, "printed form"))
    expected = L.expected_shape(kind, layout, f.shape, var.shape)
    if G.shape != expected:
        raise DifferentiationError(f"internal: a {kind} derivative in {layout} layout must "
                                   f"be {shape_str(expected)}, got {shape_str(G.shape)}")
    return G
