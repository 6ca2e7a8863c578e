"""Reading a Word draft (.docx) with python-docx into the draft's paragraphs.

A paragraph's direct formatting wins over its style's, and a style's over its base style's, as
Word shows them; the recognisers then only see alignment, boldness, size and indent. Tables,
pictures (inline, or floating as a seal) and text boxes become sources of their own kind: a
table with its rows and spans in the model's shape, a picture with its bytes (``blocks`` makes
the table and image blocks of them; a text box is reported as not imported).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..writers.docx_text import EMPHASIS_STYLE
from .patterns import GW_HEADING_STYLES, GW_STYLES, WORD_STYLES
from .source import STRONG_CLOSE, STRONG_OPEN, Picture, Read, Source

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {0: "left", 1: "center", 2: "right", 3: "both", 4: "both"}  # WD_ALIGN_PARAGRAPH values
_OLE = b"\xd0\xcf\x11\xe0"  # a Word 97-2003 .doc
GWFORMAT = "gwformat"  # who last saved a DOCX gwformat wrote (cp:lastModifiedBy)


def read_docx(path: Path) -> Read:
    """The paragraphs, tables and pictures of a DOCX body, in order, numbered from 1."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise InputError(f"cannot read the draft: {exc.strerror}", str(path)) from None
    if head == _OLE:
        raise InputError("is a Word 97-2003 .doc, not a DOCX: save it as .docx (Word 2007 or later)", str(path))
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a DOCX file (a Word 2007 or later document): {exc}", str(path)) from None
    except Exception as exc:  # zipfile.BadZipFile, lxml's XMLSyntaxError: a damaged package
        raise InputError(f"not a DOCX file, or a damaged one: {exc}", str(path)) from None
    properties = document.core_properties
    subject = (properties.subject or "").strip() or None
    # the author of a file gwformat saved last is the organ; another program's is an account's name
    author = (properties.author or "").strip() or None if properties.last_modified_by == GWFORMAT else None
    return Read(str(path), tuple(_sources(document)), subject, author)


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Where a paragraph's descendants are not its text: a text box's own paragraphs, the
#: fallback copy of a drawing for old readers, and text deleted with changes tracked.
_NOT_ITS_TEXT = (_W + "txbxContent", _MC + "Fallback", _W + "del")
_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: The picture formats gwformat takes, by the content type of the draft's image part.
_SUFFIXES = {"image/jpeg": "jpg", "image/png": "png"}


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in order, also those inside content controls (w:sdt)."""
    for element in parent.iterchildren():
        if element.tag in (_W + "sdt", _W + "customXml"):
            yield from _blocks(element.find(_W + "sdtContent") if element.tag == _W + "sdt" else element)
        elif element.tag != _W + "sectPr":
            yield element


def _sources(document: Any) -> Iterator[Source]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .docx_numbering import Numbering

    numbering = Numbering(document)
    default = _default_size(document)
    for number, element in enumerate(_blocks(document.element.body), start=1):
        place = f"paragraph {number}"
        if element.tag == _W + "tbl":
            cells = tuple(tuple(cell.text for cell in row.cells) for row in Table(element, document).rows)
            yield Source(place, "\n".join("\t".join(row) for row in cells), block="table", cells=cells,
                         content=read_table(element))
            for _ in element.iter(_PICTURE, _VML_IMAGE):
                yield Source(place, "", block="picture in a table cell")
        elif element.tag == _W + "p":
            paragraph = Paragraph(element, document)
            yield _paragraph(paragraph, place, numbering.label(element, list(_styles(paragraph.style))), default)
            for box in _own(element, _W + "txbxContent"):
                yield Source(place, "\n".join("".join(t.text or "" for t in p.iter(_W + "t"))
                                              for p in box.iter(_W + "p")), block="text box")
            pictures = [(_over_text(picture), _picture(document, picture))
                        for picture in _own(element, _PICTURE, _VML_IMAGE)]
            for seal, picture in _seals_left_to_right(pictures):
                yield Source(place, "", block="seal" if seal else "picture", content=picture)
        else:
            yield Source(place, "".join(t.text or "" for t in element.iter(_W + "t")), block=element.tag.split("}")[-1])


def _own(paragraph: Any, *tags: str) -> Iterator[Any]:
    """The paragraph's descendants with ``tags`` that belong to it, not to a text box or a fallback."""
    for element in paragraph.iter(*tags):
        ancestor = element.getparent()
        while ancestor is not None and ancestor is not paragraph and ancestor.tag not in _NOT_ITS_TEXT:
            ancestor = ancestor.getparent()
        if ancestor is paragraph:
            yield element


def _paragraph(paragraph: Any, place: str, label: str | None, default_size: float | None) -> Source:
    from docx.text.run import Run

    style = paragraph.style
    # every run, also those in hyperlinks, smart tags, fields and tracked insertions
    every = [Run(r, paragraph) for r in _own(paragraph._p, _W + "r")]
    runs = [run for run in every if run.text.strip()]
    lead, level, count = _lead(runs)
    lead_runs = [id(run._r) for run in runs[:count]]
    by_bold = set(lead_runs) if level is None else set()  # bold marks this lead: it is no emphasis
    pieces = _marked_runs([(run.text, _bold(run, style), id(run._r) in by_bold) for run in every])
    text = (label or "") + _joined_runs(pieces)
    if lead and level is not None:  # a heading's style marks it: its emphasis is kept
        last = next(i for i, run in enumerate(every) if id(run._r) == lead_runs[-1])
        lead = _joined_runs(pieces[:last + 1])
    sizes = [s for s in (_run_size(run, style) or default_size for run in runs) if s]
    role, level = _role(style, level)
    return Source(
        place=place,
        text=text,
        role=role,
        align=_align(paragraph),
        bold=bool(runs) and all(_run_bold(run, style) for run in runs),
        size=max(sizes) if sizes else None,
        lead=(label or "") + lead if lead else None,
        lead_level=level,
        indent=_indent(paragraph),
        indented=(_indent(paragraph, "first_line_indent") or 0) > 0,
    )


def _role(style: Any, level: int | None) -> tuple[str | None, int | None]:
    """What the paragraph's style says it is: a gwformat style's role, or Word's Title and
    Heading 1 to 4 (built-in names, the same in every language of Word)."""
    name = style.name if style is not None else ""
    heading = re.fullmatch(r"Heading ([1-4])", name)
    if heading:
        return "heading", level or int(heading[1])
    return GW_STYLES.get(name) or WORD_STYLES.get(name), level


def _default_size(document: Any) -> float | None:
    """The document's default type size (w:docDefaults), for runs no style sizes."""
    size = document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
    return int(size.get(_W + "val")) / 2 if size is not None else None


def _lead(runs: list[Any]) -> tuple[str | None, int | None, int]:
    """A run-in heading marked in the draft: runs in a gwformat heading style, or leading bold runs
    before plain ones (how Word users set 一、标题。 in front of their text); and how many runs it is."""
    if not runs:
        return None, None, 0
    level = GW_HEADING_STYLES.get(runs[0].style.name) if runs[0].style is not None else None
    marked = (lambda r: r.style is not None and r.style.name == runs[0].style.name) if level else (lambda r: r.bold)
    count = next((i for i, run in enumerate(runs) if not marked(run)), len(runs))
    if count == 0 or count == len(runs):
        return None, None, 0
    return "".join(run.text for run in runs[:count]), level, count


def _marked_runs(runs: list[tuple[str, bool | None, bool]]) -> list[str]:
    """The text of each of ``runs`` (text, bold, part of a lead marked by boldness), a bold run
    between bold marks unless its boldness marks the lead (a run-in heading).

    A paragraph bold throughout (a title, a heading) has none: its boldness is the paragraph's;
    but a run in gwformat's emphasis style (EMPHASIS_STYLE, with a bold of None) is always marked.
    """
    whole = all(bold is not False or lead or not text.strip() for text, bold, lead in runs)
    return [f"{STRONG_OPEN}{text}{STRONG_CLOSE}" if text.strip() and not lead and (bold is None or bold and not whole)
            else text for text, bold, lead in runs]


def _joined_runs(pieces: list[str]) -> str:
    return "".join(pieces).replace(STRONG_CLOSE + STRONG_OPEN, "")


def _styles(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _formatted(paragraph: Any, name: str) -> Any:
    """A paragraph format's ``name`` (alignment, left_indent …) as Word shows it: the paragraph's own,
    else its style's, else the base styles'."""
    value = getattr(paragraph.paragraph_format, name)
    if value is None:
        value = next((getattr(s.paragraph_format, name) for s in _styles(paragraph.style)
                      if getattr(s.paragraph_format, name) is not None), None)
    return value


def _align(paragraph: Any) -> str | None:
    value = _formatted(paragraph, "alignment")
    return _ALIGN.get(int(value)) if value is not None else None


def _indent(paragraph: Any, name: str = "left_indent") -> float | None:
    """The paragraph's left indent (or ``first_line_indent``) in points."""
    value = _formatted(paragraph, name)
    return float(value.pt) if value is not None else None


def _over_text(picture: Any) -> bool:
    """A floating picture the text does not wrap around, behind or in front of it: how a seal is set.
    A floating picture the text wraps around (w:wrapSquare …) is a picture of the text."""
    anchor = next((a for a in picture.iterancestors() if a.tag == _WP + "anchor"), None)
    return anchor is not None and anchor.find(_WP + "wrapNone") is not None


def _seals_left_to_right(pictures: list[tuple[bool, Picture | None]]) -> list[tuple[bool, Picture | None]]:
    """A paragraph's pictures (seal or not, picture), its seals in their order across the page (the row
    of 署名 of a 联合行文, the host's first), whatever order the file holds them in; when they are not all
    placed from the same edge, their offsets do not compare and the file's order stands."""
    seals = [p for seal, p in pictures if seal]
    frames = {p.left[0] if p and p.left else None for p in seals}
    if len(frames) != 1 or None in frames:
        return pictures
    ordered = iter(sorted(seals, key=lambda p: p.left[1] if p and p.left else 0))
    return [(seal, next(ordered) if seal else p) for seal, p in pictures]


def _picture(document: Any, element: Any) -> Picture | None:
    """A picture's file and the width it is shown at; None when it is not in the draft (a linked file)."""
    blip = element.find(f".//{_A}blip")
    rid = blip.get(_R + "embed") if blip is not None else element.get(_R + "id")
    part = document.part.related_parts.get(rid) if rid else None
    if part is None:
        return None
    holder = next((a for a in element.iterancestors() if a.tag in (_WP + "inline", _WP + "anchor")), None)
    extent = holder.find(_WP + "extent") if holder is not None else None
    width = int(extent.get("cx")) / 36000 if extent is not None else None
    across = holder.find(_WP + "positionH") if holder is not None else None
    offset = across.find(_WP + "posOffset") if across is not None else None
    left = None
    if across is not None and offset is not None and (offset.text or "").strip().lstrip("-").isdigit():
        left = (str(across.get("relativeFrom", "")), int(offset.text))
    return Picture(part.blob, _SUFFIXES.get(part.content_type, part.content_type), width, left)


def read_table(element: Any) -> dict[str, Any]:
    """A w:tbl in the model's shape: header rows (w:tblHeader), body rows, spans from w:gridSpan
    and w:vMerge, relative column widths from the grid and the columns' alignment."""
    grid = [int(c.get(_W + "w") or 0) for c in element.iterfind(f"{_W}tblGrid/{_W}gridCol")]
    rows: list[list[dict[str, Any]]] = []
    header = 0
    opened: dict[int, dict[str, Any]] = {}  # grid column → the cell a vertical merge started there
    for tr in element.iterfind(_W + "tr"):
        if tr.find(f"{_W}trPr/{_W}tblHeader") is not None and header == len(rows):
            header += 1
        row: list[dict[str, Any]] = []
        column = 0
        for tc in tr.iterfind(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span = props.find(_W + "gridSpan") if props is not None else None
            merge = props.find(_W + "vMerge") if props is not None else None
            colspan = int(span.get(_W + "val")) if span is not None else 1
            if merge is not None and merge.get(_W + "val", "continue") == "continue" and column in opened:
                opened[column]["rowspan"] += 1
            else:
                paragraphs = list(tc.iterfind(_W + "p"))
                cell = {"text": "\n".join(_cell_text(p) for p in paragraphs),
                        "colspan": colspan, "rowspan": 1, "align": _cell_align(paragraphs)}
                row.append(cell)
                opened[column] = cell
                if merge is None:
                    del opened[column]
            column += colspan
        rows.append(row)
    return {"header": rows[:header], "rows": rows[header:], "grid": grid, "landscape": _in_landscape(element)}


def _in_landscape(element: Any) -> bool:
    """Whether the table stands in a landscape section (w:orient), as gwformat sets a 横排 table: the
    section's properties are in the first w:sectPr after it, in a paragraph's w:pPr or at the body's end."""
    for following in element.itersiblings():
        section = following if following.tag == _W + "sectPr" else following.find(f"{_W}pPr/{_W}sectPr")
        if section is not None:
            size = section.find(_W + "pgSz")
            return size is not None and size.get(_W + "orient") == "landscape"
    return False


def _cell_text(paragraph: Any) -> str:
    """A cell paragraph's text, its bold runs marked (by their own formatting, w:b)."""
    runs: list[tuple[str, bool | None, bool]] = []
    for run in paragraph.iter(_W + "r"):
        bold = run.find(f"{_W}rPr/{_W}b")
        named = run.find(f"{_W}rPr/{_W}rStyle")
        emphasis = named is not None and named.get(_W + "val") == EMPHASIS_STYLE[0]
        runs.append(("".join(t.text or "" for t in run.iter(_W + "t")), None if emphasis else
                     bold is not None and bold.get(_W + "val", "true") not in ("0", "false", "off"), False))
    return _joined_runs(_marked_runs(runs))


def _cell_align(paragraphs: list[Any]) -> str | None:
    """The cell's alignment: its paragraphs' w:jc, or decimal where a paragraph aligns at a decimal tab stop."""
    if any(tab.get(_W + "val") == "decimal" for p in paragraphs for tab in p.iterfind(f"{_W}pPr/{_W}tabs/{_W}tab")):
        return "decimal"
    jc = next((p.find(f"{_W}pPr/{_W}jc") for p in paragraphs if p.find(f"{_W}pPr/{_W}jc") is not None), None)
    value = jc.get(_W + "val") if jc is not None else None
    return {"start": "left", "end": "right", "both": "left"}.get(value, value) if value else None


def _bold(run: Any, style: Any) -> bool | None:
    """Whether a run is bold, for its emphasis: None for a run in gwformat's emphasis style, which is emphasis."""
    if run.style is not None and run.style.name == EMPHASIS_STYLE[1]:
        return None
    return bool(run.text.strip()) and _run_bold(run, style)


def _run_bold(run: Any, style: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    for s in list(_styles(run.style)) + list(_styles(style)):
        if s.font.bold is not None:
            return bool(s.font.bold)
    return False


def _run_size(run: Any, style: Any) -> float | None:
    if run.font.size is not None:
        return float(run.font.size.pt)
    for s in list(_styles(run.style)) + list(_styles(style)):
        if s.font.size is not None:
            return float(s.font.size.pt)
    return None
