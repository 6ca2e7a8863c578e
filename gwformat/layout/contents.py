"""The 本期要目 (table of contents of a 简报): its lines measured, and the block that places them.

Only an issue whose kind prints a 要目 loads this module (layout.collect asks for it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LayoutError
from ..realize import ContentsText, Realized
from .blocks import Fixed, Setting
from .justify import natural_width, set_line
from .linebreak import break_lines
from .segment import Atom, atoms, normalize
from .tree import Group


@dataclass(frozen=True)
class ContentsLine:
    """A line of the 本期要目 on its grid row: its atoms from ``x`` (block units), justified or not.

    ``role`` is the line's (contents_heading, contents_column, contents); its atoms carry their style.
    """

    role: str
    pieces: tuple[Atom, ...]
    x: int
    width: int
    justify: bool
    path: str
    align: str = "left"


@dataclass(frozen=True)
class ContentsBlock(Fixed):
    """本期要目: its heading, 栏目 labels and titles, a grid row each, kept whole (see templates/jianbao.yaml)."""

    path: str
    lines: tuple[ContentsLine, ...]
    rows: float

    def place(self, row: float, setting: Setting) -> Group:
        geometry = setting.geometry
        out = []
        for index, line in enumerate(self.lines):
            at = row + index
            style = line.pieces[0].style
            baseline = geometry.baseline(at, 1, style.size, style.typeface.main)
            width = line.width if line.justify else natural_width(list(line.pieces))
            x0 = geometry.left + line.x + ((geometry.width - width) // 2 if line.align == "center" else 0)
            out.append(set_line(list(line.pieces), x0, width, baseline, line.justify, path=line.path,
                                role=line.role, band=geometry.band(at)))
        return Group("contents", self.path, tuple(out))


def contents(item: ContentsText, realized: Realized, setting: Setting) -> ContentsBlock:
    """The 要目's lines: the heading centred, each 栏目 and title on rows of its own, a long title wrapped.

    The list is never split; one taller than page 1 under the masthead is refused with what fits.
    """
    geometry, styles, spec = setting.geometry, setting.styles, item.spec
    heading = tuple(atoms(normalize(item.heading), styles["contents_heading"], item.path))
    lines = [ContentsLine("contents_heading", heading, 0, geometry.width, False, item.path, "center")]
    for entry in item.entries:
        role = "contents_column" if entry.column else "contents"
        indent = round((spec.column_indent_chars if entry.column else spec.entry_indent_chars) * geometry.char_pitch)
        width = geometry.width - indent
        pieces = atoms(normalize(entry.text), styles["column" if entry.column else "contents"], entry.path)
        broken = break_lines(pieces, (width, width))
        for n, b in enumerate(broken):
            lines.append(ContentsLine(role, tuple(pieces[b.start:b.end]), indent, width, n < len(broken) - 1,
                                      entry.path))
    room = geometry.rows - realized.masthead.rows - spec.rows_after
    if len(lines) > room:
        raise LayoutError(f"the 本期要目 takes {len(lines)} lines and page 1 holds {room:g} under the masthead: it "
                          "stands whole on page 1, so shorten the titles or list fewer articles", item.path)
    return ContentsBlock(item.path, tuple(lines), len(lines) + spec.rows_after)
