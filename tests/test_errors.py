"""User mistakes end in one line naming what and where, exit code 2, and no output file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import gwformat
from conftest import cli
from gwformat.errors import FontCoverageError, InputError


VALID = """\
name: 联络动态
number: 27
organ: 某机关
date: 2020-12-24
articles:
  - title: 标题
    paragraphs:
      - 正文。
"""


def run_cli(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess, Path]:
    source = tmp_path / "issue.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", str(source), "-o", str(out))
    return result, out


CASES = {
    "malformed YAML": (VALID.replace("number: 27", "number: [27"), "issue.yaml:3:", "malformed YAML"),
    "missing field": (VALID.replace("organ: 某机关\n", ""), "issue.yaml:1:1", "missing required field 'organ'"),
    "unknown key": (VALID.replace("  - title: 标题", "  - titel: 标题"), "issue.yaml:6:5: articles[0]",
                    "unknown key 'titel' (did you mean 'title'?)"),
    "wrong type": (VALID.replace("number: 27", "number: 二十七"), "issue.yaml:2:9: number",
                   "expected an integer, found '二十七'"),
    "impossible date": (VALID.replace("2020-12-24", "2020-02-30"), "issue.yaml:4:7: date", "expected a date"),
    "negative number": (VALID.replace("number: 27", "number: -3"), "issue.yaml:2:9: number",
                        "expected a number of at least 1, found -3"),
    "empty article": (VALID.replace("  - title: 标题\n    paragraphs:\n      - 正文。\n", "  - {}\n"),
                      "issue.yaml:6:5: articles[0]", "missing required field 'title'"),
    "empty title": (VALID.replace("title: 标题", "title: ''"), "issue.yaml:6:12: articles[0].title",
                    "expected text, found nothing"),
    "empty distribution": (VALID + "distribution:\n  groups:\n    - label: 送\n      recipients: []\n",
                           "issue.yaml:12:19: distribution.groups[0].recipients", "expected at least one item"),
    "missing character": (VALID.replace("正文。", "正文😀。"), "issue.yaml:8:11: character '😀' (U+1F600) at "
                          "articles[0].paragraphs[0].text, offset 2", "FandolFang-Regular nor its fallback"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_user_mistakes_give_one_line_exit_2_and_no_output(tmp_path, case):
    text, where, what = CASES[case]
    result, out = run_cli(tmp_path, text)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert where in lines[0] and what in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_a_valid_file_builds(tmp_path):
    result, out = run_cli(tmp_path, VALID)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf"]


def test_api_errors_name_the_field_path():
    with pytest.raises(InputError) as error:
        gwformat.issue_from_data({"name": "联络动态", "number": 0, "organ": "某", "date": "2020-12-24",
                                  "articles": [{"title": "题", "paragraphs": ["文"]}]})
    assert str(error.value) == "number: expected a number of at least 1, found 0"


def test_a_character_only_the_fallback_has_is_drawn_from_it(tmp_path):
    issue = gwformat.issue_from_yaml(VALID.replace("正文。", "张堃同志。"))
    document = gwformat.layout(issue)
    faces = {g.char: g.face for page in document.pages for line in page.lines for g in line.glyphs}
    assert faces["堃"] == "NotoSerifSC-Fallback" and faces["张"] == "FandolFang-Regular"


def test_a_character_no_font_has_is_an_error():
    issue = gwformat.issue_from_yaml(VALID.replace("正文。", "𠮷野家"))
    with pytest.raises(FontCoverageError, match="U[+]20BB7"):
        gwformat.layout(issue)


def test_a_failed_build_leaves_the_previous_output(tmp_path):
    good, out = run_cli(tmp_path, VALID)
    assert good.returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad, _ = run_cli(tmp_path, VALID.replace("正文。", "正文😀。"))
    assert bad.returncode == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_builds_every_good_issue_and_fails_for_the_bad_ones(tmp_path, jobs):
    issues = []
    for number, text in enumerate([VALID, VALID.replace("正文。", "正文😀。"), VALID]):
        path = tmp_path / f"issue{number}.yaml"
        path.write_text(text.replace("number: 27", f"number: {number + 1}"), encoding="utf-8")
        issues.append(str(path))
    clash = tmp_path / "clash.yaml"
    clash.write_text(VALID.replace("number: 27", "number: 1"), encoding="utf-8")
    result = cli("build", *issues, str(clash), "-o", str(tmp_path / "out"), "--jobs", jobs)
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert "issue1.yaml" in errors[0] and "U+1F600" in errors[0]
    assert "clash.yaml" in errors[1] and "issue0.yaml" in errors[1]
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(built) == 4 and any("第1期" in n for n in built) and any("第3期" in n for n in built)
