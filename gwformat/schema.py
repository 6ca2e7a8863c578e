"""The JSON Schema of the issue format, for editors that check and complete YAML as it is typed.

Generated from the pydantic models, whose field docstrings become the descriptions, so the
schema cannot drift from what :func:`gwformat.load_issue` accepts.
"""

from __future__ import annotations

from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Shorthands the models read in a "before" validator, which pydantic cannot see to put in
#: the schema: a paragraph given as its text alone, a table cell as its text or number.
_CELL = {"anyOf": [{"type": "string"}, {"type": "number"}, {"$ref": "#/$defs/Cell"}]}
SHORTHANDS = {("Article", "paragraphs"): {"anyOf": [{"type": "string", "minLength": 1},
                                                    {"$ref": "#/$defs/Paragraph"}, {"$ref": "#/$defs/TableItem"},
                                                    {"$ref": "#/$defs/ImageItem"}]},
              # a table's cell given as its text or number; a single header row as a flat list
              ("Table", "rows"): {"type": "array", "items": _CELL},
              ("Table", "header"): {"anyOf": [_CELL, {"type": "array", "items": _CELL}]}}


def issue_schema() -> dict[str, Any]:
    """The schema of an issue file, with a description for every field."""
    from .model import Issue

    schema = Issue.model_json_schema()
    for (model, field), items in SHORTHANDS.items():
        schema["$defs"][model]["properties"][field]["items"] = items
    return {"$schema": SCHEMA_DIALECT, "title": "gwformat issue", **{k: v for k, v in schema.items() if k != "title"}}
