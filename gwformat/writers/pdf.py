"""The PDF writer: draws a laid-out Document with reportlab, nothing more.

Every glyph is placed where the layout put it; fonts are embedded as subsets
(reportlab embeds only the glyphs used). The output is byte-stable: reportlab's
invariant mode fixes the document id and timestamps.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..atomic import write_atomically
from ..fonts import load_face
from ..layout.tree import MPT_PER_PT, Document, Line, Page


def _register(key: str) -> str:
    if key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(key, str(load_face(key).path)))
    return key


def _pt(value: int) -> float:
    return value / MPT_PER_PT


def _draw_line(canvas: Canvas, page: Page, line: Line) -> None:
    if not line.ink:
        return
    text = canvas.beginText()
    text.setFillColor(HexColor(line.color))
    size = _pt(line.size)
    y = _pt(page.height - line.baseline)
    face = None
    for glyph in line.ink:
        if glyph.face != face:
            face = glyph.face
            text.setFont(_register(face), size)
        text.setTextOrigin(_pt(glyph.x), y)
        text.textOut(glyph.char)
    canvas.drawText(text)


def render_pdf(document: Document) -> bytes:
    """The PDF of ``document`` as bytes."""
    first_face = next((g.face for p in document.pages for l in p.lines for g in l.ink), None)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        invariant=1,
        pageCompression=1,
        initialFontName=_register(first_face) if first_face else None,
        initialFontSize=16,
    )
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setCreator("gwformat")
    for page in document.pages:
        canvas.setPageSize((_pt(page.width), _pt(page.height)))
        for rule in page.rules:
            canvas.setStrokeColor(HexColor(rule.color))
            canvas.setLineWidth(_pt(rule.thickness))
            y = _pt(page.height - rule.y)
            canvas.line(_pt(rule.x0), y, _pt(rule.x1), y)
        for line in page.all_lines:
            _draw_line(canvas, page, line)
        canvas.showPage()
    # binary streams: ASCII85 would make the file a quarter larger and slower to write
    previous, rl_config.useA85 = rl_config.useA85, 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = previous
    return buffer.getvalue()


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write the PDF of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_pdf(document))
