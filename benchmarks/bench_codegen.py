"""Evaluation speed of generated code (issue 11 §3.1): value + gradient (and Hessian) of the
code `matcalc.codegen` writes, against the function alone written by hand in NumPy, against
jax.grad (jitted) and PyTorch autograd, and Hessians against a hand-written closed form,
jax.hessian (jitted) and torch.func.hessian.

Run:  python benchmarks/bench_codegen.py [--sizes 100 1000] [--repeat 7] [--before DIR]
                                         [--target numpy|jax|torch]

`--target` times the generated code of that target (JAX's jitted) in the "generated" column,
against the same hand-written NumPy, jax.grad and PyTorch autograd.

`--before DIR` also times the code that the matcalc package in DIR (an older checkout's
directory holding `matcalc/`) generates for the same problems, side by side in the same run
(its sources are written by a subprocess with DIR on PYTHONPATH): column "before" and the
ratio before/gen (>1: the current code is faster).

All in float64 on the CPU, one run, side by side; medians of `--repeat` calls after a warm-up
call (which also compiles the jitted JAX functions), the functions of one row called in turn
so that a change of load reaches them alike. Read the ratios: seconds on a shared 2-core
machine vary between runs. If OPENBLAS_CORETYPE is set in your environment, unset it
(with OPENBLAS_L2_SIZE) for this command only.

Problems, n features, m = 2n samples:
  least squares      ½‖Xw − y‖²
  ridge              ½‖Xw − y‖² + ½λ‖w‖²
  logistic           Σ softplus(Xw) − yᵀXw
  softmax regression Σᵢ log Σⱼ exp((XW)ᵢⱼ) − tr(YᵀXW), 10 classes
  two-layer tanh     ½‖V tanh(WX) − Y‖_F², 32 hidden units, 4 outputs, batch m (w.r.t. W)
  Gaussian NLL, μ    ½(x − μ)ᵀS⁻¹(x − μ) + ½ log det S
  Gaussian NLL, S    the same, with respect to S (spd)
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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matcalc.codegen import codegen          # noqa: E402

try:
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
except ImportError:                          # pragma: no cover
    jax = None
try:
    import torch
    torch.set_default_dtype(torch.float64)
except ImportError:                          # pragma: no cover
    torch = None


def load(src: str, name: str = "f"):
    namespace: dict = {}
    exec(compile(src, "<generated>", "exec"), namespace)   # noqa: S102 - benchmark only
    return namespace[name]


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


# ---- problems: (name, text, wrt, declarations, data(n, rng), hand-written value,
#                 jax value, torch value, hand-written Hessian or None) --------------------

def problems():
    lam = 0.1

    def ls_data(n, rng):
        m = 2 * n
        return {"X": rng.normal(size=(m, n)), "w": rng.normal(size=n) / np.sqrt(n),
                "y": rng.normal(size=m)}

    def logistic_data(n, rng):
        d = ls_data(n, rng)
        d["y"] = (rng.uniform(size=2 * n) < 0.5).astype(float)
        return d

    def softmax_data(n, rng):
        m, k = 2 * n, 10
        Y = np.zeros((m, k))
        Y[np.arange(m), rng.integers(0, k, size=m)] = 1.0
        return {"X": rng.normal(size=(m, n)), "W": rng.normal(size=(n, k)) / np.sqrt(n),
                "Y": Y, "u": np.ones(k)}

    def mlp_data(n, rng):
        m, h, k = 2 * n, 32, 4
        return {"V": rng.normal(size=(k, h)) / np.sqrt(h),
                "W": rng.normal(size=(h, n)) / np.sqrt(n),
                "X": rng.normal(size=(n, m)), "Y": rng.normal(size=(k, m))}

    def gauss_data(n, rng):
        b = rng.normal(size=(n, n))
        return {"x": rng.normal(size=n), "mu": rng.normal(size=n),
                "S": b @ b.T / n + np.eye(n)}

    def gauss(xp, x, mu, S):
        r = x - mu
        return 0.5 * r @ xp.linalg.solve(S, r) + 0.5 * xp.linalg.slogdet(S)[1]

    return [
        ("least squares", "0.5 * norm2(X*w - y)^2", "w", {},
         ls_data, lambda X, w, y: 0.5 * np.sum((X @ w - y) ** 2),
         lambda X, w, y: 0.5 * jnp.sum((X @ w - y) ** 2),
         lambda X, w, y: 0.5 * torch.sum((X @ w - y) ** 2),
         lambda X, w, y: X.T @ X),
        ("ridge", f"0.5 * norm2(X*w - y)^2 + {lam / 2} * w' * w", "w", {},
         ls_data, lambda X, w, y: 0.5 * np.sum((X @ w - y) ** 2) + lam / 2 * w @ w,
         lambda X, w, y: 0.5 * jnp.sum((X @ w - y) ** 2) + lam / 2 * w @ w,
         lambda X, w, y: 0.5 * torch.sum((X @ w - y) ** 2) + lam / 2 * w @ w,
         lambda X, w, y: X.T @ X + lam * np.eye(X.shape[1])),
        ("logistic", "sum(softplus(X*w)) - y' * X * w", "w", {},
         logistic_data, lambda X, w, y: np.sum(np.logaddexp(0.0, X @ w)) - y @ (X @ w),
         lambda X, w, y: jnp.sum(jnp.logaddexp(0.0, X @ w)) - y @ (X @ w),
         lambda X, w, y: torch.sum(torch.logaddexp(torch.zeros(()), X @ w)) - y @ (X @ w),
         lambda X, w, y: X.T @ ((_sigmoid(X @ w) * (1 - _sigmoid(X @ w)))[:, None] * X)),
        ("softmax regression", "sum(log(exp(X*W)*u)) - tr(Y'*X*W)", "W", {},
         softmax_data,
         lambda X, W, Y, u: np.sum(np.log(np.exp(X @ W) @ u)) - np.sum(Y * (X @ W)),
         lambda X, W, Y, u: jnp.sum(jnp.log(jnp.exp(X @ W) @ u)) - jnp.sum(Y * (X @ W)),
         lambda X, W, Y, u: torch.sum(torch.log(torch.exp(X @ W) @ u)) - torch.sum(Y * (X @ W)),
         None),
        ("two-layer tanh", "0.5 * frob(V*tanh(W*X) - Y)^2", "W", {},
         mlp_data, lambda V, W, X, Y: 0.5 * np.sum((V @ np.tanh(W @ X) - Y) ** 2),
         lambda V, W, X, Y: 0.5 * jnp.sum((V @ jnp.tanh(W @ X) - Y) ** 2),
         lambda V, W, X, Y: 0.5 * torch.sum((V @ torch.tanh(W @ X) - Y) ** 2),
         None),
        ("Gaussian NLL, mu", "0.5*(x - mu)'*inv(S)*(x - mu) + 0.5*logdet(S)", "mu",
         {"S": "matrix(n) spd", "mu": "vector(n)"}, gauss_data,
         lambda x, mu, S: gauss(np, x, mu, S), lambda x, mu, S: gauss(jnp, x, mu, S),
         lambda x, mu, S: gauss(torch, x, mu, S), None),
        ("Gaussian NLL, S", "0.5*(x - mu)'*inv(S)*(x - mu) + 0.5*logdet(S)", "S",
         {"S": "matrix(n) spd", "mu": "vector(n)"}, gauss_data,
         lambda x, mu, S: gauss(np, x, mu, S), lambda x, mu, S: gauss(jnp, x, mu, S),
         lambda x, mu, S: gauss(torch, x, mu, S), None),
    ]


def _in_order(fn, order):
    """`fn` (keyword arguments named like the variables) taking them positionally in the
    generated function's order."""
    return lambda *a: fn(**dict(zip(order, a)))


def _order(src: str) -> list:
    return src.split("def f(", 1)[1].split(")", 1)[0].split(", ")


def sources_from(directory: str, target: str = "numpy") -> dict:
    """name → (source, source with the Hessian) as the matcalc in `directory` writes them."""
    requests = [(name, text, wrt, decls) for name, text, wrt, decls, *_ in problems()]
    script = ("import json, sys\nfrom matcalc.codegen import codegen\nout = {}\n"
              "for name, text, wrt, decls in json.load(sys.stdin):\n"
              f"    out[name] = [codegen(text, wrt, target={target!r}, **decls),"
              f" codegen(text, wrt, target={target!r}, hessian_too=True, **decls)]\n"
              "print(json.dumps(out))\n")
    env = dict(os.environ, PYTHONPATH=str(Path(directory).resolve()))
    run = subprocess.run([sys.executable, "-c", script], input=json.dumps(requests),
                         capture_output=True, text=True, env=env, check=True,
                         cwd=directory)        # `-c` puts the working directory first
    return json.loads(run.stdout)


def _runner(src: str, target: str, d: dict):
    """A call of the generated function (of `target`: JAX jitted, inputs converted)."""
    fn = load(src)
    args = [d[k] for k in _order(src)]
    if target == "jax":
        fn, args = jax.jit(fn), [jnp.asarray(a) for a in args]
        return lambda: jax.block_until_ready(fn(*args))
    if target == "torch":
        args = [torch.as_tensor(a) for a in args]
    return lambda: fn(*args)


def median_times(fns: dict, repeat: int) -> dict:
    """name → median seconds of the callables, called in turn (round-robin, after one
    warm-up call each), so that a change in the machine's load reaches all of them alike."""
    fns = {k: fn for k, fn in fns.items() if fn is not None}
    for fn in fns.values():
        fn()                                  # warm-up (and JAX compilation)
    times: dict = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def bench(sizes, repeat: int, before: dict | None = None, target: str = "numpy"):
    rows, hrows = [], []
    for name, text, wrt, decls, data, hand, jax_f, torch_f, hand_h in problems():
        src = codegen(text, wrt, target=target, **decls)
        order = _order(src)
        hand, jax_f, torch_f = (_in_order(fn, order) for fn in (hand, jax_f, torch_f))
        hand_h = _in_order(hand_h, order) if hand_h else None
        for n in sizes:
            d = data(n, np.random.default_rng(0))
            args = [d[k] for k in order]
            k = order.index(wrt)
            fns = {"f": lambda: hand(*args), "gen": _runner(src, target, d),
                   "old": _runner(before[name][0], target, d) if before else None}
            hfns = {}
            if hand_h is not None:
                hsrc = codegen(text, wrt, target=target, hessian_too=True, **decls)
                hfns = {"hand": lambda: hand_h(*args), "gen": _runner(hsrc, target, d),
                        "old": _runner(before[name][1], target, d) if before else None}
            if jax is not None:
                jargs = [jnp.asarray(a) for a in args]
                vg = jax.jit(jax.value_and_grad(jax_f, argnums=k))
                fns["jax"] = lambda: jax.block_until_ready(vg(*jargs))
                if hfns:
                    jh = jax.jit(jax.hessian(jax_f, argnums=k))
                    hfns["jax"] = lambda: jax.block_until_ready(jh(*jargs))
            if torch is not None:
                targs = [torch.as_tensor(a) for a in args]

                def torch_vg():
                    x = targs[k].detach().requires_grad_(True)
                    a = list(targs)
                    a[k] = x
                    v = torch_f(*a)
                    v.backward()
                    return v, x.grad
                fns["torch"] = torch_vg
                if hfns:
                    def th():
                        a = list(targs)
                        return torch.func.hessian(
                            lambda x: torch_f(*(a[:k] + [x] + a[k + 1:])))(targs[k])
                    hfns["torch"] = th
            t = median_times(fns, repeat)
            rows.append((name, n, t["f"], t["gen"], t.get("jax"), t.get("torch"),
                         t.get("old")))
            if hfns:
                t = median_times(hfns, repeat)
                hrows.append((name, n, t["hand"], t["gen"], t.get("jax"), t.get("torch"),
                              t.get("old")))
    return rows, hrows


def _ms(t):
    return f"{1e3 * t:9.2f}" if t is not None else f"{'—':>9}"


def _x(a, b):
    return f"{b / a:6.2f}x" if a is not None and b is not None else f"{'—':>7}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--before", metavar="DIR", default=None,
                    help="also time the code generated by the matcalc in DIR")
    ap.add_argument("--target", choices=("numpy", "jax", "torch"), default="numpy",
                    help="the generated code's target (JAX code is jitted)")
    args = ap.parse_args(argv)
    before = sources_from(args.before, args.target) if args.before else None
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load_avg:.2f}; numpy {np.__version__}"
          + (f", jax {jax.__version__}" if jax else "")
          + (f", torch {torch.__version__}" if torch else ""))
    print(f"generated code: target {args.target}")
    rows, hrows = bench(args.sizes, args.repeat, before, args.target)
    print("\nValue + gradient, ms (median). gen/f: generated value+gradient ÷ the function "
          "alone, hand-written; jax/gen and torch/gen: >1 means the generated code is faster")
    print(f"{'problem':<20}{'n':>6} | {'f alone':>9} {'generated':>9} {'jax.grad':>9} "
          f"{'torch':>9} {'before':>9} | {'gen/f':>7} {'jax/gen':>7} {'torch/gen':>9} "
          f"{'before/gen':>10}")
    for name, n, t_f, t_gen, t_jax, t_torch, t_old in rows:
        print(f"{name:<20}{n:>6} | {_ms(t_f)} {_ms(t_gen)} {_ms(t_jax)} {_ms(t_torch)} "
              f"{_ms(t_old)} | {_x(t_f, t_gen)} {_x(t_gen, t_jax)} {_x(t_gen, t_torch):>9} "
              f"{_x(t_gen, t_old):>10}")
    print("\nHessian, ms (median). gen/hand: generated (value, gradient and Hessian) ÷ the "
          "hand-written closed-form Hessian; jax/gen, torch/gen: >1 means generated is faster")
    print(f"{'problem':<20}{'n':>6} | {'hand':>9} {'generated':>9} {'jax':>9} {'torch':>9} "
          f"{'before':>9} | {'gen/hand':>8} {'jax/gen':>7} {'torch/gen':>9} {'before/gen':>10}")
    for name, n, t_hand, t_gen, t_jh, t_th, t_old in hrows:
        print(f"{name:<20}{n:>6} | {_ms(t_hand)} {_ms(t_gen)} {_ms(t_jh)} {_ms(t_th)} "
              f"{_ms(t_old)} | "
              f"{_x(t_hand, t_gen):>8} {_x(t_gen, t_jh)} {_x(t_gen, t_th):>9} "
              f"{_x(t_gen, t_old):>10}")
    load_end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average at end: {load_end:.2f}")


if __name__ == "__main__":
    main()
