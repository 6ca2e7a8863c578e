"""Page breaking on the GB/T 9704 grid: one loop over blocks (see blocks.Block).

Body text sits on a grid of 22 rows a page; a title takes whole rows so the
text after it stays on the grid. The rules, all general:

* pages are filled to the last row: no widow or orphan control, which would
  leave pages short of the 22 lines the standard asks for;
* a block that does not fit splits where it can (a paragraph between any two
  lines) or moves to the next page;
* a block never ends a page without ``keep_rows`` rows of what follows it (a
  title keeps ``min_lines_after`` lines of its text);
* a sticky block (an article's signature line, a 成文日期 after its 署名) never
  starts a page alone: the block before it is first set one row shorter by
  tightening its last lines (at most ``max_tracking`` per character); if that
  cannot be done, its last line moves to the next page with it. Sticky blocks in
  a row stay together the same way.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

from .blocks import Block
from .geometry import Geometry
from .memo import tightened as tightened_block

__all__ = ["Geometry", "Placed", "Flow", "distribute", "title_rows"]


class Placed(NamedTuple):
    """A block given its place: ``row`` (grid rows from the block's top) of page ``page`` (0-based)."""

    page: int
    row: float
    block: Block


@dataclass
class Flow:
    """Where the next block goes, and what has been placed."""

    rows: int
    row: float
    page: int = 0
    placed: list[Placed] = field(default_factory=list)

    def new_page(self) -> None:
        self.page += 1
        self.row = 0

    def fits(self, rows: float) -> bool:
        return self.row + rows <= self.rows + 1e-9

    def trial(self) -> "Flow":
        return dataclasses.replace(self, placed=[])

    def place(self, block: Block) -> None:
        """Place ``block`` from here, splitting it over pages where it allows."""
        if self.row > 0 and block.keep_rows and not self.fits(block.rows + block.keep_rows):
            self.new_page()
        while not self.fits(block.rows):
            parts = block.split(self.rows - self.row)
            if parts is not None:
                head, block = parts
                self._add(head)
            elif self.row == 0:
                break  # taller than a page and cannot split: it overflows (the layout reports it)
            self.new_page()
        self._add(block)

    def _add(self, block: Block) -> None:
        self.placed.append(Placed(self.page, self.row, block))
        self.row += block.rows

    @property
    def page_count(self) -> int:
        return self.page + 1


def distribute(blocks: Sequence[Block], rows: int, first_row: float) -> Flow:
    """Place ``blocks`` in order on pages of ``rows`` grid rows, the first from ``first_row``."""
    flow = Flow(rows, first_row)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.new_page and (flow.row > 0 or flow.placed):
            flow.new_page()
        chain = 0.0  # the rows of the sticky blocks that follow, which must stay with this one's end
        later = index + 1  # by index: a slice of the rest, for each block, made pagination quadratic
        while later < len(blocks) and blocks[later].sticky:
            chain += blocks[later].rows
            later += 1
        if following is not None and chain:
            _place_before_sticky(flow, block, chain, following.max_tracking)
        else:
            flow.place(block)
    return flow


def _place_before_sticky(flow: Flow, block: Block, rows: float, max_tracking: int) -> None:
    """Place ``block`` so that the ``rows`` of sticky blocks after it do not open a page alone."""
    trial = flow.trial()
    trial.place(block)
    if trial.fits(rows):
        flow.place(block)
        return
    tightened = tightened_block(block, max_tracking)
    if tightened is not None:
        trial = flow.trial()
        trial.place(tightened)
        block = tightened
        if trial.fits(rows):
            flow.place(block)
            return
    parts = block.split(block.rows - 1)
    if parts is not None:
        flow.place(parts[0])
        block = parts[1]
    if flow.row > 0:  # at a page's top already, a new page would only leave this one blank
        flow.new_page()
    flow.place(block)


def title_rows(lines: int, line_rows: float, before: float, after: float) -> int:
    """Whole rows a title block takes, so the text after it stays on the grid."""
    return math.ceil(before + lines * line_rows + after - 1e-9)
