"""A GB/T 9704-2012 linter for any PDF: measured from its glyph boxes and drawn rules.

It works on what a reader of the PDF sees, whoever made it (Word, WPS, LaTeX,
gwformat): the paper, where the text sits, the lines per page and their pitch,
characters per line, line starts, the size and face of the body text, page
numbers, the red rule under the masthead and the distribution block.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .layout.kinsoku import NO_LINE_START
from .pdf_kind import HEIGHT, LEFT, MM, TOP, WIDTH, PdfKind, is_red as _red, recognise

A4 = (210.0, 297.0)
TOLERANCE = 1.0  # mm: GB/T 9704 allows the margins ±1 mm
FOLIO = re.compile(r"^[-—–－]\s*(\d+)\s*[-—–－]$")


@dataclass(frozen=True)
class Violation:
    page: int | None
    check: str
    message: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}" if self.page else self.message


def _rows(chars: list[dict], size: float) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for char in chars:
        if abs(char["size"] - size) < 0.6 and char["text"].strip():
            rows.setdefault(round(char["bottom"] * 2), []).append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows)]


def _units(row: list[dict], size: float) -> float:
    """A row's length in grid characters: full-width glyphs count 1, narrower ones by their width."""
    return sum(min(1.0, round((c["x1"] - c["x0"]) / size * 2) / 2) for c in row)


def _pitch(row: list[dict]) -> float:
    """Median distance (mm) between the starts of neighbouring characters of a row."""
    starts = [c["x0"] / MM for c in row]
    return statistics.median(b - a for a, b in zip(starts, starts[1:])) if len(starts) > 1 else WIDTH / 28


@dataclass(frozen=True)
class Report:
    """What lint found in a PDF, and the kind it held the PDF to."""

    kind: PdfKind
    violations: list[Violation]


def lint_pdf(path: str | Path, letter: bool = False, kind: str | None = None) -> list[Violation]:
    """Every departure from GB/T 9704 this can measure in the PDF at ``path``, held to its kind.

    The kind is the one the PDF records or its first page shows (gwformat.pdf_kind);
    ``kind`` names one instead, and ``letter`` is ``kind="xinhan"``: the 信函格式 (10.1),
    whose mark stands above the block and whose first page has no page number.
    """
    return lint(path, "xinhan" if letter else kind).violations


def lint(path: str | Path, kind: str | None = None) -> Report:
    """The violations of the PDF at ``path`` and the kind it was held to (``kind``, or recognised)."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except Exception as exc:  # pdfminer raises several kinds for a file that is not a PDF
        raise InputError(f"not a readable PDF ({type(exc).__name__})", str(path)) from None
    out: list[Violation] = []
    with pdf:
        recognised = recognise(pdf, kind)
        pages = pdf.pages
        tables = [_tables(page) for page in pages]
        # text turned on its sheet (a 横排 table's title and note, GB/T 9704-2012, 8) is not on the body's grid
        texts = [[c for c in _outside(page.chars, boxes) if c.get("upright", True)]
                 for page, boxes in zip(pages, tables)]
        sizes = Counter(round(c["size"], 1) for chars in texts for c in chars if c["text"].strip())
        body_size = sizes.most_common(1)[0][0] if sizes else 16.0
        if abs(body_size - 16) > 0.5:
            out.append(Violation(None, "body-size", f"body text is {body_size:g} pt, expected 16 pt (3号)"))
        fonts = Counter(c["fontname"].split("+")[-1] for chars in texts for c in chars
                        if abs(c["size"] - body_size) < 0.6)
        body_font = fonts.most_common(1)[0][0] if fonts else ""
        if body_font and not re.search(r"fang|仿宋", body_font, re.I):
            out.append(Violation(None, "body-font", f"body text is set in {body_font}, expected a FangSong (仿宋) face"))
        blank = [not any(c["text"].strip() for c in p.chars) for p in pages]
        for index, page in enumerate(pages):
            found = _lint_page(page, texts[index], index + 1, body_size, blank, len(pages))
            if index == 0:
                found = [v for v in found if _expected_of(v, recognised)]
            out += found
        out += _lint_first_page(pages[0]) if pages else []
        out += _lint_distribution(pages, tables[-1]) if pages else []
        out += _lint_continued_tables(pages, texts, tables)
    return Report(recognised, out)


def _expected_of(violation: Violation, kind: PdfKind) -> bool:
    """Is a first page's ``violation`` one in ``kind``? A 信函 numbers no first page and sets its mark above the block."""
    if violation.check == "folio" and not kind.first_page_number:
        return False
    return not (kind.head_above_block and violation.check == "margin" and "from the top" in violation.message)


def _tables(page: Any) -> list[Any]:
    """The ruled tables of a page (pdfplumber finds them from the drawn rules); none without vertical rules."""
    if not any(abs(line["x0"] - line["x1"]) < 0.1 and line["height"] > 5 for line in page.lines):
        return []
    return list(page.find_tables())


def _inside(item: dict, boxes: list[Any]) -> bool:
    return any(t.bbox[0] - 1 <= item["x0"] and item["x1"] <= t.bbox[2] + 1 and t.bbox[1] - 1 <= item["top"]
               and item["bottom"] <= t.bbox[3] + 1 for t in boxes)


def _outside(chars: list[dict], boxes: list[Any]) -> list[dict]:
    """The characters not in a table: a table's text is set in its own size and pitch, not on the grid."""
    return [c for c in chars if not _inside(c, boxes)] if boxes else list(chars)


def _lint_continued_tables(pages: list[Any], texts: list[list[dict]], tables: list[list[Any]]) -> list[Violation]:
    """A table that runs on from the page before repeats its header rows at its top (as 续表)."""
    out = []
    for index in range(1, len(pages)):
        before, after = tables[index - 1], tables[index]
        if not before or not after:
            continue
        turned = _turned(pages[index - 1]) and _turned(pages[index])
        if turned:  # 横排: the table's top lies along the sheet's left edge, its last row on the right
            last, first = max(before, key=lambda t: t.bbox[2]), min(after, key=lambda t: t.bbox[0])
        else:
            last, first = max(before, key=lambda t: t.bbox[3]), min(after, key=lambda t: t.bbox[1])
        body_below = [c for c in texts[index - 1] if c["text"].strip() and c["top"] > last.bbox[3]
                      and c["top"] / MM < TOP + HEIGHT]
        body_above = [c for c in texts[index] if c["text"].strip() and c["bottom"] < first.bbox[1]]
        if body_below or len(body_above) > 8:  # the first ends before its page does, or the next starts later
            continue
        was, now = _header_row(last, turned), _header_row(first, turned)
        if was != now:
            out.append(Violation(index + 1, "table-header", "the table continued from the page before does not "
                                                            f"repeat its header (“{' '.join(filter(None, was))[:24]}”)"))
    return out


def _turned(page: Any) -> bool:
    """A 横排 page: most of its text is turned on the sheet."""
    chars = [c for c in page.chars if c["text"].strip()]
    return sum(not c.get("upright", True) for c in chars) * 2 > len(chars)


def _header_row(table: Any, turned: bool) -> list[str | None]:
    """The cells of a table's first row: its top row, or on a 横排 page its column along the sheet's left edge."""
    rows = table.extract()
    return [row[0] for row in rows] if turned else rows[0]


def _lint_page(page: Any, page_chars: list[dict], number: int, size: float, blank: list[bool],
               count: int) -> list[Violation]:
    """The checks of one page; ``page_chars`` are its characters outside tables."""
    out: list[Violation] = []
    width, height = page.width / MM, page.height / MM
    if abs(width - A4[0]) > TOLERANCE or abs(height - A4[1]) > TOLERANCE:
        out.append(Violation(number, "paper", f"paper is {width:.0f} × {height:.0f} mm, expected A4 (210 × 297)"))
    chars = [c for c in page_chars if c["text"].strip()]
    folio = _folio(chars)
    text = [c for c in chars if c not in folio]
    rows = _rows(text, size)
    if text:
        left = min(c["x0"] for c in text) / MM
        right = max(c["x1"] for c in text) / MM
        top = min(c["top"] for c in text) / MM
        bottom = max(c["bottom"] for c in text) / MM
        full = [r for r in rows if _units(r, size) >= 26]
        if full:  # full lines of body text start on the block's left edge
            starts = [r[0]["x0"] / MM for r in full]
            if abs(left - LEFT) <= TOLERANCE:  # a paragraph's first line, 空二字, when the edge is taken too
                starts = [LEFT if abs(x - LEFT - 2 * WIDTH / 28) <= TOLERANCE else x for x in starts]
            left = min(starts)
        if abs(left - LEFT) > TOLERANCE and (full or left < LEFT):
            out.append(Violation(number, "margin", f"text starts {left:.1f} mm from the left edge, expected {LEFT:g} ± 1"))
        if right > LEFT + WIDTH + TOLERANCE:
            out.append(Violation(number, "margin", f"text reaches {right:.1f} mm from the left edge, past the block's "
                                                   f"{LEFT + WIDTH:g} mm"))
        if top < TOP - TOLERANCE:
            out.append(Violation(number, "margin", f"text starts {top:.1f} mm from the top, above the block's {TOP:g} mm"))
        if bottom > TOP + HEIGHT + TOLERANCE:
            out.append(Violation(number, "margin", f"text reaches {bottom:.1f} mm from the top, below the block's "
                                                   f"{TOP + HEIGHT:g} mm"))
    if len(rows) > 22:
        out.append(Violation(number, "lines", f"{len(rows)} lines of body text, at most 22 a page"))
    baselines = [r[0]["bottom"] / MM for r in rows]
    steps = Counter(round(b - a, 1) for a, b in zip(baselines, baselines[1:]))
    if steps and steps.most_common(1)[0][1] >= 3:  # the body's pitch: the step most lines share
        pitch = steps.most_common(1)[0][0]
        if abs(pitch - HEIGHT / 22) > 0.4:
            out.append(Violation(number, "pitch", f"line pitch {pitch:.2f} mm, expected {HEIGHT / 22:.2f} (22 lines)"))
    for line_number, row in enumerate(rows, start=1):
        if row[0]["text"] in NO_LINE_START:
            out.append(Violation(number, "kinsoku", f"line {line_number} starts with “{row[0]['text']}”"))
        units = _units(row, size)
        if units > 28.5 and _pitch(row) < 0.95 * WIDTH / 28:
            # a line set up to 5 % tighter than the grid (to keep a signature on its page, as clerks
            # do) may hold a character more; anything tighter breaks the 28-character grid
            out.append(Violation(number, "chars", f"line {line_number} holds {units:g} characters, at most 28"))
    out += _lint_folio(folio, number, blank, count)
    return out


def _folio(chars: list[dict]) -> list[dict]:
    """The characters of the page number: a line under the block that reads like one (— N —)."""
    below: dict[int, list[dict]] = {}
    for char in chars:
        if char["top"] / MM > TOP + HEIGHT:
            below.setdefault(round(char["bottom"]), []).append(char)
    for row in below.values():
        if re.search(r"\d", "".join(c["text"] for c in row)) and len(row) <= 8:
            return row
    return []


def _lint_folio(folio: list[dict], number: int, blank: list[bool], count: int) -> list[Violation]:
    if not folio:
        # GB/T 9704, 7.5: a blank page before the last page and that last page carry no number
        exempt = blank[number - 1] or (number == count and number >= 2 and blank[number - 2])
        return [] if exempt else [Violation(number, "folio", "no page number")]
    text = "".join(c["text"] for c in sorted(folio, key=lambda c: c["x0"]))
    match = FOLIO.match(text)
    if not match:
        return [Violation(number, "folio", f"page number “{text}”, expected the form “— {number} —”")]
    out = []
    if int(match.group(1)) != number:
        out.append(Violation(number, "folio", f"page number reads {match.group(1)}"))
    top = min(c["top"] for c in folio) / MM
    if abs(top - (TOP + HEIGHT + 7)) > 1.5:
        out.append(Violation(number, "folio", f"page number {top - TOP - HEIGHT:.1f} mm under the block, expected 7"))
    left, right = min(c["x0"] for c in folio) / MM, max(c["x1"] for c in folio) / MM
    middle = (LEFT + LEFT + WIDTH) / 2
    if number % 2 and (left + right) / 2 < middle:
        out.append(Violation(number, "folio", "odd page number on the left, expected on the right"))
    if number % 2 == 0 and (left + right) / 2 > middle:
        out.append(Violation(number, "folio", "even page number on the right, expected on the left"))
    return out


def _wide_rules(page: Any, red: bool | None = None, tables: list[Any] | None = None) -> list[dict]:
    rules = []
    drawn = [(line, line.get("stroking_color")) for line in page.lines]
    drawn += [(rect, rect.get("non_stroking_color")) for rect in page.rects]  # a filled bar
    for item, colour in drawn:
        if item["width"] / MM > WIDTH * 0.9 and item["height"] / MM < 2 and not _inside(item, tables or []):
            if red is None or _red(colour) == red:
                rules.append(item)
    return rules


def _lint_first_page(page: Any) -> list[Violation]:
    red_text = [c for c in page.chars if _red(c.get("non_stroking_color"))]
    if red_text and not _wide_rules(page, red=True):
        return [Violation(1, "red-rule", "no red rule as wide as the block under the masthead")]
    return []


def _lint_distribution(pages: list[Any], tables: list[Any]) -> list[Violation]:
    last = pages[-1]
    rules = _wide_rules(last, red=False, tables=tables)
    if len(rules) < 2:
        return []
    out = []
    if len(pages) % 2:
        out.append(Violation(len(pages), "distribution", "the distribution block ends an odd page, expected an even one"))
    lowest = max(r["bottom"] for r in rules) / MM
    if abs(lowest - (TOP + HEIGHT)) > 3:
        out.append(Violation(len(pages), "distribution",
                             f"the distribution block's last rule is at {lowest:.1f} mm, expected on the block's "
                             f"bottom ({TOP + HEIGHT:g} mm)"))
    return out


def as_json(violations: list[Violation]) -> list[dict[str, Any]]:
    return [asdict(v) for v in violations]
