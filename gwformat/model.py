"""The content of one issue: what a clerk writes, before any layout.

The classes are pydantic models, so the same definitions validate a YAML file
and Python objects built by another tool, and every mistake comes back with
the path of the field it concerns. They are frozen: layout never changes
content.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, StringConstraints, Tag,
                      field_validator, model_validator)

from .elements import ImageItem, TableItem, item_kind
from .emphasis import MARKER, EmphasisError, parse

from .errors import quoted

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: Numbering of the four heading levels of GB/T 9704-2012, 7.3.3: 一、 （一） 1. （1）
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^[0-9０-９]+[.．]")),
    (4, re.compile(r"^[（(][0-9０-９]+[）)]")),
)


#: The ranges of the numbers an issue gives: an issue number within its series, the cumulative
#: number (printed in Chinese numerals, 总第九百九十九万九千九百九十九期 at most), the copies
#: printed (共印N份), and a kind's own numeric fields (up to what Chinese numerals write).
NUMBER_RANGE = (1, 99_999)
TOTAL_RANGE = (1, 9_999_999)
COPIES_RANGE = (1, 9_999_999)
FIELD_RANGE = (0, 10**16 - 1)


def _within(limits: tuple[int, int]) -> Any:
    return Field(ge=limits[0], le=limits[1], strict=True)


#: A kind is the name of a template, looked up in the template folders: never a path.
KIND_NAME = re.compile(r"[^\W_][\w-]*")


def _pinyin(name: str) -> str:
    from pypinyin import Style, lazy_pinyin  # its phrase dictionary takes 0.1 s to load

    return "".join(lazy_pinyin(name, style=Style.NORMAL)).upper()


def heading_level(heading: str) -> int | None:
    """The GB/T 9704 level of a heading from its numbering, or None when it has none."""
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(heading):
            return level
    return None


def _unmarked(text: str) -> str:
    """``text`` without its emphasis markers, so that an emphasised numbering (**一、**) is still read;
    a marker left open is realize's to report at its place."""
    try:
        return parse(text).text
    except EmphasisError:
        return text.replace(MARKER, "")


class _Model(BaseModel):
    # A field's docstring is its schema description, but read by schema.py: pydantic's
    # use_attribute_docstrings would read every model's source at import, in every cold build.
    # defer_build: a build validates with Issue's validator alone, never with one of these inside it.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Paragraph(_Model):
    """A body paragraph, optionally opened by a heading.

    A heading with text after it runs into the paragraph (一、紧扣大局，精准发力。组织开展……),
    as bulletins usually set them; a heading without text stands as its own line.
    """

    text: str = ""
    """The paragraph's text; after a heading, what runs on from it. **…** is emphasis; \\*\\* is a literal **."""
    heading: str | None = None
    """A heading with its numbering (一、 （一） 1. （1）), set before the text in the heading's face; **…** is emphasis."""
    level: Literal[1, 2, 3, 4] | None = None
    """The heading's level, 1 to 4; read from its numbering when not given."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self) -> "Paragraph":
        if not self.text and not self.heading:
            raise ValueError("a paragraph needs text or a heading")
        if self.heading and self.level is None:
            level = heading_level(_unmarked(self.heading))
            if level is None:
                raise ValueError(
                    f"cannot tell the level of heading {quoted(self.heading)}: number it 一、 （一） 1. or （1）, or give 'level'"
                )
            object.__setattr__(self, "level", level)
        return self


#: An item of an article's paragraph list: a text paragraph (or a plain string), ``{table: …}`` or ``{image: …}``.
BodyItem = Annotated[Union[Annotated[Paragraph, Tag("text-paragraph")], Annotated[TableItem, Tag("table-item")],
                           Annotated[ImageItem, Tag("image-item")]],
                     Discriminator(item_kind)]


_File = Annotated[str, StringConstraints(min_length=1)]


class Article(_Model):
    """One article: a title (a string, or its lines), paragraphs, and a signature line.

    A 公文 also has its 主送机关 (``addressee``, set flush left before the text) and
    the titles of its attachments (附件说明 after the text). An attachment itself is an
    article that starts a page (``new_page``) with its ``label`` (附件1) flush left on the
    first line (GB/T 9704-2012, 7.3.8).
    """

    title: Union[Text, list[Text]]
    """The title: one string, split into lines by meaning, or a list of its lines."""
    column: Text | None = None
    """栏目 (工作动态): printed as its label once, before the first article of each run of the same column."""
    note: Text | None = None
    """按语: the editor's note on this article, in 楷体 under its title, opened by 按：."""
    label: str | None = None
    """An attachment's label (附件1), flush left above its title."""
    new_page: bool = False
    """Start the article on a new page (an attachment)."""
    addressee: str | None = None
    """主送机关, set flush left before the text, with its colon (省人大常委会：)."""
    paragraphs: list[BodyItem] = []
    """The body: each item a paragraph (text) or a heading with its text, a table or a picture."""
    attachments: list[Text] = []
    """附件说明: the titles of the attachments, numbered when printed."""
    signature: str | None = None
    """The author or signature line, printed at the right in the kind's brackets (代表联络处　李尚达)."""
    seal: Union[_File, Annotated[list[_File], Field(min_length=1)]] | None = None
    """A seal image (PNG or JPEG, relative to the issue file) pressed over the 署名 and date (7.3.5.1),
    or a 签名章 where the kind sets one (7.3.5.3); for 联合行文, a list: each organ's seal, in order."""

    @field_validator("title")
    @classmethod
    def _title_lines(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list) and not value:
            raise ValueError("a title needs at least one line")
        return value

    @property
    def title_lines(self) -> tuple[str, ...] | None:
        """The title's lines when the input splits it (a list or a string with line breaks), else None."""
        if isinstance(self.title, list):
            return tuple(self.title)
        lines = [line.strip() for line in self.title.splitlines() if line.strip()]
        return tuple(lines) if len(lines) > 1 else None

    @property
    def title_text(self) -> str:
        return "".join(self.title_lines or (self.title,))  # type: ignore[arg-type]


class DistributionGroup(_Model):
    """One group of the distribution block: a label (送, 报, 发, 抄送) and its recipients."""

    label: Text
    """The group's label: 送, 报, 发 or 抄送 (the kind adds the colon)."""
    recipients: list[Text] = Field(min_length=1)
    """The recipients, each starting a line of its own."""


class Distribution(_Model):
    """The closing distribution block (版记): groups of recipients and an optional 印发 line."""

    groups: list[DistributionGroup] = Field(min_length=1)
    """The groups, in order."""
    printed_by: str | None = None
    """The organ of the 印发 line."""
    printed_on: _dt.date | None = None
    """The date of the 印发 line."""
    copies: Annotated[int, _within(COPIES_RANGE)] | None = None
    """共印N份, where the kind prints it."""


class Issue(_Model):
    """The content of one issue of a bulletin (or one 公文).

    ``fields`` holds what only some kinds print, as the kind's template declares them:
    份号 and 密级 of a classified 简报, the 发文字号 and 签发人 of a 文件, and so on.
    """

    kind: Text = "jianbao"
    """The kind: a template in templates/ or your --templates folder (gwformat kinds lists them)."""
    name: Union[Text, Annotated[list[Text], Field(min_length=1)]]
    """The masthead name (联络动态), or the issuing organ of a 文件; for a 文件 of several organs (联合行文),
    the list of their names, the host organ first (GB/T 9704-2012, 7.2.4)."""
    subtitle: str | None = None
    """The masthead's romanised subtitle; the name in pinyin capitals when not given."""
    number: Annotated[int, _within(NUMBER_RANGE)]
    """The issue number, printed 第N期."""
    total: Annotated[int, _within(TOTAL_RANGE)] | None = None
    """The cumulative number, printed （总第N期） in Chinese numerals."""
    organ: Text
    """The organ that edits the issue, printed before the date."""
    date: _dt.date
    """The issue's date, in ISO form (2020-12-24)."""
    contents: bool = Field(default=False, strict=True)
    """本期要目: list the articles' titles, under their 栏目, on page 1 under the masthead."""
    editor_note: Text | None = None
    """编者按: the editor's note on the issue, in 楷体 before the first article, opened by 编者按：."""
    articles: list[Article] = Field(min_length=1)
    """The articles, in order."""
    distribution: Distribution | None = None
    """The closing distribution block (版记), on the foot of the last page."""
    fields: dict[str, Union[str, Annotated[int, _within(FIELD_RANGE)]]] = {}
    """What only some kinds print, as the kind declares it (份号, 密级, 发文字号, 签发人 …)."""
    _source: Any = PrivateAttr(default=None)
    _folder: Any = PrivateAttr(default=None)  # the folder of the issue file: image paths are relative to it

    def locate(self, path: str, offset: int | None = None) -> str | None:
        """Where the field at ``path`` (articles[0].title …), or the character at ``offset`` in its
        text, is in the file the issue was read from."""
        return self._source(path, offset) if self._source else None

    @field_validator("kind")
    @classmethod
    def _kind_name(cls, value: str) -> str:
        if not KIND_NAME.fullmatch(value):
            raise ValueError(f"expected the name of a kind such as jianbao (letters, digits, - and _), "
                             f"found {quoted(value)}")
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(f"expected an ISO date such as 2020-12-24, found {quoted(value)}")
        return value

    @property
    def names(self) -> tuple[str, ...]:
        """The issuing organs in order, the host first: the one ``name``, or each entry of its list."""
        return tuple(self.name) if isinstance(self.name, list) else (self.name,)

    @property
    def name_text(self) -> str:
        """``name`` as one string: the organs of a list joined with 、, as a sentence names them."""
        return "、".join(self.names)

    def romanized_name(self) -> str:
        """The masthead's romanised subtitle: given, or the name in pinyin capitals (联络动态 → LIANLUODONGTAI)."""
        if self.subtitle:
            return self.subtitle
        from .cache import cached

        return cached("pinyin", self.name_text, lambda: _pinyin(self.name_text).encode("utf-8")).decode("utf-8")

    def text_fields(self) -> list[tuple[str, str, str]]:
        """Every piece of text to be typeset as (field path, style role, text), for coverage checks.

        The role names the style the text is set in (``masthead``, ``title``, ``body``,
        ``heading1`` … ``heading4``, ``signature``, ``distribution``); the bulletin kind maps
        roles to faces.
        """
        out: list[tuple[str, str, str]] = ([("name", "masthead", self.name)] if isinstance(self.name, str) else
                                           [(f"name[{n}]", "masthead", name) for n, name in enumerate(self.name)])
        out.append(("organ", "issue_line", self.organ))
        out += [(f"fields.{k}", "issue_line", str(v)) for k, v in sorted(self.fields.items())]
        if self.subtitle:
            out.append(("subtitle", "subtitle", self.subtitle))
        if self.editor_note:
            out.append(("editor_note", "note", self.editor_note))
        for a, article in enumerate(self.articles):
            base = f"articles[{a}]"
            # as typed where it is one string, so that an offset in it is one in the file
            out.append((f"{base}.title", "title", article.title if isinstance(article.title, str) else
                        article.title_text))
            if self.contents:  # listed in the 本期要目 too, in its own face
                out.append((out[-1][0], "contents", out[-1][2]))
            if article.label:
                out.append((f"{base}.label", "heading1", article.label))
            if article.column:
                out.append((f"{base}.column", "column", article.column))
            if article.note:
                out.append((f"{base}.note", "note", article.note))
            for p, para in enumerate(article.paragraphs):
                if isinstance(para, TableItem):
                    out += para.table.text_fields(f"{base}.paragraphs[{p}].table")
                    continue
                if isinstance(para, ImageItem):
                    if para.image.caption:
                        out.append((f"{base}.paragraphs[{p}].image.caption", "caption", para.image.caption))
                    continue
                if para.heading:
                    out.append((f"{base}.paragraphs[{p}].heading", f"heading{para.level}", para.heading))
                if para.text:
                    out.append((f"{base}.paragraphs[{p}].text", "body", para.text))
            if article.addressee:
                out.append((f"{base}.addressee", "body", article.addressee))
            for t, attachment in enumerate(article.attachments):
                out.append((f"{base}.attachments[{t}]", "body", attachment))
            if article.signature:
                out.append((f"{base}.signature", "signature", article.signature))
        if self.distribution:
            for g, group in enumerate(self.distribution.groups):
                out.append((f"distribution.groups[{g}].label", "distribution", group.label))
                for r, recipient in enumerate(group.recipients):
                    out.append((f"distribution.groups[{g}].recipients[{r}]", "distribution", recipient))
            if self.distribution.printed_by:
                out.append(("distribution.printed_by", "distribution", self.distribution.printed_by))
        return out
