r"""Parentheses of the right size for what they enclose, read off the enclosed LaTeX.

    flat content (no delimiter inside)            ( … )
    one level of delimiters inside ((, \|, \sqrt)  \bigl( … \bigr)
    each further level                            \Bigl, \biggl, \Biggl
    content taller than a line (\frac, \sum, \left, or deeper than \Biggl)   \left( … \right)
    in display math, content whose only tall part is a fraction   \biggl( … \biggr)

Fixed sizes (\bigl) rather than \left…\right wherever they are right: they do not grow
with a superscript, and breqn and TeX can break a line between them (a \left…\right group
is one unbreakable box, and breqn misjudges the width of a line that starts with one).
`fit_parentheses` rewrites the \left( … \right) pairs of finished
LaTeX (a derivation step's template) by the same rule.
"""
from __future__ import annotations

import re

#: fixed sizes, smallest first; index = level of delimiters inside
SIZES = ("", r"\big", r"\Big", r"\bigg", r"\Bigg")

#: what only \left … \right can fit
_TALL = re.compile(r"\\(frac|dfrac|tfrac|sum|prod|int|left|begin|binom|over)(?![a-zA-Z])")

#: the size of a display-style fraction of one line over one line (The TeXbook, ch. 17)
FRACTION = 3

#: a delimiter inside: a sized or plain opening parenthesis, a norm bar, a radical
_INNER = re.compile(r"\\(big|Big|bigg|Bigg)l\(|\(|\\\||\||\\sqrt")


def size_of(content: str, display: bool = False) -> int | None:
    """The level of parentheses that fit `content` (an index into SIZES), or None when
    only \\left … \\right fits; in `display` math a fraction of one line over one line
    fits \\biggl."""
    tall = {m.group(1) for m in _TALL.finditer(content)}
    if tall:
        one_fraction = display and tall == {"frac"} and content.count(r"\frac") == 1
        return FRACTION if one_fraction else None
    inner = [SIZES.index("\\" + m.group(1)) if m.group(1) else 0
             for m in _INNER.finditer(content)]
    level = max(inner) + 1 if inner else 0
    return level if level < len(SIZES) else None


def parenthesised(content: str, display: bool = False) -> str:
    """`content` in parentheses of the size that fits it."""
    level = size_of(content, display)
    if level is None:
        return rf"\left({content}\right)"
    if level == 0:
        return f"({content})"
    return rf"{SIZES[level]}l({content}{SIZES[level]}r)"


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
