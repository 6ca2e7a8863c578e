"""The PDF writer: draws a laid-out Document with reportlab, nothing more.

Every glyph is placed where the layout put it; fonts are embedded as subsets
(reportlab embeds only the glyphs used). The output is byte-stable: reportlab's
invariant mode fixes the document id and timestamps.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from functools import lru_cache
from pathlib import Path


def _defer_pillow() -> None:
    """Load Pillow's Image module when it is first used, not when reportlab starts.

    reportlab.lib.utils imports it at start-up, for bitmaps, which this writer never
    draws: a fifth of reportlab's import time. LazyLoader is the standard library's way.
    """
    if "PIL.Image" in sys.modules:
        return
    spec = importlib.util.find_spec("PIL.Image")
    if spec is None or spec.loader is None:
        return
    import PIL

    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    PIL.Image = module  # type: ignore[attr-defined]


_defer_pillow()
from reportlab import rl_config  # noqa: E402 (after _defer_pillow)
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFInfo, PDFString, format as pdf_format
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ..atomic import write_atomically
from ..fonts import load_face
from ..layout.tree import MPT_PER_PT, Document, Glyph, Image, Line, Page
from .pdf_fonts import CachedTTFont
from .pdf_reuse import draw_page, remembered_streams


_FONTS: dict[str, TTFont] = {}

#: The language of the text, in the catalog's /Lang (ISO 32000-1, 14.9.2): screen readers and
#: search pick their rules by it.
LANGUAGE = "zh-CN"
#: The key of the document information that names the kind that made the PDF; lint reads it.
KIND_KEY = "/GwformatKind"


def pdf_date(day: str) -> str:
    """An ISO date as a PDF date at midnight, China Standard Time: the issue's own date, where
    reportlab's invariant mode writes 2000-01-01, and still the same bytes from build to build."""
    return f"D:{day.replace('-', '')}000000+08'00'"


class _Info(PDFInfo):
    """reportlab's document information, with the kind (``KIND_KEY``) added to its dictionary."""

    kind = ""

    def format(self, document: object) -> bytes:
        text: bytes = super().format(document)
        if not self.kind:
            return text
        head, tail = text.rsplit(b">>", 1)  # the dictionary's end
        return head + KIND_KEY.encode() + b" " + pdf_format(PDFString(self.kind), document) + b"\n>>" + tail


def _register(key: str) -> TTFont:
    """The reportlab font of a shipped face, registered with reportlab on first use."""
    if key not in _FONTS:
        _FONTS[key] = CachedTTFont(key, load_face(key).path)
        pdfmetrics.registerFont(_FONTS[key])
    return _FONTS[key]


@lru_cache(maxsize=4096)
def _offset(gap: int, scale: int) -> str:
    """A TJ offset: ``gap`` (millipoints × units per em) against ``scale`` (size × units per em)."""
    return fp_str(-gap * 1000 / scale)


_HEX = [f"{code:02x}" for code in range(256)]


def _pt(value: int) -> float:
    return value / MPT_PER_PT


class _LineText(PDFTextObject):
    """A text object that sets a line's glyphs where the layout put them.

    Each glyph's offset from its predecessor's natural advance goes into a TJ array,
    one array per font subset, so a line is a handful of operators and every reader
    places the glyphs alike (readers disagree on how character spacing, Tc, ends a
    string). reportlab has no call for positioned glyphs, so the operators are
    written here; reportlab still encodes the glyphs and embeds the subsets.
    """

    def set_glyphs(self, ink: tuple[Glyph, ...], size: int) -> None:
        """Set ``ink``, the glyphs of one line in text ``size``, from the current origin."""
        doc = self._canvas._doc
        tf = f"{fp_str(_pt(size))} Tf"
        current = None
        items: list[str] = []  # the TJ array being made: strings of glyph codes, each with its offset
        codes = ""  # the glyph codes (hex) of the string being made

        def flush() -> None:
            nonlocal codes
            if codes:
                items.append(f"<{codes}>")
                codes = ""
            if items:
                self._code.append("[" + "".join(items) + "] TJ")
                items.clear()

        count = len(ink)
        i = 0
        while i < count:
            key = ink[i].face
            j = i + 1
            while j < count and ink[j].face == key:
                j += 1
            font = _register(key)
            face = load_face(key)
            advances, upem, scale = face.advances, face.units_per_em, size * face.units_per_em
            for subset, encoded in font.splitString("".join(g.char for g in ink[i:j]), doc):
                name = font.getSubsetInternalName(subset, doc)
                if name != current:
                    flush()
                    self._code.append(f"{name} {tf}")
                    current = name
                for code in encoded:
                    codes += _HEX[code]
                    if i + 1 < count:
                        # what the layout adds to the glyph's own advance, in font units × size
                        gap = (ink[i + 1].x - ink[i].x) * upem - advances[ord(ink[i].char)] * size
                        if gap:
                            items.append(f"<{codes}>{_offset(gap, scale)}")
                            codes = ""
                    i += 1
        flush()


def _draw_line(canvas: Canvas, height: int, line: Line) -> None:
    """``line`` on a frame ``height`` high (the page's, or its turned frame's on a 横排 page)."""
    ink = line.ink
    if not ink:
        return
    text = _LineText(canvas)
    text.setFillColor(HexColor(line.color))
    text.setTextOrigin(_pt(ink[0].x), _pt(height - line.baseline))
    text.set_glyphs(ink, line.size)
    canvas.drawText(text)


def _draw_image(canvas: Canvas, frame: int, image: Image, readers: dict[str, ImageReader]) -> None:
    """The picture into its box, turned as its EXIF orientation says; a JPEG goes in as it is (DCTDecode),
    a PNG's transparency as a soft mask, and a picture used twice is one image object (reportlab keys
    them by content). ``frame`` is the height of the frame it stands in (see _draw_line)."""
    from ..pictures import unit_transform  # an issue without pictures never loads it

    picture = image.picture
    reader = readers.get(picture.digest)
    if reader is None:
        reader = readers[picture.digest] = ImageReader(io.BytesIO(picture.data))
    x, y = _pt(image.x), _pt(frame - image.y - image.height)
    width, height = _pt(image.width), _pt(image.height)
    a, b, c, d, e, f = unit_transform(picture.orientation, y_up=True)
    canvas.saveState()
    canvas.transform(a * width, b * height, c * width, d * height, x + e * width, y + f * height)
    previous, rl_config.useA85 = rl_config.useA85, 0  # binary streams, as for the rest of the file
    try:
        canvas.drawImage(reader, 0, 0, 1, 1, mask="auto")
    finally:
        rl_config.useA85 = previous
    canvas.restoreState()


def _draw_page(canvas: Canvas, page: Page, readers: dict[str, ImageReader]) -> None:
    """The page's pictures, rules, lines and number; on a 横排 page all but the number turned a quarter
    anticlockwise (a cm operator), so that the text stays text, turned, for every reader."""
    height = page.height
    if page.landscape:
        height = page.width  # the turned frame is as high as the sheet is wide
        canvas.saveState()
        canvas.transform(0, 1, -1, 0, _pt(page.width), 0)  # Page.turn, in PDF's upward y
    for image in page.images:  # under the rules and the text: text stays readable through a seal
        _draw_image(canvas, height, image, readers)
    for rule in page.rules:
        canvas.setStrokeColor(HexColor(rule.color))
        canvas.setLineWidth(_pt(rule.thickness))
        canvas.line(_pt(rule.x0), _pt(height - rule.y), _pt(rule.x1), _pt(height - rule.y_end))
    for line in page.lines:
        _draw_line(canvas, height, line)
    if page.landscape:
        canvas.restoreState()
    if page.folio is not None:  # upright on every page (GB/T 9704-2012, 8)
        _draw_line(canvas, page.height, page.folio)


def outline(document: Document) -> list[tuple[int, str, int, int]]:
    """The PDF's bookmarks as (page index, text, level, top in mpt): a 栏目 at the top level with
    the articles and 附件 after it under it; articles before any 栏目 (or with none) at the top.

    Read from the tree's groups: a ``column`` label, an article's ``title`` (its lines as one),
    and an attachment's ``label`` (附件1), which goes before its title's text.
    """
    entries: list[tuple[int, str, int, int]] = []
    column = False
    for index, page in enumerate(document.pages):
        label = ""
        for group in page.groups:
            if group.role == "label" and group.path.startswith("articles[") and group.lines:
                label = group.lines[0].text.rstrip("：:") + "\u3000"
            elif group.role in ("column", "title") and group.lines:
                text = "".join(line.text for line in group.lines)
                top = min(line.band[0] for line in group.lines)
                entries.append((index, text if group.role == "column" else label + text,
                                int(column and group.role == "title"), top))
                column = column or group.role == "column"
                label = ""
    return entries


def _bookmark(canvas: Canvas, page: Page, number: int, entry: tuple[int, str, int, int]) -> None:
    """A bookmark for ``entry`` on the current page: its place is the left of the block at the entry's top."""
    _, text, level, top = entry
    key = f"b{number}"  # keys by position: the same document gives the same bytes
    canvas.bookmarkPage(key, fit="XYZ", left=0, top=_pt(page.height - top))
    canvas.addOutlineEntry(text, key, level=level)


def render_pdf(document: Document) -> bytes:
    """The PDF of ``document`` as bytes."""
    known = set(pdfmetrics.getRegisteredFontNames())
    for key, font in _FONTS.items():  # reportlab's registry may have been reset since (its own tests do)
        if key not in known:
            pdfmetrics.registerFont(font)
    first_face = next((g.face for p in document.pages for l in p.lines for g in l.ink), None)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        invariant=1,
        pageCompression=1,
        initialFontName=_register(first_face).fontName if first_face else None,
        initialFontSize=16,
        lang=LANGUAGE,
    )
    info = canvas._doc.info = _Info()  # reportlab has no call for a key of one's own
    info.kind = document.kind
    canvas.setDateFormatter(lambda *_: pdf_date(document.date))
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setCreator("gwformat")
    readers: dict[str, ImageReader] = {}
    bookmarks: dict[int, list[tuple[int, tuple[int, str, int, int]]]] = {}
    for number, entry in enumerate(outline(document)):
        bookmarks.setdefault(entry[0], []).append((number, entry))
    for index, page in enumerate(document.pages):
        canvas.setPageSize((_pt(page.width), _pt(page.height)))
        for number, entry in bookmarks.get(index, ()):
            _bookmark(canvas, page, number, entry)
        # a page drawn before in this process, with its characters coded the same, is not drawn again
        draw_page(canvas, page, lambda: _draw_page(canvas, page, readers), _register)
        canvas.showPage()
    # binary streams: ASCII85 would make the file a quarter larger and slower to write
    previous, rl_config.useA85 = rl_config.useA85, 0
    try:
        with remembered_streams():  # a stream deflated before in this process is not deflated again
            canvas.save()
    finally:
        rl_config.useA85 = previous
    return buffer.getvalue()


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write the PDF of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_pdf(document))
