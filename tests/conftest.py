"""Shared test helpers: every derivative test also checks numerically.

`assert_numeric` is the check the command line prints (`Derivative.verify`, numeric/check.py):
several random well-conditioned points, the noise-aware tolerance. A test passes only on
"verified": "could not verify" fails it too (a test must not pass without a check).
`assert_derivative` adds the printed form; the `layout` fixture runs a test in every layout.
"""
import pytest

from matcalc.diff.layout import LAYOUTS

TOL = 1e-6


def assert_numeric(d, seeds=(0, 1)):
    """The derivative is verified against central finite differences (from each seed)."""
    for seed in seeds:
        verdict = d.verify(seed=seed)
        assert verdict.ok, f"{d.kind} of {d.f}: {verdict}"


@pytest.fixture
def numeric():
    return assert_numeric


def assert_derivative(d, printed):
    """The derivative prints as `printed` (`str(d)`) and is verified numerically."""
    assert str(d) == printed
    assert_numeric(d)


@pytest.fixture(params=LAYOUTS)
def layout(request):
    """Each layout in turn (numerator, denominator, mixed), for a test that takes `layout`
    and does not parametrize it itself."""
    return request.param
