"""Text → Expr: the one place where lark's errors are caught and re-raised as matcalc's.

    parse("a' * X * b")                    # a: vector(n), X: matrix(n, m), b: vector(m)
    parse("x' A x", A="matrix(n) spd")     # declarations through keywords
    parse_with_info(text) -> (expr, {name: Var})
    parse_program("h = W*x; L = 0.5*norm2(h - y)^2") -> Program (language/program.py)

A text is a program: declarations and named statements (`h = W*x`, `L(W) = ...`) separated
by `;` or new lines, the last item the function. `parse` returns the function with the
earlier statements substituted, so every entry point accepts a program.

The pipeline (each step its own function below):
  1. `_check_text`    empty input, stray characters (NUL, Cyrillic а, U+00A0), depth, size
  2. lark (LALR)      grammar.lark → parse tree; syntax errors → ParseError
  3. `_ToAst`         parse tree → inference.Node; names resolved (greek, split products,
                      declared names), postfix operators and exponents read
  4. inference        kinds and dimensions of undeclared names, by unification
  5. `_Builder`       Node → Expr with the constructors of build.py
Errors raised in steps 3-5 carry `.pos`; `_located` adds line, column and a caret.
"""
from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

from lark import Lark, Token, Transformer_NonRecursive, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from ..core import build
from .declarations import canonical, greek_base, kind_of_name, make_var, parse_dim
from .grammar_cache import grammar_cache_file
from ..core.errors import DeclarationError, MatcalcError, ParseError, ShapeError
from ..core.expr import Expr, Num, Scale, Var
from ..core.operators import ALIASES, CALLS, OPERATORS, Norm, call_names
from .inference import Inference, Node, Solution, is_one
from .program import Program, Statement
from ..core.shapes import ONE, dims_of

MAX_DEPTH = 200            # nested brackets: (, ‖, f(
MAX_CHARS = 100_000        # longer input is refused before parsing


def grammar_text() -> str:
    """grammar.lark with its function names and norm bars filled in from the operator specs."""
    text = Path(__file__).with_name("grammar.lark").read_text(encoding="utf-8")
    return (text.replace("%FUNCTION_NAMES%", "|".join(FUNCTIONS + CONSTANT_CALLS))
            .replace("%NORM_CLOSES%", " | ".join(f'"{c}"' for c in _NORMS)))


FUNCTIONS = call_names()          # every function of the language, from core/operators
#: matrixcalculus.org's constants: vector(c), matrix(c) have every entry c, size inferred
CONSTANT_CALLS = ("vector", "matrix")
#: the closing bar of each norm (‖x‖₂) -> the norm's call name
_NORMS = {op.text.close: op.call for op in OPERATORS.values() if isinstance(op.text, Norm)}
#: a closing bar without a subscript (‖x‖, ||x||), marked by `mark_bare_norms` with this
#: private-use character, the one token the grammar reads for it: the Euclidean norm ‖·‖₂
BARE_NORM_CLOSE = "\ue000"
_NORMS[BARE_NORM_CLOSE] = next(op.call for op in OPERATORS.values()
                               if isinstance(op.text, Norm) and op.text.subscript == "2")

#: the LALR tables are cached in the user's cache directory (grammar_cache.py), rebuilt
#: whenever the grammar's text changes
_PARSER = Lark(grammar_text(), parser="lalr", lexer="contextual",
               maybe_placeholders=False, start=["start", "typespec", "decl"],
               cache=grammar_cache_file())

# ====================================================================================
# Public API
# ====================================================================================


def parse(text: str, **declarations) -> Expr:
    """The expression `text` (docs/language.md), with optional declarations:
    `parse("x' A x", A="matrix(n) spd", x="vector(n)", alpha="scalar")`."""
    return parse_with_info(text, **declarations)[0]


def parse_with_info(text: str, **declarations) -> tuple:
    """(expr, {name: Var}) for every variable: declared (in the text or as keywords, in
    order of first use, then the unused ones) and inferred."""
    program = parse_program(text, **declarations)
    return program.expr, program.variables


def parse_program(text: str, **declarations) -> Program:
    """The program `text` as its statements in order (language/program.py): each named
    intermediate as written and substituted, the last statement the function."""
    declared = {}
    for name, spec in declarations.items():
        var = _keyword_declaration(name, spec)
        declared[var.name] = var
    try:
        return _parse(text, declared)
    except RecursionError:
        raise ParseError(f"nested too deeply (limit {MAX_DEPTH})") from None


def parse_declaration(name: str, text: str) -> Var:
    """The Var that `name: text` declares, e.g. parse_declaration("S", "matrix(n) spd")."""
    if not isinstance(text, str):
        raise DeclarationError(f"the declaration of {name} must be a string such as "
                               f"'vector(n)', not {type(text).__name__}")
    tree = _lark(text, "typespec")
    return _declared_var(canonical(name), tree, text)


def parse_declaration_line(line: str) -> Var:
    """The Var of one declaration line, `X: matrix(n) spd` (the CLI's --decl)."""
    tree = _lark(line, "decl")
    return _declared_var(canonical(str(tree.children[0])), tree.children[1], line)


# ====================================================================================
# The pipeline
# ====================================================================================


#: typographic signs read as the language's own (one character each: positions are kept)
TYPOGRAPHIC = str.maketrans({"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*"})


def _parse(text: str, declared: dict) -> Program:
    _check_text(text)
    text = text.translate(TYPOGRAPHIC)          # − × · ⋅ are - * * *
    tree = _lark(mark_bare_norms(text), "start", shown=text)
    try:
        body = _check_order(tree.children, text)
        for d in tree.children:
            if not _is_rule(d, "decl"):
                continue
            name, spec = canonical(str(d.children[0])), d.children[1]
            var = _declared_var(name, spec, text)
            if name in declared and declared[name] != var:
                raise _at(DeclarationError(f"{name} is declared twice, differently"),
                          d.children[0].start_pos)
            declared[name] = var
        inf = Inference(text, declared)
        written = [_statement_ast(item, text, declared, inf) for item in body]
        used = set(inf.defined)
        for _, _, ast in written:
            used |= _used_names(ast, declared, inf)
        sol = Solution(inf, used)
        variables = _make_variables(inf, sol, declared)
        statements = _build_statements(written, variables, sol)
    except MatcalcError as e:
        raise _located(e, text) from None
    return Program(statements, variables)


def _is_rule(item, name: str) -> bool:
    return isinstance(item, Tree) and item.data == name


def _first_pos(item) -> int:
    while isinstance(item, Tree):
        item = item.children[0]
    return item.start_pos


def _check_order(items, text: str) -> list:
    """The statements and the expression, in order: only the last may be unnamed."""
    body = [item for item in items if not _is_rule(item, "decl")]
    if not body:
        raise _at(ParseError("unexpected end of input; expected ';' or a new line (the "
                             "declarations must be followed by the expression)"),
                  max(len(text.rstrip(" \t\r\n;")) - 1, 0))
    for item, after in itertools.pairwise(body):
        if not _is_rule(item, "stmt"):
            raise _at(ParseError(
                "unexpected text after the expression; expected the end of the input "
                "(matcalc reads one expression, after any declarations and named "
                "statements: write `h = ...` to name an intermediate result)"),
                _first_pos(after))
    return body


def _statement_ast(item, text: str, declared: dict, inf: Inference) -> tuple:
    """(name or None, arguments or None, AST) of one statement, its shape inferred and its
    name defined for the statements after it."""
    if not _is_rule(item, "stmt"):
        ast = _to_ast(item, text, declared, inf.defined)
        inf.exponent_names |= ast.exponent_names
        inf.shape(ast)
        return None, None, ast
    name_tok, *rest = item.children
    name = canonical(str(name_tok))
    args = _signature(rest[0]) if len(rest) == 2 else None
    ast = _to_ast(rest[-1], text, declared, inf.defined)
    inf.exponent_names |= ast.exponent_names
    inf.shape(ast)
    _check_new_name(name, name_tok.start_pos, declared, inf)
    inf.defined[name] = ast.shape
    return name, args, ast


_NAME = re.compile(_PARSER.get_terminal("NAME").pattern.to_regexp())   # a variable name


def _signature(tok: Token) -> tuple:
    """The arguments of `L(W, b) =`: (name, offset) pairs."""
    out = []
    for m in re.finditer(r"[^,()]+", str(tok)):
        word = m.group().strip()
        pos = tok.start_pos + m.start() + (len(m.group()) - len(m.group().lstrip()))
        if not _NAME.fullmatch(word):
            raise _at(ParseError(f"{word!r} is not a variable name: write the function's "
                                 "arguments as names, L(W) or L(W1, W2)"), pos)
        out.append((canonical(word), pos))
    if not out:
        raise _at(ParseError("empty argument list: write L(W), or L = ... without one"),
                  tok.start_pos)
    return tuple(out)


def _check_new_name(name: str, pos: int, declared: dict, inf: Inference) -> None:
    if name in inf.defined:
        why = f"{name} is defined twice; each name is defined once"
    elif name in declared:
        why = f"{name} is declared as a variable and defined by a statement; rename one"
    elif name in inf.variables:
        why = (f"{name} is used before it is defined (a statement can use the names defined "
               "before it, not its own)")
    elif name == "I":
        why = "I is the identity matrix; name the statement otherwise"
    else:
        return
    raise _at(DeclarationError(why), pos)


def _build_statements(written: list, variables: dict, sol: Solution) -> tuple:
    """Each statement built twice: substituted (in the inputs only) and as written (earlier
    names as variables of their inferred shape)."""
    full, local = {}, {}
    substituted, as_written = _Builder(variables, sol, full), _Builder(variables, sol, local)
    out = []
    for name, args, ast in written:
        expr = substituted.build(ast)
        loc = as_written.build(ast) if full else expr
        var = _intermediate(name, expr) if name else None
        if args:
            _check_arguments(name, args, variables, local)
            args = tuple(a for a, _ in args)
        out.append(Statement(name, args, loc, expr, var))
        if name:
            full[name], local[name] = expr, var
    return tuple(out)


def _intermediate(name: str, expr: Expr) -> Var:
    r, c = expr.shape
    if is_one(r) and is_one(c):
        return build.scalar(name)
    if is_one(c):
        return build.vector(name, r)
    return build.matrix(name, r, c)


def _check_arguments(name: str, args: tuple, variables: dict, local: dict) -> None:
    for arg, pos in args:
        if arg in local:
            raise _at(DeclarationError(f"{arg} in {name}({', '.join(a for a, _ in args)}) is "
                                       "a statement of the program; the arguments are its "
                                       "inputs"), pos)
        if arg not in variables:
            raise _at(DeclarationError(
                f"{arg} in {name}({', '.join(a for a, _ in args)}) does not occur in the "
                f"program; declare it ({arg}: matrix(n, m)) for a zero derivative"), pos)


def _lark(text: str, start: str, shown: str | None = None):
    """Parse with lark; the one place where lark's exceptions are caught. `shown`: the text
    as the user wrote it (same positions), for the message."""
    try:
        return _PARSER.parse(text, start=start)
    except UnexpectedInput as e:
        raise ParseError(_syntax_message(e).replace(BARE_NORM_CLOSE, "‖"), e.line, e.column,
                         e.get_context(text if shown is None else shown)) from None


# ====================================================================================
# Norm bars without a subscript
# ====================================================================================

_SUBSCRIPTS = ("₂", "₁", "_F")


def _ends_operand(ch: str) -> bool:
    """A character that can end an operand: a bar after it closes a norm."""
    return (ch.isalnum() or ch in ")'ᵀ" or ch == BARE_NORM_CLOSE
            or ch in "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉")


def mark_bare_norms(text: str) -> str:
    """`text` with each closing norm bar that has no subscript (‖x‖, ||x||) replaced by
    BARE_NORM_CLOSE, and ASCII `||` written as the unicode bar, keeping every position:
    opening `||` → `‖ `, closing `||` → BARE_NORM_CLOSE + space (or ` ‖` before a subscript,
    `||x||₂`). A bar closes when a norm is open and the character before it (spaces
    skipped) ends an operand; otherwise it opens one. So `‖x‖‖y‖` is a product of two norms
    and `‖a*‖x‖₂‖` a norm of a product; a bar after an operand inside an open bare norm
    closes it (write `‖a*‖x‖‖`, with `*`, for a norm inside it)."""
    if "‖" not in text and "||" not in text:
        return text
    out, opened, i, last = list(text), 0, 0, ""
    while i < len(text):
        ch = text[i]
        ascii_bar = text.startswith("||", i)
        if ch != "‖" and not ascii_bar:
            if not ch.isspace():
                last = ch
            i += 1
            continue
        width = 2 if ascii_bar else 1
        if text.startswith(_SUBSCRIPTS, i + width):     # ‖₂ ‖₁ ‖_F close a norm
            opened = max(0, opened - 1)
            if ascii_bar:
                out[i], out[i + 1] = " ", "‖"
            last = "₂"
        elif opened and _ends_operand(last):         # a bare closing bar
            opened -= 1
            out[i] = BARE_NORM_CLOSE
            if ascii_bar:
                out[i + 1] = " "
            last = BARE_NORM_CLOSE
        else:                                       # an opening bar
            opened += 1
            if ascii_bar:
                out[i], out[i + 1] = "‖", " "
            last = "‖"
        i += width
    return "".join(out)


def _to_ast(tree, text: str, declared: dict, defined=()) -> Node:
    to_ast = _ToAst(text, declared, defined)
    try:
        ast = to_ast.operand(to_ast.transform(tree))
        ast.exponent_names = to_ast.exponent_names
        return ast
    except VisitError as e:
        if isinstance(e.orig_exc, MatcalcError):
            raise e.orig_exc from None
        raise


def _keyword_declaration(name: str, spec) -> Var:
    if isinstance(spec, Var):
        return build.matrix(canonical(name), spec.rows, spec.cols,
                            **{p: True for p in spec.props})
    try:
        return parse_declaration(name, spec)
    except MatcalcError as e:
        raise type(e)(f"in the declaration {name}={spec!r}: {e}") from None


def _declared_var(name: str, spec, text: str) -> Var:
    words = [c for c in spec.children if isinstance(c, Token)]
    dims = next((c for c in spec.children if not isinstance(c, Token)), None)
    dim_words = [(str(t), t.start_pos) for t in dims.children] if dims is not None else []
    try:
        return make_var(name, str(words[0]), dim_words,
                        [(str(t), t.start_pos) for t in words[1:]], words[0].start_pos)
    except MatcalcError as e:
        raise _located(e, text) from None


def _make_variables(inf: Inference, sol: Solution, declared: dict) -> dict:
    out = {}
    for name, (r, c) in inf.variables.items():
        if name in declared:
            out[name] = declared[name]
        elif is_one(c) and is_one(r):
            out[name] = build.scalar(name)
        elif is_one(c):
            out[name] = build.vector(name, sol.dim(r))
        else:
            out[name] = build.matrix(name, sol.dim(r), sol.dim(c))
    for name, var in declared.items():
        out.setdefault(name, var)
    return out


def _used_names(ast: Node, declared: dict, inf: Inference) -> set:
    """Names the user wrote (variables and dimensions): fresh dimensions avoid them."""
    used = set(inf.variables) | set(declared)
    for var in declared.values():
        used |= {str(s) for s in dims_of(var.shape)}
    stack = [ast]
    while stack:
        node = stack.pop()
        if node.op in ("eye", "call"):
            dims = [node.data] if node.op == "eye" else node.data[1]
            used |= {str(s) for d in dims if d is not None for s in d.free_symbols}
        stack.extend(node.args)
    return used


# ====================================================================================
# 1. Checks on the raw text
# ====================================================================================

#: aᵇ: the superscript letters read as one-letter exponents (the text printer's table)
_SUPERSCRIPT_LETTERS = dict(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵅᵝᵞᵟᵋᶿᶥᵠᵡ",
                                ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
                                 "m", "n", "o", "p", "r", "s", "t", "u", "v", "w", "x", "y",
                                 "z", "alpha", "beta", "gamma", "delta", "epsilon", "theta",
                                 "iota", "phi", "chi"]))
#: 𝟏 and the superscript letters of a one-letter exponent (aᵇ), then the others
_ALLOWED = set("𝟏" + "".join(_SUPERSCRIPT_LETTERS)
               + "\u2212\u00d7\u00b7\u22c5ᵀ⁻⁰¹²³⁴⁵⁶⁷⁸⁹∘⊗‖ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ₀₁₂₃₄₅₆₇₈₉ϑϕϵ\t\n\r")
_LOOKALIKES = {
    "\u00a0": "a space", "\u2009": "a space", "\u202f": "a space", "\u2002": "a space",
    "\u2003": "a space", "\u200b": "nothing (delete it)", "\ufeff": "nothing (delete it)",
    "\u2013": "'-'", "\u2014": "'-'", "\u2032": "\"'\"", "\u2019": "\"'\"",
    "\u00b4": "\"'\"", "`": "\"'\"",
    "\u2218": "'∘'", "\u2225": "'‖'", "\u00b2": "'²'",
}
_CYRILLIC = dict(zip("аеорсухіјѕАВЕКМНОРСТХІЈЅ", "aeopcyxijsABEKMHOPCTXIJS"))


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise ParseError(f"the expression must be a string, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ParseError(f"input too long: {len(text)} characters (limit {MAX_CHARS})")
    if not text.strip() or not text.strip(" \t\r\n;"):
        raise ParseError("empty expression: write an expression such as a' * X * b")
    for pos, ch in enumerate(text):
        if not (" " <= ch <= "~" or ch in _ALLOWED or "\u0391" <= ch <= "\u03c9"):
            raise _located(ParseError(_bad_char_message(ch)), text, pos)
    _check_depth(mark_bare_norms(text))


def _bad_char_message(ch: str) -> str:
    name = unicodedata.name(ch, None) or ("NULL" if ch == "\0" else "(a control character)")
    what = f"character U+{ord(ch):04X} {name}"
    hint = _LOOKALIKES.get(ch)
    if hint is None and ch in _CYRILLIC:
        hint = f"the ASCII '{_CYRILLIC[ch]}'"
    if hint is None:
        folded = unicodedata.normalize("NFKC", ch)
        if folded.isascii() and folded.isprintable() and folded.strip():
            hint = f"'{folded}'"
    if hint:
        return f"unexpected {what}; it looks like {hint}, which is what matcalc reads: retype it"
    return (f"unexpected {what}; matcalc reads ASCII, greek letters and the symbols "
            "ᵀ ⁻ ¹²³ ∘ ⊗ ‖ (docs/language.md)")


def _check_depth(text: str) -> None:
    depth = 0
    for pos, ch in enumerate(text):
        if ch == BARE_NORM_CLOSE:
            depth -= 1
        elif ch == "‖":
            closing = text[pos + 1:pos + 2] in ("₂", "₁") or text[pos + 1:pos + 3] == "_F"
            depth += -1 if closing else 1
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        if depth > MAX_DEPTH:
            raise _located(ParseError(f"nested too deeply (limit {MAX_DEPTH}): simplify "
                                      "the expression or name its parts"), text, pos)


# ====================================================================================
# 2. Syntax errors
# ====================================================================================

_OPERANDS = {"NAME", "NUMBER", "LPAR", "FUNC", "NORM_OPEN", "SIZED_I", "SUB_I", "ONES_SIGN"}
_OPERATORS = {"PLUS", "MINUS", "MULOP", "APOS", "SUP", "SUP_NAME", "CARET", "EPOW"}
_WORDS = {
    "RPAR": "')'", "COMMA": "','", "COLON": "':'", "NORM_CLOSE": "'‖', '‖₂', '‖₁' or '‖_F'",
    "T_EXP": "'T'", "_SEP": "';' or a new line", "$END": "the end of the input",
    "NUMBER": "a number", "NAME": "a name", "EXP_NAME": "a name", "LPAR": "'('", "MINUS": "'-'",
    "EQUAL": "'='", "SIGNATURE": "the arguments of a function, (W)",
}


def _expected(names) -> str:
    names = set(names)
    parts = []
    if len(names & _OPERANDS) >= 3:
        parts.append("an operand (a name, a number, '(' or a function call)")
        names -= _OPERANDS | {"MINUS"}
    if "MULOP" in names:
        parts.append("an operator (+ - * @ / .* ./ ∘ ⊗, a postfix ' ^ .^ ᵀ)")
        names -= _OPERATORS
    parts += sorted({_WORDS.get(n, n.lower()) for n in names})
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _syntax_message(e: UnexpectedInput) -> str:
    if isinstance(e, UnexpectedCharacters):
        what = f"unexpected character {e.char!r}"
        expected = _expected(e.allowed or ())
    elif isinstance(e, UnexpectedToken):
        tok = e.token
        if tok.type == "$END":
            what = "unexpected end of input"
        elif tok.type == "FUNC":
            what = f"'{tok}' is a function and needs '(' after it"
        elif tok.type in ("NAME", "NUMBER", "EXP_NAME"):
            what = f"unexpected {'number' if tok.type == 'NUMBER' else 'name'} '{tok}'"
        else:
            what = f"unexpected '{tok}'"
        accepts = set(e.accepts or e.expected)
        expected = _expected(accepts)
        if accepts == {"$END"}:
            expected += " (matcalc reads one expression, after any declarations)"
        elif tok.type == "$END" and "_SEP" in accepts:
            expected += " (the declarations must be followed by the expression)"
    else:
        what, expected = "invalid input", ""
    return f"{what}; expected {expected}" if expected else what


# ====================================================================================
# 3. Parse tree → AST
# ====================================================================================

_UNIT = r"[A-Za-z\u0370-\u03ff][0-9]*"
_ALIASES = ALIASES
# function -> (number of expression arguments, (min, max) number of dimension arguments)
_ARITY = {name: ops[0].arity for name, ops in CALLS.items()}
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUBSCRIPT = str.maketrans("ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ₀₁₂₃₄₅₆₇₈₉", "aeoxhklmnpstijruv0123456789")


def _at(err: MatcalcError, pos: int) -> MatcalcError:
    if getattr(err, "pos", None) is None:
        err.pos = pos
    return err


def _span(children) -> tuple:
    """(start, end) offsets of a rule's children (tokens and Nodes)."""
    starts, ends = [], []
    for c in children:
        if isinstance(c, Token):
            starts.append(c.start_pos)
            ends.append(c.end_pos)
        elif isinstance(c, Node):
            starts.append(c.span[0])
            ends.append(c.span[1])
    return (min(starts), max(ends))


class _ToAst(Transformer_NonRecursive):
    """Bottom-up, without recursion (deep trees are fine). Names are resolved here.
    NAME and NUMBER tokens reach their parent rule as tokens; `operand` converts them."""

    def __init__(self, text: str, declared: dict, defined=()):
        super().__init__(visit_tokens=False)
        self.text, self.declared = text, declared
        self.defined = defined          # names of the earlier statements
        self.resolved: dict = {}        # token text -> (kind, units) for the names seen
        #: undeclared names in an exponent, and bases of `^` by one: scalars by position
        self.exponent_names: set = set()

    def operand(self, c):
        if isinstance(c, Token):
            if c.type == "NAME":
                return self._name(c)
            if c.type == "NUMBER":
                if len(c) > MAX_NUMBER_DIGITS:
                    raise _at(ParseError(f"number too long: {len(c)} digits (limit "
                                         f"{MAX_NUMBER_DIGITS})"), c.start_pos)
                _check_exponent(str(c), c.start_pos)
                return Node("num", (), Fraction(str(c)), c.start_pos, (c.start_pos, c.end_pos))
        return c

    # -- names ---------------------------------------------------------------------------

    def _name(self, tok: Token) -> Node:
        raw, pos = str(tok), tok.start_pos
        units = self.resolved.get(raw)
        if units is None:
            units = self.resolved[raw] = self._units(raw)
        if len(units) == 1:
            return self._unit(raw, pos)
        if self._looks_like_call(raw, tok.end_pos, units):
            raise _at(ParseError(_unknown_function(raw)), pos)
        nodes = [self._unit(u, pos + offset) for u, offset in units]
        chain = Node("chain", tuple(nodes), ("",) * (len(nodes) - 1), pos, (pos, tok.end_pos),
                     tuple(pos + offset for _, offset in units[1:]))
        chain.split = True
        return chain

    def _units(self, raw: str) -> list:
        """[(unit, offset)]: one unit, or the one-letter units an undeclared name splits into."""
        cname = canonical(raw)
        if (cname in self.declared or cname in self.defined or raw == "I"
                or greek_base(cname) or "_" in raw
                or re.fullmatch(_UNIT, raw)):
            return [(raw, 0)]
        return [(m.group(), m.start()) for m in re.finditer(_UNIT, raw)]

    def _unit(self, raw: str, pos: int) -> Node:
        span = (pos, pos + len(raw))
        if canonical(raw) in self.defined:
            return Node("ref", (), canonical(raw), pos, span)
        if raw == "I" and "I" not in self.declared:
            return Node("eye", (), None, pos, span)
        return Node("var", (), canonical(raw), pos, span)

    def _looks_like_call(self, raw, end, units) -> bool:
        """An undeclared lowercase word directly before '(' is a misspelt function, and so is
        a capitalised one that names a function (Det, Tr, Trace, Inverse)."""
        if not (raw.isascii() and raw.isalnum()):
            return False
        if not (raw.islower() or raw.lower() in FUNCTIONS or raw.lower() in _ALIASES):
            return False
        if all(canonical(u) in self.declared or canonical(u) in self.defined
               for u, _ in units):
            return False
        return self.text[end:end + 200].lstrip(" \t").startswith("(")

    # -- leaves ----------------------------------------------------------------------------
    def sized_identity(self, children):
        tok = children[0]
        if tok.type == "SUB_I":
            word = tok[1:].translate(_SUBSCRIPT)
        else:
            word = tok[2:-1].strip()
        if "I" in self.declared and tok.type == "SIZED_I":    # I declared: I(x) is I * x
            if not (word.isdigit() or word.isidentifier()):
                raise _at(ParseError(f"I is declared as a variable, so I({word}) would be a "
                                     f"product; write I * ({word}) for that, or eye({word}) "
                                     "for the identity"), tok.start_pos)
            start = tok.start_pos + tok.index(word, 2)
            word_tok = Token("NUMBER" if word.isdigit() else "NAME", word, start_pos=start,
                             end_pos=start + len(word))
            inner = (Node("num", (), Fraction(word), start, (start, word_tok.end_pos))
                     if word.isdigit() else self._name(word_tok))
            return Node("chain", (self._unit("I", tok.start_pos), inner), ("",),
                        tok.start_pos, _span(children), (start,))
        return Node("eye", (), parse_dim(word, tok.start_pos), tok.start_pos, _span(children))

    def ones_sign(self, children):
        tok = children[0]
        return Node("const", (), "ones", tok.start_pos, (tok.start_pos, tok.end_pos))

    def paren(self, children):
        node = self.operand(children[0])
        node.split = False
        return node

    def call(self, children):
        func, args = children[0], [self.operand(c) for c in children[1:]]
        name = str(func)
        if func.type == "APPLIED":                      # sigma(·), σ(·)
            if "sigma" in self.declared:               # a declared σ times a group
                start, end = _span(children)
                close = self.text.find(")", end)
                return Node("chain", (self._unit(str(func), func.start_pos), args[0]), ("",),
                            func.start_pos, (start, close + 1), (args[0].span[0],))
            name = "sigmoid"
        if name in CONSTANT_CALLS:                      # vector(c), matrix(c)
            if len(args) != 1:
                raise _at(ParseError(f"{name}(c) takes one argument, the value of every "
                                     f"entry (its size is inferred), not {len(args)}; for "
                                     "a sized constant write ones(n) or ones(n, m)"),
                          func.start_pos)
            start, end = _span(children)
            close = self.text.find(")", end)
            return Node("const", (args[0],), name, func.start_pos,
                        (start, close + 1 if close >= 0 else end))
        n_expr, (lo, hi) = _ARITY.get(name, (1, (0, 0)))
        if not n_expr + lo <= len(args) <= n_expr + hi:
            want = n_expr + lo if lo == hi else f"{n_expr + lo} or {n_expr + hi}"
            raise _at(ParseError(f"{name} takes {want} argument{'s' if want != 1 else ''}, "
                                 f"not {len(args)}"), func.start_pos)
        dims = tuple(self._dim(a) for a in args[n_expr:])
        start, end = _span(children)
        close = self.text.find(")", end)            # lark drops the anonymous ")" token
        return Node("call", tuple(args[:n_expr]), (name, dims), func.start_pos,
                    (start, close + 1 if close >= 0 else end))

    def _dim(self, node: Node):
        word = self.text[node.span[0]:node.span[1]].strip()
        return parse_dim(word, node.span[0])

    def norm(self, children):
        close = str(children[2])
        name = _NORMS[close]
        return Node("call", (self.operand(children[1]),), (name, ()), children[0].start_pos,
                    _span(children))

    # -- postfix operators: tuples (kind, exponent, offset) --------------------------------
    def postfix(self, children):
        atom, ops = self.operand(children[0]), tuple(children[1:])
        end = max(op[3] for op in ops)
        ops = tuple(op[:3] for op in ops)
        if ops[0][0] == "caret" and isinstance(ops[0][1], Node):     # a^b: a is a scalar
            base = atom.args[-1] if getattr(atom, "split", False) else atom
            if base.op == "var" and base.data not in self.declared and \
                    kind_of_name(base.data) == "vector":
                self.exponent_names.add(base.data)
        if getattr(atom, "split", False):                 # Xb' is X b': the last unit only
            last = atom.args[-1]
            post = Node("post", (last,), ops, last.pos, (last.span[0], end))
            atom.args = atom.args[:-1] + (post,)
            atom.span = (atom.span[0], end)
            return atom
        return Node("post", (atom,), ops, atom.pos, (atom.span[0], end))

    # postfix operators: (kind, exponent, offset, end offset)
    def transpose_op(self, children):
        return ("T", None, children[0].start_pos, children[0].end_pos)

    def sup_op(self, children):
        tok = children[0]
        if tok == "ᵀ":
            return ("T", None, tok.start_pos, tok.end_pos)
        if tok == "⁻ᵀ":
            return ("invT", None, tok.start_pos, tok.end_pos)
        digits = tok.translate(_SUPERSCRIPT)
        if len(digits.lstrip("-")) > 18:
            raise _at(ParseError(f"exponent too large: {MAX_EXPONENT_BITS} bits at most"),
                      tok.start_pos)
        return ("caret", Fraction(int(digits)), tok.start_pos, tok.end_pos)

    def caret_op(self, children):
        value, end = children[1]
        if value in ("T", "invT"):
            return (value, None, children[0].start_pos, end)
        return ("caret", value, children[0].start_pos, end)

    def epow_op(self, children):
        value, end = children[1]
        return ("epow", value, children[0].start_pos, end)

    # exponents: (value, end offset); value is a Fraction, or 'T' / 'invT' after ^
    def exponent(self, children):
        if isinstance(children[-1], Token) and children[-1].type == "T_EXP":
            return ("invT" if len(children) == 2 else "T", children[-1].end_pos)
        return children[0]

    def power(self, children):
        sign = -1 if len(children) == 2 else 1
        last = children[-1]
        if isinstance(last, Token) and last.type == "EXP_NAME":
            last = Token("NAME", str(last), start_pos=last.start_pos, end_pos=last.end_pos)
        value = self.operand(last)
        if _is_numeric(value):
            return (sign * _const(value), value.span[1])
        self._scalar_names(value)                 # a symbolic exponent: a scalar
        if sign < 0:
            value = Node("neg", (value,), 1, children[0].start_pos,
                         (children[0].start_pos, value.span[1]))
        return (value, value.span[1])

    def sup_name_op(self, children):
        """aᵇ: the superscript letter is the one-letter symbolic exponent b."""
        tok = children[0]
        name = _SUPERSCRIPT_LETTERS[str(tok)]
        word = Token("NAME", name, start_pos=tok.start_pos, end_pos=tok.end_pos)
        value = self._name(word)
        self._scalar_names(value)
        return ("caret", value, tok.start_pos, tok.end_pos)

    def _scalar_names(self, node: Node) -> None:
        """The lowercase names of a symbolic exponent are scalars, not vectors (inference
        reads `exponent_names`); an uppercase one stays a matrix, and is refused there."""
        stack = [node]
        while stack:
            x = stack.pop()
            if x.op == "var" and kind_of_name(x.data) == "vector":
                self.exponent_names.add(x.data)
            stack.extend(x.args)

    # -- operators -------------------------------------------------------------------------
    def neg(self, children):
        return Node("neg", (self.operand(children[-1]),), len(children) - 1,
                    children[0].start_pos, _span(children))

    def product(self, children):
        factors, ops, poss = [], [], []
        op, op_pos = None, None
        for c in children:
            if isinstance(c, Token) and c.type == "MULOP":
                op, op_pos = str(c), c.start_pos
                continue
            c = self.operand(c)
            units = c.args if getattr(c, "split", False) else (c,)
            inner_ops = c.data if getattr(c, "split", False) else ()
            inner_pos = c.poss if getattr(c, "split", False) else ()
            if factors:
                ops.append("" if op is None else op)
                poss.append(c.span[0] if op is None else op_pos)
            factors.extend(units)
            ops.extend(inner_ops)
            poss.extend(inner_pos)
            op = None
        span = (factors[0].span[0], factors[-1].span[1])
        return Node("chain", tuple(factors), tuple(ops), span[0], span, tuple(poss))

    def sum(self, children):
        first = self.operand(children[0])
        terms, signs, poss = [first], [1], [first.pos]
        for tok, term in zip(children[1::2], children[2::2]):
            terms.append(self.operand(term))
            signs.append(-1 if tok == "-" else 1)
            poss.append(tok.start_pos)
        span = (first.span[0], terms[-1].span[1])
        return Node("sum", tuple(terms), tuple(signs), span[0], span, tuple(poss))


def _unknown_function(name: str) -> str:
    lower = name.lower()
    guess = (_ALIASES.get(name) or _ALIASES.get(lower)
             or (lower if lower in FUNCTIONS else None)
             or next(iter(difflib.get_close_matches(name, FUNCTIONS, n=1, cutoff=0.5)), None))
    hint = f"; did you mean '{guess}'?" if guess else ""
    return (f"unknown function '{name}'{hint} The functions are {', '.join(FUNCTIONS)}. "
            f"(To multiply by a parenthesised group, declare {name} or write '*'.)")


def _is_numeric(node: Node) -> bool:
    """Is the exponent a number, such as 2, -1 or (1/2), rather than a scalar expression?"""
    stack = [node]
    while stack:
        x = stack.pop()
        if x.op not in ("num", "neg", "sum", "chain"):
            return False
        if x.op == "chain" and not all(op in ("*", "", "/") for op in x.data):
            return False
        stack.extend(x.args)
    return True


def _const(node: Node) -> Fraction:
    """The value of a constant exponent such as (1/2) or (-3/2)."""
    value = _const_value(node)
    if max(abs(value.numerator).bit_length(), value.denominator.bit_length()) > \
            MAX_EXPONENT_BITS:
        raise _at(ParseError(f"exponent too large: {MAX_EXPONENT_BITS} bits at most"),
                  node.pos)
    return value


def _const_value(node: Node) -> Fraction:
    if node.op == "num":
        return node.data
    if node.op == "neg":
        return (-1) ** node.data * _const_value(node.args[0])
    if node.op == "sum":
        return sum(s * _const_value(t) for s, t in zip(node.data, node.args))
    if node.op == "chain" and all(op in ("*", "", "/") for op in node.data):
        acc = _const_value(node.args[0])
        for op, f, pos in zip(node.data, node.args[1:], node.poss):
            v = _const_value(f)
            if op == "/" and v == 0:
                raise _at(ParseError("division by zero in an exponent"), pos)
            acc = acc / v if op == "/" else acc * v
        return acc
    raise _at(ParseError("an exponent must be a number, such as 2, -1, 0.5 or (1/2)"),
              node.pos)


# ====================================================================================
# 5. AST → Expr, with the constructors of build.py
# ====================================================================================

_CHAIN_OPS = {"*": build.times, "": build.times, "@": build.matmul, "/": build.divide,
              ".*": build.hadamard, "∘": build.hadamard, "./": build.hadamard_div,
              "⊗": build.kron}
#: the builder of every call: the elementwise functions' and each operator's, from the specs
_CALL_BUILDERS = dict(build.FUNCTION_BUILDERS)
_CALL_BUILDERS.update({name: ops[0].build for name, ops in CALLS.items()})


class _Builder:
    def __init__(self, variables: dict, sol: Solution, defined: dict | None = None):
        self.variables, self.sol = variables, sol
        self.defined = {} if defined is None else defined   # statement name -> Expr
        self.depths: dict = {}          # id(expr) -> (expr, depth of its tree)

    def build(self, node: Node) -> Expr:
        try:
            e = getattr(self, "_" + node.op)(node)
        except MatcalcError as e:
            raise _at(e, node.pos)
        self._check_depth(e, node.pos)
        return e

    def _depth(self, e: Expr) -> int:
        """The depth of the tree of `e` (a leaf is 1), memoised over the nodes built."""
        stack = [e]
        while stack:
            x = stack[-1]
            if id(x) in self.depths:
                stack.pop()
                continue
            todo = [c for c in x.children if id(c) not in self.depths]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            if isinstance(x, Num):
                _check_number(x.value)
            self.depths[id(x)] = (x, 1 + max((self.depths[id(c)][1] for c in x.children),
                                             default=0))
        return self.depths[id(e)][1]

    def _check_depth(self, e: Expr, pos: int) -> None:
        """Deep trees (`x^2^2^2...`, `A ⊗ A ⊗ ...`, `A ./ A ./ ...`) are refused like deep
        brackets: the engine and the printers walk trees recursively."""
        if self._depth(e) > MAX_DEPTH:
            raise _at(ParseError(f"nested too deeply (limit {MAX_DEPTH}): the expression's "
                                 "operators nest more than that; simplify it or name its "
                                 "parts"), pos)

    def _num(self, node):
        return build.num(node.data)

    def _var(self, node):
        return self.variables[node.data]

    def _ref(self, node):
        return self.defined[node.data]

    def _eye(self, node):
        if node.data is None:
            return build.eye(self.sol.dim(node.dimvar))
        return build.eye(node.data)

    def _const(self, node):
        """vector(c), matrix(c), 𝟏: c·ones of the inferred size (𝟏 and c = 1: ones)."""
        shape = tuple(self.sol.dim(t) for t in node.terms)
        ones = build.ones(*shape)
        if not node.args:
            return ones
        c = self.build(node.args[0])
        if not c.is_scalar:
            raise _at(ShapeError(f"{node.data}(c) needs a scalar c (the value of every "
                                 f"entry), not {c.rows}×{c.cols}"), node.args[0].pos)
        return ones if c == Num(Fraction(1)) else build.scale(c, ones)

    def _call(self, node):
        name, dims = node.data
        args = [self.build(a) for a in node.args]
        return _CALL_BUILDERS[name](*args, *dims)

    def _neg(self, node):
        e = self.build(node.args[0])
        for _ in range(node.data):
            e = build.neg(e)
        return e

    def _post(self, node):
        e = self.build(node.args[0])
        for kind, value, pos in node.data:
            try:
                if kind in ("caret", "epow"):
                    _check_number_power(e, value)
                if kind == "T":
                    e = build.transpose(e)
                elif kind == "invT":
                    e = build.transpose(build.caret(e, -1))
                elif kind == "caret":
                    e = build.caret(e, self._exponent(value))
                else:
                    e = build.power(e, self._exponent(value))
            except MatcalcError as err:
                raise _at(err, pos)
            self._check_depth(e, pos)
        return e

    def _exponent(self, value):
        """A number, or the Expr of a symbolic exponent (a^b, x.^(p - 1))."""
        return self.build(value) if isinstance(value, Node) else value

    def _sum(self, node):
        terms = [self.build(t) for t in node.args]
        terms = [t if s > 0 else _try(build.neg, pos, t)
                 for t, s, pos in zip(terms, node.data, node.poss)]
        terms = build.broadcast(terms)
        for t, pos in zip(terms[1:], node.poss[1:]):
            if t.shape != terms[0].shape:
                _try(build.add, pos, terms[0], t)             # raises the builder's message
        # The left fold adds leading numbers up and then only flattens: one add() call
        # gives the same node in linear time.
        acc, i = terms[0], 1
        while i < len(terms) and isinstance(acc, Num) and isinstance(terms[i], Num):
            acc, i = build.add(acc, terms[i]), i + 1
        return build.add(acc, *terms[i:]) if i < len(terms) else acc

    def _chain(self, node):
        """The left fold of the chain (`a * b * c` is `(a * b) * c`), built in runs where a
        balanced fold gives the same node, so that long chains take O(n log n)."""
        factors = [self.build(f) for f in node.args]
        ops, poss = node.data, node.poss
        acc, i, slow = factors[0], 0, 0
        while i < len(ops):
            j = _run_end(acc, factors, ops, i)
            if j > i + 1:
                acc = _fold_run(acc, factors[i + 1:j + 1], ops[i])
                i = j
                continue
            acc = _try(_CHAIN_OPS[ops[i]], poss[i], acc, factors[i + 1])
            i, slow = i + 1, slow + 1
            if slow > MAX_SLOW_STEPS:
                raise _at(ParseError(f"expression too long to build: a chain of more than "
                                     f"{MAX_SLOW_STEPS} factors that mixes numbers, scalars "
                                     "and matrices; split it into named parts"), poss[i - 1])
        return acc


MAX_SLOW_STEPS = 1000
MAX_NUMBER_BITS = 4000     # |numerator|, |denominator| of a folded number (~1200 digits)
MAX_NUMBER_DIGITS = 100    # a number as written
MAX_DECIMAL_EXPONENT = 1000  # 1e1000 is read exactly (a Fraction); 1e100000 is refused


def _check_exponent(text: str, pos: int) -> None:
    """Scientific notation is a number (an exact fraction); an exponent past
    MAX_DECIMAL_EXPONENT is refused before the fraction is built (1e999999999 would take
    minutes)."""
    mantissa, e, exponent = text.lower().partition("e")
    if e and abs(int(exponent)) > MAX_DECIMAL_EXPONENT:
        raise _at(ParseError(f"number too large: {text} (a decimal exponent is at most "
                             f"±{MAX_DECIMAL_EXPONENT}; floating point reaches about 1.8e308)"),
                  pos)
MAX_EXPONENT_BITS = 64     # numerator and denominator of an exponent


def _check_number(v: Fraction) -> None:
    if max(abs(v.numerator).bit_length(), v.denominator.bit_length()) > MAX_NUMBER_BITS:
        raise ParseError(f"number too large: the numbers multiply out to more than "
                         f"{MAX_NUMBER_BITS} bits; numbers are exact fractions, keep them "
                         "small")


def _check_number_power(base: Expr, p) -> None:
    """A number to a power is folded: refuse 0 to a negative power and results too large
    to print, before computing them (2^1000000000 would take minutes)."""
    if not isinstance(base, Num) or not isinstance(p, Fraction) or p.denominator != 1:
        return
    v = base.value
    if v == 0 and p < 0:
        raise ParseError("division by zero: 0 to a negative power")
    bits = max(abs(v.numerator).bit_length(), v.denominator.bit_length())
    if bits > 1 and abs(p.numerator) * bits > MAX_NUMBER_BITS:
        raise ParseError(f"number too large: {v}^{p} has more than {MAX_NUMBER_BITS} bits; "
                         "numbers are exact fractions, keep them small")
_MATMUL = ("*", "", "@")
_HADAMARD = (".*", "∘")


def _try(fn, pos, *args):
    try:
        return fn(*args)
    except MatcalcError as e:
        raise _at(e, pos)


def _run_end(acc, factors, ops, i) -> int:
    """The last operator index j such that folding factors i+1..j+1 onto `acc` is a run
    that `_fold_run` builds exactly as the left fold would; i when there is none."""
    op = ops[i]
    if op in _HADAMARD:
        j = i
        while j < len(ops) and ops[j] in _HADAMARD and factors[j + 1].shape == acc.shape:
            j += 1
        return j
    if op not in _MATMUL:
        return i
    head = acc.arg if isinstance(acc, Scale) else acc
    if isinstance(head, (Num, Scale)):
        return i
    scalars = head.is_scalar
    if scalars and isinstance(acc, Scale):
        return i
    last, j = head, i
    while j < len(ops) and ops[j] in _MATMUL and _plain_next(last, factors[j + 1], scalars):
        last, j = factors[j + 1], j + 1
    return j


def _plain_next(last, f, scalars: bool) -> bool:
    """Can `f` extend a run of plain matrix-product factors ending in `last`?

    The left fold of a plain run is the flat MatMul of its factors: no factor is a number or
    a scaling, and either every factor is 1×1 or none is and no intermediate product is
    1×1 (`*` would make that a scaling). Then a balanced fold gives the same node."""
    if isinstance(f, (Num, Scale)):
        return False
    if scalars:
        return f.is_scalar
    (r, c), inner = f.shape, last.shape[1]
    return not (r == ONE and c == ONE) and inner == r and r != ONE and inner != ONE


def _fold_run(acc, run, op):
    if op in _HADAMARD:
        return _balanced(build.hadamard, [acc] + run)
    if isinstance(acc, Scale):             # (cA)BC... = c(ABC...)
        return build.scale(acc.coeff, _balanced(build.matmul, [acc.arg] + run))
    return _balanced(build.matmul, [acc] + run)


def _balanced(fn, items):
    """fn folded over items as a balanced tree: O(n log n) for flattening constructors."""
    if len(items) == 1:
        return items[0]
    mid = len(items) // 2
    return fn(_balanced(fn, items[:mid]), _balanced(fn, items[mid:]))


# ====================================================================================
# Positions
# ====================================================================================


def caret_context(text: str, pos: int, span: int = 40) -> str:
    """The line around `pos` with a caret under it (the format of lark's get_context)."""
    start = max(pos - span, 0)
    before = _printable(text[start:pos].rsplit("\n", 1)[-1])
    after = _printable(text[pos:pos + span].split("\n", 1)[0])
    return before + after + "\n" + " " * len(before.expandtabs()) + "^\n"


def _printable(s: str) -> str:
    """Control characters (NUL, ...) shown as '?' so that the caret lines up."""
    return "".join(ch if ch.isprintable() or ch == "\t" else "?" for ch in s)


def _located(err: MatcalcError, text: str, pos: int | None = None) -> MatcalcError:
    """The same error with line, column and a caret under `pos` (or `err.pos`)."""
    pos = getattr(err, "pos", None) if pos is None else pos
    if pos is None or getattr(err, "line", 0):
        return err
    pos = max(0, min(pos, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    context = caret_context(text, pos)
    message = getattr(err, "message", None) or str(err)
    if isinstance(err, ParseError):
        out = ParseError(message, line, column, context)
    else:
        out = type(err)(f"{message} at line {line}, column {column}\n\n{context.rstrip()}")
        out.message, out.line, out.column, out.context = message, line, column, context
    out.pos = pos
    return out
