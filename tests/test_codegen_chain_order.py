"""The order of matrix products in generated code (printing/chain_order.py): the classic
matrix-chain dynamic programme over the sizes given (or declared as numbers), the rule
"vectors first" when sizes are unknown; the order picked is the cheapest of all
parenthesisations, and the generated code agrees with `Derivative.evaluate` and with finite
differences whatever the order."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from test_codegen import TARGETS, check_generated, load, to_numpy

import matcalc as mc
from matcalc.codegen import codegen
from matcalc.core import build as B
from matcalc.core import expr as E
from matcalc.printing.chain_order import Cost, order, size


def body(src: str) -> str:
    return src.split('"""')[-1]


def test_a_chain_ending_in_a_vector_is_evaluated_right_to_left():
    src = check_generated("A*B*C*x", "x")
    assert "A @ (B @ (C @ x))" in body(src)


def test_a_chain_starting_with_a_covector_is_evaluated_left_to_right():
    src = check_generated("a'*A*B*C", "a")
    assert "((a.T @ A) @ B) @ C" in body(src)


def test_unknown_sizes_square_chain_is_left_to_right():
    src = check_generated("tr(A*B*C)", "A")
    assert "(A @ B) @ C" in body(src)


SIZES = {"n": 60, "m": 60, "k": 60, "p": 2}     # A n×m, B m×k, C k×p: C thin


def _run_with_sizes(text, wrt, sizes, **decls):
    """The generated code (ordered for `sizes`) at a random point of those sizes, against
    evaluate; matcalc's derivative against finite differences."""
    src = codegen(text, wrt, sizes=sizes, **decls)
    f = mc.parse(text, **decls)
    rng = np.random.default_rng(1)
    params = src.split("def f(", 1)[1].split(")", 1)[0].split(", ")
    shapes = {v.name: tuple(int(d.subs(sizes)) for d in v.shape) for v in E.variables(f)}
    values = {name: rng.normal(size=s) / np.sqrt(max(s)) for name, s in shapes.items()}
    out = load(src)(*[values[p] for p in params])
    d = mc.diff(f, wrt)
    np.testing.assert_allclose(to_numpy(out[0]), mc.evaluate(f, values), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(to_numpy(out[1]), d.evaluate(values), rtol=1e-9, atol=1e-12)
    assert d.check() < 1e-6
    return src


def test_given_sizes_pick_the_cheapest_order_not_left_to_right():
    """A(BC) costs 60·60·2 + 60·60·2 multiplications, (AB)C 60³ + 60·60·2: the programme
    picks A(BC) where left to right would not."""
    text = "sum(A*B*C)"
    assert "(A @ B) @ C" in body(codegen(text, "A"))          # sizes unknown: left to right
    src = _run_with_sizes(text, "A", SIZES)
    assert "A @ (B @ C)" in body(src)


def test_declared_numeric_sizes_are_used():
    decls = {"A": "matrix(40, 40)", "B": "matrix(40, 40)", "C": "matrix(40, 3)"}
    src = check_generated("sum(A*B*C)", "B", sizes={}, **decls)
    assert "A @ (B @ C)" in body(src)


@pytest.mark.parametrize("target", TARGETS)
def test_every_target_agrees_in_any_order(target):
    check_generated("x' * A * B * C * y", ["x", "B"], target=target)
    check_generated("a' * inv(X) * A * B * b", ["a", "A"], target=target)


# ------------------------------------------------------------------------------------
# The programme itself: the cheapest of all parenthesisations
# ------------------------------------------------------------------------------------

def _trees(i, j):
    if i == j:
        yield i
        return
    for s in range(i, j):
        for left in _trees(i, s):
            for right in _trees(s + 1, j):
                yield (left, right)


def _cost(tree, dims):
    """(multiplications, (rows, cols)) of a tree over plain matrices."""
    if isinstance(tree, int):
        return 0, (dims[tree], dims[tree + 1])
    cl, (r, q) = _cost(tree[0], dims)
    cr, (_, c) = _cost(tree[1], dims)
    return cl + cr + r * q * c, (r, c)


@pytest.mark.parametrize("seed", range(40))
def test_dynamic_programme_is_optimal(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 7))
    dims = [int(x) for x in rng.integers(1, 50, size=k + 1)]
    names = [f"d{i}" for i in range(k + 1)]
    factors = [B.matrix(f"M{i}", names[i], names[i + 1]) for i in range(k)]
    sizes = dict(zip(names, dims))
    chosen = _cost(order(factors, sizes), dims)[0]
    best = min(_cost(t, dims)[0] for t in _trees(0, k - 1))
    assert chosen == best


def test_unknown_sizes_compare_by_leading_power():
    n = size(B.matrix("A", "n", "m").shape[0], {})
    assert (n * n * n).key() > (n * n + n * n).key() > (n * n).key()
    assert Cost({0: 5}).key() < n.key()
    assert list(itertools.islice(_trees(0, 2), 2)) == [(0, (1, 2)), ((0, 1), 2)]


def test_the_command_line_takes_the_sizes():
    """`matcalc codegen --sizes` gives codegen its sizes (the same order as the API), and a
    malformed size is refused with an example."""
    from cli_runner import output_of, refusal
    decls = ["-d", "A: matrix(n,m)", "-d", "B: matrix(m,k)", "-d", "C: matrix(k,p)"]
    sizes = ",".join(f"{k}={v}" for k, v in SIZES.items())
    src = output_of("codegen", "sum(A*B*C)", "-x", "A", *decls, "--sizes", sizes)
    assert src == codegen("sum(A*B*C)", "A", sizes=SIZES, A="matrix(n,m)", B="matrix(m,k)",
                          C="matrix(k,p)")
    assert "A @ (B @ C)" in body(src)
    assert "--sizes n=3,m=4" in refusal(2, "codegen", "sum(A*B*C)", "-x", "A", "--sizes", "n=x")
