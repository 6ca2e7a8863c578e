"""The PDF writer's reuse (see gwformat.reuse): the content stream of a page drawn before.

A page's operators depend on the page and on one thing outside it: the codes reportlab
gives its characters in each font subset, which follow the order in which the document
first used them, and the subsets' names. So a stream is kept under the page (its items
by identity) and, for each face the page uses, the codes its characters have when the
page starts, the next free code, and the subset's name. When those are the same, the stream
is too: it is taken as it was, and the fonts' states are brought to where drawing the page
would have left them, by assigning the page's new characters in the order it uses them and
naming the fonts it names first in the same order. A page with a picture is always drawn
(the picture is a resource of the document, registered as it is drawn).
"""

from __future__ import annotations

from typing import Callable

from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..layout.tree import Page
from ..reuse import Memo, page_key

#: a page's faces with the characters each draws, in the order the page first draws them
_Used = tuple[tuple[str, str], ...]

_USED: Memo[tuple[Page, _Used]] = Memo(1024)
#: the stream's operators and the faces it names first, in order
_STREAMS: Memo[tuple[Page, list[str], tuple[str, ...]]] = Memo(1024)


def _used(page: Page) -> _Used:
    faces: dict[str, dict[str, None]] = {}
    for line in page.all_lines:
        for glyph in line.ink:
            faces.setdefault(glyph.face, {})[glyph.char] = None
    return tuple((face, "".join(chars)) for face, chars in faces.items())


def _state(font: TTFont, doc: object, chars: str) -> tuple:
    state = font.state.get(doc)
    if state is None:
        return (None,)
    assigned = state.assignments
    codes = tuple(assigned.get(32 if c == "\xa0" else ord(c)) for c in chars)
    return state.internalName, codes, state.nextCode if None in codes else None


def draw_page(canvas: Canvas, page: Page, draw: Callable[[], None], font: Callable[[str], TTFont]) -> None:
    """Put ``page``'s operators on ``canvas``: those of the same page drawn before, or ``draw()``'s."""
    key = page_key(page) if not page.images else None
    if key is None:
        draw()
        return
    doc = canvas._doc
    used = _USED.get(key, lambda: (page, _used(page)))[1]
    full = (key, len(doc.fontMapping), tuple(_state(font(face), doc, chars) for face, chars in used))
    if full in _STREAMS:
        _, code, named = _STREAMS.get(full, lambda: (page, [], ()))
        for face, chars in used:
            font(face).splitString(chars, doc)
        for face in named:
            font(face).getSubsetInternalName(0, doc)
        canvas._code.extend(code)
        return
    start, names_before = len(canvas._code), set(doc.fontMapping)
    draw()
    by_name = {font(face).fontName: face for face, _ in used}
    new = [name for name in doc.fontMapping if name not in names_before]
    if all(name in by_name for name in new):  # else the page named a font it draws nothing in: not kept
        _STREAMS.get(full, lambda: (page, canvas._code[start:], tuple(by_name[name] for name in new)))
