r"""LaTeX in The Matrix Cookbook's notation.

    \mathbf{a}^\top \mathbf{X} \mathbf{b},  \mathbf{X}^{-1},  \mathbf{X}^{-\top},
    \operatorname{tr}(\mathbf{X}),  \log\det(\mathbf{X}),  \|\mathbf{x}\|_2,  \frac{1}{2} \mathbf{X}

Vectors and matrices are bold when `bold` (greek ones with \boldsymbol), scalars italic;
trailing digits of a name become a subscript (W1 → \mathbf{W}_{1}). Parentheses are
placed by `precedence`, exactly where the text printers put them, as \left( \right).
"""
from __future__ import annotations

import re
from fractions import Fraction

import sympy

from ..core import expr as E
from ..core.operators import FUNCTIONS, OPERATORS, Call, Infix, Norm, Postfix
from ..core.sized_ones import OnesContext, clear_operands, has_ones, is_ones_like
from .precedence import (OPERAND, POSTFIX_ARG, PRODUCT, UNARY, needs_parens, product_layout,
                         sum_items)
from .text import _SUBSCRIPT as TEXT_SUBSCRIPT
from .text import _SUPERSCRIPT as TEXT_SUPERSCRIPT
from .text import GREEK

#: greek names LaTeX has no command for (their capitals look latin)
_NO_COMMAND = {"omicron": "o"}
_NAME = re.compile(r"(.*?)_?(\d+)$")


def latex_number(v: Fraction) -> str:
    """2, -2, \\frac{1}{2}, -\\frac{1}{3}."""
    if v.denominator == 1:
        return str(v.numerator)
    sign = "-" if v < 0 else ""
    return rf"{sign}\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"


def _exponent(p: Fraction) -> str:
    return str(p.numerator) if p.denominator == 1 else f"{p.numerator}/{p.denominator}"


class LatexPrinter:
    def __init__(self, bold: bool = True, bare_ones: bool = True):
        self.bold = bold
        self.memo: dict = {}
        #: where the all-ones vector is written without a size (core/sized_ones.py)
        self.ones = OnesContext(enabled=bare_ones)

    def text(self, e: E.Expr) -> str:
        if not self.ones.enabled:
            t = self.memo.get(e)
            if t is None:
                t = self.memo[e] = RULES[type(e)](self, e)
            return t
        if is_ones_like(e):                        # \mathbf{1} or \mathbf{1}_n: by position
            saved = self.ones.open(e)
            try:
                return RULES[type(e)](self, e)
            finally:
                self.ones.close(saved)
        t = self.memo.get(e)
        if t is None:
            saved = self.ones.enter(e.children, clear_operands(e))
            try:
                t = self.memo[e] = RULES[type(e)](self, e)
            finally:
                self.ones.leave(saved)
        return t

    def operand(self, e: E.Expr, level: int) -> str:
        t = self.text(e)
        return rf"\left({t}\right)" if needs_parens(e, level, "latex") else t

    def call(self, head: str, e: E.Expr) -> str:
        return f"{head}({self.text(e)})"

    def postfix(self, arg: E.Expr, sup: str) -> str:
        return f"{self.operand(arg, POSTFIX_ARG)}^{sup}"

    def name(self, name: str, shape) -> str:
        """A variable's name: bold for vectors and matrices, digits as a subscript."""
        m = _NAME.fullmatch(name)
        base, sub = (m.group(1), m.group(2)) if m and m.group(1) else (name, None)
        if "_" in base and sub is None:
            base, sub = base.split("_", 1)
        bold = self.bold and not (shape[0] == 1 and shape[1] == 1)
        if base in _NO_COMMAND:
            base = _NO_COMMAND[base]
        if base in GREEK:
            out = rf"\boldsymbol{{\{base}}}" if bold else rf"\{base}"
        elif bold:
            out = rf"\mathbf{{{base}}}"
        elif len(base) > 1:
            out = rf"\mathit{{{base}}}"
        else:
            out = base
        return out + (f"_{{{sub}}}" if sub else "")

    def constant(self, letter: str) -> str:
        return rf"\mathbf{{{letter}}}" if self.bold else letter

    def product(self, e: E.Expr) -> str:
        lay = product_layout(e)
        parts = [] if lay.number is None else [latex_number(lay.number)]
        alone = lay.negative and lay.number is None and lay.divisor is None \
            and len(lay.items) == 1
        saved = self.ones.enter_product(lay.items)
        try:
            parts += [self.operand(f, PRODUCT if alone else OPERAND) for f in lay.items]
        finally:
            self.ones.leave(saved)
        body = " ".join(parts)
        if lay.divisor is not None:
            body = rf"\frac{{{body}}}{{{self.text(lay.divisor)}}}"
        return "-" + body if lay.negative else body

    def infix(self, operands: tuple, op: str, chain: type | None = None) -> str:
        parts = [self.text(x) if i == 0 and chain and isinstance(x, chain)
                 else self.operand(x, OPERAND) for i, x in enumerate(operands)]
        return f" {op} ".join(parts)


# ====================================================================================
# The dispatch table
# ====================================================================================

def _add(pr: LatexPrinter, e: E.Add) -> str:
    terms = sum_items(e.terms)
    out = [pr.operand(terms[0], UNARY)]
    for t in terms[1:]:
        s = pr.operand(t, UNARY)
        out.append(" - " + s[1:] if s.startswith("-") else " + " + s)
    return "".join(out)


def _ones(pr: LatexPrinter, e: E.Ones) -> str:
    r"""\mathbf{1} where its size is clear from its place (core/sized_ones.py), as the text
    printer's 𝟏; else with its size as a subscript, \mathbf{1}_{n}, \mathbf{1}_{n \times m}."""
    one = pr.constant("1")
    if pr.ones.bare:
        return one
    size = sympy.latex(e.nrows) if e.ncols == 1 else \
        rf"{sympy.latex(e.nrows)} \times {sympy.latex(e.ncols)}"
    return f"{one}_{{{size}}}"


def _transpose(pr: LatexPrinter, e: E.Transpose) -> str:
    if isinstance(e.arg, E.Inverse):
        return pr.postfix(e.arg.arg, r"{-\top}")
    return pr.postfix(e.arg, r"\top")


def _power(pr: LatexPrinter, e: E.Power) -> str:
    ex = _exponent(e.exponent)
    if e.arg.is_scalar:
        return pr.postfix(e.arg, f"{{{ex}}}")
    return pr.postfix(e.arg, rf"{{\circ {ex}}}")


def _symbolic_power(pr: LatexPrinter, e: E.SymbolicPower) -> str:
    r"""a^{b}, a^{b - 1}; entry by entry x^{\circ p}, as Power's x^{\circ 2}."""
    ex = pr.text(e.exponent)
    return pr.postfix(e.arg, f"{{{ex}}}" if e.arg.is_scalar else rf"{{\circ {ex}}}")


def _func(pr: LatexPrinter, e: E.Func) -> str:
    before, after = FUNCTIONS[e.name].latex
    return f"{before}{pr.text(e.arg)}{after}"


def _dims(*dims) -> str:
    """n, m n, n^{2}: dimensions in LaTeX (sympy's printer: they are sympy expressions)."""
    return ", ".join(sympy.latex(d) for d in dims)


def _commutation(pr: LatexPrinter, e: E.Commutation) -> str:
    m, n = str(e.m), str(e.n)
    sub = m + n if len(m) == len(n) == 1 else f"{m},{n}"
    return pr.constant("K") + f"_{{{sub}}}"


def norm_rule(form: Norm):
    return lambda pr, e: rf"\|{pr.text(e.arg)}\|_{form.subscript}"


def _params(e: E.Expr) -> list:
    return [v for v in (getattr(e, f) for f in e._fields)
            if not isinstance(v, (E.Expr, tuple))]


def call_rule(form: Call):
    r"""`\operatorname{tr}(X)`, `\operatorname{unvec}(v, n, m)`: a call with its dimensions."""
    def rule(pr: LatexPrinter, e) -> str:
        args = [pr.text(c) for c in e.children]
        dims = _params(e)
        if dims:
            args.append(_dims(*dims))
        return f"{form.name}({', '.join(args)})"
    return rule


def infix_rule(form: Infix, node: type):
    chain = node if form.chain else None
    return lambda pr, e: pr.infix(e.children, form.latex, chain)


def postfix_rule(form: Postfix):
    return lambda pr, e: pr.postfix(e.children[0], form.latex)


#: the printer functions a spec may name for its LaTeX form
SPECIAL = {
    "var": lambda pr, e: pr.name(e.name, e.shape),
    "delta": lambda pr, e: r"\mathrm{d}" + pr.name(e.var.name, e.shape),
    "num": lambda pr, e: latex_number(e.value),
    "zero": lambda pr, e: pr.constant("0"),
    "ones": _ones,
    "identity": lambda pr, e: pr.constant("I"),
    "commutation": _commutation,
    "add": _add,
    "product": LatexPrinter.product,
    "transpose": _transpose,
    "matpow": lambda pr, e: pr.postfix(e.arg, f"{{{e.k}}}"),
    "func": _func,
    "power": _power,
    "symbolic_power": _symbolic_power,
    "symbolic_matpow": lambda pr, e: pr.postfix(e.arg, f"{{{pr.text(e.exponent)}}}"),
}


def _rule(op):
    form = op.latex
    if isinstance(form, Call):
        return call_rule(form)
    if isinstance(form, Infix):
        return infix_rule(form, op.node)
    if isinstance(form, Postfix):
        return postfix_rule(form)
    if isinstance(form, Norm):
        return norm_rule(form)
    return SPECIAL[form]


#: the dispatch table, generated from the operator specs
RULES = {node: _rule(op) for node, op in OPERATORS.items()}


def to_latex(e: E.Expr, bold: bool = True) -> str:
    r"""LaTeX in the Cookbook's notation: `\mathbf{a}^\top \mathbf{X} \mathbf{b}` (an
    expression too deep to recurse through is printed children first)."""
    printer = LatexPrinter(bold, bare_ones=has_ones(e))
    try:
        return printer.text(e)
    except RecursionError:                        # too deep: children first
        for x in E.postorder(e):
            printer.text(x)
        return printer.text(e)


# ====================================================================================
# Text with symbols (the reasons of a derivation's steps), for \text{...}
# ====================================================================================

#: the text printer's superscripts and subscripts, read back (⁻¹ → -1, ₙ → n), and ᵀ
_SUPERSCRIPT = {chr(sup): chr(ch) for ch, sup in TEXT_SUPERSCRIPT.items()}
_SUPERSCRIPT.update({"ᵀ": r"\top", "ʳ": "r", "ᵏ": "k"})
_SUBSCRIPT = {sub: ch for ch, sub in TEXT_SUBSCRIPT.items()}
_SYMBOLS = {"∂": r"\partial", "−": "-", "∘": r"\circ", "⊗": r"\otimes", "×": r"\times",
            "‖": r"\|", "′": "'", "Σ": r"\Sigma", "→": r"\to", "δ": r"\delta", "·": r"\cdot",
            "≈": r"\approx", "≤": r"\le", "⇒": r"\Rightarrow", "✓": r"\surd"}
_SYMBOLS.update({ch: "\\" + name for ch, name in
                 ((c, n) for n, c in GREEK.items()) if name not in _NO_COMMAND})
_ESCAPES = {"\\": r"\textbackslash{}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#",
            "{": r"\{", "}": r"\}", "^": r"\^{}", "~": r"\~{}", "$": r"\$"}


def latex_text(text: str) -> str:
    """Plain text with matcalc's unicode symbols (∂, ᵀ, ⁻¹, ∘, ⊗, greek) as LaTeX text
    mode: symbols become inline math ($\\partial$, $^{-1}$), LaTeX's special characters are
    escaped. Any other non-ASCII character becomes '?', so the result always compiles."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        for table, mark in ((_SUPERSCRIPT, "^"), (_SUBSCRIPT, "_")):
            if ch in table:
                j = i
                while j < len(text) and text[j] in table:
                    j += 1
                out.append(f"${mark}{{{' '.join(table[c] for c in text[i:j])}}}$")
                i = j
                break
        else:
            if ch in _SYMBOLS:
                out.append(f"${_SYMBOLS[ch]}$")
            elif ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            else:
                out.append(ch if ch.isascii() else "?")
            i += 1
    return "".join(out)
