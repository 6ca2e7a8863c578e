"""The page and its grid: where the text block is, and where each grid row and baseline falls."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

from ..fonts import Face
from .tree import GRID_UNIT, Block, mm


@dataclass(frozen=True)
class Geometry(Block):
    """The text block and its grid (see Block), on a page of ``page_width`` × ``page_height``.

    ``width`` is the grid's line (``chars`` grid characters) and ``row_pitch`` the
    largest whole-twip pitch that fits ``rows`` lines in the block's ``height``.
    """

    page_width: int = 0
    page_height: int = 0

    @classmethod
    def from_spec(cls, spec: Any) -> "Geometry":
        block_width, height = mm(spec.block_width_mm), mm(spec.block_height_mm)
        # a character of 156 mm / 28 is 315.86 twips, set at 316; 22 lines take 579 twips each
        char_pitch = round(block_width / spec.chars / GRID_UNIT) * GRID_UNIT
        row_pitch = height // spec.lines // GRID_UNIT * GRID_UNIT
        return cls(mm(spec.left_mm), mm(spec.top_mm), char_pitch * spec.chars, height, spec.lines, spec.chars,
                   char_pitch, row_pitch, mm(spec.width_mm), mm(spec.height_mm))

    def turned(self, page_height: int | None = None) -> "Geometry":
        """The grid of a 横排 page: the block turned a quarter on a sheet as wide as this one is high."""
        turned = super().turned(self.page_height if page_height is None else page_height)
        return dataclasses.replace(turned, page_width=self.page_height, page_height=self.page_width)

    @property
    def block(self) -> Block:
        """The text block alone, as the layout result records it."""
        return Block(*(getattr(self, f.name) for f in fields(Block)))

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def row_top(self, row: float) -> int:
        return self.top + round(row * self.row_pitch)

    def band(self, row: float, rows: float = 1) -> tuple[int, int]:
        """Top and bottom of ``rows`` rows from ``row``."""
        return self.row_top(row), self.row_top(row + rows)

    def baseline(self, row: float, band: float, size: int, face: Face) -> int:
        """Baseline of text of ``size`` whose em box is centred in ``band`` rows from ``row``."""
        top, bottom = self.band(row, band)
        em_top = top + (bottom - top - size) // 2
        return em_top + face.em_ascent(size)
