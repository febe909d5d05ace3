r"""LaTeX in The Matrix Cookbook's notation.

    \mathbf{a}^\top \mathbf{X} \mathbf{b},  \mathbf{X}^{-1},  \mathbf{X}^{-\top},
    \operatorname{tr}(\mathbf{X}),  \log\det(\mathbf{X}),  \|\mathbf{x}\|_2,  \frac{1}{2} \mathbf{X}

Vectors and matrices are bold when `bold` (greek ones with \boldsymbol), scalars italic;
trailing digits of a name become a subscript (W1 → \mathbf{W}_{1}); an identity carries its
size (\mathbf{I}_{n}). Parentheses are placed by `precedence`, exactly where the text
printers put them, and sized by what they enclose (`delimiters`): plain ( ) around flat
content, \bigl( \bigr) one size up per level of delimiters inside (\Bigl, \biggl, \Biggl),
\left( \right) only around what is taller than a line (a fraction). A differential is set
off by thin spaces (\mathrm{d}\mathbf{X}\,\mathbf{X}^{-1}); a minus that TeX would space as
binary (after an opening \|) is written {-}.

With `breaks=True` (lecture notes, `document.py`) the factors of a product outside any
parentheses are joined by \penalty900: breqn (and TeX) may break a long product between
factors, but prefer to break a sum at its + and -. Nothing inside parentheses, calls, norms
or fractions breaks there. Pasted output (`breaks=False`, the default) has none.
"""
from __future__ import annotations

import re
from fractions import Fraction
from itertools import groupby


from ..core import expr as E
from ..core.deadline import check_time
from ..core.limits import check_printed
from ..core.operators import FUNCTIONS, OPERATORS, Call, Infix, Norm, Postfix
from .delimiters import NONE, TALL, fitting, level_of, wrap
from ..core.sized_ones import OnesContext, clear_operands, has_ones, is_ones_like
from .precedence import (OPERAND, POSTFIX_ARG, PRODUCT, UNARY, needs_parens, product_layout,
                         sum_items)
from .text import _SUBSCRIPT as TEXT_SUBSCRIPT
from .text import _SUPERSCRIPT as TEXT_SUPERSCRIPT
from .text import GREEK

#: a break between factors: allowed, but dearer than one at a + or - of a sum
FACTOR_BREAK_PENALTY = 900

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


def _is_differential(e: E.Expr) -> bool:
    """dX or (dX)ᵀ: a factor set off by thin spaces."""
    return isinstance(e, E.Delta) or (isinstance(e, E.Transpose) and isinstance(e.arg, E.Delta))


class LatexPrinter:
    def __init__(self, bold: bool = True, breaks: bool = False, bare_ones: bool = True):
        self.bold = bold
        self.breaks = breaks
        self.memo: dict = {}
        #: the largest delimiter in each printed text (delimiters.py's levels)
        self.levels: dict = {}
        #: the largest delimiter seen so far in each text being printed, innermost last
        self.frames: list = []
        #: prints what does not break: inside parentheses, calls, norms and fractions
        self.unbroken = self
        if breaks:
            self.unbroken = LatexPrinter(bold, bare_ones=bare_ones)
            self.unbroken.frames = self.frames           # one stack: it prints our parts
        #: where the all-ones vector is written without a size (core/sized_ones.py)
        self.ones = OnesContext(enabled=bare_ones)
        self.unbroken.ones = self.ones                   # one context for both

    def text(self, e: E.Expr) -> str:
        if self.ones.enabled and is_ones_like(e):  # \mathbf{1} or \mathbf{1}_n: by position
            saved = self.ones.open(e)
            try:
                return RULES[type(e)](self, e)
            finally:
                self.ones.close(saved)
        t = self.memo.get(e)
        if t is None:
            check_time("printing")
            saved = self.ones.enter(e.children, clear_operands(e)) if self.ones.enabled \
                else None
            self.frames.append(NONE)
            try:
                t = RULES[type(e)](self, e)
            finally:
                level = self.frames.pop()
                if saved is not None:
                    self.ones.leave(saved)
            check_printed(len(t), "LaTeX")
            self.memo[e], self.levels[e] = t, level
        self.saw(self.levels[e])
        return t

    def saw(self, level: int) -> None:
        """Note a delimiter of `level` in the text being printed."""
        if self.frames and level > self.frames[-1]:
            self.frames[-1] = level

    def parenthesised(self, texts, head: str = "") -> str:
        """The texts that `texts()` prints, joined by commas, in parentheses that fit
        (after `head`, a function's name)."""
        self.frames.append(NONE)
        try:
            content = ", ".join(texts())
        finally:
            level = fitting(self.frames.pop())
        self.saw(level)
        return wrap(content, level, head)

    def operand(self, e: E.Expr, level: int) -> str:
        if needs_parens(e, level, "latex"):
            return self.parenthesised(lambda: [self.unbroken.text(e)])
        return self.text(e)

    def call(self, head: str, e: E.Expr) -> str:
        return self.parenthesised(lambda: [self.unbroken.text(e)], head)

    def number(self, v: Fraction) -> str:
        if v.denominator != 1:
            self.saw(TALL)
        return latex_number(v)

    def postfix(self, arg: E.Expr, sup: str) -> str:
        return f"{self.operand(arg, POSTFIX_ARG)}^{sup}"

    def name(self, name: str, shape) -> str:
        """A variable's name: bold for vectors and matrices, digits as a subscript."""
        m = _NAME.fullmatch(name)
        base, sub = (m.group(1), m.group(2)) if m and m.group(1) else (name, None)
        if "_" in base and sub is None:
            base, sub = base.split("_", 1)
        elif "_" in base:                            # delta_h1: δ with the subscript h1
            base, sub = name.split("_", 1)
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
        if lay.divisor is not None and self.breaks:      # a fraction does not break
            return self.unbroken.product(e)
        parts = [] if lay.number is None else [self.number(lay.number)]
        single = lay.number is None and len(lay.items) == 1
        saved = self.ones.enter_product(lay.items)
        try:
            if single and lay.divisor is not None:        # \frac{x - a}{s}: no parentheses
                parts = [self.text(lay.items[0])]
            else:
                alone = single and lay.negative
                parts += [self.operand(f, PRODUCT if alone else OPERAND) for f in lay.items]
        finally:
            self.ones.leave(saved)
        thin = [False] * (len(parts) - len(lay.items)) + [_is_differential(f) for f in lay.items]
        body = parts[0]
        for i in range(1, len(parts)):
            body += self.joint(thin[i - 1] or thin[i]) + parts[i]
        if lay.divisor is not None:
            self.saw(TALL)
            body = rf"\frac{{{body}}}{{{self.text(lay.divisor)}}}"
        return "-" + body if lay.negative else body

    def joint(self, thin: bool) -> str:
        """What joins two factors: a space, or a thin space beside a differential; and where
        breaks are asked for, an allowed break."""
        if self.breaks:
            return (r"\," if thin else "") + rf" \penalty{FACTOR_BREAK_PENALTY} "
        return r"\," if thin else " "

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
    size = e.nrows.latex() if e.ncols == 1 else rf"{e.nrows.latex()} \times {e.ncols.latex()}"
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
    if before.endswith("(") and after == ")":         # \sigma(…): sized parentheses
        return pr.call(before[:-1], e.arg)
    pr.saw(level_of(before + after))                   # \sqrt{…}, \left| … \right|
    return f"{before}{pr.unbroken.text(e.arg)}{after}"


def _dims(*dims) -> str:
    """n, m n, n^{2}: dimensions in LaTeX."""
    return ", ".join(d.latex() for d in dims)


def _commutation(pr: LatexPrinter, e: E.Commutation) -> str:
    m, n = str(e.m), str(e.n)
    sub = m + n if len(m) == len(n) == 1 else f"{m},{n}"
    return pr.constant("K") + f"_{{{sub}}}"


def _unary_minus(t: str) -> str:
    r"""A leading minus after an ordinary symbol (an opening \|) written {-}, so that TeX
    spaces it as a sign, not as a binary minus."""
    return "{-}" + t[1:] if t.startswith("-") else t


def norm_rule(form: Norm):
    def rule(pr: LatexPrinter, e) -> str:
        pr.saw(0)
        return rf"\|{_unary_minus(pr.unbroken.text(e.arg))}\|_{form.subscript}"
    return rule


def _params(e: E.Expr) -> list:
    return [v for v in (getattr(e, f) for f in e._fields)
            if not isinstance(v, (E.Expr, tuple))]


def call_rule(form: Call):
    r"""`\operatorname{tr}(X)`, `\operatorname{unvec}(v, n, m)`: a call with its dimensions."""
    def rule(pr: LatexPrinter, e) -> str:
        dims = _params(e)
        return pr.parenthesised(
            lambda: [pr.unbroken.text(c) for c in e.children] + ([_dims(*dims)] if dims else []),
            form.name)
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
    "num": lambda pr, e: pr.number(e.value),
    "zero": lambda pr, e: pr.constant("0"),
    "ones": _ones,
    "identity": lambda pr, e: pr.constant("I") + f"_{{{_dims(e.n)}}}",
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


def to_latex(e: E.Expr, bold: bool = True, breaks: bool = False) -> str:
    r"""LaTeX in the Cookbook's notation: `\mathbf{a}^\top \mathbf{X} \mathbf{b}` (an
    expression too deep to recurse through is printed children first); with `breaks`,
    a break allowed between the factors of products (see the module docstring)."""
    printer = LatexPrinter(bold, breaks, bare_ones=has_ones(e))
    try:
        return printer.text(e)
    except RecursionError:                        # too deep: children first
        for x in E.postorder(e):
            printer.unbroken.text(x)                # what sits in parentheses, first
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


def _script_mark(ch: str):
    return "^" if ch in _SUPERSCRIPT else "_" if ch in _SUBSCRIPT else None


def script_runs(text: str):
    """`text` a piece at a time, for the writers of text with symbols (`latex_text` here,
    `display.math_text`): (True, '^{- 1}') for a run of superscripts (⁻¹), (True, '_{n}')
    for a run of subscripts (ₙ), written as a LaTeX script; (False, ch) for any other
    character."""
    for mark, run in groupby(text, _script_mark):
        if mark is None:
            yield from ((False, ch) for ch in run)
        else:
            table = _SUPERSCRIPT if mark == "^" else _SUBSCRIPT
            yield True, f"{mark}{{{' '.join(table[c] for c in run)}}}"


def latex_text(text: str) -> str:
    """Plain text with matcalc's unicode symbols (∂, ᵀ, ⁻¹, ∘, ⊗, greek) as LaTeX text
    mode: symbols become inline math ($\\partial$, $^{-1}$), LaTeX's special characters are
    escaped. Any other non-ASCII character becomes '?', so the result always compiles."""
    out = []
    for script, piece in script_runs(text):
        if script:
            out.append(f"${piece}$")
        elif piece in _SYMBOLS:
            out.append(f"${_SYMBOLS[piece]}$")
        elif piece in _ESCAPES:
            out.append(_ESCAPES[piece])
        else:
            out.append(piece if piece.isascii() else "?")
    return "".join(out)
