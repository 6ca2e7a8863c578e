"""Reading a masthead back through the kind's own text patterns.

A kind prints its masthead from patterns such as ``第{{ number }}期`` and ``{{ organ }}编``;
read the other way, each is a regular expression whose groups are the issue's fields. So a
draft that copies a masthead (gwformat's own DOCX always does) gives back its name, number,
total, organ, date and the kind's own fields (份号, 密级, 发文字号, 签发人), for every kind,
with no rule written for any one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..numerals import chinese_date, parse_chinese_number

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}")
_TERM = re.compile(r"\s*(?P<var>[A-Za-z_]\w*)(?P<attr>\.\w+)?(?:\s+or\s+[A-Za-z_]\w*)?\s*(?:\|\s*(?P<filter>\w+))?\s*")

#: What each jinja filter of the templates writes, as a pattern, and how to read it back.
FILTERS: dict[str | None, tuple[str, Callable[[str], Any]]] = {
    None: (r".+?", lambda text: text),
    "spaced": (r"\S(?:[ \u3000]\S)+", lambda text: re.sub(r"[ \u3000]", "", text)),
    "cn": (r"[零〇一二三四五六七八九十百千万]+", parse_chinese_number),
    "cn_date": (r"\d{4}年\d{1,2}月\d{1,2}日", lambda text: _day(text)),
}

#: The issue's own fields; any other name a pattern uses is one of the kind's ``fields``.
ISSUE_FIELDS = ("name", "subtitle", "number", "total", "organ", "date")


@dataclass(frozen=True)
class MastheadPattern:
    """One masthead item's text pattern, read backwards: ``score`` says how much of it is fixed,
    so that ``第{{ number }}期`` wins over ``{{ secrecy }}``, which matches any line."""

    item: str
    regex: re.Pattern[str]
    readers: tuple[tuple[str, Callable[[str], Any]], ...]  # group name → field, reader
    score: int

    def read(self, text: str) -> dict[str, Any] | None:
        match = self.regex.fullmatch(text)
        if match is None:
            return None
        values = {name: reader(match[name]) for name, reader in self.readers}
        return None if any(v is None for v in values.values()) else values


@dataclass(frozen=True)
class Reading:
    """A masthead piece read: the pattern that matched and the fields it gives."""

    pattern: MastheadPattern
    values: dict[str, Any]


@dataclass(frozen=True)
class JointMark:
    """The mark of a joint document (联合行文): a line for each organ, read through ``name``, and
    the fixed word ``beside`` them (文件), which a draft sets at the right of one of those lines."""

    name: MastheadPattern
    beside: str

    def organ(self, line: str) -> str | None:
        """The organ a line of the stack names (``line`` without the word beside), or None."""
        values = self.name.read(line)
        return values.get("name") if values else None


@dataclass(frozen=True)
class KindText:
    """What a kind prints around an article's text, read backwards: its masthead's patterns, its
    joint mark (None when its masthead does not stack organs), the closing lines set above the
    date (the 署名 from the organ, the 签发人职务 …: each pattern, and whether it is a line for each
    organ of a joint document), and whether it prints the title and the organ at all."""

    masthead: tuple[MastheadPattern, ...] = ()
    closing: frozenset[str] = frozenset()
    signers: tuple[tuple[MastheadPattern, bool], ...] = ()
    joint: JointMark | None = None
    title_printed: bool = True
    organ_printed: bool = True


def kind_text(kind: Any) -> KindText:
    """The kind's printed text as patterns to read a draft through (see :class:`KindText`)."""
    joint = None
    stacked = next((item for item in kind.masthead.items if item.stack and item.beside), None)
    if stacked is not None and "{" not in kind.text.get(stacked.beside, "{"):
        name = _compile(stacked.text, kind.text.get(stacked.text, ""))
        if name is not None and [n for n, _ in name.readers] == ["name"]:
            joint = JointMark(name, kind.text[stacked.beside])
    signers: dict[str, tuple[MastheadPattern, bool]] = {}
    for item in kind.closing:
        source = kind.text.get(item.text, "{%")
        pattern = _compile(item.text, source) if item.text not in ("date", "note") and "{%" not in source else None
        if pattern is not None and item.text not in signers:
            signers[item.text] = (pattern, item.each)
    printed = [i.text for i in kind.masthead.items] + [i.text for i in kind.closing]
    return KindText(masthead_patterns(kind), frozenset(item.text for item in kind.closing), tuple(signers.values()),
                    joint, kind.title.printed,
                    any("organ" in kind.variables(text) for text in printed if text in kind.text))


def masthead_patterns(kind: Any) -> tuple[MastheadPattern, ...]:
    """The kind's masthead items as patterns, in the kind's order; items with jinja statements
    (``{% if %}``) are left out: they print text that no single pattern describes; so are the
    stacked organs of a joint mark (联合行文), which ``JointMark`` reads."""
    out: list[MastheadPattern] = []
    for item in dict.fromkeys(i.text for i in kind.masthead.items if not i.stack):
        source = kind.text.get(item, "")
        if "{%" in source:
            continue
        pattern = _compile(item, source)
        if pattern is not None:
            out.append(pattern)
    return tuple(out)


def _compile(item: str, source: str) -> MastheadPattern | None:
    regex, score, position = "", 0, 0
    readers: list[tuple[str, Callable[[str], Any]]] = []
    for n, expression in enumerate(_EXPRESSION.finditer(source)):
        literal = source[position:expression.start()]
        regex, score, position = regex + re.escape(literal), score + len(literal), expression.end()
        term = _TERM.fullmatch(expression[1])
        if term is None or term["filter"] not in FILTERS:
            return None
        text, reader = FILTERS[term["filter"]]
        if term["attr"] or term["var"] in (name for name, _ in readers):
            regex += f"(?:{text})"  # date.year, or a name given twice: printed, not read again
        else:
            regex += f"(?P<{term['var']}>{text})"
            readers.append((term["var"], _as_number(reader) if term["var"] in ("number", "total") else reader))
        score += term["filter"] is not None
    literal = source[position:]
    regex, score = regex + re.escape(literal), score + len(literal)
    return MastheadPattern(item, re.compile(regex), tuple(readers), score)


def _as_number(reader: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: int(text) if text.isdigit() else reader(text)


def read_masthead(pieces: list[str], patterns: tuple[MastheadPattern, ...]) -> list[Reading | None]:
    """What each piece of a masthead gives: the most fixed pattern that matches it and has not
    been used yet (the kind's order breaks ties), or None when none matches."""
    used: set[str] = set()
    out: list[Reading | None] = []
    for piece in pieces:
        best = max(((p.score, -n, p, values) for n, p in enumerate(patterns)
                    if p.item not in used and (values := p.read(piece)) is not None), default=None,
                   key=lambda candidate: candidate[:2])
        if best is None:
            out.append(None)
            continue
        used.add(best[2].item)
        out.append(Reading(best[2], best[3]))
    return out


def _day(text: str) -> Any:
    import datetime as dt

    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    try:
        day = dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None
    return day if day is not None and chinese_date(day) == text else None
