"""A template's mistakes, and its abuses, end in one line naming the template file and key, exit 2.

Text patterns render in a sandbox bounded in the language it accepts, the sizes it makes and the
text it returns (gwformat/patterns.py); every template value has a range the schema checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gwformat
from conftest import cli
from gwformat.errors import TemplateError
from gwformat.kinds import load_kind

ISSUE = ("kind: probe\nname: 测试动态\nnumber: 3\ntotal: 5\norgan: 某办公室\ndate: 2024-02-02\n"
         "articles:\n  - title: 标题\n    paragraphs: [正文。]\n")


def kind_with(folder: Path, body: str) -> Path:
    """A kind 'probe' extending jianbao with ``body`` (YAML) over it."""
    (folder / "probe.yaml").write_text("extends: jianbao\nname: probe\ndescription: 试验\n" + body, encoding="utf-8")
    load_kind.cache_clear()
    return folder / "probe.yaml"


def pattern(source: str) -> str:
    """The masthead's issue line given as ``source``, quoted for YAML."""
    return "text:\n  issue: '" + source.replace("'", "''") + "'\n"


# (pattern, what the message says): each used to end in a traceback, hang, eat gigabytes or print garbage
PATTERNS = {
    "include": ("{% include 'jianbao.yaml' %}", "'{% include %}' is not allowed"),
    "import": ("{% import 'x' as y %}", "'{% import %}' is not allowed"),
    "from import": ("{% from 'x' import y %}", "is not allowed"),
    "extends": ("{% extends 'jianbao' %}", "'{% extends %}' is not allowed"),
    "a recursive macro": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "'{% macro %}' is not allowed"),
    "a recursive loop": ("{% for a in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursive"),
    "a nested loop": ("{% set s = 'x' * 1000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
                      "a loop inside a loop"),
    "a long loop": ("{% for a in 'x' * 100000 %}{% endfor %}", "a loop over 100,000 items"),
    "format_map": ("{{ '{0}'.format_map({}) }}", "IndexError"),
    "range(10**9)": ("{% for i in range(10**9) %}x{% endfor %}", "Range too big"),
    "division by zero": ("{{ number / 0 }}", "ZeroDivisionError"),
    "cn on a string": ("{{ 'abc' | cn }}", "the filter 'cn' writes a whole number"),
    "cn_date on a number": ("{{ number | cn_date }}", "the filter 'cn_date' writes a date"),
    "a gigabyte string": ("{{ 'x' * 10**9 }}", "'*' would make 1,000,000,000 items"),
    "a huge power": ("{{ 2 ** (10 ** 6) }}", "exponent"),
    "a wide centre": ("{{ 'x' | center(10**9) }}", "the filter 'center' is given 1,000,000,000"),
    "a wide ljust": ("{{ 'x'.ljust(10**9) }}", "ljust() is given"),
    "a wide % format": ("{{ '%999999999s' % 1 }}", "a format width over"),
    "a wide str.format": ("{{ '{:>999999999}'.format(1) }}", "a format width over"),
    "a quadratic replace": ("{% set s = 'x' * 100000 %}{{ s | replace('x', s) }}", "too much to make"),
    "a list of big strings": ("{% set s = 'x' * 100000 %}{{ ([s] * 1000) | join }}", "'*' would make"),
    "too much output": ("{% set s = 'x' * 90000 %}{{ s }}{{ s }}", "renders more than 100,000 characters"),
    "an undefined name": ("{{ number.nothing }}", "has no attribute"),
    "the sandbox": ("{{ ''.__class__.__mro__ }}", "unsafe"),
}


def refusal(folder: Path, body: str) -> tuple[Path, str]:
    """The template written from ``body`` and the one line its load or render raises."""
    path = kind_with(folder, body)
    with pytest.raises(TemplateError) as raised:
        load_kind("probe", str(folder)).render("issue", number=3, total=5)
    text = str(raised.value)
    assert "\n" not in text and len(text) < 400, text
    return path, text


@pytest.mark.parametrize("case", PATTERNS)
def test_a_pattern_error_is_one_line_naming_the_template_and_key(tmp_path, case):
    source, message = PATTERNS[case]
    path, text = refusal(tmp_path, pattern(source))
    assert str(path) in text and "text.issue" in text and message in text, text


def test_the_command_reports_a_pattern_error_in_one_line_exit_2_and_writes_nothing(tmp_path):
    kind_with(tmp_path, pattern("{{ total / 0 }}"))
    issue = tmp_path / "issue.yaml"
    issue.write_text(ISSUE, encoding="utf-8")
    result = cli("build", str(issue), "-o", str(tmp_path / "out"), "--templates", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "probe.yaml" in result.stderr and "text.issue" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_listing_kinds_with_a_gigabyte_pattern_is_quick_and_small(tmp_path):
    kind_with(tmp_path, pattern("{{ 'x' * 10**9 }}"))
    result = cli("kinds", "--templates", str(tmp_path))  # it used to take 25 s and 3.9 GB
    assert "Traceback" not in result.stderr and len(result.stderr) < 400


def test_a_pattern_may_still_use_what_a_line_needs(tmp_path):
    kind_with(tmp_path, pattern("第{{ number }}期{% if total %}（{% for c in total | cn %}{{ c }}{% endfor %}）"
                                "{% endif %}{{ [1, 2] | map('string') | join('、') }}{{ '%02d' % number }}"))
    assert load_kind("probe", str(tmp_path)).render("issue", number=3, total=12) == "第3期（十二）1、203"


# (template YAML over jianbao, the key the message names): each built garbage with exit 0
VALUES = {
    "a tiny size": ("styles:\n  body: {face: fang, size: 0.0001, grid: true}\n", "styles.body.size"),
    "a huge size": ("styles:\n  title: {face: song, size: 1e6}\n", "styles.title.size"),
    "NaN": ("masthead:\n  rows: 7\n  items:\n    - {text: issue, style: issue_line, top_mm: .nan}\n",
            "masthead.items.0.top_mm"),
    "infinity": ("page:\n  width_mm: .inf\n", "page.width_mm"),
    "an evil colour": ("styles:\n  masthead: {face: song, size: 42, color: 'red; evil'}\n", "styles.masthead.color"),
    "a tiny block": ("page:\n  block_width_mm: 0.001\n", "page.block_width_mm"),
    "one character a line": ("page:\n  chars: 1\n", "page.chars"),
    "a grid the type does not fill": ("page:\n  chars: 60\n", "styles.body.size"),
    "a negative rule": ("masthead:\n  rows: 7\n  rules:\n    - {y_mm: 61, thickness_pt: 1.5, width_mm: -210}\n",
                        "masthead.rules.0.width_mm"),
    "a rule wider than the page": ("masthead:\n  rows: 7\n  rules:\n    - {y_mm: 61, thickness_pt: 1, width_mm: 300}\n",
                                   "masthead.rules[0]"),
    "a block off the page": ("page:\n  left_mm: 100\n", "page.block_width_mm"),
    "a masthead below the page": ("masthead:\n  rows: 7\n  items:\n    - {text: issue, style: issue_line, "
                                  "baseline_mm: 900}\n", "masthead.items[0]"),
    "a page number off the page": ("folio:\n  below_block_mm: 40\n", "folio.below_block_mm"),
    "a negative indent": ("paragraph:\n  indent_chars: -3\n", "paragraph.indent_chars"),
    "zero title characters": ("title:\n  max_chars: 0\n", "title.max_chars"),
    "a cramped distribution": ("distribution:\n  line_pitch_pt: 2\n", "distribution.line_pitch_pt"),
    "a thick rule": ("distribution:\n  rule_outer_mm: 40\n", "distribution.rule_outer_mm"),
}


@pytest.mark.parametrize("case", VALUES)
def test_an_out_of_range_template_value_is_refused_naming_the_file_and_key(tmp_path, case):
    body, key = VALUES[case]
    path, text = refusal(tmp_path, body)
    assert str(path) in text and key in text, text


def test_a_colour_name_from_the_table_is_its_hex_value(tmp_path):
    kind_with(tmp_path, "styles:\n  masthead: {face: song, size: 42, color: red}\n")
    assert load_kind("probe", str(tmp_path)).styles["masthead"].color == "#E60012"


def test_the_shipped_kinds_are_within_every_range():
    assert {kind.name for kind in gwformat.kinds.list_kinds()} >= {"jianbao", "wenjian", "xinhan"}
