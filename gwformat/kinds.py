"""Bulletin kinds: a kind's geometry, styles and text patterns, read from a template file.

A new kind is a YAML file under templates/ (or a directory the caller names),
not code: layout reads every size, position and text pattern from here. Text
patterns are jinja2, rendered in its sandbox because templates may come from users.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import marshal
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Sequence

import jinja2
import yaml
from jinja2 import StrictUndefined, TemplateError as JinjaError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .cache import cached
from .errors import InputError, TemplateError, quoted
from .load import SafeLoader
from .model import KIND_NAME
from .fonts import TYPEFACES
from .numerals import chinese_date, chinese_number
from .resources import data_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageSpec(_Strict):
    width_mm: float
    height_mm: float
    top_mm: float
    left_mm: float
    block_width_mm: float
    block_height_mm: float
    lines: int = Field(gt=0)
    chars: int = Field(gt=0)


class StyleSpec(_Strict):
    face: Literal["fang", "song", "hei", "kai"]
    size: float = Field(gt=0)
    color: str = "#000000"
    grid: bool = False
    letter_spacing_em: float = 0.0


class MastheadItem(_Strict):
    """A line of the first-page head at a fixed place; ``when`` names a field it needs.

    The place is its baseline, or the top edge of its characters (``top_mm``). With
    ``fit`` a line wider than the block is set smaller until it fits.
    """

    text: str
    style: str
    baseline_mm: float = 0
    top_mm: float | None = None
    fit: bool = False
    align: Literal["left", "center", "right"] = "center"
    optional: bool = False
    when: str | None = None
    unless: str | None = None
    leads: bool = False  # set just left of the next item, on its baseline (a label before a name in another face)
    indent_chars: float = 0  # from the block's edge on the side it is aligned to


class FieldSpec(_Strict):
    """A kind-specific field of the content (issue.fields)."""

    description: str
    required: bool = False


class ClosingItem(_Strict):
    """A line after the last article, on the grid (署名, 成文日期 …).

    ``over_next``: centred over the line after it (a 署名 over its date, GB/T 9704, 7.3.5.1).
    """

    text: str
    style: str = "signature"
    align: Literal["left", "center", "right", "over_next"] = "right"
    indent_chars: float = 0
    rows_before: float = 0
    when: str | None = None
    unless: str | None = None


class AttachmentSpec(_Strict):
    """附件说明 (GB/T 9704-2012, 7.3.4): a blank line after the text, then 附件：1.… with later items aligned."""

    rows_before: float = 1
    indent_chars: float = 2
    hang_chars: float = 3


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
    """The seal over the 署名 and 成文日期 (GB/T 9704-2012, 7.3.5.1): its width on the page."""

    width_mm: float = Field(gt=0, default=42)  # the 4.2 cm round seal of a 党政机关


class RuleSpec(_Strict):
    """A rule: ``y_mm`` below the block's top edge (or the page's, ``from_page_top``), as wide as
    the block or ``width_mm`` centred on the page."""

    y_mm: float
    thickness_pt: float = Field(gt=0)
    color: str = "#000000"
    from_page_top: bool = False
    width_mm: float | None = None


class MastheadSpec(_Strict):
    rows: int = Field(ge=0)
    items: list[MastheadItem] = []
    rules: list[RuleSpec] = []


class TitleSpec(_Strict):
    max_chars: int = Field(gt=0)
    line_rows: float = Field(gt=0)
    rows_before: float = Field(ge=0)
    rows_after: float = Field(ge=0)
    min_lines_after: int = Field(ge=0)


class ParagraphSpec(_Strict):
    indent_chars: float = Field(ge=0)


class SignatureSpec(_Strict):
    align: Literal["left", "center", "right"] = "right"
    indent_chars: float = 0
    max_tracking_pt: float = Field(ge=0, default=0)


class FolioSpec(_Strict):
    below_block_mm: float
    indent_chars: float = 1
    first_page: bool = True


class DistributionSpec(_Strict):
    indent_chars: float = 0
    label_chars: float = 2
    line_pitch_pt: float = Field(gt=0)
    padding_pt: float = 0
    rule_outer_mm: float = Field(gt=0)
    rule_inner_mm: float = Field(gt=0)
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
    attachments: AttachmentSpec = AttachmentSpec()
    table: TableSpec = TableSpec()
    figure: FigureSpec = FigureSpec()
    seal: SealSpec = SealSpec()
    starter: dict[str, Any] = {}
    source: str = ""

    def render(self, pattern: str, **values: Any) -> str:
        """Render the text pattern named ``pattern`` with ``values``."""
        try:
            return _prepared(self.text[pattern])[0].render(**values)
        except KeyError:
            raise TemplateError(f"the template has no text pattern '{pattern}'", f"kind {self.name}") from None
        except JinjaError as exc:
            raise TemplateError(f"text pattern '{pattern}': {exc}", f"kind {self.name}") from None


    def variables(self, pattern: str) -> set[str]:
        """The names the text pattern ``pattern`` uses."""
        return set(_prepared(self.text[pattern])[1])


def applies(item: MastheadItem | ClosingItem, values: dict[str, Any]) -> bool:
    """Do the issue's ``values`` meet the item's ``when`` and ``unless`` conditions?"""
    if item.when and values.get(item.when) is None:
        return False
    return not (item.unless and values.get(item.unless) is not None)


def _spaced(text: str) -> str:
    return " ".join(text)


_ENV_OPTIONS: dict[str, Any] = {"undefined": StrictUndefined, "autoescape": False, "keep_trailing_newline": False}
_ENV = SandboxedEnvironment(**_ENV_OPTIONS)
_ENV.filters.update(cn=chinese_number, cn_date=chinese_date, spaced=_spaced)


@lru_cache(maxsize=1024)
def _prepared(source: str) -> tuple[Any, frozenset[str]]:
    """A text pattern as a template, and the names it uses.

    jinja2 parses and compiles a pattern into Python code once per machine: the code is kept
    in the cache (keyed by jinja2's and Python's versions and the environment's options) and
    a later process only loads it, as jinja2's own bytecode caches do.
    """
    def compute() -> bytes:
        names = sorted(meta.find_undeclared_variables(_ENV.parse(source)))
        return marshal.dumps((_ENV.compile(source), names))

    key = (jinja2.__version__, sys.version, repr(sorted(_ENV_OPTIONS.items())), source)
    try:
        code, names = marshal.loads(cached("jinja2", key, compute))
    except (ValueError, EOFError, TypeError):  # an entry spoilt on disk
        code, names = marshal.loads(compute())
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None), frozenset(names)


_REQUIRED_STYLES = ("body", "heading1", "heading2", "heading3", "heading4", "signature", "title",
                    "masthead", "subtitle", "issue_line", "distribution", "folio")


@lru_cache(maxsize=None)
def load_kind(name: str, directory: str | None = None) -> Kind:
    """Read and check the template of kind ``name`` from ``directory`` (default: the shipped templates)."""
    folder = _folder(directory)
    path = folder / f"{name}.yaml"
    if not KIND_NAME.fullmatch(name) or not path.is_file():
        shipped = sorted(p.stem for p in folder.glob("*.yaml"))
        raise TemplateError(f"unknown kind '{name}' (known: {', '.join(shipped) or 'none'})", str(folder))
    try:
        data = _template_data(path, folder)
        kind = Kind.model_validate(data)
    except yaml.YAMLError as exc:
        raise TemplateError(f"malformed YAML: {exc}", str(path)) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        raise TemplateError(f"{key}: {error['msg']}", str(path)) from None
    missing = [s for s in _REQUIRED_STYLES if s not in kind.styles]
    if missing:
        raise TemplateError(f"styles: missing {', '.join(missing)}", str(path))
    groups: tuple[tuple[str, Sequence[MastheadItem | ClosingItem]], ...] = (
        ("masthead.items", kind.masthead.items), ("closing", kind.closing))
    for where, items in groups:
        for number, item in enumerate(items):
            if item.style not in kind.styles:
                raise TemplateError(f"{where}[{number}].style: unknown style '{item.style}' "
                                    f"(the template defines: {', '.join(kind.styles)})", str(path))
            if item.text not in kind.text:
                raise TemplateError(f"{where}[{number}].text: unknown text pattern '{item.text}'", str(path))
            for condition in ("when", "unless"):
                field = getattr(item, condition, None)
                if field and field not in kind.fields:
                    raise TemplateError(f"{where}[{number}].{condition}: unknown field '{field}' "
                                        f"(declared: {', '.join(kind.fields) or 'none'})", str(path))
    for pattern, source in kind.text.items():
        try:
            _prepared(source)
        except JinjaError as exc:
            raise TemplateError(f"text.{pattern}: {exc}", str(path)) from None
    assert all(style.face in TYPEFACES for style in kind.styles.values())
    known = set(ISSUE_VALUES) | set(kind.fields) | {"fields", "page", "label", "signature", "printed_by",
                                                    "printed_on", "copies", "n", "title", "table_title"}
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


def _template_data(path: Path, folder: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """A template's data, with ``extends: BASE`` merged over the base kind's (from the same folder or the shipped ones)."""
    data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=SafeLoader)
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
    base = folder / f"{base_name}.yaml"
    if not base.is_file():
        base = data_dir("templates") / f"{base_name}.yaml"
    if not base.is_file():
        raise TemplateError(f"extends: unknown kind '{base_name}'", str(path))
    return _merge(_template_data(base, folder, seen + (path.stem,)), data)


def _merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


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


ISSUE_VALUES = ("name", "subtitle", "number", "total", "organ", "date")


def issue_values(issue: Any, kind: Kind | None = None) -> dict[str, Any]:
    """The values text patterns see for an issue: its own fields, then the kind-specific ones.

    A declared field the issue leaves out is None, so a pattern can test for it.
    """
    values: dict[str, Any] = {name: None for name in (kind.fields if kind else ())}
    values.update(issue.fields)
    subtitle = issue.romanized_name() if kind is None or "subtitle" in _used_names(kind) else issue.subtitle
    values.update(name=issue.name, subtitle=subtitle, number=issue.number, total=issue.total,
                  organ=issue.organ, date=issue.date if isinstance(issue.date, _dt.date) else None)
    values["fields"] = dict(issue.fields)
    return values


def _used_names(kind: Kind) -> set[str]:
    names: set[str] = set()
    for item in kind.masthead.items:
        names |= kind.variables(item.text)
    return names
