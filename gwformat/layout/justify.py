"""Placing a broken line's glyphs: natural widths, then justification.

A full line is justified so that its last glyph's advance ends exactly at the
right edge: the space left over is shared equally between the atoms (Chinese
text is justified between characters, not only at spaces), the remainder of the
integer division going to the first gaps so positions stay exact. The last line
of a paragraph keeps natural widths.
"""

from __future__ import annotations

from ..emphasis import ranges
from .segment import Atom
from .tree import Glyph, Line, Source


def natural_width(atoms: list[Atom], extra: int = 0) -> int:
    """Width of a line made of ``atoms``, the last one at its line-end width."""
    if not atoms:
        return 0
    return sum(a.width_with(extra) for a in atoms[:-1]) + atoms[-1].width_with(extra, at_end=True)


def set_line(atoms: list[Atom], x0: int, width: int, baseline: int, justify: bool, *, extra: int = 0,
             spacing: int = 0, path: str = "", paragraph: int | None = None, last: bool = True,
             role: str | None = None, band: tuple[int, int] | None = None) -> Line:
    """Position ``atoms`` from ``x0`` on ``baseline``; justify to ``width`` when asked.

    ``spacing`` is letter spacing added after every atom but the last (display lines).
    """
    slack = width - natural_width(atoms, extra)
    gaps = len(atoms) - 1
    share, remainder = divmod(slack, gaps) if justify and gaps > 0 and slack > 0 else (0, 0)
    glyphs: list[Glyph] = []
    spans: list[tuple[int, str]] = []
    strong: list[int] = []  # the glyphs set in the emphasis face
    x = x0
    for index, atom in enumerate(atoms):
        if not spans or spans[-1][1] != atom.style.role:
            spans.append((len(glyphs), atom.style.role))
        at_end = index == len(atoms) - 1
        cells = atom.end_cells if at_end else atom.cells
        for cell in cells:
            if cell.strong:
                strong.append(len(glyphs))
            glyphs.append(Glyph(cell.char, cell.face, x + cell.dx + extra * cell.tracked_before,
                                cell.advance + (extra if cell.tracked else 0)))
        x += atom.width_with(extra, at_end=at_end)
        if index < gaps:
            x += share + (1 if index < remainder else 0) + spacing
    style = atoms[0].style
    if band is None:
        above = style.typeface.main.em_ascent(style.size)
        band = (baseline - above, baseline - above + style.size)
    return Line(
        role=role or style.role,
        text="".join(a.text for a in atoms),
        size=style.size,
        color=style.color,
        baseline=baseline,
        x0=x0,
        x1=x,
        glyphs=tuple(glyphs),
        spans=tuple(spans),
        source=Source(path, atoms[0].start, atoms[-1].start + len(atoms[-1].text)) if path else None,
        paragraph=paragraph,
        justified=bool(justify and gaps > 0 and slack > 0),
        tracking=style.tracking + extra,
        last_in_paragraph=last,
        band=band,
        emphasis=ranges(_flags(strong, len(glyphs))) if strong else (),
    )


def _flags(indices: list[int], length: int) -> list[bool]:
    flags = [False] * length
    for index in indices:
        flags[index] = True
    return flags
