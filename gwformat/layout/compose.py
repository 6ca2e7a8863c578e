"""The pieces of a bulletin that are not running text: masthead, titles, signature, distribution block, folios.

Each function turns content and the kind's template into positioned lines and
rules; positions come from the template and the grid, widths from the fonts.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from ..errors import LayoutError
from ..fonts import typeface
from ..kinds import Kind, StyleSpec, applies
from ..model import Article, Distribution
from .justify import natural_width, set_line
from .linebreak import break_lines
from .paginate import Geometry, title_rows
from .segment import Atom, TextStyle, atoms, normalize
from .titles import split_title
from .tree import Line, Rule, mm, pt


def build_styles(kind: Kind, geometry: Geometry) -> dict[str, TextStyle]:
    """A TextStyle per role; grid styles get the tracking that makes ``chars`` characters fill a line."""
    styles = {}
    for role, spec in kind.styles.items():
        size = pt(spec.size)
        tracking = geometry.char_pitch - size if spec.grid else 0
        styles[role] = TextStyle(role, typeface(spec.face), size, spec.color, tracking)
    return styles


def display_width(text: str, style: TextStyle, spacing: int = 0) -> int:
    """The natural width of ``text`` set as one display line."""
    return _measured(text, style, spacing, style.role)[1]


def _measured(text: str, style: TextStyle, spacing: int, path: str) -> tuple[list[Atom], int]:
    pieces = atoms(normalize(text), style, path)
    return pieces, natural_width(pieces) + spacing * (len(pieces) - 1)


def letter_spacing(spec: StyleSpec) -> int:
    return pt(spec.size * spec.letter_spacing_em)


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


def masthead(values: dict, kind: Kind, styles: dict[str, TextStyle], geometry: Geometry) -> tuple[list[Line], list[Rule]]:
    """The first-page head: the kind's masthead items and rules, positioned from the block top."""
    items = [item for item in kind.masthead.items if _shown(item, values, kind)]
    lines: list[Line] = []
    refused: LayoutError | None = None
    for index in range(len(items) - 1, -1, -1):  # from the last, so a leading item knows what it leads
        item = items[index]
        text = kind.render(item.text, **values)
        style = styles[item.style]
        spacing = letter_spacing(kind.styles[item.style])
        if item.fit:
            style, spacing = _fitted(text, style, spacing, geometry.width, styles["body"].size)
        if item.top_mm is not None:
            baseline = geometry.top + mm(item.top_mm) + style.typeface.main.em_ascent(style.size)
        else:
            baseline = geometry.top + mm(item.baseline_mm)
        indent = round(item.indent_chars * style.size)
        left, right = geometry.left + indent, geometry.right - indent
        align = item.align
        if item.leads and lines:
            right, align = lines[0].x0, "right"
        try:
            lines.insert(0, display_line(text, style, spacing, align, baseline, left, right, path=item.text))
        except LayoutError as error:
            refused = error  # the first item in reading order is the one reported
    if refused is not None:
        raise refused
    rules = []
    for spec in kind.masthead.rules:
        y = (0 if spec.from_page_top else geometry.top) + mm(spec.y_mm)
        if spec.width_mm is None:
            x0, x1 = geometry.left, geometry.right
        else:
            x0 = (geometry.page_width - mm(spec.width_mm)) // 2
            x1 = x0 + mm(spec.width_mm)
        rules.append(Rule("masthead", x0, x1, y, pt(spec.thickness_pt), spec.color))
    return lines, rules


def _fitted(text: str, style: TextStyle, spacing: int, width: int, least: int) -> tuple[TextStyle, int]:
    """The style at the largest size (in half points) at which ``text`` fits ``width``, but not below ``least``.

    A 发文机关标志 set smaller than the text it heads is no longer 醒目 (GB/T 9704-2012, 7.2.4), so
    below the body's size the line is left as it is for display_line to refuse.
    """
    natural = display_width(text, style, spacing)
    if natural <= width:
        return style, spacing
    size = max(style.size * width // natural // 500 * 500, min(least, style.size))
    return dataclasses.replace(style, size=size), spacing * size // style.size


def _shown(item, values: dict, kind: Kind) -> bool:
    if item.optional and any(values.get(k) is None for k in kind.variables(item.text)):
        return False
    return applies(item, values)


def title_lines(article: Article, kind: Kind, style: TextStyle, path: str, page_rows: int) -> list[list[Atom]]:
    """The title's lines: as the input splits it, or split by meaning (layout.titles).

    A title starts a page rather than leave its first lines of text behind, so one taller
    than a page with those lines can never be set: it is refused.
    """
    spec = kind.title
    most = 0
    while title_rows(most + 1, spec.line_rows, spec.rows_before, spec.rows_after) + spec.min_lines_after <= page_rows:
        most += 1
    fits = (f"at most {most} lines of {spec.max_chars} characters fit a page with the "
            f"{spec.min_lines_after} lines of text a title keeps with it")
    given = article.title_lines
    if given is None:
        text = normalize(article.title_text)
        if math.ceil(len(text) / spec.max_chars) > most:
            raise LayoutError(f"a title of {len(text)} characters is too long: {fits}", path)
        given = tuple(split_title(text, spec.max_chars, most))
    if len(given) > most:
        raise LayoutError(f"a title of {len(given)} lines is too long: {fits}", path)
    return [atoms(normalize(line), style, path) for line in given]


@dataclass(frozen=True)
class DistributionBlock:
    """The closing block, laid out from the bottom of the text block upwards."""

    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    height: int


def distribution(block: Distribution, kind: Kind, styles: dict[str, TextStyle], geometry: Geometry,
                 values: dict) -> DistributionBlock:
    """Lay out the 送/报/发 groups and the 印发 line so that the last rule sits on the block's bottom edge."""
    spec = kind.distribution
    style = styles["distribution"]
    em = style.size
    pitch = pt(spec.line_pitch_pt)
    pad = pt(spec.padding_pt)
    outer, inner = mm(spec.rule_outer_mm), mm(spec.rule_inner_mm)
    label_x = geometry.left + round(spec.indent_chars * em)
    centred = (pitch - em) // 2 + style.typeface.main.em_ascent(em)  # baseline below a row's top

    rows: list[tuple[str, Any]] = []  # ("line", (atoms, justify, path, label, text_x)) or ("copies", text)
    for g, group in enumerate(block.groups):
        label = kind.render("label", label=group.label, **values)
        # recipients hang after the label's colon (7.4.2): after label_chars, or a longer label
        text_x = label_x + max(round(spec.label_chars * em), display_width(label, style))
        text_width = geometry.right - text_x
        if text_width < (geometry.right - label_x) // 2:
            raise LayoutError(f"too long: a label may take at most half the line, "
                              f"{(geometry.right - label_x) // 2 // em} characters with its colon",
                              f"distribution.groups[{g}].label")
        for r, recipient in enumerate(group.recipients):
            path = f"distribution.groups[{g}].recipients[{r}]"
            pieces = atoms(normalize(recipient), style, path)
            broken = break_lines(pieces, (text_width, text_width))
            for n, b in enumerate(broken):
                rows.append(("line", (pieces[b.start:b.end], n < len(broken) - 1, path,
                                      label if r == 0 and n == 0 else None, text_x)))
    printed = None
    if block.printed_by:
        printed = kind.render("printed", printed_by=block.printed_by, printed_on=block.printed_on, **values)
    if block.copies and "copies" in kind.text:  # （共印N份）, at the right of a line of its own
        rows.append(("copies", kind.render("copies", copies=block.copies, **values)))

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
        if spec.printed_split:
            lines.append(display_line(kind.render("printed_by", printed_by=block.printed_by, **values), style, 0,
                                      "left", baseline, label_x, geometry.right, path="distribution.printed_by"))
            if block.printed_on:
                lines.append(display_line(kind.render("printed_on", printed_on=block.printed_on, **values), style, 0,
                                          "right", baseline, geometry.left, geometry.right - (label_x - geometry.left),
                                          path="distribution.printed_on"))
        else:
            lines.append(display_line(printed, style, 0, "center", baseline, geometry.left, geometry.right,
                                      path="distribution.printed_by"))
        y += pitch + pad
    rules.append(Rule("distribution", geometry.left, geometry.right, geometry.bottom - outer // 2, outer, "#000000"))
    return DistributionBlock(tuple(lines), tuple(rules) if spec.rules else (), height)


def folio(number: int, kind: Kind, style: TextStyle, geometry: Geometry) -> Line:
    """The page number, 一字线 each side, odd pages on the right and even pages on the left."""
    text = kind.render("folio", page=number)
    baseline = geometry.bottom + mm(kind.folio.below_block_mm) + style.typeface.main.em_ascent(style.size)
    indent = round(kind.folio.indent_chars * style.size)
    align = "right" if number % 2 else "left"
    return display_line(text, style, 0, align, baseline, geometry.left + indent, geometry.right - indent,
                        path="folio")
