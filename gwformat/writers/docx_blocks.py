"""Tables and pictures of a DOCX, from the layout's groups: a w:tbl for each piece of a table, DrawingML pictures.

Each piece the layout placed on a page is a table of its own: its header rows carry
w:tblHeader, every row w:cantSplit and the exact height the layout gave it, so a word
processor puts the same rows on each page as the PDF; a piece that continues a table
opens its page with the 续表 line and repeats the header. Merged cells are w:gridSpan
and w:vMerge. Pictures are inline w:drawing runs, each file one image part; the seal is
an anchored picture behind the text at the PDF's position.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html import escape  # xml.sax.saxutils would load urllib
from typing import TYPE_CHECKING, Callable

from ..layout.tree import Block, CellGroup, Group, Image, Line, TableGroup
from .docx_ppr import ppr
from .docx_text import STYLES, TWIP, _Context, _runs, _twips
from .ooxml import A, R, W, WP

if TYPE_CHECKING:  # an issue without pictures never loads their module
    from ..pictures import Picture

PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _emu(mpt: int) -> int:
    return round(mpt * 12.7)


@dataclass
class Pictures:
    """The document's pictures, each file once: relationship id, part name and the bytes to store."""

    parts: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)  # digest → (rId, part name, data)

    def rid(self, picture: Picture) -> str:
        if picture.digest not in self.parts:
            number = len(self.parts) + 1
            data, suffix = _upright(picture)
            self.parts[picture.digest] = (f"rIdGwPicture{number}", f"/word/media/picture{number}.{suffix}", data)
        return self.parts[picture.digest][0]


def _upright(picture: Picture) -> tuple[bytes, str]:
    """The file as it is, or turned upright when its EXIF orientation asks (word processors differ on it)."""
    suffix = "jpeg" if picture.format == "JPEG" else "png"
    if picture.orientation == 1:
        return picture.data, suffix
    from PIL import Image as PILImage, ImageOps

    with PILImage.open(io.BytesIO(picture.data)) as image:
        turned = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if picture.format == "JPEG":
            turned.save(out, "JPEG", quality=95)
        else:
            turned.save(out, "PNG")
    return out.getvalue(), suffix


StyleId = Callable[[str], str]


def _paragraph(ctx: _Context, line: Line, style: str, jc: str, page_break: bool = False,
               block: Block | None = None) -> str:
    block = block or ctx.document.block
    runs = _runs(ctx, [line], block.left + block.width)
    left = _twips(line.x0 - block.left) if jc == "left" else None
    properties = ppr(style, page_break=page_break, grid=False, exact=_twips(line.band[1] - line.band[0]),
                     left=left, jc=jc)
    return f'<w:p xmlns:w="{W}">{properties}{runs}</w:p>'


def table_xml(ctx: _Context, table: TableGroup, page_break: bool, style_id: StyleId,
              block: Block | None = None) -> list[str]:
    """The piece of a table on one page: its title or 续表 line, the w:tbl, and its note.

    ``block`` is the text block the table stands in: a 横排 piece's is the turned one (Block.turned),
    which is its landscape section's block.
    """
    out: list[str] = []
    rows = [item for item in table.walk() if isinstance(item, Group) and item.role == "row"]
    header_rows = [r for r in rows if ".header[" in r.path]
    parts = {item.role: item for item in table.items if isinstance(item, Group)}
    lead = parts["caption"].lines if "caption" in parts else parts["continued"].lines if "continued" in parts else ()
    notes = parts["note"].lines if "note" in parts else ()
    block = block or ctx.document.block
    for number, line in enumerate(lead):
        centred = abs((line.x0 + line.x1) - (2 * block.left + block.width)) < 2 * TWIP
        jc = "center" if centred else "left" if line.x0 - block.left < block.left + block.width - line.x1 else "right"
        out.append(_paragraph(ctx, line, style_id(line.role), jc, page_break and number == 0, block))
    if page_break and not lead:  # a table cannot break a page itself: a paragraph of one point does
        out.append(f'<w:p xmlns:w="{W}">{ppr(STYLES["table"][0], page_break=True, grid=False, exact=20)}</w:p>')
    rules = table.rules
    thickness = round(rules[0].thickness / 125) if rules else 4  # w:sz is in eighths of a point
    edges = table.edges
    grid = "".join(f'<w:gridCol w:w="{_twips(b - a)}"/>' for a, b in zip(edges, edges[1:]))
    border = "".join(f'<w:{side} w:val="single" w:sz="{thickness}" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    pad = _twips(table.padding_x)
    xml = [f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{_twips(edges[-1] - edges[0])}" w:type="dxa"/>'
           f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/>'
           f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for section in (header_rows, [r for r in rows if r not in header_rows]):
        starts = {(_index(r.path), c.column): c for r in section for c in r.items if isinstance(c, CellGroup)}
        covered: dict[tuple[int, int], CellGroup] = {}
        for (start, column), opening in starts.items():
            for below in range(start + 1, start + opening.rowspan):
                covered[(below, column)] = opening
        for row in section:
            number = _index(row.path)
            height = _twips(row.box[3] - row.box[1]) if row.box else 0
            head = "<w:tblHeader/>" if row in header_rows else ""
            xml.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="exact"/>{head}</w:trPr>')
            column = 0
            while column < len(edges) - 1:
                here = starts.get((number, column))
                spanning = covered.get((number, column))
                if here is not None:
                    xml.append(_cell(ctx, here, edges, style_id, "restart" if here.rowspan > 1 else None,
                                     table.padding_x))
                    column += here.colspan
                elif spanning is not None:
                    xml.append(_cell(ctx, spanning, edges, style_id, "continue", table.padding_x))
                    column += spanning.colspan
                else:
                    column += 1
            xml.append("</w:tr>")
    xml.append("</w:tbl>")
    out.append("".join(xml))
    for line in notes:
        out.append(_paragraph(ctx, line, style_id(line.role), "left", block=block))
    return out


def _index(path: str) -> int:
    return int(path.rsplit("[", 1)[1].rstrip("]"))


def _cell(ctx: _Context, cell: CellGroup, edges: tuple[int, ...], style_id: StyleId, merge: str | None,
          padding: int) -> str:
    width = _twips(edges[cell.column + cell.colspan] - edges[cell.column])
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.colspan > 1:
        props += f'<w:gridSpan w:val="{cell.colspan}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    lines = [] if merge == "continue" else list(cell.lines)
    jc = {"left": "left", "center": "center"}.get(cell.align, "right")
    if not lines:
        return f'<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr(STYLES["table"][0], grid=False)}</w:p></w:tc>'
    assert cell.box is not None  # the layout gives every cell its box
    runs = _runs(ctx, lines, cell.box[2] - padding)
    pitch = _twips(lines[0].band[1] - lines[0].band[0])
    before = _twips(lines[0].band[0] - cell.box[1])  # where the layout centred the text in its box
    tabs: tuple[str, ...] = ()
    if cell.align == "decimal" and len(lines) == 1:
        tabs = (f'<w:tabs><w:tab w:val="decimal" w:pos="{_twips(decimal_point(lines[0]) - cell.box[0] - padding)}"/>'
                f'</w:tabs>',)
        runs, jc = "<w:r><w:tab/></w:r>" + runs, "left"
    properties = ppr(style_id(lines[0].role), before=before, grid=False, exact=pitch, left=0, right=0, first_line=0,
                     jc=jc, extra=tabs)
    return f'<w:tc><w:tcPr>{props}</w:tcPr><w:p>{properties}{runs}</w:p></w:tc>'


def decimal_point(line: Line) -> int:
    """Where the layout put a decimal-aligned number's point: the left edge of its "." (the end of a whole
    number, whose point would follow it). A decimal tab stop there aligns the column in a word processor."""
    return next((glyph.x for glyph in line.glyphs if glyph.char == "."), line.x1)


def figure_xml(ctx: _Context, figure: Group, pictures: Pictures, page_break: bool, style_id: StyleId,
               number: int) -> list[str]:
    """A picture as an inline drawing in a paragraph at least its height (docx_ppr.ppr), then its caption."""
    out = []
    for image in (i for i in figure.items if isinstance(i, Image)):
        rid = pictures.rid(image.picture)
        run = (f'<w:r><w:drawing><wp:inline xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0">'
               f'<wp:extent cx="{_emu(image.width)}" cy="{_emu(image.height)}"/>'
               f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{2000 + number}" name="picture {number}"/>'
               f'<wp:cNvGraphicFramePr/>{_graphic(image, rid, number)}</wp:inline></w:drawing></w:r>')
        properties = ppr(STYLES["figure"][0], page_break=page_break, keep_next=True, grid=False,
                         at_least=_twips(image.height), jc="center")
        out.append(f'<w:p xmlns:w="{W}">{properties}{run}</w:p>')
    for line in (i for i in figure.items if isinstance(i, Line)):
        out.append(_paragraph(ctx, line, style_id(line.role), "center"))
    return out


def _graphic(image: Image, rid: str, number: int) -> str:
    return (f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name="{escape(image.picture.name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{R}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{_emu(image.width)}" cy="{_emu(image.height)}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>')


def seal_run(image: Image, pictures: Pictures, number: int) -> str:
    """The seal as a picture anchored to the page at the PDF's position, behind the text."""
    rid = pictures.rid(image.picture)
    return (f'<w:r xmlns:w="{W}"><w:drawing><wp:anchor xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0" '
            f'simplePos="0" relativeHeight="{100 + number}" behindDoc="1" locked="0" layoutInCell="1" '
            f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{_emu(image.x)}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{_emu(image.y)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{_emu(image.width)}" cy="{_emu(image.height)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:wrapNone/><wp:docPr id="{3000 + number}" name="seal {number}"/><wp:cNvGraphicFramePr/>'
            f'{_graphic(image, rid, 3000 + number)}</wp:anchor></w:drawing></w:r>')
