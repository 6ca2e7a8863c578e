"""The layout result: immutable pages of positioned glyphs and rules.

Every writer (PDF, DOCX, the JSON snapshot) reads this tree and nothing else.
Lengths are integers in millipoints (1/1000 pt) measured from the top-left
corner of the page, so a layout is exact and byte-stable; writers convert.
"""

from __future__ import annotations

from dataclasses import dataclass

MPT_PER_PT = 1000
MPT_PER_MM = 72_000 / 25.4
#: Widths on the grid are whole twips (1/20 pt), the unit of DOCX, so that the PDF and the
#: DOCX share them exactly.
GRID_UNIT = 50


#: The most characters a document property (title, author, subject) holds: Word's limit for
#: the core properties, which python-docx enforces. The PDF and the OFD record the same text.
PROPERTY_LIMIT = 255


def within_property_limit(name: str, value: str) -> str:
    """``value`` cut to PROPERTY_LIMIT characters, ending in …, with a warning that says so: a
    long name or title is printed in full, and only the file's properties hold less of it."""
    if len(value) <= PROPERTY_LIMIT:
        return value
    import logging

    logging.getLogger("gwformat").warning("the document's %s (%d characters) is cut to %d in the document "
                                          "properties, which hold no more", name, len(value), PROPERTY_LIMIT)
    return value[: PROPERTY_LIMIT - 1] + "…"


def mm(value: float) -> int:
    """Millimetres to millipoints."""
    return round(value * MPT_PER_MM)


def pt(value: float) -> int:
    """Points to millipoints."""
    return round(value * MPT_PER_PT)


def to_mm(value: int) -> float:
    return value / MPT_PER_MM


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character drawn at ``x`` (left edge of its box) in ``face``.

    ``advance`` is the width the layout gave it before justification: the grid
    cell of a full-width character, half of it for a compressed mark, half an em
    for a half-width character. Writers that let an application reflow (DOCX)
    reproduce it; justification is the space between ``x`` values beyond it.
    """

    char: str
    face: str
    x: int
    advance: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    """Where a line's text came from: a field path and the character range in that field."""

    path: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text on one baseline, in one size and colour.

    ``role`` names the style (body, title, masthead …); ``paragraph`` groups the
    lines of one content paragraph, so a writer that reflows (DOCX) knows which
    lines form one paragraph and where each line break fell. ``spans`` marks where
    a different style starts, as (glyph index, style role): a run-in heading. ``band`` is the
    vertical extent (top, bottom) the line takes in the page's flow: grid rows
    for text on the grid, the em box for display lines.
    """

    role: str
    text: str
    size: int
    color: str
    baseline: int
    x0: int
    x1: int
    glyphs: tuple[Glyph, ...]
    source: Source | None = None
    paragraph: int | None = None
    justified: bool = False
    tracking: int = 0
    last_in_paragraph: bool = True
    spans: tuple[tuple[int, str], ...] = ()
    band: tuple[int, int] = (0, 0)

    @property
    def ink(self) -> tuple[Glyph, ...]:
        """The glyphs that leave marks (spaces are kept in ``glyphs`` for the text, not drawn)."""
        return tuple(g for g in self.glyphs if not g.char.isspace())


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule from x0 to x1 whose centre line is at ``y``."""

    role: str
    x0: int
    x1: int
    y: int
    thickness: int
    color: str


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    width: int
    height: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...] = ()
    folio: Line | None = None

    @property
    def all_lines(self) -> tuple[Line, ...]:
        """Every line a writer draws: the page's lines, then its number."""
        return self.lines + ((self.folio,) if self.folio else ())


@dataclass(frozen=True)
class Block:
    """The text block (版心): where it is, and its grid of ``rows`` lines of ``chars`` characters."""

    left: int
    top: int
    width: int
    height: int
    rows: int
    chars: int
    char_pitch: int
    row_pitch: int


@dataclass(frozen=True, slots=True)
class Document:
    """A laid-out bulletin: its pages, its text block and the metadata writers record."""

    pages: tuple[Page, ...]
    block: Block
    title: str
    author: str
    subject: str
    date: str

    def __post_init__(self) -> None:
        for name in ("title", "author", "subject"):
            object.__setattr__(self, name, within_property_limit(name, getattr(self, name)))
