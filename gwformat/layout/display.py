"""Display text: a line set at its natural width and aligned, never broken (masthead, signatures, labels)."""

from __future__ import annotations

from ..errors import LayoutError
from .justify import natural_width, set_line
from .segment import Atom, TextStyle, atoms, normalize
from .tree import Line


def display_line(text: str, style: TextStyle, spacing: int, align: str, baseline: int, x0: int, x1: int,
                 path: str = "") -> Line:
    """A single line of display text aligned between x0 and x1, never broken.

    Text wider than its place is refused rather than drawn over what is beside it or off the page.
    """
    pieces, width = _measured(text, style, spacing, path or style.role)
    if width > x1 - x0:
        chars = sum(len(p.text) for p in pieces)
        raise LayoutError(f"too long for its line: {chars} characters, at most "
                          f"{chars * max(x1 - x0, 0) // width} fit", path or style.role)
    if align == "center":
        start = x0 + (x1 - x0 - width) // 2
    elif align == "right":
        start = x1 - width
    else:
        start = x0
    return set_line(pieces, start, width, baseline, False, spacing=spacing, path=path)


def display_width(text: str, style: TextStyle, spacing: int = 0) -> int:
    """The natural width of ``text`` set as one display line."""
    return _measured(text, style, spacing, style.role)[1]


def _measured(text: str, style: TextStyle, spacing: int, path: str) -> tuple[list[Atom], int]:
    pieces = atoms(normalize(text), style, path)
    return pieces, natural_width(pieces) + spacing * (len(pieces) - 1)
