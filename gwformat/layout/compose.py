"""The pieces of a bulletin placed outside the flow: masthead, distribution block, folios; and the styles.

Each function turns realized content (text already rendered from the kind's
patterns) into positioned lines and rules; positions come from the template's
specs and the grid, widths from the fonts.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Protocol

from ..errors import LayoutError
from ..fonts import typeface
from ..kinds import FolioSpec, StyleSpec
from ..heads import MastheadLine
from ..realize import DistributionText, Realized
from .display import display_line, display_width
from .geometry import Geometry
from .justify import set_line
from .linebreak import break_lines
from .segment import TextStyle, atoms, normalize
from .tree import Group, Line, Rule, mm, pt


class _Styled(Protocol):
    @property
    def styles(self) -> Mapping[str, StyleSpec]: ...


def build_styles(kind: _Styled, geometry: Geometry) -> dict[str, TextStyle]:
    """A TextStyle per role; grid styles get the tracking that makes ``chars`` characters fill a line."""
    styles = {}
    for role, spec in kind.styles.items():
        size = pt(spec.size)
        tracking = geometry.char_pitch - size if spec.grid else 0
        styles[role] = TextStyle(role, typeface(spec.face), size, spec.color, tracking)
    return styles


def letter_spacing(spec: StyleSpec) -> int:
    return pt(spec.size * spec.letter_spacing_em)


def masthead(realized: Realized, styles: dict[str, TextStyle], geometry: Geometry) -> Group:
    """The first-page head: the kind's masthead items and rules, positioned from the block top."""
    items: tuple[MastheadLine, ...] = realized.masthead_lines
    lines: list[Line | Group] = []
    refused: LayoutError | None = None
    for index in range(len(items) - 1, -1, -1):  # from the last, so a leading item knows what it leads
        text, item = items[index].text, items[index].item
        style = styles[item.style]
        spacing = letter_spacing(realized.styles[item.style])
        if items[index].stack:
            try:
                lines.insert(0, _stacked(items[index], style, spacing, geometry, styles["body"].size))
            except LayoutError as error:
                refused = error
            continue
        if item.fit:
            style, spacing = _fitted(text, style, spacing, geometry.width, styles["body"].size)
        if item.top_mm is not None:
            baseline = geometry.top + mm(item.top_mm) + style.typeface.main.em_ascent(style.size)
        else:
            baseline = geometry.top + mm(item.baseline_mm)
        indent = round(item.indent_chars * style.size)
        left, right = geometry.left + indent, geometry.right - indent
        align = item.align
        if item.leads and lines and isinstance(lines[0], Line):
            right, align = lines[0].x0, "right"
        try:
            lines.insert(0, display_line(text, style, spacing, align, baseline, left, right, path=item.text))
        except LayoutError as error:
            refused = error  # the first item in reading order is the one reported
    if refused is not None:
        raise refused
    rules = []
    for spec in realized.masthead.rules:
        y = (0 if spec.from_page_top else geometry.top) + mm(spec.y_mm)
        if spec.width_mm is None:
            x0, x1 = geometry.left, geometry.right
        else:
            x0 = (geometry.page_width - mm(spec.width_mm)) // 2
            x1 = x0 + mm(spec.width_mm)
        rules.append(Rule("masthead", x0, x1, y, pt(spec.thickness_pt), spec.color))
    return Group("masthead", "masthead", tuple(lines) + tuple(rules))


def _stacked(head: MastheadLine, style: TextStyle, spacing: int, geometry: Geometry, least: int) -> Group:
    """The organs of a joint document stacked, each line as wide as the widest, and ``beside`` (文件) at
    their right, centred on the block of names (GB/T 9704-2012, 7.2.4); the whole centred on the block.

    A group ``stack`` of the names' lines, the text beside them in a group ``beside`` of its own:
    a writer that flows lines (DOCX) sets it in the first name's paragraph, lowered to its place.
    """
    item = head.item
    gap = round(item.beside_gap_em * style.size)

    def width_of(s: TextStyle, sp: int) -> int:
        widest = max(display_width(text, s, sp) for text in head.stack)
        return widest + (gap * s.size // style.size + display_width(head.beside, s, sp) if head.beside else 0)

    if item.fit:
        style, spacing = _fitted(width_of(style, spacing), style, spacing, geometry.width, least)
        gap = round(item.beside_gap_em * style.size)
    total = width_of(style, spacing)
    if total > geometry.width:
        raise LayoutError(f"too long for its line: the organs and “{head.beside}” take {total * 100 // geometry.width} % "
                          "of the block's width", item.text)
    widest = max(display_width(text, style, spacing) for text in head.stack)
    x0 = geometry.left + (geometry.width - total) // 2
    pitch = mm(item.stack_pitch_mm)
    ascent = style.typeface.main.em_ascent(style.size)
    top = geometry.top + (mm(item.top_mm) if item.top_mm is not None else mm(item.baseline_mm) - ascent)
    out: list[Line | Group] = []
    for n, text in enumerate(head.stack):  # a shorter name tracked out to the widest's width, 整齐排列
        pieces = atoms(normalize(text), style, item.text)
        tracked = sum(a.tracked for a in pieces) or 1
        extra = (widest - display_width(text, style, spacing)) // tracked
        out.append(set_line(pieces, x0, widest, top + ascent + n * pitch, False, extra=extra, spacing=spacing,
                            path=item.text))
    if head.beside:
        middle = top + ((len(head.stack) - 1) * pitch + style.size) // 2
        beside = display_line(head.beside, style, spacing, "left", middle - style.size // 2 + ascent,
                              x0 + widest + gap, geometry.right, path=item.beside or "")
        out.append(Group("beside", item.beside or "", (beside,)))
    return Group("stack", item.text, tuple(out))


def _fitted(text: str | int, style: TextStyle, spacing: int, width: int, least: int) -> tuple[TextStyle, int]:
    """The style at the largest size (in half points) at which ``text`` (or a line of that natural width)
    fits ``width``, but not below ``least``.

    A 发文机关标志 set smaller than the text it heads is no longer 醒目 (GB/T 9704-2012, 7.2.4), so
    below the body's size the line is left as it is for display_line to refuse.
    """
    natural = text if isinstance(text, int) else display_width(text, style, spacing)
    if natural <= width:
        return style, spacing
    size = max(style.size * width // natural // 500 * 500, min(least, style.size))
    return style._replace(size=size), spacing * size // style.size


class DistributionBlock(NamedTuple):
    """The closing block, laid out from the bottom of the text block upwards."""

    group: Group
    height: int


def distribution(block: DistributionText, styles: dict[str, TextStyle], geometry: Geometry) -> DistributionBlock:
    """Lay out the 送/报/发 groups and the 印发 line so that the last rule sits on the block's bottom edge."""
    spec = block.spec
    style = styles["distribution"]
    em = style.size
    pitch = pt(spec.line_pitch_pt)
    pad = pt(spec.padding_pt)
    outer, inner = mm(spec.rule_outer_mm), mm(spec.rule_inner_mm)
    label_x = geometry.left + round(spec.indent_chars * em)
    centred = (pitch - em) // 2 + style.typeface.main.em_ascent(em)  # baseline below a row's top

    rows: list[tuple[str, Any]] = []  # ("line", (atoms, justify, path, label, text_x)) or ("copies", text)
    for g, group in enumerate(block.groups):
        label = group.label
        # recipients hang after the label's colon (7.4.2): after label_chars, or a longer label
        text_x = label_x + max(round(spec.label_chars * em), display_width(label, style))
        text_width = geometry.right - text_x
        if text_width < (geometry.right - label_x) // 2:
            raise LayoutError(f"too long: a label may take at most half the line, "
                              f"{(geometry.right - label_x) // 2 // em} characters with its colon",
                              f"distribution.groups[{g}].label")
        for r, (path, recipient) in enumerate(group.recipients):
            pieces = atoms(normalize(recipient), style, path)
            broken = break_lines(pieces, (text_width, text_width))
            for n, b in enumerate(broken):
                rows.append(("line", (pieces[b.start:b.end], n < len(broken) - 1, path,
                                      label if r == 0 and n == 0 else None, text_x)))
    printed = block.printed
    if block.copies:  # （共印N份）, at the right of a line of its own
        rows.append(("copies", block.copies))

    body_height = pad + len(rows) * pitch + pad
    printed_height = (pad + pitch + pad) if printed else 0
    height = outer + body_height + (inner + printed_height if printed else 0) + outer
    if height > geometry.height:  # the 版记 stands on the last page, its last rule on the block's foot (7.4.1)
        raise LayoutError(f"the block takes {len(rows)} lines, and at most {(geometry.height - height) // pitch + len(rows)} "
                          "fit on its page (GB/T 9704-2012, 7.4: it stands on the last page)", "distribution")
    top = geometry.bottom - height
    rules = [Rule("distribution", geometry.left, geometry.right, top + outer // 2, outer, "#000000")]
    y = top + outer + pad
    lines: list[Line] = []
    for kind_of_row, data in rows:
        baseline = y + centred
        if kind_of_row == "copies":
            lines.append(display_line(data, style, 0, "right", baseline, label_x, geometry.right - (label_x - geometry.left),
                                      path="distribution.copies"))
        else:
            pieces, justify, path, label, text_x = data
            text_width = geometry.right - text_x
            if label:
                lines.append(display_line(label, style, 0, "left", baseline, label_x, text_x, path="label"))
            lines.append(set_line(pieces, text_x, text_width, baseline, justify, path=path, last=not justify))
        y += pitch
    y += pad
    if printed:
        rules.append(Rule("distribution", geometry.left, geometry.right, y + inner // 2, inner, "#000000"))
        y += inner + pad
        baseline = y + centred
        if block.printed_by is not None:
            lines.append(display_line(block.printed_by, style, 0,
                                      "left", baseline, label_x, geometry.right, path="distribution.printed_by"))
            if block.printed_on is not None:
                lines.append(display_line(block.printed_on, style, 0,
                                          "right", baseline, geometry.left, geometry.right - (label_x - geometry.left),
                                          path="distribution.printed_on"))
        else:
            lines.append(display_line(printed, style, 0, "center", baseline, geometry.left, geometry.right,
                                      path="distribution.printed_by"))
        y += pitch + pad
    rules.append(Rule("distribution", geometry.left, geometry.right, geometry.bottom - outer // 2, outer, "#000000"))
    items = tuple(lines) + (tuple(rules) if spec.rules else ())
    return DistributionBlock(Group("distribution", "distribution", items), height)


def folio(text: str, number: int, spec: FolioSpec, style: TextStyle, geometry: Geometry) -> Line:
    """The page number ``text``, 一字线 each side, odd pages on the right and even pages on the left."""
    baseline = geometry.bottom + mm(spec.below_block_mm) + style.typeface.main.em_ascent(style.size)
    indent = round(spec.indent_chars * style.size)
    align = "right" if number % 2 else "left"
    return display_line(text, style, 0, align, baseline, geometry.left + indent, geometry.right - indent,
                        path="folio")
