"""An optional time limit on a command's work, enforced cooperatively.

    with time_limit(2.0):          # diff(..., max_seconds=2.0), the CLI's --timeout 2
        ...                        # the engine's loops call check_time("stage")

`check_time` is called in the engine's loops (the differential, identification, the
simplifier's rewriting, the printed-form search, printing, the numerical check); past the
deadline it raises TimeLimitError naming the stage, "gave up after 2 s: ...". No signal and
no thread interrupts the work, so no state is left half-built: the work stops between two
steps, where everything it holds is consistent. Nested limits keep the earlier deadline.
The deadline lives in a ContextVar, so threads and asyncio tasks each have their own.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from numbers import Real
from time import monotonic

from .errors import TimeLimitError

#: (monotonic deadline, the limit in seconds as given) or None for no limit
_DEADLINE: ContextVar = ContextVar("matcalc_deadline", default=None)


def as_seconds(seconds, what: str = "max_seconds") -> float | None:
    """`seconds` checked: None (no limit) or a positive finite number."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, Real):
        raise TypeError(f"{what} must be a number of seconds, not {type(seconds).__name__}")
    if not 0 < float(seconds) < float("inf"):
        raise ValueError(f"{what} must be a positive number of seconds, not {seconds!r}")
    return float(seconds)


@contextmanager
def time_limit(seconds):
    """Work inside the block gives up with TimeLimitError after `seconds` (None: no limit;
    an enclosing earlier deadline stays in force)."""
    seconds = as_seconds(seconds)
    if seconds is None:
        yield
        return
    deadline = monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(outer if outer is not None and outer[0] <= deadline
                          else (deadline, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time(stage: str) -> None:
    """Raise TimeLimitError if the deadline in force has passed (`stage`: what was being
    done, for the message)."""
    limit = _DEADLINE.get()
    if limit is not None and monotonic() > limit[0]:
        raise TimeLimitError(f"gave up after {limit[1]:g} s: the {stage} was not finished "
                             "within the time limit; raise it (--timeout, max_seconds=) or "
                             "name parts of the expression and work on them separately",
                             stage=stage, seconds=limit[1])
