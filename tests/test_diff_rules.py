"""Every row of the rule table, checked numerically (as autograd's test_linalg does)."""
import pytest

import matcalc as mc
from matcalc.diff import derive
from matcalc.diff.registry import RULES
from matcalc.core import expr as E
from conftest import assert_numeric

X = mc.matrix("X", "n")
Y = mc.matrix("Y", "n")
A = mc.matrix("A", "n")
R = mc.matrix("R", "m", "n")
x = mc.vector("x", "n")
a = mc.vector("a", "n")
s = mc.scalar("s")
S = mc.matrix("S", "n", spd=True)

# (rule, function, variable) — one or more per node type of the language
CASES = {
    "33 constant": (a.T @ x + mc.tr(A), x),
    "34 scaling": (s * X, X),
    "34 varying scale": (s * X, s),
    "35 sum": (X + A @ X, X),
    "36 trace": (mc.tr(A @ X), X),
    "37 product": (X @ Y @ X, X),
    "38 hadamard": (mc.hadamard(X, X @ A), X),
    "39 kronecker": (mc.kron(A, X), X),
    "39 kronecker left": (mc.kron(X, R), X),
    "40 inverse": (mc.inv(X), X),
    "41 determinant": (mc.det(X), X),
    "43 log-determinant": (mc.logdet(S), S),
    "44 transpose": (X.T @ A, X),
    "matrix power": (mc.matrix_power(X, 3), X),
    "exp": (mc.exp(A @ x), x),
    "log": (mc.sum(mc.log(X)), X),
    "sin": (mc.sin(X), X),
    "cos": (mc.cos(a.T @ x), x),
    "tanh": (mc.tanh(X), X),
    "sigmoid": (mc.sigmoid(x), x),
    "softplus": (mc.softplus(x), x),
    "sqrt": (mc.sqrt(X), X),
    "abs": (mc.abs(x), x),
    "elementwise power": (x ** 3, x),
    "scalar power": ((a.T @ x) ** 2, x),
    "fractional power": ((x.T @ x) ** mc.core.build.num("0.5"), x),
    "division by scalar": (X / mc.tr(X), X),
    "elementwise division": (mc.core.build.hadamard_div(X, A @ X), X),
    "diag of vector": (mc.diag(x), x),
    "diag of matrix": (mc.diag(X), X),
    "vec": (mc.vec(X @ A), X),
    "sum": (mc.sum(X @ X), X),
    "norm2": (mc.norm2(x - a), x),
    "frob": (mc.frob(X), X),
    "norm1": (mc.norm1(X), X),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_numerically(name):
    f, v = CASES[name]
    assert_numeric(derive(f, v))


def test_every_node_type_has_a_rule():
    inner = {E.Add, E.MatMul, E.Scale, E.Transpose, E.Inverse, E.Trace, E.Det, E.LogDet,
             E.Hadamard, E.HadamardDiv, E.Kron, E.MatPow, E.Func, E.Power, E.Diag,
             E.DiagPart, E.Vec, E.Unvec, E.SumEntries, E.Norm2, E.Frob, E.Norm1}
    constants = {E.Num, E.Zero, E.Identity, E.Ones, E.Commutation, E.Delta}
    assert inner | constants <= set(RULES)


def test_rules_cite_the_cookbook_for_section_2_1():
    cited = {RULES[t].cite for t in (E.Scale, E.Add, E.Trace, E.MatMul, E.Hadamard, E.Kron,
                                     E.Inverse, E.Det, E.LogDet, E.Transpose)}
    assert cited == {f"Cookbook ({n})" for n in (34, 35, 36, 37, 38, 39, 40, 41, 43, 44)}


def test_inverse_rule_is_eq_40():
    d = derive(mc.inv(X), X)
    dX = E.Delta(X)
    assert d.differential == mc.simplify(-(mc.inv(X) @ dX @ mc.inv(X)))


def test_differential_of_elementwise_function_comes_from_sympy():
    from matcalc.diff.scalar_calculus import derivative_of
    assert str(derivative_of("sigmoid")) == "s*(1 - s)"
    assert str(derivative_of("tanh")) == "1 - tanh(t)**2"
    assert str(derivative_of("softplus")) == "s"
