"""The numerical check (matcalc/numeric/check.py): three verdicts, no false alarm on the
right answers that used to raise one, every planted wrong answer caught."""
import dataclasses

import pytest

import matcalc as mc
from matcalc.diff import derive
from matcalc.diff import symmetric as S
from matcalc.numeric.check import DISAGREES, UNVERIFIED, VERIFIED, verify

X = mc.matrix("X", "n", "m")
a, x, c = mc.vector("a", "n"), mc.vector("x", "n"), mc.vector("c", "n")
b = mc.vector("b", "m")
A, B = mc.matrix("A", "n"), mc.matrix("B", "n")


def _verdict(d, **kw):
    """Derivative.verify is numeric.check.verify with the derivative's own pieces."""
    v = d.verify(**kw)
    assert str(v) == str(verify(d.f, d.wrt, d._as_4d, d._matrix(),
                               S.fd_mode(d.wrt, d.symmetric), **kw))
    return v


def _wrong(d, expr):
    return dataclasses.replace(d, expr=expr)


@pytest.mark.parametrize("text, wrt, decls", [
    ("a' * X * b", "X", {}),
    ("logdet(S)", "S", {"S": "matrix(n) spd"}),
    ("(x' * x)^8 * ones(n) + b", "b", {"b": "vector(n)"}),   # round-off of a large value
    ("sin(C^6) * V'", "C", {}),                               # strong curvature
    ("det(X - X')", "X", {}),
])
def test_right_answers_are_verified(text, wrt, decls):
    v = _verdict(mc.diff(text, wrt, **decls))
    assert v.status == VERIFIED, str(v)
    assert v.points >= 1 and v.error < 1e-4


@pytest.mark.parametrize("text", ["tr(inv(X*X'))", "logdet(X*X')"])
def test_singular_everywhere_is_not_verified_and_not_a_disagreement(text):
    """X n×m with n > m (the sizes the check picks here): X Xᵀ has rank m < n."""
    d = mc.diff(text, "X")
    v = _verdict(d, sizes={"n": 4, "m": 2})
    assert v.status == UNVERIFIED, str(v)
    assert "singular" in v.reason or "overflow" in v.reason
    # the same derivative at sizes where X Xᵀ is invertible is verified
    assert _verdict(d, sizes={"n": 2, "m": 4}).status == VERIFIED


@pytest.mark.parametrize("make_wrong", [
    lambda: _wrong(derive(x.T @ A.T @ c, x), A @ c),                       # dropped transpose
    lambda: (lambda d: _wrong(d, -d.expr))(derive(a.T @ mc.inv(A) @ x, A)),  # wrong sign
    lambda: _wrong(derive(x.T @ x, x), x),                                 # factor 2 lost
    lambda: (lambda d: _wrong(d, d.expr.T))(derive(a.T @ B @ x, x)),      # wrong layout
])
def test_planted_wrong_answers_disagree(make_wrong):
    v = _verdict(make_wrong())
    assert v.status == DISAGREES, str(v)


def test_zero_and_negative_sizes_are_refused():
    d = derive(a.T @ X @ b, X)
    for bad in (0, -1):
        with pytest.raises(mc.EvaluationError, match="positive integer"):
            _verdict(d, sizes={"n": bad})


def test_verdict_reads_as_a_report():
    v = _verdict(derive(a.T @ X @ b, X), sizes={"n": 3, "m": 2}, seed=5)
    assert str(v).startswith("verified: max relative error")
    assert "m=2, n=3; seed 5" in str(v)
