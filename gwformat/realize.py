"""Realize: an issue and its kind become a sequence of styled content, every template pattern rendered once.

This is the one place that asks the kind's templates anything: it finds the kind,
checks the issue's fields and characters against it, renders every text pattern
(masthead items, signatures, attachment lines, closing lines, distribution labels,
the folio) and decides which conditional items apply. What it returns is plain
data that the layout (``gwformat.layout.typeset``) places without reading a
template file, rendering a pattern or touching the cache.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Union

from .errors import InputError, TemplateError
from .fonts import check_coverage, typeface
from pathlib import Path

from .elements import ImageItem, Table, TableItem
from .emphasis import MARKER, EmphasisError, Marked, Spans, faces, parse
from .kinds import (ClosingItem, ColumnSpec, ContentsSpec, DistributionSpec, FolioSpec, Kind, MastheadItem,
                    MastheadSpec, PageSpec, ParagraphSpec, StyleSpec, TableSpec, TitleSpec, applies, check_fields,
                    issue_kind, issue_values)
from .heads import MastheadLine, masthead_lines
from .model import Issue

if TYPE_CHECKING:
    from .pictures import Picture


class TitleText(NamedTuple):
    """An article's title: its lines as the input splits them, or its text to be split by meaning."""

    path: str
    text: str
    lines: tuple[str, ...] | None
    spec: TitleSpec
    new_page: bool = False


class ParagraphText(NamedTuple):
    """A paragraph of running text on the grid, opened by an optional run-in heading.

    ``ident`` numbers the paragraphs of the issue, so the lines of one can be told apart
    from the next one's; ``indent_chars`` None takes the kind's first-line indent.
    ``role`` is the style of the text and of its lines, ``heading_role`` the heading's
    (None: heading1 … heading4 by its level), and ``group`` what the paragraph is in the
    layout tree: a 编者按 or 按语 is a ``note`` paragraph opened by its ``note_label``.
    """

    path: str
    text: str
    ident: int
    heading: str | None = None
    level: int | None = None
    indent_chars: float | None = None
    hang_chars: float = 0
    spans: Spans = ()  # of ``text`` set in the emphasis face (**…** in the content)
    heading_spans: Spans = ()
    role: str = "body"
    heading_role: str | None = None
    group: str = "paragraph"


class ContentsEntry(NamedTuple):
    """One entry of the 本期要目: an article's title (its lines as one), or a 栏目 label over titles."""

    path: str
    text: str
    column: bool = False


class ContentsText(NamedTuple):
    """本期要目: its heading and its entries in the order of the articles, each 栏目 before its titles."""

    path: str
    heading: str
    entries: tuple[ContentsEntry, ...]
    spec: ContentsSpec


class ColumnText(NamedTuple):
    """A 栏目 label, before the first article of a run of articles in the same column."""

    path: str
    text: str
    spec: ColumnSpec
    new_page: bool = False


class ClosingText(NamedTuple):
    """One line on the grid at one side: an article's signature, a 署名 or date, a 附件 label.

    ``sticky`` lines never open a page alone: the paragraph before them gives up a line
    (first by tightening its last lines by at most ``max_tracking_pt`` a character).
    ``over`` is the line this one is centred over (a 署名 over its date, GB/T 9704, 7.3.5.1).
    """

    path: str
    text: str
    style: str
    align: str
    indent_chars: float
    role: str = "signature"
    sticky: bool = False
    max_tracking_pt: float = 0
    over: "ClosingText | None" = None
    new_page: bool = False
    seal: Picture | None = None  # pressed over this line and the one below it (GB/T 9704-2012, 7.3.5.1)
    seal_width_mm: float = 42
    rows_above: float = 0  # the blank rows before the line, which the seal's top reaches up into
    seal_place: str = "over"  # or "beside": at the line's indent, the text to its left (7.3.5.3)
    seal_gap_chars: float = 0
    #: 联合行文 with seals: the other organs' 署名, in order, set left of this one on its row, each under
    #: its seal in ``row_seals``, ``row_gap_mm`` between neighbouring seals (7.3.5.1)
    row: tuple[str, ...] = ()
    row_seals: tuple[Picture, ...] = ()
    row_gap_mm: float = 0


class TableText(NamedTuple):
    """A table in the text, with the line set over its repeated header on a continuation page."""

    path: str
    table: Table
    continued: str
    spec: TableSpec
    #: where each body row is in the input (file:line:col or its field path), for errors
    row_places: tuple[str, ...]
    #: each cell's text without its markers, by the cell's path (….rows[0][1]), with its emphasis
    cells: Mapping[str, Marked]


class FigureText(NamedTuple):
    """A picture with its caption, read from its file."""

    path: str
    picture: Picture
    caption: str | None
    width_mm: float | None
    gap_pt: float


class Space(NamedTuple):
    """Blank grid rows."""

    rows: float


Content = Union[TitleText, ParagraphText, ClosingText, TableText, FigureText, Space, ContentsText, ColumnText]


class Recipients(NamedTuple):
    """One group of the distribution block: its rendered label and its recipients with their paths."""

    label: str
    recipients: tuple[tuple[str, str], ...]


class DistributionText(NamedTuple):
    """The distribution block (版记), rendered: the groups, the 印发 line (whole, or split in two) and 共印N份."""

    groups: tuple[Recipients, ...]
    spec: DistributionSpec
    printed: str | None = None
    printed_by: str | None = None
    printed_on: str | None = None
    copies: str | None = None


#: A character no text pattern prints, standing for the page number while the folio is rendered.
_PAGE_MARK = "\ufdd0"


class Folios(NamedTuple):
    """The page number's text for every page: the folio pattern rendered once, around a mark.

    A pattern that does more with the number than print it (a filter) is rendered for
    the first ``len(texts)`` pages instead.
    """

    before: str = ""
    after: str = ""
    texts: tuple[str, ...] = ()

    def text(self, page: int) -> str:
        if not self.texts:
            return f"{self.before}{page}{self.after}"
        if page > len(self.texts):
            raise TemplateError(f"text.folio: rendered for {len(self.texts)} pages, the issue has more")
        return self.texts[page - 1]


class Realized(NamedTuple):
    """An issue in its kind, ready to be placed: the specs of the page, the styles and every text."""

    kind: str
    page: PageSpec
    styles: dict[str, StyleSpec]
    masthead: MastheadSpec
    masthead_lines: tuple[MastheadLine, ...]
    paragraph: ParagraphSpec
    content: tuple[Content, ...]
    distribution: DistributionText | None
    folio: FolioSpec
    folios: Folios
    title: str
    author: str
    subject: str
    date: str


def realize(issue: Issue, kind: Kind | None = None, templates: str | None = None) -> Realized:
    """``issue`` in its kind's template (or ``kind``), every pattern rendered; ``templates`` is searched first."""
    if kind is None:
        kind = issue_kind(issue, templates)
    check_fields(issue, kind)
    _check_structure(issue, kind)
    styles = {**TABLE_STYLES, **EMPHASIS_STYLE, **kind.styles}
    fields = issue.text_fields()
    marked = _marked(issue, fields)
    check_coverage(_by_face(fields, marked), {role: typeface(spec.face) for role, spec in styles.items()},
                   issue.locate)
    values = issue_values(issue, kind)
    if "sealed" in kind.fields and values.get("sealed") is None and any(a.seal for a in issue.articles):
        values["sealed"] = "seal"  # a seal given: the 署名 and date take the sealed placement
    values["joint"] = "joint" if len(issue.names) > 1 else None
    head, head_lines = masthead_lines(issue, kind, values)
    return Realized(
        kind=kind.name,
        page=kind.page,
        styles=styles,
        masthead=head,
        masthead_lines=head_lines,
        paragraph=kind.paragraph,
        content=tuple(_content(issue, kind, values, marked)),
        distribution=_distribution(issue, kind, values),
        folio=kind.folio,
        folios=_folios(kind),
        title=_document_title(issue, kind, values),
        author=issue.organ,
        subject=marked[f"articles[0].title"].text,
        date=issue.date.isoformat(),
    )


def _document_title(issue: Issue, kind: Kind, values: dict[str, Any]) -> str:
    """The title the files record: the kind's ``document_title`` pattern (a 公文's own title), else the
    bulletin's name and number."""
    if "document_title" in kind.text:
        return kind.render("document_title", title=issue.articles[0].title_text, **values)
    return f"{issue.name_text} {kind.render('issue', **values)}"


#: The styles of tables for a kind whose template names none (4号仿宋 cells, 黑体 header and title).
TABLE_STYLES = {
    "table": StyleSpec(face="fang", size=14),
    "table_header": StyleSpec(face="hei", size=14),
    "table_title": StyleSpec(face="hei", size=16),
    "caption": StyleSpec(face="kai", size=14),
}


#: The face of emphasised text (**…**) for a kind whose template names none: 黑体, at the size
#: of the text around it, as 公文 practice sets a lead phrase (一是健全机制).
EMPHASIS_STYLE = {"emphasis": StyleSpec(face="hei", size=16, grid=True)}


def _marked(issue: Issue, fields: list[tuple[str, str, str]]) -> dict[str, Marked]:
    """The text of every field of ``fields`` (the issue's text_fields) that may hold emphasis, by its
    path, its markers read; and each title's and 栏目's, where emphasis is refused (each is set in
    one face) but a ``\\*`` is still a literal ``*``.

    A marker that is not closed (or closes an empty span) is an error at its place in the file,
    and so is a ``**`` in a field set as typed (a 署名, a recipient, a table's title), where it
    would otherwise be printed.
    """
    out: dict[str, Marked] = {}
    titles = {f"articles[{a}].title": article.title for a, article in enumerate(issue.articles)}
    for path, role, text in fields:
        lines = titles.get(path)
        if isinstance(lines, list):
            out[path] = _title_lines(issue, path, lines)
            continue
        if not _EMPHASIS_FIELD.search(path):
            if MARKER in text:
                raise InputError(_AS_TYPED, _place(issue, path, text.index(MARKER)))
            continue
        out[path] = _parsed(issue, path, text)
        if _ONE_FACE.search(path) and out[path].spans:
            raise InputError(_one_face(path), _place(issue, path, out[path].typed_at[0]))
    return out


def _parsed(issue: Issue, path: str, text: str, offset: int = 0) -> Marked:
    """``text`` with its markers read; ``offset`` is where it starts in the field, for the error's place."""
    try:
        return parse(text)
    except EmphasisError as error:
        raise InputError(str(error), _place(issue, path, offset + error.offset)) from None


def _title_lines(issue: Issue, path: str, lines: list[str]) -> Marked:
    """A title given as its lines: each line's escapes read on its own (a ``*`` ending one line and
    a ``*`` opening the next are two literal stars, not a marker)."""
    texts, offset = [], 0
    for line in lines:
        marked = _parsed(issue, path, line, offset)
        if marked.spans:
            raise InputError(_one_face(path), _place(issue, path, offset + marked.typed_at[0]))
        texts.append(marked.text)
        offset += len(line)
    return Marked("".join(texts))


#: The fields whose text may hold emphasis: paragraphs' text and headings, table cells; and titles
#: and 栏目 labels, which read its escapes but refuse it.
_EMPHASIS_FIELD = re.compile(r"\.paragraphs\[\d+\]\.(text|heading)$|\.table\.(header|rows)\[\d+\]\[\d+\]$"
                             r"|^articles\[\d+\]\.(title|note|column)$|^editor_note$")

#: The fields of :data:`_EMPHASIS_FIELD` set in one face, where a span is refused.
_ONE_FACE = re.compile(r"^articles\[\d+\]\.(title|column)$")


def _one_face(path: str) -> str:
    what = "a title" if path.endswith(".title") else "a 栏目 label"
    return f"{what} is set in one face: emphasis (**…**) is not set in {what}; write \\*\\* for a literal **"

#: Why a marker is refused in the other fields (README, Emphasis).
_AS_TYPED = ("** marks emphasis only in a paragraph, a heading, a table cell, an 编者按 or an 按语; this text is "
             "set as typed, so a ** here is refused rather than printed")


def _by_face(fields: list[tuple[str, str, str]], marked: Mapping[str, Marked]) -> list[tuple[str, str, str]]:
    """``fields`` for the coverage check, the emphasised characters of each under the emphasis face's role."""
    out = []
    for path, role, text in fields:
        if path in marked and not path.endswith(".title"):
            own, strong = faces(text)
            out += [(path, role, own), (path, "emphasis", strong)] if strong else [(path, role, own)]
        else:
            out.append((path, role, text))
    return out


def _structured(issue: Issue) -> list[str]:
    """The fields of ``issue`` that give it a structure beside its articles (要目, 编者按, 栏目, 按语)."""
    fields = (["contents"] if issue.contents else []) + (["editor_note"] if issue.editor_note else [])
    for a, article in enumerate(issue.articles):
        fields += [f"articles[{a}].{name}" for name in ("column", "note") if getattr(article, name)]
    return fields


def _check_structure(issue: Issue, kind: Kind) -> None:
    """A kind whose template declares no structure (a 公文) refuses 要目, 编者按, 栏目 and 按语 at their field."""
    fields = _structured(issue) if kind.structure is None else []
    if fields:
        raise InputError(f"kind '{kind.name}' prints no 本期要目, 编者按, 栏目 or 按语: remove "
                         f"'{fields[0].rpartition('.')[2]}' or choose a bulletin kind such as jianbao",
                         _place(issue, fields[0]))


def _column_labels(issue: Issue, kind: Kind, values: dict[str, Any], marked: Mapping[str, Marked]) -> dict[int, str]:
    """The 栏目 label printed before each article that opens a run of articles in the same column, by
    the article's index, rendered from its text with the escapes read; none where the kind prints none."""
    labels: dict[int, str] = {}
    previous = None
    for a, article in enumerate(issue.articles):
        if kind.structure is not None and article.column and article.column != previous:
            labels[a] = kind.render("column", column=marked[f"articles[{a}].column"].text, **values)
        previous = article.column
    return labels


def _contents(issue: Issue, kind: Kind, values: dict[str, Any], marked: Mapping[str, Marked],
              labels: dict[int, str]) -> ContentsText:
    """The 本期要目: a title given in several lines is one entry; each 栏目 (``labels``) stands over its
    run of titles.

    Both are printed as they are in the text, their escapes read (``\\*`` a ``*``).
    """
    assert kind.structure is not None
    entries: list[ContentsEntry] = []
    for a in range(len(issue.articles)):
        if a in labels:
            entries.append(ContentsEntry(f"articles[{a}].column", labels[a], column=True))
        entries.append(ContentsEntry(f"articles[{a}].title", marked[f"articles[{a}].title"].text))
    return ContentsText("contents", kind.render("contents_heading", **values), tuple(entries),
                        kind.structure.contents)


def _note(kind: Kind, values: dict[str, Any], path: str, text: Marked, label: str, ident: int,
          group: str) -> ParagraphText:
    """A 编者按 or 按语: a paragraph in the note style, its label run in."""
    return ParagraphText(path, text.text, ident, kind.render(label, **values), role="note", heading_role="note_label",
                         group=group, spans=text.spans)


def _content(issue: Issue, kind: Kind, values: dict[str, Any], marked: Mapping[str, Marked]) -> list[Content]:
    out: list[Content] = []
    counter = 0
    labels = _column_labels(issue, kind, values, marked)
    if kind.structure is not None:
        if issue.contents:
            out.append(_contents(issue, kind, values, marked, labels))
        if issue.editor_note:
            out.append(_note(kind, values, "editor_note", marked["editor_note"], "editor_note_label", counter,
                             "editor_note"))
            counter += 1
            if kind.structure.editor_note_rows_after:
                out.append(Space(kind.structure.editor_note_rows_after))
    closed = False
    continued = kind.render("table_continued") if "table_continued" in kind.text else "续表"
    folder = Path(issue._folder) if issue._folder is not None else Path.cwd()
    seals: tuple[Picture, ...] = ()  # waiting for the 署名 they are pressed over
    for a, article in enumerate(issue.articles):
        base = f"articles[{a}]"
        if article.new_page and a and not closed:  # attachments follow the 署名 and date
            out += _closing(kind, values, seals, issue.names)
            closed, seals = True, ()
        new_page = article.new_page
        if a in labels and kind.structure is not None:
            out.append(ColumnText(f"{base}.column", labels[a], kind.structure.column, new_page))
            new_page = False
        if article.label:  # 附件1, flush left on the first line in 3号黑体 (GB/T 9704-2012, 7.3.8)
            out.append(ClosingText(f"{base}.label", article.label, "heading1", "left", 0, role="label",
                                   new_page=new_page))
            new_page = False
        if a or kind.title.printed:  # a 命令 prints no title of its own (10.2)
            lines = tuple(parse(line).text for line in article.title_lines) if article.title_lines else None
            out.append(TitleText(f"{base}.title", marked[f"{base}.title"].text, lines, kind.title, new_page))
        texts: list[Content] = []
        if article.note:
            texts.append(_note(kind, values, f"{base}.note", marked[f"{base}.note"], "note_label", counter, "note"))
            counter += 1
        if article.addressee:  # 主送机关, flush left (GB/T 9704-2012, 7.3.3)
            texts.append(ParagraphText(f"{base}.addressee", article.addressee, counter, indent_chars=0))
            counter += 1
        for p, paragraph in enumerate(article.paragraphs):
            if isinstance(paragraph, ImageItem):
                path = f"{base}.paragraphs[{p}].image"
                figure = paragraph.image
                texts.append(FigureText(path, _picture(figure.file, folder, _place(issue, f"{path}.file")),
                                        figure.caption, figure.width_mm, kind.figure.gap_pt))
                continue
            if isinstance(paragraph, TableItem):
                path = f"{base}.paragraphs[{p}].table"
                places = tuple(_place(issue, f"{path}.rows[{r}]") for r in range(len(paragraph.table.rows)))
                cells = {key: marked[key] for key, _, _ in paragraph.table.text_fields(path) if key in marked}
                texts.append(TableText(path, paragraph.table, continued, kind.table, places, cells))
                continue
            path = f"{base}.paragraphs[{p}]"
            text = marked.get(f"{path}.text", Marked(""))
            heading = marked[f"{path}.heading"] if paragraph.heading else None
            texts.append(ParagraphText(path, text.text, counter, heading.text if heading else None, paragraph.level,
                                       spans=text.spans, heading_spans=heading.spans if heading else ()))
            counter += 1
        spec = kind.attachments
        for t, attachment in enumerate(article.attachments):
            if t == 0 and spec.rows_before:
                texts.append(Space(spec.rows_before))
            indent = spec.indent_chars + (spec.hang_chars if t else 0)
            texts.append(ParagraphText(f"{base}.attachments[{t}]", kind.render("attachment", n=t + 1, title=attachment),
                                       counter, indent_chars=indent, hang_chars=indent))
            counter += 1
        out += texts
        if article.seal:
            seals = _seals(issue, article.seal, base, folder)
        if article.signature:
            own = seals[0] if seals and not any(applies(item, values) for item in kind.closing) else None
            out.append(ClosingText(f"{base}.signature", kind.render("signature", signature=article.signature),
                                   "signature", kind.signature.align, kind.signature.indent_chars,
                                   sticky=any(isinstance(t, ParagraphText) for t in texts),
                                   max_tracking_pt=kind.signature.max_tracking_pt, seal=own,
                                   seal_width_mm=kind.seal.width_mm))
            seals = () if own else seals
    if not closed:
        out += _closing(kind, values, seals, issue.names)
    return out


def _seals(issue: Issue, given: str | list[str], base: str, folder: Path) -> tuple[Picture, ...]:
    """An article's seal, or the seals of a joint document: one for each organ, in their order (7.3.5.1)."""
    files = given if isinstance(given, list) else [given]
    organs = len(issue.names)
    if len(files) != (organs if organs > 1 else 1):
        wanted = f"one seal for each of the {organs} organs of name, in their order" if organs > 1 else "one seal"
        raise InputError(f"{len(files)} seals given, expected {wanted}", _place(issue, f"{base}.seal"))
    paths = [f"{base}.seal[{n}]" for n in range(len(files))] if isinstance(given, list) else [f"{base}.seal"]
    return tuple(_picture(file, folder, _place(issue, path)) for file, path in zip(files, paths))


def _picture(file: str, folder: Path, where: str) -> Picture:
    """pictures.read_picture, whose module (and Pillow) only an issue with a figure or a seal loads."""
    from .pictures import read_picture

    return read_picture(file, folder, where)


def _place(issue: Issue, path: str, offset: int | None = None) -> str:
    """``file:line:col: path`` of a field (of the character at ``offset`` in its text) when the issue
    came from a file, else its path."""
    where = issue.locate(path, offset)
    return f"{where}: {path}" if where else path


def _closing(kind: Kind, values: dict[str, Any], seals: tuple[Picture, ...] = (),
             names: tuple[str, ...] = ()) -> list[Content]:
    """The kind's closing lines (署名, 成文日期, 附注) that apply, each a line of its own after the text.

    The seal is pressed over the first of them, the 署名. An item for ``each`` organ of a joint
    document (``names``) is a line for each, the host's first (7.3.5.2); centred over the next
    line (with seals), it is one row of them, each under its seal, the last over the date (7.3.5.1).
    """
    items: list[tuple[int, ClosingItem]] = [(n, item) for n, item in enumerate(kind.closing) if applies(item, values)]
    lines: list[list[ClosingText]] = [[] for _ in items]
    for index in range(len(items) - 1, -1, -1):  # from the last, so a line knows the one it is centred over
        number, item = items[index]
        over = lines[index + 1][0] if item.align == "over_next" and index + 1 < len(items) else None
        organs = names if item.each and len(names) > 1 else ()
        texts = [kind.render(item.text, **{**values, "organ": organ}) for organ in organs] or \
            [kind.render(item.text, **values)]
        row = tuple(texts[:-1]) if organs and over is not None else ()
        own = (seals[-1] if row else seals[0]) if index == 0 and seals else None
        for n, text in enumerate(texts[len(row):]):
            lines[index].append(ClosingText(
                f"closing[{number}]", text, item.style, item.align, item.indent_chars,
                role="signature" if item.style == "signature" else "label", over=over,
                seal=own if n == 0 else None, seal_width_mm=kind.seal.width_mm, rows_above=item.rows_before,
                seal_place=item.seal, seal_gap_chars=item.seal_gap_chars, row=row,
                row_seals=seals[:-1] if row and index == 0 else (), row_gap_mm=kind.seal.gap_mm,
                sticky=(index > 0 or n > 0) and not (item.rows_before and n == 0)))  # a date goes with its 署名
    out: list[Content] = []
    for (number, item), group in zip(items, lines):
        if item.rows_before:
            out.append(Space(item.rows_before))
        out += group
    return out


def _distribution(issue: Issue, kind: Kind, values: dict[str, Any]) -> DistributionText | None:
    block = issue.distribution
    if block is None:
        return None
    groups = tuple(
        Recipients(kind.render("label", label=group.label, **values),
                   tuple((f"distribution.groups[{g}].recipients[{r}]", text) for r, text in enumerate(group.recipients)))
        for g, group in enumerate(block.groups))
    spec = kind.distribution
    printed = printed_by = printed_on = copies = None
    if block.printed_by:
        printed = kind.render("printed", printed_by=block.printed_by, printed_on=block.printed_on, **values)
        if spec.printed_split:
            printed_by = kind.render("printed_by", printed_by=block.printed_by, **values)
            if block.printed_on:
                printed_on = kind.render("printed_on", printed_on=block.printed_on, **values)
    if block.copies and "copies" in kind.text:  # （共印N份）, at the right of a line of its own
        copies = kind.render("copies", copies=block.copies, **values)
    return DistributionText(groups, spec, printed, printed_by, printed_on, copies)


def _folios(kind: Kind) -> Folios:
    try:
        marked = kind.render("folio", page=_PAGE_MARK)
    except TemplateError:  # a filter that wants a number
        marked = ""
    if marked.count(_PAGE_MARK) == 1:
        before, after = marked.split(_PAGE_MARK)
        if all(kind.render("folio", page=n) == f"{before}{n}{after}" for n in (1, 10)):
            return Folios(before, after)
    return Folios(texts=tuple(kind.render("folio", page=n) for n in range(1, _MAX_PAGES + 1)))


#: Pages a folio pattern with a filter is rendered for: far more than any bulletin has.
_MAX_PAGES = 999
