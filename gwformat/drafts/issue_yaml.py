"""Writing imported content as an issue file a clerk can edit: block style, one paragraph an
item, and a comment only on a line whose value was guessed.

PyYAML writes no comments, so the file is emitted here, line by line, and each scalar is
written by PyYAML (which quotes what needs quoting).
"""

from __future__ import annotations

from typing import Any

import yaml


def dump(data: dict[str, Any], comments: dict[str, str], header: str = "") -> str:
    """``data`` as YAML; ``comments`` maps field paths (articles[0].title) to a comment for that line."""
    lines = [f"# {line}" for line in header.splitlines()]
    _mapping(data, "", 0, lines, comments)
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...")


def _comment(path: str, comments: dict[str, str]) -> str:
    return f"  # {comments[path]}" if path in comments else ""


def _mapping(data: dict[str, Any], path: str, indent: int, lines: list[str], comments: dict[str, str],
             first_prefix: str | None = None) -> None:
    for n, (key, value) in enumerate(data.items()):
        pad = first_prefix if n == 0 and first_prefix is not None else " " * indent
        at = f"{path}.{key}" if path else key
        if isinstance(value, (dict, list)) and value:
            if indent == 0 and lines and key in ("articles", "distribution"):
                lines.append("")
            lines.append(f"{pad}{key}:{_comment(at, comments)}")
            _block(value, at, indent + 2, lines, comments)
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}{_comment(at, comments)}")


def _block(value: dict[str, Any] | list[Any], path: str, indent: int, lines: list[str],
           comments: dict[str, str]) -> None:
    if isinstance(value, dict):
        _mapping(value, path, indent, lines, comments)
        return
    for i, item in enumerate(value):
        at = f"{path}[{i}]"
        if isinstance(item, dict) and item:
            if indent <= 2 and i and path == "articles":
                lines.append("")
            _mapping(item, at, indent + 2, lines, comments, first_prefix=" " * indent + "- ")
        else:
            lines.append(f"{' ' * indent}- {_scalar(item)}{_comment(at, comments)}")
