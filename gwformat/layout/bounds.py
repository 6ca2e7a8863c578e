"""The last check of a layout: nothing is drawn off its page, off the text block, or over another line.

Each element refuses content that cannot fit it where it is set (a display line
wider than its place, a title taller than a page, a distribution block taller
than the text block). This module checks the finished pages as a whole, so that
content no element foresaw is refused too, instead of being drawn where no
reader can see it. Tables and figures are held to the text block too: their lines,
their rules, the boxes of their cells and figures, and their pictures. It raises :class:`LayoutError` whose ``where`` is the field
path of the offending line's :class:`Source`; ``layout`` turns that path into
the user's file, line and column.
"""

from __future__ import annotations

import re
from ..errors import LayoutError
from ..kinds import ISSUE_VALUES, Kind
from ..model import Issue
from ..reuse import Memo, page_key
from .tree import Block, Document, Group, Image, Line, Page, Rule, to_mm

#: Roles of the lines set in the text block (版心); every other line (the masthead's, the page
#: number) need only stay on the page and within the block's width.
BLOCK_ROLES = frozenset({"body", "title", "signature", "label", "distribution",
                         "table", "table_header", "table_title", "caption"})
#: Roles of the rules that belong to the text block (the 版记's); the masthead's may be wider (信函格式).
BLOCK_RULES = frozenset({"distribution", "table"})
#: Roles of the groups whose box (a table cell's, a figure's) must lie inside the text block.
BLOCK_BOXES = frozenset({"table", "row", "cell", "figure"})
#: Values the issue may leave out because they are made from another field: the masthead's
#: romanised subtitle comes from the name.
DERIVED = {"subtitle": "name"}


#: The pages found inside their bounds (a rebuild checks only the pages an edit changed).
_CHECKED: Memo[Page] = Memo(2048)


def check_bounds(document: Document) -> None:
    """Raise LayoutError for the first line or rule of ``document`` that lies outside its area."""
    upright = document.block
    for page in document.pages:
        key = page_key(page)
        if key is None:
            _check_page(page, upright)
        elif (key, upright) not in _CHECKED:
            _check_page(page, upright)
            _CHECKED.get((key, upright), lambda: page)  # the page keeps what its key names alive


def _check_page(page: Page, upright: Block) -> None:
    """Raise LayoutError for the first line, rule, box or picture of ``page`` outside its area."""
    # a 横排 page's groups stand in the turned frame, on the turned block; its folio is upright
    block = upright.turned(page.height) if page.landscape else upright
    boxes = []
    for line in page.lines:
        extent = _extent(line)
        if extent is not None:
            _check_line(line, extent, page, block)
            boxes.append((line.band[0], line.band[1], extent[0], extent[1], line))
    if page.folio is not None and (extent := _extent(page.folio)) is not None:
        _check_line(page.folio, extent, page, upright)
        if not page.landscape:
            boxes.append((page.folio.band[0], page.folio.band[1], extent[0], extent[1], page.folio))
    for rule in page.rules:
        _check_rule(rule, page, block)
    for group in page.groups:
        for item in (group, *group.walk()):
            if isinstance(item, Image):
                _check_image(item, group.path, page, block)
            elif isinstance(item, Group) and item.box is not None and item.role in BLOCK_BOXES:
                _check_box(item, page, block)
    _check_overlaps(boxes, page)


def _where(line: Line) -> str | None:
    return line.source.path if line.source else line.role


def _extent(line: Line) -> tuple[int, int] | None:
    """Left and right edges of the line, or None when it draws nothing.

    A glyph's ``advance`` may be wider than its ink (a narrow Latin letter is centred in a half-em
    cell), so the line's own edges bound it; every glyph it draws must start between them.
    """
    xs = [g.x for g in line.glyphs if not g.char.isspace()]
    if not xs:
        return None
    if min(xs) < line.x0 or max(xs) >= line.x1:
        raise LayoutError("a glyph is drawn outside its line", _where(line))
    return line.x0, line.x1


def _check_line(line: Line, extent: tuple[int, int], page: Page, block: Block) -> None:
    left, right = extent
    inside_block = line.role in BLOCK_ROLES
    if left < block.left or right > block.left + block.width:
        chars = len(line.ink)
        raise LayoutError(f"a line of {chars} characters, {to_mm(right - left):.0f} mm wide, runs off the "
                          f"{to_mm(block.width):.0f} mm text block on page {page.number}: at most "
                          f"{chars * block.width // (right - left)} of them fit", _where(line))
    top, bottom = line.band
    low, high = (block.top, block.top + block.height) if inside_block else (0, page.height)
    if top < low or bottom > high:
        area = "text block" if inside_block else "page"
        side = "top" if top < low else "bottom"
        raise LayoutError(f"the line runs off the {side} of the {area} on page {page.number}: "
                          "there is no room for it there", _where(line))


def _check_rule(rule: Rule, page: Page, block: Block) -> None:
    # a table's frame is held by its centre lines, top and bottom as on the sides (a table opening a
    # page has its top rule on the block's top edge); any other rule's stroke stays inside
    above = 0 if rule.role == "table" else rule.thickness // 2
    below = 0 if rule.role == "table" else rule.thickness - above
    if rule.role in BLOCK_RULES:
        x0, x1, y0, y1 = block.left, block.left + block.width, block.top, block.top + block.height
    else:
        x0, x1, y0, y1 = 0, page.width, 0, page.height
    top, bottom = min(rule.y, rule.y_end), max(rule.y, rule.y_end)
    if rule.x0 < x0 or rule.x1 > x1 or top - above < y0 - 1 or bottom + below > y1 + 1:
        raise LayoutError(f"a rule runs off the {'text block' if rule.role in BLOCK_RULES else 'page'} "
                          f"on page {page.number}", rule.role)


def _inside(box: tuple[int, int, int, int], block: Block) -> bool:
    x0, top, x1, bottom = box
    return (block.left <= x0 and x1 <= block.left + block.width
            and block.top <= top and bottom <= block.top + block.height)


def _check_image(image: Image, path: str, page: Page, block: Block) -> None:
    if not _inside((image.x, image.y, image.x + image.width, image.y + image.height), block):
        raise LayoutError(f"a picture of {to_mm(image.width):.0f} × {to_mm(image.height):.0f} mm runs off the "
                          f"text block on page {page.number}", path)


def _check_box(group: Group, page: Page, block: Block) -> None:
    assert group.box is not None
    if not _inside(group.box, block):
        raise LayoutError(f"the {group.role} runs off the text block on page {page.number}", group.path)


def _check_overlaps(boxes: list[tuple[int, int, int, int, Line]], page: Page) -> None:
    """No two lines' boxes (band × extent) intersect: the organ running into the date on one baseline."""
    boxes.sort(key=lambda box: box[0])
    for index, (top, bottom, left, right, line) in enumerate(boxes):
        for other_top, _, other_left, other_right, other in boxes[index + 1:]:
            if other_top >= bottom:
                break
            if other_left < right and left < other_right:
                first, second = sorted((line, other), key=lambda l: l.x0)
                over = _chars(min(right, other_right) - max(left, other_left), first)
                raise LayoutError(f"runs into '{_where(second)}' on page {page.number}: shorten it by at least "
                                  f"{over} character{'s' if over > 1 else ''}", _where(first))


def _chars(width: int, line: Line) -> int:
    return -(-width // max(line.size, 1))


def place_of(error: LayoutError, issue: Issue, kind: Kind) -> tuple[str, str]:
    """The message and place of a refused line: the content field it shows, located in the user's file.

    A line made from a text pattern of the kind (the masthead's, the closing's) names the first
    field the pattern uses; a pattern of the kind's own words names the template.
    """
    path = error.where or ""
    closing = re.fullmatch(r"closing\[(\d+)\]", path)
    pattern = kind.closing[int(closing.group(1))].text if closing else path if path in kind.text else None
    if pattern is None:
        return error.message, issue.locate(path) or path
    source = kind.text[pattern]
    names = sorted((n for n in kind.variables(pattern) if n in ISSUE_VALUES or n in kind.fields), key=source.find)
    fields = [name if name in ISSUE_VALUES else f"fields.{name}" for name in names]
    if not fields:
        return f"{error.message} (its words are the kind's own)", f"{kind.source}: text.{pattern}"
    first = fields[0]
    if first in DERIVED and getattr(issue, first) is None:
        first = DERIVED[first]
    return (f"{error.message} (the line '{pattern}' of kind '{kind.name}', made from {', '.join(fields)})",
            issue.locate(first) or first)
