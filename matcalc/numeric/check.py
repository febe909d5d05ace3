"""The numerical check: one verification, used by `Derivative.verify()`, the command line and
the tests, with three verdicts.

    verified          at every well-conditioned point tried (at least one), the derivative
                      agrees with central finite differences within the noise-aware tolerance
    could not verify  no well-conditioned point was found (the reason says why: a singular or
                      ill-conditioned matrix that the expression or its derivative inverts,
                      values that overflow, finite differences too noisy to judge, an array
                      too large to evaluate)
    disagrees         at a well-conditioned point the derivative and finite differences
                      differ by more than both the tolerance and the differences' own error

The tolerance (the rule the test suite's fuzz properties have used since they were written):
the derivative J passes at a point when

    max|J − FD(h)| ≤ 1e-5 · max(1, max|FD(h)|) + 10 · max|FD(h) − FD(2h)|

where FD(h) is the central difference with step h (relative to each entry), and the spread
|FD(h) − FD(2h)| is taken at least as large as the round-off a central difference of f's
value must carry, 4ε·max|f|/h (both steps can round to the same number). FD(h) and FD(2h)
estimate the same derivative; their spread bounds their round-off and truncation error, so a
large function value that swamps a small derivative in round-off (f = (xᵀx)⁸𝟏 + b) or a strong
curvature (sin(C⁶)) widens the tolerance instead of raising a false alarm. A wrong derivative
(a dropped transpose, a lost factor 2, a wrong sign) is off by O(1) relatively: far above both
terms. Points where the spread exceeds 1e-3 of the scale are too noisy to judge.

Points are well conditioned when every matrix that is inverted, or whose determinant or
log-determinant is taken, in the expression *or in its derivative*, has a condition number
below COND_BOUND, every value is finite and below MAX_MAGNITUDE, and every argument of an
elementwise function lies inside the function's declared domain and away from its declared
kinks (core/operators/elementwise.py: arcsin's |x| < 1, log1p's x > −1, relu's and sign's 0)
by KINK_MARGIN of its scale — a central difference across a kink or out of the domain is
wrong, and the derivative there is only defined almost everywhere. A point that is not is
resampled (new seed; from the third try on with values halved each time, which tames high
powers) up to MAX_TRIES times: a rank-deficient X Xᵀ (X n×m, n > m) is singular
at every point, so its check ends as "could not verify", never as "disagrees".
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from ..core import expr as E
from ..core.deadline import check_time
from ..core.errors import EvaluationError
from ..core.operators.elementwise import FUNCTIONS
from .evaluate import check_entries, evaluate_2d
from .finite_differences import finite_difference
from .sampling import default_sizes, dimension_symbols, sample_point

REL_TOL = 1e-5          # relative agreement asked of a derivative
FD_NOISE_FACTOR = 10    # × the finite-difference error estimate |FD(h) − FD(2h)|
MAX_FD_NOISE = 1e-3     # past this relative spread, finite differences cannot judge
MAX_MAGNITUDE = 1e8     # values past this are overflowing at the point
COND_BOUND = 1e8        # condition number of a matrix that is inverted (2-norm)
POINTS = 3              # well-conditioned points asked for
FD_STEP = 1e-6          # the relative step of the central differences (and twice it)
ROUNDOFF = 4 * np.finfo(float).eps   # relative round-off of one evaluation of f
MAX_TRIES = 8           # points tried in all
KINK_MARGIN = 1e-3      # × max(1, |argument|): the least distance to a kink or domain end

VERIFIED, UNVERIFIED, DISAGREES = "verified", "could not verify", "disagrees"


@dataclass(frozen=True)
class Verdict:
    """The outcome of a numerical check."""
    status: str                     # VERIFIED | UNVERIFIED | DISAGREES
    error: float                    # the largest relative error at the points judged
    reason: str = ""                # why not verified, or what disagreed
    points: int = 0                 # well-conditioned points judged
    sizes: dict = field(default_factory=dict)   # the dimension sizes used (name → int)
    seed: int = 0

    @property
    def ok(self) -> bool:
        return self.status == VERIFIED

    def __str__(self) -> str:
        sizes = ", ".join(f"{k}={v}" for k, v in self.sizes.items())
        where = f" ({sizes}; seed {self.seed})" if sizes else f" (seed {self.seed})"
        if self.status == VERIFIED:
            return (f"verified: max relative error {self.error:.1e} against central finite "
                    f"differences at {self.points} random point{'s' * (self.points != 1)}"
                    f"{where}")
        return f"{self.status}: {self.reason}{where}"


class IllConditioned(Exception):
    """The point cannot be used; the message says why."""


def _conditioning(exprs, env: dict, sizes: dict) -> None:
    """Raise IllConditioned when a matrix that `exprs` invert (or take a determinant or a
    log-determinant of) is singular or ill-conditioned at the point, or a value is not finite
    or overflows."""
    memo: dict = {}
    for e in exprs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = evaluate_2d(e, env, sizes, memo)
        for x in E.postorder(e):
            if isinstance(x, (E.Inverse, E.Det, E.LogDet)) and not x.arg.is_scalar:
                a = memo.get(x.arg)
                if a is None:
                    a = evaluate_2d(x.arg, env, sizes, memo)
                _finite(a, x.arg)
                cond = np.linalg.cond(a)
                if not np.isfinite(cond) or cond > COND_BOUND:
                    raise IllConditioned(f"{x.arg} is singular or ill-conditioned at the "
                                         f"points tried (condition number {cond:.1e})")
                if isinstance(x, E.LogDet) and np.linalg.det(a) <= 0:
                    raise IllConditioned(f"det({x.arg}) is not positive at the points "
                                         "tried (logdet evaluates log|det|)")
            if isinstance(x, E.Func):
                _inside_smooth_domain(x, memo.get(x.arg) if x.arg in memo
                                      else evaluate_2d(x.arg, env, sizes, memo))
        _finite(value, e)


def _inside_smooth_domain(x: E.Func, a: np.ndarray) -> None:
    """Raise IllConditioned when an entry of the argument `a` of `x` is outside the open
    domain of its function, or within KINK_MARGIN (of its scale) of an end or a kink."""
    f = FUNCTIONS[x.name]
    if not f.kinks and f.domain == (-np.inf, np.inf):
        return
    margin = KINK_MARGIN * max(1.0, float(np.max(np.abs(a), initial=0.0)))
    low, high = f.domain
    if np.any(a <= low + margin) or np.any(a >= high - margin):
        raise IllConditioned(f"the argument of {f.name} in {x} is outside its domain "
                             f"({low}, {high}) or too close to an end at the points tried")
    for k in f.kinks:
        if np.any(np.abs(a - k) <= margin):
            raise IllConditioned(f"the argument of {f.name} in {x} is too close to its kink "
                                 f"at {k} at the points tried (the derivative holds away "
                                 "from it)")


def _finite(value: np.ndarray, e) -> None:
    if not np.all(np.isfinite(value)):
        raise IllConditioned(f"{e} is not finite at the points tried")
    if np.max(np.abs(value), initial=0.0) > MAX_MAGNITUDE:
        raise IllConditioned(f"{e} overflows (exceeds {MAX_MAGNITUDE:.0e}) at the points "
                             "tried")


def _judge(mine: np.ndarray, f, var, env, sizes, mode) -> tuple:
    """(agrees, relative error, report) at one point."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fd1 = finite_difference(f, var, env, sizes, symmetric=mode, h=FD_STEP)
        fd2 = finite_difference(f, var, env, sizes, symmetric=mode, h=2 * FD_STEP)
    for a, what in ((mine, "the derivative"), (fd1, "the finite differences"),
                    (fd2, "the finite differences")):
        _finite(a, what)
    if mine.shape != fd1.shape:
        raise EvaluationError(f"the derivative has shape {mine.shape}, the finite "
                              f"differences {fd1.shape}")
    scale = max(1.0, float(np.max(np.abs(fd1), initial=0.0)))
    # the spread of the two steps, and at least the round-off a central difference of a
    # value of this size must have (both steps can round to the same number)
    value = evaluate_2d(f, env, sizes)
    roundoff = ROUNDOFF * float(np.max(np.abs(value), initial=0.0)) / FD_STEP
    noise = max(float(np.max(np.abs(fd1 - fd2), initial=0.0)), roundoff)
    gap = float(np.max(np.abs(mine - fd1), initial=0.0))
    error = gap / scale
    if gap <= REL_TOL * scale:
        return True, error, ""
    if noise / scale > MAX_FD_NOISE:
        raise IllConditioned(f"finite differences are too noisy to judge (their spread is "
                             f"{noise / scale:.1e} of the scale)")
    ok = gap <= REL_TOL * scale + FD_NOISE_FACTOR * noise
    return ok, error, (f"largest difference {gap:.1e} at scale {scale:.1e}, finite-difference "
                       f"noise {noise:.1e}")


def _scaled(env: dict, factor: float) -> dict:
    """The point with every value multiplied by `factor` > 0 (after two tries at full size:
    smaller values tame high powers and sin(C⁶)-like oscillation). Positivity, symmetry,
    definiteness and diagonal dominance are kept."""
    if factor == 1:
        return env
    return {v: factor * a for v, a in env.items()}


def given_sizes(sizes: dict | None) -> dict | None:
    """Sizes asked for by the user (name → int), refusing sizes below 1."""
    if not sizes:
        return sizes
    out = {}
    for k, v in sizes.items():
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise EvaluationError(f"the size of {k} must be a positive integer, not {v!r}")
        out[k] = int(v)
    return out


def verify(f: E.Expr, var: E.Var, derivative_4d, derivative_expr: E.Expr,
           symmetric: str = "none", sizes: dict | None = None, seed: int = 0,
           points: int = POINTS) -> Verdict:
    """Check a derivative of `f` with respect to `var` numerically.

    `derivative_4d(env, sizes)` evaluates the derivative as T[i, j, k, l] = ∂F_ij/∂X_kl at a
    point (`Derivative._as_4d`); `derivative_expr` is its expression (to judge conditioning);
    `symmetric` the finite-difference directions (`diff.symmetric.fd_mode`). Sizes not given
    are drawn at random; when no point of the first draw is well conditioned (XᵀCX with X
    wide is singular at every point), SIZE_DRAWS − 1 more draws are tried."""
    given = given_sizes(sizes)
    draws = 1 if given is not None and _all_given(f, var, given) else SIZE_DRAWS
    verdict = None
    for draw in range(draws):
        verdict = _verify_at_sizes(f, var, derivative_4d, derivative_expr, symmetric, given,
                                   seed, seed + draw, points)
        if verdict.status != UNVERIFIED:
            return verdict
    return verdict


SIZE_DRAWS = 3


def _all_given(f, var, given: dict) -> bool:
    names = {str(s) for s in dimension_symbols(f)} | {str(s) for d in var.shape
                                                       for s in d.free_symbols}
    return names <= set(given)


def _verify_at_sizes(f, var, derivative_4d, derivative_expr, symmetric, sizes, seed,
                     size_seed, points) -> Verdict:
    vs = E.variables(f) | {var}
    dims = default_sizes(vs, sizes, size_seed, extra=dimension_symbols(f))
    shown = {str(k): v for k, v in sorted(dims.items(), key=lambda kv: str(kv[0]))}
    try:
        check_entries(f, dims)
        check_entries(derivative_expr, dims)
    except EvaluationError as why:
        return Verdict(UNVERIFIED, float("nan"), str(why), 0, shown, seed)
    judged, worst, reasons = 0, 0.0, []
    for k in range(MAX_TRIES):
        check_time("numerical check")
        env = _scaled(sample_point(vs, dims, seed + 1000 * k), 0.5 ** max(0, k - 2))
        try:
            _conditioning((f, derivative_expr), env, dims)
        except (IllConditioned, np.linalg.LinAlgError, EvaluationError) as why:
            reasons.append(str(why))
            continue
        try:
            mine = derivative_4d(env, dims)
        except EvaluationError as why:          # a shape the layout table does not give
            return Verdict(DISAGREES, float("inf"), str(why), judged, shown, seed)
        try:
            ok, error, report = _judge(mine, f, var, env, dims, symmetric)
        except (IllConditioned, np.linalg.LinAlgError, EvaluationError) as why:
            reasons.append(str(why))
            continue
        judged += 1
        worst = max(worst, error)
        if not ok:
            return Verdict(DISAGREES, error, f"at a well-conditioned point: {report}",
                           judged, shown, seed)
        if judged >= points:
            break
    if judged:
        return Verdict(VERIFIED, worst, "", judged, shown, seed)
    return Verdict(UNVERIFIED, float("nan"), reasons[-1] if reasons else "no point tried",
                   0, shown, seed)
