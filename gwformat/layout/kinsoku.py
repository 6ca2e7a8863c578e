"""Chinese line-breaking and punctuation-width rules, as tables.

Sources: GB/T 15834-2011 标点符号用法 and W3C's Requirements for Chinese Text
Layout (CLREQ). The punctuation style is CLREQ's 开明式, the usual one for
simplified Chinese: the sentence-final stops 。？！ keep a full character's
width inside a line, every other mark is set at half width; at the end of a
line every closing mark is set at half width so the line ends flush.
"""

from __future__ import annotations

import re

#: Marks that may not begin a line (避头): closing brackets and quotes, pause and stop marks.
NO_LINE_START = frozenset(
    "，。、；：？！）］｝〕〉》」』】〗”’…‥·・〃々～"
    ",.;:?!)]}%"
)

#: Marks that may not end a line (避尾): opening brackets and quotes.
NO_LINE_END = frozenset("（［｛〔〈《「『【〖“‘([{")

#: Marks that keep their full width inside a line (开明式): the sentence-final stops.
FULL_WIDTH_INSIDE_LINE = frozenset("。？！．")

#: Two-character marks that are never split over two lines (GB/T 15834-2011: 破折号 and
#: 省略号 each take two character spaces and are not broken).
UNBREAKABLE_PAIRS = ("——", "……")

#: A run of half-width letters and digits that is never broken: a word, a number with its
#: separators and percent sign, and a number's magnitude characters 万/亿, which are part of
#: the number (GB/T 15835-2011: 138.62亿 is one number and is kept on one line).
LATIN_RUN = re.compile(
    r"[A-Za-z0-9]+(?:[.,:/\-+_&@#'][A-Za-z0-9]+)*%?"
    r"(?:(?<=[0-9])[万亿]+)?"
)

#: Characters that join the number before them (see LATIN_RUN).
NUMBER_MAGNITUDES = frozenset("万亿")

#: Spaces: a break may follow them, and they take no width at the end of a line.
SPACES = frozenset(" \u00a0")


def is_half_width(char: str) -> bool:
    """Printable ASCII: set in half-width cells, as in the GB2312 faces GB/T 9704 names."""
    return "!" <= char <= "~"
