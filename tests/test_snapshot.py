"""Layout snapshots catch a moved line with a message a person can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT, cli
from gwformat import snapshot
from gwformat.testing import assert_layout, check_layout

SNAPSHOT = ROOT / "tests" / "snapshots" / "lianluo-dongtai-27.json"


def with_one_more_character(tmp_path: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    data["articles"][0]["paragraphs"][2]["text"] = "再" + data["articles"][0]["paragraphs"][2]["text"]
    changed = tmp_path / "issue.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return changed


def test_the_committed_snapshot_matches_the_example():
    result = cli("check", str(EXAMPLE), "--snapshot", str(SNAPSHOT))
    assert result.returncode == 0, result.stdout
    assert "unchanged" in result.stdout


def test_one_more_character_fails_naming_page_and_line(tmp_path):
    changed = with_one_more_character(tmp_path)
    result = cli("check", str(changed), "--snapshot", str(SNAPSHOT))
    assert result.returncode == 1
    # 二、创新方式 … opens page 2's 8th line; one more character moves its first line's break
    assert "page 2, line 8: was “二、创新方式，激发活力。在今年的主题活动方案和指导意见”" in result.stdout
    assert "now “二、创新方式，激发活力。再在今年的主题活动方案和指导意”" in result.stdout


def test_update_rewrites_the_snapshot_and_then_check_passes(tmp_path):
    changed = with_one_more_character(tmp_path)
    copy = tmp_path / "snapshot.json"
    copy.write_text(SNAPSHOT.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("check", str(changed), "--snapshot", str(copy), "--update").returncode == 0
    assert cli("check", str(changed), "--snapshot", str(copy)).returncode == 0
    assert copy.read_text(encoding="utf-8") != SNAPSHOT.read_text(encoding="utf-8")


def test_pytest_helper(tmp_path):
    assert_layout(EXAMPLE, SNAPSHOT)
    with pytest.raises(AssertionError, match="page 2, line 8"):
        assert_layout(with_one_more_character(tmp_path), SNAPSHOT)


def test_snapshot_is_stable_and_versioned(example_document):
    data = snapshot.snapshot(example_document)
    assert data["version"] == snapshot.FORMAT_VERSION and len(data["pages"]) == 10
    assert snapshot.dumps(data) == SNAPSHOT.read_text(encoding="utf-8")
    first = data["pages"][1]["lines"][0]
    assert first["x_mm"] == 28.0 and first["size_pt"] == 16.0 and "FandolFang-Regular" in first["fonts"]


def test_moved_rule_and_page_count_are_reported():
    old = snapshot.load(SNAPSHOT)
    new = snapshot.load(SNAPSHOT)
    new["pages"][0]["rules"][0]["y_mm"] += 0.8
    new["pages"].append(new["pages"][-1])
    report = snapshot.compare(old, new)
    assert "page count 10 → 11" in report
    assert "page 1: red masthead rule moved 0.80 mm" in report


def test_a_missing_snapshot_is_a_clear_error(tmp_path):
    result = cli("check", str(EXAMPLE), "--snapshot", str(tmp_path / "none.json"))
    assert result.returncode == 2 and "no snapshot here" in result.stderr and "Traceback" not in result.stderr
    assert check_layout(EXAMPLE, tmp_path / "new.json", update=True) == []
