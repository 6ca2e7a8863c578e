"""The DOCX writer's reuse (see gwformat.reuse): the runs of a paragraph written before.

A paragraph's runs are a pure function of its lines, where they end and the document's
font names; writing them also tells the document which fonts it names and which
characters each embedded subset needs. So the runs are kept under the lines (by identity:
the layout hands back the same lines for an unchanged paragraph) with those two answers,
which a reuse gives the document again: every face the lines touch, in the order they touch
it, and the characters by font.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..layout.tree import Line
from ..reuse import Memo

if TYPE_CHECKING:
    from .docx_text import _Context

#: the lines (kept alive with their entry), the runs, the faces touched in order, the characters by font
_Entry = tuple[tuple[Line, ...], str, tuple[str, ...], tuple[tuple[str, frozenset[str]], ...]]

_RUNS: Memo[_Entry] = Memo(8192)


def reused_runs(ctx: "_Context", lines: list[Line], right_edge: int | None,
                write: Callable[["_Context", list[Line], int | None], str],
                face_of: Callable[[str, str], str]) -> str:
    """``write(ctx, lines, right_edge)``, or what it gave for the same lines before, its effects on ``ctx`` replayed.

    ``face_of(face, char)`` is the document font's face key for a glyph (ctx.font's mapping).
    """
    kept = tuple(lines)
    key = (tuple(map(id, kept)), right_edge, ctx.font_names, ctx.embed)
    if key not in _RUNS:
        runs = write(ctx, lines, right_edge)
        glyphs = [(face_of(g.face, g.char), g.char) for line in kept for g in line.glyphs]
        faces = tuple(dict.fromkeys(face for face, _ in glyphs))
        by_font: dict[str, set[str]] = {}
        for face, char in glyphs:  # every glyph is written, into its font's run
            by_font.setdefault(ctx.fonts[face].name, set()).add(char)
        used = tuple((name, frozenset(chars)) for name, chars in by_font.items())
        _RUNS.get(key, lambda: (kept, runs, faces, used))
        return runs
    _, runs, faces, used = _RUNS.get(key, lambda: ((), "", (), ()))
    for face in faces:
        ctx.font(face)
    for name, chars in used:
        ctx.used.setdefault(name, set()).update(chars)
    return runs
