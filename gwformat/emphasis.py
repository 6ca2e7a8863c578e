"""Emphasis spans: ``**…**`` in a paragraph, a heading or a table cell, read once, before layout.

公文 and 简报 practice sets a lead phrase inside a paragraph in 黑体 (一是**健全机制**，……):
the face changes, nothing else does. So a span is text plus the ranges of it set in
the kind's emphasis face; the layout measures those characters in that face and the
writers draw what it placed. ``\\*`` is a literal ``*`` and ``\\\\`` a literal backslash
(so ``\\*\\*`` is a literal ``**``); a backslash before any other character is itself.
An unclosed ``**`` and an empty ``****`` are mistakes, reported at their place: both are
far likelier typing slips than text meant that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The marker that opens and closes a span.
MARKER = "**"

#: What a backslash makes literal.
ESCAPABLE = frozenset("*\\")

#: Glyph or character ranges [start, end) set in the emphasis face.
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Marked:
    """A text without its markers, and the ranges of it that are emphasised."""

    text: str
    spans: Spans = ()
    #: where each span's opening marker stands in the text as typed, for a message
    typed_at: tuple[int, ...] = field(default=(), compare=False)


class EmphasisError(ValueError):
    """A marker that opens no span or closes none; ``offset`` is where it stands in the text as typed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse(typed: str) -> Marked:
    """``typed`` without its markers and escapes, with the spans the markers enclose."""
    if "*" not in typed and "\\" not in typed:
        return Marked(typed)
    return _parse(typed)[0]


def faces(typed: str) -> tuple[str, str]:
    """``typed`` as two texts of its length, for checking each face's coverage at the offsets
    typed: the characters set in the text's own face, and those set in the emphasis face
    (the others, markers and escapes, are spaces)."""
    if "*" not in typed and "\\" not in typed:
        return typed, ""
    marked, origins = _parse(typed)
    own, strong = [" "] * len(typed), [" "] * len(typed)
    flags = mask(marked.spans, len(marked.text))
    for char, origin, flag in zip(marked.text, origins, flags):
        (strong if flag else own)[origin] = char
    return "".join(own), "".join(strong)


def _parse(typed: str) -> tuple[Marked, list[int]]:
    """The marked text, and where each of its characters stands in ``typed``."""
    origins: list[int] = []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    opened: int | None = None  # where the open span starts in the output
    opened_at = 0  # and its marker in the text as typed
    i = 0
    while i < len(typed):
        char = typed[i]
        if char == "\\" and i + 1 < len(typed) and typed[i + 1] in ESCAPABLE:
            out.append(typed[i + 1])
            origins.append(i + 1)
            i += 2
            continue
        if typed.startswith(MARKER, i):
            here = len(out)
            if opened is None:
                opened, opened_at = here, i
            elif here == opened:
                raise EmphasisError("an empty emphasis span (****): put text between the markers, or write "
                                    "\\*\\* for a literal **", opened_at)
            else:
                spans.append((opened, here))
                starts.append(opened_at)
                opened = None
            i += len(MARKER)
            continue
        out.append(char)
        origins.append(i)
        i += 1
    if opened is not None:
        raise EmphasisError("an emphasis span opened with ** is never closed: close it with **, or write "
                            "\\*\\* for a literal **", opened_at)
    return Marked("".join(out), tuple(spans), tuple(starts)), origins


def escape(text: str, edges: bool = False) -> str:
    """``text`` written so that :func:`parse` gives it back with no spans (for an import that writes YAML).

    With ``edges``, a ``*`` or backslash at either end is escaped too, so that the text can
    stand next to a marker.
    """
    out: list[str] = []
    last = len(text) - 1
    for i, char in enumerate(text):
        following = text[i + 1] if i < last else ""
        if char == "\\" and (following in ESCAPABLE and following or edges and i == last):
            out.append("\\\\")
        elif char == "*" and ((i and text[i - 1] == "*") or following == "*" or edges and i in (0, last)):
            out.append("\\*")
        else:
            out.append(char)
    return "".join(out)


def marked(spans: list[tuple[str, bool]]) -> str:
    """Pieces of text, each emphasised or not, written as one text with markers (an import of bold runs)."""
    out = []
    for text, strong in _joined(spans):
        written = escape(text, edges=True)
        out.append(f"{MARKER}{written}{MARKER}" if strong and text.strip() else written)
    return "".join(out)


def _joined(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for text, strong in pieces:
        if out and out[-1][1] == strong:
            out[-1] = (out[-1][0] + text, strong)
        elif text:
            out.append((text, strong))
    return out


def mask(spans: Spans, length: int) -> list[bool]:
    """Whether each of ``length`` characters is emphasised."""
    flags = [False] * length
    for start, end in spans:
        flags[start:end] = [True] * (end - start)
    return flags


def ranges(flags: list[bool]) -> Spans:
    """The runs of True in ``flags`` as [start, end) ranges."""
    out: list[tuple[int, int]] = []
    start = None
    for index, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            out.append((start, index))
            start = None
    return tuple(out)
