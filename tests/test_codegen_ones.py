"""Generated code never forms a matrix of ones to multiply by it (printing/code.py): 𝟏𝟏ᵀ is
rank one, so 𝟏𝟏ᵀX is the column sums of X repeated, X𝟏𝟏ᵀY the outer product of X's row
sums and Y's column sums. Each case runs for every target, against Derivative.evaluate and
finite differences (check_generated)."""
from __future__ import annotations

import pytest
from test_codegen import TARGETS, check_generated

CASES = [
    ("sum(A*B*C)", "A", {"A": "matrix(n, m)", "B": "matrix(m, k)", "C": "matrix(k, p)"}),
    ("sum(A*B*C)", "B", {"A": "matrix(n, m)", "B": "matrix(m, k)", "C": "matrix(k, p)"}),
    ("sum(A*B*C)", "C", {"A": "matrix(n, m)", "B": "matrix(m, k)", "C": "matrix(k, p)"}),
    ("sum(X*W)", "W", {"X": "matrix(n, m)", "W": "matrix(m, k)"}),
    ("sum(exp(X*W))", "W", {"X": "matrix(n, m)", "W": "matrix(m, k)"}),
    ("sum(X*w)", "w", {"X": "matrix(n, m)", "w": "vector(m)"}),
    ("sum(A*X*B)", "X", {"A": "matrix(n, m)", "X": "matrix(m, k)", "B": "matrix(k, p)"}),
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("text, wrt, decls", CASES)
def test_no_matrix_of_ones_is_formed(target, text, wrt, decls):
    src = check_generated(text, wrt, target=target, **decls)
    assert "ones((" not in src, src
