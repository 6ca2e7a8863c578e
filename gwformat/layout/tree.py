"""The layout result: immutable pages of positioned glyphs and rules, grouped by what they came from.

Every writer (PDF, DOCX, OFD, the JSON snapshot) reads this tree and nothing else. A page
holds groups (the masthead, a title, a paragraph's lines on that page, a closing line, the
distribution block), so a reader finds the structure here instead of guessing it from positions.
Lengths are integers in millipoints (1/1000 pt) measured from the top-left
corner of the page, so a layout is exact and byte-stable; writers convert.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Self, Union

if TYPE_CHECKING:
    from ..pictures import Picture

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
    #: glyph ranges [start, end) set in the emphasis face (``**…**`` in the content): the DOCX marks them bold
    emphasis: tuple[tuple[int, int], ...] = ()

    @property
    def ink(self) -> tuple[Glyph, ...]:
        """The glyphs that leave marks (spaces are kept in ``glyphs`` for the text, not drawn)."""
        return tuple(g for g in self.glyphs if not g.char.isspace())


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule from (x0, y) to (x1, y1) along its centre line: horizontal unless ``y1`` is given
    (a table's vertical rules have ``x1 == x0``)."""

    role: str
    x0: int
    x1: int
    y: int
    thickness: int
    color: str
    y1: int | None = None

    @property
    def y_end(self) -> int:
        return self.y if self.y1 is None else self.y1


@dataclass(frozen=True, slots=True)
class Image:
    """A picture drawn into the box from (x, y), its top left corner, ``width`` × ``height`` wide and high.

    ``picture`` holds the file's bytes, embedded as they are, and its EXIF orientation,
    which the writers apply when they draw it into the box.
    """

    role: str
    x: int
    y: int
    width: int
    height: int
    picture: "Picture"


Item = Union[Line, Rule, Image, "Group"]


@dataclass(frozen=True, slots=True)
class Group:
    """What one piece of content placed on one page: its ``role`` and field ``path``, and its items.

    Roles: ``masthead``, ``title``, ``paragraph``, ``signature`` (a closing line on the right),
    ``label`` (附件1 and the like), ``distribution``; in a bulletin with a structure, ``contents``
    (本期要目), ``column`` (a 栏目 label), ``editor_note`` (编者按) and ``note`` (an article's 按语). A paragraph that runs onto the next page
    has a group on each page, with the same path; ``continued`` marks the later ones.
    """

    role: str
    path: str
    items: tuple[Item, ...]
    continued: bool = False
    #: the area (x0, top, x1, bottom) the group stands in, where that is more than its items' extent
    box: tuple[int, int, int, int] | None = None

    def walk(self) -> Iterator[Item]:
        """Every item of the group and of the groups inside it, depth first, in order."""
        for item in self.items:
            yield item
            if isinstance(item, Group):
                yield from item.walk()

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(item for item in self.walk() if isinstance(item, Line))

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(item for item in self.walk() if isinstance(item, Rule))

    @property
    def images(self) -> tuple[Image, ...]:
        return tuple(item for item in self.walk() if isinstance(item, Image))


@dataclass(frozen=True, slots=True)
class CellGroup(Group):
    """A table cell: its lines, its box, the grid column it starts in, what it spans, how its lines align."""

    column: int = 0
    colspan: int = 1
    rowspan: int = 1
    align: str = "center"


@dataclass(frozen=True, slots=True)
class TableGroup(Group):
    """The piece of a table on one page: its column boundaries (x) and the cells' side padding."""

    edges: tuple[int, ...] = ()
    padding_x: int = 0
    #: set on a 横排 table's piece: its items stand in the turned frame of its page (see Page.landscape)
    landscape: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """A page: its lines, rules and images in drawing order, its number, and the groups they form.

    ``lines``, ``rules`` and ``images`` are the groups' items, flattened, for writers that
    draw item by item; ``groups`` is the structure, for readers that need it (see ``from_groups``).
    """

    number: int
    width: int
    height: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...] = ()
    folio: Line | None = None
    groups: tuple[Group, ...] = ()
    images: tuple[Image, ...] = ()
    #: a 横排 page (GB/T 9704-2012, 8): its groups are laid out on the sheet turned a quarter (``height``
    #: wide, ``width`` high) and drawn turned back onto it by ``turn``; its folio is not turned
    landscape: bool = False

    @classmethod
    def from_groups(cls, number: int, width: int, height: int, groups: tuple[Group, ...],
                    folio: Line | None = None, landscape: bool = False) -> "Page":
        return cls(number, width, height, tuple(line for group in groups for line in group.lines),
                   tuple(rule for group in groups for rule in group.rules), folio, groups,
                   tuple(image for group in groups for image in group.images), landscape)

    @property
    def turn(self) -> tuple[int, int, int, int, int, int]:
        """The affine map (a, b, c, d, e, f: x' = a·x + c·y + e, y' = b·x + d·y + f, y downwards) from the
        frame the page's groups are laid out in to the sheet: the identity, or a quarter turn anticlockwise.

        GB/T 9704-2012, 8 puts a 横排 table's header on the 订口 side of an odd page and on the
        切口 side of an even one. The 订口 of an odd page is its left edge (the document is bound
        on the left), and the 切口 of an even page is its left edge too, so on both the header
        lies along the sheet's left edge and the content turns the same way: its top to the
        left, a quarter anticlockwise. Turn the bound document a quarter clockwise and every
        横排 page reads upright, its header at the top.
        """
        if not self.landscape:
            return (1, 0, 0, 1, 0, 0)
        return (0, -1, 1, 0, 0, self.height)

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

    def turned(self, page_height: int) -> Self:
        """The block of a 横排 page, in the frame of the sheet turned a quarter (see Page.turn): the same
        area of the sheet, its height the width and its width the height, on the same row pitch.

        The sheet's bottom edge is the turned frame's left edge, so the block's left margin there
        is the sheet's bottom margin and its top margin the sheet's left margin (the 订口 side).
        """
        return dataclasses.replace(self, left=page_height - self.top - self.height, top=self.left,
                                   width=self.height, height=self.width, rows=self.width // self.row_pitch,
                                   chars=self.height // self.char_pitch)


@dataclass(frozen=True, slots=True)
class Document:
    """A laid-out bulletin: its pages, its text block and the metadata writers record."""

    pages: tuple[Page, ...]
    block: Block
    title: str
    author: str
    subject: str
    date: str
    #: the kind that made it (a template's name), recorded in the files so that lint knows what to check
    kind: str = ""

    def __post_init__(self) -> None:
        for name in ("title", "author", "subject"):
            object.__setattr__(self, name, within_property_limit(name, getattr(self, name)))
