"""All nine derivative kinds in the three layouts: shapes from the layout table, numbers from
finite differences."""
import pytest

import matcalc as mc
from matcalc.diff import Tensor, derive
from matcalc.diff.layout import expected_shape
from matcalc.core.shapes import as_dim
from conftest import assert_numeric

n, m, p, q = (as_dim(d) for d in "nmpq")
s = mc.scalar("s")
x = mc.vector("x", "n")
a = mc.vector("a", "m")
X = mc.matrix("X", "p", "q")
A = mc.matrix("A", "m", "n")
B = mc.matrix("B", "q", "m")

FUNCTIONS = {
    # kind: (f, wrt)
    "scalar-by-scalar": (mc.sin(s) * s, s),
    "scalar-by-vector": (mc.exp(a.T @ A @ x), x),
    "scalar-by-matrix": (mc.tr(X @ B @ A @ mc.ones("n", "p")), X),
    "vector-by-scalar": (mc.exp(s * (A @ x)), s),
    "vector-by-vector": (mc.tanh(A @ x), x),
    "matrix-by-scalar": (s ** 2 * X, s),
    "vector-by-matrix": (X @ B @ a, X),
    "matrix-by-vector": (x @ a.T, x),
    "matrix-by-matrix": (X @ B, X),
}

SHAPES = {  # (numerator, denominator, mixed) from DESIGN.md's table
    "scalar-by-scalar": [(1, 1)] * 3,
    "scalar-by-vector": [(1, n), (n, 1), (n, 1)],
    "scalar-by-matrix": [(q, p), (p, q), (p, q)],
    "vector-by-scalar": [(m, 1), (1, m), (m, 1)],
    "vector-by-vector": [(m, n), (n, m), (m, n)],
    "matrix-by-scalar": [(p, q)] * 3,
}


@pytest.mark.parametrize("kind", sorted(FUNCTIONS))
@pytest.mark.parametrize("layout", ["numerator", "denominator", "mixed"])
def test_kind_layout_shape_and_numbers(kind, layout):
    f, v = FUNCTIONS[kind]
    d = derive(f, v, layout)
    assert d.kind == kind
    assert d.layout == layout
    if kind in SHAPES:
        want = SHAPES[kind][["numerator", "denominator", "mixed"].index(layout)]
        assert d.shape == tuple(as_dim(w) if isinstance(w, int) else w for w in want)
        assert d.shape == expected_shape(kind, layout, f.shape, v.shape)
    else:
        assert isinstance(d.expr, Tensor)
        assert d.shape == tuple(dim for dim in f.shape + v.shape if dim != 1)
    assert_numeric(d)


@pytest.mark.parametrize("kind", ["scalar-by-vector", "scalar-by-matrix", "vector-by-vector",
                                  "vector-by-scalar"])
def test_numerator_is_transpose_of_denominator(kind):
    f, v = FUNCTIONS[kind]
    num, den = derive(f, v, "numerator"), derive(f, v, "denominator")
    assert num.expr == mc.present(mc.simplify(den.expr.T))


def test_default_layout_is_mixed():
    f, v = FUNCTIONS["vector-by-vector"]
    assert derive(f, v).layout == "mixed"


def test_unknown_layout_is_refused():
    with pytest.raises(mc.DifferentiationError, match="numerator, denominator or mixed"):
        derive(*FUNCTIONS["scalar-by-vector"], layout="row")


def test_evaluate_returns_the_layout_shape():
    import numpy as np
    f, v = FUNCTIONS["scalar-by-vector"]
    vals = {"a": np.ones((2, 1)), "A": np.ones((2, 3)), "x": np.ones((3, 1))}
    assert derive(f, v, "numerator").evaluate(vals).shape == (1, 3)
    assert derive(f, v, "denominator").evaluate(vals).shape == (3, 1)
    flat = {"a": np.ones(2), "A": np.ones((2, 3)), "x": np.ones(3)}     # 1-D in, 1-D out
    assert derive(f, v, "numerator").evaluate(flat).shape == (3,)
    assert derive(f, v, "denominator").evaluate(flat).shape == (3,)
    f, v = FUNCTIONS["matrix-by-matrix"]
    vals = {"X": np.ones((2, 3)), "B": np.ones((3, 4))}
    assert derive(f, v).evaluate(vals).shape == (2, 4, 2, 3)
    f, v = FUNCTIONS["vector-by-matrix"]
    vals = {"X": np.ones((2, 3)), "B": np.ones((3, 4)), "a": np.ones(4)}
    assert derive(f, v).evaluate(vals).shape == (2, 2, 3)
