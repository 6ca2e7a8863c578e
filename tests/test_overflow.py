"""Content that does not fit its place is either set so that it fits or refused, naming its field.

Nothing is ever drawn off the page, off the text block or over another line: each case below
was drawn so with exit 0 before. The property test at the end tries large random content.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gwformat
from conftest import ROOT, cli
from gwformat.errors import LayoutError
from gwformat.layout.bounds import BLOCK_ROLES, check_bounds
from gwformat.layout.tree import Document, Glyph, Group, Image, Line, Page, Rule

BASE = {"name": "测试动态", "number": 1, "organ": "测试机关", "date": "2024-01-02",
        "articles": [{"title": "测试标题", "paragraphs": ["正文。"], "signature": "测试处　某某"}],
        "distribution": {"groups": [{"label": "送", "recipients": ["甲单位"]}], "printed_by": "办公厅"}}
WENJIAN = {"kind": "wenjian", "fields": {"doc_prefix": "湘政发"}}


def data(**changes) -> dict:
    out = copy.deepcopy(BASE)
    out.update(copy.deepcopy(changes))
    return out


def article(**changes) -> list[dict]:
    return [{**BASE["articles"][0], **changes}]


# (content, the field the message names, what the message says fits)
REFUSED = {
    "1,000 recipients": (data(distribution={"groups": [{"label": "送", "recipients": [f"单位{i}" for i in range(1000)]}]}),
                         "distribution", "at most 38 fit"),
    "50 title lines": (data(articles=article(title=[f"标题第{i}行" for i in range(50)])),
                       "articles[0].title", "at most 12 lines"),
    "a title of 300 characters": (data(articles=article(title="题" * 300)), "articles[0].title", "at most 12 lines"),
    "a 59-character title line": (data(articles=article(title=["题" * 59, "短"])), "articles[0].title", "at most 20"),
    "a 99-character organ": (data(organ="机" * 99), "organ", "at most 27 fit"),
    "an organ into the date": (data(organ="机" * 22), "organ", "runs into 'date'"),
    "a 200-character signature": (data(articles=article(signature="签" * 200)), "articles[0].signature", "at most 24"),
    "a Latin signature": (data(articles=article(signature="B" * 100)), "articles[0].signature", "at most 33"),
    "a 40-character masthead name": (data(name="名" * 40), "name", "the line 'display_name'"),
    "a long label": (data(distribution={"groups": [{"label": "送" * 30, "recipients": ["甲"]}]}),
                     "distribution.groups[0].label", "at most half the line, 20 characters"),
    "a long 印发 line": (data(distribution={"groups": [{"label": "送", "recipients": ["甲"]}], "printed_by": "印" * 80}),
                       "distribution.printed_by", "at most 42"),
    "a long 密级": (data(kind="jianbao-neibu", fields={"secrecy": "密" * 60}), "fields.secrecy", "at most 27"),
    "a long 发文字号": (data(**WENJIAN | {"fields": {"doc_prefix": "湘" * 60}}), "fields.doc_prefix",
                     "the line 'doc_number'"),
    "a 发文字号 into the 签发人": (data(**WENJIAN | {"fields": {"doc_prefix": "湘" * 16, "signer": "张三"}}),
                            "fields.doc_prefix", "runs into 'signer_label'"),
    "a long 署名": (data(**WENJIAN, organ="机" * 27), "organ", "at most 24 fit"),
    "a long 附注": (data(**WENJIAN | {"fields": {"doc_prefix": "湘政发", "note": "注" * 40}}), "fields.note", "fit"),
    "a long 附件 label": (data(**WENJIAN, articles=[{"title": "标题", "paragraphs": ["正文。"]},
                                                  {"title": "附件", "label": "附" * 50, "new_page": True}]),
                        "articles[1].label", "at most 28"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_content_that_cannot_fit_is_refused_naming_its_field_and_what_fits(case):
    content, field, fits = REFUSED[case]
    with pytest.raises(LayoutError) as raised:
        gwformat.layout(gwformat.issue_from_data(content))
    assert raised.value.where == field
    assert fits in raised.value.message
    assert raised.value.exit_code == 2


def test_a_refusal_on_the_command_line_is_one_line_with_file_line_and_column_exit_2_and_no_output(tmp_path):
    source = tmp_path / "issue.yaml"
    source.write_text("name: 测试动态\nnumber: 1\norgan: " + "机" * 99 + "\ndate: 2024-01-02\n"
                      "articles:\n  - title: 标题\n    paragraphs: [正文。]\n", encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "issue.yaml:3:8" in result.stderr and "organ" in result.stderr and "at most 27 fit" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_masthead_name_that_is_too_wide_is_set_smaller_but_never_below_the_body_size():
    document = gwformat.layout(gwformat.issue_from_data(data(name="湖南省人大常委会工作动态")))
    masthead = next(line for line in document.pages[0].lines if line.role == "masthead")
    block = document.block
    assert 16_000 <= masthead.size < 42_000
    assert block.left <= masthead.x0 and masthead.x1 <= block.left + block.width
    with pytest.raises(LayoutError, match="made from name"):
        gwformat.layout(gwformat.issue_from_data(data(name="湖南省人大常委会选举任免联络工作委员会工作动态")))


def test_a_long_title_string_is_split_quickly_into_lines_that_fit():
    document = gwformat.layout(gwformat.issue_from_data(data(articles=article(title="关于做好代表工作的通知" * 19))))
    lines = [line for line in document.pages[0].lines + document.pages[1].lines if line.role == "title"]
    assert "".join(line.text for line in lines) == "关于做好代表工作的通知" * 19
    assert all(len(line.text) <= 18 for line in lines) and len(lines) <= 12


def test_recipients_hang_after_a_label_longer_than_the_kind_gives_it():
    groups = [{"label": "送", "recipients": ["甲单位"]}, {"label": "抄送", "recipients": ["乙单位" * 20]}]
    document = gwformat.layout(gwformat.issue_from_data(data(distribution={"groups": groups})))
    lines = [line for line in document.pages[-1].lines if line.role == "distribution"]
    label = next(line for line in lines if line.text == "抄送：")
    first, second = (line for line in lines if line.source.path == "distribution.groups[1].recipients[0]")
    assert first.x0 == second.x0 >= label.x1 > lines[0].x1  # after its colon (7.4.2), beyond 送：'s column
    assert first.x0 > next(line for line in lines if line.text == "甲单位").x0


def test_the_longest_distribution_that_fits_stands_on_one_page():
    recipients = [f"单位{i}" for i in range(38)]
    document = gwformat.layout(gwformat.issue_from_data(data(distribution={"groups": [{"label": "送",
                                                                                       "recipients": recipients}]})))
    last = document.pages[-1]
    assert sum(1 for line in last.lines if line.role == "distribution") == 38 + 1  # and the label


def _document(line: Line | None = None, rule: Rule | None = None) -> Document:
    example = gwformat.layout(gwformat.issue_from_data(BASE))
    page = example.pages[0]
    page = Page(page.number, page.width, page.height, page.lines + ((line,) if line else ()),
                page.rules + ((rule,) if rule else ()), page.folio)
    return Document((page,), example.block, "", "", "", "")


def _line(role: str, x: int, baseline: int, band: tuple[int, int]) -> Line:
    return Line(role, "字", 16_000, "#000000", baseline, x, x + 16_000, (Glyph("字", "fang", x, 16_000),),
                band=band)


@pytest.mark.parametrize("line, rule, found", [
    (_line("masthead", -5_000, 100_000, (86_000, 102_000)), None, "runs off"),
    (_line("body", 300_000, 830_000, (815_000, 835_000)), None, "bottom of the text block"),
    (_line("folio", 300_000, 850_000, (837_000, 853_000)), None, "bottom of the page"),
    (None, Rule("masthead", 0, 700_000, 100_000, 1000, "#000000"), "rule runs off the page"),
    (None, Rule("distribution", 10_000, 300_000, 700_000, 1000, "#000000"), "rule runs off the text block"),
])
def test_the_layout_refuses_any_line_or_rule_outside_its_area(line, rule, found):
    with pytest.raises(LayoutError, match=found):
        check_bounds(_document(line, rule))


def test_two_lines_that_overlap_are_refused():
    example = gwformat.layout(gwformat.issue_from_data(BASE))
    body = next(line for line in example.pages[0].lines if line.role == "body")
    with pytest.raises(LayoutError, match="runs into"):
        check_bounds(_document(_line("body", body.x0 + 8_000, body.baseline, body.band)))


TABLE = {"title": "表题", "header": ["项目", "数量"], "rows": [["甲", "1"], ["乙", "2"]]}


def _moved(document: Document, role: str, dx: int) -> Document:
    """``document`` with the first ``role`` item (a table cell, a picture) moved ``dx`` to the right."""
    def move(group: Group, done: list[bool]) -> Group:
        items = []
        for item in group.items:
            if not done[0] and isinstance(item, Image) and role == "image":
                item, done[0] = dataclasses.replace(item, x=item.x + dx), True
            elif not done[0] and isinstance(item, Group) and item.role == role:
                x0, top, x1, bottom = item.box
                item, done[0] = dataclasses.replace(item, box=(x0 + dx, top, x1 + dx, bottom)), True
            elif isinstance(item, Group):
                item = move(item, done)
            items.append(item)
        return dataclasses.replace(group, items=tuple(items))

    done = [False]
    pages = tuple(Page.from_groups(page.number, page.width, page.height,
                                   tuple(move(group, done) for group in page.groups), page.folio)
                  for page in document.pages)
    assert done[0], f"no {role} to move"
    return dataclasses.replace(document, pages=pages)


@pytest.mark.parametrize("role, source", [
    ("cell", lambda: gwformat.issue_from_data(data(articles=article(paragraphs=["前文。", {"table": TABLE}])))),
    ("image", lambda: gwformat.load_issue(ROOT / "examples" / "jianbao-photos" / "issue.yaml")),
])
def test_a_table_cell_or_picture_outside_the_text_block_is_refused(role, source):
    document = gwformat.layout(source())
    check_bounds(document)  # as laid out, inside
    block = document.block
    with pytest.raises(LayoutError, match="runs off the text block"):
        check_bounds(_moved(document, role, block.width))
    with pytest.raises(LayoutError, match="runs off the text block"):
        check_bounds(_moved(document, role, -block.width))


# Large and odd content: either a layout whose every line and rule lies where it may, or a
# refusal naming a field; never anything else.
TEXT = st.text(st.sampled_from("机关委员会办公厅人大常务ABCxyz0123456789（）《》，。、：—"), min_size=1, max_size=120)
ODD = st.one_of(TEXT, st.builds(lambda c, n: c * n, st.sampled_from("字AW1。（"), st.integers(1, 400)))
_FITTING = st.text(st.sampled_from("机关委员会办公厅人大AW1（）"), min_size=1, max_size=6)
SHORT = st.one_of(_FITTING, _FITTING, _FITTING, ODD)  # mostly fits


@st.composite
def large_issues(draw) -> dict:
    kind = draw(st.sampled_from(["jianbao", "jianbao-neibu", "zengkan", "wenjian", "xinhan", "jiyao"]))
    content = {"kind": kind, "name": draw(SHORT), "number": draw(st.integers(1, 99_999)), "organ": draw(SHORT),
               "date": "2024-01-02", "fields": {}}
    if kind in ("wenjian", "xinhan", "jiyao"):
        content["fields"]["doc_prefix"] = draw(SHORT)
    if kind not in ("jianbao", "zengkan") and draw(st.booleans()):
        content["fields"].update(copy_number=draw(SHORT), secrecy=draw(SHORT))
    title = draw(st.one_of(ODD, st.lists(SHORT, min_size=1, max_size=14)))
    paragraphs = draw(st.lists(ODD, min_size=0, max_size=4))
    content["articles"] = [{"title": title, "paragraphs": paragraphs, "signature": draw(SHORT)}]
    if draw(st.booleans()):
        content["distribution"] = {"groups": [{"label": draw(st.sampled_from(["送", "抄送", draw(SHORT)])),
                                               "recipients": draw(st.lists(ODD, min_size=1, max_size=40))}],
                                   "printed_by": draw(SHORT)}
    return content


@settings(max_examples=120, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(large_issues())
def test_no_line_or_rule_of_large_random_content_lies_outside_the_page_or_the_block(content):
    issue = gwformat.issue_from_data(content)
    try:
        document = gwformat.layout(issue)
    except LayoutError as error:
        assert error.where and error.message and "\n" not in str(error)
        return
    block = document.block
    for page in document.pages:
        for line in page.all_lines:
            for glyph in line.ink:
                assert 0 <= glyph.x and glyph.x + glyph.advance <= page.width + glyph.advance // 2, line.text
                assert block.left <= glyph.x < block.left + block.width, (line.role, line.text)
            assert 0 <= line.band[0] <= line.band[1] <= page.height
            assert line.x1 <= block.left + block.width and line.x0 >= block.left, (line.role, line.text)
            if line.role in BLOCK_ROLES and line.ink:
                assert block.top <= line.band[0] and line.band[1] <= block.top + block.height, (line.role, line.text)
        for rule in page.rules:
            assert 0 <= rule.x0 <= rule.x1 <= page.width and 0 <= rule.y <= page.height
