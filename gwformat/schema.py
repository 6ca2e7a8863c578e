"""The JSON Schema of the issue format, for editors that check and complete YAML as it is typed.

Generated from the pydantic models, whose field docstrings become the descriptions, so the
schema cannot drift from what :func:`gwformat.load_issue` accepts.
"""

from __future__ import annotations

from typing import Any

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
    for (model, field), changes in SHORTHANDS.items():
        prop = schema["$defs"][model]["properties"][field]
        prop.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del prop[key]
    return {"$schema": SCHEMA_DIALECT, "title": "gwformat issue", **{k: v for k, v in schema.items() if k != "title"}}
