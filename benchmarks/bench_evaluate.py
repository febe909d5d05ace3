"""`Derivative.evaluate` against the same gradient written by hand in NumPy (issue 11 §3.4).

Run:  python benchmarks/bench_evaluate.py [--sizes 10 100 1000] [--repeat 200]

For each problem and n (m = 2n samples) it prints the median time of one
`Derivative.evaluate(values)` call, of the hand-written NumPy gradient, and their ratio
(the overhead of the library's evaluation: binding the dimensions, the size guard, the walk
over the expression). Nothing is asserted (speed is measured here, never in the tests); the
two values are compared with np.allclose so that a wrong timing cannot pass unnoticed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import time

import numpy as np

import matcalc as mc


def median_time(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def _sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))


def problems():
    """(name, derivative, data(n, rng) → values, hand-written gradient(values))."""
    ls = mc.diff("norm2(X * w - y)^2", "w")
    logistic = mc.diff("sum(log(sigmoid(y .* (X * w))))", "w")
    mlp = mc.diff("norm2(W2 * tanh(W1 * x) - y)^2", "W1")

    def xy(n, rng):
        return {"X": rng.standard_normal((2 * n, n)), "w": rng.standard_normal(n),
                "y": rng.standard_normal(2 * n)}

    def labels(n, rng):
        v = xy(n, rng)
        v["y"] = np.sign(v["y"])
        return v

    def mlp_data(n, rng):
        return {"W1": rng.standard_normal((n, n)) / n, "W2": rng.standard_normal((n, n)) / n,
                "x": rng.standard_normal(n), "y": rng.standard_normal(n)}

    def ls_grad(v):
        return 2 * v["X"].T @ (v["X"] @ v["w"] - v["y"])

    def logistic_grad(v):
        return v["X"].T @ (v["y"] * _sigmoid(-v["y"] * (v["X"] @ v["w"])))

    def mlp_grad(v):
        h = np.tanh(v["W1"] @ v["x"])
        delta = (v["W2"].T @ (2 * (v["W2"] @ h - v["y"]))) * (1 - h ** 2)
        return np.outer(delta, v["x"])

    return [("least squares", ls, xy, ls_grad),
            ("logistic regression", logistic, labels, logistic_grad),
            ("two-layer tanh (W1)", mlp, mlp_data, mlp_grad)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args(argv)
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"matcalc from {os.path.dirname(mc.__file__)}; {load}")
    print(f"{'problem':<22} {'n':>5} | {'evaluate':>10} | {'by hand':>10} | {'ratio':>7}")
    rng = np.random.default_rng(0)
    for name, d, data, by_hand in problems():
        for n in args.sizes:
            v = data(n, rng)
            mine = np.asarray(d.evaluate(v)).reshape(-1)
            ref = np.asarray(by_hand(v)).reshape(-1)
            assert np.allclose(mine, ref, rtol=1e-8, atol=1e-10), name
            repeat = max(5, args.repeat // (1 + n // 100))
            t_mc = median_time(lambda d=d, v=v: d.evaluate(v), repeat)
            t_np = median_time(lambda f=by_hand, v=v: f(v), repeat)
            print(f"{name:<22} {n:>5} | {t_mc * 1e6:>8.1f}µs | {t_np * 1e6:>8.1f}µs | "
                  f"{t_mc / t_np:>6.1f}×")


if __name__ == "__main__":
    main()
