"""The LaTeX exporter's output compiles: every supported Cookbook entry's result, the
derivations (steps) of a selection, parentheses of every size (with and without breaks), and
`matcalc diff -f latex` output pasted as is, in one document run through pdflatex. (LaTeX is a test requirement: README, "Run the tests".)"""
import shutil
import subprocess

import pytest

import matcalc as mc
from matcalc import catalogue
from click.testing import CliRunner

from matcalc.cli import main as cli_main
from matcalc.diff import derive, hessian
from conftest import assert_numeric
from test_printing_latex import SIZED

PREAMBLE = r"""\documentclass{article}
\usepackage[a4paper,margin=1cm,landscape]{geometry}
\usepackage{amsmath}
\begin{document}
"""

STEPS = [
    ("a' * inv(X) * b", "X", {}),
    ("tr(A * X * B)", "X", {}),
    ("logdet(X)", "X", {}),
    ("1/2 * norm2(W' * h - y)^2", "W", {"W": "matrix(3, 2)"}),
    ("sum(tanh(W * x))", "W", {}),
    ("A * x", "A", {}),
    ("R' * R", "R", {}),
    ("W1 * x", "W1", {}),
    ("Sigma * x + A * Sigma * b", "Sigma", {}),
    ("alpha * x' * x", "alpha", {}),
    ("x' * S * x", "S", {"S": "matrix(n) symmetric"}),
]

CLI = [
    ["diff", "a' * X * b", "-x", "X", "-f", "latex", "--steps", "--check"],
    ["diff", "A * x", "-x", "A", "-f", "latex", "--check"],
    ["hessian", "x' * A * x", "-x", "x", "-f", "latex", "--steps"],
]


def _pdflatex():
    exe = shutil.which("pdflatex")
    assert exe, ("pdflatex not found: install LaTeX to run the tests "
                 "(apt-get install texlive-latex-base texlive-latex-recommended)")
    return exe


def _body() -> list:
    parts = []
    for ident in catalogue.load():
        if not ident.supported or ident.kind == "differential":
            continue
        f = mc.parse(ident.expr, **ident.declaration_dict())
        d = hessian(f, ident.var) if ident.order == 2 else derive(f, ident.var, ident.layout)
        parts.append(rf"\noindent {ident.id}: \[ {f.to_latex()} \;\to\; {d.to_latex()} \]")
    for e, _ in SIZED:                          # the sized parentheses, typeset
        parts.append(rf"\[ {e.to_latex()} \]")
        parts.append(rf"\[ {mc.to_latex(e, breaks=True)} \]")
    for text, wrt, decls in STEPS:
        d = mc.diff(text, wrt, **decls)
        assert_numeric(d)                       # what is typeset is also right
        parts.append(d.steps_latex())
    return parts


def _cli_output(args) -> str:
    result = CliRunner().invoke(cli_main, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_latex_output_compiles(tmp_path):
    exe = _pdflatex()
    parts = _body()
    for args in CLI:
        out = _cli_output(args)
        parts.append(out)                      # pasted as is
    doc = PREAMBLE + "\n\n".join(parts) + "\n\\end{document}\n"
    (tmp_path / "results.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "results.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    log = run.stdout[-3000:]
    assert run.returncode == 0, f"pdflatex failed:\n{log}"
    assert (tmp_path / "results.pdf").stat().st_size > 10_000
    assert "Undefined control sequence" not in run.stdout
