"""Splitting a long title into lines by meaning, in the shapes GB/T 9704 asks for.

GB/T 9704-2012, 7.3.2: a title that runs over lines keeps each word whole, keeps
its lines of sensible, even lengths, and is arranged as a trapezoid (each line no
longer than the one above) or a diamond (longest in the middle). Words come from
jieba's segmenter; a break inside a word is taken only when no other split fits.

The cheapest split is found by dynamic programming over the break positions, so a
title of any length is split at once (its time grows with its length, not with the
number of ways to split it).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

from .kinsoku import NO_LINE_END, NO_LINE_START

_INSIDE_WORD = 1000  # a break inside a word: only when nothing else fits
_AGAINST_KINSOKU = 10 * _INSIDE_WORD  # a line that would start with a closing mark or end with an opening one
_RISE = 60  # per character a line is longer than the one above, when the shape is neither trapezoid nor diamond
_EXTRA_LINE = 40  # one line more than the fewest that fit

# Where a split stands in its shape after each line, read left to right: a shape of zero
# cost rises (never falling) and then falls (never rising), and does not end on a line
# longer than every line above it (that is neither a trapezoid nor a diamond).
_START, _LEVEL, _RISING, _FALLING = range(4)
_SHAPED_ENDS = (_LEVEL, _FALLING)


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


def _next_phase(phase: int, last: int, length: int) -> int | None:
    """The shape's phase after a line of ``length`` follows one of ``last``; None if it breaks the shape."""
    if phase == _START:
        return _LEVEL
    if phase == _FALLING:
        return _FALLING if length <= last else None
    if length == last:
        return _LEVEL
    return _RISING if length > last else _FALLING


def split_title(text: str, max_chars: int) -> list[str]:
    """The lines of ``text`` (one title), each at most ``max_chars`` characters.

    Every split into the fewest lines that fit (and one more) is weighed: breaks
    inside words, uneven lengths, and a shape that is neither a trapezoid nor a
    diamond all cost; the cheapest split wins, and of equally cheap ones the one
    with the fewest lines, then the shortest first lines.
    """
    if len(text) <= max_chars:
        return [text]
    ends = _word_ends(text)
    breaks = [0] + [_AGAINST_KINSOKU if text[p] in NO_LINE_START or text[p - 1] in NO_LINE_END
                    else 0 if p in ends else _INSIDE_WORD for p in range(1, len(text))] + [0]
    count = math.ceil(len(text) / max_chars)
    best: tuple[Fraction, tuple[int, ...]] | None = None
    for lines in (count, count + 1):
        # a shaped split costs only its breaks and unevenness; any split may instead pay for
        # its rises, which is its cost when it is not shaped and more than its cost when it is
        for shaped in (True, False):
            found = _cheapest(breaks, lines, max_chars, shaped, (lines - count) * _EXTRA_LINE)
            if found is not None and (best is None or found < best):
                best = found
    assert best is not None
    bounds = [0]
    for length in best[1]:
        bounds.append(bounds[-1] + length)
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _cheapest(breaks: list[int], lines: int, most: int, shaped: bool,
              extra: int) -> tuple[Fraction, tuple[int, ...]] | None:
    """The least cost of a split of ``len(breaks) - 1`` characters into ``lines`` lines of 1 to
    ``most``, and the line lengths of the first such split (shortest first lines); None if none fits.

    ``shaped``: only splits of zero shape cost; otherwise any split, paying for every rise.
    Costs are kept as integers times ``lines``², so that equal costs compare equal.
    """
    length, scale = len(breaks) - 1, lines * lines
    rise = 0 if shaped else _RISE * scale
    breaks = [cost * scale for cost in breaks]
    uneven = [(lines * size - length) ** 2 for size in range(most + 1)]
    phases = (_LEVEL, _RISING, _FALLING) if shaped else (_START,)

    def reach(done: int) -> range:
        """Where the first ``done`` lines can end."""
        return range(max(done, length - (lines - done) * most), min(done * most, length - (lines - done)) + 1)

    # choice[done][(position, last, phase)]: for the lines after the first ``done`` (which end
    # at ``position`` with a line of ``last`` characters), their least cost and the next
    # line's length and phase that give it, the shortest of equal cost
    choice: list[dict[tuple[int, int, int], tuple[int, int, int]]] = [{} for _ in range(lines + 1)]
    choice[lines] = {(length, last, phase): (0, 0, 0) for last in range(1, most + 1)
                     for phase in (_SHAPED_ENDS if shaped else phases)}
    for done in range(lines - 1, -1, -1):
        table, after, left = choice[done], choice[done + 1], lines - done - 1
        sizes_from = range(max(1, length - left * most), length - left + 1)  # shifted by each position
        for position in reach(done):
            before = reach(done - 1) if done else range(1)
            states = [(last, phase) for last in range(max(1, position - before.stop + 1),
                                                        min(most, position - before.start) + 1)
                      for phase in phases] if done else [(0, _START)]
            sizes = range(max(1, sizes_from.start - position), min(most, sizes_from.stop - 1 - position) + 1)
            for last, phase in states:
                best: tuple[int, int, int] | None = None
                for size in sizes:
                    following = _next_phase(phase, last, size) if shaped else _START
                    if following is None:
                        continue
                    tail = after.get((position + size, size, following))
                    if tail is None:
                        continue
                    cost = tail[0] + breaks[position + size] + uneven[size]
                    if done and size > last:
                        cost += rise * (size - last)
                    if best is None or cost < best[0]:
                        best = (cost, size, following)
                if best is not None:
                    table[(position, last, phase)] = best
    state = (0, 0, _START)
    if state not in choice[0]:
        return None
    total, lengths = choice[0][state][0], []
    for done in range(lines):
        _, size, phase = choice[done][state]
        lengths.append(size)
        state = (state[0] + size, size, phase)
    return Fraction(total, scale) + extra, tuple(lengths)
