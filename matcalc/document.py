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
    name = "f"                                # optional: the function's name (∂L/∂W)
    hessian = false                           # optional: the Hessian instead

`document(problems, steps=False)` → the text of one standalone article (amsmath, amssymb,
breqn for equations that must break across lines, A4 with default margins): per problem a
heading, the sentence, a table of the variables with their shapes (ℝⁿ, ℝⁿˣᵐ) and properties,
the function, and for each variable the result with its kind, layout and shape named (and
with `steps=True` the derivation, one numbered step a line, the rule beside it).
Long equations are set with breqn's `dmath*`, which breaks them at sums and products to fit
the page: a derivation of a two-layer network fits a portrait page.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


from .api import diff, hessian
from .core.errors import MatcalcError
from .core.expr import variables
from .core.shapes import is_one
from .diff.layout import LAYOUTS
from .language.parse import parse
from .printing.latex import latex_text
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
    name: str = "f"
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
                   layout, tuple(t.get("declarations", ())), t.get("name", "f"),
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


def _steps(d) -> str:
    items = []
    for step in d.steps:
        math, reason = step_latex(step.result), latex_text(step_text(step.reason))
        items.append(rf"\item {{\small {reason}}}" + "\n"
                     rf"\begin{{dmath*}}{math}\end{{dmath*}}")
    return "\\begin{enumerate}\n" + "\n".join(items) + "\n\\end{enumerate}"


def _shape(d) -> str:
    return r" \times ".join(s.latex() for s in d.shape)


def problem_latex(problem: Problem, steps: bool = False, number: int | None = None) -> str:
    """The LaTeX of one problem (a section)."""
    f = parse(problem.expression, **_declarations(problem))
    title = problem.title or (f"Problem {number}" if number else "Problem")
    out = [rf"\section*{{{latex_text(title)}}}"]
    if problem.text:
        out.append(latex_text(problem.text))
    derivatives = [hessian(f, w) for w in problem.wrt] if problem.hessian else \
        [diff(f, w, lay) for w in problem.wrt for lay in problem.layout]
    out.append(_variable_table(f))
    out.append(rf"\begin{{dmath*}}{_name(problem)} = {f.to_latex()}\end{{dmath*}}")
    for d in derivatives:
        kind = f"{d.kind}, {d.layout} layout"
        if d.is_tensor:
            out.append(rf"The derivative with respect to ${d.wrt.to_latex()}$ is a tensor "
                       rf"({latex_text(kind)}, of shape ${_shape(d)}$):")
            out.append(rf"\begin{{dmath*}}{d.to_latex()}\end{{dmath*}}")
        else:
            out.append(rf"\begin{{dmath*}}{_lhs(problem, d)} = {d.to_latex()}\end{{dmath*}}")
            out.append(rf"({latex_text(kind)}, ${_shape(d)}$)")
        if steps:
            out.append(r"\textbf{Derivation.}")
            out.append(_steps(d))
    return "\n\n".join(out)


def _name(problem: Problem) -> str:
    n = problem.name
    return n if len(n) == 1 and n.isalpha() else rf"\mathit{{{n}}}"


def document(problems, steps: bool = False, title: str = "") -> str:
    """One standalone LaTeX document for the problems."""
    parts = [PREAMBLE]
    if title:
        parts.append(rf"\begin{{center}}\Large {latex_text(title)}\end{{center}}")
    for i, p in enumerate(problems, start=1):
        parts.append(problem_latex(p, steps, i))
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"
