"""Several variables at once: the backward sweep (diff/sweep.py) gives the same Derivatives as
one derivation per variable, and every gradient is checked against finite differences."""
import importlib

import pytest
from conftest import assert_numeric

import matcalc as mc
from matcalc.core import build as B
from matcalc.diff import derive
from matcalc.diff.sweep import adjoint_terms
from matcalc.examples import perceptron


def same_as_one_by_one(f, wrts, **kw):
    together = derive(f, wrts, **kw)
    alone = [derive(f, w, **kw) for w in wrts]
    assert together == alone
    assert [str(d) for d in together] == [str(d) for d in alone]
    assert [d.layout for d in together] == [d.layout for d in alone]
    return together


@pytest.mark.parametrize("L", range(1, 9))
@pytest.mark.parametrize("activation", [None, mc.tanh], ids=["linear", "tanh"])
def test_perceptron_every_weight(L, activation):
    f, Ws = perceptron(L, activation)
    ds = same_as_one_by_one(f, Ws)
    assert [d.wrt for d in ds] == Ws
    for d in ds:
        assert d.shape == d.wrt.shape
        assert_numeric(d, seeds=(L,))


@pytest.mark.parametrize("text, names, decls", [
    ("a' * X * b + x' * X * x", ["X", "x", "a", "b"], {}),
    ("logdet(S) + tr(A * S * B) + alpha * norm2(w)^2", ["S", "A", "alpha", "w"],
     {"S": "matrix(n) spd", "alpha": "scalar"}),
    ("sum(exp(X * w)) - y' * X * w", ["X", "w", "y"], {}),
    ("tr(inv(X) * A) * det(X)", ["X", "A"], {}),
    ("sum(log(sigmoid(y .* (X * w))))", ["w", "X", "y"], {}),
    ("tr(kron(A, X) * B)", ["X", "A"], {"A": "matrix(p, q)", "X": "matrix(m, k)"}),
    ("x' * x", ["x", "x"], {}),
])
def test_sweep_matches_one_by_one(text, names, decls):
    f = mc.parse(text, **decls)
    vs = {v.name: v for v in mc.Expr.free_symbols.fget(f)}
    ds = same_as_one_by_one(f, [vs[n] for n in names])
    for d in ds:
        assert_numeric(d)


@pytest.mark.parametrize("symmetric", ["symmetric", "cookbook", "none"])
def test_sweep_symmetric_conventions_and_layouts(symmetric):
    f = mc.parse("x' * S * x + tr(S * A)", S="matrix(n) symmetric")
    vs = {v.name: v for v in mc.Expr.free_symbols.fget(f)}
    for layout in ("mixed", "numerator", "denominator"):
        ds = same_as_one_by_one(f, [vs["S"], vs["x"], vs["A"]], layout=layout,
                                symmetric=symmetric)
        for d in ds:
            assert_numeric(d)


def test_non_scalar_function_keeps_the_per_variable_path():
    f = mc.parse("A * x + tanh(A * x)")
    vs = {v.name: v for v in mc.Expr.free_symbols.fget(f)}
    ds = same_as_one_by_one(f, [vs["A"], vs["x"]])
    assert ds[0].is_tensor and not ds[1].is_tensor
    for d in ds:
        assert_numeric(d)


def test_api_diff_list_is_one_sweep_and_zero_for_an_absent_variable():
    ds = mc.diff("a' * X * b", ["X", "c"], c="vector(n)")
    assert str(ds[0].expr) == "abᵀ"
    assert not ds[1].depends and str(ds[1].expr) == "zeros(n)"
    for d in ds:
        assert_numeric(d)


def test_adjoint_terms_one_term_per_path():
    """xᵀx: two paths from the root to x (the product rule), each one term."""
    x = mc.vector("x", "n")
    terms = adjoint_terms(x.T @ x, [x])[x]
    assert len(terms) == 2
    assert str(mc.present(mc.simplify(B.add(*terms)))) == "2x"
    assert_numeric(derive(x.T @ x, [x])[0])


def test_each_adjoint_is_built_once_and_shared():
    """The gradients of W1 and W2 reach W1's layer through one shared adjoint object."""
    from matcalc.diff.sweep import adjoints
    f, Ws = perceptron(3, mc.tanh)
    adj = adjoints(f, Ws)
    h1 = next(n for n in adj if str(n) == "tanh(W1x)")
    assert len(adj[h1]) == 2                       # ‖r‖² = rᵀr: two paths, not 2^L
    for d in derive(f, Ws):
        assert_numeric(d)


# ------------------------------------------------------------------------------------
# The sweep's work per weight: each weight's own differential only when read, the printed
# forms of the shared δ's searched once per request
# ------------------------------------------------------------------------------------

def counting(monkeypatch, module, name):
    """Count the calls of `module.name` (the original still runs)."""
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("activation", [None, mc.tanh], ids=["linear", "tanh"])
def test_each_weight_differential_and_steps_built_only_when_read(monkeypatch, activation):
    """derive(f, Ws) reads the gradients off the sweep: no weight's dF is built until its
    raw_differential or steps are read, and then they are what derive(f, W) gives."""
    D = importlib.import_module("matcalc.diff.derivative")
    f, Ws = perceptron(3, activation)
    calls = counting(monkeypatch, D, "differential")
    together = derive(f, Ws)
    assert calls == []
    alone = [derive(f, W) for W in Ws]
    assert len(calls) == len(Ws)
    first = together[0]
    assert first.raw_differential == alone[0].raw_differential
    assert len(calls) == len(Ws) + 1                # built once, on the first read, kept
    assert first.raw_differential is first.raw_differential
    for d, a in zip(together, alone):
        assert d.steps_text() == a.steps_text()
        assert [s.reason for s in d.steps] == [s.reason for s in a.steps]
        assert d.differential == a.differential
        assert d == a
        assert_numeric(d, seeds=(3,))
    assert len(calls) == 2 * len(Ws)


def test_a_deferred_differential_keeps_the_size_bound_it_was_derived_under():
    """Read later, outside derive, dF is still built under the request's size bound."""
    from matcalc.core.errors import SizeLimitError
    f, Ws = perceptron(6, mc.tanh)
    ds = derive(f, Ws, max_size=200)    # the results fit (148 nodes), W1's dF does not (289)
    assert len(ds) == len(Ws)
    with pytest.raises(SizeLimitError):
        derive(f, Ws[0], max_size=200)
    with pytest.raises(SizeLimitError):
        _ = ds[0].raw_differential
    assert_numeric(ds[0], seeds=(6,))


def test_the_deltas_are_searched_once_per_request(monkeypatch):
    """The printed-form search of one request keeps its memo: doubling the depth of a tanh
    network doubles the nodes searched (each weight's gradient holds every deeper δ; one
    search per weight would quadruple them)."""
    printed = importlib.import_module("matcalc.simplify.printed")
    searched = {}
    for L in (8, 16):
        calls = counting(monkeypatch, printed.Search, "candidates")
        derive(*perceptron(L, mc.tanh))
        searched[L] = len(calls)
        monkeypatch.undo()
    assert searched[16] <= 2.2 * searched[8]


@pytest.mark.parametrize("text", [
    "a' * X * b + x' * X * x", "logdet(S) + tr(A * S * B)", "sum(exp(X * w)) - y' * X * w",
    "tr(inv(X) * A) * det(X)", "sum(log(sigmoid(y .* (X * w))))", "tr(kron(A, X) * B)",
    "0.5*norm2(W2*tanh(W1*x) - y)^2", "sum(softmax(W * x) .* y) + norm2(X * X' * w)^2",
])
def test_the_sweep_finds_each_local_differentials_holders_as_a_whole_walk_would(
        monkeypatch, text):
    """The sweep does not enter f's own subtrees to find which nodes of a local
    differential hold the placeholder: the same set as walking all of it."""
    from matcalc.diff.dependence import depending_nodes
    sweep = importlib.import_module("matcalc.diff.sweep")
    original, seen = sweep.pullback_terms, []

    def checked(dF, cotangents, dX, holders=None):
        assert holders == depending_nodes(dF, dX)
        seen.append(dF)
        return original(dF, cotangents, dX, holders)
    monkeypatch.setattr(sweep, "pullback_terms", checked)
    f = mc.parse(text, S="matrix(n) spd", A="matrix(p, q)" if "kron" in text else "matrix(n)")
    ds = derive(f, sorted(mc.Expr.free_symbols.fget(f), key=lambda v: v.name))
    assert seen
    for d in ds:
        assert_numeric(d, seeds=(2,))
