"""What a draft reader hands the recognisers: the draft's paragraphs, with the hints its format gives.

Each format (DOCX, text, Markdown) has its own reader; they all produce this one shape, so the
recognisers know nothing of python-docx or of encodings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..emphasis import escape, marked
from ..errors import InputError
from .patterns import SPACE

#: Where a bold run of a draft's paragraph starts and ends in a Source's text: noncharacters, which
#: no content holds (gwformat refuses them), carried through the recognisers and written as ``**``
#: at the end (``written``).
STRONG_OPEN, STRONG_CLOSE = "\ufdd1", "\ufdd2"
_STRONG = re.compile(f"([{STRONG_OPEN}{STRONG_CLOSE}])")


@dataclass(frozen=True)
class Source:
    """One paragraph of a draft as it was written, with its place there.

    ``text`` keeps the draft's hand line breaks as ``\\n``; ``role`` is what the draft's own
    markup says the paragraph is (a Markdown ``#`` line is a "title", a gwformat DOCX style
    names its role), or None when only the general rules can tell.
    """

    place: str                     # "paragraph 12" of a DOCX, "line 12" of a text
    text: str
    role: str | None = None        # masthead, title, heading, body, signature, distribution
    align: str | None = None       # center, right, left, both
    bold: bool = False             # every run with text is bold
    size: float | None = None      # the largest run's size in points
    lead: str | None = None        # a leading run marked as a heading (style or bold), to split at
    lead_level: int | None = None  # the level that run's style names
    block: str = "paragraph"       # paragraph, table, picture, seal, text box
    cells: tuple[tuple[str, ...], ...] = ()  # a table's rows of cell texts
    indent: float | None = None    # the left indent in points, where the format gives one
    content: Any = None            # a table's or a picture's content (``Table``, ``Picture``)
    indented: bool = False         # its first line is indented (a first-line indent, or spaces before it)


@dataclass(frozen=True)
class Picture:
    """A picture of a draft: its bytes, the file suffix they call for, and the width it is shown at."""

    data: bytes = field(repr=False)
    suffix: str                    # png or jpg: the formats gwformat takes; anything else is not imported
    width_mm: float | None = None  # as the draft shows it; None when that is its natural size
    left: tuple[str, int] | None = None  # a floating picture's place across the page: (relative to what, EMU)


@dataclass(frozen=True)
class Read:
    """A whole draft: its paragraphs, in order; empty drafts are refused here, for every format."""

    path: str
    sources: tuple[Source, ...]
    subject: str | None = None  # the subject the file's properties record (Word's 主题; gwformat's own title)
    author: str | None = None   # the author gwformat's own DOCX records: the organ

    def __post_init__(self) -> None:
        if not any(s.text.strip() for s in self.sources):
            raise InputError("the draft is empty: it has no text to import", self.path)


def joined(text: str) -> str:
    """A paragraph's lines broken by hand, joined: Chinese runs on, Latin words keep a space."""
    out = ""
    for line in (line.strip(SPACE) for line in text.split("\n")):
        if out and line and re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9,.;:]$", out):
            out += " "
        out += line
    return out


def plain(text: str) -> str:
    """``text`` without its bold marks."""
    return text.replace(STRONG_OPEN, "").replace(STRONG_CLOSE, "") if STRONG_OPEN in text else text


def written(text: str, emphasis: bool = True) -> str:
    """A recognised text as an issue file holds it: its bold runs as ``**…**`` (without ``emphasis``,
    as plain text) and a ``**`` of its own escaped, so that the file reads back as the draft's text."""
    if STRONG_OPEN not in text:
        return escape(text)
    pieces: list[tuple[str, bool]] = []
    strong = False
    for piece in _STRONG.split(text):
        if piece in (STRONG_OPEN, STRONG_CLOSE):
            strong = piece == STRONG_OPEN
        elif piece:
            pieces.append((piece, strong and emphasis))
    return marked(pieces)
