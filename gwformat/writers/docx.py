"""The DOCX writer: an editable Word document that breaks lines and pages as the PDF does.

Word processors disagree about East Asian layout: LibreOffice ignores
w:characterSpacingControl on import and compresses only 、 and 。 when forced,
Word compresses by its own tables. So the document does not ask the word
processor to compress anything. Compression is switched off
(characterSpacingControl=doNotCompress, no autospace between Chinese and
digits, no hanging punctuation), and every character carries the width the
layout gave it as explicit character spacing (w:spacing, in twips). Every word
processor honours character spacing, so each line holds what it holds in the
PDF, and the word processor's own first-fit breaking with 避头尾 (w:kinsoku)
finds the same breaks. Justification (w:jc=both) is left to the word processor
so that edited text still reflows.

The grid is w:docGrid type="lines" with the pitch of 22 lines: a line grid only,
since Word's character grid (type="linesAndChars") counts a full-width glyph as
two cells in LibreOffice (measured: 14 characters a line). The 28 characters a
line come from the spacing above instead.

Each content paragraph is one Word paragraph with a named style; a page break
that the layout put before a paragraph (a title, the distribution block) is a
page-break-before, so the pages start where the PDF's do. The distribution block
is a frame anchored to the bottom margin, so it stays at the foot of its page.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal
from xml.sax.saxutils import escape

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..fonts import TYPEFACES, Face, load_face, subset_font
from ..layout.kinsoku import FULL_WIDTH_INSIDE_LINE, NO_LINE_START, NUMBER_MAGNITUDES, is_half_width
from ..layout.tree import Document, Line, Page, Rule
from .atomic import write_atomically
from .ooxml import CT_OBFUSCATED_FONT, RT_FONT, W, font_key, obfuscate, skeleton
from .zipped import deterministic_zip

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
            return self.half.advance(char) * size // self.half.units_per_em
        if self.face.has(char):
            return self.face.advance(char) * size // self.face.units_per_em
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
    half = [is_half_width(c) and c.isalnum() for c in (before, after)]
    wide = [not is_half_width(c) for c in (before, after)]
    return (half[0] and wide[1]) or (wide[0] and half[1])


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
    name = escape(font.name, {'"': "&quot;"})
    parts.append(f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>')
    if color and color.upper() != "#000000":
        parts.append(f'<w:color w:val="{color.lstrip("#").upper()}"/>')
    if spacing:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        half_points = round(size / 500)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


@dataclass
class _Item:
    char: str
    font: _Font
    size: int
    color: str
    spacing: int
    style: str | None
    line: int = 0

    def key(self) -> tuple:
        return self.font.name, self.size, self.color, self.spacing, self.style


def _runs(ctx: _Context, lines: list[Line]) -> tuple[str, int]:
    """Runs for the glyphs of ``lines``, each carrying the width the layout gave it.

    Widths are rounded to twips with the error carried forward; on the layout's
    twip grid they are exact. Where half-width letters or digits meet a Chinese
    character a zero-width space goes between them: LibreOffice adds its own space
    there whatever w:autoSpaceDE/DN say (its DOCX import ignores both), and a
    zero-width space stops it.

    Also returns, in twips, the most character spacing LibreOffice will drop from
    one line: it lays out a paragraph in portions (runs of equal attributes and one
    script) and leaves out the spacing of each portion's last character.
    """
    items: list[_Item] = []
    target = 0
    actual = 0
    for number, line in enumerate(lines):
        starts = dict(line.spans)
        style = None
        for index, glyph in enumerate(line.glyphs):
            style = starts.get(index, style)
            font = ctx.font(glyph.face, glyph.char)
            natural = font.natural(glyph.char, line.size, ctx.gb2312)
            advance = glyph.advance
            if glyph.face.endswith("-Half") and not _compressed_inside(glyph.char):
                # 。？！ ending a line, drawn from the half-width face: spacing gives back the full
                # width they take inside a line; word processors drop a line's last spacing, so at
                # the end it is half width again, as in the layout
                advance += line.size // 2
            if ctx.guards and items and _script_boundary(items[-1].char, glyph.char):
                last = items[-1]
                # a number's 万/亿 belongs to it: a word joiner, which allows no break
                guard = "\u2060" if last.char.isdigit() and glyph.char in NUMBER_MAGNITUDES else "\u200b"
                items.append(_Item(guard, last.font, last.size, last.color, 0, last.style, number))
            target += advance
            spacing = round((target - actual - natural) / TWIP)
            actual += natural + spacing * TWIP
            items.append(_Item(glyph.char, font, line.size, line.color, spacing, style, number))
    out = []
    run: list[_Item] = []

    def flush() -> None:
        if not run:
            return
        first = run[0]
        char_style = STYLES[first.style][0] if first.style and STYLES.get(first.style, ("", "", ""))[2] == "character" else None
        text = escape("".join(item.char for item in run))
        out.append(f'<w:r>{_rpr(first.font, first.size, first.color, first.spacing, char_style)}'
                   f'<w:t xml:space="preserve">{text}</w:t></w:r>')
        ctx.used.setdefault(first.font.name, set()).update(i.char for i in run if i.char not in _GUARDS)

    for item in items:
        if run and item.key() != run[0].key():
            flush()
            run = []
        run.append(item)
    flush()
    return "".join(out), _dropped_spacing(items)


def _dropped_spacing(items: list[_Item]) -> dict[int, int]:
    """Spacing (twips, positive) LibreOffice drops inside each line, by line number."""
    dropped: dict[int, int] = {}
    for here, after in zip(items, items[1:]):
        if here.line != after.line:
            continue  # the line's last character: the text area's allowance covers it
        if here.key() != after.key() or is_half_width(here.char) != is_half_width(after.char) \
                or here.char in _GUARDS or after.char in _GUARDS:
            dropped[here.line] = dropped.get(here.line, 0) - min(here.spacing, 0)
    return dropped


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


def _ppr(style: str, *, before: int = 0, after: int = 0, exact: int | None = None, jc: str | None = None,
         page_break: bool = False, keep_next: bool = False, first_line: int | None = None,
         left: int | None = None, right: int | None = None, hanging: int | None = None, grid: bool = True,
         extra: str = "") -> str:
    parts = [f'<w:pStyle w:val="{style}"/>']
    if keep_next:
        parts.append("<w:keepNext/><w:keepLines/>")
    if page_break:
        parts.append("<w:pageBreakBefore/>")
    parts.append(extra)
    # LibreOffice reads these per paragraph, not from the defaults: no extra space between
    # Chinese and Latin or digits, no hanging punctuation; the runs' spacing says it all.
    parts.append('<w:kinsoku/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    if not grid:
        parts.append('<w:snapToGrid w:val="0"/>')
    spacing = f'<w:spacing w:before="{max(before, 0)}" w:after="{max(after, 0)}"'
    spacing += f' w:line="{exact}" w:lineRule="exact"/>' if exact else "/>"
    parts.append(spacing)
    indent = []
    if left is not None:
        indent.append(f'w:left="{left}"')
    if right is not None:
        indent.append(f'w:right="{right}"')
    if first_line is not None:
        indent.append(f'w:firstLine="{first_line}"')
    if hanging is not None:
        indent.append(f'w:hanging="{hanging}"')
    if indent:
        parts.append(f"<w:ind {' '.join(indent)}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def _paragraph(ppr: str, runs: str) -> str:
    return f'<w:p xmlns:w="{W}">{ppr}{runs}</w:p>'


def _twips(mpt: float) -> int:
    return round(mpt / TWIP)


@dataclass
class _Unit:
    """Lines that become one Word paragraph, and the page the first of them is on."""

    kind: str
    lines: list[Line]
    page: int
    last_page: int = 0


def _units(pages: Iterable[Page]) -> list[_Unit]:
    units: list[_Unit] = []
    for page in pages:
        for line in page.lines:
            last = units[-1] if units else None
            if line.role == "body" and last and last.kind == "body" and last.lines[-1].paragraph == line.paragraph:
                last.lines.append(line)
                last.last_page = page.number
            elif _display(line.role) and last and _display(last.kind) and last.lines[-1].baseline == line.baseline:
                last.lines.append(line)  # display lines on one baseline: the organ and the date, a label and a name
            elif line.role == "distribution" and last and last.kind == "distribution" and line.source \
                    and last.lines[-1].source and (last.lines[-1].source.path == line.source.path
                                                   or last.lines[-1].baseline == line.baseline
                                                   and line.source.path.startswith("distribution.printed")):
                last.lines.append(line)
            else:
                units.append(_Unit(line.role, [line], page.number, page.number))
    return units


_FLOW_ROLES = ("body", "title", "signature", "distribution", "folio")


def _display(role: str) -> bool:
    """Display lines (masthead, issue line, marks): placed one by one, not flowing text."""
    return role not in _FLOW_ROLES


def _style_id(role: str) -> str:
    if role in STYLES:
        return STYLES[role][0]
    return "Gw" + "".join(part.capitalize() for part in role.split("_"))


def _display_paragraph(ctx: _Context, unit: _Unit, gap: int, rule: Rule | None,
                       page_break: bool = False) -> tuple[str, int]:
    """Display lines on one baseline as a paragraph: centred alone, else placed with tab stops.

    ``rule`` is a masthead rule drawn under it, as its bottom border. Returns the
    paragraph and the height the border adds (see _rule_border).
    """
    block = ctx.document.block
    right_edge = block.left + block.width
    lines = sorted(unit.lines, key=lambda l: l.x0)
    first = lines[0]
    height = max(l.band[1] for l in lines) - min(l.band[0] for l in lines)
    border, carry = _rule_border(rule, first) if rule else ("", 0)
    centred = len(lines) == 1 and abs((first.x0 + first.x1) / 2 - (block.left + right_edge) / 2) < 600
    if centred:
        runs, _ = _runs(ctx, lines)
        return _paragraph(_ppr(_style_id(first.role), before=ctx.v(gap), exact=ctx.v(height), jc="center",
                               grid=False, extra=border, page_break=page_break), runs), carry
    tabs, runs = [], []
    for index, line in enumerate(lines):
        line_runs, _ = _runs(ctx, [line])
        if index:
            if abs(line.x1 - right_edge) < 600 or index == len(lines) - 1 and line.x1 > right_edge - 3 * line.size:
                tabs.append(f'<w:tab w:val="right" w:pos="{_twips(line.x1 - block.left)}"/>')
            else:
                tabs.append(f'<w:tab w:val="left" w:pos="{_twips(line.x0 - block.left)}"/>')
            runs.append("<w:r><w:tab/></w:r>")
        runs.append(line_runs)
    extra = border + (f"<w:tabs>{''.join(tabs)}</w:tabs>" if tabs else "")
    single_right = len(lines) == 1 and abs(first.x1 - right_edge) < 3 * first.size
    ppr = _ppr(_style_id(first.role), before=ctx.v(gap), exact=ctx.v(height), grid=False, extra=extra,
               page_break=page_break,
               jc="right" if single_right else None,
               left=None if single_right else _twips(first.x0 - block.left),
               right=_twips(right_edge - first.x1) if single_right else None)
    return _paragraph(ppr, "".join(runs)), carry


def _body_xml(ctx: _Context) -> list[str]:
    document = ctx.document
    block = document.block
    paragraphs: list[str] = []
    previous_bottom: int | None = None
    previous_page = 0
    carry = 0  # room a border took below the previous paragraph, taken from the next gap
    label: Line | None = None
    units = _units(document.pages)
    distribution = [u for u in units if u.kind == "distribution"]
    # each masthead rule within the block is the bottom border of the display line just above it
    # (a rule outside it, such as the 信函 format's 170 mm double rules, is left to the PDF)
    displays = [u for u in units if _display(u.kind) and u.page == 1]
    rules: dict[int, Rule] = {}
    for rule in document.pages[0].rules:
        above = [u for u in displays if u.lines[0].baseline < rule.y]
        if rule.role == "masthead" and above and rule.x0 >= block.left and rule.x1 <= block.left + block.width:
            rules.setdefault(id(max(above, key=lambda u: u.lines[0].baseline)), rule)
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        first = unit.lines[0]
        new_page = unit.page != previous_page
        top = first.band[0]
        if new_page:
            previous_bottom = block.top
        gap = top - (previous_bottom if previous_bottom is not None else block.top) - carry
        carry = 0
        page_break = new_page and unit.page > 1 and unit.kind != "distribution"
        style = _style_id(unit.kind)
        if unit.kind == "body":
            is_first_line = first.source is None or first.x0 > block.left
            indent = first.x0 - block.left if is_first_line else 0
            runs, dropped = _runs(ctx, unit.lines)
            reach = _extension(unit.lines, dropped, block.left + block.width) if dropped else 0
            hang = unit.lines[1].x0 - block.left if len(unit.lines) > 1 else 0
            paragraphs.append(_paragraph(
                _ppr(style, page_break=page_break and is_first_line, before=0 if new_page else ctx.v(gap),
                     first_line=_twips(indent - hang) if hang else _twips(indent), left=_twips(hang) if hang else None,
                     right=-reach if reach else None),
                runs))
        elif unit.kind == "title":
            runs, _ = _runs(ctx, unit.lines)
            height = first.band[1] - first.band[0]
            # the space after a title belongs to the title, not to the text after it
            after = following.lines[0].band[0] - first.band[1] if following and following.kind != "title" else 0
            paragraphs.append(_paragraph(_ppr(style, before=ctx.v(gap), after=ctx.v(after), exact=ctx.v(height),
                                              jc="center", page_break=page_break, keep_next=True, grid=False), runs))
        elif unit.kind == "signature":
            runs, _ = _runs(ctx, unit.lines)
            right_edge = block.left + block.width
            before = 0 if new_page else ctx.v(gap)
            if right_edge - first.x1 < first.x0 - block.left:  # set at the right (署名, 成文日期)
                ppr = _ppr(style, jc="right", right=_twips(right_edge - first.x1), page_break=page_break, before=before)
            else:  # at the left (附注)
                ppr = _ppr(style, left=_twips(first.x0 - block.left), page_break=page_break, before=before)
            paragraphs.append(_paragraph(ppr, runs))
        elif _display(unit.kind):
            paragraph, carry = _display_paragraph(ctx, unit, gap, rules.get(id(unit)), page_break)
            paragraphs.append(paragraph)
        elif unit.kind == "distribution":
            if unit is distribution[0] and new_page:
                # the block's page: an empty paragraph opens it, the frame sits at its foot
                paragraphs.append(_paragraph(_ppr(STYLES["body"][0], page_break=True), ""))
            if first.source and first.source.path == "label":
                label = first
                continue
            paragraphs.append(_distribution_paragraph(ctx, unit, label, distribution, new_page))
            label = None
            if unit is distribution[-1]:
                # a framed paragraph needs a paragraph after it to anchor to
                paragraphs.append(_paragraph(_ppr(STYLES["body"][0]), ""))
        previous_bottom = unit.lines[-1].band[1]
        previous_page = unit.last_page
    return paragraphs


def _rule_border(rule: Rule, line: Line) -> tuple[str, int]:
    """A masthead rule under ``line`` as the paragraph's bottom border (w:sz in eighths of a point).

    Also returns the height (mpt) the border adds below the paragraph, which the
    next paragraph's spacing gives back so the text after it stays on the grid.
    """
    space = max(0, min(31, round((rule.y - rule.thickness // 2 - line.band[1]) / 1000)))
    xml = (f'<w:pBdr><w:bottom w:val="single" w:sz="{round(rule.thickness / 125)}" w:space="{space}" '
           f'w:color="{rule.color.lstrip("#").upper()}"/></w:pBdr>')
    return xml, space * 1000 + rule.thickness


def _distribution_paragraph(ctx: _Context, unit: _Unit, label: Line | None, all_units: list[_Unit],
                            new_page: bool) -> str:
    """One recipient (or the 印发 line) of the distribution block, in a frame at the foot of the page.

    Every paragraph of the block has the same frame and the same top and bottom rules:
    word processors draw one frame for consecutive paragraphs with equal frame
    properties, and one box for consecutive equal borders (LibreOffice also splits the
    frame where borders differ).
    """
    block = ctx.document.block
    first = unit.lines[0]
    lines = [l for u in all_units for l in u.lines]
    pitch = lines[1].baseline - lines[0].baseline if len(lines) > 1 else first.band[1] - first.band[0]
    runs, _ = _runs(ctx, unit.lines)
    text_left = _twips(first.x0 - block.left)
    if label is not None:
        label_runs, _ = _runs(ctx, [label])
        runs = label_runs + "<w:r><w:tab/></w:r>" + runs
        hanging = _twips(first.x0 - label.x0)
    else:
        hanging = None
    rules = sorted((r for p in ctx.document.pages for r in p.rules if r.role == "distribution"), key=lambda r: r.y)
    borders = ""
    if rules:
        top, bottom = rules[0], rules[-1]
        pad = max(0, min(31, round((lines[0].band[0] - top.y) / 1000)))
        borders = (f'<w:pBdr><w:top w:val="single" w:sz="{round(top.thickness / 125)}" w:space="{pad}" w:color="000000"/>'
                   f'<w:bottom w:val="single" w:sz="{round(bottom.thickness / 125)}" w:space="{pad}" '
                   f'w:color="000000"/></w:pBdr>')
    frame = (f'<w:framePr w:w="{_twips(block.width)}" w:hSpace="0" w:wrap="notBeside" w:vAnchor="margin" '
             f'w:hAnchor="margin" w:xAlign="left" w:yAlign="bottom"/>')
    tabs = f'<w:tabs><w:tab w:val="left" w:pos="{text_left}"/></w:tabs>'
    return _paragraph(
        _ppr(STYLES["distribution"][0], exact=_twips(pitch), left=text_left, hanging=hanging, grid=False,
             extra=frame + borders + tabs, jc="both"),
        runs)


def _styles_xml(ctx: _Context) -> str:
    document = ctx.document
    seen: dict[str, Line] = {}
    for page in document.pages:
        for line in list(page.lines) + ([page.folio] if page.folio else []):
            seen.setdefault(line.role, line)
            for _, role in line.spans:
                if role in STYLES and STYLES[role][2] == "character":
                    seen.setdefault(role, line)
    body = seen.get("body")
    body_face = next((g.face for g in body.glyphs if not g.face.endswith("-Half")), None) if body else None
    default_rpr = _rpr(ctx.font(body_face or "FandolFang-Regular"), body.size if body else 16000, None, 0)
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">',
           "<w:docDefaults><w:rPrDefault>",
           default_rpr.replace("<w:rPr>", '<w:rPr><w:kern w:val="0"/>').replace(
               "</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'),
           "</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:kinsoku/>"
           "<w:overflowPunct w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>"
           "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
           "</w:pPr></w:pPrDefault></w:docDefaults>",
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
           '<w:qFormat/></w:style>',
           '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
           '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>']
    # every role the document uses has a style (LibreOffice ignores page-break-before on a
    # paragraph whose style is not defined); the kind's own display roles get one each
    roles = dict(STYLES)
    for role in seen:
        roles.setdefault(role, (_style_id(role), f"gw {role}", "paragraph"))
    for role, (style_id, name, kind) in roles.items():
        line = seen.get(role)
        face = None
        color = None
        size = None
        if line is not None:
            start = dict((r, i) for i, r in line.spans).get(role, 0)
            face = line.glyphs[start].face if line.glyphs else None
            color, size = line.color, line.size
        rpr = _rpr(ctx.font(face, line.glyphs[0].char), size, color, 0) if face else ""
        base = "" if kind == "character" else '<w:basedOn w:val="Normal"/>'
        ppr = ""
        if role == "body":
            ppr = '<w:pPr><w:jc w:val="both"/></w:pPr>'
        out.append(f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                   f'{base}<w:qFormat/>{ppr}{rpr}</w:style>')
    out.append("</w:styles>")
    return "".join(out)


_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}">{{embed}}<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>
<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>
<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>
<w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
</w:compat></w:settings>"""


def _font_table(ctx: _Context, embedded: dict[str, tuple[str, str]]) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:fonts xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
    for name in sorted({f.name for f in ctx.fonts.values()}):
        entry = f'<w:font w:name="{escape(name, {chr(34): "&quot;"})}"><w:charset w:val="86"/><w:family w:val="roman"/>' \
                f'<w:pitch w:val="variable"/>'
        if name in embedded:
            rid, key = embedded[name]
            entry += f'<w:embedRegular r:id="{rid}" w:fontKey="{key}" w:subsetted="1"/>'
        out.append(entry + "</w:font>")
    out.append("</w:fonts>")
    return "".join(out)


def _subset(font: _Font, name: str, chars: set[str]) -> bytes:
    """The face cut to ``chars``; for a 开明式 font, its compressible marks swapped for the half-width ones."""
    swap = "".join(sorted(c for c in chars if _compressed_inside(c))) if font.half else ""
    return subset_font(font.face.path, "".join(sorted(chars)), name=name if font.half else None,
                       half=font.half.path if font.half else None, swap=swap)


def _footer_xml(ctx: _Context, folio: Line | None, odd: bool) -> str:
    if folio is None:
        return f'<w:ftr xmlns:w="{W}"><w:p><w:pPr><w:pStyle w:val="GwFolio"/></w:pPr></w:p></w:ftr>'
    block = ctx.document.block
    face = next(g.face for g in folio.glyphs if g.char.isdigit())
    dash_face = folio.glyphs[0].face
    rpr = _rpr(ctx.font(face), folio.size, folio.color, 0)
    dash = _rpr(ctx.font(dash_face), folio.size, folio.color, 0)
    ctx.used.setdefault(ctx.font(face).name, set()).update("0123456789")
    ctx.used.setdefault(ctx.font(dash_face).name, set()).update("— ")
    indent = (f'<w:ind w:right="{_twips(block.left + block.width - folio.x1)}"/>' if odd
              else f'<w:ind w:left="{_twips(folio.x0 - block.left)}"/>')
    return (f'<w:ftr xmlns:w="{W}"><w:p><w:pPr><w:pStyle w:val="GwFolio"/><w:snapToGrid w:val="0"/>{indent}'
            f'<w:jc w:val="{"right" if odd else "left"}"/></w:pPr>'
            f'<w:r>{dash}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{folio.glyphs[2].char if len(folio.glyphs) > 2 else 1}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r>{dash}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>')


def _set_footer(footer, xml: str) -> None:
    element = footer._element
    for child in list(element):
        element.remove(child)
    for child in parse_xml(xml):
        element.append(child)


def _setup_section(ctx: _Context, section, numbered: bool, folios: tuple[Line | None, Line | None]) -> None:
    document = ctx.document
    block = document.block
    page = document.pages[0]
    sect = section._sectPr
    for tag in ("w:pgSz", "w:pgMar", "w:docGrid", "w:cols"):
        for old in sect.findall(qn(tag)):
            sect.remove(old)
    # LibreOffice measures a line's last character without its character spacing and
    # wants the line strictly shorter than the text area, so the area is wider than the
    # grid's line by what the spacing takes from a full-width character (4 twips at 16 pt
    # on a 316-twip grid) and one twip: a line then fits exactly when it does in the layout.
    body_size = next((l.size for p in document.pages for l in p.lines if l.role == "body"), block.char_pitch)
    width = _twips(block.width) + max(0, _twips(body_size - block.char_pitch)) + 1
    right = _twips(page.width) - _twips(block.left) - width
    bottom = _twips(page.height - block.top - block.height)
    folio = folios[0] or folios[1]
    footer = _twips(page.height - folio.band[1]) if folio else 720
    sect.append(parse_xml(f'<w:pgSz xmlns:w="{W}" w:w="{_twips(page.width)}" w:h="{_twips(page.height)}"/>'))
    sect.append(parse_xml(f'<w:pgMar xmlns:w="{W}" w:top="{_twips(block.top)}" w:right="{right}" '
                          f'w:bottom="{bottom}" w:left="{_twips(block.left)}" w:header="851" w:footer="{footer}" '
                          f'w:gutter="0"/>'))
    sect.append(parse_xml(f'<w:cols xmlns:w="{W}" w:space="425"/>'))
    sect.append(parse_xml(f'<w:docGrid xmlns:w="{W}" w:type="lines" w:linePitch="{ctx.pitch}"/>'))
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _set_footer(section.footer, _footer_xml(ctx, folios[0] if numbered else None, True))
    _set_footer(section.even_page_footer, _footer_xml(ctx, folios[1] if numbered else None, False))


def render_docx(document: Document, *, font_names: FontNames = "shipped", embed_fonts: bool = True,
                guards: bool = True) -> bytes:
    """The DOCX of ``document`` as bytes.

    ``font_names``: "shipped" names the free faces gwformat ships (and embeds them, unless
    ``embed_fonts`` is False), so the document looks the same on any machine; "standard" names
    the faces GB/T 9704 prescribes (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) for offices
    that have them installed.
    """
    if font_names not in ("shipped", "standard"):
        raise ValueError(f"font_names must be 'shipped' or 'standard', not {font_names!r}")
    ctx = _Context(document, font_names, embed_fonts, guards, document.block.row_pitch // TWIP)
    body = _body_xml(ctx)
    styles = _styles_xml(ctx)
    numbered = [p for p in document.pages if p.folio is not None]
    odd = next((p.folio for p in numbered if p.number % 2), None)
    even = next((p.folio for p in numbered if p.number % 2 == 0), None)

    docx = open_docx(io.BytesIO(skeleton(styles, _SETTINGS.format(embed=""), "<w:fonts xmlns:w=\"%s\"/>" % W)))
    body_element = docx.element.body
    sect = body_element.find(qn("w:sectPr"))
    # a blank page left before the last one: it and the last page carry no number (GB/T 9704, 7.5)
    blank = [p for p in document.pages if p.folio is None and not p.lines]
    split_at = blank[0].number if blank else None
    for xml in body:
        body_element.insert(list(body_element).index(sect), parse_xml(xml))
    _setup_section(ctx, docx.sections[0], True, (odd, even))
    if document.pages[0].folio is None and document.pages[0].lines:
        # no number on the first page (信函格式): a first-page footer of its own, empty
        section = docx.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        _set_footer(section.first_page_footer, _footer_xml(ctx, None, True))
    if split_at is not None:
        _split_unnumbered(ctx, docx, split_at, (odd, even))

    props = docx.core_properties
    props.title = document.title
    props.author = document.author
    props.subject = document.subject
    props.last_modified_by = "gwformat"
    props.revision = 1
    when = _dt.datetime.fromisoformat(document.date + "T00:00:00")
    props.created = props.modified = when

    _embed_fonts(ctx, docx)
    buffer = io.BytesIO()
    docx.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _split_unnumbered(ctx: _Context, docx, first_blank: int, folios) -> None:
    """End the numbered section before the blank page; the rest has footers without numbers."""
    body = docx.element.body
    paragraphs = body.findall(qn("w:p"))
    # the blank page and the distribution block follow the last body paragraph
    distribution = [p for p in paragraphs if p.find(qn("w:pPr")) is not None
                    and p.find(qn("w:pPr")).find(qn("w:framePr")) is not None]
    last_text = paragraphs[paragraphs.index(distribution[0]) - 1] if distribution else paragraphs[-1]
    numbered_sect = parse_xml(docx.sections[0]._sectPr.xml)
    ppr = last_text.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f'<w:pPr xmlns:w="{W}"/>')
        last_text.insert(0, ppr)
    ppr.append(numbered_sect)
    # an empty page, then the distribution page
    index = list(body).index(distribution[0]) if distribution else len(body) - 1
    body.insert(index, parse_xml(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="GwBody"/></w:pPr></w:p>'))
    body.insert(index + 1, parse_xml(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="GwBody"/>'
                                     f'<w:pageBreakBefore/></w:pPr></w:p>'))
    final = docx.sections[-1]
    final._sectPr.set(qn("w:rsidR"), "00000000")
    for ref in final._sectPr.findall(qn("w:footerReference")):
        final._sectPr.remove(ref)
    _setup_section(ctx, final, False, folios)


def _embed_fonts(ctx: _Context, docx) -> None:
    """Embed subsets of the named shipped faces and write the font table."""
    package = docx.part.package
    font_table = docx.part.part_related_by(RT.FONT_TABLE)
    embedded: dict[str, tuple[str, str]] = {}
    by_name = {f.name: f for f in ctx.fonts.values()}
    if ctx.embed:
        for number, name in enumerate(sorted(by_name), start=1):
            font = by_name[name]
            if not font.embed:
                continue
            key = font_key(name)
            data = obfuscate(_subset(font, name, ctx.used.get(name, set()) | {" "}), key)
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), CT_OBFUSCATED_FONT, data, package)
            rid = font_table.relate_to(part, RT_FONT)
            embedded[name] = (rid, key)
        settings = docx.settings.element
        settings.insert(0, parse_xml(f'<w:saveSubsetFonts xmlns:w="{W}"/>'))
        settings.insert(0, parse_xml(f'<w:embedTrueTypeFonts xmlns:w="{W}"/>'))
    font_table._blob = _font_table(ctx, embedded).encode("utf-8")


def write_docx(document: Document, path: str | Path, **options) -> Path:
    """Write the DOCX of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_docx(document, **options))
