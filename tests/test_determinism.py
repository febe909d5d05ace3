"""The same input prints byte-identical output across runs and processes, whatever the
hash seed (sets and dicts of names or sympy symbols must not leak their order)."""
import os
import subprocess
import sys

import pytest

INPUTS = [
    ("diff", "a' * X * b", "-x", "X,a,b"),
    ("diff", "x' * A * x + b' * x + c' * y", "-x", "x", "--steps"),
    ("diff", "logdet(S) - tr(inv(S) C) + sum(W1 .* W1) + norm2(W1' * h - q)^2", "-x", "S,W1",
     "-d", "S: matrix(n) spd", "--steps", "-f", "latex"),
    ("diff", "kron(A, B) * vec(X)", "-x", "X", "-f", "ascii"),
    ("diff", "exp(beta) * z' diag(v) z + w' x", "-x", "w,v,z,beta"),
    ("hessian", "x' * A * x + exp(a' x)", "-x", "x"),
    ("parse", "p' q r' s + u' v w' t + alpha beta gamma"),
]


def _run(args, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-m", "matcalc.cli", *args], env=env,
                         capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout


@pytest.mark.parametrize("args", INPUTS, ids=lambda a: a[1][:30])
def test_output_is_identical_across_hash_seeds(args):
    outputs = {seed: _run(args, seed) for seed in ("0", "1", "12345")}
    assert len(set(outputs.values())) == 1, outputs
