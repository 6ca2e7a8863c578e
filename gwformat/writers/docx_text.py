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
from ..layout.kinsoku import FULL_WIDTH_INSIDE_LINE, is_half_width
from ..layout.tree import Document, Line
from .docx_quirks import libreoffice_surplus, margin
from .docx_reuse import reused_runs


FontNames = Literal["shipped", "standard"]


TWIP = 50  # millipoints in a twip (1/20 pt)


def _twips(mpt: float) -> int:
    return round(mpt / TWIP)


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
    "table": ("GwTable", "gw 表格", "paragraph"),
    "figure": ("GwFigure", "gw 图片", "paragraph"),
    "heading1": ("GwHeading1", "gw 一级标题", "character"),
    "heading2": ("GwHeading2", "gw 二级标题", "character"),
    "heading3": ("GwHeading3", "gw 三级标题", "character"),
    "heading4": ("GwHeading4", "gw 四级标题", "character"),
    "contents_heading": ("GwContentsHeading", "gw 要目标题", "paragraph"),
    "contents": ("GwContents", "gw 要目", "paragraph"),
    "contents_column": ("GwContentsColumn", "gw 要目栏目", "paragraph"),
    "column": ("GwColumn", "gw 栏目", "paragraph"),
    "note": ("GwNote", "gw 按语", "paragraph"),
    "note_label": ("GwNoteLabel", "gw 按语标签", "character"),
}

#: Styles of what only some bulletins have (本期要目, 栏目, 编者按 and 按语): written where a document uses them.
OCCASIONAL_STYLES = ("contents_heading", "contents", "contents_column", "column", "note", "note_label")


def style_name(role: str) -> str:
    """The name of the Word style lines of ``role`` are set in: a user sees it, and an import of
    gwformat's own DOCX reads a paragraph's role back from it (gwformat.drafts.patterns)."""
    return STYLES[role][1] if role in STYLES else f"gw {role}"


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
        return size // 2


def _compressed_inside(char: str) -> bool:
    return char not in FULL_WIDTH_INSIDE_LINE


@dataclass
class _Context:
    document: Document
    font_names: FontNames
    embed: bool
    pitch: int  # grid pitch in twips
    fonts: dict[str, _Font] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    pictures: Any = None  # docx_blocks.Pictures: each picture file once
    # per-character answers, asked once for every glyph of the document
    _measures: dict[tuple[str, str, int], tuple[_Font, int]] = field(default_factory=dict)

    def measure(self, face_key: str, char: str, size: int) -> tuple[_Font, int]:
        """The document font for a glyph and the advance (mpt) a word processor gives it there."""
        key = (face_key, char, size)
        if key not in self._measures:
            font = self.font(face_key, char)
            self._measures[key] = font, font.natural(char, size, self.gb2312)
        return self._measures[key]

    def v(self, mpt: float) -> int:
        """A vertical distance in twips (the layout's grid is in whole twips already)."""
        return math.floor(mpt / TWIP + 1e-6)

    def font(self, face_key: str, char: str = "") -> _Font:
        """The document font for a glyph the layout set in ``face_key``."""
        face_key = _face_key(face_key, char)
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


#: The character style of emphasised text (**…** in the content): its own face (黑体), and bold, so
#: that Word shows it as bold and an import reads it back as emphasis.
EMPHASIS_STYLE = ("GwEmphasis", "gw 着重", "character")


def _rpr(font: _Font, size: int | None, color: str | None, spacing: int, style: str | None = None,
         bold: bool = False) -> str:
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    name = escape(font.name)
    parts.append(f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if color and color.upper() != "#000000":
        parts.append(f'<w:color w:val="{color.lstrip("#").upper()}"/>')
    if spacing:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        half_points = round(size / 500)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


class _RunWriter:
    """Characters in, runs out: consecutive characters of equal attributes become one w:r."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.out: list[str] = []
        self._chars: list[str] = []
        self._attrs: tuple = ()
        self._key: tuple | None = None

    def add(self, char: str, font: _Font, size: int, color: str, spacing: int, style: str | None,
            strong: bool = False) -> None:
        key = (font.name, size, color, spacing, style, strong)
        if key != self._key:
            self.flush()
            self._key, self._attrs = key, (font, size, color, spacing, style, strong)
        self._chars.append(char)

    def flush(self) -> None:
        if not self._chars:
            return
        font, size, color, spacing, style, strong = self._attrs
        char_style = STYLES[style][0] if style and STYLES.get(style, ("", "", ""))[2] == "character" else None
        if strong and char_style is None:
            char_style = EMPHASIS_STYLE[0]
        text = escape("".join(self._chars), quote=False)
        self.out.append(f'<w:r>{_rpr(font, size, color, spacing, char_style, strong)}'
                        f'<w:t xml:space="preserve">{text}</w:t></w:r>')
        self.ctx.used.setdefault(font.name, set()).update(self._chars)
        self._chars = []


def _runs(ctx: _Context, lines: list[Line], right_edge: int | None) -> str:
    """Runs for the glyphs of ``lines``, the lines of one Word paragraph, each glyph as wide as the layout set it.

    ``right_edge`` is where the paragraph's lines end; None for a line placed by itself (centred,
    or at a tab), which never breaks. The same lines written before in this process are not
    written again (docx_reuse).
    """
    return reused_runs(ctx, lines, right_edge, _write_runs, _face_key)


def _face_key(face_key: str, char: str) -> str:
    """The face of the document font for a glyph the layout set in ``face_key`` (see _Context.font)."""
    if face_key.endswith("-Half") and char and _compressed_inside(char):
        return face_key.removesuffix("-Half")  # the 开明式 font has it at half width
    return face_key


def _write_runs(ctx: _Context, lines: list[Line], right_edge: int | None) -> str:
    writer = _RunWriter(ctx)
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else None
        starts = dict(line.spans)
        strong = {index for start, end in line.emphasis for index in range(start, end)}
        style = None
        for index, (glyph, (font, spacing)) in enumerate(zip(line.glyphs, _spacings(ctx, line, right_edge, following))):
            style = starts.get(index, style)
            writer.add(glyph.char, font, line.size, line.color, spacing, style, index in strong)
    writer.flush()
    return "".join(writer.out)


def _display_runs(ctx: _Context, lines: list[Line], room: int) -> list[str]:
    """Runs for display lines set side by side on one baseline (at tabs), one string per line.

    They never break, but all of them must fit the ``room`` (mpt) they share in every reader:
    where LibreOffice would need more (docx_quirks), every glyph gives up the same few twips.
    """
    chars = [g.char for line in lines for g in line.glyphs]
    fonts_own = [_spacings(ctx, line, None, None) for line in lines]
    own = [s for pieces in fonts_own for _, s in pieces]
    natural = sum(ctx.measure(g.face, g.char, line.size)[1] for line in lines for g in line.glyphs) / TWIP
    size = max(line.size for line in lines)
    share = 0
    for _ in range(6):
        spacings = [s + share for s in own]
        keys = [(font.name, s) for pieces in fonts_own for font, s in pieces]
        over = natural + sum(spacings) + margin(size) + libreoffice_surplus(chars, keys, spacings, size) - room / TWIP
        if over <= 0 or not chars:
            break
        share -= math.ceil(over / len(chars))
    out = []
    for line, pieces in zip(lines, fonts_own):
        writer = _RunWriter(ctx)
        for glyph, (font, spacing) in zip(line.glyphs, pieces):
            writer.add(glyph.char, font, line.size, line.color, spacing + share, None)
        writer.flush()
        out.append("".join(writer.out))
    return out


def _spacings(ctx: _Context, line: Line, right_edge: int | None, following: Line | None) -> list[tuple[_Font, int]]:
    """Each glyph's document font and character spacing (twips), so that it takes the width the layout gave it.

    A glyph's own spacing is its layout advance less the advance the word processor gives
    it, rounded with the error carried forward (exact on the layout's twip grid). A line the
    word processor must break after (one with a ``following`` line) is then filled to the
    edge less a slack that its justification (w:jc) spreads again: at least the margin of
    docx_quirks, and no more than what follows less that margin, so the break is the same
    in every reader; within those bounds, the room LibreOffice needs as well. The line's
    share is one value for all its glyphs, so that a line of one script stays one run. A
    last line keeps its width unless it comes nearer the edge than the margin.
    """
    measures = [ctx.measure(g.face, g.char, line.size) for g in line.glyphs]
    if not measures:
        return []
    own: list[int] = []
    target = actual = 0
    for glyph, (_, natural) in zip(line.glyphs, measures):
        target += glyph.advance
        spacing = round((target - actual - natural) / TWIP)
        actual += natural + spacing * TWIP
        own.append(spacing)
    if right_edge is None:
        return [(font, spacing) for (font, _), spacing in zip(measures, own)]
    edge = margin(line.size)
    room = (right_edge - line.x0) // TWIP
    ceiling = _first_piece(following) // TWIP - edge if following is not None else room
    chars = [g.char for g in line.glyphs]
    slack, spacings = edge, own
    for _ in range(6):  # what LibreOffice needs grows a little as the spacing shrinks: until it holds
        goal = room - slack if following is not None else min(room - slack, math.ceil(actual / TWIP))
        share, extra = divmod(math.floor(goal - actual / TWIP), len(own))
        # the remainder, a twip each, goes to the first glyphs, so that the line ends at the goal
        spacings = [s + share + (index < extra) for index, s in enumerate(own)]
        keys = [(font.name, s) for (font, _), s in zip(measures, spacings)]
        needed = max(edge, min(edge + libreoffice_surplus(chars, keys, spacings, line.size), ceiling))
        if needed <= slack:
            break
        slack = needed
    return [(font, spacing) for (font, _), spacing in zip(measures, spacings)]


def _first_piece(line: Line) -> int:
    """Width (mpt) of what a line starts with that a reader cannot break: a run of letters or digits, or one character."""
    glyphs = line.glyphs
    end = 1
    if glyphs and is_half_width(glyphs[0].char) and glyphs[0].char.isalnum():
        while end < len(glyphs) and is_half_width(glyphs[end].char) and not glyphs[end].char.isspace():
            end += 1
    return sum(g.advance for g in glyphs[:end])
