"""Start-up time of the command line: the median of N runs, each in a fresh subprocess.

    python benchmarks/bench_startup.py [--runs 5] [--tree PATH]

Measures, for the matcalc found first on PYTHONPATH (or the source tree PATH):
  * `python -c pass`                        the interpreter alone
  * `python -c "import matcalc"`            the package (lazy: should be ~ the interpreter)
  * `python -c "import matcalc.cli.main"`   the command line's imports
  * `python -m matcalc.cli diff "a' * X * b" -x X`   the whole command, end to end
each as wall time and CPU time (user + system; NumPy's threads add to it, so on an idle
machine it can exceed the wall time), and the import-time breakdown (`python -X importtime`) of `matcalc.cli.main` by top-level
package (numpy, sympy, lark, click, matcalc). The machine's load average is printed with
the figures: start-up times on a shared machine are only comparable at similar load.
The standard library's modules are listed under their own names (re, typing, ...).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import matcalc": ["-c", "import matcalc"],
    "import matcalc.cli.main": ["-c", "import matcalc.cli.main"],
    "matcalc diff \"a' * X * b\" -x X": ["-m", "matcalc.cli", "diff", "a' * X * b", "-x", "X"],
}


#: the subprocesses run here, so that `-c` (which puts the current directory first on
#: sys.path) does not pick up a source tree by accident
NEUTRAL = tempfile.gettempdir()


def _env(tree: str | None) -> dict:
    env = dict(os.environ)
    if tree:
        env["PYTHONPATH"] = os.path.abspath(tree)
    return env


def median_seconds(args: list, runs: int, env: dict) -> tuple:
    """(wall, cpu): the medians over `runs` subprocesses of the elapsed time and of the
    child's CPU time (user + system, all its threads). On a loaded machine the wall time
    waits for a core; the CPU time does not."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, cwd=NEUTRAL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def import_breakdown(env: dict) -> dict:
    """Import time (s) per top-level package: the modules' own times (-X importtime's
    "self" column) summed by the package they belong to, wherever they were imported from."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import matcalc.cli.main"],
                         env=env, capture_output=True, text=True, check=True,
                         cwd=NEUTRAL).stderr
    totals: dict = defaultdict(float)
    for line in out.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| \s*(\S+)", line)
        if m:
            totals[m.group(3).split(".")[0]] += int(m.group(1)) / 1e6
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", default=None, help="a matcalc source tree to measure")
    args = parser.parse_args()
    env = _env(args.tree)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    subprocess.run([sys.executable, *COMMANDS["matcalc diff \"a' * X * b\" -x X"]], env=env,
                   stdout=subprocess.DEVNULL, check=True, cwd=NEUTRAL)   # warm the caches
    print(f"{'':45s}   wall    CPU   (medians of {args.runs})")
    for name, cmd in COMMANDS.items():
        wall, cpu = median_seconds(cmd, args.runs, env)
        print(f"{name:45s} {wall:6.3f} {cpu:6.3f} s")
    print("import time of matcalc.cli.main by package (one run, -X importtime):")
    for package, seconds in import_breakdown(env).items():
        if seconds >= 0.01:
            print(f"  {package:20s} {seconds:6.3f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
