"""The size bound: how large a differential, derivative or printed text may grow.

`MAX_SIZE` (nodes; default 20000, or the environment variable MATCALC_MAX_SIZE) is set by
`derive` from `max_size=` / `--max-size` while it works, and by the command line around a
whole command. Each stage checks it while building, not after:

    the differential       each rule's result (diff/registry.py: the product rule before
                           it builds, SizeMeter after each rule)
    identification, the    the derivative as read off (diff/derivative.py); the canonical
    simplifier             form's expansion stops at EXPANSION_LIMIT monomials and the
                           printed-form search at EXPANSION_BUDGET (simplify/)
    printing               a text or LaTeX may have at most CHARS_PER_NODE × MAX_SIZE
                           characters (2,000,000 by default): an API-built DAG whose tree
                           is exponentially larger than its nodes is refused instead of
                           being written out; a derivation (--steps), which repeats growing
                           differentials, at most STEP_CHARS_PER_NODE × MAX_SIZE (200,000)
Past the bound: SizeLimitError naming the stage and how to raise the bound.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import SizeLimitError

#: the bound when none is given: MATCALC_MAX_SIZE if it is a positive integer, else 20000
#: (a malformed value is reported by `diff`, diff/derivative.py `max_size_bound`)
_ENV = os.environ.get("MATCALC_MAX_SIZE", "").strip()
DEFAULT_MAX_SIZE = int(_ENV) if _ENV.isdigit() and int(_ENV) > 0 else 20000

#: the bound on the size (nodes) of a differential or derivative, set by `derive`
MAX_SIZE: ContextVar = ContextVar("matcalc_max_size", default=DEFAULT_MAX_SIZE)

#: a printed text may have this many characters per node of the bound; a derivation
#: (all its steps) this many
CHARS_PER_NODE = 100
STEP_CHARS_PER_NODE = 10

HOW_TO_RAISE = ("raise it with diff(..., max_size=N), the command line's --max-size N or the "
                "environment variable MATCALC_MAX_SIZE")


@contextmanager
def size_bound(max_size: int | None):
    """The bound `max_size` in force inside the block (None: leave it as it is). `derive`
    sets it for its own work; the command line sets it around a whole command, so that
    --max-size bounds the printing too."""
    if max_size is None:
        yield
        return
    token = MAX_SIZE.set(max_size)
    try:
        yield
    finally:
        MAX_SIZE.reset(token)


def check_size(n: int, what: str) -> None:
    """Stop with SizeLimitError when a result of `n` nodes would pass the bound."""
    bound = MAX_SIZE.get()
    if n > bound:
        raise SizeLimitError(f"the {what} grows to {n} nodes, past the bound of {bound}; "
                             f"{HOW_TO_RAISE}")


def check_printed(chars: int, what: str, per_node: int = CHARS_PER_NODE) -> None:
    """Stop with SizeLimitError when a printed text of `chars` characters passes the bound
    (`per_node` characters per node of the size bound)."""
    bound = per_node * MAX_SIZE.get()
    if chars > bound:
        raise SizeLimitError(f"the {what} grows past {bound} characters ({per_node} per node "
                             f"of the bound of {MAX_SIZE.get()} nodes); {HOW_TO_RAISE}")
