"""Identification (diff/identify.py): the kind as data, the trace-form pullback of every
operator (linear ones from their adjoint), and the Kronecker product's own pullback."""

import numpy as np
import pytest

import matcalc as mc
from matcalc.core import build as B
from matcalc.core import expr as E
from matcalc.core.operators import OPERATORS
from matcalc.core.shapes import as_dim
from matcalc.diff import Kind
from matcalc.diff import layout as L
from matcalc.diff import trace_form, vec_form
from matcalc.printing.steps import steps_latex, steps_text
from conftest import assert_derivative, assert_numeric

KRON = {"A": "matrix(m, n)", "B": "matrix(m, n)", "X": "matrix(p, q)"}


# ====================================================================================
# The Kronecker product: a trace-form pullback of its own
# ====================================================================================

def test_sum_of_kron_is_sum_A_times_ones():
    # ⟨𝟏𝟏ᵀ, A ⊗ dX⟩ = ⟨𝟏 ⊗ 𝟏, A ⊗ dX⟩ = sum(A)·⟨𝟏, dX⟩
    d = mc.diff("sum(kron(A, X))", "X", **KRON)
    assert str(d) == "sum(A)ones(p, q)"
    assert mc.to_ascii(d.expr) == "sum(A)*ones(p, q)"
    assert_numeric(d)


def test_trace_of_kron_is_tr_A_times_I():
    # Cookbook (105): ⟨I(mp), A ⊗ dX⟩ = ⟨I ⊗ I, A ⊗ dX⟩ = tr(A)·tr(dX)
    d = mc.diff("tr(kron(A, X))", "X", A="matrix(m)", X="matrix(p)")
    assert str(d) == "tr(A)Iₚ"
    assert mc.to_ascii(d.expr) == "tr(A)*I(p)"
    assert_numeric(d)


def test_sum_of_hadamard_of_krons():
    # (A ⊗ dX) ∘ (B ⊗ X): the cotangent 𝟏 ∘ (B ⊗ X) = (𝟏 ∘ B) ⊗ (𝟏 ∘ X) is a Kronecker product
    d = mc.diff("sum(kron(A, X) .* kron(B, X))", "X", **KRON)
    assert_derivative(d, "2tr(ABᵀ)X")


def test_rank_one_cotangent_is_a_block_contraction():
    # Σ_ij A_ij aᵢ bⱼᵀ with aᵢ, bⱼ the blocks of a and b
    d = mc.diff("a' * kron(A, X) * b", "X", **KRON)
    assert_derivative(d, "unvec(a, p, m)A unvec(b, q, n)ᵀ")


SQUARE = {"A": "matrix(m)", "X": "matrix(p)"}


@pytest.mark.parametrize("text, wrt, decl", [
    ("sum(kron(A, X))", "X", KRON), ("sum(kron(X, A))", "X", KRON),
    ("tr(kron(A, X))", "X", SQUARE), ("tr(kron(X, A))", "X", SQUARE),
    ("tr(kron(X, X))", "X", SQUARE), ("sum(kron(X, X))", "X", KRON),
    ("sum(kron(A, X) .* kron(B, X))", "X", KRON), ("tr(kron(A, X)' * kron(B, X))", "X", KRON),
    ("a' * kron(A, X) * b", "X", KRON), ("a' * kron(X, A) * b", "X", KRON),
    ("norm2(kron(a, x))^2", "x", {}),
])
def test_kronecker_cotangents_give_closed_forms(text, wrt, decl):
    d = mc.diff(text, wrt, **decl)
    shown = str(d).replace("unvec(a, ", "").replace("unvec(b, ", "")    # block columns
    assert "unvec(" not in shown and "commutation" not in shown, shown
    assert_numeric(d)


@pytest.mark.parametrize("text", [
    "tr(kron(A, X) * C)", "tr(kron(X, A) * C')", "sum(kron(A, X) .* exp(kron(B, X)))",
    "sum(exp(kron(X, A)))",
])
def test_general_cotangents_through_the_block_contraction(text, layout):
    # no Kronecker or rank-one form: vec G = Mᵀ vec C, inside the Kronecker pullback
    assert_numeric(mc.diff(text, "X", layout, **KRON))


def test_as_kron_reads_kronecker_forms():
    m, n, p, q = "m", "n", "p", "q"
    A, Q = mc.matrix("A", m, n), mc.matrix("Q", p, q)
    ls, rs = A.shape, Q.shape
    assert trace_form.as_kron(E.Ones(*E.Kron(A, Q).shape), ls, rs) == \
        (None, E.Ones(*ls), E.Ones(*rs))
    assert trace_form.as_kron(B.scale(2, B.kron(A, Q).T), ls[::-1], rs[::-1]) == \
        (E.Num(2), A.T, Q.T)
    assert trace_form.as_kron(A @ mc.matrix("Z", n, m) @ A, ls, ls) is None


# ====================================================================================
# Linear operators: their adjoints, and where the pullback takes them from
# ====================================================================================

def _inner(C, Y):
    return float(np.sum(C * Y))


ADJOINT_CASES = {                       # op(Y) at concrete sizes
    E.Trace: lambda: E.Trace(mc.matrix("Y", 4, 4)),
    E.Transpose: lambda: E.Transpose(mc.matrix("Y", 4, 3)),
    E.Vec: lambda: E.Vec(mc.matrix("Y", 4, 3)),
    E.Unvec: lambda: E.Unvec(mc.vector("y", 12), as_dim(3), as_dim(4)),
    E.Diag: lambda: E.Diag(mc.vector("y", 4)),
    E.DiagPart: lambda: E.DiagPart(mc.matrix("Y", 4, 4)),
    E.SumEntries: lambda: E.SumEntries(mc.matrix("Y", 4, 3)),
}


@pytest.mark.parametrize("node", sorted(ADJOINT_CASES, key=lambda t: t.__name__))
def test_adjoint_keeps_the_inner_product(node):
    # ⟨C, op(Y)⟩ = ⟨op*(C), Y⟩ at random Y and C
    e = ADJOINT_CASES[node]()
    Y, C = e.arg, mc.matrix("C", *e.shape)
    rng = np.random.default_rng(0)
    vals = {v.name: rng.standard_normal(tuple(int(d) for d in v.shape)) for v in (Y, C)}
    value = lambda x: np.atleast_2d(mc.evaluate(x, vals))                 # noqa: E731
    adj = trace_form.adjoint(node)(e, C)
    assert _inner(vals["C"], value(e)) == pytest.approx(_inner(value(adj), vals[Y.name]),
                                                        rel=1e-12, abs=1e-12)


def test_every_operator_linear_in_dX_has_a_pullback_and_a_vec_rule():
    for node, s in OPERATORS.items():
        if s.linear or s.multilinear:
            assert node is E.Add or node in trace_form.PULLBACK, node.__name__
            assert node is E.Add or node in vec_form.VEC_RULES, node.__name__
    assert E.HadamardDiv in trace_form.PULLBACK and E.HadamardDiv in vec_form.VEC_RULES


def test_adjoint_is_read_from_the_operator_spec():
    for node, s_ in OPERATORS.items():
        if s_.linear:
            assert s_.adjoint is not None, node.__name__
            assert trace_form.adjoint(node) is s_.adjoint


# ====================================================================================
# The kind as data
# ====================================================================================

def test_nine_kinds_each_identified_one_way():
    assert len(Kind) == 9
    for kind in Kind:
        ways = [kind.by_scalar, kind.is_gradient, kind.is_jacobian, kind.is_tensor]
        assert sum(ways) == 1, kind
        assert kind == f"{kind.function_role}-by-{kind.variable_role}"
        assert Kind(str(kind)) is kind


def test_kind_of_shapes():
    n, m = mc.vector("x", "n"), mc.matrix("M", "n", "m")
    row = mc.vector("x", "n").T
    assert Kind.of(mc.scalar("s").shape, m.shape) is Kind.SCALAR_BY_MATRIX
    assert Kind.of(row.shape, n.shape) is Kind.VECTOR_BY_VECTOR      # a covector value
    assert Kind.of(n.shape, row.shape) is Kind.VECTOR_BY_MATRIX      # a covector variable
    assert Kind.of(m.shape, mc.scalar("s").shape).is_tensor is False


def test_layout_takes_a_kind_or_its_text(layout):
    f, x = mc.vector("y", "m").shape, mc.vector("x", "n").shape
    for kind in Kind:
        if not kind.is_tensor:
            assert L.transposed(kind, layout) == L.transposed(str(kind), layout)
    assert L.expected_shape(Kind.VECTOR_BY_VECTOR, layout, f, x) == \
        L.expected_shape("vector-by-vector", layout, f, x)


@pytest.mark.parametrize("text, wrt, kind", [
    ("sin(alpha) * alpha", "alpha", "scalar-by-scalar"),
    ("x' * A * x", "x", "scalar-by-vector"),
    ("A * x", "x", "vector-by-vector"),
    ("A * x", "A", "vector-by-matrix"),
    ("X * B", "X", "matrix-by-matrix"),
])
def test_derivative_kind_is_a_kind(text, wrt, kind):
    d = mc.diff(text, wrt)
    assert isinstance(d.kind, Kind) and d.kind == kind
    assert_numeric(d)


# ====================================================================================
# Steps are printed by printing/steps.py
# ====================================================================================

def test_steps_printed_in_printing():
    d = mc.diff("A * x", "A", A="matrix(m, n)")
    assert d.steps_text() == steps_text(d.steps)
    assert d.steps_latex() == steps_latex(d.steps)
    lines = d.steps_text().splitlines()
    assert "5. ∂f_i/∂A_kl = δ_ik x_l    [index form: ∂F_ij/∂X_kl from dF = Σ P dX Q]" in lines
    assert r"\frac{\partial f_{i}}{\partial {A}_{kl}} = \delta_{ik} {x}_{l} &&" in \
        d.steps_latex()
    assert_numeric(d)
