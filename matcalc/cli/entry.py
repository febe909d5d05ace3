"""The console script's entry point (`matcalc` = `matcalc.cli.entry:main`, pyproject.toml).

Ctrl-C at any moment prints "Aborted!" and exits 130, never a traceback:
  * while the command line starts (importing NumPy, the engine, the grammar: about 0.3 s),
    a SIGINT handler installed before anything heavy is imported writes "Aborted!" and
    ends the process at once — nothing has been computed or written yet;
  * once the command runs, Python's own KeyboardInterrupt is back, and the click group
    (main.py) turns it into "Aborted!" and exit 130 at the command's boundary.
This module imports only the standard library; `matcalc/__init__.py` and
`matcalc/cli/__init__.py` import nothing at start, so the window before the handler is the
interpreter's own start-up.
"""
from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130          # as main.py's table of exit codes


def _abort_now(signum=None, frame=None) -> None:
    """Ctrl-C during start-up: nothing to clean up, so say so and end the process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        sys.stderr.write("\nAborted!\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    """Run the command line with Ctrl-C handled from the first moment."""
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN    # e.g. under nohup
    if not ignored:
        signal.signal(signal.SIGINT, _abort_now)
    from .main import main as command_line           # the heavy imports, under the handler
    if not ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        command_line(prog_name="matcalc")
    except KeyboardInterrupt:                         # between click's steps
        _abort_now()


if __name__ == "__main__":      # pragma: no cover
    main()
