"""Printing time against the size of the input: every printer must be linear (issue 10 §8).

    python benchmarks/bench_printers.py [--sizes 1000 10000 100000]

Products of n factors (ten matrices, repeated) and sums of n terms (multiples of ten
vectors), printed as unicode text, ASCII and LaTeX; the time per 1,000 nodes should stay flat
as n grows. Each printer starts cold (its caches cleared) for each size.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matcalc as mc                          # noqa: E402
from matcalc.core import build as B           # noqa: E402
from matcalc.core import expr as E            # noqa: E402
from matcalc.printing import precedence       # noqa: E402


def _cold():
    for f in (precedence.product_layout, precedence.sum_items, precedence._matmul_items):
        f.cache_clear()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = ap.parse_args(argv)
    A = [mc.matrix(f"A{i}", "n") for i in range(10)]
    xs = [mc.vector(f"x{i}") for i in range(10)]
    print(f"{'input':<10}{'n':>8} | {'text':>8} {'ascii':>8} {'latex':>8}  (seconds)")
    for n in args.sizes:
        for name, e in (("product", E.MatMul(tuple(A[i % 10] for i in range(n)))),
                        ("sum", E.Add(tuple(B.scale(i % 7 + 2, xs[i % 10])
                                            for i in range(n))))):
            times = []
            for printer in (mc.to_text, mc.to_ascii, mc.to_latex):
                _cold()
                t0 = time.perf_counter()
                printer(e)
                times.append(time.perf_counter() - t0)
            print(f"{name:<10}{n:>8} | " + " ".join(f"{t:8.3f}" for t in times))


if __name__ == "__main__":
    main()
