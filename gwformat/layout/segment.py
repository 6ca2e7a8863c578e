"""Cutting text into atoms: the pieces a line may break between, with their widths.

An atom is one full-width character, one punctuation mark, an unbreakable
two-character mark (—— ……), or a run of half-width letters and digits. Its
width comes from the font: full-width characters take the face's advance plus
the style's tracking (the grid's 28 characters a line), punctuation marks take
the advance of their half-width form from the face's ``halt`` companion, and
half-width characters take half an em each (wider glyphs keep their advance).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..characters import clusters, compose, composed
from ..emphasis import Spans, mask, ranges
from ..fonts import Face, Typeface
from ..reuse import forgettable
from .kinsoku import (
    FULL_WIDTH_INSIDE_LINE,
    LATIN_RUN,
    NO_LINE_END,
    NO_LINE_START,
    SPACES,
    UNBREAKABLE_PAIRS,
    is_half_width,
)


class TextStyle(NamedTuple):
    """What a piece of text is set in: a typeface, a size and colour, and the tracking of its grid."""

    role: str
    typeface: Typeface
    size: int
    color: str
    tracking: int = 0


@dataclass(frozen=True, slots=True)
class Cell:
    """A glyph inside an atom: drawn ``dx`` from the atom's start, after ``tracked_before`` tracked glyphs.

    ``advance`` is the width the glyph takes (its tracking included when ``tracked``).
    """

    char: str
    face: str
    dx: int
    tracked_before: int
    advance: int
    tracked: bool
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Atom:
    text: str
    start: int
    cells: tuple[Cell, ...]
    width: int
    end_cells: tuple[Cell, ...]
    end_width: int
    tracked: int
    no_start: bool
    no_end: bool
    style: TextStyle
    #: the face emphasised characters are set in, and which of them are (bit i for character i)
    strong: Typeface | None = None
    emphasis: int = 0

    def width_with(self, extra: int, at_end: bool = False) -> int:
        """Width with ``extra`` tracking added to each tracked glyph, in or at the end of a line."""
        return (self.end_width if at_end else self.width) + extra * self.tracked


class _Builder:
    def __init__(self, style: TextStyle, path: str, strong: Typeface | None = None) -> None:
        self.style = style
        self.path = path
        self.strong = strong
        typeface = style.typeface
        self.main = typeface.main
        self.half = typeface.half
        self.em = style.size
        self.half_em = style.size // 2
        self.measured = _MEASURED.setdefault(style, {})
        if len(self.measured) > _MEASURED_PER_STYLE:
            self.measured.clear()

    def face(self, char: str, offset: int) -> Face:
        face = self.style.typeface.face_for(char)
        if face is None:
            raise self.style.typeface.missing(char, self.path, offset)
        return face

    def glyph(self, char: str, offset: int, compressed: bool) -> tuple[str, int, int, bool]:
        """(face key, advance, inset, tracked) of one character.

        ``inset`` centres a half-width glyph narrower than its half-em cell.
        """
        if char in SPACES:
            return self.main.key, self.half_em, 0, False
        if compressed and self.half.has(char):
            return self.half.key, self.half.width(char, self.em) + self.style.tracking, 0, True
        face = self.face(char, offset)
        advance = face.width(char, self.em)
        if is_half_width(char):
            cell = max(advance, self.half_em)
            return face.key, cell, (cell - advance) // 2, False
        if advance >= self.em:
            return face.key, advance + self.style.tracking, 0, True
        return face.key, advance, 0, False

    def strong_glyph(self, char: str, offset: int, compressed: bool) -> tuple[str, int, int, bool]:
        """(face key, advance, inset, tracked) of an emphasised character: drawn in the emphasis
        face, centred in the cell the text's own face gives it.

        黑体 and 仿宋 are alike in their Chinese characters, marks and digits (one em, half an
        em); their Latin letters differ, 黑体's never wider than 仿宋's. Keeping the cell keeps the
        paragraph's line breaks: marking a phrase never reflows the text around it.
        """
        key, advance, inset, tracked = self.glyph(char, offset, compressed)
        strong = self.strong
        assert strong is not None
        if char in SPACES:
            return strong.main.key, advance, inset, tracked
        if compressed and self.half.has(char) and strong.half.has(char):
            return strong.half.key, advance, inset, tracked
        face = strong.face_for(char)
        if face is None:
            raise strong.missing(char, self.path, offset)
        own = self.face(char, offset).width(char, self.em)
        return face.key, advance, max(0, inset + (own - face.width(char, self.em)) // 2), tracked

    def cells(self, text: str, offset: int, compressed: bool,
              emphasis: int = 0) -> tuple[tuple[Cell, ...], int, int]:
        cells: list[Cell] = []
        x = 0
        tracked = 0
        for i, char in enumerate(text):
            measure = self.strong_glyph if emphasis >> i & 1 else self.glyph
            face, advance, inset, is_tracked = measure(char, offset + i, compressed)
            cells.append(Cell(char, face, x + inset, tracked, advance, is_tracked, bool(emphasis >> i & 1)))
            x += advance
            tracked += is_tracked
        return tuple(cells), x, tracked

    def atom(self, text: str, start: int, emphasis: int = 0) -> Atom:
        key = (text, emphasis, self.strong.main_key) if emphasis and self.strong else text
        measured = self.measured.get(key)
        if measured is None:
            measured = self.measured[key] = (text, self._measure(text, start, emphasis))
        # the text the table was made with: every atom of one character shares one string, not one each
        return Atom(measured[0], start, *measured[1])

    def _measure(self, text: str, start: int, emphasis: int = 0) -> tuple:
        """An atom's fields after ``text`` and ``start``: they depend on the style, the text and its emphasis only."""
        if not self.strong:
            emphasis = 0
        single = len(text) == 1
        compress_inside = single and text not in FULL_WIDTH_INSIDE_LINE
        cells, width, tracked = self.cells(text, start, compress_inside, emphasis)
        if single and text in SPACES:
            end_cells, end_width = cells, 0
        elif single and not compress_inside and self.half.has(text):
            end_cells, end_width, _ = self.cells(text, start, True, emphasis)
        else:
            end_cells, end_width = cells, width
        return (cells, width, end_cells, end_width, tracked, text[0] in NO_LINE_START, text[-1] in NO_LINE_END,
                self.style, self.strong if emphasis else None, emphasis)


#: Measured atoms by style and text, kept for the process: a bulletin repeats its characters,
#: and a batch of bulletins repeats most of them again.
_MEASURED: dict[TextStyle, dict[object, tuple[str, tuple]]] = {}
_MEASURED_PER_STYLE = 20_000  # pieces (characters, numbers, Latin words) before a style's table starts again


def normalize(text: str) -> str:
    """Join a paragraph's source lines and tidy its white space.

    Line breaks inside a paragraph (from YAML block scalars) vanish between
    Chinese characters and become a space between Latin words; tabs and runs of
    spaces become one space. Combining marks are composed with their base
    (gwformat.characters); every other character stays as typed.
    """
    text = compose(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    lines = [line.strip(" ") for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and is_half_width(out[-1]) and is_half_width(line[0]):
            out += " "
        out += line
    while "  " in out:
        out = out.replace("  ", " ")
    return out.strip(" ")


def normalize_marked(text: str, spans: Spans) -> tuple[str, Spans]:
    """:func:`normalize` of a text with emphasis ``spans``, and the spans in the result.

    The same steps, character by character, each character carrying whether it is emphasised:
    a composed character is emphasised as its base was, a space put between two Latin words
    when their lines are joined as both words are, one left of a run of spaces as the first was.
    """
    if not spans:
        return normalize(text), ()
    flags = mask(spans, len(text))
    pairs = [(" " if c == "\t" else c, f) for i, (c, f) in enumerate(zip(text, flags))
             if not (c == "\r" and text[i + 1:i + 2] == "\n")]
    pairs = [("\n" if c == "\r" else c, f) for c, f in pairs]
    plain = "".join(c for c, _ in pairs)
    if compose(plain) is not plain:
        pairs = [(c, pairs[offset][1]) for offset, cluster in clusters(plain) for c in composed(cluster)]
    lines: list[list[tuple[str, bool]]] = [[]]
    for pair in pairs:
        if pair[0] == "\n":
            lines.append([])
        else:
            lines[-1].append(pair)
    out: list[tuple[str, bool]] = []
    for line in lines:
        while line and line[0][0] == " ":
            line.pop(0)
        while line and line[-1][0] == " ":
            line.pop()
        if not line:
            continue
        if out and is_half_width(out[-1][0]) and is_half_width(line[0][0]):
            out.append((" ", out[-1][1] and line[0][1]))
        out += line
    joined = [pair for i, pair in enumerate(out) if not (pair[0] == " " and i and out[i - 1][0] == " ")]
    while joined and joined[0][0] == " ":
        joined.pop(0)
    while joined and joined[-1][0] == " ":
        joined.pop()
    return "".join(c for c, _ in joined), ranges([f for _, f in joined])


def atoms(text: str, style: TextStyle, path: str, start: int = 0, spans: Spans = (),
          strong: Typeface | None = None) -> list[Atom]:
    """Cut ``text`` (already normalised) into atoms; ``start`` offsets their source positions.

    The characters of ``spans`` are set in the ``strong`` typeface; the cut is the same as
    without them, so the line breaks are too. Atoms are immutable, so the cut of a text is
    computed once per process: a rebuild after an edit re-measures only the paragraphs
    that changed.
    """
    return list(_atoms(text, style, path, start, spans if strong else (), strong))


@forgettable
@lru_cache(maxsize=4096)
def _atoms(text: str, style: TextStyle, path: str, start: int, spans: Spans = (),
           strong: Typeface | None = None) -> tuple[Atom, ...]:
    builder = _Builder(style, path, strong)
    flags = mask(spans, len(text)) if spans else None
    out: list[Atom] = []
    i = 0
    while i < len(text):
        match = LATIN_RUN.match(text, i)
        if match:
            piece = match.group()
        elif text.startswith(UNBREAKABLE_PAIRS, i):
            piece = text[i:i + 2]
        else:
            piece = text[i]
        emphasis = sum(1 << n for n in range(len(piece)) if flags[i + n]) if flags else 0
        out.append(builder.atom(piece, start + i, emphasis))
        i += len(piece)
    return tuple(out)


def split_atom(atom: Atom, fits: int) -> tuple[Atom, Atom] | None:
    """Break a run too long for any line after as many characters as fit in ``fits``."""
    builder = _Builder(atom.style, "", atom.strong)
    cut = 0
    for n in range(1, len(atom.text)):
        _, width, _ = builder.cells(atom.text[:n], atom.start, False, atom.emphasis)
        if width > fits:
            break
        cut = n
    if cut == 0:
        cut = 1
    if cut >= len(atom.text):
        return None
    head, tail = atom.text[:cut], atom.text[cut:]
    return (builder.atom(head, atom.start, atom.emphasis & ((1 << cut) - 1)),
            builder.atom(tail, atom.start + cut, atom.emphasis >> cut))
