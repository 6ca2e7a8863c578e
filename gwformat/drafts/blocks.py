"""A draft's tables and pictures as the issue's table and image blocks.

A reader hands over each table in the model's shape (header rows, body rows with their spans,
the grid and each cell's alignment) and each picture with its bytes; here they take the lines
around them that belong to them, as gwformat's DOCX writes them and offices set them: a table's
title above it, its 续表 continuation on the next page and its 注： note below; a picture's
caption below it. A picture becomes a file next to the issue file, named
``images/<draft's stem>-<n>.<png|jpg>`` (n counts the draft's pictures from 1), so that
importing the same draft again gives the same names.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any, Callable

from . import patterns as P
from .source import Picture, Source, joined

#: The folder, next to the issue file, that imported pictures are written to.
IMAGE_FOLDER = "images"

#: The widths of a table's columns are kept as the smallest whole numbers that give them within
#: this fraction of the narrowest column (a grid of 1316:877:877 twips is [3, 2, 2]).
WIDTH_TOLERANCE = 0.03


def gather(items: list[Source], stem: str, files: dict[str, bytes], notes: list[Any],
           note: Callable[[str, str, str | None], Any]) -> list[Source]:
    """``items`` with each table and picture holding its content in the model's shape, and the
    lines that belong to them (title, 续表, note, caption) taken into them.

    The pictures' files are added to ``files`` (their name in the issue → bytes); pictures
    gwformat cannot take are left out, with a note made by ``note(place, message, text)``.
    """
    out: list[Source] = []
    i = 0
    while i < len(items):
        source = items[i]
        if source.block == "table":
            title = _title(out)
            table, i = _table(items, i)
            out.append(replace(source, content=_table_item(table, title, items, i)))
            i = _after_note(items, i)
            continue
        if source.block in ("picture", "seal"):
            picture = source.content
            if not isinstance(picture, Picture) or picture.suffix not in ("png", "jpg"):
                what = f"in {picture.suffix} format" if isinstance(picture, Picture) else "linked, not in the draft"
                notes.append(note(source.place, f"not imported: a picture {what} (gwformat takes PNG and JPEG)", None))
                i += 1
                continue
            name = f"{IMAGE_FOLDER}/{stem}-{len(files) + 1}.{picture.suffix}"
            files[name] = picture.data
            i += 1
            image: dict[str, Any] = {"file": name}
            if source.block == "picture":
                caption: list[str] = []
                while i < len(items) and _captions(items[i], bool(caption)):
                    caption.append(items[i].text)
                    i += 1
                if caption:
                    image["caption"] = joined("\n".join(caption))
                width = _shown_width(picture)
                if width is not None:
                    image["width_mm"] = width
            out.append(replace(source, content=image))
            continue
        out.append(source)
        i += 1
    return out


def table_item(source: Source) -> dict[str, Any]:
    """The paragraph-list item of a gathered table."""
    return {"table": source.content}


def image_item(source: Source) -> dict[str, Any]:
    """The paragraph-list item of a gathered picture."""
    return {"image": source.content}


def _title(out: list[Source]) -> str | None:
    """The title just above a table, taken off ``out``: the lines in gwformat's table title style
    (a long title is wrapped over several), or one line that reads as a title in another draft."""
    lines: list[str] = []
    while out and out[-1].block == "paragraph" and out[-1].role == "table_title":
        lines.insert(0, out.pop().text)
    if not lines and out and out[-1].block == "paragraph" and _titles_table(out[-1]):
        lines.append(out.pop().text)
    return joined("\n".join(lines)) if lines else None


def _titles_table(source: Source) -> bool:
    """A short centred line such as 表1　各市州……情况 above a table, in a draft without gwformat's styles."""
    return source.role is None and source.align == "center" and len(source.text) <= P.SHORT \
        and bool(P.TABLE_TITLE.match(source.text))


def _table(items: list[Source], i: int) -> tuple[dict[str, Any], int]:
    """The table at ``items[i]`` with the pieces that continue it on later pages, and the index after them."""
    table = dict(items[i].content)
    i += 1
    while True:
        follows = i + 1 if i < len(items) and P.TABLE_CONTINUED.match(items[i].text) else i
        if follows < len(items) and items[follows].block == "table" \
                and _texts(items[follows].content["header"]) == _texts(table["header"]) \
                and (follows > i or table["header"]):
            table["rows"] = table["rows"] + items[follows].content["rows"]
            i = follows + 1
        else:
            return table, i


def _texts(rows: list[list[dict[str, Any]]]) -> list[list[str]]:
    return [[cell["text"] for cell in row] for row in rows]


def _table_item(table: dict[str, Any], title: str | None, items: list[Source], i: int) -> dict[str, Any]:
    header = [[_cell(c) for c in row] for row in table["header"]]
    item: dict[str, Any] = {"title": title} if title else {}
    if header:
        item["header"] = header[0] if len(header) == 1 else header
    item["rows"] = [[_cell(c) for c in row] for row in table["rows"]]
    widths = _widths(table["grid"])
    if widths:
        item["widths"] = widths
    align = _align(table["rows"], len(table["grid"]))
    if align:
        item["align"] = align
    note = _note(items, i)
    if note:
        item["note"] = note
    if table.get("landscape"):
        item["landscape"] = True
    return item


def _note(items: list[Source], i: int) -> str | None:
    if i >= len(items) or items[i].block != "paragraph" or not P.TABLE_NOTE.match(items[i].text):
        return None
    lines = [items[i].text]
    lines += [s.text for s in items[i + 1:_after_note(items, i)]]
    return joined("\n".join(lines))


def _after_note(items: list[Source], i: int) -> int:
    """The index after a table's note (and the lines it is wrapped over in gwformat's table style)."""
    if i >= len(items) or items[i].block != "paragraph" or not P.TABLE_NOTE.match(items[i].text):
        return i
    i += 1
    while i < len(items) and items[i].block == "paragraph" and items[i].role == "table" \
            and not P.TABLE_NOTE.match(items[i].text):
        i += 1
    return i


def _cell(cell: dict[str, Any]) -> Any:
    """A cell as a clerk writes it: its text (a number as a number, where it reads back the same),
    or a mapping when it spans."""
    text = joined(cell["text"].translate(P.INVISIBLE))
    value: Any = text
    for kind in (int, float):
        try:
            if str(kind(text)) == text:
                value = kind(text)
                break
        except ValueError:
            pass
    if cell["colspan"] == 1 and cell["rowspan"] == 1:
        return value
    spans = {name: cell[name] for name in ("colspan", "rowspan") if cell[name] > 1}
    return {"text": value, **spans}


def _widths(grid: list[int]) -> list[int | float] | None:
    """The grid's relative column widths, or None when they are equal (the default)."""
    if not grid or min(grid) <= 0 or max(grid) - min(grid) <= WIDTH_TOLERANCE * min(grid):
        return None
    narrowest = min(grid)
    for factor in range(1, 11):
        scaled = [w * factor / narrowest for w in grid]
        if all(abs(s - round(s)) <= WIDTH_TOLERANCE * factor for s in scaled):
            return [round(s) for s in scaled]
    return [round(w / narrowest, 2) for w in grid]


def _align(rows: list[list[dict[str, Any]]], columns: int) -> list[str] | None:
    """Each column's alignment, as its body cells show it; None where every cell is aligned as the
    model's default would (numbers right, text centred)."""
    from ..elements import Cell

    found: list[list[str]] = [[] for _ in range(columns)]
    default = True
    taken: dict[int, int] = {}  # column → rows a span from above still covers
    for row in rows:
        column = 0
        for cell in row:
            while taken.get(column, 0) > 0:
                column += 1
            text = cell["text"].strip()
            if cell["align"] and text and cell["colspan"] == 1 and column < columns:
                found[column].append(cell["align"])
                numeric = Cell.model_validate(text).numeric
                default = default and cell["align"] == ("right" if numeric else "center")
            for c in range(column, column + cell["colspan"]):
                taken[c] = cell["rowspan"]
            column += cell["colspan"]
        taken = {c: left - 1 for c, left in taken.items() if left > 1}
    if default:
        return None
    return [max(set(aligns), key=aligns.count) if aligns else "center" for aligns in found]


def _captions(source: Source, more: bool) -> bool:
    """A line under a picture that is its caption: in gwformat's caption style, or a short centred
    line such as 图为…… or 图1　…… in another draft."""
    if source.block != "paragraph":
        return False
    if source.role == "caption":
        return True
    return not more and source.role is None and source.align == "center" and len(source.text) <= P.SHORT \
        and bool(P.CAPTION.match(source.text))


def _shown_width(picture: Picture) -> float | None:
    """The width the draft shows the picture at, in mm to 0.1, or None when it is the file's natural size."""
    if picture.width_mm is None:
        return None
    from PIL import Image

    from ..pictures import DEFAULT_DPI

    with Image.open(io.BytesIO(picture.data)) as image:
        dpi = float((image.info.get("dpi") or (DEFAULT_DPI,))[0]) or DEFAULT_DPI
        natural = image.size[0] * 25.4 / dpi
    width = round(picture.width_mm, 1)
    return None if abs(width - natural) < 0.1 else (int(width) if width == int(width) else width)
