"""Collect: realized content becomes blocks, paragraphs broken into lines and titles split, ready to place.

Each kind of realized content has one builder in ``_BUILDERS``; the paginator then
sees only the blocks' common interface (blocks.Block).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

from ..errors import LayoutError
from ..realize import ClosingText, FigureText, ParagraphText, Realized, Space, TableText, TitleText
from .blocks import Block, BrokenParagraph, LineBlock, LinesBlock, Setting, SpaceBlock, TitleBlock
from .linebreak import break_lines
from .paginate import title_rows
from .segment import atoms, normalize
from .figure import FigureBlock, measure_figure
from .table import TableBlock, measure, turned_table
from .titles import split_title
from .tree import mm, pt


def collect(realized: Realized, setting: Setting) -> list[Block]:
    """The blocks of ``realized``'s content, in order; a title keeps lines of the paragraph after it."""
    blocks: list[Block] = []
    for item in realized.content:
        blocks.append(_BUILDERS[type(item)](item, realized, setting))
    for index, block in enumerate(blocks):
        if isinstance(block, TitleBlock) and block.keep_rows:
            following = next((b for b in blocks[index + 1:] if not isinstance(b, SpaceBlock)), None)
            keep = following.lead_rows(block.keep_rows) if isinstance(following, _KEPT) else 0
            blocks[index] = dataclasses.replace(block, keep_rows=keep)
    return blocks


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
        given = tuple(split_title(text, spec.max_chars, most))
    if len(given) > most:
        raise LayoutError(f"a title of {len(given)} lines is too long: {fits}", item.path)
    lines = [tuple(atoms(normalize(line), setting.styles["title"], item.path)) for line in given]
    return TitleBlock(item.path, tuple(lines),
                      title_rows(len(lines), spec.line_rows, spec.rows_before, spec.rows_after),
                      spec.line_rows, spec.rows_before, keep_rows=spec.min_lines_after, new_page=item.new_page)


def _paragraph(item: ParagraphText, realized: Realized, setting: Setting) -> Block:
    geometry, styles = setting.geometry, setting.styles
    pieces = []
    offset = 0
    if item.heading:
        heading = normalize(item.heading)
        pieces += atoms(heading, styles[f"heading{item.level}"], item.path + ".heading")
        offset = len(heading)
    if item.text:
        pieces += atoms(normalize(item.text), styles["body"], item.path + ".text", start=offset)
    first = realized.paragraph.indent_chars if item.indent_chars is None else item.indent_chars
    indent = round(first * geometry.char_pitch)
    hang = round(item.hang_chars * geometry.char_pitch)
    widths = (geometry.width - indent, geometry.width - hang)
    return LinesBlock(BrokenParagraph(pieces, break_lines(pieces, widths), widths, indent, item.path, item.ident, hang))


def _line(item: ClosingText, realized: Realized, setting: Setting) -> LineBlock:
    over = _line(item.over, realized, setting) if item.over is not None else None
    return LineBlock(item.path, item.text, item.style, item.align, item.indent_chars, item.role,
                     sticky=item.sticky, new_page=item.new_page, max_tracking=pt(item.max_tracking_pt), over=over,
                     seal=item.seal, seal_width=mm(item.seal_width_mm), rows_above=item.rows_above)


def _table(item: TableText, realized: Realized, setting: Setting) -> Block:
    if item.table.landscape:
        return turned_table(item, setting)
    return TableBlock(measure(item, setting))


def _figure(item: FigureText, realized: Realized, setting: Setting) -> Block:
    return measure_figure(item, setting)


def _space(item: Space, realized: Realized, setting: Setting) -> Block:
    return SpaceBlock(item.rows)


#: What a title keeps its ``min_lines_after`` rows of: the article's text, a table or a figure.
_KEPT = (LinesBlock, TableBlock, FigureBlock)

_BUILDERS: dict[type, Callable[..., Block]] = {
    TitleText: _title,
    ParagraphText: _paragraph,
    ClosingText: _line,
    TableText: _table,
    FigureText: _figure,
    Space: _space,
}
