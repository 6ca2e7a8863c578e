"""Reading a plain-text (.txt) or Markdown (.md) draft into the draft's paragraphs.

Text comes as UTF-8 (with or without a byte order mark) or as GB18030, the superset of GBK and
GB2312 that Windows offices still save. A text draft marks its structure only with lines: a
blank line ends a paragraph, an indented line starts one, and a line that fills the width the
draft was wrapped at continues on the next. Markdown marks it with ``#`` and blank lines.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .patterns import DISTRIBUTION_LABEL, SENTENCE_END, SHORT, SPACE
from .source import STRONG_CLOSE, STRONG_OPEN, Read, Source

#: The encodings tried, in order. GB18030 decodes every GBK and GB2312 file the same way.
ENCODINGS = ("utf-8-sig", "gb18030")

#: Lines this many columns in (a full-width space is two) and short are set at the right: a signature.
RIGHT_INDENT_COLUMNS = 16

#: A text counts as wrapped at a fixed width when at least this many lines reach that width,
#: of at least this many columns (ten Chinese characters).
WRAPPED_LINES = 3
MIN_WRAP_COLUMNS = 20

_HEADING_MARK = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_LIST_MARK = re.compile(r"^(?:[-*+]|>)\s+")
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")


def decode(path: Path) -> str:
    """The draft's text, from the first of ``ENCODINGS`` that reads every byte of it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the draft: {exc.strerror}", str(path)) from None
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("is a zip package (a DOCX?), not text: name it .docx", str(path))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        raise InputError("is UTF-16 or binary, not text in UTF-8 or GB18030/GBK: save it as UTF-8", str(path))
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            failure = exc
    raise InputError(f"is neither UTF-8 nor GB18030/GBK text (byte {failure.start} cannot be read): "
                     "save it as UTF-8", str(path))


def read_text(path: Path) -> Read:
    """A text draft: its title is the first line or lines before a blank line."""
    return Read(str(path), tuple(_text_sources(decode(path).splitlines())))


def read_markdown(path: Path) -> Read:
    """A Markdown draft: its title is the ``#`` line, and its other ``#`` lines are headings."""
    return Read(str(path), tuple(_markdown_sources(decode(path).splitlines())))


def columns(text: str) -> int:
    """The width of ``text`` in columns, as a Chinese text editor wraps it: a full-width character
    takes two, and so does one of ambiguous width (“ ” — ×), which GBK stores in two bytes."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _indent(line: str) -> int:
    return columns(line[:len(line) - len(line.lstrip(SPACE))].replace("\t", "    "))


def _text_sources(lines: list[str]) -> Iterator[Source]:
    lines = [line.rstrip(SPACE) for line in lines]
    width = _wrap_width(lines)
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines, start=1):
        if line:
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    first = blocks[0] if blocks else []
    titled = len(blocks) > 1 and len(first) <= 3 and all(
        len(line.strip(SPACE)) <= SHORT and line.strip(SPACE)[-1] not in SENTENCE_END + "：:" for _, line in first)
    for b, block in enumerate(blocks):
        if b == 0 and titled:
            for number, line in block:
                yield Source(f"line {number}", line.strip(SPACE), role="title")
            continue
        paragraph: list[tuple[int, str]] = []
        for number, line in block:
            if paragraph and not _continues(paragraph[-1][1], line, width):
                yield _text_paragraph(paragraph)
                paragraph = []
            paragraph.append((number, line))
        yield _text_paragraph(paragraph)


def _wrap_width(lines: list[str]) -> int | None:
    """The width, in columns, that the draft was hard-wrapped at, if it was: the width most of
    its lines come to (within a column: a full-width character that did not fit goes over),
    when they are a third of the lines at least. Lines that were never wrapped are of every
    length, and a few lines longer than the rest (a long 抄送 line) do not hide the wrapping."""
    widths = [columns(line) for line in lines if line]
    tally = {w: sum(w - 1 <= v <= w for v in widths) for w in set(widths) if w >= MIN_WRAP_COLUMNS}
    if not tally:
        return None
    width = max(tally, key=lambda w: (tally[w], w))
    return width if tally[width] >= WRAPPED_LINES and 3 * tally[width] >= len(widths) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether ``line`` goes on with the paragraph ``previous`` ended: only after a line that
    filled the wrapped width (less one column, for a full-width character that did not fit),
    and never when it is indented or opens a 版记 group."""
    if width is None or _indent(line) or DISTRIBUTION_LABEL.match(line):
        return False
    return columns(previous) >= width - 1


def _text_paragraph(lines: list[tuple[int, str]]) -> Source:
    number, first = lines[0]
    text = "\n".join(line.strip(SPACE) for _, line in lines)
    right = len(lines) == 1 and _indent(first) >= RIGHT_INDENT_COLUMNS and len(text) <= SHORT
    return Source(f"line {number}", text, align="right" if right else None)


def _strong(match: re.Match[str]) -> str:
    """Markdown's strong emphasis (**…**, __…__) in a paragraph, as a bold run of a DOCX is marked; code as its text."""
    return f"{STRONG_OPEN}{match[2]}{STRONG_CLOSE}" if match[1] != "`" else match[2]


def _markdown_sources(lines: list[str]) -> Iterator[Source]:
    paragraph: list[tuple[int, str]] = []
    in_body = False

    def flush() -> Iterator[Source]:
        if paragraph:
            yield Source(f"line {paragraph[0][0]}", "\n".join(text for _, text in paragraph))
            paragraph.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.strip(SPACE)
        heading = _HEADING_MARK.match(line)
        if not line or _RULE.match(line):
            yield from flush()
        elif heading:
            yield from flush()
            text = _EMPHASIS.sub(r"\2", heading.group(2))
            title = len(heading.group(1)) == 1 and not in_body
            yield Source(f"line {number}", text, role="title" if title else "heading",
                         lead_level=None if title else len(heading.group(1)) - 1)
            in_body = in_body or not title
        else:
            paragraph.append((number, _EMPHASIS.sub(_strong, _LIST_MARK.sub("", line))))
            in_body = True
    yield from flush()
