"""A block matrix of derivatives, as a value: the block Hessian's matrix and a derivative
stacked over several variables (MML Example 5.7: df/dx = [2x₁x₂ + x₂³, x₁² + 3x₁x₂²]).

    Blocks(rows)    rows: a tuple of rows, each a tuple of Exprs (a tensor block by its vec
                    form); the blocks of a row have one row count, of a column one column
                    count. str / to_ascii / to_latex print it (printing/blocks.py);
                    shape is (Σ block rows, Σ block columns).

    worst(verdicts) the numerical check's verdict that speaks for several blocks.
    PrintedAsBlocks a result whose `expr` is a Blocks prints as it (the block Hessian, the
                    stacked derivative)

It is a result to print and to evaluate block by block, not an expression node: nothing
simplifies or differentiates a Blocks (differentiate its entries instead).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.dims import dim_total
from ..numeric.check import DISAGREES, UNVERIFIED, VERIFIED
from ..printing.blocks import block_ascii, block_latex, block_text

_WORST = {DISAGREES: 0, UNVERIFIED: 1, VERIFIED: 2}


def worst(verdicts):
    """The verdict that speaks for several: disagrees, else could not verify, else the
    verified one with the largest error."""
    return min(verdicts, key=lambda v: (_WORST[v.status], -v.error))


@dataclass(frozen=True)
class Blocks:
    rows: tuple

    @property
    def shape(self) -> tuple:
        return (dim_total(row[0].shape[0] for row in self.rows),
                dim_total(e.shape[1] for e in self.rows[0]))

    def __str__(self) -> str:
        return block_text(self.rows)

    def to_ascii(self) -> str:
        return block_ascii(self.rows)

    def to_latex(self, bold: bool = True) -> str:
        return block_latex(self.rows, bold=bold)

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"


class PrintedAsBlocks:
    """str / to_ascii / to_latex of a result whose `expr` is a Blocks."""

    def __str__(self) -> str:
        return str(self.expr)

    def to_ascii(self) -> str:
        return self.expr.to_ascii()

    def to_latex(self, bold: bool = True) -> str:
        return self.expr.to_latex(bold=bold)
