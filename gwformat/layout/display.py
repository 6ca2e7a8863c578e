"""Display text: a line set at its natural width and aligned, never broken (masthead, signatures, labels)."""

from __future__ import annotations

from .justify import natural_width, set_line
from .segment import TextStyle, atoms, normalize
from .tree import Line


def display_line(text: str, style: TextStyle, spacing: int, align: str, baseline: int, x0: int, x1: int,
                 path: str = "") -> Line:
    """A single line of display text aligned between x0 and x1, never broken."""
    pieces = atoms(normalize(text), style, path or style.role)
    width = natural_width(pieces) + spacing * (len(pieces) - 1)
    if align == "center":
        start = x0 + (x1 - x0 - width) // 2
    elif align == "right":
        start = x1 - width
    else:
        start = x0
    return set_line(pieces, start, width, baseline, False, spacing=spacing, path=path)
