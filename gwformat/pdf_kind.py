"""Which kind a PDF is, so that the linter holds it to its own format.

The 信函格式 (GB/T 9704-2012, 10.1) sets its mark above the text block and numbers no
first page, which the ordinary checks would call violations. A PDF gwformat made names
its kind in its document information (/GwformatKind), and the kind's template says
what it allows. Any other PDF is recognised from its first page: the red double rules
of 170 mm at the top and foot of a 信函 (10.1), the red mark 20 mm under the block's top
that ends in 令 of a 命令 (10.2), the red mark ending in 文件 (7.2.4); anything else is
linted as a bulletin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InputError, TemplateError
from .kinds import Kind, load_kind

MM = 72 / 25.4  # points a millimetre
#: the text block, in mm from the page's left and top edges (GB/T 9704-2012, 5.2.1), which lint holds pages to
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 156.0, 225.0
LETTER_RULE_MM = (165.0, 175.0)  # 信函's double rules are 170 mm long (10.1)
ORDER_MARK_TOP_MM = (17.0, 23.0)  # 命令's mark: its top 20 mm under the block's top (10.2.1)


@dataclass(frozen=True)
class PdfKind:
    """The kind a PDF is linted as, how it was told, and what that kind allows on its first page."""

    name: str
    told_by: str  # "its metadata", "its first page" or "--kind"
    head_above_block: bool = False  # the mark stands above the text block (信函, 10.1)
    first_page_number: bool = True  # page 1 carries a page number (not so in a 信函, 10.1)

    @classmethod
    def of(cls, kind: Kind, told_by: str) -> "PdfKind":
        """What ``kind``'s template allows: a masthead item placed above the block, no number on page 1."""
        above = any((item.baseline_mm if item.top_mm is None else item.top_mm) < 0 for item in kind.masthead.items)
        return cls(kind.name, told_by, above, kind.folio.first_page)


def recognise(pdf: Any, forced: str | None = None) -> PdfKind:
    """The kind of the open pdfplumber document ``pdf``: ``forced`` (a kind's name), else its metadata, else its page."""
    if forced:
        try:
            return PdfKind.of(load_kind(forced), "--kind")
        except TemplateError as error:
            raise InputError(error.message, "--kind") from None
    recorded = (pdf.metadata or {}).get("GwformatKind")
    if isinstance(recorded, bytes):
        recorded = recorded.decode("utf-8", "replace")
    if isinstance(recorded, str) and recorded:
        try:
            return PdfKind.of(load_kind(recorded), "its metadata")
        except TemplateError:  # a kind of the maker's own folder: read the page instead
            pass
    return _from_page(pdf.pages[0]) if pdf.pages else PdfKind("jianbao", "its first page")


def is_red(colour: Any) -> bool:
    """A colour pdfplumber reports as RGB that reads as the red of a 红头 (#E60012 and its like)."""
    return isinstance(colour, (tuple, list)) and len(colour) == 3 and colour[0] > 0.6 and max(colour[1:]) < 0.35


def _from_page(page: Any) -> PdfKind:
    drawn = [(line, line.get("stroking_color")) for line in page.lines]
    drawn += [(rect, rect.get("non_stroking_color")) for rect in page.rects]  # a rule drawn as a filled bar
    letter_rules = [item for item, colour in drawn if is_red(colour) and item["height"] / MM < 2
                    and LETTER_RULE_MM[0] <= item["width"] / MM <= LETTER_RULE_MM[1]]
    middle = page.height / 2
    if any(r["top"] < middle for r in letter_rules) and any(r["top"] > middle for r in letter_rules):
        return PdfKind.of(load_kind("xinhan"), "its first page")
    red = [c for c in page.chars if is_red(c.get("non_stroking_color")) and c["text"].strip()]
    largest = max((c["size"] for c in red), default=0)
    mark = [c for c in red if c["size"] > largest - 0.6]  # the mark: the red head's largest type
    if mark:
        first_row = min(c["bottom"] for c in mark)
        row = sorted((c for c in mark if abs(c["bottom"] - first_row) < 1), key=lambda c: c["x0"])
        top_mm = (row[0]["bottom"] - row[0]["size"]) / MM - TOP  # pdfplumber's box is the em box
        text = "".join(c["text"] for c in sorted(mark, key=lambda c: c["x0"]))
        if text.endswith("令") and ORDER_MARK_TOP_MM[0] <= top_mm <= ORDER_MARK_TOP_MM[1]:
            return PdfKind.of(load_kind("mingling"), "its first page")
        if text.endswith("文件"):
            return PdfKind("wenjian", "its first page")
    return PdfKind("jianbao", "its first page")
