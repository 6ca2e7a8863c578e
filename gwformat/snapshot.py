"""Layout snapshots: the whole layout as stable JSON, and a readable comparison of two of them.

A snapshot lists every page, every line (text, position in mm, font, size,
colour), every rule and the page number. Numbers are rounded to 0.01 mm and keys
sorted, so a snapshot changes only when the layout does and a diff of two is
short and readable in review.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import InputError
from .layout.tree import MPT_PER_PT, Document, Group, Line, Page, Rule, to_mm

FORMAT_VERSION = 1
_CELL = re.compile(r"\[(\d+)\]\[(\d+)\]$")
POSITION_TOLERANCE_MM = 0.01


def _mm(value: int) -> float:
    return round(to_mm(value), 2)


def _line(line: Line) -> dict[str, Any]:
    faces = sorted({g.face for g in line.glyphs if not g.char.isspace()})
    # the text set in the emphasis face, only where there is some: snapshots without emphasis read as before
    emphasis = {"emphasis": [line.text[start:end] for start, end in line.emphasis]} if line.emphasis else {}
    return {
        **emphasis,
        "role": line.role,
        "text": line.text,
        "x_mm": _mm(line.x0),
        "x1_mm": _mm(line.x1),
        "baseline_mm": _mm(line.baseline),
        "size_pt": line.size / MPT_PER_PT,
        "color": line.color,
        "fonts": faces,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {"role": rule.role, "x_mm": _mm(rule.x0), "x1_mm": _mm(rule.x1), "y_mm": _mm(rule.y),
            "thickness_mm": _mm(rule.thickness), "color": rule.color}


def _cells(page: Page, tables: list[str]) -> dict[int, dict[str, Any]]:
    """Where each line of a table on the page stands: the table's number in the document, its row and column.

    ``tables`` collects the paths of the document's tables in order, so a table continued
    on the next page keeps its number.
    """
    out: dict[int, dict[str, Any]] = {}
    for group in page.groups:
        if group.role != "table":
            continue
        if group.path not in tables:
            tables.append(group.path)
        number = tables.index(group.path) + 1
        for item in group.walk():
            if isinstance(item, Group) and item.role == "cell":
                found = _CELL.search(item.path)
                assert found is not None, item.path  # a cell's path ends in its row and column
                row, column = int(found.group(1)), int(found.group(2))
                where = {"table": number, "column": column + 1,
                         "header_row" if ".header[" in item.path else "row": row + 1}
                for line in item.lines:
                    out[id(line)] = where
            elif isinstance(item, Line) and id(item) not in out:
                out[id(item)] = {"table": number}
    return out


def _page(page: Page, tables: list[str]) -> dict[str, Any]:
    """A page; a 横排 one says so, and its lines and rules are in its turned frame (Page.turn)."""
    cells = _cells(page, tables)
    turned = {"landscape": True} if page.landscape else {}
    return {**turned,
        "number": page.number,
        "width_mm": _mm(page.width),
        "height_mm": _mm(page.height),
        "lines": [{**_line(line), **cells.get(id(line), {})} for line in page.lines],
        "rules": [_rule(rule) for rule in page.rules],
        "folio": _line(page.folio) if page.folio else None,
    }


def snapshot(document: Document) -> dict[str, Any]:
    """The layout of ``document`` as plain data."""
    tables: list[str] = []
    return {"format": "gwformat-layout", "version": FORMAT_VERSION, "title": document.title,
            "pages": [_page(page, tables) for page in document.pages]}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no snapshot here (write one with --update)", str(path)) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"not a layout snapshot: {exc}", str(path)) from None
    if not isinstance(data, dict) or data.get("format") != "gwformat-layout":
        raise InputError("not a gwformat layout snapshot", str(path))
    if data.get("version") != FORMAT_VERSION:
        raise InputError(f"snapshot format version {data.get('version')}, this gwformat writes {FORMAT_VERSION}; "
                         "rewrite it with --update", str(path))
    return data


def _moved(a: float, b: float) -> bool:
    return abs(a - b) > POSITION_TOLERANCE_MM


#: Lines a reader knows by what they are, named in a difference: the bulletin's structure.
NAMED_ROLES = {"contents_heading": "本期要目", "contents_column": "要目", "contents": "要目", "column": "栏目",
               "note": "按语"}


def _where(page: int, line: int, entry: dict[str, Any]) -> str:
    """A line's place for a reader: its line on the page (and what it is, when it is named), or its
    table, row and column."""
    if entry.get("role") in NAMED_ROLES:
        return f"page {page}, line {line} ({NAMED_ROLES[entry['role']]})"
    if "table" not in entry:
        return f"page {page}, line {line}"
    if "row" in entry:
        return f"page {page}, table {entry['table']}, row {entry['row']}, column {entry['column']}"
    if "header_row" in entry:
        return f"page {page}, table {entry['table']}, header row {entry['header_row']}, column {entry['column']}"
    return f"page {page}, table {entry['table']}, line {line}"


#: What of a line in place is compared besides its text and position.
_COMPARED = ("size_pt", "color", "fonts", "emphasis", "x1_mm")


def compare(old: dict[str, Any], new: dict[str, Any], limit: int = 50) -> list[str]:
    """Readable differences between two snapshots, at most ``limit`` of them; empty when equal."""
    out: list[str] = []
    old_pages, new_pages = old["pages"], new["pages"]
    if len(old_pages) != len(new_pages):
        out.append(f"page count {len(old_pages)} → {len(new_pages)}")
    for was, now in zip(old_pages, new_pages):
        n = was["number"]
        lines_was, lines_now = was["lines"], now["lines"]
        if len(lines_was) != len(lines_now):
            out.append(f"page {n}: {len(lines_was)} lines → {len(lines_now)}")
        for i, (a, b) in enumerate(zip(lines_was, lines_now), start=1):
            if a["text"] != b["text"]:
                out.append(f"{_where(n, i, b)}: was “{a['text']}” now “{b['text']}”")
            elif _moved(a["baseline_mm"], b["baseline_mm"]) or _moved(a["x_mm"], b["x_mm"]):
                out.append(f"page {n}, line {i} “{a['text'][:12]}” moved from ({a['x_mm']}, {a['baseline_mm']}) mm "
                           f"to ({b['x_mm']}, {b['baseline_mm']}) mm")
            elif any(a.get(k) != b.get(k) for k in _COMPARED):
                changed = [k for k in _COMPARED if a.get(k) != b.get(k)]
                out.append(f"page {n}, line {i}: " + ", ".join(f"{k} {a.get(k)} → {b.get(k)}" for k in changed))
        for a, b in zip(was["rules"], now["rules"]):
            if _moved(a["y_mm"], b["y_mm"]):
                colour = "red " if a["color"].upper() not in ("#000000",) else ""
                out.append(f"page {n}: {colour}{a['role']} rule moved {abs(b['y_mm'] - a['y_mm']):.2f} mm")
            elif a != b:
                out.append(f"page {n}: {a['role']} rule changed ({a} → {b})")
        if len(was["rules"]) != len(now["rules"]):
            out.append(f"page {n}: {len(was['rules'])} rules → {len(now['rules'])}")
        if (was["folio"] or {}).get("text") != (now["folio"] or {}).get("text"):
            out.append(f"page {n}: page number {(was['folio'] or {}).get('text')} → {(now['folio'] or {}).get('text')}")
        elif was["folio"] and now["folio"] and _moved(was["folio"]["x_mm"], now["folio"]["x_mm"]):
            out.append(f"page {n}: page number moved {was['folio']['x_mm']} → {now['folio']['x_mm']} mm")
        if len(out) >= limit:
            out = out[:limit] + ["…"]
            break
    return out
