"""Block matrices as text, ASCII and LaTeX: the block Hessian over several variables and a
gradient stacked over several scalars.

    block_text(rows)    one row:  [a, b]            several rows, columns aligned:
                                                    [A + Aᵀ  B ]
                                                    [Bᵀ      2I]
    block_ascii(rows)   the same with ASCII entries (a*b', A + A')
    block_latex(rows)   \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}

`rows` is a list of rows, each a list of expressions (Exprs) of one block matrix; a block
that is a tensor is given by its vec form ∂vec F/∂vec X, so the printed matrix is the
matrix in vec coordinates. This module prints only: it does not import diff.
"""
from __future__ import annotations

from .latex import to_latex
from .text import to_ascii, to_text


def _grid(cells: list) -> str:
    if len(cells) == 1:
        return "[" + ", ".join(cells[0]) + "]"
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return "\n".join("[" + "  ".join(c.ljust(w) for c, w in zip(row, widths)) + "]"
                     for row in cells)


def block_text(rows) -> str:
    """The block matrix in unicode text, one line per row of blocks."""
    return _grid([[to_text(e) for e in row] for row in rows])


def block_ascii(rows) -> str:
    """The block matrix in ASCII, one line per row of blocks."""
    return _grid([[to_ascii(e) for e in row] for row in rows])


def block_latex(rows, bold: bool = True) -> str:
    """The block matrix as a LaTeX bmatrix (amsmath)."""
    body = r" \\ ".join(" & ".join(to_latex(e, bold=bold) for e in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
