"""The PDF writer's reuse (see gwformat.reuse): the content stream of a page drawn before.

A page's operators depend on the page and on one thing outside it: the codes reportlab
gives its characters in each font subset, which follow the order in which the document
first used them, and the subsets' names. So a stream is kept under the page (its items
by identity) and, for each face the page uses, the codes its characters have when the
page starts, the next free code, and the subset's name. When those are the same, the stream
is too: it is taken as it was, and the document is brought to where drawing the page would
have left it: the fonts' states, by assigning the page's new characters in the order it
uses them and naming the fonts it names first in the same order, and the PDF version. A page with a picture is always drawn
(the picture is a resource of the document, registered as it is drawn).

Saving the document then deflates every page and every subset's ToUnicode map, and formats
every subset's widths; unchanged, they are the bytes they were (``remembered_streams``,
``formatted``).
"""

from __future__ import annotations

import zlib
from contextlib import contextmanager
from typing import Callable, Iterator

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..layout.tree import Page
from ..reuse import Memo, page_key

#: a page's faces with the characters each draws, in the order the page first draws them, and
#: the code points reportlab looks them up by
_Used = tuple[tuple[str, str, tuple[int, ...]], ...]

_USED: Memo[tuple[Page, _Used]] = Memo(512)
#: the stream's operators, the faces it names first, in order, and the PDF version it needs
_STREAMS: Memo[tuple[Page, list[str], tuple[str, ...], tuple[int, int]]] = Memo(512)


def _used(page: Page) -> _Used:
    faces: dict[str, dict[str, None]] = {}
    for line in page.all_lines:
        for glyph in line.ink:
            faces.setdefault(glyph.face, {})[glyph.char] = None
    return tuple((face, "".join(chars), tuple(32 if c == "\xa0" else ord(c) for c in chars))
                 for face, chars in faces.items())


def _state(font: TTFont, doc: object, points: tuple[int, ...]) -> tuple:
    """What of ``font``'s state in ``doc`` the page's stream depends on: the codes of its characters,
    the next free code when some have none yet, and the font's name (None: not named yet)."""
    state = font.state.get(doc)
    if state is None:
        return (None,)
    codes = tuple(map(state.assignments.get, points))
    return state.internalName, codes, state.nextCode if None in codes else None


def draw_page(canvas: Canvas, page: Page, draw: Callable[[], None], font: Callable[[str], TTFont]) -> None:
    """Put ``page``'s operators on ``canvas``: those of the same page drawn before, or ``draw()``'s."""
    key = page_key(page) if not page.images else None
    if key is None:
        draw()
        return
    doc = canvas._doc
    used = _USED.get(key, lambda: (page, _used(page)))[1]
    states = tuple(_state(font(face), doc, points) for face, _, points in used)
    full = (key, len(doc.fontMapping), states)
    if full in _STREAMS:
        _, code, named, version = _STREAMS.get(full, lambda: (page, [], (), pdfdoc.PDF_VERSION_DEFAULT))
        doc._pdfVersion = max(doc._pdfVersion, version)
        for (face, chars, _), state in zip(used, states):
            if state[-1] is not None or state == (None,):  # characters without a code yet: they get theirs
                font(face).splitString(chars, doc)
        for face in named:
            font(face).getSubsetInternalName(0, doc)
        canvas._code.extend(code)
        return
    start, names_before = len(canvas._code), set(doc.fontMapping)
    # the PDF version the page's own drawing asks for (reportlab raises it for a colour's alpha)
    version, doc._pdfVersion = doc._pdfVersion, pdfdoc.PDF_VERSION_DEFAULT
    draw()
    needed, doc._pdfVersion = doc._pdfVersion, max(version, doc._pdfVersion)
    by_name = {font(face).fontName: face for face, _, _ in used}
    new = [name for name in doc.fontMapping if name not in names_before]
    if all(name in by_name for name in new):  # else the page named a font it draws nothing in: not kept
        _STREAMS.get(full, lambda: (page, canvas._code[start:], tuple(by_name[name] for name in new), needed))


_DEFLATED: Memo[bytes] = Memo(512)


class _Remembered(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's FlateDecode, each content deflated once in the process."""

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return _DEFLATED.get(data, lambda: zlib.compress(data))


_REMEMBERED = _Remembered()


@contextmanager
def remembered_streams() -> Iterator[None]:
    """While a document is saved, its streams are deflated through the process's memo."""
    previous, pdfdoc.PDFZCompress = pdfdoc.PDFZCompress, _REMEMBERED
    try:
        yield
    finally:
        pdfdoc.PDFZCompress = previous


class _Formatted(pdfdoc.PDFObject):
    """An object formatted before: its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: object) -> bytes:
        return self.data


_FORMATTED: Memo[_Formatted] = Memo(1024)


def formatted(array: pdfdoc.PDFArray, document: object) -> pdfdoc.PDFObject:
    """An array of numbers (a subset's widths) as the bytes reportlab formats it to, formatted once."""
    key = tuple(array.sequence)
    return _FORMATTED.get(key, lambda: _Formatted(pdfdoc.format(array, document)))
