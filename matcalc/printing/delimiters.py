r"""Parentheses of the right size for what they enclose, read off the enclosed LaTeX.

    flat content (no delimiter inside)            ( … )
    one level of delimiters inside ((, \|, \sqrt)  \bigl( … \bigr)
    each further level                            \Bigl, \biggl, \Biggl
    content taller than a line (\frac, \sum, \left, or deeper than \Biggl)   \left( … \right)
    in display math, content whose only tall part is a fraction   \biggl( … \biggr)

Fixed sizes (\bigl) rather than \left…\right wherever they are right: they do not grow
with a superscript, and breqn and TeX can break a line between them (a \left…\right group
is one unbreakable box, and breqn misjudges the width of a line that starts with one).
The LaTeX printer keeps the level of each text as it prints it (linear in the size of the
expression); `fit_parentheses` rewrites the \left( … \right) pairs of finished LaTeX (a
derivation step's template) by the same rule, reading the levels off the text.
"""
from __future__ import annotations

import re

#: fixed sizes, smallest first; index = level of delimiters inside
SIZES = ("", r"\big", r"\Big", r"\bigg", r"\Bigg")

#: levels: NONE (no delimiter), 0 (plain), 1 … 4 (SIZES), TALL (only \left … \right)
NONE, TALL = -1, len(SIZES)

#: what only \left … \right can fit
_TALL = re.compile(r"\\(frac|dfrac|tfrac|sum|prod|int|left|begin|binom|over)(?![a-zA-Z])")

#: the size of a display-style fraction of one line over one line (The TeXbook, ch. 17)
FRACTION = 3

#: a delimiter inside: a sized or plain opening parenthesis, a norm bar, a radical
_INNER = re.compile(r"\\(big|Big|bigg|Bigg)l\(|\(|\\\||\||\\sqrt")


def level_of(latex: str) -> int:
    """The largest delimiter in `latex`: NONE, 0 for a plain one ((, \\|, \\sqrt), the
    index of a fixed size (\\bigl → 1), or TALL (a fraction, \\left, a big operator)."""
    if _TALL.search(latex):
        return TALL
    return max((SIZES.index("\\" + m.group(1)) if m.group(1) else 0
                for m in _INNER.finditer(latex)), default=NONE)


def fitting(inner: int) -> int:
    """The level of parentheses around content whose largest delimiter is `inner`: one
    size up (plain around none), TALL past \\Biggl."""
    return min(inner + 1, TALL)


def size_of(content: str, display: bool = False) -> int:
    """The level of parentheses that fit `content`, read off the text; in `display` math a
    fraction of one line over one line fits \\biggl."""
    level = fitting(level_of(content))
    if level == TALL and display and content.count(r"\frac") == 1 and \
            {m.group(1) for m in _TALL.finditer(content)} == {"frac"}:
        return FRACTION
    return level


def wrap(content: str, level: int, head: str = "") -> str:
    """`content` in parentheses of `level`, after `head` (a function's name)."""
    if level >= TALL:
        return rf"{head}\left({content}\right)"
    if level <= 0:
        return f"{head}({content})"
    return rf"{head}{SIZES[level]}l({content}{SIZES[level]}r)"


def parenthesised(content: str, display: bool = False) -> str:
    """`content` in parentheses of the size that fits it (read off the text: the printer
    knows the level as it prints, and calls `wrap`)."""
    return wrap(content, size_of(content, display))


_LEFT, _RIGHT = r"\left(", r"\right)"
_KEPT = "\0"          # marks a \left( … \right) that stays, while the rest are looked at


def fit_parentheses(latex: str) -> str:
    r"""Every \left( … \right) pair of `latex` (display math) resized to fit its content
    (innermost first); other \left/\right delimiters are kept."""
    out = latex
    while (end := out.find(_RIGHT)) >= 0:
        start = out.rfind(_LEFT, 0, end)
        if start < 0:
            break                                    # unbalanced: leave as written
        inner = out[start + len(_LEFT):end]
        fitted = parenthesised(inner, display=True)
        if fitted.startswith(_LEFT):
            fitted = rf"\left{_KEPT}({inner}\right{_KEPT})"
        out = out[:start] + fitted + out[end + len(_RIGHT):]
    return out.replace(_KEPT, "")
