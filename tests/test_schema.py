"""`gwformat schema` describes the issue format as the models read it; `gwformat validate`
checks issues as a build does, without laying them out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, cli
from test_errors import CASES, VALID

EXAMPLES = sorted((ROOT / "examples").glob("*/issue.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    result = cli("schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _as_json(value):
    """YAML data as a JSON editor sees it: a date is its ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_every_field_of_every_model_has_a_description(schema):
    models = {"Issue": schema, **schema["$defs"]}
    assert set(models) == {"Issue", "Article", "Paragraph", "Distribution", "DistributionGroup",
                           "TableItem", "Table", "Cell", "ImageItem", "Figure"}
    undescribed = [f"{model}.{field}" for model, spec in models.items()
                   for field, prop in spec["properties"].items() if not prop.get("description")]
    assert undescribed == []
    assert schema["properties"]["number"]["description"] == "The issue number, printed 第N期."


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_issue_is_valid_under_the_schema(schema, example):
    jsonschema.validate(_as_json(yaml.safe_load(example.read_text(encoding="utf-8"))), schema)


@pytest.mark.parametrize("mistake, change", [
    ("unknown key", ("  - title: 标题", "  - titel: 标题")),
    ("wrong type", ("number: 27", "number: 二十七")),
    ("missing field", ("organ: 某机关\n", "")),
    ("paragraph that is neither text nor a mapping", ("      - 正文。", "      - [正文。]")),
])
def test_the_schema_refuses_what_the_model_refuses(schema, mistake, change):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(VALID.replace(*change)), schema)


def test_schema_writes_a_file_with_o(tmp_path, schema):
    result = cli("schema", "-o", str(tmp_path / "issue.schema.json"))
    assert result.returncode == 0 and json.loads((tmp_path / "issue.schema.json").read_text(encoding="utf-8")) == schema


def test_validate_passes_every_example():
    result = cli("validate", *map(str, EXAMPLES))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{p}: valid" for p in EXAMPLES]


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_gives_the_same_line_and_exit_code_as_build(tmp_path, case):
    source = tmp_path / "issue.yaml"
    source.write_text(CASES[case][0], encoding="utf-8")
    validated = cli("validate", str(source))
    built = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert validated.returncode == built.returncode == 2
    assert validated.stderr == built.stderr and len(validated.stderr.splitlines()) == 1


def test_validate_checks_the_kinds_fields_and_goes_on_through_a_batch(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("name: 联络动态", "kind: wenjian\nname: 联络动态"), encoding="utf-8")
    result = cli("validate", str(bad), str(good))
    built = cli("build", str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == built.returncode == 2
    assert result.stdout.splitlines() == [f"{good}: valid"]
    assert result.stderr == built.stderr and len(result.stderr.splitlines()) == 1
