"""Page breaking on the GB/T 9704 grid.

Body text sits on a grid of 22 rows a page; a title takes whole rows so the
text after it stays on the grid. The rules, all general:

* pages are filled to the last row: no widow or orphan control, which would
  leave pages short of the 22 lines the standard asks for;
* a title never ends a page: it moves to the next page unless it fits with
  ``min_lines_after`` lines of its text;
* an article's signature line never starts a page alone: the article's last
  paragraph is first pulled back one line by tightening its last lines (at most
  ``max_tracking`` per character); if that cannot be done, its last line moves
  to the next page with the signature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from ..fonts import Face
from .linebreak import Broken, tighten_tail
from .segment import Atom
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


@dataclass
class Paragraph:
    """A broken paragraph waiting for its rows."""

    atoms: list[Atom]
    lines: list[Broken]
    widths: tuple[int, int]
    indent: int
    path: str
    ident: int
    hang: int = 0


@dataclass(frozen=True)
class Slot:
    """Something placed on the grid: ``rows`` rows from ``row`` of page ``page`` (0-based)."""

    page: int
    row: float
    rows: float
    kind: str
    data: Any


@dataclass
class Flow:
    geometry: Geometry
    row: float
    page: int = 0
    slots: list[Slot] = field(default_factory=list)

    def new_page(self) -> None:
        self.page += 1
        self.row = 0

    def fits(self, rows: float) -> bool:
        return self.row + rows <= self.geometry.rows + 1e-9

    def place(self, rows: float, kind: str, data: Any) -> None:
        if not self.fits(rows) and self.row > 0:
            self.new_page()
        self.slots.append(Slot(self.page, self.row, rows, kind, data))
        self.row += rows

    def place_title(self, rows: float, keep_rows: int, data: Any) -> None:
        if self.row > 0 and not self.fits(rows + keep_rows):
            self.new_page()
        self.place(rows, "title", data)

    def place_paragraph(self, paragraph: Paragraph) -> None:
        for index in range(len(paragraph.lines)):
            self.place(1, "line", (paragraph, index))

    def place_signature(self, data: Any, paragraph: Paragraph | None, max_tracking: int) -> None:
        if not self.fits(1) and paragraph is not None:
            first = len(self.slots)  # the paragraph's lines are the last slots: found from the end
            while first and self.slots[first - 1].kind == "line" and self.slots[first - 1].data[0] is paragraph:
                first -= 1
            tightened = tighten_tail(paragraph.atoms, paragraph.widths, paragraph.lines, max_tracking)
            if tightened is not None:
                start = self.slots[first]
                del self.slots[first:]
                self.page, self.row = start.page, start.row
                paragraph.lines = tightened
                self.place_paragraph(paragraph)
            if not self.fits(1):
                last = self.slots.pop()
                self.new_page()
                self.place(1, last.kind, last.data)
        self.place(1, "signature", data)

    @property
    def page_count(self) -> int:
        return self.page + 1


def title_rows(lines: int, line_rows: float, before: float, after: float) -> int:
    """Whole rows a title block takes, so the text after it stays on the grid."""
    return math.ceil(before + lines * line_rows + after - 1e-9)
