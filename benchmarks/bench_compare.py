"""Derivation speed before and after a change, side by side in one run.

Run:  python benchmarks/bench_compare.py --baseline DIR [--rounds 2] [--repeat 9]
      (DIR: a checkout of the version to compare with, e.g.
       git worktree add /tmp/before 797e873)

bench_derivation.py times one version; its median over identities moves by ±10% with the
load of a 2-core machine, so two runs of it made minutes apart cannot tell a 5% change.
This script times both versions in alternating worker processes (`rounds` times each) and
keeps, per identity and per network, the least CPU time (`time.process_time`) over all
repeats and rounds: the least time is what a version needs when nothing interferes, and
alternating gives both versions the same machine. It prints:

1. per Cookbook identity of the catalogue (the ones bench_derivation.py times, each from a
   fresh copy of its tree): the median over identities of each version's time, their
   ratio, and the median of the per-identity ratios (each identity against itself), with
   the identities that changed most;
2. the L-layer networks of bench_derivation.py (linear and tanh), each weight matrix
   derived on its own: time per weight matrix.

Ratios are after / before: below 1 the change is faster.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _worker(root: str, repeat: int, layers: list) -> dict:
    """Runs in a child process with `root`'s matcalc first on the path."""
    sys.path.insert(0, root)
    import matcalc as mc
    from matcalc import catalogue
    from matcalc.diff import derive
    ex = getattr(getattr(mc, "core", None), "expr", None) or mc.expr     # layouts differ

    def fresh(f):
        new: dict = {}
        for x in ex.postorder(f):
            new[x] = ex.rebuild(x, tuple(new[c] for c in x.children))
        return new[f]

    items = []
    for ident in catalogue.load():
        if not ident.supported or ident.kind != "derivative" or ident.order != 1:
            continue
        try:
            items.append((ident.id, mc.parse(ident.expr, **ident.declaration_dict()),
                          ident.var, ident.layout))
        except Exception:               # not parsed by this version: left out of both
            continue
    out: dict = {"identities": {}, "networks": {}}
    for _, f, v, lay in items:          # warm up: imports, lazy tables
        derive(fresh(f), v, lay)
    for name, f, v, lay in items:
        best = float("inf")
        for _ in range(repeat):
            g = fresh(f)
            t0 = time.process_time()
            derive(g, v, lay)
            best = min(best, time.process_time() - t0)
        out["identities"][name] = best
    for act in (None, mc.tanh):         # warm up: tanh′ and the networks' first use
        f, Ws = perceptron_of(mc, 2, act)
        for W in Ws:
            derive(f, W)
    for L in layers:
        for act in ("linear", "tanh"):
            best = float("inf")
            for _ in range(max(1, repeat // 3)):
                f, Ws = perceptron_of(mc, L, None if act == "linear" else mc.tanh)
                t0 = time.process_time()
                for W in Ws:
                    derive(f, W)
                best = min(best, (time.process_time() - t0) / L)
            out["networks"][f"{act} L={L}"] = best
    return out


def perceptron_of(mc, L: int, activation):
    """matcalc.examples.perceptron, built through the public API both versions share (the
    version before may not have matcalc.examples)."""
    dims = [f"d{i}" for i in range(L + 1)]
    h = mc.vector("x", dims[0])
    Ws = [mc.matrix(f"W{i + 1}", dims[i + 1], dims[i]) for i in range(L)]
    for W in Ws:
        h = W @ h
        if activation is not None:
            h = activation(h)
    r = h - mc.vector("y", dims[-1])
    return r.T @ r, Ws


def _run(root: Path, repeat: int, layers: list) -> dict:
    cmd = [sys.executable, __file__, "--worker", str(root), "--repeat", str(repeat),
           "--layers", *map(str, layers)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def _merge(best: dict | None, new: dict) -> dict:
    if best is None:
        return new
    return {part: {k: min(best[part][k], new[part][k]) for k in best[part] if k in new[part]}
            for part in best}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", type=Path, help="a checkout of the version before")
    ap.add_argument("--rounds", type=int, default=2, help="alternations of the two versions")
    ap.add_argument("--repeat", type=int, default=9, help="timings per identity per round")
    ap.add_argument("--layers", type=int, nargs="+", default=[2, 8, 16])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.repeat, args.layers)))
        return
    if args.baseline is None:
        ap.error("--baseline DIR is required (a checkout of the version to compare with)")
    before = after = None
    for _ in range(args.rounds):
        before = _merge(before, _run(args.baseline.resolve(), args.repeat, args.layers))
        after = _merge(after, _run(HERE, args.repeat, args.layers))
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {' '.join(load)}; "
          f"least CPU time of {args.rounds} x {args.repeat}; ratios after/before")
    b, a = before["identities"], after["identities"]
    both = [k for k in b if k in a]
    mb, ma = statistics.median(b[k] for k in both), statistics.median(a[k] for k in both)
    ratios = sorted((a[k] / b[k], k) for k in both)
    print(f"Cookbook identities ({len(both)}): median before {1e3 * mb:.3f} ms, "
          f"after {1e3 * ma:.3f} ms, ratio of medians {ma / mb:.2f}; "
          f"median of per-identity ratios {statistics.median(r for r, _ in ratios):.2f}; "
          f"total {sum(a[k] for k in both) / sum(b[k] for k in both):.2f}")
    print("  slowed most: " + ", ".join(f"{k} {r:.2f}" for r, k in ratios[::-1][:6]))
    print("  sped up most: " + ", ".join(f"{k} {r:.2f}" for r, k in ratios[:6]))
    print("Networks, per weight matrix (ms): before, after, ratio")
    for k in before["networks"]:
        nb, na = before["networks"][k], after["networks"][k]
        print(f"  {k:12} {1e3 * nb:8.2f} {1e3 * na:8.2f} {na / nb:6.2f}")


if __name__ == "__main__":
    main()
