"""What a draft reader hands the recognisers: the draft's paragraphs, with the hints its format gives.

Each format (DOCX, text, Markdown) has its own reader; they all produce this one shape, so the
recognisers know nothing of python-docx or of encodings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


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
    block: str = "paragraph"       # paragraph, table, picture, text box
    cells: tuple[tuple[str, ...], ...] = ()  # a table's rows of cell texts


@dataclass(frozen=True)
class Read:
    """A whole draft: its paragraphs, in order; empty drafts are refused here, for every format."""

    path: str
    sources: tuple[Source, ...]

    def __post_init__(self) -> None:
        if not any(s.text.strip() for s in self.sources):
            raise InputError("the draft is empty: it has no text to import", self.path)
