"""The gradient of an L-layer perceptron's loss with respect to every weight matrix
(issue 11 §1 and §3.2): time and result size against L, for

- matcalc, new: `derive(f, [W1, …, WL])`, one backward sweep with one simplification memo;
- matcalc, old: `[derive(f, W) for W in Ws]`, one derivation per weight from scratch (as
  before the sweep; still what `derive` does for one variable at a time);
- SymPy's matrix expressions (`f.diff(W)` per weight, its cache cleared first), up to the
  first L where all weights together take longer than --sympy-budget seconds;
- tensorgrad (`loss.grad(W).simplify()` per weight), when --tensorgrad-python names a Python
  that has it (a separate environment: it is installed for this benchmark only), with the
  same budget.

Networks: linear, L = ‖W_L ⋯ W_1 x − y‖², and tanh, L = ‖h_L − y‖² with h_k = tanh(W_k h_{k−1}).

- matcalc, before: with --compare-with DIR, `derive(f, [W1, …, WL])` of another checkout of
  matcalc (e.g. `git worktree add /tmp/before <commit>`), timed the same way in a subprocess
  run just before this one's, for the ratio measured side by side.

Run:  python benchmarks/bench_backprop.py [--layers 1 2 4 8 16 32 64] [--repeat 3]
          [--sympy-budget 60] [--tensorgrad-python /tmp/venv-tg/bin/python]
          [--compare-with /tmp/before] [--networks linear tanh]

It prints, per network and L, median seconds for all L weights together, and the sizes of
the results: distinct expression nodes of all the gradients together, their printed length
(characters, `str(d.expr)` summed) and the printed length with named intermediates
(`matcalc.shared`: h1 = tanh(W1x), δ2 = …), then the growth exponents fitted to the points
L ≥ 4 (time ∝ L^k by least squares on logs). Each run starts from a fresh copy of the
expression (no node caches reused). Nothing is asserted: the machine is shared and noisy;
read the ratios measured side by side in one run, with the load printed at the top.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

TG_TIMEOUT = 900        # seconds for the whole tensorgrad subprocess


# ------------------------------------------------------------------------------------
# tensorgrad, in its own environment: this part imports tensorgrad only
# ------------------------------------------------------------------------------------

def tensorgrad_worker(layers, activation: str, budget: float) -> None:
    """Print one JSON line per L: {"L":, "seconds": or null, "error": or null}."""
    import sympy
    import tensorgrad.functions as F
    from tensorgrad import Variable

    for L in layers:
        try:
            dims = sympy.symbols(" ".join(f"d{i}" for i in range(L + 1)))
            dims = dims if isinstance(dims, tuple) else (dims,)
            h = Variable("x", dims[0])
            y = Variable("y", dims[L])
            Ws = [Variable(f"W{k + 1}", dims[k + 1], dims[k]) for k in range(L)]
            for W in Ws:
                h = W @ h
                if activation == "tanh":
                    h = F.tanh(h)
            r = h - y
            loss = r @ r
            t0 = time.perf_counter()
            for W in Ws:
                loss.grad(W).simplify()
                if time.perf_counter() - t0 > budget:
                    raise TimeoutError(f"over the budget of {budget:.0f} s")
            out = {"L": L, "seconds": time.perf_counter() - t0, "error": None}
        except Exception as err:  # noqa: BLE001  (any failure of the other tool is reported)
            out = {"L": L, "seconds": None, "error": f"{type(err).__name__}: {err}"[:200]}
        print(json.dumps(out), flush=True)
        if out["seconds"] is None:
            break


def tensorgrad_times(python: str, layers, activation: str, budget: float) -> dict:
    """{L: seconds or an error text} from a tensorgrad worker in `python`."""
    cmd = [python, __file__, "--tensorgrad-worker", activation, "--sympy-budget", str(budget),
           "--layers", *map(str, layers)]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True,
                             timeout=TG_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return {"error": str(err)}
    out = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            out[row["L"]] = row["seconds"] if row["seconds"] is not None else row["error"]
    if not out:
        out["error"] = (run.stderr.strip().splitlines() or ["no output"])[-1]
    return out


# ------------------------------------------------------------------------------------
# another checkout of matcalc, in a subprocess
# ------------------------------------------------------------------------------------

def matcalc_worker(root: str, layers, activation: str, repeat: int) -> None:
    """Print {L: median seconds of derive(f, [W1, …, WL])} as one JSON line, for the
    matcalc found in `root`."""
    sys.path.insert(0, str(Path(root).resolve()))
    from bench_compare import perceptron_of     # the public API: the checkout may be older
    import matcalc as mc
    from matcalc.core import expr as E
    from matcalc.diff import derive

    act = mc.tanh if activation == "tanh" else None
    derive(*fresh(E, *perceptron_of(mc, 2, act)))        # first-use imports (SymPy for tanh′)
    out = {}
    for L in layers:
        f, Ws = perceptron_of(mc, L, act)
        out[L] = median_time(lambda f=f, Ws=Ws: derive(*fresh(E, f, Ws)), repeat)
    print(json.dumps(out), flush=True)


def other_times(root: str, layers, activation: str, repeat: int) -> dict:
    """{L: seconds} from a matcalc_worker for the checkout in `root`, or {"error": text}."""
    cmd = [sys.executable, __file__, "--matcalc-worker", activation, "--compare-with", root,
           "--repeat", str(repeat), "--layers", *map(str, layers)]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=root)
    lines = [x for x in run.stdout.splitlines() if x.startswith("{")]
    if not lines:
        return {"error": (run.stderr.strip().splitlines() or ["no output"])[-1]}
    return {int(L): t for L, t in json.loads(lines[-1]).items()}


# ------------------------------------------------------------------------------------
# matcalc and SymPy
# ------------------------------------------------------------------------------------

def fresh(E, f, Ws):
    """A copy of f built of new nodes (so no hash or child cache from an earlier run is
    reused) and its weights."""
    new: dict = {}
    for x in E.postorder(f):
        new[x] = E.rebuild(x, tuple(new[c] for c in x.children))
    return new[f], [new[W] for W in Ws]


def median_time(fn, repeat: int) -> float:
    """The median of `repeat` runs, with the garbage collector off while timing (as timeit
    does: the results of earlier runs kept alive would otherwise be scanned again and
    again, a cost of this process rather than of the derivation)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    return statistics.median(times)


def sizes(mc, E, ds) -> dict:
    seen = set()
    for d in ds:
        seen.update(E.postorder(d.expr))
    return {"nodes": len(seen), "printed": sum(len(str(d.expr)) for d in ds),
            "named": len(mc.shared(ds))}


def sympy_time(mc, f, Ws, budget: float):
    """Seconds for SymPy to differentiate f with respect to every weight, None past the
    budget, or the reason it cannot."""
    from sympy.core.cache import clear_cache

    from matcalc.core.errors import MatcalcError
    from matcalc.to_sympy import to_sympy
    try:
        syms: dict = {}
        fs = to_sympy(f, syms)
        clear_cache()
        t0 = time.perf_counter()
        for W in Ws:
            fs.diff(syms[W])
            if time.perf_counter() - t0 > budget:
                return None
        return time.perf_counter() - t0
    except MatcalcError:                     # to_sympy: no SymPy form (tanh of a vector)
        return "cannot state it"
    except Exception as err:  # noqa: BLE001  (SymPy cannot derive it: reported)
        return f"fails: {type(err).__name__}"


def exponent(points) -> float | None:
    """k in y ∝ L^k, least squares on logs over the points with L ≥ 4."""
    pts = [(math.log(L), math.log(y)) for L, y in points if L >= 4 and y]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def _s(t) -> str:
    if t is None:
        return "> budget"
    if isinstance(t, str):
        return t if len(t) < 24 else t[:21] + "…"
    return f"{t:.3f}" if t < 10 else f"{t:.1f}"


def bench(layers, repeat: int, budget: float, tg_python: str | None, old: bool,
          before: str | None = None, networks=("linear", "tanh")):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import matcalc as mc
    from matcalc.core import expr as E
    from matcalc.diff import derive
    from matcalc.examples import perceptron

    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {load}")
    for name, act in (("linear", None), ("tanh", mc.tanh)):
        if name not in networks:
            continue
        tg = tensorgrad_times(tg_python, layers, name, budget) if tg_python else {}
        other = other_times(before, layers, name, repeat) if before else {}
        rows, sympy_over = [], False
        derive(*fresh(E, *perceptron(2, act)))   # first-use imports (SymPy for tanh′), untimed
        for L in layers:
            f, Ws = perceptron(L, act)
            t_new = median_time(lambda f=f, Ws=Ws: derive(*fresh(E, f, Ws)), repeat)
            t_old = median_time(lambda f=f, Ws=Ws: [derive(g, W) for g, Vs in
                                                    [fresh(E, f, Ws)] for W in Vs],
                                repeat) if old else None
            ds = derive(f, Ws)
            t_named = median_time(lambda ds=ds: mc.shared(ds), 1)
            t_sp = sympy_time(mc, f, Ws, budget) if sympy_over is False else sympy_over
            if t_sp is None or isinstance(t_sp, str):
                sympy_over = t_sp
            rows.append((L, t_new, t_old, t_named, t_sp, tg.get(L, tg.get("error")),
                         sizes(mc, E, ds)))
        print(f"\n{name} network, all L weights (seconds, medians of {repeat}):")
        if before:
            print(f"(before: {before}, run just before this one"
                  f"{'; ' + str(other['error']) if 'error' in other else ''})")
        print("| L | new | before | before ÷ new | old | old ÷ new | shared() | SymPy | "
              "tensorgrad | nodes | printed | named |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for L, t_new, t_old, t_named, t_sp, t_tg, sz in rows:
            ratio = f"{t_old / t_new:.1f}×" if t_old else "—"
            t_before = other.get(L)
            gain = f"{t_before / t_new:.1f}×" if isinstance(t_before, float) else "—"
            print(f"| {L} | {_s(t_new)} | {_s(t_before) if before else '—'} | {gain} | "
                  f"{_s(t_old) if old else '—'} | {ratio} | "
                  f"{_s(t_named)} | {_s(t_sp)} | {_s(t_tg) if tg_python else '—'} | "
                  f"{sz['nodes']} | {sz['printed']} | {sz['named']} |")
        fits = {"new": [(r[0], r[1]) for r in rows], "old": [(r[0], r[2]) for r in rows],
                "before": [(r[0], other.get(r[0])) for r in rows
                           if isinstance(other.get(r[0]), float)],
                "nodes": [(r[0], r[6]["nodes"]) for r in rows],
                "printed": [(r[0], r[6]["printed"]) for r in rows],
                "named": [(r[0], r[6]["named"]) for r in rows]}
        print("growth exponents (L ≥ 4): " + ", ".join(
            f"{k} L^{exponent(v):.2f}" for k, v in fits.items() if exponent(v) is not None))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--layers", type=int, nargs="+", default=[1, 2, 4, 8, 16, 32, 64])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sympy-budget", type=float, default=60.0,
                    help="seconds for all weights of one L (SymPy and tensorgrad)")
    ap.add_argument("--tensorgrad-python", default=None,
                    help="a Python with tensorgrad installed (e.g. /tmp/venv-tg/bin/python)")
    ap.add_argument("--no-old", action="store_true", help="skip the per-weight derivations")
    ap.add_argument("--compare-with", default=None, metavar="DIR",
                    help="another checkout of matcalc (e.g. a git worktree of an earlier "
                         "commit): its derive(f, [W…]) timed in a subprocess, side by side")
    ap.add_argument("--networks", nargs="+", choices=["linear", "tanh"],
                    default=["linear", "tanh"], help="which networks to measure")
    ap.add_argument("--tensorgrad-worker", choices=["linear", "tanh"], default=None,
                    help=argparse.SUPPRESS)
    ap.add_argument("--matcalc-worker", choices=["linear", "tanh"], default=None,
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.tensorgrad_worker:
        tensorgrad_worker(args.layers, args.tensorgrad_worker, args.sympy_budget)
        return
    if args.matcalc_worker:
        matcalc_worker(args.compare_with, args.layers, args.matcalc_worker, args.repeat)
        return
    bench(args.layers, args.repeat, args.sympy_budget, args.tensorgrad_python,
          not args.no_old, args.compare_with, args.networks)


if __name__ == "__main__":
    main()
