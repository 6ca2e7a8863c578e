"""A newcomer's probe of the structure (要目, 栏目, 编者按, 按语) and of emphasis, kept as regressions.

Each test is a case that once went wrong: a marker printed where no emphasis is set, an
escape printed in the 要目, a heading whose emphasised numbering hid its level, a title's
lines read as one text. Read back from what is written: pdftotext, pdfplumber's fonts,
the outline with pypdf.
"""

from __future__ import annotations

import pdfplumber
import pypdf
import pytest
import yaml

import gwformat
from conftest import cli, pdf_text

HEAD = {"kind": "jianbao", "name": "工作简报", "number": 1, "organ": "办公厅", "date": "2021-06-18"}


def _written(tmp_path, data: dict) -> tuple[object, object]:
    """The issue written as YAML and built to PDF: the command's result and the output folder."""
    source = tmp_path / "issue.yaml"
    source.write_text(yaml.safe_dump({**HEAD, **data}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    return cli("build", str(source), "-o", str(out), "-f", "pdf"), out


def _article(**extra) -> dict:
    return {"title": "标题一", "paragraphs": ["正文。"], **extra}


@pytest.mark.parametrize("where, data", [
    ("articles[0].signature", {"articles": [_article(signature="**代表**联络处")]}),
    ("articles[0].label", {"articles": [_article(label="附件**1**", new_page=True)]}),
    ("articles[0].attachments[0]", {"articles": [_article(attachments=["**附件**标题"])]}),
    ("articles[0].paragraphs[0].table.title",
     {"articles": [_article(paragraphs=[{"table": {"title": "表1　**重点**", "rows": [["甲", "乙"]]}}])]}),
    ("articles[0].paragraphs[0].table.note",
     {"articles": [_article(paragraphs=[{"table": {"rows": [["甲", "乙"]], "note": "注：**x**"}}])]}),
    ("distribution.groups[0].recipients[1]",
     {"articles": [_article()], "distribution": {"groups": [{"label": "送", "recipients": ["甲", "**全国**人大"]}]}}),
    ("distribution.printed_by",
     {"articles": [_article()], "distribution": {"groups": [{"label": "送", "recipients": ["甲"]}],
                                                 "printed_by": "**办公厅**"}}),
    ("organ", {"organ": "**办公厅**", "articles": [_article()]}),
])
def test_a_marker_in_a_field_set_as_typed_is_refused_at_its_place_never_printed(tmp_path, where, data):
    result, out = _written(tmp_path, data)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"issue.yaml:" in lines[0] and where in lines[0] and "**" in lines[0], result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_marker_in_a_column_label_is_refused_at_its_place(tmp_path):
    result, out = _written(tmp_path, {"contents": True, "articles": [_article(column="**工作**动态")]})
    assert result.returncode == 2
    assert "articles[0].column" in result.stderr and "栏目" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_escapes_in_a_column_and_a_title_are_read_in_the_label_the_contents_and_the_bookmarks(tmp_path):
    result, out = _written(tmp_path, {"contents": True, "articles": [
        _article(column="工作\\*\\*动态", title="标题\\*\\*一"),
        _article(column="工作\\*\\*动态", title=["第二篇\\*", "\\\\标题"])]})
    assert result.returncode == 0, result.stderr
    pdf = next(out.glob("*.pdf"))
    text = pdf_text(pdf)
    assert "\\*" not in text and "\\\\" not in text
    assert text.count("【工作**动态】") == 2  # in the 要目 and over the first article, once for the run
    assert text.count("标题**一") == 2 and text.count("第二篇*\\标题") == 1  # the 要目 entry; the title in two lines
    outline = pypdf.PdfReader(pdf).outline
    assert outline[0]["/Title"] == "【工作**动态】"
    assert [entry["/Title"] for entry in outline[1]] == ["标题**一", "第二篇*\\标题"]


def test_a_title_s_lines_are_read_each_on_its_own(tmp_path):
    # a * ending one line and a * opening the next are two literal stars, not a ** left open
    result, out = _written(tmp_path, {"articles": [_article(title=["标题一*", "*标题二"])]})
    assert result.returncode == 0, result.stderr
    assert "标题一*\n*标题二" in pdf_text(next(out.glob("*.pdf")))


def test_a_title_line_with_emphasis_is_refused_at_its_line(tmp_path):
    result, _ = _written(tmp_path, {"articles": [_article(title=["标题一", "标题**二**"])]})
    assert result.returncode == 2
    line = yaml.safe_dump({**HEAD, "articles": [_article(title=["标题一", "标题**二**"])]}, allow_unicode=True,
                          sort_keys=False).splitlines().index("  - 标题**二**") + 1
    assert f"issue.yaml:{line}:7: articles[0].title" in result.stderr and "not set in a title" in result.stderr


@pytest.mark.parametrize("heading", ["**一、**紧扣大局。", "**一、紧扣大局。**"])
def test_an_emphasised_numbering_still_gives_the_heading_its_level(heading):
    issue = gwformat.issue_from_data({**HEAD, "articles": [
        _article(paragraphs=[{"heading": heading, "text": "正文。"}])]})
    assert issue.articles[0].paragraphs[0].level == 1
    document = gwformat.layout(issue)
    assert "一、紧扣大局。正文。" in [line.text for page in document.pages for line in page.lines]


def test_an_emphasised_numbering_is_set_in_the_emphasis_face(tmp_path):
    result, out = _written(tmp_path, {"articles": [_article(paragraphs=[
        {"heading": "（一）**紧扣**大局。", "text": "正文。"}, {"heading": "**（二）**紧扣大局。", "text": "正文。"}])]})
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(next(out.glob("*.pdf"))) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] in "紧二"]
    faces = {c["text"]: c["fontname"] for c in chars}
    body = [c["fontname"] for c in chars if c["text"] == "紧"]
    assert "Hei" in body[0] and "Hei" not in body[1]  # 紧扣 emphasised in the first heading only
    assert "Hei" in faces["二"]


def test_a_marker_left_open_in_a_heading_is_reported_as_that_not_as_a_missing_level(tmp_path):
    result, _ = _written(tmp_path, {"articles": [_article(paragraphs=[{"heading": "**一、紧扣", "text": "正文。"}])]})
    assert result.returncode == 2
    assert "articles[0].paragraphs[0].heading" in result.stderr and "never closed" in result.stderr


def test_a_literal_marker_in_a_column_imports_back_escaped(tmp_path):
    result, out = _written(tmp_path, {"articles": [_article(column="工作\\*\\*动态")]})
    assert result.returncode == 0, result.stderr
    docx_out = tmp_path / "docx"
    assert cli("build", str(tmp_path / "issue.yaml"), "-o", str(docx_out), "-f", "docx").returncode == 0
    back = tmp_path / "back.yaml"
    result = cli("import", str(next(docx_out.glob("*.docx"))), "-o", str(back))
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(back.read_text(encoding="utf-8"))["articles"][0]["column"] == "工作\\*\\*动态"
