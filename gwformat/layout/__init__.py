"""The layout engine: realized content and the fonts' metrics in, immutable pages out.

Pure: it draws nothing, imports no writer library, reads no template and writes no
cache. Stages, one module each: segment (text → atoms with widths) → linebreak
(atoms → lines, 避头尾, tightening) → justify (lines → positioned glyphs); collect
turns realized content into blocks (blocks), paginate places them on the grid, and
compose sets what stands outside the flow: the masthead, the distribution block and
the folios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import LayoutError, OversizeError
from .blocks import Setting
from .bounds import check_bounds, place_of
from .collect import collect
from .compose import build_styles, distribution, folio, masthead
from .geometry import Geometry
from .memo import interned, placed as placed_block, setting_key
from .paginate import distribute
from .tree import Document, Group, Line, Page, Rule, TableGroup

if TYPE_CHECKING:
    from ..kinds import Kind
    from ..model import Issue
    from ..realize import Realized

__all__ = ["layout", "typeset", "Document", "Page", "Group", "Line", "Rule"]


def layout(issue: "Issue", kind: "Kind | None" = None, templates: str | None = None) -> Document:
    """Lay out ``issue`` in its kind's template (or ``kind``): every line and page break decided here.

    ``templates`` is a folder of the user's own kinds, searched before the shipped ones.
    The kind is read and its patterns rendered first (gwformat.realize); the placing
    itself (``typeset``) is pure. Content that does not fit where the kind sets it raises
    LayoutError naming its field, located in the user's file.
    """
    from ..kinds import issue_kind
    from ..realize import realize

    if kind is None:
        kind = issue_kind(issue, templates)
    realized = realize(issue, kind)
    try:
        document = typeset(realized)
        check_bounds(document)
    except OversizeError:
        raise  # its place is the user's file already (realize's row places)
    except LayoutError as error:
        message, where = place_of(error, issue, kind)
        raise LayoutError(message, where) from None
    return document


def typeset(realized: "Realized") -> Document:
    """Place realized content on pages: the masthead, the blocks on the grid, the distribution block, folios."""
    geometry = Geometry.from_spec(realized.page)
    styles = build_styles(realized, geometry)
    setting = Setting(geometry, styles)
    head = interned(masthead(realized, styles, geometry))
    flow = distribute(collect(realized, setting), geometry.rows, realized.masthead.rows)

    page_count = flow.page_count
    closing: dict[int, Group] = {}
    unnumbered: set[int] = set()
    if realized.distribution:
        block = distribution(realized.distribution, styles, geometry)
        used = geometry.row_top(flow.row) if flow.row > 0 else geometry.top
        target = flow.page
        if (target + 1) % 2 or used > geometry.bottom - block.height:
            target += 1
            if (target + 1) % 2:  # would be odd: leave a blank page before it (GB/T 9704, 7.5)
                unnumbered = {target, target + 1}
                target += 1
        closing[target] = interned(block.group)
        page_count = max(page_count, target + 1)

    by_page: dict[int, list[Group]] = {}
    context = setting_key(setting)
    for placed in flow.placed:
        group = placed_block(placed.block, placed.row, setting, context)
        if group is not None:
            by_page.setdefault(placed.page, []).append(group)
    pages = []
    for index in range(page_count):
        groups = ([head] if index == 0 else []) + by_page.get(index, []) + ([closing[index]] if index in closing else [])
        number = index + 1
        pages.append(Page.from_groups(
            number=number,
            width=geometry.page_width,
            height=geometry.page_height,
            groups=tuple(groups),
            folio=None if index in unnumbered or (index == 0 and not realized.folio.first_page)
            else folio(realized.folios.text(number), number, realized.folio, styles["folio"], geometry),
            landscape=any(isinstance(group, TableGroup) and group.landscape for group in groups),
        ))
    return Document(
        pages=tuple(pages),
        block=geometry.block,
        title=realized.title,
        author=realized.author,
        subject=realized.subject,
        date=realized.date,
        kind=realized.kind,
    )
