"""The first-page head realized: the kind's masthead items that apply, rendered once.

A document of several organs (联合行文, GB/T 9704-2012, 7.2.4) has them stacked in its
mark; what the template places below the stack moves down with it, so the layout
places every item where this says, as for one organ.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from .errors import InputError
from .kinds import Kind, MastheadItem, MastheadSpec, applies
from .model import Issue


class MastheadLine(NamedTuple):
    """A rendered line of the first-page head, placed as its template item says.

    A stacked item (联合行文) has a line for each organ in ``stack`` and the text set at
    their right in ``beside``.
    """

    text: str
    item: MastheadItem
    stack: tuple[str, ...] = ()
    beside: str = ""


def masthead_lines(issue: Issue, kind: Kind, values: dict[str, Any]) -> tuple[MastheadSpec, tuple[MastheadLine, ...]]:
    """The head's spec and rendered lines. The organs of a joint document are stacked, and every item
    and rule below the stack moves down by what it adds, the text after it by as many whole rows."""
    spec = kind.masthead
    shown = [item for item in spec.items if _shown(item, values, kind)]
    stacked = next((item for item in shown if item.stack), None)
    if len(issue.names) > 1 and stacked is None:
        raise InputError(f"a list of organs (联合行文) needs a kind whose masthead stacks them, such as wenjian; "
                         f"kind '{kind.name}' sets one name", issue.locate("name") or "name")
    if stacked is not None and len(issue.names) > 1:
        start = _place_mm(stacked)
        extra = (len(issue.names) - 1) * stacked.stack_pitch_mm
        moved = {id(item): item.model_copy(update=_moved(item, extra)) if _place_mm(item) > start else item
                 for item in shown}
        rules = [r.model_copy(update={"y_mm": r.y_mm + extra}) if not r.from_page_top and r.y_mm > start else r
                 for r in spec.rules]
        row_mm = kind.page.block_height_mm / kind.page.lines
        spec = spec.model_copy(update={"rows": spec.rows + math.ceil(extra / row_mm - 1e-9),
                                       "items": [moved[id(i)] if id(i) in moved else i for i in spec.items],
                                       "rules": rules})
        shown = [moved[id(item)] for item in shown]
    lines = []
    for item in shown:
        if item.stack:
            stack = tuple(kind.render(item.text, **{**values, "name": organ}) for organ in issue.names)
            beside = kind.render(item.beside, **values) if item.beside else ""
            lines.append(MastheadLine(stack[0], item, stack, beside))
        else:
            lines.append(MastheadLine(kind.render(item.text, **values), item))
    return spec, tuple(lines)


def _place_mm(item: MastheadItem) -> float:
    return item.baseline_mm if item.top_mm is None else item.top_mm


def _moved(item: MastheadItem, extra: float) -> dict[str, float]:
    return {"baseline_mm": item.baseline_mm + extra} if item.top_mm is None else {"top_mm": item.top_mm + extra}


def _shown(item: MastheadItem, values: dict[str, Any], kind: Kind) -> bool:
    if item.optional and any(values.get(k) is None for k in kind.variables(item.text)):
        return False
    return applies(item, values)
