"""Breaking a paragraph's atoms into lines.

The breaker is first-fit, as word processors are, so a document edited in one
breaks where a clerk expects: each line takes atoms while they fit, an atom at
the end of a line counting at its line-end width (a closing mark is compressed
there, so it may be pushed in). Then 避头尾: a line may not begin with a
closing mark nor end with an opening one, so the break moves back until both
hold (the marks before it are pushed out to the next line).

``extra`` tracking (negative) tightens the lines; :func:`tighten_tail` uses it
to pull a paragraph back by one line when the page needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .segment import Atom, split_atom
from .tree import GRID_UNIT


@dataclass(frozen=True, slots=True)
class Broken:
    """A line of a paragraph: atoms [start, end) and the extra tracking it was set with."""

    start: int
    end: int
    extra: int = 0


def _fill(atoms: list[Atom], i: int, width: int, extra: int) -> int:
    """Index after the last atom that fits from ``i``, before 避头尾 adjustments."""
    used = 0
    j = i
    while j < len(atoms):
        atom = atoms[j]
        if used + atom.width_with(extra, at_end=True) > width:
            break
        used += atom.width_with(extra)
        j += 1
    return j


def _allowed(atoms: list[Atom], k: int) -> bool:
    """May a line break fall before atoms[k]?"""
    return not atoms[k].no_start and not atoms[k - 1].no_end


def break_lines(atoms: list[Atom], widths: tuple[int, int], extra: int = 0, start: int = 0,
                first: bool = True) -> list[Broken]:
    """Break ``atoms`` (from index ``start``) into lines; ``widths`` = (first line, other lines).

    ``atoms`` may be modified: a run wider than a whole line is split in place.
    """
    lines: list[Broken] = []
    i = start
    while i < len(atoms):
        width = widths[0] if first and not lines else widths[1]
        j = _fill(atoms, i, width, extra)
        if j == i:
            parts = split_atom(atoms[i], width)
            if parts is None:
                j = i + 1  # a single glyph wider than the line: let it overflow
            else:
                atoms[i:i + 1] = parts
                continue
        if j < len(atoms):
            k = j
            while k > i + 1 and not _allowed(atoms, k):
                k -= 1
            if _allowed(atoms, k):
                j = k
            # else: no legal break in the line; keep the first-fit break
        lines.append(Broken(i, j, extra))
        i = j
    return lines


def tighten_tail(atoms: list[Atom], widths: tuple[int, int], lines: list[Broken],
                 max_extra: int) -> list[Broken] | None:
    """Pull the paragraph back by one line by tightening its last lines, or None if it cannot.

    Of every choice of first line to tighten, and the least tracking that saves a
    line from there, take the one that takes the least space out in all: the
    tightening spread over the fewest characters a reader would notice.
    """
    best: tuple[int, int, list[Broken]] | None = None
    for k in range(len(lines) - 1, -1, -1):
        head = lines[:k]
        start = lines[k].start
        trial = _least_extra(atoms, widths, start, k == 0, len(lines) - k, max_extra)
        if trial is None:
            continue
        extra, tail = trial
        tracked = sum(a.tracked for a in atoms[start:])
        cost = extra * tracked
        if best is None or cost < best[0]:
            best = (cost, k, head + tail)
    return best[2] if best else None


def _least_extra(atoms: list[Atom], widths: tuple[int, int], start: int, first: bool, count: int,
                 max_extra: int) -> tuple[int, list[Broken]] | None:
    """Smallest tightening per tracked glyph that sets atoms[start:] in fewer than ``count`` lines.

    The amount is a whole number of grid units (twips), like every width on the grid,
    so a word processor can be given exactly the same spacing.
    """

    def attempt(steps: int) -> list[Broken] | None:
        tail = break_lines(atoms, widths, -steps * GRID_UNIT, start, first)
        return tail if len(tail) < count else None

    most = max_extra // GRID_UNIT
    if most < 1 or attempt(most) is None:
        return None
    low, high = 0, most  # attempt(low) fails, attempt(high) succeeds
    while high - low > 1:
        middle = (low + high) // 2
        if attempt(middle) is None:
            low = middle
        else:
            high = middle
    tail = attempt(high)
    assert tail is not None
    return high * GRID_UNIT, tail
