"""Tables: cells measured once, then a block that breaks between rows and repeats its header.

A table is set on its own line pitch (the kind's ``table.line_pitch_pt``), not on the
body's grid, which would burst its rows; its last piece takes whole grid rows, so the
text after it returns to the grid. Cells wrap with the body's 避头尾 and compression
(linebreak.break_lines). A piece that continues a table on a new page repeats the
header rows under a 续表 line. The title stays with the first rows, the note with the
last row, and rows joined by a rowspan stay together.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Mapping

from ..elements import Cell
from ..emphasis import Marked
from ..fonts import Typeface
from ..errors import OversizeError
from ..realize import TableText
from .blocks import Block, Setting, Span
from .display import display_line
from .geometry import Geometry
from .justify import natural_width, set_line
from .linebreak import break_lines
from .segment import Atom, TextStyle, atoms, normalize, normalize_marked
from .tree import GRID_UNIT, CellGroup, Group, Line, Rule, TableGroup, pt, to_mm


@dataclass(frozen=True)
class CellBox:
    """A cell measured: its place in the grid of columns and rows, and its text broken into lines."""

    path: str
    row: int
    column: int
    colspan: int
    rowspan: int
    lines: tuple[tuple[Atom, ...], ...]
    align: str
    shift: int  # for decimal alignment: how far left of the inner right edge the line ends
    role: str


@dataclass(frozen=True)
class MeasuredTable:
    """A table with every cell broken and every row's height known (millipoints)."""

    path: str
    edges: tuple[int, ...]  # x of each column boundary, from the block's left
    header: tuple[CellBox, ...]
    header_heights: tuple[int, ...]
    body: tuple[CellBox, ...]
    heights: tuple[int, ...]
    groups: tuple[tuple[int, int], ...]  # body rows [start, end) that a rowspan holds together
    title: tuple[tuple[Atom, ...], ...]
    note: tuple[tuple[Atom, ...], ...]
    continued: str
    continued_align: str
    pitch: int
    padding: int
    padding_x: int
    border: int
    row_pitch: int

    @property
    def title_height(self) -> int:
        return len(self.title) * self.row_pitch

    @property
    def note_height(self) -> int:
        return len(self.note) * self.pitch + (self.padding if self.note else 0)

    def height(self, first: int, end: int, continued: bool) -> int:
        """Height of the piece holding row groups ``first`` to ``end``."""
        rows = range(self.groups[first][0], self.groups[end - 1][1]) if end > first else range(0)
        return ((self.pitch if continued else self.title_height) + sum(self.header_heights)
                + sum(self.heights[r] for r in rows) + (self.note_height if end == len(self.groups) else 0))


def measure(item: TableText, setting: Setting) -> MeasuredTable:
    """Break every cell of ``item`` and size its rows; a row taller than a page is an error, with its place."""
    geometry, styles = setting.geometry, setting.styles
    table, spec = item.table, item.spec
    pitch, padding, border = pt(spec.line_pitch_pt), pt(spec.padding_pt), pt(spec.border_pt)
    padding_x = round(spec.padding_chars * styles["table"].size)
    edges = _edges(table.widths or [1.0] * table.columns, geometry.width)
    aligns: list[str | None] = list(table.align) if table.align else [None] * table.columns
    texts = _Texts(item.cells, styles["emphasis"].typeface)
    header = _cells(table.header, f"{item.path}.header", edges, padding_x, styles["table_header"],
                    ["center"] * table.columns, texts)
    body = _cells(table.rows, f"{item.path}.rows", edges, padding_x, styles["table"], aligns, texts)
    header_heights = _heights(header, len(table.header), pitch, padding)
    heights = _heights(body, len(table.rows), pitch, padding)
    width = geometry.width
    title = _wrapped(table.title, styles["table_title"], f"{item.path}.title", width)
    note = _wrapped(table.note, styles["table"], f"{item.path}.note", width)
    measured = MeasuredTable(item.path, edges, header, header_heights, body, heights, _groups(body, len(table.rows)),
                             title, note, item.continued, spec.continued_align, pitch, padding, padding_x, border,
                             geometry.row_pitch)
    page = geometry.rows * geometry.row_pitch
    for index, (start, end) in enumerate(measured.groups):
        alone = measured.height(index, index + 1, True) - (measured.note_height if end == len(table.rows) else 0)
        if alone > page:
            name = f"table row {start + 1}" + (f" of “{table.title}”" if table.title else "")
            raise OversizeError(f"{name} is {to_mm(alone):.0f} mm tall with the header, taller than the "
                                f"{'横排 ' if table.landscape else ''}page's text block ({to_mm(page):.0f} mm)",
                                item.row_places[start] if item.row_places else f"{item.path}.rows[{start}]")
    return measured


def _edges(widths: list[float], total: int) -> tuple[int, ...]:
    """Column boundaries in whole twips (so the DOCX grid is the same), the last one at the block's edge."""
    whole = sum(widths)
    edges, running = [0], 0.0
    for width in widths[:-1]:
        running += width
        edges.append(round(total * running / whole / GRID_UNIT) * GRID_UNIT)
    edges.append(total)
    return tuple(edges)


@dataclass(frozen=True)
class _Texts:
    """The cells' texts as realized (their markers read), and the face their emphasis is set in."""

    cells: Mapping[str, Marked]
    strong: Typeface

    def atoms(self, cell: Cell, style: TextStyle, path: str) -> list[Atom]:
        typed = self.cells.get(path, Marked(cell.text))
        text, spans = normalize_marked(typed.text, typed.spans)
        return atoms(text, style, path, spans=spans, strong=self.strong)


def _cells(rows: list[list[Cell]], path: str, edges: tuple[int, ...], padding_x: int, style: TextStyle,
           aligns: list[str | None], texts: _Texts) -> tuple[CellBox, ...]:
    out: list[CellBox] = []
    below: dict[int, int] = {}
    for r, row in enumerate(rows):
        column = 0
        for c, cell in enumerate(row):
            while below.get(column, 0) > 0:
                column += 1
            inner = edges[column + cell.colspan] - edges[column] - 2 * padding_x
            pieces = texts.atoms(cell, style, f"{path}[{r}][{c}]") if cell.text else []
            lines = tuple(tuple(pieces[b.start:b.end]) for b in break_lines(pieces, (inner, inner))) if pieces else ()
            align = aligns[column] or ("right" if cell.numeric else "center")
            out.append(CellBox(f"{path}[{r}][{c}]", r, column, cell.colspan, cell.rowspan, lines, align, 0,
                               style.role))
            for k in range(column, column + cell.colspan):
                below[k] = cell.rowspan
            column += cell.colspan
        below = {k: left - 1 for k, left in below.items() if left > 1}
    return _decimal(tuple(out))


def _decimal(cells: tuple[CellBox, ...]) -> tuple[CellBox, ...]:
    """Cells of a decimal-aligned column, shifted so that their decimal points line up."""
    def tail(cell: CellBox) -> int:
        text = "".join(a.text for line in cell.lines[-1:] for a in line)
        if "." not in text or not cell.lines:
            return 0
        style = cell.lines[-1][0].style
        return natural_width(atoms(text[text.index("."):], style, cell.path))

    widest: dict[int, int] = {}
    for cell in cells:
        if cell.align == "decimal":
            widest[cell.column] = max(widest.get(cell.column, 0), tail(cell))
    return tuple(dataclasses.replace(cell, shift=widest[cell.column] - tail(cell)) if cell.align == "decimal"
                 else cell for cell in cells)


def _heights(cells: tuple[CellBox, ...], count: int, pitch: int, padding: int) -> tuple[int, ...]:
    """Each row's height: its tallest cell; a cell spanning rows adds what it lacks to the last of them."""
    heights = [pitch + 2 * padding] * count
    for cell in cells:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], len(cell.lines) * pitch + 2 * padding)
    for cell in cells:
        if cell.rowspan > 1:
            need = len(cell.lines) * pitch + 2 * padding
            have = sum(heights[cell.row:cell.row + cell.rowspan])
            if need > have:
                heights[cell.row + cell.rowspan - 1] += need - have
    return tuple(heights)


def _groups(cells: tuple[CellBox, ...], count: int) -> tuple[tuple[int, int], ...]:
    """Runs of body rows a rowspan joins: a page may break only between them."""
    reach = list(range(1, count + 1))
    for cell in cells:
        reach[cell.row] = max(reach[cell.row], cell.row + cell.rowspan)
    groups, start, end = [], 0, 0
    for row in range(count):
        end = max(end, reach[row])
        if row + 1 == end:
            groups.append((start, end))
            start = end
    return tuple(groups)


def _wrapped(text: str | None, style: TextStyle, path: str, width: int) -> tuple[tuple[Atom, ...], ...]:
    if not text:
        return ()
    pieces = atoms(normalize(text), style, path)
    return tuple(tuple(pieces[b.start:b.end]) for b in break_lines(pieces, (width, width)))


@dataclass(frozen=True)
class TableBlock(Span):
    """Row groups ``start`` to ``end`` of a table; ``continued`` when it goes on from the page before.

    Placed, it is a TableGroup of a ``caption`` (its title) or ``continued`` (续表) group,
    the ``header`` group, ``row`` groups of CellGroups, a ``note`` group and the rules.
    """

    table: MeasuredTable
    continued: bool = False
    keeps_title = True

    @property
    def parts(self) -> int:
        return len(self.table.groups)

    @property
    def path(self) -> str:
        return self.table.path

    @property
    def rows(self) -> float:
        exact = self.table.height(self.start, self.end, self.continued) / self.table.row_pitch
        return math.ceil(exact - 1e-6) if self.last else exact  # after the table, the text is on the grid again

    def lead_rows(self, rows: float) -> float:
        """The title, the header and the first rows: a title before the table keeps them with it."""
        return math.ceil(self.table.height(self.start, self.start + 1, self.continued) / self.table.row_pitch - 1e-6)

    def split(self, rows: float) -> tuple[Block, Block] | None:
        room = rows * self.table.row_pitch + 1
        count = 0
        while self.start + count + 1 < self.end and \
                self.table.height(self.start, self.start + count + 1, self.continued) <= room:
            count += 1  # the last group stays for the rest: the note goes with the last row
        if count == 0:
            return None
        middle = self.start + count
        return (dataclasses.replace(self, end=middle),
                dataclasses.replace(self, start=middle, continued=True, new_page=False))

    def tightened(self, max_tracking: int) -> Block | None:
        return None

    def place(self, row: float, setting: Setting) -> Group:
        table, geometry = self.table, setting.geometry
        y = geometry.row_top(row)
        items: list[Line | Rule | Group] = []
        if self.continued:
            style = setting.styles["table"]
            line = display_line(table.continued, style, 0, table.continued_align, _baseline(y, table.pitch, style),
                                geometry.left, geometry.right, path=table.path)
            items.append(Group("continued", table.path, (dataclasses.replace(line, role="table",
                                                                             band=(y, y + table.pitch)),)))
            y += table.pitch
        elif table.title:
            style = setting.styles["table_title"]
            lines = []
            for pieces in table.title:
                width = natural_width(list(pieces))
                lines.append(set_line(list(pieces), geometry.left + (geometry.width - width) // 2, width,
                                      _baseline(y, table.row_pitch, style), False, path=table.path + ".title",
                                      role="table_title", band=(y, y + table.row_pitch)))
                y += table.row_pitch
            items.append(Group("caption", table.path + ".title", tuple(lines)))
        boxes: list[tuple[int, int, int, int]] = []
        header, y = _rows(table.header, table.header_heights, range(len(table.header_heights)), y, table, geometry,
                          boxes, f"{table.path}.header")
        items.append(Group("header", f"{table.path}.header", header))
        start, stop = table.groups[self.start][0], table.groups[self.end - 1][1]
        body, y = _rows(table.body, table.heights, range(start, stop), y, table, geometry, boxes, f"{table.path}.rows")
        items += body
        if self.last and table.note:
            style = setting.styles["table"]
            y += table.padding
            notes = []
            for pieces in table.note:
                notes.append(set_line(list(pieces), geometry.left, natural_width(list(pieces)),
                                      _baseline(y, table.pitch, style), False, path=table.path + ".note",
                                      role="table", band=(y, y + table.pitch)))
                y += table.pitch
            items.append(Group("note", table.path + ".note", tuple(notes)))
        items += _borders(boxes, table.border)
        edges = tuple(geometry.left + edge for edge in table.edges)
        return TableGroup("table", table.path, tuple(items), continued=self.continued,
                          box=(edges[0], geometry.row_top(row), edges[-1], y), edges=edges, padding_x=table.padding_x)


def _baseline(top: int, pitch: int, style: TextStyle) -> int:
    return top + (pitch - style.size) // 2 + style.typeface.main.em_ascent(style.size)


def _rows(cells: tuple[CellBox, ...], heights: tuple[int, ...], rows: range, top: int, table: MeasuredTable,
          geometry: Geometry, boxes: list[tuple[int, int, int, int]], path: str) -> tuple[tuple[Group, ...], int]:
    """The groups of ``rows`` from ``top``, each of its cells' lines; the cells' boxes go into ``boxes``."""
    tops = {row: top + sum(heights[rows.start:row]) for row in rows}
    out = []
    for row in rows:
        groups = []
        for cell in (c for c in cells if c.row == row):
            x0, x1 = geometry.left + table.edges[cell.column], geometry.left + table.edges[cell.column + cell.colspan]
            span = range(row, min(row + cell.rowspan, rows.stop))
            y0, y1 = tops[row], tops[row] + sum(heights[r] for r in span)
            boxes.append((x0, y0, x1, y1))
            groups.append(CellGroup("cell", cell.path, _cell_lines(cell, x0, x1, y0, y1, table), box=(x0, y0, x1, y1),
                                    column=cell.column, colspan=cell.colspan, rowspan=cell.rowspan, align=cell.align))
        out.append(Group("row", f"{path}[{row}]", tuple(groups),
                         box=(geometry.left, tops[row], geometry.right, tops[row] + heights[row])))
    return tuple(out), top + sum(heights[r] for r in rows)


def _cell_lines(cell: CellBox, x0: int, x1: int, y0: int, y1: int, table: MeasuredTable) -> tuple[Line, ...]:
    """The cell's lines, centred in its box from top to bottom and aligned across it."""
    top = y0 + (y1 - y0 - len(cell.lines) * table.pitch) // 2
    out = []
    for index, pieces in enumerate(cell.lines):
        line = list(pieces)
        width = natural_width(line)
        left, right = x0 + table.padding_x, x1 - table.padding_x
        if cell.align == "left":
            start = left
        elif cell.align == "center":
            start = left + (right - left - width) // 2
        else:
            start = right - width - cell.shift
        band_top = top + index * table.pitch
        out.append(set_line(line, start, width, _baseline(band_top, table.pitch, line[0].style), False,
                            path=cell.path, role=cell.role, band=(band_top, band_top + table.pitch)))
    return tuple(out)


def _borders(boxes: list[tuple[int, int, int, int]], thickness: int) -> list[Rule]:
    """The cells' edges as rules, each edge once, touching pieces of one line joined."""
    horizontal: dict[int, list[tuple[int, int]]] = {}
    vertical: dict[int, list[tuple[int, int]]] = {}
    for x0, y0, x1, y1 in boxes:
        for y in (y0, y1):
            horizontal.setdefault(y, []).append((x0, x1))
        for x in (x0, x1):
            vertical.setdefault(x, []).append((y0, y1))
    rules = [Rule("table", a, b, y, thickness, "#000000") for y, spans in sorted(horizontal.items())
             for a, b in _joined(spans)]
    rules += [Rule("table", x, x, a, thickness, "#000000", y1=b) for x, spans in sorted(vertical.items())
              for a, b in _joined(spans)]
    return rules


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class TurnedTableBlock:
    """A 横排 table (GB/T 9704-2012, 8): pieces of ``table`` set on the turned block, one whole page each.

    The table is measured on the turned grid (Geometry.turned) and breaks between rows on it,
    repeating its header under 续表 as upright. To the paginator each piece is a whole page of
    ``page_rows``: the table opens a page, and what follows it starts on a portrait page again.
    """

    table: TableBlock
    page_rows: int
    turned_rows: int
    path: str = ""
    keep_rows: float = 0
    sticky: bool = False
    new_page: bool = True
    max_tracking: int = 0

    @property
    def pages(self) -> int:
        """The turned pages the table takes."""
        count, rest = 1, self.table
        while rest.rows > self.turned_rows + 1e-9:
            parts = rest.split(self.turned_rows)
            if parts is None:
                break  # a row group taller than the turned block: measure() has refused it already
            rest = parts[1]  # type: ignore[assignment]  # a TableBlock's parts are TableBlocks
            count += 1
        return count

    @property
    def rows(self) -> float:
        return self.pages * self.page_rows

    def lead_rows(self, rows: float) -> float:
        return self.rows

    def split(self, rows: float) -> tuple[Block, Block] | None:
        """The first turned page and the rest, when the flow offers a whole page."""
        if rows < self.page_rows - 1e-9:
            return None
        parts = self.table.split(self.turned_rows)
        if parts is None:
            return None
        head, rest = parts
        assert isinstance(head, TableBlock) and isinstance(rest, TableBlock)
        return (dataclasses.replace(self, table=head), dataclasses.replace(self, table=rest, new_page=False))

    def tightened(self, max_tracking: int) -> Block | None:
        return None

    def place(self, row: float, setting: Setting) -> Group:
        """The piece on its turned page, its items in the turned frame (Page.turn maps them onto the sheet)."""
        turned = Setting(setting.geometry.turned(), setting.styles)
        group = self.table.place(0, turned)
        assert isinstance(group, TableGroup)
        return dataclasses.replace(group, landscape=True)


def turned_table(item: TableText, setting: Setting) -> TurnedTableBlock:
    """The block of a 横排 table: measured on the turned block, so a row too tall for it is refused there."""
    turned = Setting(setting.geometry.turned(), setting.styles)
    return TurnedTableBlock(TableBlock(measure(item, turned)), setting.geometry.rows, turned.geometry.rows,
                            item.path)
