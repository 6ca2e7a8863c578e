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

import operator
from typing import Any, Callable

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

from .pattern_bounds import (FILTERS, MAX_EXPONENT, MAX_LOOP, MAX_OUTPUT, MAX_SIZE, MAX_WORK, PatternError,
                             SIZED_CALLS, _bounded, _check_arguments, _check_size, _size, render)

__all__ = ["BoundedEnvironment", "ENVIRONMENT", "MAX_EXPONENT", "MAX_LOOP", "MAX_OUTPUT", "MAX_SIZE", "MAX_WORK",
           "OPTIONS", "PatternError", "make_environment", "render"]

#: The nodes a pattern may contain: the statements a line needs, and every expression (nodes.Expr).
ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.For, nodes.Assign, nodes.Expr,
           nodes.Helper, nodes.Break, nodes.Continue)
REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import",
           nodes.Extends: "extends", nodes.Macro: "macro", nodes.CallBlock: "call", nodes.Block: "block",
           nodes.FilterBlock: "filter", nodes.With: "with", nodes.AssignBlock: "set … endset",
           nodes.Scope: "scope", nodes.OverlayScope: "scope", nodes.EvalContextModifier: "autoescape"}


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


#: The environment's options. Compiled patterns are kept in the cache under them and ENVIRONMENT,
#: so a change to either (or to the code _parse makes) must change ENVIRONMENT.
OPTIONS: dict[str, Any] = {"undefined": StrictUndefined, "autoescape": False, "keep_trailing_newline": False,
                           "optimized": False}
ENVIRONMENT = f"bounded-1 {sorted((k, getattr(v, '__name__', v)) for k, v in OPTIONS.items())}"


def make_environment() -> BoundedEnvironment:
    """The environment every pattern renders in: strict about undefined names, no autoescape, not optimised
    (jinja's optimiser would compute constant expressions while compiling, before any bound applies)."""
    env = BoundedEnvironment(**OPTIONS)
    env.filters.update(FILTERS)
    env.filters = {name: _bounded(function, name) for name, function in env.filters.items()}
    env.filters["_loop_items"] = _loop_items
    return env


