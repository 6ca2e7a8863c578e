"""The parts of a WordprocessingML package, written as text (ECMA-376 Part 1 and Part 2, OPC).

* the package's relationships and content types, and the core and application properties;
* the theme (python-docx's default template, which gwformat no longer opens, set East Asian
  text to ja-JP and paragraph spacing after=200 line=276, and had none);
* embedded fonts, obfuscated as ECMA-376 Part 1, 17.8.1 requires.

writers.zipped packs the members into the same bytes for the same content.
"""

from __future__ import annotations

import uuid
from typing import Iterable
from html import escape  # xml.sax.saxutils would load urllib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."
CT_FOOTER = _CT + "wordprocessingml.footer+xml"

#: the relationships of every package, and of every main document: target, and the relationship's type
_PACKAGE_RELS = (("word/document.xml", "officeDocument"),
                 ("docProps/core.xml", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                       "core-properties"),
                 ("docProps/app.xml", "extended-properties"))
_DOCUMENT_RELS = (("styles.xml", "styles"), ("settings.xml", "settings"), ("fontTable.xml", "fontTable"),
                  ("theme/theme1.xml", "theme"))
_CONTENT_TYPES = {"/word/document.xml": _CT + "wordprocessingml.document.main+xml",
                  "/word/styles.xml": _CT + "wordprocessingml.styles+xml",
                  "/word/settings.xml": _CT + "wordprocessingml.settings+xml",
                  "/word/fontTable.xml": _CT + "wordprocessingml.fontTable+xml",
                  "/word/theme/theme1.xml": _CT + "theme+xml",
                  "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                  "/docProps/app.xml": _CT + "extended-properties+xml"}
#: the extensions whose parts a Default names, by their usual content type (ECMA-376 Part 2, 10.1.2.2)
_DEFAULTS = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml",
             "jpeg": "image/jpeg", "png": "image/png"}

_APP = (_DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>gwformat</Application></Properties>')


def xml_part(root: str) -> str:
    """A part's XML: the declaration, then ``root``."""
    return _DECLARATION + root


def relationships(rels: Iterable[tuple[str, str, str]]) -> str:
    """A relationships part (ECMA-376 Part 2, 9.3) of ``rels``: id, type (a full URI, or the name of an
    officeDocument relationship type) and target, in that order."""
    items = "".join(f'<Relationship Id="{rid}" Type="{kind if ":" in kind else _RT + kind}" Target="{target}"/>'
                    for rid, kind, target in rels)
    return xml_part(f'<Relationships xmlns="{PKG_REL}">{items}</Relationships>')


def core_properties(title: str, author: str, subject: str, date: str) -> str:
    """docProps/core.xml: the document's title, author, subject and date (its day, at midnight UTC)."""
    def text(tag: str, value: str) -> str:
        return f"<{tag}>{escape(value, quote=False)}</{tag}>" if value else f"<{tag}/>"

    when = f"{date}T00:00:00Z"
    return xml_part(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{text("dc:title", title)}{text("dc:creator", author)}{text("dc:subject", subject)}'
        '<dc:language>zh-CN</dc:language><cp:lastModifiedBy>gwformat</cp:lastModifiedBy><cp:revision>1</cp:revision>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')


def package(document: str | bytes, parts: dict[str, str], styles: str, settings: str, font_table: str, theme_xml: str,
            core: str, rels: Iterable[tuple[str, str, str]], font_rels: Iterable[tuple[str, str, str]],
            content_types: dict[str, str], media: dict[str, bytes]) -> dict[str, bytes | str]:
    """The members of a WordprocessingML package (name to content), for writers.zipped.

    ``parts`` are further XML parts under word/ (footers, by name); ``rels`` the main document's
    relationships beyond styles, settings, font table and theme, which take rId1 to rId4;
    ``font_rels`` the font table's; ``content_types`` the content type of each part that is
    not XML of a known kind (fonts, pictures, footers), by part name.
    """
    members: dict[str, bytes | str] = {
        "_rels/.rels": relationships((f"rId{n}", kind, target) for n, (target, kind) in enumerate(_PACKAGE_RELS, 1)),
        "word/document.xml": document, "word/styles.xml": styles, "word/settings.xml": settings,
        "word/fontTable.xml": font_table, "word/theme/theme1.xml": theme_xml, "docProps/core.xml": core,
        "docProps/app.xml": _APP,
        "word/_rels/document.xml.rels": relationships(
            [(f"rId{n}", kind, target) for n, (target, kind) in enumerate(_DOCUMENT_RELS, 1)] + list(rels))}
    font_rels = list(font_rels)
    if font_rels:
        members["word/_rels/fontTable.xml.rels"] = relationships(font_rels)
    members.update(parts)
    members.update(media)
    types = {**_CONTENT_TYPES, **content_types}
    defaults = {"rels": _DEFAULTS["rels"], "xml": _DEFAULTS["xml"]}
    overrides: dict[str, str] = {}
    for name, kind in types.items():
        extension = name.rpartition(".")[2]
        if _DEFAULTS.get(extension.lower()) == kind:
            defaults[extension] = kind
        else:
            overrides[name] = kind
    members["[Content_Types].xml"] = xml_part(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{defaults[e]}"/>' for e in sorted(defaults))
        + "".join(f'<Override PartName="{n}" ContentType="{overrides[n]}"/>' for n in sorted(overrides))
        + "</Types>")
    return members


def theme(body_font: str, heading_font: str) -> str:
    """The document's theme (DrawingML, ECMA-376 Part 1, 20.1.6): Word expects one, and takes the
    fonts of its theme for text without fonts of its own, so they are the document's faces.

    Colours are Office's defaults; the fill, line and effect lists hold the three entries
    the schema requires, plain ones.
    """
    colours = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in (
        ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"),
        ("accent2", "ED7D31"), ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"),
        ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")))

    def fonts(kind: str, name: str) -> str:
        name = escape(name)
        return (f'<a:{kind}><a:latin typeface="{name}"/><a:ea typeface="{name}"/><a:cs typeface=""/>'
                f'<a:font script="Hans" typeface="{name}"/></a:{kind}>')

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<a:theme xmlns:a="{A}" name="gwformat"><a:themeElements>'
            f'<a:clrScheme name="gwformat">{colours}</a:clrScheme>'
            f'<a:fontScheme name="gwformat">{fonts("majorFont", heading_font)}{fonts("minorFont", body_font)}'
            f'</a:fontScheme>'
            f'<a:fmtScheme name="gwformat"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>'
            f'</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')


def font_key(name: str) -> str:
    """A fixed GUID per font, so the package is the same every time: {XXXXXXXX-…}."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "gwformat-font:" + name)).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes in reverse order (ECMA-376-1, 17.8.1)."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes(int(digits[i:i + 2], 16) for i in range(0, 32, 2))[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]
