"""The layout engine: an issue's content and the fonts' metrics in, immutable pages out.

Pure: it draws nothing and imports no writer library. Stages, one module each:
segment (text → atoms with widths) → linebreak (atoms → lines, 避头尾, tightening)
→ justify (lines → positioned glyphs) → paginate (lines → pages on the grid);
compose sets the masthead, titles, signature, distribution block and folios.
"""

from __future__ import annotations

import dataclasses

from ..errors import LayoutError
from ..fonts import check_coverage
from ..kinds import Kind, applies, check_fields, issue_kind, issue_values
from ..model import Issue
from ..model import Paragraph as ParagraphContent
from .bounds import check_bounds, place_of
from .compose import build_styles, display_line, distribution, folio, masthead, title_lines
from .justify import natural_width, set_line
from .linebreak import break_lines
from .paginate import Flow, Geometry, Paragraph, Slot, title_rows
from .segment import TextStyle, atoms, normalize
from .tree import Document, Line, Page, Rule, pt

__all__ = ["layout", "Document", "Page", "Line", "Rule"]


def layout(issue: Issue, kind: Kind | None = None, templates: str | None = None) -> Document:
    """Lay out ``issue`` in its kind's template (or ``kind``): every line and page break decided here.

    ``templates`` is a folder of the user's own kinds, searched before the shipped ones.
    Content that does not fit where the kind sets it raises LayoutError naming its field.
    """
    if kind is None:
        kind = issue_kind(issue, templates)
    try:
        document = _pages(issue, kind)
        check_bounds(document)
    except LayoutError as error:
        message, where = place_of(error, issue, kind)
        raise LayoutError(message, where) from None
    return document


def _pages(issue: Issue, kind: Kind) -> Document:
    geometry = Geometry.from_spec(kind.page)
    styles = build_styles(kind, geometry)
    check_fields(issue, kind)
    check_coverage(issue.text_fields(), {role: style.typeface for role, style in styles.items()}, issue.locate)
    values = issue_values(issue, kind)
    head_lines, head_rules = masthead(values, kind, styles, geometry)

    flow = Flow(geometry, row=kind.masthead.rows)
    counter = 0
    closed = False
    for a, article in enumerate(issue.articles):
        if article.new_page and a and not closed:  # attachments follow the 署名 and date
            _place_closing(flow, kind, values)
            closed = True
        titles = title_lines(article, kind, styles["title"], f"articles[{a}].title", geometry.rows)
        rows = title_rows(len(titles), kind.title.line_rows, kind.title.rows_before, kind.title.rows_after)
        base = f"articles[{a}]"
        paragraphs = []
        if article.addressee:  # 主送机关, flush left (GB/T 9704-2012, 7.3.3)
            paragraphs.append(_paragraph(ParagraphContent(text=article.addressee), styles, geometry, kind,
                                         f"{base}.addressee", counter, indent_chars=0))
            counter += 1
        for p, content in enumerate(article.paragraphs):
            paragraphs.append(_paragraph(content, styles, geometry, kind, f"{base}.paragraphs[{p}]", counter))
            counter += 1
        keep = min(kind.title.min_lines_after, len(paragraphs[0].lines)) if paragraphs else 0
        if article.new_page and (flow.row > 0 or flow.slots):
            flow.new_page()
        if article.label:  # 附件1, flush left on the first line in 3号黑体 (GB/T 9704-2012, 7.3.8)
            flow.place(1, "signature", _Closing(article.label, f"{base}.label", "heading1", "left", 0))
        flow.place_title(rows, keep, (titles, f"{base}.title"))
        for paragraph in paragraphs:
            flow.place_paragraph(paragraph)
        spec = kind.attachments
        for t, attachment in enumerate(article.attachments):
            text = kind.render("attachment", n=t + 1, title=attachment)
            indent = spec.indent_chars + (spec.hang_chars if t else 0)
            paragraph = _paragraph(ParagraphContent(text=text), styles, geometry, kind, f"{base}.attachments[{t}]",
                                   counter, indent_chars=indent, hang_chars=indent)
            counter += 1
            if t == 0 and spec.rows_before:
                flow.place(spec.rows_before, "space", None)
            flow.place_paragraph(paragraph)
            paragraphs.append(paragraph)
        last = paragraphs[-1] if paragraphs else None
        if article.signature:
            signature = _Closing(kind.render("signature", signature=article.signature), f"{base}.signature",
                                 "signature", kind.signature.align, kind.signature.indent_chars)
            flow.place_signature(signature, last, pt(kind.signature.max_tracking_pt))
            last = None

    if not closed:
        _place_closing(flow, kind, values)

    page_count = flow.page_count
    closing_lines: dict[int, tuple[Line, ...]] = {}
    closing_rules: dict[int, tuple[Rule, ...]] = {}
    unnumbered: set[int] = set()
    if issue.distribution:
        block = distribution(issue.distribution, kind, styles, geometry, values)
        used = geometry.row_top(flow.row) if flow.row > 0 else geometry.top
        target = flow.page
        if (target + 1) % 2 or used > geometry.bottom - block.height:
            target += 1
            if (target + 1) % 2:  # would be odd: leave a blank page before it (GB/T 9704, 7.5)
                unnumbered = {target, target + 1}
                target += 1
        closing_lines[target], closing_rules[target] = block.lines, block.rules
        page_count = max(page_count, target + 1)

    by_page: dict[int, list[Line]] = {}
    for slot in flow.slots:
        by_page.setdefault(slot.page, []).extend(_materialize(slot, kind, styles, geometry))
    _centre_over_next(by_page, flow.slots, geometry.right)
    pages = []
    for index in range(page_count):
        head = (tuple(head_lines), tuple(head_rules)) if index == 0 else ((), ())
        pages.append(Page(
            number=index + 1,
            width=geometry.page_width,
            height=geometry.page_height,
            lines=head[0] + tuple(by_page.get(index, ())) + closing_lines.get(index, ()),
            rules=head[1] + closing_rules.get(index, ()),
            folio=None if index in unnumbered or (index == 0 and not kind.folio.first_page)
            else folio(index + 1, kind, styles["folio"], geometry),
        ))
    return Document(
        pages=tuple(pages),
        block=geometry.block,
        title=f"{issue.name} {kind.render('issue', **values)}",
        author=issue.organ,
        subject=issue.articles[0].title_text,
        date=issue.date.isoformat(),
    )


def _centre_over_next(by_page: dict[int, list[Line]], slots: list[Slot], right: int) -> None:
    """Centre each line set "over_next" over the closing line that follows it, inside the block."""
    closing = [s for s in slots if s.kind == "signature"]
    for slot, following in zip(closing, closing[1:]):
        if slot.data.align != "over_next":
            continue
        lines = by_page[slot.page]
        line = next(l for l in lines if l.source and l.source.path == slot.data.path)
        below = next(l for l in by_page[following.page] if l.source and l.source.path == following.data.path)
        shift = min((below.x0 + below.x1) // 2 - (line.x0 + line.x1) // 2, right - line.x1)
        moved = dataclasses.replace(line, x0=line.x0 + shift, x1=line.x1 + shift,
                                    glyphs=tuple(dataclasses.replace(g, x=g.x + shift) for g in line.glyphs))
        lines[lines.index(line)] = moved


def _place_closing(flow: Flow, kind: Kind, values: dict) -> None:
    """The kind's closing lines (署名, 成文日期, 附注) after the text, before any attachment."""
    for number, item in enumerate(kind.closing):
        if not applies(item, values):
            continue
        if item.rows_before:
            flow.place(item.rows_before, "space", None)
        line = _Closing(kind.render(item.text, **values), f"closing[{number}]", item.style, item.align,
                        item.indent_chars)
        flow.place_signature(line, None, 0)  # never opens a page alone: it goes with the line before


@dataclasses.dataclass(frozen=True)
class _Closing:
    """A single line set on the grid at one side: a signature, a 署名 or a date."""

    text: str
    path: str
    style: str
    align: str
    indent_chars: float


def _paragraph(content: ParagraphContent, styles: dict[str, TextStyle], geometry: Geometry, kind: Kind,
               path: str, ident: int, indent_chars: float | None = None, hang_chars: float = 0) -> Paragraph:
    pieces = []
    offset = 0
    if content.heading:
        heading = normalize(content.heading)
        pieces += atoms(heading, styles[f"heading{content.level}"], path + ".heading")
        offset = len(heading)
    if content.text:
        pieces += atoms(normalize(content.text), styles["body"], path + ".text", start=offset)
    first = kind.paragraph.indent_chars if indent_chars is None else indent_chars
    indent = round(first * geometry.char_pitch)
    hang = round(hang_chars * geometry.char_pitch)
    widths = (geometry.width - indent, geometry.width - hang)
    return Paragraph(pieces, break_lines(pieces, widths), widths, indent, path, ident, hang)


def _materialize(slot: Slot, kind: Kind, styles: dict[str, TextStyle], geometry: Geometry) -> list[Line]:
    if slot.kind == "title":
        style = styles["title"]
        spec = kind.title
        out = []
        titles, path = slot.data
        for i, pieces in enumerate(titles):
            row = slot.row + spec.rows_before + i * spec.line_rows
            baseline = geometry.baseline(row, spec.line_rows, style.size, style.typeface.main)
            width = natural_width(pieces)
            x0 = geometry.left + (geometry.width - width) // 2
            band = geometry.band(row, spec.line_rows)
            out.append(set_line(pieces, x0, width, baseline, False, path=path, band=band))
        return out
    if slot.kind == "line":
        paragraph, index = slot.data
        broken = paragraph.lines[index]
        pieces = paragraph.atoms[broken.start:broken.end]
        last = index == len(paragraph.lines) - 1
        first = index == 0
        style = styles["body"]
        baseline = geometry.baseline(slot.row, 1, style.size, style.typeface.main)
        x0 = geometry.left + (paragraph.indent if first else paragraph.hang)
        width = paragraph.widths[0 if first else 1]
        return [set_line(pieces, x0, width, baseline, not last, extra=broken.extra, path=paragraph.path,
                         paragraph=paragraph.ident, last=last, role="body", band=geometry.band(slot.row))]
    if slot.kind == "signature":
        item: _Closing = slot.data
        style = styles[item.style]
        baseline = geometry.baseline(slot.row, 1, style.size, style.typeface.main)
        indent = round(item.indent_chars * geometry.char_pitch)
        align = "right" if item.align == "over_next" else item.align
        line = display_line(item.text, style, 0, align, baseline, geometry.left + indent,
                            geometry.right - indent, path=item.path)
        role = "signature" if item.style == "signature" else "label"
        return [dataclasses.replace(line, role=role, band=geometry.band(slot.row))]
    if slot.kind == "space":
        return []
    raise AssertionError(slot.kind)
