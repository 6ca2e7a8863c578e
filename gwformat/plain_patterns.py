"""Plain text patterns, rendered without a template engine.

Almost every pattern a template holds is a substitution: ``第{{ number }}期``, ``{{ date | cn_date }}``,
``{{ doc_prefix or name }}``, or text shown only when a field is set (``{% if printed_on %}…{% endif %}``).
Importing and starting jinja2 costs a cold build more than rendering every pattern of an issue, so
this module reads that subset itself and renders it as jinja2 would. Whatever lies outside the
subset (any other statement, operator, literal or filter, whitespace control, a line break)
is not parsed here: :func:`parse` returns None and the pattern goes to jinja2's sandbox
(patterns.py). The subset is a part of what that sandbox allows, renders within the same bounds
and with the same filters (pattern_bounds.py), and reads attributes only of dates.

The subset::

    pattern   := (text | "{{" output "}}" | "{% if " condition " %}" pattern "{% endif %}")*
    output    := operand ("|" filter)* | operand ("or" operand)+
    condition := operand | operand "==" integer
    operand   := name ("." date-field)?

A pattern of the subset never fails in a way of its own: when a name is missing or a value is not
what the subset reads, the caller renders the pattern with jinja2, which says what is wrong.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Union

from .pattern_bounds import FILTERS, _bounded

#: The filters the subset may name, bounded as in jinja2's sandbox.
_FILTERS: dict[str, Callable[..., Any]] = {name: _bounded(function, name) for name, function in FILTERS.items()}
#: Names jinja2 reads as something else than a variable: its keywords, constants and special names.
_RESERVED = frozenset({"and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor", "set",
                       "true", "false", "none", "True", "False", "None", "self", "loop", "caller", "varargs",
                       "kwargs", "super"})
#: The attributes the subset reads, and of which values: a date's fields.
_DATE_FIELDS = frozenset({"year", "month", "day"})

_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")
_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(0|[1-9][0-9]*)|(==|[.|]))")


class _Outside(Exception):
    """The value or name is not one the subset reads: jinja2 must render the pattern."""


@dataclass(frozen=True)
class _Operand:
    name: str
    field: str | None

    def value(self, values: dict[str, Any]) -> Any:
        if self.name not in values:
            raise _Outside(self.name)
        value = values[self.name]
        if self.field is None:
            return value
        if type(value) not in (_dt.date, _dt.datetime):
            raise _Outside(self.field)
        return getattr(value, self.field)


@dataclass(frozen=True)
class _Output:
    operands: tuple[_Operand, ...]  # joined by ``or``
    filters: tuple[str, ...]

    def text(self, values: dict[str, Any]) -> str:
        for operand in self.operands:
            value = operand.value(values)
            if value:
                break
        for name in self.filters:
            value = _FILTERS[name](value)
        return str(value)


@dataclass(frozen=True)
class _If:
    operand: _Operand
    equals: int | None
    body: tuple[_Piece, ...]

    def holds(self, values: dict[str, Any]) -> bool:
        value = self.operand.value(values)
        return bool(value == self.equals if self.equals is not None else value)


_Piece = Union[str, _Output, _If]


@dataclass(frozen=True)
class PlainPattern:
    """A pattern of the subset: its pieces, and the names it uses (as jinja2's meta finds them)."""

    pieces: tuple[_Piece, ...]
    names: frozenset[str]

    def generate(self, **values: Any) -> Iterator[str]:
        """The rendered pieces, as jinja2's ``Template.generate`` yields them (see pattern_bounds.render)."""
        yield from _generate(self.pieces, values)


def _generate(pieces: tuple[_Piece, ...], values: dict[str, Any]) -> Iterator[str]:
    for piece in pieces:
        if isinstance(piece, str):
            yield piece
        elif isinstance(piece, _Output):
            yield piece.text(values)
        elif piece.holds(values):
            yield from _generate(piece.body, values)


def _tokens(inner: str) -> list[str] | None:
    out, at = [], 0
    while at < len(inner.rstrip()):
        match = _TOKEN.match(inner, at)
        if not match:
            return None
        out.append(match.group(match.lastindex or 0))
        at = match.end()
    return out


def _operand(tokens: list[str]) -> _Operand | None:
    if len(tokens) == 1 and _is_name(tokens[0]):
        return _Operand(tokens[0], None)
    if len(tokens) == 3 and _is_name(tokens[0]) and tokens[1] == "." and tokens[2] in _DATE_FIELDS:
        return _Operand(tokens[0], tokens[2])
    return None


def _is_name(token: str) -> bool:
    return (token[0].isalpha() or token[0] == "_") and token not in _RESERVED


def _output(tokens: list[str]) -> _Output | None:
    if "or" in tokens:
        parts = _split(tokens, "or")
        operands = [_operand(part) for part in parts]
        return _Output(tuple(operands), ()) if all(operands) and len(operands) > 1 else None  # type: ignore[arg-type]
    first, *filters = _split(tokens, "|")
    operand = _operand(first)
    if operand is None or not all(len(f) == 1 and f[0] in _FILTERS for f in filters):
        return None
    return _Output((operand,), tuple(f[0] for f in filters))


def _split(tokens: list[str], word: str) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token == word:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _condition(tokens: list[str]) -> tuple[_Operand, int | None] | None:
    if len(tokens) >= 3 and tokens[-2] == "==" and tokens[-1].isdigit():
        operand = _operand(tokens[:-2])
        return (operand, int(tokens[-1])) if operand else None
    operand = _operand(tokens)
    return (operand, None) if operand else None


def parse(source: str) -> PlainPattern | None:
    """The pattern if it lies in the subset, else None (jinja2 then parses it, and refuses it if it must)."""
    if "\n" in source or "\r" in source:
        return None
    stack: list[tuple[list[_Piece], tuple[_Operand, int | None] | None]] = [([], None)]
    names: set[str] = set()
    for n, part in enumerate(_TAG.split(source)):
        if n % 2 == 0:
            if "{{" in part or "{%" in part or "{#" in part:
                return None
            if part:
                stack[-1][0].append(part)
            continue
        tokens = _tokens(part[2:-2])
        if not tokens:
            return None
        if part.startswith("{{"):
            output = _output(tokens)
            if output is None:
                return None
            stack[-1][0].append(output)
            names.update(operand.name for operand in output.operands)
        elif tokens[0] == "if" and (condition := _condition(tokens[1:])):
            stack.append(([], condition))
            names.add(condition[0].name)
        elif tokens == ["endif"] and len(stack) > 1:
            body, (operand, equals) = stack.pop()  # type: ignore[misc]
            stack[-1][0].append(_If(operand, equals, tuple(body)))
        else:
            return None
    if len(stack) != 1:
        return None
    return PlainPattern(tuple(stack[0][0]), frozenset(names))
