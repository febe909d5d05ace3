"""How often does the numerical check call a right answer wrong? (issue 14)

Runs `Derivative.verify()` — the check the command line prints — over the supported Cookbook
catalogue (every variable of every first-order entry, in its layout), the seed lectures'
examples (examples/lectures.toml, every layout and variable), and over random
expressions from the hypothesis strategies (tests/strategies.py, smooth and not), with
respect to each of their variables, and counts the verdicts. Every derivative here is right
(the engine's results are checked independently by the test suite and the campaign), so
every "disagrees" is a false alarm; each is printed.

    python benchmarks/check_false_alarms.py --examples 10000 --seed 1
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

import matcalc as mc                              # noqa: E402
from matcalc import catalogue                     # noqa: E402
from matcalc.core.errors import MatcalcError      # noqa: E402
from matcalc.core.expr import variables           # noqa: E402


def _verdict(d):
    try:
        return d.verify().status, ""
    except MatcalcError as e:              # e.g. an array too large to evaluate
        return "refused", str(e)


def _tally(d, label: str, counts: Counter, alarms: list) -> None:
    """Count the verdict on `d`; a "disagrees" is a false alarm, recorded with its label."""
    status, _ = _verdict(d)
    counts[status] += 1
    if status == "disagrees":
        alarms.append(f"{label}: {d.verify()}")


def catalogue_verdicts(counts: Counter, alarms: list) -> int:
    n = 0
    for ident in catalogue.load():
        if not ident.supported or ident.kind != "derivative" or ident.order != 1:
            continue
        d = mc.diff(ident.expr, ident.var, ident.layout, **ident.declaration_dict())
        _tally(d, ident.id, counts, alarms)
        n += 1
    return n


def lecture_verdicts(counts: Counter, alarms: list) -> int:
    """The seed lectures' examples, as examples/lectures.toml states them."""
    n = 0
    for p in mc.load_problems(HERE.parent / "examples" / "lectures.toml"):
        decls = dict(line.split(":", 1) for line in p.declarations)
        for w in p.wrt:
            ds = [mc.hessian(p.expression, w, **decls)] if p.hessian else \
                [mc.diff(p.expression, w, lay, **decls) for lay in p.layout]
            for d in ds:
                _tally(d, f"{p.title} ∂/∂{w}", counts, alarms)
                n += 1
    return n


def random_verdicts(examples: int, seed: int, counts: Counter, alarms: list) -> int:
    import hypothesis.strategies as st
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from strategies import expressions

    done = [0]

    @hseed(seed)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(expressions(max_depth=4, smooth=True) | expressions(max_depth=3),
           st.integers(min_value=0, max_value=10))
    def run(e, pick):
        vs = sorted(variables(e), key=lambda v: v.name)
        if not vs:
            return
        var = vs[pick % len(vs)]
        try:
            d = mc.diff(e, var)
        except MatcalcError:
            counts["not derived (size bound)"] += 1
            return
        _tally(d, f"∂({e.to_ascii()})/∂{var.name}", counts, alarms)
        done[0] += 1
    run()
    return done[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    cat, rnd, alarms = Counter(), Counter(), []
    n_cat = catalogue_verdicts(cat, alarms)
    print(f"catalogue: {n_cat} derivatives: {dict(cat)}")
    lec = Counter()
    n_lec = lecture_verdicts(lec, alarms)
    print(f"lecture examples (examples/lectures.toml): {n_lec} derivatives: {dict(lec)}")
    n_rnd = random_verdicts(args.examples, args.seed, rnd, alarms)
    print(f"random expressions: {n_rnd} derivatives checked: {dict(rnd)}")
    print(f"false alarms ('disagrees' on a right answer): {len(alarms)}")
    for a in alarms:
        print("  " + a)
    print(f"time: {time.perf_counter() - t0:.0f} s")
    return 1 if alarms else 0


if __name__ == "__main__":
    sys.exit(main())
