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

from ..reuse import forgettable
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


@forgettable
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


def split_title(text: str, max_chars: int, max_lines: int | None = None) -> list[str]:
    """The lines of ``text`` (one title), each at most ``max_chars`` characters, at most ``max_lines`` of them.

    Every split into the fewest lines that fit (and one more, when the page holds it) is weighed: breaks
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
    for lines in (count, count + 1) if max_lines is None or count + 1 <= max_lines else (count,):
        if best is not None and best[0] <= _least_possible(len(text), lines) + (lines - count) * _EXTRA_LINE:
            break  # no split into more lines can cost less
        reach = _Reach(breaks, lines, max_chars)
        # a shaped split costs only its breaks and unevenness; any split may instead pay for
        # its rises, which is its cost when it is not shaped and more than its cost when it is
        for shaped in (False, True):
            found = _cheapest(reach, shaped, (lines - count) * _EXTRA_LINE, None if best is None else best[0])
            # of equal cost: fewer lines, then shorter first lines
            if found is not None and (best is None or (found[0], len(found[1]), found[1])
                                      < (best[0], len(best[1]), best[1])):
                best = found
    assert best is not None
    bounds = [0]
    for length in best[1]:
        bounds.append(bounds[-1] + length)
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _least_possible(length: int, lines: int) -> Fraction:
    """The unevenness of the most even split of ``length`` characters into ``lines``: no split costs less."""
    ideal, (short, longer) = Fraction(length, lines), divmod(length, lines)
    return longer * (short + 1 - ideal) ** 2 + (lines - longer) * (short - ideal) ** 2


class _Reach:
    """What a split of ``len(breaks) - 1`` characters into ``lines`` lines of 1 to ``most`` can cost,
    shape aside, computed once for both searches of _cheapest: where the first ``done`` lines can
    end (``positions``), the least the lines up to a position cost (``ahead``) and after it
    (``behind``), and the cost of the evenest split (``evenest``), which bounds the cheapest.
    Costs are kept as integers times ``lines``², so that equal costs compare equal.
    """

    def __init__(self, breaks: list[int], lines: int, most: int) -> None:
        length, scale = len(breaks) - 1, lines * lines
        self.length, self.lines, self.most, self.scale = length, lines, most, scale
        self.rise = _RISE * scale
        self.breaks = breaks = [cost * scale for cost in breaks]
        self.uneven = uneven = [(lines * size - length) ** 2 for size in range(most + 1)]
        start: dict[int, float] = {0: 0}  # integers, or inf where no split reaches
        end: dict[int, float] = {length: 0}
        self.ahead = ahead = [start, *({} for _ in range(lines))]
        self.behind = behind = [*({} for _ in range(lines)), end]
        for done in range(1, lines + 1):
            ahead[done] = {end: min(ahead[done - 1].get(end - size, math.inf) + breaks[end] + uneven[size]
                                    for size in range(1, min(most, end) + 1)) for end in self.positions(done)}
        for done in range(lines - 1, -1, -1):
            behind[done] = {start: min(behind[done + 1].get(start + size, math.inf) + breaks[start + size]
                                       + uneven[size] for size in range(1, min(most, length - start) + 1))
                            for start in self.positions(done)}
        self.evenest = _cost_of(_evenest(behind, breaks, uneven, most), breaks, uneven, self.rise)

    def positions(self, done: int) -> range:
        """Where the first ``done`` lines can end."""
        length, lines, most = self.length, self.lines, self.most
        return range(max(done, length - (lines - done) * most), min(done * most, length - (lines - done)) + 1)


def _cheapest(reach: _Reach, shaped: bool, extra: int,
              bound: Fraction | None = None) -> tuple[Fraction, tuple[int, ...]] | None:
    """The least cost of a split of ``reach.length`` characters into ``reach.lines`` lines of 1 to
    ``reach.most``, and the line lengths of the first such split (shortest first lines); None if none fits.

    ``shaped``: only splits of zero shape cost; otherwise any split, paying for every rise.
    ``bound``: the cost of a split found already. A state that every split through it would
    make dearer is left out, so a split dearer than ``bound`` may come back dearer than it is,
    or not at all; one that costs ``bound`` or less comes back as it is.
    """
    length, lines, most, scale = reach.length, reach.lines, reach.most, reach.scale
    rise, breaks, uneven, ahead, behind = reach.rise, reach.breaks, reach.uneven, reach.ahead, reach.behind
    positions = reach.positions
    never: tuple[float, int] = (math.inf, 0)
    # a state whose least cost ahead and behind together exceed the bound is on no split that
    # could win; costs are integers, so the bound is too
    limit = min(math.inf if bound is None else math.floor((bound - extra) * scale), reach.evenest)

    # choice[done][(position, last, phase)]: for the lines after the first ``done`` (which end
    # at ``position`` with a line of ``last`` characters), their least cost and the length of
    # the next line that gives it, the shortest of equal cost
    choice: list[dict[tuple[int, int, int], tuple[float, int]]] = [{} for _ in range(lines + 1)]
    choice[lines] = {(length, last, phase): (0, 0) for last in range(1, most + 1)
                     for phase in (_SHAPED_ENDS if shaped else (_START,))}
    for done in range(lines - 1, -1, -1):
        table, after, left = choice[done], choice[done + 1], lines - done - 1
        for position in positions(done):
            if ahead[done][position] + behind[done][position] > limit:
                continue
            sizes = range(max(1, length - position - left * most), min(most, length - position - left) + 1)

            def next_line(phase: int) -> list[tuple[float, int]]:
                """By its length, the cost of the next line and all after it, when it leaves the shape in ``phase``."""
                out = [never] * (most + 2)
                for size in sizes:
                    tail = after.get((position + size, size, phase))
                    if tail is not None:
                        out[size] = (tail[0] + breaks[position + size] + uneven[size], size)
                return out

            before = positions(done - 1) if done else range(1)
            lasts = [last for last in range(max(1, position - before.stop + 1), min(most, position - before.start) + 1)
                     if ahead[done - 1].get(position - last, math.inf) + breaks[position] + uneven[last]
                     + behind[done][position] <= limit] if done else []
            if shaped:
                falling, level, rising = next_line(_FALLING), next_line(_LEVEL), next_line(_RISING)
                if not done:
                    _keep(table, (position, 0, _START), min(level))
                    continue
                shorter, longer = _running_least(falling), _running_least(rising[::-1])[::-1]
                for last in lasts:  # a shorter line falls; an equal one stays level; a longer one rises
                    _keep(table, (position, last, _FALLING), shorter[last])
                    up = min(shorter[last - 1], level[last], longer[last + 1])
                    _keep(table, (position, last, _LEVEL), up)
                    _keep(table, (position, last, _RISING), up)
            else:
                free = next_line(_START)
                if not done:
                    _keep(table, (position, 0, _START), min(free))
                    continue
                shorter = _running_least(free)
                longer = _running_least([(cost + rise * size, size) for cost, size in free][::-1])[::-1]
                for last in lasts:  # a longer line pays for each character it rises
                    cost, size = longer[last + 1]
                    _keep(table, (position, last, _START), min(shorter[last], (cost - rise * last, size)))
    state = (0, 0, _START)
    if state not in choice[0]:
        return None
    total, lengths = choice[0][state][0], []
    for done in range(lines):
        position, last, phase = state
        size = choice[done][state][1]
        lengths.append(size)
        state = (position + size, size, (_next_phase(phase, last, size) or _START) if shaped else _START)
    return Fraction(int(total), scale) + extra, tuple(lengths)


def _running_least(costs: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """At each index, the least of ``costs`` up to it."""
    out, least = [], costs[0]
    for cost in costs:
        least = min(least, cost)
        out.append(least)
    return out


def _evenest(behind: list[dict[int, float]], breaks: list[int], uneven: list[int], most: int) -> list[int]:
    """The line lengths of the split cheapest in breaks and unevenness alone, shape aside."""
    lengths, position = [], 0
    for done in range(len(behind) - 1):
        target = behind[done][position]
        size = next(size for size in range(1, most + 1)
                    if behind[done + 1].get(position + size, math.inf) + breaks[position + size] + uneven[size] == target)
        lengths.append(size)
        position += size
    return lengths


def _cost_of(lengths: list[int], breaks: list[int], uneven: list[int], rise: int) -> float:
    """What the split into ``lengths`` costs, scaled as _cheapest counts: its breaks and
    unevenness, and its rises unless it is shaped. Any split's cost bounds the cheapest."""
    bounds = [0]
    for size in lengths:
        bounds.append(bounds[-1] + size)
    cost = sum(breaks[end] + uneven[size] for end, size in zip(bounds[1:], lengths))
    phase: int | None = _START
    for last, size in zip([0, *lengths], lengths):
        phase = _next_phase(phase, last, size) if phase is not None else None
    if phase in _SHAPED_ENDS:
        return cost
    return cost + sum(rise * (b - a) for a, b in zip(lengths, lengths[1:]) if b > a)


def _keep(table: dict[tuple[int, int, int], tuple[float, int]], state: tuple[int, int, int],
          best: tuple[float, int]) -> None:
    if best[0] != math.inf:
        table[state] = best
