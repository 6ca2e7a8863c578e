"""Content elements beside text paragraphs: tables and pictures, as a clerk writes them.

A paragraph list may hold ``{table: {...}}`` and ``{image: {...}}`` items. The classes validate the same way
as the rest of the model (pydantic, frozen), and a table that cannot be drawn (rows
of unequal width, a span past the edge, no rows) is refused here, naming the row.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Align = Literal["left", "center", "right", "decimal"]


class _Element(BaseModel):
    # A field's docstring is its schema description, but read by schema.py: pydantic's
    # use_attribute_docstrings would read every model's source at import, in every cold build.
    # defer_build: a build validates with Issue's validator alone, never with one of these inside it.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Cell(_Element):
    """A table cell: its text (a number is kept as written), and how many columns and rows it spans."""

    text: str = ""
    """The cell's text; a number may be written as a number (78, 21.4) and is kept as written; **…** is emphasis."""
    colspan: Annotated[int, Field(ge=1, strict=True)] = 1
    """How many columns the cell spans, from its own to the right."""
    rowspan: Annotated[int, Field(ge=1, strict=True)] = 1
    """How many rows the cell spans, from its own down; the rows below leave its columns out."""
    numeric: bool = False
    """Whether the cell holds a number (right-aligned by default); read from the text when not given."""

    @model_validator(mode="before")
    @classmethod
    def _from_value(cls, value: object) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return {"text": _number(value), "numeric": True}
        if isinstance(value, str):
            return {"text": value, "numeric": _looks_numeric(value)}
        if isinstance(value, dict) and isinstance(value.get("text"), (int, float)) \
                and not isinstance(value.get("text"), bool):
            return {**value, "text": _number(value["text"]), "numeric": True}
        if isinstance(value, dict) and isinstance(value.get("text"), str) and "numeric" not in value:
            return {**value, "numeric": _looks_numeric(value["text"])}
        return value


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _looks_numeric(text: str) -> bool:
    body = text.strip().replace(",", "").removesuffix("%").removeprefix("-").removeprefix("+")
    return bool(body) and body.replace(".", "", 1).isdigit()


Row = list[Cell]


class Table(_Element):
    """A table set in the text: an optional title above, header rows, body rows, an optional note below.

    ``widths`` are relative column widths (default equal); ``align`` one per column (default:
    numbers right, text centred). ``landscape`` puts the table on 横排 pages (GB/T 9704-2012, 8).
    """

    title: str | None = None
    """The table's title (表1　…), set above it in the table title's face."""
    header: list[Row] = []
    """The header rows, repeated on every page the table continues on: one row, or a list of rows."""
    rows: list[Row] = Field(min_length=1)
    """The body rows, each a list of cells (a text, a number, or a mapping with colspan and rowspan)."""
    widths: list[Annotated[float, Field(gt=0)]] | None = None
    """Relative column widths, one a column ([3, 2, 2]); equal when not given."""
    align: list[Align] | None = None
    """The alignment of each column (left, center, right, decimal); numbers right and text centred when not given."""
    note: str | None = None
    """A note set below the table (注：…)."""
    landscape: bool = False
    """Put the table on 横排 (landscape) pages of its own (GB/T 9704-2012, 8), its header toward the sheet's left edge."""

    @field_validator("header", mode="before")
    @classmethod
    def _one_row_or_rows(cls, value: object) -> object:
        if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
            return [value]  # a single header row written as a flat list
        return value

    @model_validator(mode="after")
    def _rectangular(self) -> "Table":
        columns = _row_width(self.header[0]) if self.header else _row_width(self.rows[0])
        for name, rows in (("header", self.header), ("rows", self.rows)):
            _check_grid(rows, columns, name)
        for name in ("widths", "align"):
            given = getattr(self, name)
            if given is not None and len(given) != columns:
                raise ValueError(f"{name}: {len(given)} values for {columns} columns")
        return self

    def text_fields(self, path: str) -> list[tuple[str, str, str]]:
        """The table's text as (field path, style role, text), for coverage checks."""
        out = [(f"{path}.title", "table_title", self.title)] if self.title else []
        for name, role, rows in (("header", "table_header", self.header), ("rows", "table", self.rows)):
            out += [(f"{path}.{name}[{r}][{c}]", role, cell.text) for r, row in enumerate(rows)
                    for c, cell in enumerate(row) if cell.text]
        if self.note:
            out.append((f"{path}.note", "table", self.note))
        return out

    @property
    def columns(self) -> int:
        return _row_width(self.header[0]) if self.header else _row_width(self.rows[0])


def _row_width(row: Row) -> int:
    return sum(cell.colspan for cell in row)


def _check_grid(rows: list[Row], columns: int, name: str) -> None:
    """Every row fills the columns exactly, counting the cells that reach down into it from rows above."""
    below: dict[int, int] = {}  # column → rows still covered by a cell above
    for number, row in enumerate(rows):
        column = 0
        taken = {c for c, left in below.items() if left > 0}
        for cell in row:
            while column in taken:
                column += 1
            if column + cell.colspan > columns:
                raise ValueError(f"{name}[{number}]: row {number + 1} is wider than the table's {columns} columns")
            if cell.rowspan > len(rows) - number:
                raise ValueError(f"{name}[{number}]: a cell of row {number + 1} spans {cell.rowspan} rows, past the "
                                 f"table's last row")
            if taken & set(range(column, column + cell.colspan)):
                raise ValueError(f"{name}[{number}]: a cell of row {number + 1} overlaps a cell from a row above")
            for c in range(column, column + cell.colspan):
                below[c] = cell.rowspan
            column += cell.colspan
        filled = len({c for c, left in below.items() if left > 0})
        if filled != columns:
            raise ValueError(f"{name}[{number}]: row {number + 1} has {filled} columns, the table has {columns}")
        below = {c: left - 1 for c, left in below.items() if left > 1}


class Figure(_Element):
    """A picture in the text: a PNG or JPEG file (relative to the issue file), with an optional caption below.

    ``width_mm`` sets its width; by default it takes its natural size from the file's
    resolution. It is never wider than the text block.
    """

    file: Annotated[str, Field(min_length=1)]
    """The picture file, PNG or JPEG, relative to the issue file's folder (photos/a.jpg)."""
    caption: str | None = None
    """The caption set centred below the picture (图为……)."""
    width_mm: Annotated[float, Field(gt=0)] | None = None
    """The printed width in millimetres; the file's natural size when not given, never wider than the text."""


class ImageItem(_Element):
    """A paragraph-list item holding a picture."""

    image: Figure
    """The picture: its file, caption and width."""


class TableItem(_Element):
    """A paragraph-list item holding a table."""

    table: Table
    """The table: its rows, header, title and note."""


def item_kind(value: Any) -> str:
    """Which member of an article's paragraph list ``value`` is: a table or a text paragraph."""
    if isinstance(value, TableItem) or isinstance(value, dict) and "table" in value:
        return "table-item"
    if isinstance(value, ImageItem) or isinstance(value, dict) and "image" in value:
        return "image-item"
    return "text-paragraph"
