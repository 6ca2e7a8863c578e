"""A rebuild in one process reuses what an edit left unchanged, and writes the bytes of a cold build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import gwformat
from gwformat.fonts import typeface

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lianluo-dongtai-27" / "issue.yaml"
FORMATS = ("pdf", "docx", "ofd")


def _paragraph_text(paragraph) -> str:
    return paragraph["text"] if isinstance(paragraph, dict) else paragraph


def _set_text(paragraphs: list, index: int, text: str) -> None:
    if isinstance(paragraphs[index], dict):
        paragraphs[index]["text"] = text
    else:
        paragraphs[index] = text


def _new_characters(data: dict, count: int) -> str:
    """``count`` characters the issue does not use and the body face draws: the edit grows the font subsets."""
    used = set(yaml.safe_dump(data, allow_unicode=True))
    face = typeface("fang")
    candidates = "鼋鼍鳜鲈麋鹿麝獐貔貅饕餮魑魅魍魉龃龉耄耋饴糍鹦鹉鸬鹚蟋蟀螳螂蜉蝣"
    chosen = [c for c in candidates if c not in used and face.main.has(c)]
    assert len(chosen) >= count
    return "".join(chosen[:count])


def _edits(data: dict) -> dict[str, dict]:
    """The issue edited in the ways a clerk edits one, each building on the one before."""
    import copy

    edits = {"none": copy.deepcopy(data)}  # saved again as it was: every page and paragraph is reused
    one = copy.deepcopy(data)
    paragraphs = one["articles"][1]["paragraphs"]
    text = _paragraph_text(paragraphs[2])
    _set_text(paragraphs, 2, text[:6] + text[7] + text[6] + text[8:])  # the same characters, two swapped
    edits["swap"] = one
    two = copy.deepcopy(one)
    paragraphs = two["articles"][0]["paragraphs"]
    _set_text(paragraphs, 0, _paragraph_text(paragraphs[0]) + _new_characters(data, 6))  # subsets grow
    edits["new characters"] = two
    three = copy.deepcopy(two)
    paragraphs = three["articles"][0]["paragraphs"]
    paragraphs.insert(1, _paragraph_text(paragraphs[1]) * 2)  # every page break after it moves
    edits["page breaks move"] = three
    four = copy.deepcopy(three)
    del four["articles"][0]["paragraphs"][:3]  # characters go, and pages go
    edits["paragraphs removed"] = four
    return edits


def _cold(issue: Path, out: Path, cache: Path) -> dict[str, bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "gwformat.cli", "build", str(issue), "-o", str(out),
                    *[arg for fmt in FORMATS for arg in ("-f", fmt)]], env=env, check=True, capture_output=True)
    return {path.suffix[1:]: path.read_bytes() for path in out.iterdir()}


def _texts(data: dict) -> list[tuple[list, int]]:
    """Every paragraph of running text in the issue: its list and index."""
    return [(article["paragraphs"], index) for article in data["articles"]
            for index, paragraph in enumerate(article.get("paragraphs", []))
            if isinstance(paragraph, str) or isinstance(paragraph, dict) and isinstance(paragraph.get("text"), str)]


def _small_edits(data: dict) -> dict[str, dict]:
    """A character swapped in the last paragraph, and characters new to the issue in the first."""
    import copy

    one = copy.deepcopy(data)
    paragraphs, index = _texts(one)[-1]
    text = _paragraph_text(paragraphs[index])
    _set_text(paragraphs, index, text[:3] + text[4] + text[3] + text[5:])
    two = copy.deepcopy(one)
    paragraphs, index = _texts(two)[0]
    _set_text(paragraphs, index, _paragraph_text(paragraphs[index]) + _new_characters(data, 4))
    return {"none": copy.deepcopy(data), "swap": one, "new characters": two}


def _rebuilds_match_cold_builds(tmp_path: Path, example: Path, edits) -> None:
    folder = tmp_path / "issue"
    shutil.copytree(example.parent, folder)  # with the pictures it names
    issue = folder / "issue.yaml"
    data = yaml.safe_load(issue.read_text(encoding="utf-8"))
    gwformat.build(issue, tmp_path / "first", formats=FORMATS)  # the process now holds the original's pieces
    for number, (name, edited) in enumerate(edits(data).items()):
        issue.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")
        rebuilt = {fmt: path.read_bytes()
                   for fmt, path in gwformat.build(issue, tmp_path / f"warm-{number}", formats=FORMATS).items()}
        cold = _cold(issue, tmp_path / f"cold-{number}", tmp_path / f"cache-{number}")
        assert rebuilt.keys() == cold.keys() == set(FORMATS)
        for fmt in FORMATS:
            assert rebuilt[fmt] == cold[fmt], f"{fmt} of {example.parent.name} after the edit '{name}'"


def test_a_rebuild_after_each_edit_gives_the_bytes_of_a_cold_build(tmp_path):
    _rebuilds_match_cold_builds(tmp_path, EXAMPLE, _edits)


@pytest.mark.parametrize("example", ["gongzuo-jianbao", "jianbao-photos", "wenjian", "lianhe-wenjian", "mingling", "hengpai"])
def test_rebuilds_of_emphasis_contents_pictures_seals_joint_marks_and_turned_tables_give_the_bytes_of_cold_builds(tmp_path, example):
    _rebuilds_match_cold_builds(tmp_path, ROOT / "examples" / example / "issue.yaml", _small_edits)


def test_an_edit_to_one_paragraph_leaves_the_other_pages_groups_as_they_were(example_issue):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    before = gwformat.layout(gwformat.issue_from_data(data))
    edited = _edits(data)["swap"]
    after = gwformat.layout(gwformat.issue_from_data(edited))
    assert [len(page.groups) for page in after.pages] == [len(page.groups) for page in before.pages]
    assert after != before
    # the swap is in article 2's third paragraph: only its groups are laid out again (it runs over two
    # pages), every other group is the very object of the layout before, the masthead's too
    again = {(page.number, new.path) for page, old in zip(after.pages, before.pages)
             for new, was in zip(page.groups, old.groups) if new is not was}
    assert {path for _, path in again} == {"articles[1].paragraphs[2]"}, again
    assert len(again) == 2
