"""The DOCX writer: an editable Word document that breaks lines and pages as the PDF does.

The document says what it means by ECMA-376, as Word and WPS read it; nothing is written
inverted or out of place to suit one reader. Compression and autospace are off
(characterSpacingControl=doNotCompress, autoSpaceDE/DN 0), nothing hangs (overflowPunct 0),
避头尾 is on (kinsoku), the East Asian language is zh-CN, compatibility mode 15 with no legacy
settings, and the package has a theme. The text is the content's text, with no invisible
characters, so Find and copy-paste work.

Every character carries the width the layout gave it as character spacing (w:spacing, in
twips), the layout's justification included (docx_text._spacings). A line the word processor
must break after is filled to its room less a slack: at least an eighth of an em, and what
follows it (a character, or a number, which no reader breaks) overflows by as much. So no
reader decides a break by a few twips, and each finds the layout's break with its own first
fit. The slack is spread again by the word processor's justification (w:jc=both), and text
typed later reflows as in any document. Compressed punctuation comes from a 开明式 variant of
each face, built while the fonts are embedded: in it ，、；：“”（）《》 are half width, so text
typed later is compressed the same way. The grid is w:docGrid type="lines" (22 lines); the 28
characters a line come from the widths.

What readers do that the specification does not say is measured and listed, each with the
allowance made and the test that shows it, in docx_quirks. Where LibreOffice departs from the
specification the document takes a form both read the same, but one departure has none:
LibreOffice 7.4 ignores autoSpaceDE/DN (its importer drops both) and puts a fifth of the font
height between a digit or letter and a Chinese character. Each line leaves room for that
where Word allows it, but a line with four or more such places (a date such as 5月8日至9日)
cannot leave enough without Word taking one more character, and LibreOffice breaks it one
character early, and the rest of its paragraph with it. Measured cost: the example bulletin
187 of 198 lines identical to the PDF (196 with the zero-width spaces this writer used to
insert), jianbao-neibu 14 of 17, jiyao 8 of 10, jianbao-photos 25 of 28; pages, page starts,
table rows and pictures stay the same in all the examples. Spire.Doc, which reads DOCX as
Word does, gives every line and page start of all of them. No form both read the same was found
(searched in LibreOffice's sources and measured, 2026-12). Its importer (writerfilter's
DomainMapper) drops autoSpaceDE/DN and sets the paragraph's Asian spacing, on by default, from
no other property. Its line builder (SwTextFormatter::BuildPortions) puts the space at every
change of script between two letters or digits, unless the paragraph is on a character grid or
one side is a field or a list number; and a digit's script comes from its Unicode block
(i18npool), so no run property (w:hint, w:lang, a font) changes it. On a character grid
(linesAndChars or snapToChars, any w:charSpace) LibreOffice 7.4 sets each Chinese character in
whole cells, so a w:spacing below a cell is lost (docx_quirks; measured: 21 of the bulletin's 198
lines). The lines it breaks early hold five or more such places, a full em or more, where a line
can leave 276 twips; the two with four (jianbao-photos) need 281 and 298, the four gaps and the
negative spacing it drops at the ends of runs. Giving letters and digits no share of the
justification, so that their runs carry none, brought them to 282 and 296: the share the
Chinese runs take instead is dropped at their ends. Forms that give LibreOffice alone more room
fail in Spire.Doc or in editing: a negative w:right with w:rightChars="0" beside it, of which
LibreOffice reads only the first, is read so by Spire.Doc too (jiyao: 8 of 10 lines), and
w:fitText on the digits, which LibreOffice ignores, fixes their width for text typed later.

Each content paragraph is one Word paragraph with a named style, and so is every other
paragraph (a picture's, a table cell's); paragraph properties are written by docx_ppr, in the
schema's order. A page break the layout put
before a paragraph is a page-break-before; a page that opens with room above its first line
(a title) opens with an empty paragraph of that height, since readers drop space before at the
top of a page. The distribution block is a frame anchored to the bottom margin, so it stays
at the foot of its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape  # xml.sax.saxutils would load urllib
from pathlib import Path

from ..atomic import write_atomically
from ..fonts import subset_font
from ..layout.tree import Document, Line
from .ooxml import (CT_FOOTER, CT_OBFUSCATED_FONT, R, RT_FONT, W, core_properties, font_key, obfuscate, package,
                    theme, xml_part)
from .zipped import deterministic_zip
from .docx_text import (EMPHASIS_STYLE, OCCASIONAL_STYLES, FontNames, STYLES, TWIP, _Context, _Font,
                        _compressed_inside, _rpr, _twips, style_name)
from .docx_body import PARAGRAPH_ROLES, _body_xml, _style_id
from .docx_blocks import RT_IMAGE, Pictures
from .docx_ppr import ppr


def _styles_xml(ctx: _Context) -> str:
    document = ctx.document
    seen: dict[str, Line] = {}
    for page in document.pages:
        for line in page.all_lines:
            seen.setdefault(line.role, line)
            for _, role in line.spans:
                if role in STYLES and STYLES[role][2] == "character":
                    seen.setdefault(role, line)
    body = seen.get("body")
    body_face = next((g.face for g in body.glyphs if not g.face.endswith("-Half")), None) if body else None
    default_rpr = _rpr(ctx.font(body_face or "FandolFang-Regular"), body.size if body else 16000, None, 0)
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">',
           "<w:docDefaults><w:rPrDefault>",
           default_rpr.replace("<w:sz ", '<w:kern w:val="0"/><w:sz ').replace(
               "</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'),
           "</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:kinsoku/>"
           "<w:overflowPunct w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>"
           "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
           "</w:pPr></w:pPrDefault></w:docDefaults>",
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
           '<w:qFormat/></w:style>',
           '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
           '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>']
    # every role the document uses has a style (LibreOffice ignores page-break-before on a
    # paragraph whose style is not defined); the kind's own display roles get one each
    roles = {role: style for role, style in STYLES.items() if role not in OCCASIONAL_STYLES or role in seen}
    for role in seen:
        roles.setdefault(role, (_style_id(role), style_name(role), "paragraph"))
    for role, (style_id, name, kind) in roles.items():
        sample = seen.get(role)
        rpr = ""
        if sample is not None and sample.glyphs:
            start = dict((r, i) for i, r in sample.spans).get(role, 0)
            rpr = _rpr(ctx.font(sample.glyphs[start].face, sample.glyphs[0].char), sample.size, sample.color, 0)
        base = "" if kind == "character" else '<w:basedOn w:val="Normal"/>'
        justified = '<w:pPr><w:jc w:val="both"/></w:pPr>' if role in PARAGRAPH_ROLES else ""
        out.append(f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                   f'{base}<w:qFormat/>{justified}{rpr}</w:style>')
    strong = next(((line, start) for page in document.pages for line in page.all_lines
                   for start, _ in line.emphasis[:1]), None)
    if strong is not None:  # only in a document with emphasis
        line, start = strong
        style_id, name, kind = EMPHASIS_STYLE
        rpr = _rpr(ctx.font(line.glyphs[start].face, line.glyphs[start].char), None, None, 0, bold=True)
        out.append(f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                   f'<w:qFormat/>{rpr}</w:style>')
    out.append("</w:styles>")
    return "".join(out)


def _theme_xml(ctx: _Context) -> str:
    """The theme, naming the faces of the body and of the titles (the first line of each role)."""
    faces: dict[str, str] = {}
    for page in ctx.document.pages:
        for line in page.lines:
            if line.glyphs:
                faces.setdefault(line.role, line.glyphs[0].face)
    body = ctx.font(faces.get("body", "FandolFang-Regular")).name
    return theme(body, ctx.font(faces["title"]).name if "title" in faces else body)


def _settings_xml(embed: bool) -> str:
    """The settings: the fonts embedded, as subsets, when they are."""
    fonts = "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>" if embed else ""
    return xml_part(f'<w:settings xmlns:w="{W}">{fonts}<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
                    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting '
                    'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
                    '</w:compat></w:settings>')


def _font_table(ctx: _Context, embedded: dict[str, tuple[str, str]]) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:fonts xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
    for name in sorted({f.name for f in ctx.fonts.values()}):
        entry = f'<w:font w:name="{escape(name)}"><w:charset w:val="86"/><w:family w:val="roman"/>' \
                f'<w:pitch w:val="variable"/>'
        if name in embedded:
            rid, key = embedded[name]
            entry += f'<w:embedRegular r:id="{rid}" w:fontKey="{key}" w:subsetted="1"/>'
        out.append(entry + "</w:font>")
    out.append("</w:fonts>")
    return "".join(out)


def _subset(font: _Font, name: str, chars: set[str]) -> bytes:
    """The face cut to ``chars``; for a 开明式 font, its compressible marks swapped for the half-width ones."""
    swap = "".join(sorted(c for c in chars if _compressed_inside(c))) if font.half else ""
    return subset_font(font.face.path, "".join(sorted(chars)), name=name if font.half else None,
                       half=font.half.path if font.half else None, swap=swap)


def _footer_xml(ctx: _Context, folio: Line | None, odd: bool) -> str:
    if folio is None:
        return f'<w:ftr xmlns:w="{W}"><w:p>{ppr(STYLES["folio"][0])}</w:p></w:ftr>'
    block = ctx.document.block
    face = next(g.face for g in folio.glyphs if g.char.isdigit())
    dash_face = folio.glyphs[0].face
    rpr = _rpr(ctx.font(face), folio.size, folio.color, 0)
    dash = _rpr(ctx.font(dash_face), folio.size, folio.color, 0)
    ctx.used.setdefault(ctx.font(face).name, set()).update("0123456789")
    ctx.used.setdefault(ctx.font(dash_face).name, set()).update("— ")
    right = _twips(block.left + block.width - folio.x1) if odd else None
    left = None if odd else _twips(folio.x0 - block.left)
    properties = ppr(STYLES["folio"][0], grid=False, jc="right" if odd else "left", left=left, right=right)
    return f'<w:ftr xmlns:w="{W}">{_folio_paragraph(folio, properties, rpr, dash)}</w:ftr>'


def _turned_footer_xml(ctx: _Context, folio: Line, odd: bool) -> str:
    """The footer of a 横排 section: the page number in its portrait place, turned with the sheet.

    The landscape page is the sheet turned a quarter (Page.turn), so the portrait folio's place
    is a narrow frame at the landscape page's left edge, and its text runs down the page, each
    character turned a quarter clockwise (w:textDirection tbRl; LibreOffice 7.4 ignores the place
    of a DrawingML text box in a footer, a frame it keeps). The frame reaches from the block's
    edge to the folio's end (odd) or from its start (even), and the text keeps to that end.
    """
    _footer_xml(ctx, folio, odd)  # the fonts' characters, as for the upright footer
    document = ctx.document
    block, height = document.block, document.pages[0].height
    face = next(g.face for g in folio.glyphs if g.char.isdigit())
    rpr = _rpr(ctx.font(face), folio.size, folio.color, 0)
    dash = _rpr(ctx.font(folio.glyphs[0].face), folio.size, folio.color, 0)
    top, bottom = folio.band
    start, end = (block.left, folio.x1) if odd else (folio.x0, block.left + block.width)
    frame = (f'<w:framePr w:w="{_twips(bottom - top)}" w:h="{_twips(end - start)}" w:hRule="exact" w:hSpace="0" '
             f'w:wrap="around" w:vAnchor="page" w:hAnchor="page" w:x="{_twips(height - bottom)}" '
             f'w:y="{_twips(start)}"/>')
    properties = ppr(STYLES["folio"][0], grid=False, jc="right" if odd else "left",
                     extra=(frame, '<w:textDirection w:val="tbRl"/>'))
    return (f'<w:ftr xmlns:w="{W}">{_folio_paragraph(folio, properties, rpr, dash)}'
            f'<w:p>{ppr(STYLES["folio"][0], grid=False)}</w:p></w:ftr>')


def _folio_paragraph(folio: Line, properties: str, rpr: str, dash: str) -> str:
    """The page number's paragraph: — PAGE —, the field showing the layout's number until a reader updates it."""
    return (f'<w:p>{properties}'
            f'<w:r>{dash}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{folio.glyphs[2].char if len(folio.glyphs) > 2 else 1}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r>{dash}<w:t xml:space="preserve"> —</w:t></w:r></w:p>')


@dataclass
class _Section:
    """A section's properties (w:sectPr): its footers by type (default, even, first) and relationship id,
    whether its page is turned (横排) and whether its first page has a footer of its own."""

    footers: list[tuple[str, str]] = field(default_factory=list)
    landscape: bool = False
    first_page: bool = False

    def xml(self, ctx: _Context, folios: tuple[Line | None, Line | None]) -> str:
        margins = _turned_margins(ctx) if self.landscape else _upright_margins(ctx, folios)
        references = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>' for kind, rid in self.footers)
        first = "<w:titlePg/>" if self.first_page else ""
        return (f'<w:sectPr>{references}{margins}<w:cols w:space="425"/>{first}'
                f'<w:docGrid w:type="lines" w:linePitch="{ctx.pitch}"/></w:sectPr>')


class _Footers:
    """The document's footer parts, numbered and related in the order they are made (rId5 on: the
    main document's first four relationships are its styles, settings, font table and theme)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, xml: str) -> str:
        self.parts.append(xml_part(xml))
        return f"rId{4 + len(self.parts)}"

    def pair(self, ctx: _Context, folios: tuple[Line | None, Line | None] | None) -> list[tuple[str, str]]:
        """An upright section's odd and even footers, with the page numbers ``folios`` (None: without)."""
        odd, even = folios or (None, None)
        return [("default", self.add(_footer_xml(ctx, odd, True))), ("even", self.add(_footer_xml(ctx, even, False)))]


def _upright_margins(ctx: _Context, folios: tuple[Line | None, Line | None]) -> str:
    document = ctx.document
    block = document.block
    page = document.pages[0]
    width = _twips(block.width)
    right = _twips(page.width) - _twips(block.left) - width
    bottom = _twips(page.height - block.top - block.height)
    folio = folios[0] or folios[1]
    footer = _twips(page.height - folio.band[1]) if folio else 720
    return (f'<w:pgSz w:w="{_twips(page.width)}" w:h="{_twips(page.height)}"/>'
            f'<w:pgMar w:top="{_twips(block.top)}" w:right="{right}" w:bottom="{bottom}" '
            f'w:left="{_twips(block.left)}" w:header="851" w:footer="{footer}" w:gutter="0"/>')


def _turned_margins(ctx: _Context) -> str:
    """A 横排 section's page: the sheet turned (w:orient="landscape"), with margins that make its text block
    the turned block."""
    document = ctx.document
    page, upright = document.pages[0], document.block
    block = upright.turned(page.height)
    width, height = _twips(page.height), _twips(page.width)
    bottom = height - _twips(block.top) - _twips(block.height)
    folio = next((p.folio for p in document.pages if p.folio is not None), None)
    under = _twips(folio.band[1] - upright.top - upright.height) if folio else 0  # the folio's foot under the block
    footer = max(bottom - under, 0) if folio else 720
    return (f'<w:pgSz w:w="{width}" w:h="{height}" w:orient="landscape"/>'
            f'<w:pgMar w:top="{_twips(block.top)}" w:right="{width - _twips(block.left) - _twips(block.width)}" '
            f'w:bottom="{bottom}" w:left="{_twips(block.left)}" w:header="851" w:footer="{footer}" w:gutter="0"/>')


#: the section marks docx_body._end_section leaves in the body, a 横排 section's and an upright one's
_TURNED_MARK, _UPRIGHT_MARK = '<w:sectPr><w:pgSz w:orient="landscape"/></w:sectPr>', "<w:sectPr/>"


def render_docx(document: Document, *, font_names: FontNames = "shipped", embed_fonts: bool = True) -> bytes:
    """The DOCX of ``document`` as bytes.

    ``font_names``: "shipped" names the free faces gwformat ships (and embeds them, unless
    ``embed_fonts`` is False), so the document looks the same on any machine; "standard" names
    the faces GB/T 9704 prescribes (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) for offices
    that have them installed.

    Every part is written as text and zipped (writers.zipped): no XML tree is built, so the
    writer's memory is the document's text, and it imports no XML library.
    """
    if font_names not in ("shipped", "standard"):
        raise ValueError(f"font_names must be 'shipped' or 'standard', not {font_names!r}")
    ctx = _Context(document, font_names, embed_fonts, document.block.row_pitch // TWIP)
    ctx.pictures = Pictures()
    body = _body_xml(ctx)
    styles = _styles_xml(ctx)
    numbered = [p for p in document.pages if p.folio is not None]
    odd = next((p.folio for p in numbered if p.number % 2), None)
    even = next((p.folio for p in numbered if p.number % 2 == 0), None)
    folios = (odd, even)

    footers = _Footers()
    final = _Section(footers.pair(ctx, folios))
    if document.pages[0].folio is None and document.pages[0].lines:
        # no number on the first page (信函格式): a first-page footer of its own, empty
        final.first_page = True
        final.footers.append(("first", footers.add(_footer_xml(ctx, None, True))))
    sections = _whole_sections(ctx, body, final, footers, folios)
    # a blank page left before the last one: it and the last page carry no number (GB/T 9704, 7.5)
    if any(p.folio is None and not p.lines for p in document.pages):
        _split_unnumbered(ctx, body, final, sections, footers)
    for index, (section, marked) in sections.items():
        xml = section.xml(ctx, folios)
        if marked:
            body[index] = body[index].replace(_TURNED_MARK if section.landscape else _UPRIGHT_MARK, xml, 1)
        else:
            body[index] = body[index].replace("</w:pPr>", xml + "</w:pPr>", 1)
    main = _document_xml(body, final.xml(ctx, folios))

    font_rels, fonts = _embedded_fonts(ctx)
    font_table = _font_table(ctx, {name: (rid, key) for name, rid, key, _ in font_rels})
    types = {f"/word/footer{n}.xml": CT_FOOTER for n in range(1, len(footers.parts) + 1)}
    types.update((f"/word/{target}", CT_OBFUSCATED_FONT) for _, _, _, target in font_rels)
    media = dict(fonts)
    rels = [(f"rId{n}", "footer", f"footer{n - 4}.xml") for n in range(5, 5 + len(footers.parts))]
    for rid, name, data in ctx.pictures.parts.values():
        types[name] = "image/jpeg" if name.endswith(".jpeg") else "image/png"
        media[name.lstrip("/")] = data
        rels.append((rid, RT_IMAGE, name.removeprefix("/word/")))
    members = package(
        main, {f"word/footer{n}.xml": xml for n, xml in enumerate(footers.parts, start=1)}, styles,
        _settings_xml(ctx.embed), font_table, _theme_xml(ctx),
        core_properties(document.title, document.author, document.subject, document.date), rels,
        [(rid, RT_FONT, target) for _, rid, _, target in font_rels], types, media)
    return deterministic_zip(members)


def _document_xml(body: list[str], last_section: str) -> bytes:
    """word/document.xml, encoded piece by piece: the body's paragraphs and tables, each then dropped
    from ``body``, so that the document's text is held once as text and once encoded, not joined again.

    Each piece declares the main namespace for itself (docx_body writes them to stand alone); the
    document declares it once.
    """
    pieces = [xml_part(f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>').encode("utf-8")]
    for index, xml in enumerate(body):
        pieces.append(xml.replace(f'<w:p xmlns:w="{W}">', "<w:p>").replace(f'<w:tbl xmlns:w="{W}">', "<w:tbl>")
                      .encode("utf-8"))
        body[index] = ""
    pieces.append(f"{last_section}</w:body></w:document>".encode("utf-8"))
    return b"".join(pieces)


def _whole_sections(ctx: _Context, body: list[str], final: _Section, footers: _Footers,
                    folios: tuple[Line | None, Line | None]) -> dict[int, tuple[_Section, bool]]:
    """Each section mark the body left (docx_body._end_section) becomes a whole section: a copy of the
    last one, with its footers, and for a 横排 section the page turned. Only the first section has a
    first page of its own. Returns the sections by the index of the paragraph whose mark they replace (True: a mark).

    A 横排 section has footers of its own, which keep the page number in its portrait place
    (_turned_footer_xml); the portrait sections share the first one's.
    """
    sections: dict[int, tuple[_Section, bool]] = {}
    for index, paragraph in enumerate(body):
        if "<w:sectPr" not in paragraph:  # text cannot hold it: its < is escaped
            continue
        section = replace(final, footers=list(final.footers), first_page=final.first_page and not sections)
        if _TURNED_MARK in paragraph:
            section.landscape = True
            section.footers = [(kind, footers.add(_turned_footer_xml(ctx, folio, odd) if folio
                                                  else _footer_xml(ctx, None, odd)))
                               for kind, folio, odd in (("default", folios[0], True), ("even", folios[1], False))]
        sections[index] = (section, True)
    if sections:
        final.first_page = False
    return sections


def _split_unnumbered(ctx: _Context, body: list[str], final: _Section, sections: dict[int, tuple[_Section, bool]],
                      footers: _Footers) -> None:
    """End the numbered section before the blank page; the rest has footers without numbers.

    The numbered section, a copy of the first, ends in the last paragraph of text (into ``sections``);
    an empty page, then the distribution's page follow it.
    """
    paragraphs = [i for i, xml in enumerate(body) if xml.startswith(("<w:p ", "<w:p>"))]
    # the blank page and the distribution block follow the last body paragraph
    framed = [i for i in paragraphs if "<w:framePr " in body[i].partition("</w:pPr>")[0]]
    last_text = paragraphs[paragraphs.index(framed[0]) - 1] if framed else paragraphs[-1]
    first = sections[min(sections)][0] if sections else final
    start, _, rest = body[last_text].partition(">")
    if not rest.startswith("<w:pPr>"):
        body[last_text] = f"{start}><w:pPr></w:pPr>{rest}"
    at = framed[0] if framed else len(body)
    moved = {index + 2 if index >= at else index: section for index, section in sections.items()}
    sections.clear()
    sections.update(moved)
    sections[last_text] = (replace(first, footers=list(first.footers)), False)
    body[at:at] = [f'<w:p xmlns:w="{W}">{ppr(STYLES["body"][0])}</w:p>',
                   f'<w:p xmlns:w="{W}">{ppr(STYLES["body"][0], page_break=True)}</w:p>']
    final.footers = footers.pair(ctx, None)


def _embedded_fonts(ctx: _Context) -> tuple[list[tuple[str, str, str, str]], dict[str, bytes]]:
    """Subsets of the named shipped faces, obfuscated: for each, its name, relationship id from the font
    table, key and part name under word/; and the parts' members."""
    rels: list[tuple[str, str, str, str]] = []
    members: dict[str, bytes] = {}
    by_name = {f.name: f for f in ctx.fonts.values()}
    if ctx.embed:
        for number, name in enumerate(sorted(by_name), start=1):
            font = by_name[name]
            if not font.embed:
                continue
            key = font_key(name)
            target = f"fonts/font{number}.odttf"
            members[f"word/{target}"] = obfuscate(_subset(font, name, ctx.used.get(name, set()) | {" "}), key)
            rels.append((name, f"rId{len(rels) + 1}", key, target))
    return rels, members


def write_docx(document: Document, path: str | Path, **options) -> Path:
    """Write the DOCX of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_docx(document, **options))
