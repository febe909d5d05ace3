"""Generated code (matcalc/codegen.py): for NumPy, JAX and PyTorch, the generated function's
value and derivatives agree with `Derivative.evaluate` and with finite differences, on the
Cookbook catalogue, the seeds' examples and random expressions; the code passes `ruff check`,
shares its subexpressions, solves instead of inverting, never builds a diagonal matrix to
multiply by it, and checks its inputs' shapes."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import matcalc as mc
from matcalc import catalogue
from matcalc import numeric as N
from matcalc.codegen import CodegenError, codegen
from matcalc.core import expr as E
from strategies import expressions

# n ≥ m ≥ …: tall matrices, so that XᵀCX is invertible, as several identities assume
TALL = {"n": 4, "m": 3, "p": 3, "q": 2, "r": 2, "k": 2}

HAVE = {t: importlib.util.find_spec(m) is not None
        for t, m in (("numpy", "numpy"), ("jax", "jax"), ("torch", "torch"))}
TARGETS = [pytest.param(t, marks=pytest.mark.skipif(not HAVE[t], reason=f"{t} not installed"))
           for t in ("numpy", "jax", "torch")]


def load(src: str, name: str = "f"):
    """The generated function (tests are the one place generated code runs)."""
    namespace: dict = {}
    exec(compile(src, "<generated>", "exec"), namespace)   # noqa: S102 - the code under test
    return namespace[name]


def to_numpy(x):
    if hasattr(x, "detach"):
        x = x.detach().numpy()
    return np.asarray(x, dtype=float)


def point(f, seed=0, sizes=None):
    vs = E.variables(f)
    dims = N.default_sizes(vs, sizes, seed, extra=N.dimension_symbols(f))
    env = N.sample_point(vs, dims, seed)
    return {v.name: a for v, a in env.items()}, env, dims


def check_generated(text_or_expr, wrt, target="numpy", hessian=False, layout="mixed",
                    seed=0, sizes=TALL, **decls):
    """Run the generated code at a random point; compare with matcalc and with FD."""
    if target == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
    src = codegen(text_or_expr, wrt, target=target, hessian_too=hessian, layout=layout,
                  **decls)
    fn = load(src)
    f = mc.parse(text_or_expr, **decls) if isinstance(text_or_expr, str) else text_or_expr
    names = [wrt] if isinstance(wrt, str) else list(wrt)
    values, env, dims = point(f, seed, sizes)
    params = src.split("def f(", 1)[1].split(")", 1)[0].split(", ")
    star = params.index("*") if "*" in params else len(params)
    sizes_by_name = {str(s): v for s, v in dims.items()}   # the sizes no input fixes
    out = fn(*[values[n] for n in params[:star]],
             **{k: sizes_by_name[k] for k in params[star + 1:]})
    value = to_numpy(out[0])
    np.testing.assert_allclose(value.reshape(-1), N.evaluate_2d(f, env, dims).reshape(-1),
                               rtol=1e-9, atol=1e-9)
    ds = [mc.diff(f, w, layout) for w in names]
    if hessian:
        ds += [mc.hessian(f, w) for w in names]
    for d, got in zip(ds, out[1:]):
        # evaluate() reads the sizes off the values; sizes no value fixes come from the point
        want = d.evaluate(values) if star == len(params) else d._evaluate(env, dims)
        np.testing.assert_allclose(to_numpy(got), want, rtol=1e-8, atol=1e-8)
        assert d.check(seed=seed, sizes=sizes) < 1e-6     # and matcalc's result is right
    return src


# ====================================================================================
# Correctness on the catalogue, the seeds and random expressions
# ====================================================================================

def _catalogue_entries():
    out = []
    for ident in catalogue.load():
        if ident.supported and ident.kind == "derivative" and ident.order == 1:
            out.append(pytest.param(ident, id=ident.id))
    return out


@pytest.mark.parametrize("ident", _catalogue_entries())
def test_catalogue_entry_numpy(ident):
    check_generated(ident.expr, ident.var, layout=ident.layout, **ident.declaration_dict())


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("text, wrt, decls", [
    ("0.5 * norm2(W' * h - y)^2", "W", {}),                          # seed 001
    ("0.5 * norm2(W2' * sigmoid(W1' * x) - y)^2", ["W1", "W2"], {}),  # two layers
    ("a' * inv(X) * b", "X", {}),
    ("logdet(S) - tr(inv(S) * C)", "S", {"S": "matrix(n) spd"}),
    ("sum(softplus(X*w)) - y' * X * w", "w", {}),                     # logistic regression
    ("A * x", ["A", "x"], {}),                                        # a tensor, a Jacobian
    ("R' * R", "R", {}),                                              # MML 5.13
    ("(x + 2*y^3)^2", ["x", "y"], {"x": "scalar", "y": "scalar"}),    # MML 5.6
    ("det(X) * tr(A * X)", "X", {}),
    ("sum(exp(A * x) ./ (ones(n) + exp(A * x)))", "x", {}),
])
def test_examples_every_target(target, text, wrt, decls):
    check_generated(text, wrt, target=target, **decls)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("text, wrt, decls", [
    ("sum(softplus(X*w)) - y' * X * w", "w", {}),
    ("x' * A * x + b' * x", "x", {}),
    ("tr(X' * A * X)", "X", {}),
])
def test_hessians_every_target(target, text, wrt, decls):
    check_generated(text, wrt, target=target, hessian=True, **decls)


@pytest.mark.parametrize("layout", ["numerator", "denominator", "mixed"])
def test_layouts(layout):
    check_generated("A * x", "x", layout=layout)
    check_generated("a' * X * b", "X", layout=layout)


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(expressions(max_depth=3, smooth=True))
def test_random_expressions(e):
    vs = sorted(E.variables(e), key=lambda v: v.name)
    assume(vs)
    # a size only a constant has (logsumexp(ones(m))) is refused by codegen (tested below)
    assume(set(N.dimension_symbols(e)) <= {s for v in vs for d in v.shape
                                           for s in d.free_symbols})
    try:
        d = mc.diff(e, vs[0])
        assume(d.check(sizes=TALL) < 1e-6)    # a point where finite differences can judge
    except mc.MatcalcError:
        assume(False)
    check_generated(e, vs[0].name)


# ====================================================================================
# The code is good code
# ====================================================================================

def test_shared_subexpressions_are_computed_once():
    src = codegen("sum(softplus(X*w)) - y' * X * w", "w", hessian_too=True)
    assert src.count("X @ w") == 1
    assert src.count("np.logaddexp(0.0, -") == 1           # σ(Xw) once


def test_an_inverse_in_a_product_is_a_solve():
    src = codegen("a' * inv(X) * b", "a")
    assert "np.linalg.solve" in src and "np.linalg.inv" not in src


def test_no_diagonal_matrix_is_built_to_multiply_by_it():
    body = codegen("sum(softplus(X*w))", "w", hessian_too=True).split('"""')[-1]
    assert "diagflat" not in body and "diag(" not in body
    # diag(v) X or Xᵀ diag(v) as a broadcast, whichever the multiplication order picks
    assert "* X" in body or "X.T * " in body


def test_log_determinant_is_slogdet_or_a_cholesky_factor():
    src = codegen("logdet(X)", "X")
    assert "slogdet" in src and "linalg.det(" not in src
    # positive definite, and S⁻¹ needed too: log det S = 2 Σ log Lᵢᵢ from S = LLᵀ
    src = codegen("logdet(S)", "S", S="matrix(n) spd")
    assert "np.linalg.cholesky(S)" in src and "slogdet" not in src
    check_generated("logdet(S)", "S", S="matrix(n) spd")


def test_sigmoid_and_softplus_are_stable():
    fn = load(codegen("sum(softplus(x))", "x"))
    value, grad = fn(np.array([-800.0, 0.0, 800.0]))
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.ravel(), [0.0, 0.5, 1.0])
    fn = load(codegen("sum(sigmoid(x))", "x"))
    value, _ = fn(np.array([-44.0]))
    assert value == pytest.approx(7.781132241133797e-20, rel=1e-12)


def test_inputs_are_checked_against_the_declared_dimensions():
    fn = load(codegen("a' * X * b", "X"))
    with pytest.raises(ValueError, match=r"b must have 3 \(m\) rows, not 4"):
        fn(np.ones(2), np.ones((2, 3)), np.ones(4))
    with pytest.raises(ValueError, match="X must be a matrix"):
        fn(np.ones(2), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"b must have 1 column, not 2"):
        fn(np.ones(2), np.ones((2, 3)), np.ones((3, 2)))


def test_vectors_may_be_one_or_two_dimensional():
    fn = load(codegen("a' * X * b", "X"))
    a, X, b = np.ones(2), np.arange(6.0).reshape(2, 3), np.arange(3.0)
    v1, g1 = fn(a, X, b)
    v2, g2 = fn(a.reshape(-1, 1), X, b.reshape(-1, 1))
    assert v1 == v2 and np.array_equal(g1, g2)


@pytest.mark.parametrize("target", ["numpy", "jax", "torch"])
def test_generated_code_passes_ruff(tmp_path, target):
    path = tmp_path / "generated.py"
    path.write_text(codegen("0.5 * norm2(W2' * tanh(W1' * x) - y)^2", ["W1", "W2"],
                            target=target, hessian_too=False))
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_imports_only_the_target_library():
    for target, allowed in (("numpy", {"numpy"}), ("jax", {"jax"}), ("torch", {"torch"})):
        src = codegen("a' * X * b", "X", target=target)
        imported = {line.split()[1].split(".")[0] for line in src.splitlines()
                    if line.startswith(("import ", "from "))}
        assert imported == allowed, (target, imported)


def test_docstring_states_formula_and_layout():
    src = codegen("a' * X * b", "X", layout="numerator")
    assert "f = aᵀXb" in src and "∂f/∂X = baᵀ" in src and "numerator layout" in src


def test_unknown_target_and_bad_name_are_refused():
    with pytest.raises(CodegenError, match="unknown target"):
        codegen("a' * X * b", "X", target="fortran")
    with pytest.raises(CodegenError, match="identifier"):
        codegen("a' * X * b", "X", name="my function")


@pytest.mark.skipif(not HAVE["jax"], reason="jax not installed")
def test_jax_code_compiles_under_jit():
    import jax
    jax.config.update("jax_enable_x64", True)
    fn = jax.jit(load(codegen("sum(softplus(X*w)) - y' * X * w", "w", target="jax",
                              hessian_too=True)))
    X, w, y = np.ones((4, 3)), np.ones(3) * 0.1, np.ones(4)
    value, grad, hess = fn(X, w, y)
    d = mc.diff("sum(softplus(X*w)) - y' * X * w", "w")
    want = d.evaluate({"X": X, "w": w, "y": y})  # 1-D, as w was given
    assert want.shape == (3,)
    np.testing.assert_allclose(np.asarray(grad).reshape(want.shape), want)
    assert d.check() < 1e-6
