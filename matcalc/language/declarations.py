"""Names and declarations: greek letters, the kind an undeclared name gets, and the
variables that `x: vector(n)`, `A: matrix(n, m) spd` or `alpha: scalar` declare.

The grammar (grammar.lark, rule `typespec`) reads a declaration into its parts; this module
checks them and makes the Var. Errors carry `.pos`, the offset of the offending word, which
parse.py turns into a line, a column and a caret.
"""
from __future__ import annotations

import difflib
import re
from functools import reduce
from operator import mul

from ..core import build
from ..core.errors import DeclarationError, MatcalcError
from ..core.expr import PROPERTIES, Var
from ..core.operators import call_names
from ..core.shapes import as_dim, is_one

# ------------------------------------------------------------------------------------
# Greek letters: `alpha` and `α` are one variable, stored under the spelled-out name
# ------------------------------------------------------------------------------------

_LOWER = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
          "pi rho sigma sigma tau upsilon phi chi psi omega").split()   # ς, σ are both sigma
GREEK_SYMBOLS = {chr(0x03B1 + i): name for i, name in enumerate(_LOWER)}
GREEK_SYMBOLS.update({chr(0x0391 + i): name.capitalize()
                      for i, name in enumerate(_LOWER) if i != 17})   # U+03A2 is unassigned
GREEK_SYMBOLS.update({"\u03d1": "theta", "\u03d5": "phi", "\u03f5": "epsilon"})  # ϑ ϕ ϵ
GREEK_NAMES = frozenset(GREEK_SYMBOLS.values())


def canonical(name: str) -> str:
    """The stored form of a name: greek symbols spelled out (`α1` → `alpha1`)."""
    if name.isascii():
        return name
    return "".join(GREEK_SYMBOLS.get(ch, ch) for ch in name)


def greek_base(name: str) -> str | None:
    """The greek letter a (canonical) name is made of, if any: `alpha`, `alpha2`, `Sigma_0`."""
    base = name.split("_", 1)[0].rstrip("0123456789")
    return base if base in GREEK_NAMES else None


def kind_of_name(name: str) -> str:
    """The kind of an undeclared (canonical) name: lowercase greek → scalar, other names by
    their first letter: lowercase → vector, uppercase (latin or greek) → matrix."""
    base = greek_base(name)
    if base is not None and base[0].islower():
        return "scalar"
    return "matrix" if name[0].isupper() else "vector"


# ------------------------------------------------------------------------------------
# Declarations
# ------------------------------------------------------------------------------------

TYPES = ("scalar", "vector", "matrix")
_ARITY = {"scalar": (0, 0), "vector": (1, 1), "matrix": (1, 2)}


def _error(message: str, pos: int) -> DeclarationError:
    err = DeclarationError(message)
    err.pos = pos
    return err


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


#: names a dimension may not have: the language's functions, types and properties
RESERVED_DIMENSIONS = frozenset(call_names()) | {"scalar", "vector", "matrix", "I"} | \
    set(PROPERTIES)

_DIM_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|\*|\^))")


def parse_dim(text: str, pos: int = 0):
    """A dimension: a name (`n`, `d1`), a positive integer, or a product of powers of them
    (`m*n`, `n^2`, `2*n` — the dimensions vec and kron produce, as the printers write them).
    Built as the product of the pieces read here, never by sympify."""
    text = text.strip()
    factors, i, want_factor, power = [], 0, True, False
    while i < len(text):
        m = _DIM_TOKEN.match(text, i)
        if m is None or (m.group(3) is not None) == want_factor:
            break
        number, name, op = m.groups()
        if op is not None:
            power = op != "*"
        elif power:
            if number is None or int(number) < 1:
                break
            factors[-1] = factors[-1] ** int(number)
            power = False
        elif number is not None:
            if int(number) < 1:
                break
            factors.append(as_dim(int(number)))
        else:
            if name in RESERVED_DIMENSIONS:
                raise _error(f"invalid dimension '{name}': it is the name of a function or a "
                             "type of the language, so results would not read back; use "
                             "another name (n, m, d1)", pos + m.start(2))
            factors.append(as_dim(canonical(name)))
        want_factor = op is not None
        i = m.end()
    else:
        if factors and not want_factor:
            return reduce(mul, factors)
    raise _error(f"invalid dimension '{text}': a dimension is a name (n, m, d1), a positive "
                 "integer, or a product of powers of them (m*n, n^2)", pos)


def make_var(name: str, typename: str, dims: list, props: list, type_pos: int = 0) -> Var:
    """The Var declared as `name: typename(dims) props`.

    `dims` and `props` are lists of (word, offset) pairs; `name` is already canonical.
    """
    if typename not in TYPES:
        raise _error(f"unknown type '{typename}' in the declaration of {name}"
                     f"{_suggest(typename, TYPES)} A type is scalar, vector(n) or "
                     "matrix(n, m)", type_pos)
    lo, hi = _ARITY[typename]
    if not lo <= len(dims) <= hi:
        want = {"scalar": "no dimensions", "vector": "one dimension, vector(n)",
                "matrix": "one or two dimensions, matrix(n) or matrix(n, m)"}[typename]
        raise _error(f"{typename} takes {want}, not {len(dims)}", type_pos)
    sizes = [parse_dim(word, pos) for word, pos in dims]
    for word, pos in props:
        if word not in PROPERTIES:
            raise _error(f"unknown property '{word}' of {name}"
                         f"{_suggest(word, PROPERTIES)} Properties: {', '.join(PROPERTIES)}",
                         pos)
    if props and typename != "matrix":
        raise _error(f"{name}: {typename} cannot have properties "
                     f"({', '.join(w for w, _ in props)}); they belong to square matrices",
                     props[0][1])
    if props and sizes[0] != sizes[-1]:
        raise _error(f"{name}: {' '.join(w for w, _ in props)} needs a square matrix, and "
                     f"matrix({sizes[0]}, {sizes[-1]}) is not square", props[0][1])
    flags = {word: True for word, _ in props}
    try:
        if typename == "scalar":
            var = build.scalar(name)
        elif typename == "vector":
            var = build.vector(name, sizes[0])
        else:
            var = build.matrix(name, sizes[0], sizes[-1], **flags)
    except MatcalcError as e:
        raise _error(f"invalid declaration of {name}: {e}", type_pos) from None
    return var


def format_declaration(var: Var) -> str:
    """`x: vector(n)`, `S: matrix(n, n) spd`: the text that declares `var` (parses back)."""
    r, c = var.shape
    if is_one(r) and is_one(c):
        kind = "scalar"
    elif is_one(c):
        kind = f"vector({r})"
    else:
        kind = f"matrix({r}, {c})"
    props = set(var.props)
    if "spd" in props:
        props -= {"symmetric", "invertible"}
    if "diagonal" in props:
        props -= {"symmetric"}
    words = [p for p in PROPERTIES if p in props]
    return f"{var.name}: {' '.join([kind] + words)}"
