"""Derivation speed: matcalc against SymPy's MatrixExpr.diff on the same inputs.

Run:  python benchmarks/bench_derivation.py [--repeat 5] [--layers 2 8 32] [--no-sympy]

Measures, in one run on one machine (so the ratios are what to read, not the seconds):
1. the median time to derive each supported Cookbook identity of the catalogue (the ones
   SymPy's matrix expressions can also state), for matcalc and for SymPy;
2. the loss of an L-layer linear network, L = ‖W_L ⋯ W_1 x − y‖², differentiated with
   respect to every weight matrix, for L = 2, 8, 32: time per weight matrix, matcalc and
   SymPy (skipped past a time budget);
3. the same network with tanh activations (matcalc only: SymPy's matrix expressions have
   no elementwise functions).

Both tools start from a built expression (parsing is not timed). SymPy's global cache is
cleared before every timed call (untimed), so repeats do not favour it. A SymPy result that
contains an unevaluated Derivative (every determinant), or that is zero where matcalc's
derivative is not (it returns 0 for log-determinants: Cookbook 55, 57, 141), counts as not
derived.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sympy
from sympy.core.cache import clear_cache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matcalc as mc                         # noqa: E402
from matcalc import catalogue                # noqa: E402
from matcalc.examples import perceptron      # noqa: E402
from matcalc.diff import derive              # noqa: E402
from matcalc.core.errors import MatcalcError      # noqa: E402
from matcalc.to_sympy import to_sympy        # noqa: E402


def median_time(fn, repeat: int, setup=None) -> float:
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _fresh(f):
    """A copy of the tree made of new nodes, so no per-node cache (hashes, children) from an
    earlier run is reused. Parsing is not timed: both tools start from a built expression."""
    new: dict = {}
    for x in mc.core.expr.postorder(f):
        new[x] = mc.core.expr.rebuild(x, tuple(new[c] for c in x.children))
    return new[f]


SYMPY_ZERO = []     # identities where SymPy's derivative is 0 and matcalc's is not


def sympy_derives(fs, xs, ours, ident_id="") -> bool:
    """Does SymPy give a derivative at all: not an unevaluated Derivative (determinants),
    and not zero where matcalc's (checked numerically in the tests) is not zero (SymPy's
    log-determinants)?"""
    result = fs.diff(xs)
    if result.has(sympy.Derivative):
        return False
    zero = result == 0 or isinstance(result, sympy.ZeroMatrix) or \
        getattr(result, "is_ZeroMatrix", False)
    if zero and not isinstance(ours.expr, mc.core.expr.Zero):
        SYMPY_ZERO.append(ident_id)
        return False
    return True


def bench_identities(repeat: int, use_sympy: bool):
    rows = []
    for ident in catalogue.load():
        if not ident.supported or ident.kind != "derivative" or ident.order != 1:
            continue
        try:
            decls = ident.declaration_dict()
            f = mc.parse(ident.expr, **decls)
            var = next(v for v in mc.core.expr.variables(f) if v.name == ident.var)
        except (MatcalcError, StopIteration):
            continue
        t_mc = median_time(lambda: derive(_fresh(f), ident.var, ident.layout), repeat)
        t_sp = None
        if use_sympy:
            try:
                syms: dict = {}
                fs = to_sympy(f, syms)
                xs = syms[var]
                if sympy_derives(fs, xs, derive(f, ident.var, ident.layout), ident.id):
                    t_sp = median_time(lambda: fs.diff(xs), repeat, clear_cache)
            except Exception:           # SymPy cannot state or differentiate it
                t_sp = None
        rows.append((ident.id, t_mc, t_sp))
    return rows


def bench_network(layers, repeat: int, use_sympy: bool, sympy_budget: float = 60.0):
    rows = []
    f, Ws = perceptron(1, mc.tanh)          # first use (SymPy's tanh′), not timed
    derive(f, Ws[0])
    for L in layers:
        f, Ws = perceptron(L)
        t0 = time.perf_counter()
        for W in Ws:
            derive(f, W)
        t_mc = (time.perf_counter() - t0) / L
        t_sp = None
        if use_sympy and sympy_budget > 0:
            syms: dict = {}
            fs = to_sympy(f, syms)
            t0 = time.perf_counter()
            for W in Ws:
                fs.diff(syms[W])
                if time.perf_counter() - t0 > sympy_budget:
                    break
            else:
                t_sp = (time.perf_counter() - t0) / L
        fa, Wa = perceptron(L, mc.tanh)
        t0 = time.perf_counter()
        for W in Wa:
            derive(fa, W)
        t_act = (time.perf_counter() - t0) / L
        rows.append((L, t_mc, t_sp, t_act))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--layers", type=int, nargs="+", default=[2, 8, 32])
    ap.add_argument("--no-sympy", action="store_true")
    args = ap.parse_args(argv)
    use_sympy = not args.no_sympy

    rows = bench_identities(args.repeat, use_sympy)
    both = [(i, a, b) for i, a, b in rows if b is not None]
    print(f"Cookbook identities derived: {len(rows)}; SymPy states and differentiates "
          f"{len(both)} (it fails on, leaves unevaluated or gets wrong the others)")
    if SYMPY_ZERO:
        print(f"  SymPy answers 0, wrongly, for: {', '.join(SYMPY_ZERO)}")
    print(f"  matcalc median per identity, all {len(rows)}: "
          f"{1e3 * statistics.median(r[1] for r in rows):.2f} ms")
    if both:
        ratios = [b / a for _, a, b in both]
        lo = min(both, key=lambda r: r[2] / r[1])
        hi = max(both, key=lambda r: r[2] / r[1])
        print(f"  on the {len(both)} both derive: matcalc "
              f"{1e3 * statistics.median(r[1] for r in both):.2f} ms, SymPy "
              f"{1e3 * statistics.median(r[2] for r in both):.2f} ms (medians)")
        print(f"  speed-up (SymPy / matcalc), median over identities: "
              f"{statistics.median(ratios):.1f}x (min {lo[2] / lo[1]:.2f}x {lo[0]}, "
              f"max {hi[2] / hi[1]:.0f}x {hi[0]}; "
              f"{sum(r >= 10 for r in ratios)} of {len(ratios)} at least 10x)")
    print()
    print("L-layer network, time per weight matrix (ms):")
    print(f"  {'L':>3} | {'matcalc linear':>14} | {'SymPy linear':>12} | {'matcalc tanh':>12}")
    for L, t_mc, t_sp, t_act in bench_network(args.layers, args.repeat, use_sympy):
        sp = f"{1e3 * t_sp:12.1f}" if t_sp is not None else f"{'(skipped)':>12}"
        print(f"  {L:>3} | {1e3 * t_mc:14.2f} | {sp} | {1e3 * t_act:12.2f}")


if __name__ == "__main__":
    main()
