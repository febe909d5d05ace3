"""Ctrl-C at any moment prints "Aborted!" and exits 130, never a traceback: during the
command line's start-up (the handler of cli/entry.py) and during the command (the click
group's KeyboardInterrupt handling).

The command is the Hessian of a 150-deep tanh nest (9 s of CPU on an idle machine), so the
signal always lands before the command ends. "During start-up" is made
certain by waiting until NumPy's extension module is mapped into the process: matcalc
imports it after the entry point has installed its handler, and imports the engine and the
grammar after it.
"""
import os
import signal
import subprocess
import sys
import time

import pytest

from matcalc.cli.entry import EXIT_INTERRUPTED

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/maps"),
                                reason="waits on /proc/<pid>/maps (Linux)")


def _started_numpy(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/maps") as maps:
            return "_multiarray_umath" in maps.read()
    except OSError:
        return False


#: a command with about 9 s of work (CPU time, idle machine)
NEST = "tanh(" * 150 + "x" + ")" * 150
LONG = ("hessian", f"sum({NEST})", "-x", "x", "--max-size", "100000000", "--no-check")


def _default_sigint() -> None:
    """The child's Ctrl-C as a terminal gives it: a test run started in the background
    (`cmd &` in a script) ignores SIGINT, and a child would inherit that, as Unix tools do."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(delay: float, args=LONG):
    proc = subprocess.Popen([sys.executable, "-m", "matcalc.cli", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=_default_sigint)
    try:
        waited = 0.0
        while not _started_numpy(proc.pid) and proc.poll() is None and waited < 120:
            time.sleep(0.002)
            waited += 0.002
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, err.decode()


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.1, 0.3, 1.5, 4.0])
def test_ctrl_c_prints_aborted_and_exits_130(delay):
    """0 s: in the middle of NumPy's import; 0.03–0.3 s: the engine's and grammar's imports
    or the start of the derivation (depending on the machine's load); 1.5–4 s: in the
    derivation."""
    code, err = _interrupt(delay)
    assert code == EXIT_INTERRUPTED, err
    assert "Aborted!" in err and "Traceback" not in err, err
