"""Shared test helpers: every derivative test also checks numerically."""
import pytest

TOL = 1e-6


def assert_numeric(d, tol=TOL, seeds=(0, 1)):
    """The derivative agrees with central finite differences at random points."""
    for seed in seeds:
        err = d.check(seed=seed)
        assert err < tol, f"{d.kind} of {d.f}: relative error {err:.2e} at seed {seed}"


@pytest.fixture
def numeric():
    return assert_numeric
