"""Whole LaTeX documents from a file of problems: lecture notes a lecturer compiles as they are.

A problem file is TOML, one `[[problem]]` table per problem:

    [[problem]]
    title = "A linear form"                   # optional; the heading
    text = "The gradient of a bilinear form." # optional; a sentence before the statement
    expression = "a' * X * b"                 # the function, in matcalc's language
    wrt = ["X"]                               # the variable(s)
    layout = "mixed"                          # optional: mixed | numerator | denominator,
                                              # or a list of them (shown side by side)
    declarations = ["X: matrix(n, m)"]        # optional
    name = "f"                                # optional: the function's name (∂L/∂W); by
                                              # default the program's (L = ...), else f
    hessian = false                           # optional: the Hessian instead

`document(problems, steps=False)` → the text of one standalone article (amsmath, amssymb,
breqn for equations that must break across lines, A4 with default margins): per problem a
heading, the sentence, a table of the variables with their shapes (ℝⁿ, ℝⁿˣᵐ) and properties,
the function, and for each variable the result with its kind, layout and shape named (and
with `steps=True` the derivation: per step its number and reason in small type, then its
equation).
Equations are set with breqn's `dmath*`, which breaks them at sums and, where the printer
allows it (`breaks`), between the factors of a product; parentheses have fixed sizes (\bigl)
wherever those fit, so that breqn can break inside them; two equations on one line
(dF = tr(GᵀdX), G = …) become a `dgroup*` aligned at their `=`. Every derivation of
examples/lectures.toml fits an A4 portrait page (tests/test_document.py).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path


from .api import diff, hessian
from .core.errors import MatcalcError
from .core.expr import variables
from .core.shapes import is_one
from .diff.layout import LAYOUTS
from .language.parse import parse_program
from .printing.derivatives import function_name_latex
from .printing.latex import latex_text, to_latex
from .printing.steps import latex as step_latex
from .printing.steps import text as step_text

PREAMBLE = r"""\documentclass[a4paper,11pt]{article}

\usepackage{amsmath,amssymb}
\usepackage{booktabs}
\usepackage{breqn}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5\baselineskip}
\setlength{\abovedisplayskip}{6pt plus 2pt}
\setlength{\belowdisplayskip}{6pt plus 2pt}
\begin{document}
"""


class ProblemFileError(MatcalcError):
    """A problem file that cannot be read, or a problem without what it needs."""


@dataclass(frozen=True)
class Problem:
    expression: str
    wrt: tuple
    title: str = ""
    text: str = ""
    layout: tuple = ("mixed",)
    declarations: tuple = ()
    name: str = ""                  # "" : the program's name (L = ...), else f
    hessian: bool = False
    extra: dict = field(default_factory=dict, compare=False)


_FIELDS = {"expression", "wrt", "title", "text", "layout", "declarations", "name", "hessian"}


def load_problems(path) -> list:
    """The problems of a TOML file (see the module docstring)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ProblemFileError(f"cannot read {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ProblemFileError(f"{path} is not valid TOML: {e}") from None
    tables = data.get("problem")
    if not isinstance(tables, list) or not tables:
        raise ProblemFileError(f"{path} has no [[problem]] tables")
    return [_problem(t, i + 1, path) for i, t in enumerate(tables)]


def _problem(t: dict, number: int, path) -> Problem:
    where = f"problem {number} of {path}"
    unknown = set(t) - _FIELDS
    if unknown:
        raise ProblemFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; the "
                               f"fields are {', '.join(sorted(_FIELDS))}")
    if not isinstance(t.get("expression"), str) or not t["expression"].strip():
        raise ProblemFileError(f"{where}: 'expression' (a string) is required")
    wrt = t.get("wrt")
    wrt = [wrt] if isinstance(wrt, str) else wrt
    if not wrt or not all(isinstance(w, str) and w for w in wrt):
        raise ProblemFileError(f"{where}: 'wrt' (a variable name or a list of them) is "
                               "required")
    layout = t.get("layout", "mixed")
    layout = (layout,) if isinstance(layout, str) else tuple(layout)
    for lay in layout:
        if lay not in LAYOUTS:
            raise ProblemFileError(f"{where}: layout {lay!r}; choose {', '.join(LAYOUTS)}")
    return Problem(t["expression"], tuple(wrt), t.get("title", ""), t.get("text", ""),
                   layout, tuple(t.get("declarations", ())), t.get("name", ""),
                   bool(t.get("hessian", False)))


def _declarations(problem: Problem) -> dict:
    out = {}
    for line in problem.declarations:
        name, colon, spec = line.partition(":")
        if not colon:
            raise ProblemFileError(f"declaration {line!r}: write 'NAME: TYPE', as in "
                                   "'X: matrix(n, m) spd'")
        out[name.strip()] = spec.strip()
    return out


def _space(var) -> str:
    r, c = var.shape
    dims = [d for d in (r, c) if not is_one(d)]
    if not dims:
        return r"\mathbb{R}"
    return r"\mathbb{R}^{" + r" \times ".join(d.latex() for d in dims) + "}"


def _variable_table(f) -> str:
    rows = []
    for v in sorted(variables(f), key=lambda v: v.name):
        props = ", ".join(sorted(v.props - ({"symmetric", "invertible"} if "spd" in v.props
                                            else set())))
        rows.append(rf"${v.to_latex()}$ & ${_space(v)}$ & {props or '--'} \\")
    return ("\\begin{tabular}{lll}\n\\toprule\nvariable & space & properties \\\\\n"
            "\\midrule\n" + "\n".join(rows) + "\n\\bottomrule\n\\end{tabular}")


def _lhs(problem: Problem, d) -> str:
    x = d.wrt.to_latex()
    name = _name(problem)
    if problem.hessian:
        return rf"\frac{{\partial^2 {name}}}{{\partial {x}\,\partial {x}^\top}}"
    return rf"\frac{{\partial {name}}}{{\partial {x}}}"


#: how a line of a derivation joins two equations (dF = tr(GᵀdX), G = …)
_SECOND_EQUATION = re.compile(r",\s*\\q?quad\s*")


def _equations(math: str) -> list:
    """The equations of one line of LaTeX, split where `,\\quad` joins two at the top
    level (outside braces): breqn breaks a line at its second relation, which leaves the
    name of the second equation alone at the end of a line."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"\\[{}]|[{}]|" + _SECOND_EQUATION.pattern, math):
        token = m.group()
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0 and not token.startswith("\\"):
            parts.append(math[start:m.start()] + ",")
            start = m.end()
    return parts + [math[start:]]


def _display(math: str) -> str:
    """One line of LaTeX as breqn display math: one dmath* per equation, grouped."""
    eqs = [rf"\begin{{dmath*}}{e}\end{{dmath*}}" for e in _equations(math)]
    return eqs[0] if len(eqs) == 1 else "\\begin{dgroup*}\n" + "\n".join(eqs) + "\n\\end{dgroup*}"


def _steps(d) -> str:
    r"""The derivation: per step its number and reason in small type, then the result as a
    breqn equation that may break between terms and between the factors of a product
    (printing/latex.py, `breaks`). Not in a list: breqn measures a list's narrower lines
    against the full text width and lets them run into the margin."""
    items = []
    for n, step in enumerate(d.steps, start=1):
        math, reason = step_latex(step.result, breaks=True), latex_text(step_text(step.reason))
        items.append(rf"\noindent{{\small ({n})\enspace {reason}}}" + "\n" + _display(math))
    return "\n\n".join(items)


def _shape(d) -> str:
    return r" \times ".join(s.latex() for s in d.shape)


def problem_latex(problem: Problem, steps: bool = False, number: int | None = None) -> str:
    """The LaTeX of one problem (a section)."""
    program = parse_program(problem.expression, **_declarations(problem))
    f = program.expr
    if not problem.name:
        problem = replace(problem, name=program.name or "f")
    title = problem.title or (f"Problem {number}" if number else "Problem")
    out = [rf"\section*{{{latex_text(title)}}}"]
    if problem.text:
        out.append(latex_text(problem.text))
    derivatives = [hessian(f, w) for w in problem.wrt] if problem.hessian else \
        [diff(f, w, lay).named(problem.name) for w in problem.wrt for lay in problem.layout]
    out.append(_variable_table(f))
    out.append(_display(rf"{_name(problem)} = {to_latex(f, breaks=True)}"))
    for d in derivatives:
        kind = f"{d.kind}, {d.layout} layout"
        if d.is_tensor:
            out.append(rf"The derivative with respect to ${d.wrt.to_latex()}$ is a tensor "
                       rf"({latex_text(kind)}, of shape ${_shape(d)}$):")
            out.append(_display(d.to_latex()))
        else:
            out.append(_display(rf"{_lhs(problem, d)} = {to_latex(d.expr, breaks=True)}"))
            out.append(rf"({latex_text(kind)}, ${_shape(d)}$)")
        if steps:
            out.append(r"\textbf{Derivation.}")
            out.append(_steps(d))
    return "\n\n".join(out)


def _name(problem: Problem) -> str:
    return function_name_latex(problem.name or "f")


def document(problems, steps: bool = False, title: str = "") -> str:
    """One standalone LaTeX document for the problems."""
    parts = [PREAMBLE]
    if title:
        parts.append(rf"\begin{{center}}\Large {latex_text(title)}\end{{center}}")
    for i, p in enumerate(problems, start=1):
        parts.append(problem_latex(p, steps, i))
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"
