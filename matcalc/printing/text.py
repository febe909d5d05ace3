"""Unicode and ASCII text: one dispatch table, one `ascii` switch.

Unicode:  aᵀXb, X⁻¹, X⁻ᵀ, X², A ∘ B, A ⊗ B, ‖x‖₂, Iₙ, 0.5X, (1/3)X, X/α, x.^2, 𝟏 - y
ASCII:    a'*X*b, X^-1, X^-T, X^2, A .* B, kron(A, B), norm2(x), I(n), 1/2*X, X/alpha,
          ones(n) - y

The all-ones vector or matrix prints `𝟏` where its size is clear from its place (a term of
a sum or an operand of ∘ ./ beside a sized one, a column after a factor, a row 𝟏ᵀ before
one: the rule is core/sized_ones.py) and `ones(n)` / `ones(n, m)` elsewhere; the parser
infers 𝟏's size from the same places. ASCII always writes `ones(n)`.

Both are read back by the parser to the identical tree (docs/language.md, "Printed
forms"). Parentheses come from `precedence`; the one thing decided here is where a
juxtaposition needs a space: never, unless the two sides would run together into one
identifier that the parser does not split back into the same one-letter names (`loss x`,
`α tr(X)`, `X Iₙ`).
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import NamedTuple

from ..core import expr as E
from ..core.deadline import check_time
from ..core.limits import check_printed
from ..core.operators import OPERATORS, Call, Infix, Norm, call_names
from ..core.sized_ones import OnesContext, clear_operands, is_ones_like
from .precedence import (ATOM, OPERAND, POSTFIX, POSTFIX_ARG, PRODUCT, SUM, UNARY,
                         is_reciprocal, is_scalar_inverse, is_terminating, needs_parens,
                         product_layout, sum_items)

# ====================================================================================
# Names
# ====================================================================================

#: greek names and their letters (capitals only where the glyph differs from a latin one)
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

#: every greek name the parser knows (`Alpha` too, though it prints as itself)
GREEK_NAMES = frozenset(n for g in GREEK if g.islower() for n in (g, g.capitalize()))
_SPELLED = {sym: name for name, sym in GREEK.items()}

#: words with a meaning of their own: a juxtaposition must never spell one
RESERVED = frozenset(set(call_names()) | GREEK_NAMES | {
    "I", "scalar", "vector", "matrix", "symmetric", "spd", "diagonal", "invertible"})

_UNIT = re.compile("[A-Za-z\u0391-\u03a9\u03b1-\u03c9][0-9]*")   # x, W1, α
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPT = dict(zip("0123456789aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


def display_name(name: str, ascii: bool = False) -> str:
    """A variable's printed name: greek names as letters in unicode (`alpha` → α,
    `alpha2` → α2, `Sigma_0` → Σ_0)."""
    if ascii:
        return name
    head, sep, tail = name.partition("_")
    base = head.rstrip("0123456789")
    return GREEK.get(base, base) + head[len(base):] + sep + tail if base else name


def spells_a_word(run: str, names=frozenset()) -> bool:
    """Would the parser read this run of letters as one word (a function, keyword, greek
    name or one of `names`) rather than split it into one-letter names?"""
    spelled = "".join(_SPELLED.get(ch, ch) for ch in run)
    return (run in RESERVED or run in names or spelled in names
            or spelled.rstrip("0123456789") in GREEK_NAMES)


def subscript(text: str) -> str | None:
    """`n` → ₙ, `12` → ₁₂; None when there is no subscript form."""
    if not (text.isdigit() or len(text) == 1) or any(c not in _SUBSCRIPT for c in text):
        return None
    return "".join(_SUBSCRIPT[c] for c in text)


SCIENTIFIC_ZEROS = 6        # 1000000 prints as 1e6, 100000 stays as it is


def format_number(v: Fraction, ascii: bool = False) -> str:
    """2, -2, 0.5 (unicode, terminating decimals), 1/3; a large round integer in scientific
    notation, 1e400 (the language reads it back exactly)."""
    if v.denominator == 1:
        digits = str(abs(v.numerator))
        mantissa = digits.rstrip("0")
        zeros = len(digits) - len(mantissa)
        if zeros >= SCIENTIFIC_ZEROS:
            return ("-" if v < 0 else "") + f"{mantissa}e{zeros}"
        return str(v.numerator)
    if ascii or not is_terminating(v):
        return f"{v.numerator}/{v.denominator}"
    k = 0
    while (v * 10 ** k).denominator != 1:
        k += 1
    digits = str(abs(v.numerator) * (10 ** k // v.denominator)).rjust(k + 1, "0")
    return ("-" if v < 0 else "") + digits[:-k] + "." + digits[-k:]


def dim_text(d) -> str:
    """n, 3, m*n, n^2: the dimension as the language writes it (declarations.parse_dim)."""
    return str(d).replace("**", "^")


# ====================================================================================
# Pieces of text and how they join
# ====================================================================================

class Edge(NamedTuple):
    """What a piece of text starts or ends with, as far as running into a neighbour goes.

    kind: 'units' (one-letter names, `Xb`), 'word' (anything the parser would read as
    one identifier or keyword: `loss`, `tr`, `dX`, `Iₙ`), 'num' (a number), 'exp' (an
    exponent in digits, `x.^2`, kept apart from a name that follows for the reader).
    """
    kind: str
    run: str


class Piece(NamedTuple):
    text: str
    level: int
    lead: Edge | None = None
    trail: Edge | None = None
    whole: bool = False              # the text is one run of one-letter units


def _parens(p: Piece) -> Piece:
    return Piece(f"({p.text})", ATOM)


def _call(name: str, *args: str) -> Piece:
    return Piece(f"{name}({', '.join(args)})", ATOM, Edge("word", name))


class TextPrinter:
    """Prints one expression; `names` are its variables' names (never to be spelled by a
    juxtaposition of others)."""

    def __init__(self, ascii: bool, names=frozenset(), bare_ones: bool = True):
        self.ascii = ascii
        self.style = "ascii" if ascii else "unicode"
        self.names = frozenset(names) | {display_name(n) for n in names}
        self.memo: dict = {}
        #: where the all-ones vector is written 𝟏 (core/sized_ones.py); never in ASCII
        self.ones = OnesContext(enabled=bare_ones and not ascii)
        #: no word is longer: a run of units past this length spells none (kept bounded, so
        #: that a juxtaposition of n factors takes linear time)
        self.longest = max(map(len, RESERVED | self.names), default=1) + 1

    def piece(self, e: E.Expr) -> Piece:
        if self.ones.enabled and is_ones_like(e):   # 𝟏 or ones(n): depends on the position
            saved = self.ones.open(e)
            try:
                return RULES[type(e)](self, e)
            finally:
                self.ones.close(saved)
        p = self.memo.get(e)
        if p is None:
            check_time("printing")
            saved = self.ones.enter(e.children, clear_operands(e)) if self.ones.enabled \
                else None
            try:
                p = self.memo[e] = RULES[type(e)](self, e)
            finally:
                if saved is not None:
                    self.ones.leave(saved)
            check_printed(len(p.text), "printed text")
        return p

    def text(self, e: E.Expr) -> str:
        """`e`'s text. An expression too deep to recurse through is printed children first
        (E.postorder), a level of recursion at a time."""
        try:
            return self.piece(e).text
        except RecursionError:                    # too deep: children first
            for x in E.postorder(e):
                self.piece(x)
            return self.piece(e).text

    def operand(self, e: E.Expr, level: int) -> Piece:
        """`e` printed for a position that asks for `level`, parenthesised if it is looser."""
        p = self.piece(e)
        return _parens(p) if needs_parens(e, level, self.style) else p

    # -- juxtaposition ---------------------------------------------------------------
    def _gap(self, trail: Edge | None, lead: Edge | None) -> str:
        """'' or ' ': what keeps two neighbours from running into one identifier."""
        if trail is None or lead is None:
            return ""
        if trail.kind == "num":
            return ""                             # 2X: a number never takes letters
        if trail.kind == "exp":
            return " "                            # x.^2 y, not x.^2y
        if "word" in (trail.kind, lead.kind):
            return " "
        return " " if spells_a_word(trail.run + lead.run, self.names) else ""

    def juxtapose(self, pieces: list) -> Piece:
        """Pieces side by side, as `aᵀXb`; a space only where names would run together."""
        out = pieces[0]
        trail, lead, whole = out.trail, out.lead, out.whole
        parts = [out.text]
        for p in pieces[1:]:
            if p.lead is not None and p.lead.kind == "num":
                p = _parens(p)                    # x(2^0.5), never x2^0.5
            gap = self._gap(trail, p.lead)
            if trail is not None and trail.run.endswith(("σ", "sigma")) and \
                    p.text.startswith("("):
                gap = " * "                       # σ(x) would read as the sigmoid of x
            fused = gap == "" and trail is not None and p.lead is not None \
                and trail.kind == p.lead.kind == "units"
            if fused and p.whole:
                trail = Edge("units", self._tail(trail.run + p.lead.run))
            else:
                trail = p.trail
            if fused and whole:
                lead = Edge("units", self._head(lead.run + p.lead.run))
            whole = whole and fused and p.whole
            parts += (gap, p.text)
        return Piece("".join(parts), PRODUCT, lead, trail, whole)

    def _tail(self, run: str) -> str:
        """The end of a run, enough to decide what it spells; a run too long to be any word is
        marked with a NUL (which no word contains) in front of what is kept."""
        return run if len(run) <= self.longest else "\0" + run[-self.longest:]

    def _head(self, run: str) -> str:
        return run if len(run) <= self.longest else run[:self.longest] + "\0"

    # -- products --------------------------------------------------------------------
    def product(self, e: E.Expr) -> Piece:
        lay = product_layout(e)
        pieces = []
        if lay.number is not None:
            num = Piece(format_number(lay.number, self.ascii), ATOM,
                        Edge("num", "0"), Edge("num", "0"))
            if not self.ascii and lay.number.denominator != 1 and "/" in num.text:
                num = _parens(num)                # (1/3)X
            pieces.append(num)
        alone = lay.negative and lay.number is None and lay.divisor is None \
            and len(lay.items) == 1                   # -A ∘ B: the minus takes it all
        saved = self.ones.enter_product(lay.items)
        try:
            pieces += [self.operand(f, PRODUCT if alone else OPERAND) for f in lay.items]
        finally:
            self.ones.leave(saved)
        if self.ascii:
            body = Piece("*".join(p.text for p in pieces), PRODUCT)
        else:
            body = self.juxtapose(pieces)
        if lay.divisor is not None:
            d = self.operand(lay.divisor, OPERAND)
            body = Piece(f"{body.text}/{d.text}", PRODUCT, body.lead, d.trail)
        if lay.negative:
            return Piece("-" + body.text, UNARY)
        return Piece(body.text, PRODUCT, body.lead, body.trail, body.whole)

    def infix(self, e: E.Expr, operands: tuple, op: str, chain: type | None = None) -> Piece:
        """A ∘ B ∘ C, A ./ B, A ⊗ B: product-level operands in parentheses (except a
        left-associated chain of the same operator)."""
        parts = []
        for i, x in enumerate(operands):
            same = i == 0 and chain is not None and isinstance(x, chain)
            parts.append(self.piece(x) if same else self.operand(x, OPERAND))
        return Piece(f" {op} ".join(p.text for p in parts), PRODUCT,
                     parts[0].lead, parts[-1].trail)

    # -- postfix ---------------------------------------------------------------------
    def postfix(self, arg: E.Expr, unicode_op: str, ascii_op: str, num_trail=False) -> Piece:
        base = self.operand(arg, POSTFIX_ARG)
        op = ascii_op if self.ascii else unicode_op
        return Piece(base.text + op, POSTFIX, base.lead, Edge("exp", "") if num_trail else None)

    def exponent(self, p: Fraction) -> str:
        """The exponent after ^ or .^: 2, -1, (1/2), (-1/2), (1/3): fractions, as textbooks
        write exponents (x^(-1/2), never x^-0.5)."""
        s = format_number(p, ascii=True)
        return f"({s})" if "/" in s else s


# ====================================================================================
# The dispatch table
# ====================================================================================

def _var(pr: TextPrinter, e: E.Var) -> Piece:
    name = display_name(e.name, pr.ascii)
    if _UNIT.fullmatch(name):
        return Piece(name, ATOM, Edge("units", name), Edge("units", name), True)
    return Piece(name, ATOM, Edge("word", name), Edge("word", name))


def _delta(pr: TextPrinter, e: E.Delta) -> Piece:
    name = "d" + display_name(e.var.name, pr.ascii)
    return Piece(name, ATOM, Edge("word", name), Edge("word", name))


def _num(pr: TextPrinter, e: E.Num) -> Piece:
    text = format_number(e.value, pr.ascii)
    if e.value < 0:
        return Piece(text, UNARY)
    level = ATOM if "/" not in text else PRODUCT
    return Piece(text, level, Edge("num", "0"), Edge("num", "0"))


def _identity(pr: TextPrinter, e: E.Identity) -> Piece:
    sub = None if pr.ascii else subscript(dim_text(e.n))
    if sub is None:
        return _call("I", dim_text(e.n))
    return Piece("I" + sub, ATOM, Edge("word", "I"))


def _add(pr: TextPrinter, e: E.Add) -> Piece:
    terms = sum_items(e.terms)
    out = [pr.operand(terms[0], UNARY).text]
    for t in terms[1:]:
        p = pr.operand(t, UNARY)
        if p.level == UNARY and p.text.startswith("-"):
            out.append(" - " + p.text[1:])
        else:
            out.append(" + " + p.text)
    return Piece("".join(out), SUM)


def _transpose(pr: TextPrinter, e: E.Transpose) -> Piece:
    a = e.arg
    if isinstance(a, E.Inverse) and not is_scalar_inverse(a):
        return pr.postfix(a.arg, "⁻ᵀ", "^-T")
    return pr.postfix(a, "ᵀ", "'")


def _inverse(pr: TextPrinter, e: E.Inverse) -> Piece:
    if is_scalar_inverse(e):
        return _call("inv", pr.text(e.arg))          # α⁻¹ would read back as a power
    return pr.postfix(e.arg, "⁻¹", "^-1")


def _matpow(pr: TextPrinter, e: E.MatPow) -> Piece:
    return pr.postfix(e.arg, str(e.k).translate(_SUPERSCRIPT), f"^{e.k}")


def _power(pr: TextPrinter, e: E.Power) -> Piece:
    p = e.exponent
    if not e.arg.is_scalar:                              # elementwise: x.^2
        ex = pr.exponent(p)
        return pr.postfix(e.arg, ".^" + ex, ".^" + ex, num_trail=ex[-1].isdigit())
    if is_reciprocal(e):                                 # 1/s
        d = pr.operand(e.arg, OPERAND)
        return Piece("1/" + d.text, PRODUCT, Edge("num", "0"), d.trail)
    if p.denominator == 1:                               # s², s^-2
        return pr.postfix(e.arg, str(p.numerator).translate(_SUPERSCRIPT), f"^{p.numerator}",
                          num_trail=pr.ascii)
    ex = pr.exponent(p)                                  # s^0.5, s^(1/3)
    return pr.postfix(e.arg, "^" + ex, "^" + ex, num_trail=ex[-1].isdigit())


def _ones(pr: TextPrinter, e: E.Ones) -> Piece:
    """`𝟏` where its size is clear from the context (core/sized_ones.py), else `ones(n)`,
    `ones(n, m)`; ASCII always writes the call."""
    if pr.ones.bare:
        return Piece("𝟏", ATOM)
    return _ONES_CALL(pr, e)


#: superscript letters, for a one-letter exponent (aᵇ, Xᵏ, 2ᵅ); q and most capitals have none
SUPERSCRIPT_LETTERS = dict(zip("abcdefghijklmnoprstuvwxyzαβγδεθιφχ",
                               "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵅᵝᵞᵟᵋᶿᶥᵠᵡ"))


def _symbolic_exponent(pr: TextPrinter, p: E.Expr) -> str:
    """The text of a symbolic exponent after ^ or .^: a name or a number bare, anything
    else in parentheses (a^(b - 1), x.^(2α))."""
    piece = pr.piece(p)
    return piece.text if piece.level == ATOM and "(" not in piece.text else f"({piece.text})"


def _superscript(pr: TextPrinter, p: E.Expr) -> str | None:
    """ᵇ for the exponent b (unicode, one-letter names with a superscript letter)."""
    if pr.ascii or not isinstance(p, E.Var):
        return None
    return SUPERSCRIPT_LETTERS.get(display_name(p.name))


def _symbolic_power(pr: TextPrinter, e: E.SymbolicPower) -> Piece:
    """aᵇ, a^(b - 1) for a scalar base; x.^p, x.^(p - 1) entry by entry (as Power's x.^2)."""
    if e.arg.is_scalar:
        sup = _superscript(pr, e.exponent)
        if sup is not None:
            return pr.postfix(e.arg, sup, sup)
        ex = _symbolic_exponent(pr, e.exponent)
        return pr.postfix(e.arg, "^" + ex, "^" + ex, num_trail=True)
    ex = _symbolic_exponent(pr, e.exponent)
    return pr.postfix(e.arg, ".^" + ex, ".^" + ex, num_trail=True)


def _symbolic_matpow(pr: TextPrinter, e: E.SymbolicMatPow) -> Piece:
    """Xᵏ, X^(k + 1)."""
    sup = _superscript(pr, e.exponent)
    if sup is not None:
        return pr.postfix(e.arg, sup, sup)
    ex = _symbolic_exponent(pr, e.exponent)
    return pr.postfix(e.arg, "^" + ex, "^" + ex, num_trail=True)


def _func(pr: TextPrinter, e: E.Func) -> Piece:
    return _call(e.name, pr.text(e.arg))


def norm_rule(form: Norm, name: str):
    """‖x‖₂, ‖X‖_F, ‖x‖₁; in ASCII the call norm2(x), frob(X), norm1(x)."""
    trail = Edge("word", form.close[-1]) if form.close[-1].isalpha() else None

    def rule(pr: TextPrinter, e) -> Piece:
        if pr.ascii:
            return _call(name, pr.text(e.arg))
        return Piece(f"‖{pr.text(e.arg)}{form.close}", ATOM, None, trail)
    return rule


def _params(e: E.Expr) -> list:
    """The dimension fields of a node (Zero's nrows, ncols; Unvec's; Commutation's m, n)."""
    return [v for v in (getattr(e, f) for f in e._fields)
            if not isinstance(v, (E.Expr, tuple))]


def call_rule(form: Call, min_dims: int):
    """A call-style operator: `name(args..., dims...)`, a trailing dimension 1 left out
    where the call allows fewer dimensions (`ones(n)` for ones(n, 1))."""
    def rule(pr: TextPrinter, e) -> Piece:
        dims = _params(e)
        while len(dims) > min_dims and dims[-1] == 1:
            dims.pop()
        return _call(form.name, *(pr.text(c) for c in e.children), *map(dim_text, dims))
    return rule


def infix_rule(form: Infix, node: type):
    """An infix operator: `A ∘ B` (`A .* B`), or an ASCII call where declared (kron(A, B))."""
    chain = node if form.chain else None

    def rule(pr: TextPrinter, e) -> Piece:
        if pr.ascii and form.ascii_call:
            return _call(form.ascii_call, *(pr.text(c) for c in e.children))
        return pr.infix(e, e.children, form.ascii if pr.ascii else form.unicode, chain)
    return rule


#: the printer functions a spec may name for its text form
SPECIAL = {
    "var": _var, "delta": _delta, "num": _num, "identity": _identity, "add": _add,
    "product": TextPrinter.product, "transpose": _transpose, "inverse": _inverse,
    "matpow": _matpow, "power": _power, "func": _func, "ones": _ones,
    "symbolic_power": _symbolic_power, "symbolic_matpow": _symbolic_matpow,
}


def _rule(op):
    form = op.text
    if isinstance(form, Call):
        return call_rule(form, op.arity[1][0])
    if isinstance(form, Infix):
        return infix_rule(form, op.node)
    if isinstance(form, Norm):
        return norm_rule(form, op.call)
    return SPECIAL[form]


_ONES_CALL = call_rule(Call("ones"), 1)

#: the dispatch table, generated from the operator specs
RULES = {node: _rule(op) for node, op in OPERATORS.items()}


def _names(e: E.Expr, ones: list | None = None) -> frozenset:
    """The variables' names; `ones` (a list) receives whether a ones node occurs (one walk)."""
    names, found = set(), False
    for x in E.walk(e):
        t = type(x)
        if t is E.Var:
            names.add(x.name)
        elif t is E.Delta:
            names.add(x.var.name)
        elif t is E.Ones:
            found = True
    if ones is not None:
        ones.append(found)
    return frozenset(names)


def to_text(e: E.Expr) -> str:
    """Unicode text: `aᵀXb`, `X⁻¹`, `‖x‖₂`, `0.5X`, `𝟏 - y`; the parser reads it back
    as `e`."""
    ones: list = []
    names = _names(e, ones)
    return TextPrinter(False, names, bare_ones=ones[0]).text(e)


def to_ascii(e: E.Expr) -> str:
    """ASCII text: `a'*X*b`, `X^-1`, `norm2(x)`, `1/2*X`; the parser reads it back as `e`."""
    return TextPrinter(True, _names(e)).text(e)
