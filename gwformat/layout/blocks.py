"""Blocks: what the paginator places, and the one small interface it asks them through.

A block says how many grid rows it needs, how many rows of the block after it it
keeps on its page, whether it may open a page alone, where it can split, and how
it places itself once the paginator has given it a row. The paginator
(``paginate.distribute``) never asks what kind of block it holds, so a new content
element is a new block class here, not a branch there.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Protocol

from .geometry import Geometry
from .justify import natural_width, set_line
from .linebreak import Broken, tighten_tail
from ..errors import LayoutError
from .display import display_line, display_width
from .segment import Atom, TextStyle
from .tree import Group, Image, Line

if TYPE_CHECKING:
    from ..pictures import Picture


class Setting(NamedTuple):
    """What every block places itself with: the page's grid and the styles by role."""

    geometry: Geometry
    styles: dict[str, TextStyle]


class Block(Protocol):
    """A piece of content waiting for its rows."""

    @property
    def path(self) -> str:
        """The field the block's content came from."""

    @property
    def rows(self) -> float:
        """Grid rows the block takes when it is not split."""

    @property
    def keep_rows(self) -> float:
        """Rows of the following block that must stand on the same page (a title keeps text with it)."""

    @property
    def sticky(self) -> bool:
        """Never opens a page alone: it stays with the end of the block before it."""

    @property
    def new_page(self) -> bool:
        """Starts a page of its own."""

    @property
    def max_tracking(self) -> int:
        """How much (mpt a character) the block before may be tightened to keep this sticky block with it."""

    def lead_rows(self, rows: float) -> float:
        """Rows of the least first part that holds ``rows`` rows of it (all of it, when it cannot split)."""

    def split(self, rows: float) -> tuple["Block", "Block"] | None:
        """The part that fits in ``rows`` and the rest, or None when it cannot break there."""

    def tightened(self, max_tracking: int) -> "Block | None":
        """The block set one row shorter by tightening its last lines, or None."""

    def place(self, row: float, setting: Setting) -> Group | None:
        """The block's items, its top at grid ``row`` of its page."""


# The bases below are never made themselves: each block class generates its own __init__, __eq__,
# __hash__ and __repr__, so theirs would only cost their creation at every start-up.
@dataclass(frozen=True, kw_only=True, init=False, repr=False, eq=False)
class Flags:
    """What a block keeps with its neighbours (see Block): by default, nothing."""

    #: A title before it keeps its ``min_lines_after`` rows of it: the article's text, a table, a figure.
    keeps_title: ClassVar[bool] = False
    keep_rows: float = 0
    sticky: bool = False
    new_page: bool = False
    max_tracking: int = 0


@dataclass(frozen=True, kw_only=True, init=False, repr=False, eq=False)
class Span(Flags):
    """A run ``start`` to ``end`` of a block's parts (lines, row groups); ``end`` -1 is the last."""

    start: int = 0
    end: int = -1

    def __post_init__(self) -> None:
        if self.end < 0:
            object.__setattr__(self, "end", self.parts)

    @property
    def parts(self) -> int:
        """How many parts the whole block has."""
        raise NotImplementedError

    @property
    def last(self) -> bool:
        return self.end == self.parts


@dataclass(frozen=True, init=False, repr=False, eq=False)
class Fixed(Flags):
    """Defaults of a block that never splits and cannot be tightened."""

    def lead_rows(self, rows: float) -> float:
        whole: float = getattr(self, "rows")  # each kind of fixed block has its rows as a field of its own
        return whole

    def split(self, rows: float) -> tuple[Block, Block] | None:
        return None

    def tightened(self, max_tracking: int) -> Block | None:
        return None


@dataclass(frozen=True)
class SpaceBlock(Fixed):
    """Blank rows (before the 附件说明, before a 署名); at the top of a page they still take their rows."""

    rows: float
    path: str = ""

    def place(self, row: float, setting: Setting) -> Group | None:
        return None


@dataclass(frozen=True)
class BrokenParagraph:
    """A paragraph broken into lines: its atoms, the breaks, and the widths and indents of its lines."""

    atoms: list[Atom]
    lines: list[Broken]
    widths: tuple[int, int]
    indent: int
    path: str
    ident: int
    hang: int = 0
    role: str = "body"  # the style of its lines (a 编者按 or 按语: note)
    group: str = "paragraph"  # what it is in the tree (paragraph, editor_note, note)


@dataclass(frozen=True)
class LinesBlock(Span):
    """Lines ``start`` to ``end`` of a paragraph, one grid row each; it splits between any two lines."""

    paragraph: BrokenParagraph
    keeps_title = True

    @property
    def parts(self) -> int:
        return len(self.paragraph.lines)

    @property
    def path(self) -> str:
        return self.paragraph.path

    @property
    def rows(self) -> float:
        return self.end - self.start

    def lead_rows(self, rows: float) -> float:
        return min(rows, self.rows)

    def split(self, rows: float) -> tuple[Block, Block] | None:
        count = math.floor(rows + 1e-9)
        if count <= 0 or count >= self.rows:
            return None
        middle = self.start + count
        return (dataclasses.replace(self, end=middle),
                dataclasses.replace(self, start=middle, new_page=False))

    def tightened(self, max_tracking: int) -> Block | None:
        paragraph = self.paragraph
        if self.start or not self.last:
            return None
        lines = tighten_tail(paragraph.atoms, paragraph.widths, paragraph.lines, max_tracking)
        if lines is None:
            return None
        return dataclasses.replace(self, paragraph=dataclasses.replace(paragraph, lines=lines), end=len(lines))

    def place(self, row: float, setting: Setting) -> Group:
        paragraph, geometry = self.paragraph, setting.geometry
        style = setting.styles[paragraph.role]
        out = []
        for index in range(self.start, self.end):
            broken = paragraph.lines[index]
            at = row + index - self.start
            last = index == len(paragraph.lines) - 1
            first = index == 0
            baseline = geometry.baseline(at, 1, style.size, style.typeface.main)
            x0 = geometry.left + (paragraph.indent if first else paragraph.hang)
            width = paragraph.widths[0 if first else 1]
            out.append(set_line(paragraph.atoms[broken.start:broken.end], x0, width, baseline, not last,
                                extra=broken.extra, path=paragraph.path, paragraph=paragraph.ident, last=last,
                                role=paragraph.role, band=geometry.band(at)))
        return Group(paragraph.group, paragraph.path, tuple(out), continued=self.start > 0)


@dataclass(frozen=True)
class TitleBlock(Fixed):
    """An article's title: centred lines of ``line_rows`` rows each, in whole rows with the space around it."""

    path: str
    lines: tuple[tuple[Atom, ...], ...]
    rows: float
    line_rows: float
    rows_before: float

    def place(self, row: float, setting: Setting) -> Group:
        geometry = setting.geometry
        style = setting.styles["title"]
        out = []
        for i, pieces in enumerate(self.lines):
            at = row + self.rows_before + i * self.line_rows
            baseline = geometry.baseline(at, self.line_rows, style.size, style.typeface.main)
            width = natural_width(list(pieces))
            x0 = geometry.left + (geometry.width - width) // 2
            out.append(set_line(list(pieces), x0, width, baseline, False, path=self.path,
                                band=geometry.band(at, self.line_rows)))
        return Group("title", self.path, tuple(out))


@dataclass(frozen=True)
class LineBlock(Fixed):
    """One line of display text on a grid row, at one side: a signature, a 署名 or date, a label.

    With ``over`` (the line after it, set the same way) it is centred over that line, as far
    as the block's right edge allows.
    """

    path: str
    text: str
    style: str
    align: str
    indent_chars: float
    role: str
    rows: float = 1
    over: "LineBlock | None" = None
    seal: Picture | None = None
    seal_width: int = 0
    rows_above: float = 0
    seal_place: str = "over"
    seal_gap_chars: float = 0
    row: tuple[str, ...] = ()  # the other organs' 署名 left of this one, each under its seal (7.3.5.1)
    row_seals: tuple[Picture, ...] = ()
    row_gap: int = 0

    def line(self, baseline: int, setting: Setting) -> Line:
        geometry = setting.geometry
        indent = round(self.indent_chars * geometry.char_pitch)
        if self.seal is not None and self.seal_place == "beside":  # the text stands left of the seal
            indent += self.seal_width + round(self.seal_gap_chars * geometry.char_pitch)
        align = "right" if self.align == "over_next" else self.align
        return display_line(self.text, setting.styles[self.style], 0, align, baseline, geometry.left + indent,
                            geometry.right - indent, path=self.path)

    def place(self, row: float, setting: Setting) -> Group:
        geometry = setting.geometry
        style = setting.styles[self.style]
        line = self.line(geometry.baseline(row, 1, style.size, style.typeface.main), setting)
        if self.over is not None:
            below = self.over.line(0, setting)
            shift = min((below.x0 + below.x1) // 2 - (line.x0 + line.x1) // 2, geometry.right - line.x1)
            line = dataclasses.replace(line, x0=line.x0 + shift, x1=line.x1 + shift,
                                       glyphs=tuple(dataclasses.replace(g, x=g.x + shift) for g in line.glyphs))
        items: tuple[Line | Image, ...] = (dataclasses.replace(line, role=self.role, band=geometry.band(row)),)
        if self.seal is not None:
            items += (self._beside(row, geometry) if self.seal_place == "beside" else
                      self._seal(self.seal, (line.x0 + line.x1) // 2, row, geometry),)
        if self.row:
            items = self._row(line, style, row, geometry) + items
        return Group(self.role, self.path, items)

    def _row(self, last: Line, style: TextStyle, row: float, geometry: Geometry) -> tuple[Line | Image, ...]:
        """The other organs' 署名 on the row of the last one, in order from the left, each under its seal:
        neighbours a seal's width (or their names' half widths) and the gap apart, so that neither seals
        nor names touch: 整齐排列, 一一对应, 互不相交或相切 (GB/T 9704-2012, 7.3.5.1)."""
        out: list[Line | Image] = []
        centre, width = (last.x0 + last.x1) // 2, last.x1 - last.x0
        for k in range(len(self.row) - 1, -1, -1):  # from the right, so each knows its neighbour
            own = display_width(self.row[k], style)
            centre -= max(self.seal_width, (own + width) // 2) + self.row_gap
            width, x0 = own, centre - own // 2
            if min(x0, centre - self.seal_width // 2) < geometry.left:
                raise LayoutError(f"the 署名 and seals of {len(self.row) + 1} organs do not fit one row of the block "
                                  "(more rows of seals are not supported yet)", self.path)
            line = display_line(self.row[k], style, 0, "left", last.baseline, x0, x0 + own, path=self.path)
            out[0:0] = [dataclasses.replace(line, role=self.role, band=geometry.band(row))]
            if k < len(self.row_seals):
                out.append(self._seal(self.row_seals[k], centre, row, geometry))
        return tuple(out)

    def _beside(self, row: float, geometry: Geometry) -> Image:
        """A 签名章 at the line's indent from the right edge, centred on the line's row, so that the
        签发人职务 left of it is centred on it (GB/T 9704-2012, 7.3.5.3)."""
        assert self.seal is not None
        natural_w, natural_h = self.seal.shown_size_pt
        height = round(self.seal_width * natural_h / natural_w)
        right = geometry.right - round(self.indent_chars * geometry.char_pitch)
        top, bottom = geometry.band(row)
        return Image("seal", right - self.seal_width, (top + bottom - height) // 2, self.seal_width, height, self.seal)

    def _seal(self, seal: Picture, centre: int, row: float, geometry: Geometry) -> Image:
        """A seal centred on ``centre``, over its 署名 (and so over the date the 署名 is centred over), its
        top in the blank rows above, within a line of the text (GB/T 9704-2012, 7.3.5.1)."""
        natural_w, natural_h = seal.shown_size_pt
        height = round(self.seal_width * natural_h / natural_w)
        top = max(geometry.top, geometry.row_top(row - self.rows_above))
        return Image("seal", centre - self.seal_width // 2, top, self.seal_width, height, seal)


@dataclass(frozen=True)
class ColumnBlock(LineBlock):
    """A 栏目 label: a line of display text ``rows_before`` blank rows under the block's top row.

    It keeps with it (``keep_rows``, set by collect) its article's title and the lines the
    title keeps, so that it never ends a page alone.
    """

    rows_before: float = 0

    def place(self, row: float, setting: Setting) -> Group:
        return super().place(row + self.rows_before, setting)
