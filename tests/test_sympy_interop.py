"""SymPy interoperability (issue 13 §5): `to_sympy` gives the SymPy matrix expression,
`from_sympy` reads it back, and `matcalc.diff` takes one.

Round trip: from_sympy(to_sympy(e)) simplifies to e (the same structure), over the
catalogue's functions and derivatives and over the hypothesis strategies; and SymPy's value of
to_sympy(e) at concrete sizes (dimensions substituted, random matrices put in, `.doit()`,
`.as_explicit()`) agrees with matcalc's NumPy evaluation."""
import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from sympy import matrices as sm

import matcalc as mc
from conftest import assert_numeric
from matcalc import catalogue
from matcalc import numeric as N
from matcalc.core import expr as E
from matcalc.core.shapes import as_dim
from strategies import expressions

SUPPORTED = [i for i in catalogue.load() if i.supported]


def _point(e: E.Expr) -> tuple:
    """(sizes, values): the first random point (seeds 0, 1, ...) where e is well-conditioned
    (finite, below 1e8: no near-singular inverse at random sizes)."""
    vs = E.variables(e)
    for seed in range(20):
        sizes = N.default_sizes(vs, None, seed, extra=N.dimension_symbols(e))
        env = N.sample_point(vs, sizes, seed)
        with np.errstate(all="ignore"):
            value = N.evaluate_2d(e, env, sizes)
        if np.all(np.isfinite(value)) and np.max(np.abs(value)) < 1e8:
            return sizes, env
    raise AssertionError(f"no well-conditioned point for {e}")


def _symbolic_matrix(x) -> bool:
    return isinstance(x, sm.MatrixExpr) and not isinstance(x, sympy.MatrixBase)


def sympy_value(z, symbols: dict, sizes: dict, env: dict) -> np.ndarray:
    """SymPy's value of z with the dimensions and the variables' values put in."""
    dims = {d._sympy_() if hasattr(d, "_sympy_") else d: sympy.Integer(k)   # Dim → Symbol
            for d, k in sizes.items()}
    put = {}
    for v, s in symbols.items():
        put[s.xreplace(dims) if isinstance(s, sm.MatrixSymbol) else s] = (
            sympy.ImmutableMatrix(env[v]) if isinstance(s, sm.MatrixSymbol)
            else sympy.Float(env[v][0, 0]))
    constants = (sm.OneMatrix, sm.Identity, sm.ZeroMatrix)
    value = z.xreplace(dims).replace(lambda x: isinstance(x, constants),
                                     lambda x: x.as_explicit())
    value = value.xreplace(put).doit()
    for _ in range(5):            # what doit() leaves symbolic (HadamardPower of entries, ...)
        if not value.atoms(sm.MatrixExpr) - value.atoms(sympy.MatrixBase):
            break
        value = value.replace(_symbolic_matrix, lambda x: x.as_explicit()).doit()
    return np.array(sympy.N(value).tolist() if value.is_Matrix else [[sympy.N(value)]],
                    dtype=float)


def assert_round_trip(e: E.Expr) -> None:
    symbols: dict = {}
    z = mc.to_sympy(e, symbols)
    back = mc.from_sympy(z, symbols)
    with sympy.evaluate(False):
        as_built = mc.to_sympy(e)
    # the same structure, unless SymPy's constructors rewrote the expression (det(AXB) =
    # det A det X det B, (A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹, 1/exp(α) = exp(−α): then only the value) or
    # e holds ones (1ᵀX1 is how SymPy says sum(X), and it is read back so)
    if as_built == z and not any(isinstance(x, E.Ones) for x in E.postorder(e)):
        assert mc.simplify(back) == mc.simplify(e), f"{e} → {z} → {back}"
    sizes, env = _point(e)
    want = N.evaluate_2d(e, env, sizes)
    for expr in (z, mc.to_sympy(back, dict(symbols))):
        got = sympy_value(expr, symbols, sizes, env)
        assert np.allclose(got.reshape(want.shape), want, rtol=1e-8, atol=1e-10), f"{e} → {z}"


def _convertible(e) -> bool:
    try:
        mc.to_sympy(e)
    except mc.MatcalcError:
        return False
    return True


# ====================================================================================
# to_sympy
# ====================================================================================

@pytest.mark.parametrize("text, want", [
    ("a' * X * b", "a.T*X*b"),
    ("tr(inv(X) * A)", "Trace(X**(-1)*A)"),
    ("log(det(S))", "log(Determinant(S))"),
    ("kron(A, B)", "KroneckerProduct(A, B)"),
    ("x .* y", "HadamardProduct(x, y)"),
    ("exp(X)", "Lambda(t, exp(t)).(X)"),
    ("sum(x)", "1*x"),
    ("log(a' * x)", "log(Trace(a.T*x))"),
])
def test_to_sympy_writes_sympy_matrix_expressions(text, want):
    e = mc.parse(text)
    assert str(mc.to_sympy(e)) == want == str(e.to_sympy())


def test_an_elementwise_function_of_a_matrix_is_sympys_applyfunc():
    X = mc.matrix("X", "n", "m")
    z = mc.sigmoid(X).to_sympy()
    t = sympy.Symbol("t", real=True)
    assert z == z.expr.applyfunc(sympy.Lambda(t, 1 / (1 + sympy.exp(-t))))
    assert z.shape == (sympy.Symbol("n", integer=True, positive=True),
                       sympy.Symbol("m", integer=True, positive=True))


def test_a_derivative_converts_its_closed_form_and_a_tensor_its_vec_form():
    d = mc.diff("a' * X * b", "X")
    assert str(d.to_sympy()) == "a*b.T" == str(mc.to_sympy(d))
    t = mc.diff("A * x", "A")
    assert str(t.expr.to_sympy()) == "KroneckerProduct(x.T, I)"
    assert_numeric(d)
    assert_numeric(t)


def test_what_sympy_cannot_say_is_a_clear_error():
    with pytest.raises(mc.MatcalcError, match="Norm2 .* SymPy has no norm"):
        mc.to_sympy(mc.parse("norm2(x)"))
    h = mc.hessian("log(det(X))", "X")
    with pytest.raises(mc.MatcalcError, match="tensor .* vec form .* commutation matrix"):
        h.to_sympy()
    assert_numeric(h)


# ====================================================================================
# from_sympy and diff
# ====================================================================================

def test_from_sympy_reads_shapes_from_matrix_symbols():
    n, m = sympy.symbols("n m")
    X, a, b = sm.MatrixSymbol("X", n, m), sm.MatrixSymbol("a", n, 1), sm.MatrixSymbol("b", m, 1)
    s = sympy.Symbol("s")
    e = mc.from_sympy(s * sympy.Trace(a.T * X * b) + sympy.Rational(1, 2) * sympy.exp(s))
    assert [(v.name, v.shape) for v in sorted(E.variables(e), key=lambda v: v.name)] == [
        ("X", (as_dim("n"), as_dim("m"))), ("a", (as_dim("n"), 1)), ("b", (as_dim("m"), 1)),
        ("s", (1, 1))]
    assert mc.simplify(e) == mc.simplify(mc.parse("s * a' * X * b + 0.5 * exp(s)", s="scalar"))


def test_from_sympy_recognises_the_elementwise_functions():
    n = sympy.Symbol("n")
    x, s, t = sm.MatrixSymbol("x", n, 1), sympy.Symbol("s"), sympy.Symbol("u")
    assert str(mc.from_sympy(1 / (1 + sympy.exp(-s)))) == "sigmoid(s)"
    assert str(mc.from_sympy(x.applyfunc(sympy.Lambda(t, sympy.log(1 + sympy.exp(t)))))) == \
        "softplus(x)"
    assert str(mc.from_sympy(sm.OneMatrix(1, n) * x.applyfunc(sympy.tanh))) == "sum(tanh(x))"


def test_diff_takes_a_sympy_matrix_expression():
    n = sympy.Symbol("n")
    x, A = sm.MatrixSymbol("x", n, 1), sm.MatrixSymbol("A", n, n)
    d = mc.diff(x.T * A * x, "x")
    assert str(d.expr) == "(A + Aᵀ)x"
    d2 = mc.diff(x.T * A * x, x)
    assert d2.expr == d.expr
    assert_numeric(d)


@pytest.mark.parametrize("make, construct", [
    (lambda X: X[0, 1], "MatrixElement"),
    (lambda X: sm.MatrixSlice(X, (0, 1, 1), (0, 1, 1)), "MatrixSlice"),
    (lambda X: sympy.Function("g")(sympy.Symbol("s")), "g"),
    (lambda X: sm.Adjoint(X), "Adjoint"),
])
def test_what_matcalc_cannot_say_is_a_clear_error(make, construct):
    X = sm.MatrixSymbol("X", 3, 3)
    with pytest.raises(mc.MatcalcError, match=f"SymPy's {construct}"):
        mc.from_sympy(make(X))


def test_text_is_not_sympy():
    with pytest.raises(TypeError, match="expected a SymPy expression"):
        mc.from_sympy("x' * A * x")


# ====================================================================================
# Round trips
# ====================================================================================

@pytest.mark.parametrize("ident", SUPPORTED, ids=lambda i: i.id)
def test_round_trip_over_the_catalogue(ident):
    decls = ident.declaration_dict()
    f = mc.parse(ident.expr, **decls)
    if _convertible(f):
        assert_round_trip(f)
    if ident.order == 1:
        d = mc.diff(ident.expr, ident.var, layout=ident.layout, **decls)
        if not d.is_tensor and _convertible(d.expr):
            assert_round_trip(d.expr)
        assert_numeric(d, seeds=(0,))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(expressions(max_depth=4, smooth=True))
def test_round_trip_over_random_expressions(e):
    if _convertible(e):
        assert_round_trip(e)


def test_inverse_of_a_scalar_round_trips():
    """β⁻¹𝟏 (found by the property above): a 1×1 inverse is SymPy's 1/β, not Inverse([β]),
    whose evaluation under evaluate(False) recursed without end in SymPy's row reduction."""
    beta = E.Var("beta", as_dim(1), as_dim(1))
    e = E.Scale(E.Inverse(beta), E.Ones(as_dim("m") * as_dim("n"), as_dim(1)))
    assert str(mc.to_sympy(E.Inverse(beta))) == "1/beta"
    assert_round_trip(e)                # structure and value at a random point
