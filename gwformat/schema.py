"""The JSON Schema of the issue format, for editors that check and complete YAML as it is typed.

Generated from the pydantic models, whose field docstrings become the descriptions, so the
schema cannot drift from what :func:`gwformat.load_issue` accepts. The docstrings are read here,
from the models' source, only when a schema is asked for (pydantic's ``use_attribute_docstrings``
would read them at import, in every build).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any, Iterator, get_args

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_CELL = {"anyOf": [{"type": "string"}, {"type": "number"}, {"$ref": "#/$defs/Cell"}]}
_ROW = {"type": "array", "items": _CELL}

#: Shorthands the models read in a "before" validator, which pydantic cannot see to put in
#: the schema, as (model, field) → the field's ``items`` or whole schema: a paragraph given as
#: its text alone (beside the mappings of a paragraph, a ``table:`` and an ``image:``), a cell
#: as its text or number, and a table's single header row as a flat list.
SHORTHANDS: dict[tuple[str, str], dict[str, Any]] = {
    ("Article", "paragraphs"): {"items": {"anyOf": [{"type": "string", "minLength": 1},
                                                    {"$ref": "#/$defs/Paragraph"}, {"$ref": "#/$defs/TableItem"},
                                                    {"$ref": "#/$defs/ImageItem"}]}},
    ("Table", "rows"): {"items": _ROW},
    ("Table", "header"): {"anyOf": [{"type": "array", "items": _ROW}, _ROW], "items": None, "type": None},
}


def issue_schema() -> dict[str, Any]:
    """The schema of an issue file, with a description for every field."""
    from .model import Issue

    schema = Issue.model_json_schema()
    _describe(schema, Issue)
    for name, defined in _models(Issue).items():
        _describe(schema["$defs"].get(name, {}), defined)
    for (model, field), changes in SHORTHANDS.items():
        prop = schema["$defs"][model]["properties"][field]
        prop.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del prop[key]
    return {"$schema": SCHEMA_DIALECT, "title": "gwformat issue", **{k: v for k, v in schema.items() if k != "title"}}


def _models(root: type) -> dict[str, type]:
    """Every model the schema of ``root`` names, by its name in ``$defs``."""
    from pydantic import BaseModel

    found: dict[str, type] = {}
    todo = [root]
    while todo:
        model = todo.pop()
        for info in model.model_fields.values():  # type: ignore[attr-defined]
            for inner in _types(info.annotation):
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner.__name__ not in found:
                    found[inner.__name__] = inner
                    todo.append(inner)
    return found


def _types(annotation: Any) -> Iterator[Any]:
    """The annotation and every type inside it (the arguments of a list, a union, an Annotated)."""
    yield annotation
    for argument in get_args(annotation):
        yield from _types(argument)


def _describe(schema: dict[str, Any], model: type) -> None:
    """Give each property of ``model`` without a description the docstring under its field, as
    pydantic's ``use_attribute_docstrings`` would, keys sorted as pydantic sorts them."""
    properties = schema.get("properties", {})
    for field, text in _field_docstrings(model).items():
        prop = properties.get(field)
        if prop is not None and "description" not in prop:
            prop["description"] = text
            properties[field] = dict(sorted(prop.items()))


def _field_docstrings(model: type) -> dict[str, str]:
    """The string under each annotated field in the class bodies of ``model`` and its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not klass.__module__.startswith("gwformat."):
            continue
        body = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0].body  # type: ignore[attr-defined]
        for node, after in zip(body, body[1:]):
            if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs
