"""Importing a clerk's Word draft of a 联合行文 and of a 命令, typed as a clerk types them.

The joint mark is the organs on lines of their own with 文件 beside one of them (after a tab,
full-width spaces, or nothing), the 署名 on one line apart by tabs or spaces (or one under
another); the 命令 is its 令 mark, the 令号, the text, the 签发人职务 and the date. The imported
issue's fields are asserted exactly, and the issue builds: its PDF shows the stacked organs.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

import gwformat
from conftest import cli
from gwformat.drafts import import_issue
from gwformat.load import issue_from_yaml

ORGANS = ["中共湖南省委办公厅", "湖南省人民政府办公厅"]
ADDRESSEE = "各市州、县市区党委和人民政府，省直机关各单位："
BODY = ["为进一步加强乡镇人大工作和建设，经省委、省人民政府同意，现提出如下意见。",
        "各地要结合实际，认真抓好贯彻落实。"]


def _line(document: docx.Document, text: str, align: WD_ALIGN_PARAGRAPH | None = None,
          size: float | None = None, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)


def joint_docx(path: Path, mark: list[str], signatures: list[str]) -> Path:
    """A 联合行文 as a clerk types it: the ``mark`` lines centred in 26 pt, the 发文字号, the title, the
    主送 顶格, the text indented with 　　, the ``signatures`` lines at the right, the date, the 版记."""
    document = docx.Document()
    for line in mark:
        _line(document, line, WD_ALIGN_PARAGRAPH.CENTER, 26, bold=True)
    _line(document, "湘办发〔2021〕18号", WD_ALIGN_PARAGRAPH.CENTER, 16)
    _line(document, "")
    _line(document, "关于加强乡镇人大工作和建设的实施意见", WD_ALIGN_PARAGRAPH.CENTER, 22, bold=True)
    _line(document, ADDRESSEE)
    for text in BODY:
        _line(document, "　　" + text)
    for line in signatures:
        _line(document, line, WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "2021年5月20日", WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "抄送：省人大常委会办公厅，省政协办公厅。")
    _line(document, "中共湖南省委办公厅　　　　2021年5月21日印发")
    document.save(str(path))
    return path


@pytest.mark.parametrize("mark, signatures", [
    ([f"{ORGANS[0]}\t文件", ORGANS[1]], [f"{ORGANS[0]}\t{ORGANS[1]}"]),            # as gwformat sets it
    ([ORGANS[0], f"{ORGANS[1]}　　文件"], [f"{ORGANS[0]}　　　　{ORGANS[1]}"]),      # 文件 by the last, spaces
    ([ORGANS[0], f"{ORGANS[1]}文件"], [f"{ORGANS[0]} {ORGANS[1]}"]),                # run on, one space
    ([f"{ORGANS[0]}　文件", ORGANS[1]], ORGANS),                                      # 署名 one under another
], ids=["tab", "spaces", "run-on", "stacked-signatures"])
def test_a_clerks_joint_document_gives_its_organs_signatures_and_fields(tmp_path, mark, signatures):
    imported = import_issue([joint_docx(tmp_path / "联合.docx", mark, signatures)], kind="wenjian")
    issue = issue_from_yaml(imported.text)
    assert issue.names == tuple(ORGANS)
    assert issue.organ == ORGANS[0]  # the host's 署名
    assert (issue.number, issue.date.isoformat(), issue.fields) == (18, "2021-05-20", {"doc_prefix": "湘办发"})
    article = issue.articles[0]
    assert article.title == "关于加强乡镇人大工作和建设的实施意见"
    assert article.addressee == ADDRESSEE
    assert [p.text for p in article.paragraphs] == BODY
    assert article.signature is None
    assert [(g.label, list(g.recipients)) for g in issue.distribution.groups] == \
        [("抄送", ["省人大常委会办公厅", "省政协办公厅"])]
    assert not [n for _, n in imported.notes if n.message.startswith("not imported")]


def test_an_imported_joint_document_builds_with_its_organs_stacked_in_the_mark(tmp_path):
    draft = joint_docx(tmp_path / "联合.docx", [ORGANS[0], f"{ORGANS[1]}　　文件"], [f"{ORGANS[0]}　　{ORGANS[1]}"])
    issue_file = tmp_path / "issue.yaml"
    result = cli("import", str(draft), "-o", str(issue_file), "--kind", "wenjian")
    assert result.returncode == 0, result.stderr
    pdf = gwformat.build(gwformat.load_issue(issue_file), tmp_path / "out", formats=["pdf"])["pdf"]
    with pdfplumber.open(pdf) as document:
        lines = document.pages[0].extract_text_lines()
    tops = {name: next(line["top"] for line in lines if name in line["text"].replace(" ", "")) for name in ORGANS}
    assert tops[ORGANS[1]] - tops[ORGANS[0]] > 40  # stacked, 20 mm apart, the host's first
    wen = next(line for line in lines if line["text"].replace(" ", "").endswith("文件"))
    assert tops[ORGANS[0]] < wen["top"] < tops[ORGANS[1]]  # 文件 beside them, centred on the stack


ORDER = "《湖南省乡镇人民代表大会代表联络站管理办法》已经2021年6月8日省人民政府第112次常务会议审议通过，现予公布，自2021年8月1日起施行。"


def order_docx(path: Path, text: str = ORDER) -> Path:
    """A 命令 as a clerk types it: the 令 mark and the 令号 centred, the text, the 签发人职务 and
    the date at the right, the 版记; no title, no stamp (it is pressed on paper)."""
    document = docx.Document()
    _line(document, "湖南省人民政府令", WD_ALIGN_PARAGRAPH.CENTER, 26, bold=True)
    _line(document, "第305号", WD_ALIGN_PARAGRAPH.CENTER, 16)
    _line(document, "")
    _line(document, "　　" + text)
    _line(document, "")
    _line(document, "省长", WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "2021年6月18日", WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "抄送：省委各部门，省人大常委会办公厅。")
    _line(document, "湖南省人民政府办公厅　　2021年6月18日印发")
    document.save(str(path))
    return path


def test_a_clerks_order_gives_its_mark_number_signer_and_the_work_it_promulgates_as_title(tmp_path):
    imported = import_issue([order_docx(tmp_path / "令.docx")], kind="mingling")
    issue = issue_from_yaml(imported.text)
    assert (issue.name, issue.number, issue.organ, issue.date.isoformat()) == \
        ("湖南省人民政府", 305, "湖南省人民政府", "2021-06-18")
    assert issue.fields == {"signer_title": "省长"}  # no 发文机关代字 placeholder: a 命令 prints none
    article = issue.articles[0]
    assert article.title == "湖南省乡镇人民代表大会代表联络站管理办法"  # not printed: recorded in the properties
    assert [p.text for p in article.paragraphs] == [ORDER]
    assert article.signature is None
    assert [(g.label, list(g.recipients)) for g in issue.distribution.groups] == \
        [("抄送", ["省委各部门", "省人大常委会办公厅"])]
    assert "title: 湖南省乡镇人民代表大会代表联络站管理办法  # guessed" in imported.text
    assert "organ: 湖南省人民政府  # guessed" in imported.text


def test_an_order_that_names_no_work_takes_its_title_from_the_word_subject_or_the_file_name(tmp_path):
    text = "任命张三为湖南省人民政府办公厅主任。"
    draft = order_docx(tmp_path / "任免令.docx", text)
    assert issue_from_yaml(import_issue([draft], kind="mingling").text).articles[0].title == "任免令"
    document = docx.Document(str(draft))
    document.core_properties.subject = "关于张三任职的命令"
    document.save(str(draft))
    assert issue_from_yaml(import_issue([draft], kind="mingling").text).articles[0].title == "关于张三任职的命令"


def test_a_joint_mark_whose_organ_the_fonts_cannot_draw_is_one_line_naming_its_paragraph(tmp_path):
    draft = joint_docx(tmp_path / "联合.docx", [f"{ORGANS[0]}\t文件", ORGANS[1] + "\ue000"], [f"{ORGANS[0]}\t{ORGANS[1]}"])
    out = tmp_path / "issue.yaml"
    result = cli("import", str(draft), "-o", str(out), "--kind", "wenjian")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "联合.docx, paragraph 1" in result.stderr and "U+E000" in result.stderr
    assert not out.exists()
