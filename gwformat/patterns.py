"""The jinja2 environment text patterns render in: a sandbox bounded in what it may say, make and take.

A kind's template may come from a user, and a text pattern sets one line (第{{ number }}期), so
the language a pattern may use is cut to what a line needs: expressions, filters, ``if``, ``set``
and one level of ``for``. There is no loader, so ``include``, ``import`` and ``extends`` have
nothing to read, and no macros, so nothing recurses. jinja2's sandbox already keeps patterns from
Python's internals; on top of it every operation that can make a large value (``*``, ``**``,
``+``, ``%``, a call or a filter with a size argument) is bounded before it runs, a loop takes at
most ``MAX_LOOP`` items and a pattern renders at most ``MAX_OUTPUT`` characters, so rendering is
bounded in time and memory. Anything a pattern does wrong becomes :class:`PatternError`.
"""

from __future__ import annotations

import functools
import operator
import re
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

from .numerals import chinese_date, chinese_number

#: The longest string or sequence an operation may make, and the most a pattern may render.
MAX_SIZE = 100_000
MAX_OUTPUT = MAX_SIZE
#: The most items one ``for`` may take.
MAX_LOOP = 1_000
#: The largest exponent of ``**``.
MAX_EXPONENT = 64

#: The nodes a pattern may contain: the statements a line needs, and every expression (nodes.Expr).
ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.For, nodes.Assign, nodes.Expr,
           nodes.Helper, nodes.Break, nodes.Continue)
REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import",
           nodes.Extends: "extends", nodes.Macro: "macro", nodes.CallBlock: "call", nodes.Block: "block",
           nodes.FilterBlock: "filter", nodes.With: "with", nodes.AssignBlock: "set … endset",
           nodes.Scope: "scope", nodes.OverlayScope: "scope", nodes.EvalContextModifier: "autoescape"}


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


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "//": operator.floordiv,
    "%": operator.mod, "**": operator.pow,
}


class BoundedEnvironment(SandboxedEnvironment):
    """jinja2's sandbox, with each operation that can make a large value bounded before it runs."""

    intercepted_binops = frozenset(_BINOPS)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for sequence, count in ((left, right), (right, left)):
                if _size(sequence) and isinstance(count, int) and _size(sequence) * count > MAX_SIZE:
                    raise PatternError(f"'*' would make {_size(sequence) * count:,} items, more than {MAX_SIZE:,}")
        elif op == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise PatternError(f"'**' with the exponent {right}, more than {MAX_EXPONENT}")
        elif op == "%":
            _check_arguments("'%'", (left, right), sized=False, form=left)
        elif _size(left) + _size(right) > MAX_SIZE:
            raise PatternError(f"'{op}' would make {_size(left) + _size(right):,} items, more than {MAX_SIZE:,}")
        return _check_size(_BINOPS[op](left, right), f"'{op}'")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (jinja's names)
        name = getattr(__obj, "__name__", "a call")
        _check_arguments(f"{name}()", (getattr(__obj, "__self__", None), *args, *kwargs.values()),
                         sized=name in SIZED_CALLS)
        return _check_size(super().call(__context, __obj, *args, **kwargs), f"{name}()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, whose format string may ask for any width, checked where they are named."""
        if getattr(value, "__name__", None) in ("format", "format_map"):
            _check_arguments(f"{value.__name__}()", (), sized=False, form=getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _check_nodes(tree, 0)
        for loop in tree.find_all(nodes.For):  # every loop takes its items through the bound
            loop.iter = nodes.Filter(loop.iter, "_loop_items", [], [], None, None, lineno=loop.lineno)
        return tree


def _check_nodes(node: nodes.Node, loops: int) -> None:
    refused = next((word for kind, word in REFUSED.items() if isinstance(node, kind)), None)
    if refused:
        raise PatternError(f"'{{% {refused} %}}' is not allowed in a text pattern (it sets one line: "
                           "use expressions, filters, if, set and for)")
    if not isinstance(node, ALLOWED):
        raise PatternError(f"'{type(node).__name__}' is not allowed in a text pattern")
    if isinstance(node, nodes.For):
        if loops or node.recursive:
            raise PatternError("a loop inside a loop, or a recursive one, is not allowed in a text pattern")
        _check_nodes(node.iter, loops)
        for child in (*node.body, *node.else_, *([node.test] if node.test else []), node.target):
            _check_nodes(child, loops + 1)
        return
    for child in node.iter_child_nodes():
        _check_nodes(child, loops)


def _loop_items(items: Any) -> Any:
    count = len(items) if hasattr(items, "__len__") else 0
    if count > MAX_LOOP:
        raise PatternError(f"a loop over {count:,} items, more than the {MAX_LOOP:,} a pattern may take")
    return items


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


#: The environment's options. Compiled patterns are kept in the cache under them and ENVIRONMENT,
#: so a change to either (or to the code _parse makes) must change ENVIRONMENT.
OPTIONS: dict[str, Any] = {"undefined": StrictUndefined, "autoescape": False, "keep_trailing_newline": False,
                           "optimized": False}
ENVIRONMENT = f"bounded-1 {sorted((k, getattr(v, '__name__', v)) for k, v in OPTIONS.items())}"


def make_environment() -> BoundedEnvironment:
    """The environment every pattern renders in: strict about undefined names, no autoescape, not optimised
    (jinja's optimiser would compute constant expressions while compiling, before any bound applies)."""
    env = BoundedEnvironment(**OPTIONS)
    env.filters.update(cn=_number, cn_date=_date, spaced=_spaced)
    env.filters = {name: _bounded(function, name) for name, function in env.filters.items()}
    env.filters["_loop_items"] = _loop_items
    return env


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
