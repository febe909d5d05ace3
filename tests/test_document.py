"""Whole LaTeX documents from a file of problems (matcalc/document.py, `matcalc latex`): the
example lecture notes compile on A4 portrait with default margins and no overfull box, and
every result they typeset is checked numerically."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import EXIT_BAD_INPUT, main
from matcalc.document import ProblemFileError, document, load_problems

EXAMPLE = Path(__file__).parent.parent / "examples" / "lectures.toml"
OVERFULL_PT = 3.0          # "a few points"


def _compile(tex: str, tmp_path: Path) -> str:
    exe = shutil.which("pdflatex")
    assert exe, ("pdflatex not found: install LaTeX to run the tests "
                 "(apt-get install texlive-latex-base texlive-latex-recommended)")
    (tmp_path / "notes.tex").write_text(tex, encoding="utf-8")
    out = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "notes.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    log = (tmp_path / "notes.log").read_text(encoding="latin-1")
    assert out.returncode == 0, out.stdout[-3000:]
    return log


def _overfull(log: str) -> list:
    """(width in pt, source lines) of every overfull box the log reports."""
    return [(float(w), lines) for w, lines in
            re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) .*? at lines (\d+--\d+)", log)]


def _too_wide(tex: str, log: str) -> list:
    """The overfull boxes wider than OVERFULL_PT, each with the start of its source line."""
    source = tex.splitlines()
    return [f"{w:.1f}pt at line {lines}: {source[int(lines.split('--')[0]) - 1][:120]}"
            for w, lines in _overfull(log) if w > OVERFULL_PT]


@pytest.mark.parametrize("steps", [False, True], ids=["results", "with steps"])
def test_the_example_lectures_compile_on_a4_portrait_without_overfull_boxes(tmp_path, steps):
    tex = document(load_problems(EXAMPLE), steps=steps)
    assert r"\documentclass[a4paper,11pt]{article}" in tex and "geometry" not in tex
    log = _compile(tex, tmp_path)
    wide = _too_wide(tex, log)
    assert not wide, "overfull boxes:\n" + "\n".join(wide)


def test_every_result_in_the_example_lectures_is_right():
    for p in load_problems(EXAMPLE):
        decls = dict(line.split(":", 1) for line in p.declarations)
        for w in p.wrt:
            ds = [mc.hessian(p.expression, w, **decls)] if p.hessian else \
                [mc.diff(p.expression, w, lay, **decls) for lay in p.layout]
            for d in ds:
                for seed in (0, 1):
                    assert d.check(seed=seed) < 1e-6, (p.title, w, d.layout)


def test_a_document_with_steps_compiles(tmp_path):
    problems = load_problems(EXAMPLE)[2:4]
    tex = document(problems, steps=True)
    assert r"(1)\enspace" in tex and "Cookbook (37)" in tex
    _compile(tex, tmp_path)


def test_the_statement_names_variables_spaces_kind_layout_and_shape():
    tex = document(load_problems(EXAMPLE)[:1])
    assert r"\mathbb{R}^{n}" in tex
    assert "scalar-by-vector, numerator layout" in tex
    assert "scalar-by-vector, denominator layout" in tex
    assert r"\frac{\partial f}{\partial \mathbf{x}}" in tex


def test_the_function_name_is_used():
    tex = document(load_problems(EXAMPLE)[2:3])
    assert r"\frac{\partial L}{\partial \mathbf{W}}" in tex


def test_the_latex_command_writes_the_document(tmp_path):
    out = tmp_path / "notes.tex"
    r = CliRunner().invoke(main, ["latex", str(EXAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith(r"\documentclass")


@pytest.mark.parametrize("text, message", [
    ("[[problem]]\nwrt = 'x'\n", "'expression'"),
    ("[[problem]]\nexpression = 'x'\n", "'wrt'"),
    ("[[problem]]\nexpression = 'x'\nwrt = 'x'\nlayout = 'sideways'\n", "layout"),
    ("[[problem]]\nexpression = 'x'\nwrt = 'x'\ncolour = 1\n", "unknown field"),
    ("nothing = 1\n", "no [[problem]]"),
    ("[[problem\n", "not valid TOML"),
])
def test_bad_problem_files_are_explained(tmp_path, text, message):
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(ProblemFileError, match=re.escape(message)):
        load_problems(path)
    r = CliRunner().invoke(main, ["latex", str(path)])
    assert r.exit_code == EXIT_BAD_INPUT and message in r.output


def test_denominators_print_like_the_body_and_steps_have_thin_spaces():
    problem = [p for p in load_problems(EXAMPLE) if p.wrt == ("W1", "W2")][0]
    tex = document([problem], steps=True)
    assert r"\frac{\partial L}{\partial \mathbf{W}_{1}}" in tex      # bold, subscripted
    assert r"\mathbf{W}_{1}^\top \mathbf{x}" in tex                  # as the body prints W1
    assert r"\mathrm{d}\mathbf{W}_{1}^\top\,\mathbf{x}" in tex       # d set off
    assert r"\begin{enumerate}" not in tex and r"(1)\enspace" in tex


def test_two_equations_on_one_line_are_set_as_a_group():
    # dF = tr(GᵀdX), G = …: breqn would break at the second `=` and leave "G" alone
    problem = [p for p in load_problems(EXAMPLE) if p.expression == "tr(A * X * B)"][0]
    tex = document([problem], steps=True)
    assert (r"\begin{dgroup*}" "\n" r"\begin{dmath*}\mathrm{d}f = \operatorname{tr}"
            r"(\mathbf{G}^\top \mathrm{d}\mathbf{X}),\end{dmath*}" "\n"
            r"\begin{dmath*}\mathbf{G} = ") in tex
