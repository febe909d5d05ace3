"""The long robustness campaign: the properties of tests/test_fuzz_engine.py over many random
expressions, *continuing past failures* and logging each one (hypothesis itself stops at the
first failure and shrinks it; a campaign wants the count).

    python benchmarks/fuzz_campaign.py --examples 10000 --depth 6 --out campaign.jsonl
    python benchmarks/fuzz_campaign.py --property simplify --examples 500 --seed 3

Each failure is one JSON line: property, the expression in ASCII with its declarations, the
error (a rewrite loop in the simplifier raises RewriteLoop, so it is counted as one). Turn each into a plain test in tests/test_regressions.py. The summary at the end gives,
per property, examples run, rejected (ill-conditioned points, `assume`) and failed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=1000)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--property", action="append",
                    choices=("derivative", "simplify", "printers", "hessian"))
    ap.add_argument("--out", default="fuzz_campaign.jsonl")
    args = ap.parse_args(argv)
    os.environ["MATCALC_FUZZ_DEPTH"] = str(args.depth)

    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis.errors import UnsatisfiedAssumption

    import test_fuzz_engine as T
    from matcalc.printing import to_ascii
    from strategies import declarations, expressions

    props = {
        "derivative": (T.test_derivative_agrees_with_finite_differences, args.examples,
                       expressions(max_depth=args.depth, smooth=True)),
        "simplify": (T.test_simplify_preserves_value, args.examples,
                     expressions(max_depth=args.depth, smooth=True)),
        "printers": (T.test_printers_read_back_expressions_and_derivatives, args.examples,
                     expressions(max_depth=args.depth, smooth=True)),
        "hessian": (T.test_hessian_agrees_with_finite_differences, max(args.examples // 3, 100),
                    expressions(max_depth=max(args.depth - 1, 2), smooth=True).filter(
                        lambda f: f.is_scalar and any(v.kind == "vector"
                                                      for v in T.variables(f)))),
    }
    chosen = args.property or list(props)
    out = open(args.out, "a", encoding="utf-8")
    summary = {}
    for name in chosen:
        test, n, strategy = props[name]
        body = test.hypothesis.inner_test
        counts = {"run": 0, "rejected": 0, "failed": 0, "seconds": 0.0}
        t0 = time.perf_counter()

        @seed(args.seed)
        @settings(max_examples=n, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def campaign(f):
            counts["run"] += 1
            try:
                body(f)
            except UnsatisfiedAssumption:
                counts["rejected"] += 1
                raise
            except Exception as exc:             # noqa: BLE001 - a campaign logs everything
                counts["failed"] += 1
                decl = declarations(f)
                out.write(json.dumps({
                    "property": name, "expr": to_ascii(f),
                    "declarations": {k: str(v) for k, v in decl.items()},
                    "error": f"{type(exc).__name__}: {exc}"[:2000],
                    "where": traceback.format_exc(limit=-3)[-1500:],
                }, ensure_ascii=False) + "\n")
                out.flush()

        campaign()
        counts["seconds"] = round(time.perf_counter() - t0, 1)
        summary[name] = counts
        print(name, counts, flush=True)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
