"""Figures: a picture and its caption, one block that never splits, centred in the text block.

The picture keeps its aspect ratio. It is never wider than the block, nor so tall that
it and its caption would not fit a page; the block takes whole grid rows, so the text
after it stays on the grid. A figure that does not fit moves to the next page whole,
and the text after it follows it rather than filling the gap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..realize import FigureText
from .blocks import Fixed, Setting
from .justify import natural_width, set_line
from .linebreak import break_lines
from .segment import Atom, atoms, normalize
from .tree import Group, Image, Line, mm, pt


@dataclass(frozen=True)
class FigureBlock(Fixed):
    """A measured figure: the picture's size and its caption's lines."""

    path: str
    item: FigureText
    width: int
    height: int
    caption: tuple[tuple[Atom, ...], ...]
    gap: int
    rows: float
    keeps_title = True

    def place(self, row: float, setting: Setting) -> Group:
        geometry = setting.geometry
        top = geometry.row_top(row)
        x = geometry.left + (geometry.width - self.width) // 2
        items: list[Image | Line] = [Image("figure", x, top, self.width, self.height, self.item.picture)]
        y = top + self.height + self.gap
        style = setting.styles["caption"]
        for pieces in self.caption:
            line = list(pieces)
            width = natural_width(line)
            baseline = y + (geometry.row_pitch - style.size) // 2 + style.typeface.main.em_ascent(style.size)
            items.append(set_line(line, geometry.left + (geometry.width - width) // 2, width, baseline, False,
                                  path=f"{self.path}.caption", role="caption", band=(y, y + geometry.row_pitch)))
            y += geometry.row_pitch
        return Group("figure", self.path, tuple(items), box=(geometry.left, top, geometry.right, y))


def measure_figure(item: FigureText, setting: Setting) -> FigureBlock:
    """The figure's size: as asked (or the file's own), no wider than the block and no taller than a page."""
    geometry, style = setting.geometry, setting.styles["caption"]
    caption: tuple[tuple[Atom, ...], ...] = ()
    if item.caption:
        pieces = atoms(normalize(item.caption), style, f"{item.path}.caption")
        caption = tuple(tuple(pieces[b.start:b.end]) for b in break_lines(pieces, (geometry.width, geometry.width)))
    natural_w, natural_h = item.picture.shown_size_pt
    width = mm(item.width_mm) if item.width_mm else pt(natural_w)
    width = min(width, geometry.width)
    height = round(width * natural_h / natural_w)
    gap = pt(item.gap_pt) if caption else 0
    room = geometry.rows * geometry.row_pitch - gap - len(caption) * geometry.row_pitch
    if height > room:
        height = room
        width = round(height * natural_w / natural_h)
    total = height + gap + len(caption) * geometry.row_pitch
    return FigureBlock(item.path, item, width, height, caption, gap, math.ceil(total / geometry.row_pitch - 1e-6))
