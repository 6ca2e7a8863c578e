"""Bulletin kinds: a kind's geometry, styles and text patterns, read from a template file.

A new kind is a YAML file under templates/ (or a directory the caller names),
not code: layout reads every size, position and text pattern from here. Text
patterns are jinja2, rendered in its sandbox because templates may come from users.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import StrictUndefined, TemplateError as JinjaError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import TemplateError
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
    text: str
    style: str
    baseline_mm: float
    align: Literal["left", "center", "right"] = "center"
    optional: bool = False


class RuleSpec(_Strict):
    y_mm: float
    thickness_pt: float = Field(gt=0)
    color: str = "#000000"


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


class DistributionSpec(_Strict):
    indent_chars: float = 0
    label_chars: float = 2
    line_pitch_pt: float = Field(gt=0)
    padding_pt: float = 0
    rule_outer_mm: float = Field(gt=0)
    rule_inner_mm: float = Field(gt=0)


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

    def render(self, pattern: str, **values: Any) -> str:
        """Render the text pattern named ``pattern`` with ``values``."""
        try:
            return _compiled(self.name, pattern, self.text[pattern]).render(**values)
        except KeyError:
            raise TemplateError(f"the template has no text pattern '{pattern}'", f"kind {self.name}") from None
        except JinjaError as exc:
            raise TemplateError(f"text pattern '{pattern}': {exc}", f"kind {self.name}") from None


    def variables(self, pattern: str) -> set[str]:
        """The names the text pattern ``pattern`` uses."""
        return set(meta.find_undeclared_variables(_ENV.parse(self.text[pattern])))


def _spaced(text: str) -> str:
    return " ".join(text)


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_ENV.filters.update(cn=chinese_number, cn_date=chinese_date, spaced=_spaced)


@lru_cache(maxsize=None)
def _compiled(kind: str, name: str, source: str) -> Any:
    return _ENV.from_string(source)


_REQUIRED_STYLES = ("body", "heading1", "heading2", "heading3", "heading4", "signature", "title",
                    "masthead", "subtitle", "issue_line", "distribution", "folio")


@lru_cache(maxsize=None)
def load_kind(name: str, directory: str | None = None) -> Kind:
    """Read and check the template of kind ``name`` from ``directory`` (default: the shipped templates)."""
    folder = Path(directory) if directory else data_dir("templates")
    path = folder / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml"))
        raise TemplateError(f"unknown kind '{name}' (known: {', '.join(known) or 'none'})", str(folder))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
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
    for item in kind.masthead.items:
        if item.style not in kind.styles or item.text not in kind.text:
            raise TemplateError(f"masthead item names unknown style or text '{item.style}'/'{item.text}'", str(path))
    for pattern, source in kind.text.items():
        try:
            _compiled(kind.name, pattern, source)
        except JinjaError as exc:
            raise TemplateError(f"text.{pattern}: {exc}", str(path)) from None
    assert all(style.face in TYPEFACES for style in kind.styles.values())
    return kind


def issue_values(issue: Any) -> dict[str, Any]:
    """The values text patterns see for an issue."""
    return {
        "name": issue.name,
        "subtitle": issue.romanized_name(),
        "number": issue.number,
        "total": issue.total,
        "organ": issue.organ,
        "date": issue.date if isinstance(issue.date, _dt.date) else None,
    }
