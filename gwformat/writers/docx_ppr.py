"""Paragraph properties of a DOCX (w:pPr), built in one place so that their order is always the schema's.

CT_PPrBase is a sequence: a validator (and Word, which refuses a document it cannot parse)
rejects a w:keepNext after a w:pageBreakBefore. Callers name what they want; this module
writes the elements in the order ECMA-376 (Part 1, 17.3.1.26) gives them.
"""

from __future__ import annotations

import re
from typing import Sequence

#: The children of w:pPr, in the order of CT_PPrBase (then CT_PPr's own: rPr, sectPr, pPrChange).
ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
         "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
         "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
         "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
         "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
         "rPr", "sectPr", "pPrChange")
_RANK = {name: rank for rank, name in enumerate(ORDER)}
_TAG = re.compile(r"<w:(\w+)")

#: What every paragraph says of East Asian line breaking (docx.py tells why): 避头尾 on, nothing
#: hangs, no automatic space between scripts.
EAST_ASIAN = ('<w:kinsoku/>', '<w:overflowPunct w:val="0"/>', '<w:autoSpaceDE w:val="0"/>',
              '<w:autoSpaceDN w:val="0"/>')


def ordered(elements: Sequence[str]) -> str:
    """``elements`` (each one child of w:pPr, as XML) as a w:pPr, in the schema's order."""
    def rank(element: str) -> int:
        match = _TAG.match(element)
        if match is None or match[1] not in _RANK:
            raise ValueError(f"not a child of w:pPr: {element[:40]}")
        return _RANK[match[1]]

    return "<w:pPr>" + "".join(sorted(elements, key=rank)) + "</w:pPr>"


def ppr(style: str, *, before: int = 0, after: int = 0, exact: int | None = None, at_least: int | None = None,
        jc: str | None = None, page_break: bool = False, keep_next: bool = False, keep_lines: bool = False,
        first_line: int | None = None, left: int | None = None, right: int | None = None,
        hanging: int | None = None, grid: bool = True, extra: Sequence[str] = ()) -> str:
    """A paragraph's properties (distances in twips): its style, breaks, spacing, indents and alignment.

    ``exact`` is an exact line height, ``at_least`` a least one: for a line holding a picture,
    since readers set an inline picture on the baseline, which an exact height puts a fifth of
    the height above its foot (measured: LibreOffice and Spire.Doc drew the pictures of
    jianbao-photos 45 and 62 pt above the text block). ``grid`` False takes the paragraph off
    the document grid; ``extra`` holds further children (a frame, borders, tabs), one element each.
    """
    parts = [f'<w:pStyle w:val="{style}"/>', *EAST_ASIAN, *extra]
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if page_break:
        parts.append("<w:pageBreakBefore/>")
    if not grid:
        parts.append('<w:snapToGrid w:val="0"/>')
    spacing = f'<w:spacing w:before="{max(before, 0)}" w:after="{max(after, 0)}"'
    if exact or at_least:
        spacing += f' w:line="{exact or at_least}" w:lineRule="{"exact" if exact else "atLeast"}"'
    parts.append(spacing + "/>")
    indent = [f'w:{name}="{value}"' for name, value in
              (("left", left), ("right", right), ("firstLine", first_line), ("hanging", hanging)) if value is not None]
    if indent:
        parts.append(f"<w:ind {' '.join(indent)}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    return ordered(parts)
