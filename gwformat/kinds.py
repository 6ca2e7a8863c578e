"""Bulletin kinds: a kind's geometry, styles and text patterns, read from a template file.

A new kind is a YAML file under templates/ (or a directory the caller names),
not code: layout reads every size, position and text pattern from here. Text
patterns are jinja2, rendered in its sandbox because templates may come from users (plain
substitutions, most of them, without importing jinja2: plain_patterns.py).

A build pays for checking a template only when it changed: the models are built lazily
(``defer_build``: pydantic makes a model's validator the first time it validates), and a
checked Kind is kept in the disk cache (see load_kind). The annotations here are objects, not
strings (no ``from __future__ import annotations``), so that pydantic need not compile and
evaluate each field's type when the module is imported.
"""

import datetime as _dt
import difflib
import hashlib
import io
import json
import marshal
import re
import sys
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from . import cache
from .cache import cached
from .errors import InputError, TemplateError, quoted
from .load import SafeLoader
from .model import KIND_NAME
from .fonts import TYPEFACES
from .pattern_bounds import PatternError, render as render_pattern
from .plain_patterns import PlainPattern, parse as parse_plain
from .resources import data_dir


class _Strict(BaseModel):
    # defer_build: a model's validator is made when a template is first validated, not at import
    # (a build that takes its Kind from the cache never makes it). Defaults are therefore
    # model_construct(), which validates nothing, rather than a call that would make the validator.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


# The ranges of a template's values: wide enough for any paper and face an office uses (a page
# from A6 to A0, type from 小七号 to twice 特大号), narrow enough that no value makes a layout
# that is not one. How values must agree with each other is checked in Kind._agrees.
PageMm = Annotated[float, Field(ge=50, le=1200)]  # a sheet's side: A6 is 105 mm, A0 841 × 1189 mm
BlockMm = Annotated[float, Field(ge=20, le=1200)]  # a text block's side
MarginMm = Annotated[float, Field(ge=0, le=1200)]
PlaceMm = Annotated[float, Field(ge=-1200, le=1200)]  # a place measured from the block's top (above it: negative)
Points = Annotated[float, Field(ge=4, le=150)]  # a type size: 小七号 is 5 pt, 初号 42 pt
Chars = Annotated[float, Field(ge=0, le=50)]  # an indent or a width in characters
Rows = Annotated[float, Field(ge=0, le=50)]  # a space in grid rows
GridCount = Annotated[int, Field(ge=4, le=100)]  # the grid's lines a page and characters a line (22 × 28)

_PT_PER_MM = 72 / 25.4
#: Colour names a template may use, beside #RRGGBB.
COLOURS = {"black": "#000000", "red": "#E60012", "white": "#FFFFFF"}
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _colour(value: object) -> object:
    """#RRGGBB as it is, a name from COLOURS as its #RRGGBB; anything else is refused."""
    if isinstance(value, str) and value in COLOURS:
        return COLOURS[value]
    if isinstance(value, str) and _HEX.fullmatch(value):
        return value.upper()
    raise ValueError(f"a colour is #RRGGBB or one of {', '.join(COLOURS)}, not {str(value)[:40]!r}")


Colour = Annotated[str, BeforeValidator(_colour)]


class PageSpec(_Strict):
    width_mm: PageMm
    height_mm: PageMm
    top_mm: MarginMm
    left_mm: MarginMm
    block_width_mm: BlockMm
    block_height_mm: BlockMm
    lines: GridCount
    chars: GridCount


class StyleSpec(_Strict):
    face: Literal["fang", "song", "hei", "kai"]
    size: Points
    color: Colour = "#000000"
    grid: bool = False
    letter_spacing_em: float = Field(ge=-0.5, le=2, default=0.0)


class MastheadItem(_Strict):
    """A line of the first-page head at a fixed place; ``when`` names a field it needs.

    The place is its baseline, or the top edge of its characters (``top_mm``). With
    ``fit`` a line wider than the block is set smaller until it fits.

    ``stack``: the pattern is rendered once for each organ of ``names`` (联合行文), with
    ``name`` that organ's; the lines stand ``stack_pitch_mm`` apart, each as wide as the
    widest, and the pattern ``beside`` (文件) at their right, centred on them
    (GB/T 9704-2012, 7.2.4). What the template places below moves down with the stack.
    """

    text: str
    style: str
    baseline_mm: PlaceMm = 0
    top_mm: PlaceMm | None = None
    fit: bool = False
    align: Literal["left", "center", "right"] = "center"
    optional: bool = False
    when: str | None = None
    unless: str | None = None
    leads: bool = False  # set just left of the next item, on its baseline (a label before a name in another face)
    indent_chars: Chars = 0  # from the block's edge on the side it is aligned to
    stack: bool = False
    stack_pitch_mm: float = Field(gt=0, le=200, default=20)
    beside: str | None = None
    beside_gap_em: Chars = 0.5


#: Conditions of ``when`` and ``unless`` that realize derives from the content, beside the kind's
#: fields: ``joint``, a document of several organs (``name`` a list, 联合行文).
DERIVED_CONDITIONS = ("joint",)


class FieldSpec(_Strict):
    """A kind-specific field of the content (issue.fields)."""

    description: str
    required: bool = False


class ClosingItem(_Strict):
    """A line after the last article, on the grid (署名, 成文日期 …).

    ``over_next``: centred over the line after it (a 署名 over its date, GB/T 9704, 7.3.5.1).
    ``seal``: where the article's seal goes when it is pressed at this line: over it, centred
    (印章, 7.3.5.1), or ``beside`` it, at the line's indent, with the text ``seal_gap_chars``
    to its left (签名章 and 签发人职务, 7.3.5.3).
    """

    text: str
    style: str = "signature"
    align: Literal["left", "center", "right", "over_next"] = "right"
    indent_chars: Chars = 0
    rows_before: Rows = 0
    when: str | None = None
    unless: str | None = None
    seal: Literal["over", "beside"] = "over"
    seal_gap_chars: Chars = 0
    each: bool = False  # a line for each organ of a joint document, ``organ`` the organ's name (7.3.5)


class AttachmentSpec(_Strict):
    """附件说明 (GB/T 9704-2012, 7.3.4): a blank line after the text, then 附件：1.… with later items aligned."""

    rows_before: Rows = 1
    indent_chars: Chars = 2
    hang_chars: Chars = 3


class TableSpec(_Strict):
    """Tables in the text: their own line pitch (the body's grid would burst the rows), padding and rules.

    Cells are set in the ``table`` style, header cells in ``table_header``, the title above
    in ``table_title`` and the note below in ``table``.
    """

    line_pitch_pt: float = Field(gt=0, default=20)
    padding_pt: float = Field(ge=0, default=3)          # above and below a cell's text
    padding_chars: float = Field(ge=0, default=0.5)     # left and right of it, in the cell's ems
    border_pt: float = Field(gt=0, default=0.5)
    continued_align: Literal["left", "center", "right"] = "left"


class FigureSpec(_Strict):
    """Pictures in the text: the space between a picture and its caption (set in the ``caption`` style)."""

    gap_pt: float = Field(ge=0, default=4)


class SealSpec(_Strict):
    """The seal over the 署名 and 成文日期 (GB/T 9704-2012, 7.3.5.1): its width on the page, as the kind's
    template gives it (the seal's size is the issuing organ's, not the standard's)."""

    width_mm: float = Field(gt=0, le=100)
    gap_mm: float = Field(gt=0, default=3)  # between the seals of a joint document: 互不相交或相切 (7.3.5.1)


class ContentsSpec(_Strict):
    """本期要目 on page 1 under the masthead: a heading, then the articles' titles under their 栏目.

    Heading, 栏目 and titles each take whole grid rows; a title longer than a line wraps
    and hangs at ``entry_indent_chars``. The list is kept whole on page 1 (see the template).
    """

    column_indent_chars: Chars = 0
    entry_indent_chars: Chars = 2
    rows_after: Rows = 1


class ColumnSpec(_Strict):
    """A 栏目 label (【工作动态】) on a grid row of its own before the first article of its run."""

    align: Literal["left", "center", "right"] = "left"
    indent_chars: Chars = 0
    rows_before: Rows = 1


class StructureSpec(_Strict):
    """The structure a bulletin may have beside its articles: 本期要目, 栏目 labels, 编者按 and 按语.

    编者按 and 按语 are paragraphs on the grid in the ``note`` style, opened by their label
    (text patterns ``editor_note_label``, ``note_label``) in the ``note_label`` style.
    """

    contents: ContentsSpec = ContentsSpec.model_construct()
    column: ColumnSpec = ColumnSpec.model_construct()
    editor_note_rows_after: Rows = 0


class RuleSpec(_Strict):
    """A rule: ``y_mm`` below the block's top edge (or the page's, ``from_page_top``), as wide as
    the block or ``width_mm`` centred on the page."""

    y_mm: PlaceMm
    thickness_pt: float = Field(gt=0, le=10)
    color: Colour = "#000000"
    from_page_top: bool = False
    width_mm: Annotated[float, Field(gt=0, le=1200)] | None = None


class MastheadSpec(_Strict):
    rows: int = Field(ge=0, le=100)
    items: list[MastheadItem] = []
    rules: list[RuleSpec] = []


class TitleSpec(_Strict):
    max_chars: int = Field(ge=2, le=100)
    line_rows: float = Field(ge=0.5, le=10)
    rows_before: Rows
    rows_after: Rows
    min_lines_after: int = Field(ge=0, le=50)
    printed: bool = True  # False: the first article's title is recorded in the files' properties, not printed


class ParagraphSpec(_Strict):
    indent_chars: Chars


class SignatureSpec(_Strict):
    align: Literal["left", "center", "right"] = "right"
    indent_chars: Chars = 0
    max_tracking_pt: float = Field(ge=0, le=4, default=0)


class FolioSpec(_Strict):
    below_block_mm: MarginMm
    indent_chars: Chars = 1
    first_page: bool = True


class DistributionSpec(_Strict):
    indent_chars: Chars = 0
    label_chars: Chars = 2
    line_pitch_pt: Points
    padding_pt: float = Field(ge=0, le=100, default=0)
    rule_outer_mm: float = Field(gt=0, le=5)
    rule_inner_mm: float = Field(gt=0, le=5)
    printed_split: bool = False  # 印发机关 on the left, 印发日期 on the right, each 空一字 (GB/T 9704, 7.4.3)
    rules: bool = True


class Kind(_Strict):
    """A bulletin kind as its template declares it."""

    name: str
    description: str
    page: PageSpec
    styles: dict[str, StyleSpec]
    text: dict[str, str]
    masthead: MastheadSpec
    title: TitleSpec
    paragraph: ParagraphSpec
    signature: SignatureSpec
    folio: FolioSpec
    distribution: DistributionSpec
    fields: dict[str, FieldSpec] = {}
    closing: list[ClosingItem] = []
    attachments: AttachmentSpec = AttachmentSpec.model_construct()
    table: TableSpec = TableSpec.model_construct()
    figure: FigureSpec = FigureSpec.model_construct()
    seal: SealSpec
    structure: StructureSpec | None = None  # None: the kind prints no 要目, 栏目 or 按语
    starter: dict[str, Any] = {}
    source: str = ""

    @model_validator(mode="after")
    def _agrees(self) -> "Kind":
        """Values that are each in range must also agree: the block on the page, type in its grid."""
        page = self.page
        pitch, row = page.block_width_mm / page.chars * _PT_PER_MM, page.block_height_mm / page.lines * _PT_PER_MM
        checks = [
            ("page.block_width_mm", page.left_mm + page.block_width_mm <= page.width_mm,
             f"the block ({page.left_mm:g} + {page.block_width_mm:g} mm) is wider than the page ({page.width_mm:g} mm)"),
            ("page.block_height_mm", page.top_mm + page.block_height_mm <= page.height_mm,
             f"the block ({page.top_mm:g} + {page.block_height_mm:g} mm) is taller than the page ({page.height_mm:g} mm)"),
            ("masthead.rows", self.masthead.rows <= page.lines, f"more than the page's {page.lines} lines"),
            ("folio.below_block_mm", page.top_mm + page.block_height_mm + self.folio.below_block_mm < page.height_mm,
             "puts the page number below the page"),
            ("title.max_chars", "title" not in self.styles or
             self.title.max_chars * self.styles["title"].size <= page.block_width_mm * _PT_PER_MM,
             f"{self.title.max_chars} title characters are wider than the block"),
            ("distribution.line_pitch_pt", "distribution" not in self.styles or
             self.distribution.line_pitch_pt >= self.styles["distribution"].size, "is less than the type's size"),
        ]
        for role, style in self.styles.items():
            if style.grid:
                checks.append((f"styles.{role}.size", 0.75 * pitch <= style.size <= min(1.25 * pitch, row),
                               f"{style.size:g} pt type does not fill the grid's {pitch:.1f} × {row:.1f} pt cells "
                               "(page.block_width_mm / chars, block_height_mm / lines) within a quarter"))
        for n, rule in enumerate(self.masthead.rules):
            y = rule.y_mm + (0 if rule.from_page_top else page.top_mm)
            checks.append((f"masthead.rules[{n}]", 0 <= y <= page.height_mm and (rule.width_mm or 0) <= page.width_mm,
                           "lies outside the page"))
        for n, item in enumerate(self.masthead.items):
            y = page.top_mm + (item.baseline_mm if item.top_mm is None else item.top_mm)
            checks.append((f"masthead.items[{n}]", 0 <= y <= page.height_mm, "lies outside the page"))
        for key, holds, problem in checks:
            if not holds:
                raise ValueError(f"{key}: {problem}")
        return self

    def render(self, pattern: str, **values: Any) -> str:
        """Render the text pattern named ``pattern`` with ``values``.

        Whatever goes wrong inside a pattern (a filter given the wrong type, a division by zero, a
        bound of patterns.py) is the template's mistake: one line naming its file and key.
        """
        where = self.source or f"kind {self.name}"
        if pattern not in self.text:
            raise TemplateError(f"the template has no text pattern '{pattern}'", where)
        try:
            return _render(self.text[pattern], values)
        except Exception as exc:  # noqa: BLE001: any failure of a pattern's code is reported, never raised
            raise TemplateError(f"text.{pattern}: {_reason(exc)}", where) from None


    def variables(self, pattern: str) -> set[str]:
        """The names the text pattern ``pattern`` uses."""
        return set(_prepared(self.text[pattern]).names)


def applies(item: MastheadItem | ClosingItem, values: dict[str, Any]) -> bool:
    """Do the issue's ``values`` meet the item's ``when`` and ``unless`` conditions?"""
    if item.when and values.get(item.when) is None:
        return False
    return not (item.unless and values.get(item.unless) is not None)


def _reason(exc: BaseException) -> str:
    """One line saying what went wrong in a pattern: the error's own words, at most 200 characters."""
    if isinstance(exc, PatternError):
        text = str(exc)
    elif isinstance(exc, RecursionError):
        text = "it recurses without end"
    else:
        from jinja2 import TemplateError as JinjaError  # an error of jinja2's: it is loaded already
        text = f"{type(exc).__name__}: {exc}" if not isinstance(exc, JinjaError) else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


@lru_cache(maxsize=1)
def _environment() -> Any:
    """jinja2's bounded sandbox, made the first time a pattern outside the plain subset is met."""
    from .patterns import make_environment

    return make_environment()


class _Compiled:
    """A pattern jinja2 renders: its template, and the names it uses."""

    def __init__(self, template: Any, names: frozenset[str]) -> None:
        self.template, self.names = template, names


@lru_cache(maxsize=1024)
def _prepared(source: str) -> PlainPattern | _Compiled:
    """A text pattern ready to render: in the plain subset if it is in it, else compiled by jinja2."""
    return parse_plain(source) or _compiled(source)


def _render(source: str, values: dict[str, Any]) -> str:
    """A plain pattern that meets a value it does not read (a missing name …) is rendered by jinja2,
    which renders it or says what is wrong, as it would have without the plain subset."""
    pattern = _prepared(source)
    if isinstance(pattern, PlainPattern):
        try:
            return render_pattern(pattern, values)
        except Exception:  # noqa: BLE001: jinja2 renders it again, and raises what it must
            pattern = _compiled(source)
    return render_pattern(pattern.template, values)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> _Compiled:
    """A text pattern as a jinja2 template, and the names it uses.

    jinja2 parses and compiles a pattern into Python code once per machine: the code is kept
    in the cache (keyed by jinja2's and Python's versions and the environment's options) and
    a later process only loads it, as jinja2's own bytecode caches do.
    """
    import jinja2
    from jinja2 import meta

    from .patterns import ENVIRONMENT

    env = _environment()

    def compute() -> bytes:
        names = sorted(meta.find_undeclared_variables(env.parse(source)))
        return marshal.dumps((env.compile(source), names))

    key = (jinja2.__version__, sys.version, ENVIRONMENT, source)
    try:
        code, names = marshal.loads(cached("jinja2", key, compute))
    except (ValueError, EOFError, TypeError):  # an entry spoilt on disk
        code, names = marshal.loads(compute())
    return _Compiled(env.template_class.from_code(env, code, env.make_globals(None), None), frozenset(names))


#: What a kind with a ``structure`` must also define: the styles and patterns of 要目, 栏目 and 按语.
STRUCTURE_STYLES = ("contents_heading", "contents", "column", "note", "note_label")
STRUCTURE_TEXT = ("contents_heading", "column", "editor_note_label", "note_label")

_REQUIRED_STYLES = ("body", "heading1", "heading2", "heading3", "heading4", "signature", "title",
                    "masthead", "subtitle", "issue_line", "distribution", "folio")


@lru_cache(maxsize=None)
def load_kind(name: str, directory: str | None = None) -> Kind:
    """Read and check the template of kind ``name`` from ``directory`` (default: the shipped templates).

    A Kind that was checked before on this machine is read back from the disk cache, which
    costs a small part of checking it (pydantic makes each model's validator, then validates):
    its entry is keyed by the template file's bytes and the code that reads and checks it
    (_checking_code), and it records the files its ``extends`` chain was read from, which must
    still be found where they were, with the same bytes. A template with a mistake is never
    stored, so its mistake is reported as it always was.
    """
    folder = _folder(directory)
    path = folder / f"{name}.yaml"
    if not KIND_NAME.fullmatch(name) or not path.is_file():
        shipped = sorted(p.stem for p in folder.glob("*.yaml"))
        raise TemplateError(f"unknown kind '{name}' (known: {', '.join(shipped) or 'none'})", str(folder))
    files: list[tuple[Path, bytes]] = []
    text = _read(path, files)
    key = _entry_key(path, files[0][1])
    kind = _stored_kind(key, folder)
    if kind is None:
        kind = _checked_kind(path, folder, text, files)
        _store_kind(key, kind, files)
    return kind


def _checked_kind(path: Path, folder: Path, text: str, files: list[tuple[Path, bytes]]) -> Kind:
    """The template at ``path`` (its ``text``) read with its bases and checked; each file read is added to ``files``."""
    try:
        data = _template_data(path, folder, text=text, files=files)
        kind = Kind.model_validate(data)
    except yaml.YAMLError as exc:
        raise TemplateError(f"malformed YAML: {exc}", str(path)) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        raise TemplateError(f"{key}: {message}" if key else message, str(path)) from None
    missing = [s for s in _REQUIRED_STYLES + (STRUCTURE_STYLES if kind.structure else ()) if s not in kind.styles]
    if missing:
        raise TemplateError(f"styles: missing {', '.join(missing)}", str(path))
    patterns = [t for t in STRUCTURE_TEXT if kind.structure and t not in kind.text]
    if patterns:
        raise TemplateError(f"text: missing {', '.join(patterns)} (the kind has a structure)", str(path))
    groups: tuple[tuple[str, Sequence[MastheadItem | ClosingItem]], ...] = (
        ("masthead.items", kind.masthead.items), ("closing", kind.closing))
    for where, items in groups:
        for number, item in enumerate(items):
            if item.style not in kind.styles:
                raise TemplateError(f"{where}[{number}].style: unknown style '{item.style}' "
                                    f"(the template defines: {', '.join(kind.styles)})", str(path))
            for key in ("text", "beside"):
                pattern = getattr(item, key, None)
                if pattern is not None and pattern not in kind.text:
                    raise TemplateError(f"{where}[{number}].{key}: unknown text pattern '{pattern}'", str(path))
            for condition in ("when", "unless"):
                field = getattr(item, condition, None)
                if field and field not in kind.fields and field not in DERIVED_CONDITIONS:
                    raise TemplateError(f"{where}[{number}].{condition}: unknown field '{field}' "
                                        f"(declared: {', '.join(kind.fields) or 'none'})", str(path))
    for pattern, source in kind.text.items():
        try:
            _prepared(source)
        except Exception as exc:  # noqa: BLE001: the pattern's own mistake, reported as one line
            raise TemplateError(f"text.{pattern}: {_reason(exc)}", str(path)) from None
    assert all(style.face in TYPEFACES for style in kind.styles.values())
    known = set(ISSUE_VALUES) | set(kind.fields) | {"fields", "page", "label", "signature", "printed_by",
                                                    "printed_on", "copies", "n", "title", "table_title", "column"}
    for pattern in kind.text:
        unknown = kind.variables(pattern) - known
        if unknown:
            raise TemplateError(f"text.{pattern}: unknown field '{sorted(unknown)[0]}' "
                                f"(known: {', '.join(sorted(known - {'fields'}))})", str(path))
    return kind.model_copy(update={"source": str(path)})


def find_kind(name: str, templates: str | None = None) -> Kind:
    """Kind ``name`` from the user's ``templates`` folder if it is there, else the shipped one."""
    if templates and KIND_NAME.fullmatch(name) and (_folder(templates) / f"{name}.yaml").is_file():
        return load_kind(name, str(templates))
    return load_kind(name)


def issue_kind(issue: Any, templates: str | None = None) -> Kind:
    """The kind an issue names; an unknown one is the issue's mistake, reported at its ``kind`` field."""
    try:
        return find_kind(issue.kind, templates)
    except TemplateError as error:
        if not error.message.startswith("unknown kind"):
            raise
        raise InputError(error.message, issue.locate("kind") or "kind") from None


def _template_data(path: Path, folder: Path, seen: tuple[str, ...] = (), text: str | None = None,
                   files: list[tuple[Path, bytes]] | None = None) -> dict[str, Any]:
    """A template's data, with ``extends: BASE`` merged over the base kind's (from the same folder or the shipped ones).

    ``text`` is the template's, when it has been read already; each file read is added to ``files``.
    """
    if files is None:
        files = []
    if text is None:
        text = _read(path, files)
    data = yaml.load(text, Loader=SafeLoader)
    if not isinstance(data, dict):
        raise TemplateError("expected a mapping at the top level", str(path))
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    if not isinstance(base_name, str) or not KIND_NAME.fullmatch(base_name):
        raise TemplateError(f"extends: expected the name of a kind (letters, digits, - and _), found {quoted(base_name)}",
                            str(path))
    if base_name in seen:
        raise TemplateError(f"extends: '{base_name}' extends itself", str(path))
    base = _base_path(base_name, folder)
    if base is None:
        raise TemplateError(f"extends: unknown kind '{base_name}'", str(path))
    return _merge(_template_data(base, folder, seen + (path.stem,), files=files), data)


def _base_path(name: str, folder: Path) -> Path | None:
    """The file of the kind a template extends: in the template's folder, else a shipped one."""
    for base in (folder / f"{name}.yaml", data_dir("templates") / f"{name}.yaml"):
        if base.is_file():
            return base
    return None


def _read(path: Path, files: list[tuple[Path, bytes]]) -> str:
    """A template's text, decoded as ``Path.read_text(encoding="utf-8-sig")`` decodes it, from the
    bytes that are added to ``files`` (the cache's key is made from the very bytes that were read)."""
    try:
        raw = path.read_bytes()
        files.append((path, raw))
        return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig").read()
    except OSError as exc:
        raise TemplateError(f"cannot read the template: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"the file is not UTF-8 text (byte {exc.start})", str(path)) from None


def _merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


#: The modules whose code reads a template or checks a Kind (beside this one): an entry made by
#: other code is never read (a gwformat upgrade, an edit in a checkout).
_CHECKING_MODULES = ("model", "load", "fonts", "plain_patterns", "pattern_bounds", "patterns", "numerals",
                     "resources", "errors")


@lru_cache(maxsize=1)
def _checking_code() -> str:
    """A digest of the code a Kind's check depends on: these modules' sources and the versions of
    Python, pydantic and PyYAML. Empty when a source cannot be read (then nothing is cached)."""
    import pydantic

    digest = hashlib.sha256(f"{sys.version}\0{pydantic.VERSION}\0{yaml.__version__}".encode())
    try:
        for module in (Path(__file__).stem,) + _CHECKING_MODULES:
            digest.update(Path(__file__).with_name(f"{module}.py").read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def _entry_key(path: Path, raw: bytes) -> tuple[str, str, str] | None:
    """The cache key of the Kind read from ``path`` (with the bytes ``raw``), or None: no caching."""
    code = _checking_code()
    return (code, str(path), hashlib.sha256(raw).hexdigest()) if code else None


def _stored_kind(key: tuple[str, str, str] | None, folder: Path) -> Kind | None:
    """The Kind the cache holds for ``key``, if the bases it was read with are unchanged.

    The entry is data (JSON), never code, and it is sealed by cache.py's digest, so a damaged
    one is not read. The models are constructed from it without validation: it is a Kind this
    code validated from these very files. Whoever can write to the cache folder could make one
    up, but the folder is the user's own, and could as well hold the compiled jinja2 patterns
    that _compiled runs; data of the wrong shape is taken for a missing entry.
    """
    stored = cache.lookup("kinds", key) if key else None
    if stored is None:
        return None
    try:
        entry = json.loads(stored)
        for name, where, digest in entry["bases"]:
            base = _base_path(name, folder)
            if base is None or str(base) != where or hashlib.sha256(base.read_bytes()).hexdigest() != digest:
                return None
        return _constructed(Kind, entry["kind"])
    except (ValueError, TypeError, KeyError, AttributeError, OSError):
        return None


def _store_kind(key: tuple[str, str, str] | None, kind: Kind, files: list[tuple[Path, bytes]]) -> None:
    """Keep the checked ``kind`` read from ``files`` (the template, then its bases) for ``key``.

    A Kind that would not come back the same (a starter value JSON cannot hold, such as a date)
    is not kept: it is checked again in each build.
    """
    if not key:
        return
    bases = [[path.stem, str(path), hashlib.sha256(raw).hexdigest()] for path, raw in files[1:]]
    try:
        text = json.dumps({"bases": bases, "kind": _plain(kind)}, ensure_ascii=False, allow_nan=False)
        restored = _constructed(Kind, json.loads(text)["kind"])
    except (ValueError, TypeError):
        return
    if restored == kind and repr(restored) == repr(kind):
        cache.store("kinds", key, text.encode("utf-8"))


def _plain(value: Any) -> Any:
    """A model as plain data: the fields it was given (not its defaults), models inside as mappings."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields if name in value.model_fields_set}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    return value


_Model = TypeVar("_Model", bound=BaseModel)


def _constructed(model: type[_Model], data: dict[str, Any]) -> _Model:
    """The model _plain made ``data`` of, constructed without validation, the models inside it too."""
    shapes, values = _shapes(model), {}
    for name, value in data.items():
        shape, inner = shapes[name]  # KeyError: not a field of the model, so not an entry of this code's
        if value is None or inner is None:
            values[name] = value
        elif shape is list:
            values[name] = [_constructed(inner, item) for item in value]
        elif shape is dict:
            values[name] = {key: _constructed(inner, item) for key, item in value.items()}
        else:
            values[name] = _constructed(inner, value)
    return model.model_construct(**values)


@lru_cache(maxsize=None)
def _shapes(model: type[BaseModel]) -> dict[str, tuple[Any, type[BaseModel] | None]]:
    """How each field of ``model`` holds models: (list, M), (dict, M), (None, M) for an M itself (or
    None), and (None, None) for a field that holds none."""
    shapes: dict[str, tuple[Any, type[BaseModel] | None]] = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else Any
        shape, args = typing.get_origin(annotation), typing.get_args(annotation)
        inner = annotation if shape is None else args[-1] if shape in (list, dict) else None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            shapes[name] = (shape, inner)
        else:
            shapes[name] = (None, None)
    return shapes


def check_fields(issue: Any, kind: Kind) -> None:
    """The issue's kind-specific fields are the ones the kind declares, the required ones present."""
    from .errors import InputError

    for name in issue.fields:
        if name not in kind.fields:
            near = difflib.get_close_matches(name, list(kind.fields), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f" (kind '{kind.name}' declares: " \
                f"{', '.join(kind.fields) or 'none'})"
            raise InputError(f"unknown field '{name}' for kind '{kind.name}'{hint}",
                             issue.locate(f"fields.{name}") or f"fields.{name}")
    for name, spec in kind.fields.items():
        if spec.required and name not in issue.fields:
            raise InputError(f"kind '{kind.name}' needs the field '{name}' ({spec.description})",
                             issue.locate("fields") or "fields")


def list_kinds(directory: str | None = None) -> list[Kind]:
    """The kinds installed in ``directory`` (default: the shipped templates), sorted by name."""
    folder = _folder(directory)
    return [load_kind(path.stem, directory) for path in sorted(folder.glob("*.yaml")) if _is_template(path)]


def _folder(directory: str | None) -> Path:
    """A folder of kinds: the one named, which must be there, or the shipped templates."""
    if not directory:
        return data_dir("templates")
    if not Path(directory).is_dir():
        raise TemplateError("no such folder of kinds", str(directory))
    return Path(directory)


def _is_template(path: Path) -> bool:
    """A kind's template names itself and describes itself; other YAML files (issues) are not kinds."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=SafeLoader)
    except (OSError, yaml.YAMLError):
        return True  # let load_kind report it
    return isinstance(data, dict) and "description" in data and "name" in data


ISSUE_VALUES = ("name", "names", "subtitle", "number", "total", "organ", "date")


def issue_values(issue: Any, kind: Kind | None = None) -> dict[str, Any]:
    """The values text patterns see for an issue: its own fields, then the kind-specific ones.

    A declared field the issue leaves out is None, so a pattern can test for it.
    """
    values: dict[str, Any] = {name: None for name in (kind.fields if kind else ())}
    values.update(issue.fields)
    subtitle = issue.romanized_name() if kind is None or "subtitle" in _used_names(kind) else issue.subtitle
    values.update(name=issue.name_text, names=list(issue.names), subtitle=subtitle, number=issue.number, total=issue.total,
                  organ=issue.organ, date=issue.date if isinstance(issue.date, _dt.date) else None)
    values["fields"] = dict(issue.fields)
    return values


def _used_names(kind: Kind) -> set[str]:
    names: set[str] = set()
    for item in kind.masthead.items:
        names |= kind.variables(item.text)
    return names
