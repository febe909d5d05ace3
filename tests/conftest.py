"""Shared test helpers: every derivative test also checks numerically.

`assert_numeric` is the check the command line prints (`Derivative.verify`, numeric/check.py):
several random well-conditioned points, the noise-aware tolerance. A test passes only on
"verified": "could not verify" fails it too (a test must not pass without a check).
"""
import pytest

TOL = 1e-6


def assert_numeric(d, seeds=(0, 1)):
    """The derivative is verified against central finite differences (from each seed)."""
    for seed in seeds:
        verdict = d.verify(seed=seed)
        assert verdict.ok, f"{d.kind} of {d.f}: {verdict}"


@pytest.fixture
def numeric():
    return assert_numeric
