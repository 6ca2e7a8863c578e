"""What a text pattern may make: the bounds every pattern renders within, and the filters it may use.

Both renderers of text patterns (the plain subset of plain_patterns.py and jinja2's sandbox of
patterns.py) apply these bounds and filters, so a pattern that breaks a bound fails the same way
in either. This module imports no template engine.
"""

from __future__ import annotations

import functools
import re
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from .numerals import chinese_date, chinese_number

#: The longest string or sequence an operation may make, and the most a pattern may render.
MAX_SIZE = 100_000
MAX_OUTPUT = MAX_SIZE
#: The most items one ``for`` may take.
MAX_LOOP = 1_000
#: The largest exponent of ``**``.
MAX_EXPONENT = 64


class PatternError(Exception):
    """A text pattern uses what patterns may not, or fails when it renders."""


def _size(value: Any) -> int:
    """What a value weighs: a string's characters, a collection's items and the characters of its strings."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(len(item) for item in value if isinstance(item, (str, bytes)))
    if isinstance(value, dict):
        return len(value)
    return 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_SIZE:
        raise PatternError(f"{what} makes {_size(value):,} characters or items, more than the {MAX_SIZE:,} "
                           "a pattern may")
    return value


def _check_arguments(what: str, values: Iterable[Any], sized: bool, form: Any = None) -> None:
    """Sizes asked for (``sized``: a width, a count), the widths of a format string ``form``, and the
    work of two large operands (a join, a replace)."""
    if isinstance(form, str) and any(int(m) > MAX_SIZE for m in _WIDTH.findall(form)):
        raise PatternError(f"{what}: a format width over {MAX_SIZE:,}")
    weights = []
    for value in values:
        if sized and isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise PatternError(f"{what} is given {value:,}, more than the {MAX_SIZE:,} a pattern may ask for")
        weights.append(_size(value))
    weights.sort()
    if len(weights) > 1 and weights[-1] * weights[-2] > MAX_WORK:
        raise PatternError(f"{what} on values of {weights[-1]:,} and {weights[-2]:,} items: too much to make")


_WIDTH = re.compile(r"\d{6,}")  # a width or precision of a million or more, in a format string
#: The product of the sizes of an operation's two largest operands: the most it may make.
MAX_WORK = 10 * MAX_SIZE
#: Calls whose whole-number arguments are sizes: str.center(width), range(stop) …
SIZED_CALLS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "range"})


def _bounded(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A filter whose size arguments (all but the value filtered) and result are bounded.

    A filter that jinja passes its environment or context first (``jinja_pass_arg``) keeps it.
    """
    passes = getattr(function, "jinja_pass_arg", None) is not None

    def filtered(*given: Any, **kwargs: Any) -> Any:
        value, *args = given[1:] if passes else given
        arguments = (*args, *kwargs.values())
        _check_arguments(f"the filter '{name}'", (value, *arguments), sized=False,
                         form=value if name == "format" else None)
        _check_arguments(f"the filter '{name}'", arguments, sized=True)
        result = function(*given, **kwargs)
        if isinstance(result, Iterator):
            result = list(islice(result, MAX_SIZE + 1))  # a lazy filter (map, batch …) is made here, bounded
        return _check_size(result, f"the filter '{name}'")

    return functools.wraps(function)(filtered)


def _number(value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        raise PatternError(f"the filter 'cn' writes a whole number in Chinese numerals, not {type(value).__name__} "
                           f"{str(value)[:40]!r}")
    return chinese_number(value)


def _date(value: Any) -> str:
    if not hasattr(value, "year") or not hasattr(value, "month"):
        raise PatternError(f"the filter 'cn_date' writes a date, not {type(value).__name__} {str(value)[:40]!r}")
    return chinese_date(value)


def _spaced(text: str) -> str:
    return " ".join(text)


#: The filters of this package, before they are bounded (jinja2's own filters are added in patterns.py).
FILTERS: dict[str, Callable[..., Any]] = {"cn": _number, "cn_date": _date, "spaced": _spaced}


def render(template: Any, values: dict[str, Any]) -> str:
    """The pattern's text, at most MAX_OUTPUT characters, or PatternError."""
    out: list[str] = []
    length = 0
    for piece in template.generate(**values):
        length += len(piece)
        if length > MAX_OUTPUT:
            raise PatternError(f"it renders more than {MAX_OUTPUT:,} characters")
        out.append(piece)
    return "".join(out)
