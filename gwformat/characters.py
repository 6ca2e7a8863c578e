"""Which characters the content may hold, and how typed text is composed before it is set.

Two rules, both about keeping what was typed:

- A character with no glyph of its own and no meaning in the model (a control character,
  a noncharacter, a lone surrogate, a bidirectional control or a Unicode line separator)
  is refused with its place, as a character no font has is. Line breaks and tabs are
  the model's own: they join the lines of a paragraph and become a space.
- A base character typed with combining marks after it (W + U+0300) is composed into the
  character that is the same text in one code point (Ẁ, U+1E80), as Unicode NFC does:
  the fonts draw the composed forms, and nothing visible changes. A character that NFC
  would replace on its own is kept as typed: U+2329 〈 is not U+3008 〈, and a CJK
  compatibility ideograph (U+F901 更) is the form its writer chose, often for a name.
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

#: The control characters the model gives a meaning (see gwformat.layout.segment.normalize).
DEFINED_CONTROLS = frozenset("\t\n\r")

#: Characters that reorder the text around them; the layout sets text left to right only.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Unicode general categories refused whole, with what to call a character of each.
REFUSED_CATEGORIES = {
    "Cc": "control character",
    "Cs": "lone surrogate",
    "Zl": "line separator",
    "Zp": "paragraph separator",
}


def refusal(char: str) -> str | None:
    """What ``char`` is when the content may not hold it (``"control character"`` …), else None."""
    if char in DEFINED_CONTROLS:
        return None
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "noncharacter"
    if char in BIDI_CONTROLS:
        return "bidirectional control"
    return REFUSED_CATEGORIES.get(unicodedata.category(char))


def clusters(text: str) -> Iterator[tuple[int, str]]:
    """(offset, characters) of each base character of ``text`` with the combining marks after it."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, text[start:index]
            start = index


def composed(cluster: str) -> str:
    """A cluster as it is set: composed by NFC when it has marks and its base is kept by NFC."""
    if len(cluster) > 1 and unicodedata.normalize("NFC", cluster[0]) == cluster[0]:
        return unicodedata.normalize("NFC", cluster)
    return cluster


def compose(text: str) -> str:
    """``text`` with each base character and its combining marks composed where one character is
    the same text; every other character as typed."""
    if unicodedata.is_normalized("NFC", text) or not any(unicodedata.combining(c) for c in text):
        return text
    return "".join(composed(cluster) for _, cluster in clusters(text))


def typed_as(text: str, char: str) -> tuple[int, str]:
    """Where ``char`` of ``compose(text)`` was typed in ``text``: its offset and the characters typed."""
    for offset, cluster in clusters(text):
        if char in composed(cluster):
            return offset, cluster
    return text.find(char), char


def shown(characters: str) -> str:
    """Characters as a message names them: 'W' + U+0300."""
    return " + ".join(repr(c) if c.isprintable() and not unicodedata.combining(c) else f"U+{ord(c):04X}"
                      for c in characters)
