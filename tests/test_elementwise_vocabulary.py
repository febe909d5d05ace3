"""relu, step, sign, arcsin, arccos, arctan, log1p and expm1: one entry each in the
elementwise-function spec (core/operators/elementwise.py), and nothing else written for them.

Each is derived (in every layout, by a vector, a matrix and a scalar variable), differentiated
twice, printed and read back, typeset (the LaTeX compiled), and turned into NumPy, JAX and
PyTorch code that agrees with `Derivative.evaluate`; every derivative is checked against
central finite differences. The arguments `x − 1` and `¼W(x − 1)` have entries of both signs
inside (−1, 1) at the check's points (entries of x in [0.5, 1.5]), so both sides of the kinks
of relu, step and sign, and the domains of arcsin, arccos and log1p, are exercised. The
numerical check's kink and domain mechanism (numeric/check.py) is tested at the end, and so
are norms without a subscript, ‖x‖ and ||x||.
"""
import shutil
import subprocess

import hypothesis.strategies as st
import numpy as np
import pytest
from conftest import assert_numeric
from hypothesis import given, settings
from test_codegen import TARGETS, check_generated

import matcalc as mc
from matcalc import numeric as N
from matcalc.codegen import CodegenError, codegen
from matcalc.core import expr as E
from matcalc.core.errors import MatcalcError, ParseError, ShapeError
from matcalc.numeric import check as C

NEW = ("relu", "step", "sign", "arcsin", "arccos", "arctan", "log1p", "expm1")
NON_SMOOTH = ("relu", "step", "sign")
DECL = {"W": "matrix(m, n)", "x": "vector(n)", "X": "matrix(n)", "y": "vector(n)",
        "s": "scalar"}

def _is_zero(e) -> bool:
    return isinstance(e, E.Zero) or (isinstance(e, E.Num) and e.value == 0)


def _vector_arg(name):
    return f"{name}(0.25 * W * (x - 1))"


# ---- derivatives in every layout -----------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_jacobian_in_every_layout(name, layout):
    d = mc.diff(_vector_arg(name), "x", layout=layout, **DECL)
    assert_numeric(d)
    rows, cols = d.shape if layout != "denominator" else d.shape[::-1]
    assert (str(rows), str(cols)) == ("m", "n")


@pytest.mark.parametrize("name", NEW)
def test_gradient_by_a_matrix_in_every_layout(name, layout):
    d = mc.diff(f"sum({_vector_arg(name)}) + y' * {name}(x - 1)", "W", layout=layout, **DECL)
    assert_numeric(d)


@pytest.mark.parametrize("name", NEW)
def test_derivative_by_a_scalar(name):
    assert_numeric(mc.diff(f"{name}(s - 1) * x", "s", **DECL))


@pytest.mark.parametrize("name", NEW)
def test_hessian(name):
    h = mc.hessian(f"sum({_vector_arg(name)}) + sum({name}(x - 1))", "x", **DECL)
    assert_numeric(h)
    if name in NON_SMOOTH:                      # 0 almost everywhere
        assert _is_zero(h.expr)


def test_hessian_of_a_squared_relu_keeps_the_step():
    h = mc.hessian("sum(relu(W * x - y' * x) .^ 2)", "x", **DECL)
    assert_numeric(h)
    assert "step" in str(h.expr)


# ---- printed forms -------------------------------------------------------------------------

def test_relu_gradient_is_a_step():
    d = mc.diff("sum(relu(W*x))", "x", **DECL)
    assert_numeric(d)
    assert str(d.expr) == "Wᵀstep(Wx)"
    assert mc.to_ascii(d.expr) == "W'*step(W*x)"


def test_softplus_spelled_with_log1p_has_the_sigmoid_as_gradient():
    d = mc.diff("sum(log1p(exp(x)))", "x", **DECL)
    assert_numeric(d)
    assert str(d.expr) == "sigmoid(x)"


@pytest.mark.parametrize("text, printed", [
    ("relu(s)", "step(s)"), ("abs(s)", "sign(s)"), ("expm1(s)", "exp(s)"),
    ("sum(expm1(x))", "exp(x)"),
])
def test_first_derivatives_print_through_the_language(text, printed):
    d = mc.diff(text, "s" if "(s)" in text else "x", **DECL)
    assert_numeric(d)
    assert str(d.expr) == printed


@pytest.mark.parametrize("text", ["sum(step(W*x))", "sum(sign(x - 1))", "step(s)", "sign(s)"])
def test_step_and_sign_have_zero_derivatives_almost_everywhere(text):
    d = mc.diff(text, "s" if "(s)" in text else "x", **DECL)
    assert_numeric(d)
    assert _is_zero(d.expr)


def test_no_sympy_function_leaks_into_a_derivative():
    for name in NEW:
        for wrt in ("x", "W"):
            d = mc.diff(f"sum({_vector_arg(name)})", wrt, **DECL)
            for word in ("Heaviside", "Max", "Piecewise", "DiracDelta", "asin", "atan", "acos"):
                assert word not in mc.to_ascii(d.expr), (name, mc.to_ascii(d.expr))


# ---- printers: round trips and LaTeX -------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_unicode_and_ascii_read_back(name):
    e = mc.parse(f"{name}(X x) + {name}(x' y) * X x - {name}(s) * y", **DECL)
    for printed in (mc.to_text(e), mc.to_ascii(e)):
        assert mc.parse(printed, **DECL) == e
    d = mc.diff(f"sum({_vector_arg(name)})", "W", **DECL)
    for printed in (mc.to_text(d.expr), mc.to_ascii(d.expr)):
        assert mc.parse(printed, **DECL) == d.expr


@pytest.mark.parametrize("name, latex", [
    ("arcsin", r"\arcsin("), ("arccos", r"\arccos("), ("arctan", r"\arctan("),
    ("relu", r"\operatorname{relu}("), ("step", r"\operatorname{step}("),
    ("sign", r"\operatorname{sign}("), ("log1p", r"\operatorname{log1p}("),
    ("expm1", r"\operatorname{expm1}("),
])
def test_latex_names(name, latex):
    assert mc.to_latex(mc.parse(f"{name}(x)", **DECL)).startswith(latex)


def test_latex_of_every_new_function_and_its_derivatives_compiles(tmp_path):
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex not found: install LaTeX to run the tests"
    parts = []
    for name in NEW:
        f = mc.parse(f"sum({_vector_arg(name)})", **DECL)
        g, h = mc.diff(f, "x"), mc.hessian(f, "x")
        assert_numeric(g)
        assert_numeric(h)
        parts.append(rf"\[ {f.to_latex()} \;\to\; {g.to_latex()} \;\to\; {h.to_latex()} \]")
    parts.append(mc.diff("sum(arcsin(x))", "x").steps_latex())
    doc = (r"\documentclass{article}\usepackage{amsmath}\usepackage[a4paper,margin=1cm,"
           r"landscape]{geometry}\begin{document}" + "\n\n".join(parts) + r"\end{document}")
    (tmp_path / "f.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "f.tex"],
                         check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "Undefined control sequence" not in run.stdout


# ---- generated code ------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", NEW)
def test_generated_code_agrees_with_the_derivative(name, target):
    """The value, gradient and Hessian of the generated function agree with matcalc's (and
    check_generated checks matcalc's against finite differences)."""
    src = check_generated(f"sum({_vector_arg(name)}) + y' * {name}(x - 1)", "x",
                          target=target, hessian=True, W="matrix(n, n)", x="vector(n)",
                          y="vector(n)")
    assert_numeric(mc.diff(f"sum({_vector_arg(name)}) + y' * {name}(x - 1)", "x", **DECL))
    assert "def f(" in src


# ---- the numerical check near kinks and domain ends ----------------------------------------

def _env(f, x_values):
    x = next(v for v in E.variables(f) if v.name == "x")
    sizes = {next(iter(x.shape[0].free_symbols)): len(x_values)}
    return {x: np.array(x_values, dtype=float).reshape(-1, 1)}, sizes


def test_a_point_near_a_kink_is_not_used():
    f = mc.parse("sum(relu(x - 1))", **DECL)
    env, sizes = _env(f, [0.5, 1.0 + 1e-7, 1.4])
    with pytest.raises(C.IllConditioned, match="kink"):
        C._conditioning((f,), env, sizes)
    env, sizes = _env(f, [0.5, 1.1, 1.4])
    C._conditioning((f,), env, sizes)                     # away from it: used


@pytest.mark.parametrize("text, values", [
    ("sum(arcsin(x))", [0.5, 1.2]), ("sum(arccos(x))", [0.5, 1.0]),
    ("sum(log1p(-x))", [0.5, 1.0]), ("sum(log(x - 1))", [1.5, 0.7]),
])
def test_a_point_outside_the_domain_is_not_used(text, values):
    f = mc.parse(text, **DECL)
    env, sizes = _env(f, values)
    with pytest.raises(C.IllConditioned, match="domain"):
        C._conditioning((f,), env, sizes)


@pytest.mark.parametrize("text", ["sum(arcsin(x))", "sum(arccos(x))", "sum(log1p(-2 * x))",
                                  "arcsin(x - 0.5)"])
def test_the_check_resamples_into_the_domain(text):
    """Entries of x are drawn in [0.5, 1.5]: outside arcsin's domain for some, outside
    log1p(−2x)'s for all; the check resamples (smaller values) and verifies."""
    assert_numeric(mc.diff(text, "x", **DECL))


def test_relu_derivative_on_both_sides_of_the_kink():
    """At a chosen point with arguments of both signs, the derivative agrees with central
    differences of the NumPy value."""
    f = mc.parse("sum(relu(x - 1) .* y) + relu(x' * y - 2)", **DECL)
    d = mc.diff(f, "x")
    xv = np.array([0.3, 1.7, 0.6, 1.2])
    yv = np.array([0.9, 1.1, 0.7, 1.3])
    env, sizes = _env(f, xv)
    y = next(v for v in E.variables(f) if v.name == "y")
    env[y] = yv.reshape(-1, 1)
    fd = N.finite_difference(f, d.wrt, env, sizes)
    got = d.evaluate({"x": xv, "y": yv})
    np.testing.assert_allclose(got.reshape(-1), fd.reshape(-1), rtol=1e-6, atol=1e-8)
    assert_numeric(d)


# ---- norms without a subscript --------------------------------------------------------------

@pytest.mark.parametrize("text", ["‖x‖", "||x||", "‖x‖₂", "||x||₂", "norm2(x)", "|| x ||"])
def test_bare_norm_is_the_euclidean_norm(text):
    e = mc.parse(text, **DECL)
    assert e == mc.norm2(mc.vector("x", "n"))
    v = np.array([0.3, -1.7, 2.0])
    assert np.isclose(mc.evaluate(e, {"x": v}), np.linalg.norm(v))


@pytest.mark.parametrize("text, same", [
    ("||X*x - y||^2", "norm2(X*x - y)^2"), ("‖x‖‖y‖", "norm2(x) * norm2(y)"),
    ("2||x|| + ||y||", "2*norm2(x) + norm2(y)"), ("‖x‖ * ‖y‖₂", "norm2(x)*norm2(y)"),
    ("‖s*‖x‖ y‖", "norm2(s*norm2(x)*y)"),
    ("||X||_F", "frob(X)"), ("‖x − y‖", "norm2(x - y)"),
    ("‖‖x‖ * y‖", "norm2(norm2(x)*y)"), ("‖s * ‖x‖₂ y‖", "norm2(s*norm2(x)*y)"),
])
def test_bare_norms_in_context(text, same):
    e = mc.parse(text, **DECL)
    assert e == mc.parse(same, **DECL)
    for wrt in sorted(v.name for v in E.variables(e)):
        assert_numeric(mc.diff(e, wrt))


def test_least_squares_typed_with_ascii_bars():
    d = mc.diff("0.5 * ||W' * x - y||^2", "W", W="matrix(n, n)", x="vector(n)",
                y="vector(n)")
    assert_numeric(d)
    assert str(d.expr) == "x(Wᵀx - y)ᵀ"


def test_bare_norm_of_a_matrix_is_refused_with_the_frobenius_spelling():
    with pytest.raises(ShapeError, match="frob"):
        mc.parse("‖X‖", **DECL)


@pytest.mark.parametrize("text, column", [("||x", 3), ("‖x", 2), ("|x|", 1), ("‖x‖‖", 4)])
def test_unbalanced_bars_are_syntax_errors_with_a_caret(text, column):
    with pytest.raises(ParseError) as info:
        mc.parse(text, **DECL)
    err = info.value
    assert err.column == column
    assert "\ue000" not in str(err)
    assert err.context.splitlines()[0] == text


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(["‖", "||", "|", "‖₂", "‖_F", "x", "y", "s", "X", "*", "+",
                                 "(", ")", " ", "2", "'", "^2"]), max_size=12))
def test_any_arrangement_of_bars_parses_or_gives_a_located_error(tokens):
    text = "".join(tokens)
    try:
        e = mc.parse(text, **DECL)
    except MatcalcError as err:
        assert "\ue000" not in str(err)
        return
    assert mc.parse(mc.to_text(e), **DECL) == e
    assert mc.parse(mc.to_ascii(e), **DECL) == e


@pytest.mark.parametrize("text", ["x' * x + logsumexp(ones(m))", "x' * x * sum(exp(ones(m)))"])
def test_codegen_takes_a_size_no_input_has(text):
    """Found by the strategies' logsumexp: no input fixes m, so the generated function takes
    it as a keyword-only argument (it used to recurse forever)."""
    assert_numeric(mc.diff(text, "x", x="vector(n)"))
    src = check_generated(text, "x", x="vector(n)")
    assert "def f(x, *, m):" in src
