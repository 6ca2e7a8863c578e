"""Paragraphs of a DOCX: the layout's lines grouped into Word paragraphs with their styles, spacing,
indents, page breaks, frames and borders (see gwformat.writers.docx for why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..layout.tree import Group, Line, Page, Rule, TableGroup
from .docx_blocks import figure_xml, seal_run, table_xml
from .ooxml import A, W, WP, WPS
from .docx_text import STYLES, _Context, _display_runs, _runs, _twips
from .docx_ppr import ppr as _ppr


def _paragraph(ppr: str, runs: str) -> str:
    return f'<w:p xmlns:w="{W}">{ppr}{runs}</w:p>'


@dataclass
class _Unit:
    """Lines that become one Word paragraph, and the page the first of them is on; or a table
    or figure group, which docx_blocks writes."""

    kind: str
    lines: list[Line]
    page: int
    last_page: int = 0
    group: Group | None = None
    #: lines set lower than the paragraph's baseline, by how much (文件 beside stacked organs)
    lowered: dict[int, int] = field(default_factory=dict)


_BLOCK_ROLES = ("table", "figure")


def _units(pages: Iterable[Page]) -> list[_Unit]:
    units: list[_Unit] = []
    for page in pages:
        beside = _beside_stacks(page)
        pieces = ([(g if g.role in _BLOCK_ROLES else None, g.lines) for g in page.groups] if page.groups
                  else [(None, page.lines)])
        for group, lines in pieces:
            if group is not None:
                units.append(_Unit(group.role, list(group.lines), page.number, page.number, group))
            else:
                for line in lines:
                    if id(line) in beside:
                        first = beside[id(line)]
                        unit = next(u for u in reversed(units) if any(l is first for l in u.lines))
                        unit.lines.append(line)
                        unit.lowered[id(line)] = line.baseline - first.baseline
                    else:
                        _add(units, line, page)
    return units


def _beside_stacks(page: Page) -> dict[int, Line]:
    """The text beside a stack of organs (7.2.4), each by the first organ's line, in whose paragraph it is set."""
    out: dict[int, Line] = {}
    for group in page.groups:
        for stack in group.walk():
            if isinstance(stack, Group) and stack.role == "stack" and stack.lines:
                for item in stack.items:
                    if isinstance(item, Group) and item.role == "beside":
                        out.update((id(line), stack.lines[0]) for line in item.lines)
    return out


def _add(units: list[_Unit], line: Line, page: Page) -> None:
    """``line`` into the Word paragraph it continues, or into a new one."""
    last = units[-1] if units else None
    if line.role in PARAGRAPH_ROLES and last and last.kind == line.role and last.lines[-1].paragraph == line.paragraph:
        last.lines.append(line)
        last.last_page = page.number
    elif _display(line.role) and (beside := _beside(units, line, page.number)) is not None:
        beside.lines.append(line)  # display lines on one baseline: the organ and the date, a label and a name
    elif line.role == "signature" and last and last.kind == "signature" and last.page == page.number \
            and last.lines[-1].baseline == line.baseline:
        last.lines.append(line)  # the 署名 of several organs side by side (联合行文, GB/T 9704-2012, 7.3.5.1)
    elif line.role == "distribution" and last and last.kind == "distribution" and line.source \
            and last.lines[-1].source and (last.lines[-1].source.path == line.source.path
                                           or last.lines[-1].baseline == line.baseline
                                           and line.source.path.startswith("distribution.printed")):
        last.lines.append(line)
    else:
        units.append(_Unit(line.role, [line], page.number, page.number))


def _beside(units: list[_Unit], line: Line, page: int) -> _Unit | None:
    """The unit of display lines on ``page`` that ``line`` shares a baseline with, if any."""
    for unit in reversed(units):
        if unit.page != page or not _display(unit.kind):
            return None
        if unit.lines[0].baseline == line.baseline:
            return unit
    return None


#: Roles whose lines flow as the lines of content paragraphs: the body, and the 编者按 and 按语.
PARAGRAPH_ROLES = ("body", "note")
_FLOW_ROLES = PARAGRAPH_ROLES + ("title", "signature", "distribution", "folio")


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
    flowing = [l for l in lines if id(l) not in unit.lowered]
    height = max(l.band[1] for l in flowing) - min(l.band[0] for l in flowing)
    border, carry = _rule_border(rule, first) if rule else ("", 0)
    centred = len(lines) == 1 and abs((first.x0 + first.x1) / 2 - (block.left + right_edge) / 2) < 600
    if centred:
        runs = _runs(ctx, lines, None)
        return _paragraph(_ppr(_style_id(first.role), before=ctx.v(gap), exact=ctx.v(height), jc="center",
                               grid=False, extra=[border] if border else [], page_break=page_break), runs), carry
    single_right = len(lines) == 1 and abs(first.x1 - right_edge) < 3 * first.size
    room = first.x1 - block.left if single_right else right_edge - first.x0
    tabs: list[str] = []
    pieces: list[str] = []
    for index, (line, line_runs) in enumerate(zip(lines, _display_runs(ctx, lines, room))):
        if index:
            if abs(line.x1 - right_edge) < 600 or index == len(lines) - 1 and line.x1 > right_edge - 3 * line.size:
                tabs.append(f'<w:tab w:val="right" w:pos="{_twips(line.x1 - block.left)}"/>')
            else:
                tabs.append(f'<w:tab w:val="left" w:pos="{_twips(line.x0 - block.left)}"/>')
            pieces.append("<w:r><w:tab/></w:r>")
        pieces.append(_lowered(line_runs, unit.lowered.get(id(line), 0)))
    extra = ([border] if border else []) + ([f"<w:tabs>{''.join(tabs)}</w:tabs>"] if tabs else [])
    ppr = _ppr(_style_id(first.role), before=ctx.v(gap), exact=ctx.v(height), grid=False, extra=extra,
               page_break=page_break,
               jc="right" if single_right else None,
               left=None if single_right else _twips(first.x0 - block.left),
               right=_twips(right_edge - first.x1) if single_right else None)
    return _paragraph(ppr, "".join(pieces)), carry


def _lowered(runs: str, by: int) -> str:
    """``runs`` set ``by`` mpt below the line's baseline: w:position, in half points, in each run's properties."""
    if not by:
        return runs
    position = f'<w:position w:val="{-round(by / 500)}"/>'
    # w:position stands before w:sz in a run's properties (ECMA-376, 17.3.2)
    return runs.replace("<w:sz ", position + "<w:sz ") if "<w:sz " in runs else runs.replace("</w:rPr>", position + "</w:rPr>")


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
    # each masthead rule within the block is the bottom border of the display line just above it;
    # a rule reaching outside it (the 信函 format's 170 mm double rules) is a line shape on the page
    displays = [u for u in units if _display(u.kind) and u.page == 1]
    rules: dict[int, Rule] = {}
    loose: list[Rule] = []
    for rule in document.pages[0].rules:
        above = [u for u in displays if u.lines[0].baseline < rule.y]
        if rule.role != "masthead":
            continue
        if rule.x0 < block.left or rule.x1 > block.left + block.width:
            loose.append(rule)
        elif above:
            rules.setdefault(id(max(above, key=lambda u: u.lines[0].baseline)), rule)
    # each group's seals, found once per group (Group.images walks the group), under each of its lines
    sealed = ((group, [image for image in group.images if image.role == "seal"])
              for page in document.pages for group in page.groups)
    seals = {id(line): images for group, images in sealed if images for line in group.lines}
    landscape = False  # whether the section being written is a 横排 one (Page.landscape)
    opened = -1  # where the paragraphs of a section that a section break opened begin
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        new_page = unit.page != previous_page
        _drop_break(paragraphs, opened)
        opened = -1
        if document.pages[unit.page - 1].landscape != landscape:
            _end_section(paragraphs, landscape)
            landscape, opened = not landscape, len(paragraphs)
        if unit.group is not None and unit.group.box is not None:
            if new_page:
                previous_bottom = block.top
            page_break = new_page and unit.page > 1
            if isinstance(unit.group, TableGroup):
                turned = block.turned(document.pages[0].height) if landscape else None
                paragraphs += table_xml(ctx, unit.group, page_break, _style_id, turned)
            else:
                paragraphs += figure_xml(ctx, unit.group, ctx.pictures, page_break, _style_id, index)
            previous_bottom, previous_page = unit.group.box[3], unit.last_page
            continue
        first = unit.lines[0]
        top = first.band[0]
        if new_page:
            previous_bottom = block.top
        gap = top - (previous_bottom if previous_bottom is not None else block.top) - carry
        carry = 0
        page_break = new_page and unit.page > 1 and unit.kind != "distribution"
        style = _style_id(unit.kind)
        if page_break and (unit.kind == "title" or _display(unit.kind)) and ctx.v(gap) > 0:
            # Readers differ on space before at the top of a page (Spire.Doc, as Word, drops it after
            # a page break): an empty paragraph of that height opens the page instead.
            paragraphs.append(_paragraph(_ppr(style, page_break=True, exact=ctx.v(gap), grid=False), ""))
            page_break, gap = False, 0
        if unit.kind in PARAGRAPH_ROLES:
            is_first_line = first.source is None or first.x0 > block.left
            indent = first.x0 - block.left if is_first_line else 0
            runs = _runs(ctx, unit.lines, block.left + block.width)
            hang = unit.lines[1].x0 - block.left if len(unit.lines) > 1 else 0
            paragraphs.append(_paragraph(
                _ppr(style, page_break=page_break and is_first_line, before=0 if new_page else ctx.v(gap),
                     first_line=_twips(indent - hang) if hang else _twips(indent), left=_twips(hang) if hang else None),
                runs))
        elif unit.kind == "title":
            runs = _runs(ctx, unit.lines, block.left + block.width)
            height = first.band[1] - first.band[0]
            # the space after a title belongs to the title, not to the text after it
            after = following.lines[0].band[0] - first.band[1] if following and following.kind != "title" else 0
            paragraphs.append(_paragraph(_ppr(style, before=ctx.v(gap), after=ctx.v(after), exact=ctx.v(height),
                                              jc="center", page_break=page_break, keep_next=True, keep_lines=True,
                                              grid=False), runs))
        elif unit.kind == "signature":
            right_edge = block.left + block.width
            runs = _runs(ctx, unit.lines, None)  # a line by itself, at the right or the left
            before = 0 if new_page else ctx.v(gap)
            if len(unit.lines) > 1:  # several 署名 on one row, each at its place by a tab stop
                paragraph, _ = _display_paragraph(ctx, unit, 0 if new_page else gap, None, page_break)
                ppr, runs = paragraph.removeprefix(f'<w:p xmlns:w="{W}">').removesuffix("</w:p>").split("</w:pPr>", 1)
                ppr += "</w:pPr>"
            elif right_edge - first.x1 < first.x0 - block.left:  # set at the right (署名, 成文日期)
                ppr = _ppr(style, jc="right", right=_twips(right_edge - first.x1), page_break=page_break, before=before)
            else:  # at the left (附注)
                ppr = _ppr(style, left=_twips(first.x0 - block.left), page_break=page_break, before=before)
            for number, seal in enumerate(seals.get(id(first), ())):
                runs = seal_run(seal, ctx.pictures, index + 100_000 * number).replace(f' xmlns:w="{W}"', "", 1) + runs
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
        previous_bottom = [l for l in unit.lines if id(l) not in unit.lowered][-1].band[1]
        previous_page = unit.last_page
    _drop_break(paragraphs, opened)
    if landscape:
        _end_section(paragraphs, landscape)
    if loose and paragraphs:
        # the shapes are anchored to the first paragraph, which is on the first page
        shapes = "".join(_rule_shape(rule, number) for number, rule in enumerate(loose, start=1))
        paragraphs[0] = paragraphs[0].removesuffix("</w:p>") + shapes + "</w:p>"
    return paragraphs


def _end_section(paragraphs: list[str], landscape: bool) -> None:
    """End the section written so far: a 横排 page opens a section of its own and the portrait page after it
    another (docx._whole_sections makes the marks whole sections). The mark goes into the last paragraph,
    which ends its page already; after a table, into an empty paragraph of one point."""
    mark = f'<w:sectPr><w:pgSz w:orient="landscape"/></w:sectPr>' if landscape else "<w:sectPr/>"
    if paragraphs and paragraphs[-1].startswith("<w:p ") and "<w:sectPr" not in paragraphs[-1]:
        paragraphs[-1] = paragraphs[-1].replace("</w:pPr>", mark + "</w:pPr>", 1)
        return
    paragraphs.append(_paragraph(_ppr(STYLES["table"][0], grid=False, exact=20,
                                      extra=('<w:rPr><w:sz w:val="2"/></w:rPr>', mark)), ""))


def _drop_break(paragraphs: list[str], opened: int) -> None:
    """The first paragraph after a section break starts its page by that break, not by a page break of its own."""
    if 0 <= opened < len(paragraphs):
        paragraphs[opened] = paragraphs[opened].replace("<w:pageBreakBefore/>", "", 1)


def _rule_shape(rule: Rule, number: int) -> str:
    """A rule as a line shape placed on the page, in front of the text and not moving it.

    Its position is the layout's to the EMU: a paragraph border cannot reach outside the
    text block, and its line widths are Word's choice, not the standard's.
    """
    x, y, width = _emu(rule.x0), _emu(rule.y), _emu(rule.x1 - rule.x0)
    colour = rule.color.lstrip("#").upper()
    return (f'<w:r><w:drawing><wp:anchor xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="{number}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
            f'<wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{width}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{1000 + number}" name="{rule.role} rule {number}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{WPS}"><wps:wsp xmlns:wps="{WPS}"><wps:cNvCnPr/>'
            f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="0"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f'<a:ln w="{_emu(rule.thickness)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln>'
            f'</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


def _emu(mpt: int) -> int:
    """Millipoints in English metric units (12 700 to the point)."""
    return round(mpt * 12.7)


def _rule_border(rule: Rule, line: Line) -> tuple[str, int]:
    """A masthead rule under ``line`` as the paragraph's bottom border.

    Also returns the height (mpt) the border adds below the paragraph, which the
    next paragraph's spacing gives back so the text after it stays on the grid.
    """
    space = _border_space(rule.y - rule.thickness // 2 - line.band[1])
    return f"<w:pBdr>{_border('bottom', rule, space)}</w:pBdr>", space * 1000 + rule.thickness


def _border_space(mpt: int) -> int:
    """A border's distance from the text, in the whole points (0 to 31) Word allows."""
    return max(0, min(31, round(mpt / 1000)))


def _border(side: str, rule: Rule, space: int) -> str:
    """One side of a paragraph border drawing ``rule`` (w:sz in eighths of a point)."""
    return (f'<w:{side} w:val="single" w:sz="{round(rule.thickness / 125)}" w:space="{space}" '
            f'w:color="{rule.color.lstrip("#").upper()}"/>')


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
    right_edge = block.left + block.width
    text_left = _twips(first.x0 - block.left)
    tabs = [f'<w:tab w:val="left" w:pos="{text_left}"/>']
    rows: list[list[Line]] = []  # the paragraph's lines, and the lines beside each on its baseline
    for line in unit.lines:
        if rows and rows[-1][0].baseline == line.baseline:
            rows[-1].append(line)
        else:
            rows.append([line])
    side = [line for row in rows for line in row[1:]]  # the date of the 印发 line, at a right tab
    tabs += [f'<w:tab w:val="right" w:pos="{_twips(line.x1 - block.left)}"/>' for line in side]
    tab = "<w:r><w:tab/></w:r>"
    if len(rows) == 1 and side:  # side by side, they fit together (docx_text._display_runs)
        runs = tab.join(_display_runs(ctx, rows[0], right_edge - first.x0))
    else:
        runs = _runs(ctx, [row[0] for row in rows], right_edge) + "".join(tab + _runs(ctx, [l], None) for l in side)
    if label is not None:
        runs = _runs(ctx, [label], None) + "<w:r><w:tab/></w:r>" + runs
        hanging = _twips(first.x0 - label.x0)
    else:
        hanging = None
    rules = sorted((r for p in ctx.document.pages for r in p.rules if r.role == "distribution"), key=lambda r: r.y)
    borders = ""
    if rules:
        top, bottom = rules[0], rules[-1]
        pad = _border_space(lines[0].band[0] - top.y)
        borders = f"<w:pBdr>{_border('top', top, pad)}{_border('bottom', bottom, pad)}</w:pBdr>"
    frame = (f'<w:framePr w:w="{_twips(block.width)}" w:hSpace="0" w:wrap="notBeside" w:vAnchor="margin" '
             f'w:hAnchor="margin" w:xAlign="left" w:yAlign="bottom"/>')
    return _paragraph(
        _ppr(STYLES["distribution"][0], exact=_twips(pitch), left=text_left, hanging=hanging, grid=False,
             extra=[e for e in (frame, borders, f"<w:tabs>{''.join(tabs)}</w:tabs>") if e], jc="both"),
        runs)
