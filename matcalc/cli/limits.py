"""`--timeout SECONDS`: an optional time limit on a command's work (core/deadline.py).

`@with_timeout` adds the option to a command and runs the command's body under the limit;
past it the engine stops cooperatively with TimeLimitError, which the command reports like
any bad input: "Error: gave up after N s: the <stage> was not finished ...", exit 2.
"""
from __future__ import annotations

import functools

import click

from ..core.deadline import time_limit

TIMEOUT_HELP = ("Give up after SECONDS of work (parsing, differentiation, simplification, "
                "printing and the check), with exit code 2 and the stage it was in. "
                "Default: no limit (the size bound --max-size still applies).")


def with_timeout(command):
    """The click command callback `command` with a --timeout option and its time limit.
    Apply it right under `@group.command(...)`, after the other options."""
    @functools.wraps(command)
    def limited(*args, timeout=None, **kwargs):
        with time_limit(timeout):
            return command(*args, **kwargs)
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                        default=None, metavar="SECONDS", help=TIMEOUT_HELP)(limited)
