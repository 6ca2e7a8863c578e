"""Collect: realized content becomes blocks, paragraphs broken into lines and titles split, ready to place.

Each kind of realized content has one builder in ``_BUILDERS``; the paginator then
sees only the blocks' common interface (blocks.Block).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Iterator

from ..errors import LayoutError
from ..realize import (ClosingText, ColumnText, ContentsText, FigureText, ParagraphText, Realized, Space, TableText,
                       TitleText)
from ..reuse import Memo
from .blocks import (Block, BrokenParagraph, ColumnBlock, Flags, LineBlock, LinesBlock, Setting, SpaceBlock,
                     TitleBlock)
from .linebreak import break_lines
from .paginate import title_rows
from .segment import Atom, atoms, normalize, normalize_marked
from .titles import split_title
from .tree import mm, pt


def collect(realized: Realized, setting: Setting) -> list[Block]:
    """The blocks of ``realized``'s content, in order; a title keeps lines of the paragraph after it."""
    blocks: list[Block] = []
    for item in realized.content:
        blocks.append(_BUILDERS[type(item)](item, realized, setting))
    for index, block in enumerate(blocks):
        if isinstance(block, TitleBlock) and block.keep_rows:
            following = next((b for b in _after(blocks, index) if not isinstance(b, SpaceBlock)), None)
            keep: float = (following.lead_rows(block.keep_rows)
                           if isinstance(following, Flags) and following.keeps_title else 0)
            blocks[index] = dataclasses.replace(block, keep_rows=keep)
    for index, block in enumerate(blocks):
        if isinstance(block, ColumnBlock):  # a 栏目 label keeps its article's title and what the title keeps
            keep = 0.0
            for later in _after(blocks, index):
                keep += later.rows
                if isinstance(later, TitleBlock):
                    keep += later.keep_rows
                    break
            blocks[index] = dataclasses.replace(block, keep_rows=keep)
    return blocks



def _after(blocks: list[Block], index: int) -> Iterator[Block]:
    """The blocks after ``blocks[index]``, in order, without copying them (a slice for each title
    made collecting quadratic in the articles)."""
    return (blocks[later] for later in range(index + 1, len(blocks)))


def _title(item: TitleText, realized: Realized, setting: Setting) -> Block:
    """The title's lines: as the input splits it, or split by meaning (layout.titles).

    A title starts a page rather than leave its first lines of text behind, so one taller
    than a page with those lines can never be set: it is refused.
    """
    spec = item.spec
    most = 0
    while (title_rows(most + 1, spec.line_rows, spec.rows_before, spec.rows_after) + spec.min_lines_after
           <= setting.geometry.rows):
        most += 1
    fits = (f"at most {most} lines of {spec.max_chars} characters fit a page with the "
            f"{spec.min_lines_after} lines of text a title keeps with it")
    given = item.lines
    if given is None:
        text = normalize(item.text)
        if math.ceil(len(text) / spec.max_chars) > most:
            raise LayoutError(f"a title of {len(text)} characters is too long: {fits}", item.path)
        given = _SPLITS.get((text, spec.max_chars, most), lambda: tuple(split_title(text, spec.max_chars, most)))
    if len(given) > most:
        raise LayoutError(f"a title of {len(given)} lines is too long: {fits}", item.path)
    style = setting.styles["title"]
    lines = _TITLE_ATOMS.get((given, style, item.path), lambda: tuple(
        tuple(atoms(normalize(line), style, item.path)) for line in given))
    return TitleBlock(item.path, lines,
                      title_rows(len(lines), spec.line_rows, spec.rows_before, spec.rows_after),
                      spec.line_rows, spec.rows_before, keep_rows=spec.min_lines_after, new_page=item.new_page)


#: Titles split by meaning, and paragraphs broken into lines, by everything they depend on:
#: a rebuild breaks only the paragraphs an edit changed (gwformat.reuse).
_SPLITS: Memo[tuple[str, ...]] = Memo(1024)
_TITLE_ATOMS: Memo[tuple[tuple[Atom, ...], ...]] = Memo(1024)
_BROKEN: Memo[BrokenParagraph] = Memo(8192)


def _paragraph(item: ParagraphText, realized: Realized, setting: Setting) -> Block:
    styles = setting.styles
    heading = styles[item.heading_role or f"heading{item.level}"] if item.heading else None
    key = (item, styles[item.role], heading, styles["emphasis"], realized.paragraph.indent_chars, setting.geometry)
    return LinesBlock(_BROKEN.get(key, lambda: _broken(item, realized, setting)))


def _broken(item: ParagraphText, realized: Realized, setting: Setting) -> BrokenParagraph:
    geometry, styles = setting.geometry, setting.styles
    pieces = []
    offset = 0
    strong = styles["emphasis"].typeface
    if item.heading:
        heading, spans = normalize_marked(item.heading, item.heading_spans)
        pieces += atoms(heading, styles[item.heading_role or f"heading{item.level}"], item.path + ".heading", spans=spans, strong=strong)
        offset = len(heading)
    if item.text:
        text, spans = normalize_marked(item.text, item.spans)
        pieces += atoms(text, styles[item.role], item.path + ".text", start=offset, spans=spans, strong=strong)
    first = realized.paragraph.indent_chars if item.indent_chars is None else item.indent_chars
    indent = round(first * geometry.char_pitch)
    hang = round(item.hang_chars * geometry.char_pitch)
    widths = (geometry.width - indent, geometry.width - hang)
    return BrokenParagraph(pieces, break_lines(pieces, widths), widths, indent, item.path, item.ident, hang,
                           item.role, item.group)


def _line(item: ClosingText, realized: Realized, setting: Setting) -> LineBlock:
    over = _line(item.over, realized, setting) if item.over is not None else None
    return LineBlock(item.path, item.text, item.style, item.align, item.indent_chars, item.role,
                     sticky=item.sticky, new_page=item.new_page, max_tracking=pt(item.max_tracking_pt), over=over,
                     seal=item.seal, seal_width=mm(item.seal_width_mm), rows_above=item.rows_above,
                     seal_place=item.seal_place, seal_gap_chars=item.seal_gap_chars, row=item.row,
                     row_seals=item.row_seals, row_gap=mm(item.row_gap_mm))


def _column(item: ColumnText, realized: Realized, setting: Setting) -> Block:
    spec = item.spec
    return ColumnBlock(item.path, item.text, "column", spec.align, spec.indent_chars, "column",
                       rows=spec.rows_before + 1, rows_before=spec.rows_before, new_page=item.new_page)


def _contents(item: ContentsText, realized: Realized, setting: Setting) -> Block:
    from .contents import contents  # loads only for an issue that has a 本期要目

    return contents(item, realized, setting)


def _table(item: TableText, realized: Realized, setting: Setting) -> Block:
    from .table import TableBlock, measure, turned_table  # loads only for an issue that has a table

    if item.table.landscape:
        return turned_table(item, setting)
    return TableBlock(measure(item, setting))


def _figure(item: FigureText, realized: Realized, setting: Setting) -> Block:
    from .figure import measure_figure  # loads only for an issue that has a figure

    return measure_figure(item, setting)


def _space(item: Space, realized: Realized, setting: Setting) -> Block:
    return SpaceBlock(item.rows)


_BUILDERS: dict[type, Callable[..., Block]] = {
    TitleText: _title,
    ParagraphText: _paragraph,
    ClosingText: _line,
    TableText: _table,
    FigureText: _figure,
    Space: _space,
    ColumnText: _column,
    ContentsText: _contents,
}
