"""Characters of a DOCX: which font names them, and the spacing that gives each the width the layout gave it.

Why the widths are carried this way, and what LibreOffice does differently from Word, is told in
gwformat.writers.docx.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal
from html import escape  # xml.sax.saxutils would load urllib

from ..fonts import TYPEFACES, Face, load_face
from ..layout.kinsoku import FULL_WIDTH_INSIDE_LINE, NO_LINE_START, NUMBER_MAGNITUDES, is_half_width
from ..layout.tree import Document, Line


FontNames = Literal["shipped", "standard"]


TWIP = 50  # millipoints in a twip (1/20 pt)


#: Style of each layout role: (style id, name shown in Word, paragraph or character).
STYLES = {
    "masthead": ("GwMasthead", "gw 报头", "paragraph"),
    "subtitle": ("GwSubtitle", "gw 报头拼音", "paragraph"),
    "issue_line": ("GwIssueLine", "gw 期号", "paragraph"),
    "title": ("GwTitle", "gw 标题", "paragraph"),
    "body": ("GwBody", "gw 正文", "paragraph"),
    "signature": ("GwSignature", "gw 署名", "paragraph"),
    "distribution": ("GwDistribution", "gw 版记", "paragraph"),
    "folio": ("GwFolio", "gw 页码", "paragraph"),
    "heading1": ("GwHeading1", "gw 一级标题", "character"),
    "heading2": ("GwHeading2", "gw 二级标题", "character"),
    "heading3": ("GwHeading3", "gw 三级标题", "character"),
    "heading4": ("GwHeading4", "gw 四级标题", "character"),
}


@dataclass(frozen=True)
class _Font:
    """A font as the document names it.

    ``face`` gives metrics and outlines. A 开明式 font (``half`` set) is the face with
    the marks a line sets at half width replaced by their half-width forms from
    ``half``, so that text typed later in the word processor is compressed the same way.
    """

    name: str
    face: Face
    half: Face | None
    embed: bool

    def natural(self, char: str, size: int, gb2312: bool) -> int:
        """The advance (mpt) a word processor gives ``char`` in this font, before any spacing."""
        if gb2312:  # the GB2312 faces: half-width ASCII, everything else full width
            return size // 2 if is_half_width(char) or char == " " else size
        if self.half is not None and _compressed_inside(char) and self.half.has(char):
            return self.half.width(char, size)
        if self.face.has(char):
            return self.face.width(char, size)
        return 0 if char in _GUARDS else size // 2


def _script_boundary(before: str, after: str) -> bool:
    """Half-width letters or digits next to full-width text.

    LibreOffice adds space between Chinese characters and Latin letters or digits,
    and, following the Unicode line-breaking rules for Latin text, allows no break
    between a full-width stop and a digit (。12) or a digit and an opening bracket;
    Chinese layout allows both breaks. A zero-width space stops the one and allows
    the other, and costs nothing in a word processor that needs neither.
    """
    if before in _GUARDS or after in _GUARDS or before.isspace() or after.isspace():
        return False
    half_before, half_after = is_half_width(before), is_half_width(after)
    if half_before == half_after:
        return False
    return before.isalnum() if half_before else after.isalnum()


def _compressed_inside(char: str) -> bool:
    return char not in FULL_WIDTH_INSIDE_LINE


#: Zero-width characters the writer puts where half-width text meets full-width text (see _runs).
_GUARDS = {"\u200b", "\u2060"}


@dataclass
class _Context:
    document: Document
    font_names: FontNames
    embed: bool
    guards: bool
    pitch: int  # grid pitch in twips
    fonts: dict[str, _Font] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    pictures: Any = None  # docx_blocks.Pictures: each picture file once
    # per-character answers, asked once for every glyph of the document
    _measures: dict[tuple[str, str, int], tuple[_Font, int, int]] = field(default_factory=dict)
    _boundaries: dict[tuple[str, str], bool] = field(default_factory=dict)

    def measure(self, face_key: str, char: str, size: int) -> tuple[_Font, int, int]:
        """The document font for a glyph, the advance a word processor gives it there, and
        the width the layout took from it that its spacing must give back."""
        key = (face_key, char, size)
        if key not in self._measures:
            font = self.font(face_key, char)
            # 。？！ ending a line, drawn from the half-width face: spacing gives back the full
            # width they take inside a line; word processors drop a line's last spacing, so at
            # the end it is half width again, as in the layout
            restored = size // 2 if face_key.endswith("-Half") and not _compressed_inside(char) else 0
            self._measures[key] = font, font.natural(char, size, self.gb2312), restored
        return self._measures[key]

    def boundary(self, before: str, after: str) -> bool:
        key = (before, after)
        if key not in self._boundaries:
            self._boundaries[key] = _script_boundary(before, after)
        return self._boundaries[key]

    def v(self, mpt: float) -> int:
        """A vertical distance in twips (the layout's grid is in whole twips already)."""
        return math.floor(mpt / TWIP + 1e-6)

    def font(self, face_key: str, char: str = "") -> _Font:
        """The document font for a glyph the layout set in ``face_key``."""
        if face_key.endswith("-Half") and char and _compressed_inside(char):
            face_key = face_key.removesuffix("-Half")  # the 开明式 font has it at half width
        if face_key not in self.fonts:
            self.fonts[face_key] = self._make(face_key)
        return self.fonts[face_key]

    def _make(self, key: str) -> _Font:
        face = load_face(key)
        typeface = next((t for t in TYPEFACES.values() if t.main_key == key), None)
        if typeface is None:  # a half-width companion (line-end 。？！) or the fallback
            return _Font(face.family, face, None, self.embed)
        if self.font_names == "standard":
            return _Font(typeface.standard_name, face, None, False)
        # the 开明式 variant is a family of its own, with one (regular) style: naming the bold
        # Song as "FandolSong" bold made LibreOffice embolden it a second time
        return _Font(key.partition("-")[0] + " Kaiming", face, load_face(key + "-Half"), self.embed)

    @property
    def gb2312(self) -> bool:
        return self.font_names == "standard"


def _rpr(font: _Font, size: int | None, color: str | None, spacing: int, style: str | None = None) -> str:
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    name = escape(font.name)
    parts.append(f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>')
    if color and color.upper() != "#000000":
        parts.append(f'<w:color w:val="{color.lstrip("#").upper()}"/>')
    if spacing:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        half_points = round(size / 500)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


class _RunWriter:
    """Characters in, runs out: consecutive characters of equal attributes become one w:r.

    It also counts, per line, the character spacing LibreOffice will drop: it lays out a
    paragraph in portions (runs of equal attributes and one script) and leaves out the
    spacing of each portion's last character, except at the end of a line, which the text
    area's allowance covers.
    """

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.out: list[str] = []
        self.dropped: dict[int, int] = {}
        self._chars: list[str] = []
        self._attrs: tuple = ()
        self._key: tuple | None = None
        self._last: tuple | None = None  # the last character's (char, key, spacing, line, half width)

    def add(self, char: str, font: _Font, size: int, color: str, spacing: int, style: str | None,
            line: int) -> None:
        key = (font.name, size, color, spacing, style)
        half = is_half_width(char)
        last = self._last
        if last is not None and last[3] == line and (last[1] != key or last[4] != half
                                                     or last[0] in _GUARDS or char in _GUARDS):
            self.dropped[line] = self.dropped.get(line, 0) - min(last[2], 0)
        if key != self._key:
            self.flush()
            self._key, self._attrs = key, (font, size, color, spacing, style)
        self._chars.append(char)
        self._last = (char, key, spacing, line, half)

    def flush(self) -> None:
        if not self._chars:
            return
        font, size, color, spacing, style = self._attrs
        char_style = STYLES[style][0] if style and STYLES.get(style, ("", "", ""))[2] == "character" else None
        text = escape("".join(self._chars), quote=False)
        self.out.append(f'<w:r>{_rpr(font, size, color, spacing, char_style)}'
                        f'<w:t xml:space="preserve">{text}</w:t></w:r>')
        self.ctx.used.setdefault(font.name, set()).update(c for c in self._chars if c not in _GUARDS)
        self._chars = []


def _runs(ctx: _Context, lines: list[Line]) -> tuple[str, dict[int, int]]:
    """Runs for the glyphs of ``lines``, each carrying the width the layout gave it.

    Widths are rounded to twips with the error carried forward; on the layout's
    twip grid they are exact. Where half-width letters or digits meet a Chinese
    character a zero-width space goes between them: LibreOffice adds its own space
    there whatever w:autoSpaceDE/DN say (its DOCX import ignores both), and a
    zero-width space stops it.

    Also returns, in twips and by line number, the character spacing LibreOffice will
    drop from each line (see _RunWriter).
    """
    writer = _RunWriter(ctx)
    target = 0
    actual = 0
    last = None  # the last character's (char, font, size, color, style)
    for number, line in enumerate(lines):
        starts = dict(line.spans)
        style = None
        size, color = line.size, line.color
        for index, glyph in enumerate(line.glyphs):
            style = starts.get(index, style)
            char = glyph.char
            font, natural, restored = ctx.measure(glyph.face, char, size)
            if ctx.guards and last is not None and ctx.boundary(last[0], char):
                # a number's 万/亿 belongs to it: a word joiner, which allows no break
                guard = "\u2060" if last[0].isdigit() and char in NUMBER_MAGNITUDES else "\u200b"
                writer.add(guard, last[1], last[2], last[3], 0, last[4], number)
            target += glyph.advance + restored
            spacing = round((target - actual - natural) / TWIP)
            actual += natural + spacing * TWIP
            writer.add(char, font, size, color, spacing, style, number)
            last = (char, font, size, color, style)
    writer.flush()
    return "".join(writer.out), writer.dropped


def _extension(lines: list[Line], dropped: dict[int, int], right_edge: int) -> int:
    """How far (twips) a paragraph may reach past the text area so LibreOffice breaks its lines as the layout did.

    Each line needs at least what LibreOffice drops from it, and no line may gain room
    for the first piece of the line after it. The extension satisfying most lines wins.
    """
    needs, limits = [], []
    for number, line in enumerate(lines):
        slack = (right_edge - line.x0 - sum(g.advance for g in line.glyphs)) // TWIP
        lost = dropped.get(number, 0)
        needs.append(lost - slack)
        if number + 1 < len(lines):
            limits.append(lost + _first_piece(lines[number + 1]) // TWIP - slack)
    candidates = sorted({0} | {n for n in needs if n > 0})

    def satisfied(extension: int) -> int:
        return sum(extension >= n for n in needs) + sum(extension < u for u in limits)

    return max(candidates, key=lambda e: (satisfied(e), -e))


def _first_piece(line: Line) -> int:
    """Width of what a line starts with that could move back: a run of letters or digits, or one
    character, with the closing marks that must follow it."""
    glyphs = line.glyphs
    end = 1
    if glyphs and is_half_width(glyphs[0].char) and glyphs[0].char.isalnum():
        while end < len(glyphs) and is_half_width(glyphs[end].char) and not glyphs[end].char.isspace():
            end += 1
    while end < len(glyphs) and glyphs[end].char in NO_LINE_START:
        end += 1
    return sum(g.advance for g in glyphs[:end])
