"""Reading a Word draft (.docx) with python-docx into the draft's paragraphs.

A paragraph's direct formatting wins over its style's, and a style's over its base style's, as
Word shows them; the recognisers then only see alignment, boldness and size. Tables and
pictures become sources of their own kind: the recognisers report them as not imported
(the table and image blocks of issue 14 will take them through ``NOT_IMPORTED``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from .patterns import GW_HEADING_STYLES, GW_STYLES, WORD_STYLES
from .source import Read, Source

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {0: "left", 1: "center", 2: "right", 3: "both", 4: "both"}  # WD_ALIGN_PARAGRAPH values
_OLE = b"\xd0\xcf\x11\xe0"  # a Word 97-2003 .doc


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
    return Read(str(path), tuple(_sources(document)))


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Where a paragraph's descendants are not its text: a text box's own paragraphs, the
#: fallback copy of a drawing for old readers, and text deleted with changes tracked.
_NOT_ITS_TEXT = (_W + "txbxContent", _MC + "Fallback", _W + "del")
_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in order, also those inside content controls (w:sdt)."""
    for element in parent.iterchildren():
        if element.tag in (_W + "sdt", _W + "customXml"):
            yield from _blocks(element.find(_W + "sdtContent") if element.tag == _W + "sdt" else element)
        elif element.tag != _W + "sectPr":
            yield element


#: gwformat's styles of the lines set with a table (its title, 续表 line and note) or a picture (its caption).
_BESIDE = {"gw table": "table", "gw table_title": "table", "gw caption": "picture"}


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
            yield Source(place, "\n".join("\t".join(row) for row in cells), block="table", cells=cells)
        elif element.tag == _W + "p":
            paragraph = Paragraph(element, document)
            beside = _BESIDE.get(paragraph.style.name if paragraph.style is not None else "")
            if beside:  # gwformat's line over or under a table or picture: it goes with that block
                yield Source(place, paragraph.text, block=beside)
                continue
            yield _paragraph(paragraph, place, numbering.label(element, list(_styles(paragraph.style))), default)
            for box in _own(element, _W + "txbxContent"):
                yield Source(place, "\n".join("".join(t.text or "" for t in p.iter(_W + "t"))
                                              for p in box.iter(_W + "p")), block="text box")
            for _ in _own(element, _PICTURE, "{urn:schemas-microsoft-com:vml}imagedata"):
                yield Source(place, "", block="picture")
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
    runs = [Run(r, paragraph) for r in _own(paragraph._p, _W + "r")]
    text = (label or "") + "".join(run.text for run in runs)
    runs = [run for run in runs if run.text.strip()]
    lead, level = _lead(runs)
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


def _lead(runs: list[Any]) -> tuple[str | None, int | None]:
    """A run-in heading marked in the draft: runs in a gwformat heading style, or leading bold runs
    before plain ones (how Word users set 一、标题。 in front of their text)."""
    if not runs:
        return None, None
    level = GW_HEADING_STYLES.get(runs[0].style.name) if runs[0].style is not None else None
    marked = (lambda r: r.style is not None and r.style.name == runs[0].style.name) if level else (lambda r: r.bold)
    count = next((i for i, run in enumerate(runs) if not marked(run)), len(runs))
    if count == 0 or count == len(runs):
        return None, None
    return "".join(run.text for run in runs[:count]), level


def _styles(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _align(paragraph: Any) -> str | None:
    value = paragraph.alignment
    if value is None:
        value = next((s.paragraph_format.alignment for s in _styles(paragraph.style)
                      if s.paragraph_format.alignment is not None), None)
    return _ALIGN.get(int(value)) if value is not None else None


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
