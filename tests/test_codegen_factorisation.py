"""One factorisation per matrix in generated code (printing/factorisation.py): the value and
the derivatives that need log det X, det X, X⁻¹ and solves with X share one LU (one Cholesky
factor when X is declared positive definite) in JAX and PyTorch code; NumPy code, which has no
LU factors to share, forms X⁻¹ once for three or more solves and takes an spd matrix's
log-determinant from its Cholesky factor. Every case agrees with `Derivative.evaluate` and
with finite differences."""
from __future__ import annotations

import re

import numpy as np
import pytest
from test_codegen import HAVE, TARGETS, check_generated, load, to_numpy

import matcalc as mc
from matcalc.codegen import codegen

NLL = "0.5*(x - mu)'*inv(S)*(x - mu) + 0.5*logdet(S)"
SPD_S = {"S": "matrix(n) spd", "mu": "vector(n)"}

#: calls that factorise a matrix (solves with factors already computed are not counted)
FACTORISING = re.compile(r"\b(lu_factor|cho_factor|cholesky|solve|inv|slogdet|det)\(")


def factorisations(src: str) -> list:
    body = src.split('"""')[-1]
    return FACTORISING.findall(body)


CASES = [  # text, wrt, declarations, factorising calls in NumPy code
    ("logdet(X) + tr(inv(X)*A)", "X", {}, ["inv", "slogdet"]),
    # X⁻¹b and X⁻¹(abᵀ + baᵀ) in one stacked solve, then the solve nested in the latter
    ("a' * inv(X) * b", ["X", "a"], {"X": "matrix(n) spd"}, ["solve", "solve"]),
    (NLL, ["S", "mu"], SPD_S, ["cholesky", "inv"]),
    (NLL, "mu", SPD_S, ["cholesky", "solve"]),
    ("det(X) * tr(A * X)", "X", {}, ["det", "inv"]),
    # X⁻¹b and X⁻ᵀa: one LU, the second solve transposed (NumPy: X and Xᵀ, two calls)
    ("a' * inv(X) * b", ["a", "b"], {}, ["solve", "solve"]),
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("text, wrt, decls, numpy_calls", CASES)
def test_one_factorisation_per_matrix(target, text, wrt, decls, numpy_calls):
    src = check_generated(text, wrt, target=target, **decls)   # evaluate and FD agree
    calls = factorisations(src)
    if target == "numpy":
        assert sorted(calls) == sorted(numpy_calls), calls
        return
    assert len(calls) == 1, calls
    spd = any("spd" in d for d in decls.values())
    assert calls[0] == ("cholesky" if spd else "lu_factor"), calls


@pytest.mark.parametrize("target", TARGETS)
def test_a_matrix_used_once_keeps_its_one_call(target):
    assert factorisations(codegen("logdet(X)", "X", target=target)) in (
        ["slogdet", "inv"], ["lu_factor"])
    src = codegen("a' * inv(X) * b", "a", target=target)   # X⁻¹b, shared by value and gradient
    assert factorisations(src) == ["solve"]


@pytest.mark.parametrize("target", [t for t in ("jax", "torch") if HAVE[t]])
def test_determinant_sign_from_the_pivots(target):
    """det X from the LU factors carries the permutation's sign (a swap of rows: det < 0)."""
    if target == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
    text = "det(X) * tr(A * X)"
    src = codegen(text, "X", target=target)
    assert factorisations(src) == ["lu_factor"]
    rng = np.random.default_rng(3)
    X = np.array([[0.1, 2.0, 0.3], [1.5, 0.2, 0.1], [0.2, 0.4, 3.0]])
    A = rng.normal(size=(3, 3))
    value, grad = load(src)(X, A)
    assert np.linalg.det(X) < 0
    np.testing.assert_allclose(to_numpy(value), np.linalg.det(X) * np.trace(A @ X),
                               rtol=1e-12)
    d = mc.diff(text, "X")
    np.testing.assert_allclose(to_numpy(grad), d.evaluate({"X": X, "A": A}), rtol=1e-10)
    assert d.check() < 1e-6


def test_numpy_stacks_independent_solves():
    """S⁻¹(x − μ) for the value and S⁻¹(μ − x) for the gradient: one solve call with both
    right-hand sides side by side, and log det S from the Cholesky factor."""
    src = check_generated(NLL, "mu", **SPD_S)
    assert factorisations(src) == ["cholesky", "solve"]
    assert "np.concatenate([" in src


def test_numpy_inverts_once_for_three_solve_calls():
    """Three solves that must run one after the other (each right-hand side needs the
    previous solution) cost as much as the inverse: X⁻¹ is formed once."""
    text = "a' * inv(X) * A * inv(X) * B * inv(X) * b"
    src = check_generated(text, "a")
    assert factorisations(src) == ["inv"]
    assert factorisations(codegen("a' * inv(X) * A * inv(X) * b", "a")) == ["solve", "solve"]
