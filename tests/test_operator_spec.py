"""The operator spec is complete: every node type is in every table derived from it, every
elementwise function's derivative (taken by sympy from its definition) agrees with finite
differences, every linear operator's adjoint is its adjoint, and docs/language.md lists the
language's functions."""
import re
from pathlib import Path

import numpy as np
import pytest
import sympy

import matcalc as mc
from conftest import assert_numeric
from matcalc.core import build as B
from matcalc.core import expr as E
from matcalc.core.operators import (ALIASES, CALLS, FUNCTIONS, OPERATORS, call_names,
                                    spec)
from matcalc.core.operators.elementwise import t
from matcalc.core.shapes import dim_symbol
from matcalc.diff.registry import RULES as DIFFERENTIAL
from matcalc.diff.scalar_calculus import derivative_of, to_matcalc
from matcalc.language import parse as P
from matcalc.numeric.evaluate import _EVAL
from matcalc.printing import latex, precedence, text
from matcalc.simplify import order
from matcalc.simplify.rules_common import is_nonnegative, is_symmetric
from matcalc.to_sympy import to_sympy


def _node_types():
    out, todo = [], list(E.Expr.__subclasses__())
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(out, key=lambda c: c.__name__)


NODES = _node_types()


def test_the_walk_finds_every_node_type():
    assert {E.Var, E.Add, E.Func, E.Unvec, E.Commutation} <= set(NODES)
    assert len(NODES) == len(OPERATORS)


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
def test_every_node_type_is_in_every_table(node):
    op = spec(node)
    assert op.node is node
    assert node in text.RULES, "unicode/ASCII printer"
    assert node in latex.RULES, "LaTeX printer"
    assert node in precedence.LEVELS, "precedence"
    assert node in DIFFERENTIAL and DIFFERENTIAL[node].cite, "differential rule, cited"
    assert node in _EVAL or op.numpy == "given", "numeric evaluation"
    assert op.sympy is not None or op.no_sympy, "SymPy conversion or why there is none"
    assert node in order._RANK or node is E.Transpose, "order rank"
    assert op.rank, "order rank"
    assert op.shape is not None or "_check" in node.__dict__, "shape rule"


def test_ranks_are_distinct():
    ranks = [op.rank for op in OPERATORS.values()]
    assert len(ranks) == len(set(ranks))


def test_linear_and_multilinear_drive_the_differential():
    """Linearity and the product rule are registered from the declared property, never
    restated: a linear operator's rule is op(dX), a multilinear one's has one term per
    varying argument (and the derivatives they give agree with finite differences)."""
    X, A = mc.matrix("X"), mc.matrix("A")
    dX = E.Delta(X)
    d = DIFFERENTIAL[E.Kron].apply(E.Kron(X, X), lambda k: dX if k == X else None)
    assert d == B.add(E.Kron(dX, X), E.Kron(X, dX))
    assert DIFFERENTIAL[E.Transpose].apply(E.Transpose(X), lambda k: dX) == E.Transpose(dX)
    assert_numeric(mc.diff(mc.sum(mc.kron(X, A @ X)) + mc.tr(X.T @ A), X))


def test_the_spec_api():
    for node in NODES:
        op = spec(node)
        assert isinstance(op.linear, bool) and isinstance(op.multilinear, bool)
        assert isinstance(op.elementwise, bool)
        assert not (op.linear and op.multilinear)
    X = mc.matrix("X")
    assert spec(mc.tr(X)) is spec(E.Trace) and spec(E.Trace).linear
    assert spec(E.MatMul).multilinear and spec(E.Func).elementwise
    assert OPERATORS[E.Kron].multilinear
    assert spec(E.Inverse).keeps_symmetry and not spec(E.Trace).keeps_symmetry
    assert spec(E.Hadamard).keeps_nonnegativity and not spec(E.Inverse).keeps_nonnegativity


@pytest.mark.parametrize("text, symmetric, nonnegative", [
    ("inv(S) + S", True, False), ("S ∘ exp(S)", True, False), ("exp(X)", False, True),
    ("x' x", True, True), ("sigmoid(x) ∘ abs(x)", False, True), ("A' A", True, False),
])
def test_symmetry_and_sign_follow_the_declarations(text, symmetric, nonnegative):
    e = mc.parse(text, S="matrix(n) symmetric", X="matrix(n, m)", A="matrix(m, n)")
    assert is_symmetric(e) is symmetric
    assert is_nonnegative(e) is nonnegative


# ---- the language's calls ------------------------------------------------------------------

def test_every_call_parses_to_its_operator():
    for name, ops in CALLS.items():
        example = {"kron": "kron(X, Y)", "eye": "eye(n)", "ones": "ones(n, m)",
                   "zeros": "zeros(n)", "commutation": "commutation(m, n)",
                   "unvec": "unvec(vec(X), n, n)", "diag": "diag(x)",
                   "norm2": "norm2(x)"}.get(name, f"{name}(X)")
        e = mc.parse(example, X="matrix(n)", x="vector(n)", Y="matrix(m, k)")
        assert type(e) in {op.node for op in ops}, name
    for name in FUNCTIONS:
        e = mc.parse(f"{name}(X)", X="matrix(n)")
        assert e == E.Func(name, mc.matrix("X"))


def test_function_names_come_from_the_spec():
    assert P.FUNCTIONS == call_names()
    assert set(call_names()) == set(CALLS) | set(FUNCTIONS)
    assert call_names()[:2] == ("tr", "det")
    for alias, name in ALIASES.items():
        assert name in call_names() or name == "'"


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_aliases_are_suggested(alias):
    with pytest.raises(mc.ParseError, match=f"did you mean '{re.escape(ALIASES[alias])}'"):
        mc.parse(f"{alias}(X)")


def test_builders_and_public_api_are_generated():
    x = mc.vector("x")
    for f in FUNCTIONS.values():
        assert getattr(B, f.python_name)(x) == E.Func(f.name, x)
        assert getattr(mc, f.name)(x) == E.Func(f.name, x)


# ---- the shape rule, written once ----------------------------------------------------------

def test_shape_errors_name_the_operator_and_the_shapes():
    R = mc.matrix("R", "n", "m")
    with pytest.raises(mc.ShapeError,
                       match=r"cannot take the trace of R \(n×m\): it is not square"):
        mc.tr(R)
    with pytest.raises(mc.ShapeError, match=r"log-determinant of R \(n×m\)"):
        mc.logdet(R)
    with pytest.raises(mc.ShapeError, match=r"cannot add R \(n×m\) and Rᵀ \(m×n\)"):
        E.Add((R, R.T))
    with pytest.raises(mc.ShapeError, match=r"inner dimensions m and n differ"):
        E.MatMul((R, R))
    with pytest.raises(mc.ShapeError, match=r"cannot reshape x \(n×1\) into m×m"):
        E.Unvec(mc.vector("x"), mc.core.shapes.as_dim("m"), mc.core.shapes.as_dim("m"))


def test_inference_uses_the_same_shape_rules():
    e = mc.parse("tr(X) + logdet(Y) + sum(unvec(v, p, q))")
    assert e.free_symbols and all(v.shape[0] == v.shape[1] for v in e.free_symbols
                                  if v.name in "XY")
    v = next(v for v in e.free_symbols if v.name == "v")
    assert str(v.shape[0]) == "p*q"
    with pytest.raises(mc.DeclarationError, match="square"):
        mc.parse("tr(x)")


# ---- adjoints of the linear operators ------------------------------------------------------

def _linear_examples():
    X, R = mc.matrix("X"), mc.matrix("R", "n", "m")
    x, v = mc.vector("x"), mc.vector("v", dim_symbol("n") * dim_symbol("m"))
    return {
        E.Add: (X + X.T, X), E.Trace: (mc.tr(X), X), E.Transpose: (R.T, R),
        E.Diag: (mc.diag(x), x), E.DiagPart: (mc.diag(X), X), E.Vec: (mc.vec(R), R),
        E.Unvec: (E.Unvec(v, R.rows, R.cols), v), E.SumEntries: (mc.sum(R), R),
    }


def test_every_linear_operator_has_an_example():
    assert {n for n, op in OPERATORS.items() if op.linear} == set(_linear_examples())


@pytest.mark.parametrize("node", sorted(_linear_examples(), key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_adjoint_satisfies_the_inner_product_identity(node):
    """⟨C, L(X)⟩ = ⟨L*(C), X⟩ at random X and C (each term of a sum gets C)."""
    e, arg = _linear_examples()[node]
    C = mc.matrix("C", *e.shape) if not e.is_scalar else mc.scalar("c")
    adjoint = spec(node).adjoint(e, C)
    assert adjoint.shape == arg.shape
    rng = np.random.default_rng(3)
    sizes = {dim_symbol("n"): 3, dim_symbol("m"): 2}
    values = {v.name: rng.standard_normal(tuple(int(d.subs(sizes)) for d in v.shape))
              for v in (arg, C)}
    lhs = mc.evaluate(mc.sum(mc.hadamard(C, e)) if not e.is_scalar else C * e, values)
    if node is E.Add:
        rhs = sum(mc.evaluate(mc.sum(mc.hadamard(adjoint, term)), values) for term in e.terms)
    else:
        rhs = mc.evaluate(mc.sum(mc.hadamard(adjoint, arg)) if not arg.is_scalar
                          else adjoint * arg, values)
    assert np.isclose(lhs, rhs, rtol=1e-10)


# ---- elementwise functions -----------------------------------------------------------------

def _inside_every_domain(x):
    """0.5 + 0.5σ(x), entries in (0.5, 1): inside the domain of every function (log, sqrt,
    tan, ...) and away from 0 (abs)."""
    return B.num("0.5") * B.ones(*x.shape) + B.num("0.5") * mc.sigmoid(x)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_derivative_of_every_function_agrees_with_finite_differences(name):
    x, s = mc.vector("x"), mc.scalar("s")
    f = FUNCTIONS[name]
    assert_numeric(mc.diff(mc.sum(getattr(B, f.python_name)(_inside_every_domain(x))), x))
    assert_numeric(mc.diff(getattr(B, f.python_name)(_inside_every_domain(x)), x))
    assert_numeric(mc.diff(getattr(B, f.python_name)(
        B.num("0.5") + B.num("0.5") * mc.sigmoid(s)), s))


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_numpy_implementation_is_the_sympy_definition(name):
    f = FUNCTIONS[name]
    points = np.linspace(0.55, 0.95, 9)
    exact = sympy.lambdify(t, f.definition, "numpy")(points)
    assert np.allclose(f.numpy(points), exact, rtol=1e-12)
    s = mc.scalar("s")
    fp = to_matcalc(derivative_of(name), s)
    h = 1e-6
    for p in points[::4]:
        central = (f.numpy(p + h) - f.numpy(p - h)) / (2 * h)
        assert np.isclose(mc.evaluate(fp, {"s": p}), central, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_prints_and_reads_back(name):
    x = mc.vector("x")
    e = getattr(B, FUNCTIONS[name].python_name)(x)
    assert mc.parse(mc.to_text(e), x="vector(n)") == e
    assert mc.parse(mc.to_ascii(e), x="vector(n)") == e
    before, after = FUNCTIONS[name].latex
    assert mc.to_latex(e) == before + r"\mathbf{x}" + after


def test_to_sympy_of_a_scalar_function_is_its_definition():
    s = mc.scalar("s")
    for f in FUNCTIONS.values():
        got = to_sympy(getattr(B, f.python_name)(s))
        assert sympy.simplify(got - f.definition.subs(t, sympy.Symbol("s"))) == 0


# ---- docs/language.md ----------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "language.md"


def _documented_functions() -> set:
    section = DOCS.read_text(encoding="utf-8").split("## Functions", 1)[1].split("\n## ", 1)[0]
    names = {m.group(1) for m in re.finditer(r"`([A-Za-z]\w*)[`(]", section)}
    return names - {"I"} - set(ALIASES)


def test_docs_list_every_function_of_the_language():
    """Every documented function exists, every operator's call is documented (the
    elementwise functions are listed there too, but a new one is one spec entry plus its
    tests: the docs follow in their own commit)."""
    documented = _documented_functions()
    assert documented <= set(call_names()), documented - set(call_names())
    assert set(CALLS) <= documented, set(CALLS) - documented


def test_inference_error_quotes_the_whole_call():
    with pytest.raises(mc.DeclarationError,
                       match=r"`tr\(x\)` needs a square matrix \(the argument of a trace\)"):
        mc.parse("tr(x)")
