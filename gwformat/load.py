"""Reading an issue from YAML or from plain Python data, with errors that point at the mistake.

Validation is pydantic's; this module only turns its first error into one line
that names the file, line and column (for YAML) or the field path (for Python
data), what was expected and what was found.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError, quoted
from .model import Issue

#: The most values (scalars, lists and mappings, each alias counted with what it repeats) an
#: issue file may expand to: a thousand articles of long paragraphs stay far below it, and an
#: alias bomb (each level repeating the one before nine times) is refused before it is built.
MAX_VALUES = 200_000


try:  # libyaml's parser where PyYAML was built with it (ten times faster), else PyYAML's own
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]


class _Loader(SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text so a bad one gets a clear message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_issue(path: str | Path) -> Issue:
    """Read and validate an issue from a YAML file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the issue file: {exc.strerror}", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the file is not UTF-8 text (byte {exc.start})", str(path)) from None
    issue = issue_from_yaml(text, str(path))
    issue._folder = path.parent
    return issue


def issue_from_yaml(text: str, source: str = "<yaml>") -> Issue:
    """Validate an issue given as YAML text; ``source`` names it in error messages."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_nodes(node, source)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise InputError(f"malformed YAML: {exc.problem or exc.context}", where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {quoted(str(exc), 200)}", source) from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping of fields (name, number, articles, …) at the top level", source)
    issue = _validate(data, lambda loc, at_key: _yaml_where(source, node, loc, at_key))
    issue._source = _Places(source, node, text)
    return issue


class _Places:
    """Where each field of an issue read from YAML is in its file: a class, not a closure, so
    that the issue pickles with it (to a worker process) and keeps its places."""

    def __init__(self, source: str, node: yaml.Node | None, text: str) -> None:
        self.source, self.node, self.text = source, node, text

    def __call__(self, path: str, offset: int | None = None) -> str:
        return _yaml_where(self.source, self.node, _parse_path(path), offset=offset, text=self.text).split(": ")[0]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _check_nodes(root: yaml.Node, source: str) -> None:
    """Refuse what YAML allows but an issue never means: a key given twice in one mapping (the
    second would silently replace the first), an alias that contains itself, and more than
    MAX_VALUES values once the aliases are expanded. The node graph is walked once, without
    recursion, each shared node sized once."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            open_.discard(id(node))
            sizes[id(node)] = size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_VALUES:
                raise InputError(f"the YAML expands to more than {MAX_VALUES:,} values (an alias repeats its "
                                 "anchor's content each time it is used); write the content out",
                                 _at(source, node.start_mark))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_:
            raise InputError("an alias refers to a list or mapping that contains it", _at(source, node.start_mark))
        open_.add(id(node))
        if isinstance(node, yaml.MappingNode):
            _check_keys(node, source)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _check_keys(node: yaml.MappingNode, source: str) -> None:
    first: dict[tuple[str, str], yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        earlier = first.setdefault((key.tag, key.value), key)
        if earlier is not key:
            raise InputError(f"key {quoted(key.value)} is given twice, on line {earlier.start_mark.line + 1} and "
                             f"on line {key.start_mark.line + 1}; keep one", _at(source, key.start_mark))


def _at(source: str, mark: Any) -> str:
    return f"{source}:{mark.line + 1}:{mark.column + 1}"


def _parse_path(path: str) -> tuple[Any, ...]:
    """articles[0].paragraphs[3].text → ('articles', 0, 'paragraphs', 3, 'text')."""
    parts: list[Any] = []
    for name, index in re.findall(r"([A-Za-z_]+)|\[(\d+)\]", path):
        parts.append(name if name else int(index))
    return tuple(parts)


def issue_from_data(data: Mapping[str, Any] | Issue) -> Issue:
    """Validate an issue given as Python data (dicts, lists, strings, dates) or return an Issue as is."""
    if isinstance(data, Issue):
        return data
    if not isinstance(data, Mapping):
        raise InputError(f"expected a mapping of fields, found {type(data).__name__}", "issue")
    return _validate(dict(data), lambda loc, at_key: _field_path(loc) or "issue")


def as_issue(source: str | Path | Mapping[str, Any] | Issue) -> Issue:
    """The issue a caller hands the API: a YAML file's path, plain data or an Issue."""
    return load_issue(source) if isinstance(source, (str, Path)) else issue_from_data(source)


def _validate(data: dict[str, Any], where: Any) -> Issue:
    try:
        return Issue.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key also makes its correct spelling "missing": report the misspelling.
        # Of the errors at one place (one for each member of a union: text or a number), the one
        # about the value says more than the one about its type.
        first = [e for e in errors if _data_loc(e["loc"]) == _data_loc(errors[0]["loc"])]
        error = next((e for e in errors if e["type"] == "extra_forbidden"),
                     next((e for e in first if not e["type"].endswith("_type")), errors[0]))
        loc = tuple(error["loc"])
        raise InputError(_describe(error, loc), where(loc, error["type"] == "extra_forbidden")) from None


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in _data_loc(loc):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(loc: tuple[Any, ...]) -> list[Any]:
    """The location without pydantic's union-member and validator tags."""
    return [p for p in loc if isinstance(p, int) or (isinstance(p, str) and p.isidentifier() and "[" not in p)
            and p not in ("str", "list", "function-before", "function-after", "Paragraph")]


def _yaml_where(source: str, node: yaml.Node | None, loc: tuple[Any, ...], at_key: bool = False,
                offset: int | None = None, text: str = "") -> str:
    """``file:line:column: field.path`` of the YAML node at ``loc`` (of its key when ``at_key``; of
    the character at ``offset`` of its text when given, and ``text`` is the file's)."""
    mark = node.start_mark if node is not None else None
    for part in _data_loc(loc):
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    node, mark = value, (key.start_mark if at_key else value.start_mark)
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    if offset is not None and node is not None and mark is not None:
        mark = _character_mark(node, offset, text) or mark
    path = _field_path(loc)
    position = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
    return f"{position}: {path}" if path else position


#: One character of a scalar's source, by the scalar's style: an escape of a double-quoted
#: scalar, a doubled quote of a single-quoted one, else one character. Compiled (re caches them)
#: only when an error is placed: a build that goes well never needs them.
_SOURCE_CHARACTER = {
    '"': r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|.",
    "'": r"''|.",
}
_PLAIN_CHARACTER = r"."
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _character_mark(node: yaml.Node, offset: int, text: str) -> Any:
    """The place in ``text`` of the character at ``offset`` of ``node``'s value (a list of lines
    joined, for a title), or None when it cannot be told.

    The character is found by counting: it is the (n+1)-th of its kind in the source when n come
    before it in the value. Folding and stripping change only spaces and line breaks, which are
    never looked for.
    """
    if isinstance(node, yaml.SequenceNode):  # a title's lines: find the line
        for item in node.value:
            length = len(item.value.strip()) if isinstance(item, yaml.ScalarNode) else 0
            if offset < length:
                return _character_mark(item, offset, text)
            offset -= length
        return None
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = node.value.strip()
    if offset >= len(value) or value[offset] in " \t\r\n":
        return None
    char, before = value[offset], value[:offset].count(value[offset])
    start, end = node.start_mark.index, node.end_mark.index
    for match in re.compile(_SOURCE_CHARACTER.get(node.style or "", _PLAIN_CHARACTER), re.S).finditer(text, start, end):
        if _stands_for(match.group(), node.style) == char:
            if not before:
                line = node.start_mark.line + text.count("\n", start, match.start())
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
                return yaml.Mark(node.start_mark.name, match.start(), line, column, None, None)
            before -= 1
    return None


def _stands_for(source: str, style: str | None) -> str:
    if len(source) == 1:
        return source
    if style == "'":
        return "'"
    code = source[1:]
    return chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPES.get(code, code)


_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date such as 2020-12-24",
    "date_parsing": "a date such as 2020-12-24",
    "date_from_datetime_parsing": "a date such as 2020-12-24",
    "date_from_datetime_inexact": "a date such as 2020-12-24",
    "bool_type": "true or false",
}


def _describe(error: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    found = error.get("input")
    data_loc = _data_loc(loc)
    field = data_loc[-1] if data_loc else "issue"
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        message = f"unknown key '{field}'"
        owner = _owner_model(data_loc[:-1])
        if owner is not None:
            import difflib  # only a mistake needs it: a build that goes well never loads it

            near = difflib.get_close_matches(str(field), list(owner.model_fields), n=1, cutoff=0.6)
            if near:
                message += f" (did you mean '{near[0]}'?)"
            else:
                message += f" (expected one of: {', '.join(owner.model_fields)})"
        return message
    if kind == "greater_than":
        return f"expected a number greater than {error['ctx']['gt']:,}, found {quoted(found)}"
    if kind == "greater_than_equal":
        return f"expected a number of at least {error['ctx']['ge']:,}, found {quoted(found)}"
    if kind == "less_than":
        return f"expected a number less than {error['ctx']['lt']:,}, found {quoted(found)}"
    if kind == "less_than_equal":
        return f"expected a number no greater than {error['ctx']['le']:,}, found {quoted(found)}"
    if kind in ("too_short", "string_too_short"):
        return "expected at least one item, found none" if kind == "too_short" else "expected text, found nothing"
    if kind in ("literal_error", "enum"):
        return f"expected {error['ctx'].get('expected')}, found {quoted(found)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {_shown(found)}"
    return f"{error['msg']}, found {_shown(found)}"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return quoted(value)


def _owner_model(path: list[Any]) -> type[BaseModel] | None:
    """The model class that holds the field at ``path`` (to suggest near-miss keys)."""
    model: Any = Issue
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _model_in(field.annotation)
        if model is None:
            return None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
