"""Splitting a long title into lines by meaning, in the shapes GB/T 9704 asks for.

GB/T 9704-2012, 7.3.2: a title that runs over lines keeps each word whole, keeps
its lines of sensible, even lengths, and is arranged as a trapezoid (each line no
longer than the one above) or a diamond (longest in the middle). Words come from
jieba's segmenter; a break inside a word is taken only when no other split fits.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable

from .kinsoku import NO_LINE_END, NO_LINE_START

_INSIDE_WORD = 1000  # a break inside a word: only when nothing else fits
#: Splits into more lines than this are not all weighed (their number grows exponentially):
#: the breaks and lengths are chosen by dynamic programming, and the shape weighed after.
_ENUMERATED = 4


@lru_cache(maxsize=256)
def _word_ends(text: str) -> frozenset[int]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    ends, position = set(), 0
    for word in jieba.cut(text, HMM=False):
        position += len(word)
        ends.add(position)
    return frozenset(ends)


def _shape_cost(lengths: list[int]) -> int:
    """Zero for a trapezoid (never longer than the line above) or a diamond (rising, then falling)."""
    if all(a >= b for a, b in zip(lengths, lengths[1:])):
        return 0
    peak = lengths.index(max(lengths))
    rising = all(a <= b for a, b in zip(lengths[:peak], lengths[1:peak + 1]))
    falling = all(a >= b for a, b in zip(lengths[peak:], lengths[peak + 1:]))
    if rising and falling and 0 < peak < len(lengths) - 1:
        return 0
    return 60 * sum(max(0, b - a) for a, b in zip(lengths, lengths[1:]))


def split_title(text: str, max_chars: int) -> list[str]:
    """The lines of ``text`` (one title), each at most ``max_chars`` characters.

    Every split into the fewest lines that fit (and one more) is weighed: breaks
    inside words, uneven lengths, and a shape that is neither a trapezoid nor a
    diamond all cost; the cheapest split wins.
    """
    if len(text) <= max_chars:
        return [text]
    ends = _word_ends(text)

    def break_cost(position: int) -> int:
        if text[position] in NO_LINE_START or text[position - 1] in NO_LINE_END:
            return 10 * _INSIDE_WORD
        return 0 if position in ends else _INSIDE_WORD

    count = math.ceil(len(text) / max_chars)
    best: tuple[float, list[int]] | None = None
    for lines in (count, count + 1):
        ideal = len(text) / lines
        splits = _splits(len(text), lines, max_chars) if lines <= _ENUMERATED else \
            [_even_split(len(text), lines, max_chars, break_cost)]
        for cuts in splits:
            bounds = [0, *cuts, len(text)]
            lengths = [b - a for a, b in zip(bounds, bounds[1:])]
            total = (sum(break_cost(c) for c in cuts) + sum((n - ideal) ** 2 for n in lengths)
                     + _shape_cost(lengths) + (lines - count) * 40)
            if best is None or total < best[0]:
                best = (total, list(cuts))
    assert best is not None
    bounds = [0, *best[1], len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _splits(length: int, lines: int, most: int):
    """Every way to cut ``length`` characters into ``lines`` lines of 1 to ``most`` characters."""
    if lines == 1:
        if length <= most:
            yield ()
        return
    for first in range(max(1, length - most * (lines - 1)), min(most, length - lines + 1) + 1):
        for rest in _splits(length - first, lines - 1, most):
            yield (first, *(first + cut for cut in rest))


def _even_split(length: int, lines: int, most: int, break_cost: Callable[[int], int]) -> tuple[int, ...]:
    """The cuts into ``lines`` lines of 1 to ``most`` characters with the least break and unevenness cost."""
    ideal = length / lines
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{0: (0.0, ())}]
    for line in range(1, lines + 1):
        row: dict[int, tuple[float, tuple[int, ...]]] = {}
        for start, (cost, cuts) in best[-1].items():
            ends = [length] if line == lines else range(start + 1, min(start + most, length - (lines - line)) + 1)
            for end in ends:
                if end - start > most:
                    continue
                total = cost + (end - start - ideal) ** 2 + (break_cost(end) if end < length else 0)
                if end not in row or total < row[end][0]:
                    row[end] = (total, cuts + ((end,) if end < length else ()))
        best.append(row)
    return best[-1][length][1]
