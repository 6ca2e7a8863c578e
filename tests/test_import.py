"""Importing drafts as offices write them: Word, GBK text wrapped by hand, and Markdown.

Each fixture is made here the way a department writes it; the imported issue's titles,
paragraph texts, heading levels, signature and recipients are asserted exactly, and every
imported issue builds to a PDF and a DOCX that hold its text.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

import gwformat
from conftest import EXAMPLE, cli
from gwformat.drafts import import_issue
from gwformat.emphasis import parse
from gwformat.errors import InputError
from gwformat.load import issue_from_yaml

FIELDS = {"name": "联络动态", "number": 3, "organ": "某机关", "date": "2021-01-05"}

BODY_1 = "今年以来，各级人大代表围绕中心工作，积极履职，取得了明显成效。现将有关情况通报如下。"
HEAD_1, TEXT_1 = "一、提高认识，加强领导。", "各地把代表工作摆上重要议事日程，主要负责同志亲自研究部署。"
HEAD_2, TEXT_2 = "（一）健全制度。", "制定了联系代表的办法，明确了责任分工。"
HEAD_3, TEXT_3 = "1.完善机制。", "建立代表建议办理情况的跟踪督办机制。"
HEAD_4, TEXT_4 = "（2）注重实效。", "推动解决了一批群众关心的实际问题。"
BROKEN = ("代表们深入基层，走访群众，", "收集意见建议120余条。")
CLOSING = "二、下一步工作"
LAST = "下一步，我们将继续做好代表联络服务工作。"
SIGNATURE = "代表联络处　李尚达"
TITLE = ["关于全省人大代表", "开展主题活动情况的通报"]


def office_docx(path: Path) -> Path:
    """A Word draft as a department sends it: a centred bold two-line title in 2号, 　　 indents,
    a manual line break inside a paragraph, run-in headings of all four levels with the
    heading in bold, a right-aligned signature in brackets, and 送/抄送 lines at the end."""
    document = docx.Document()
    for line in TITLE:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold, run.font.size = True, Pt(22)
    document.add_paragraph("")
    document.add_paragraph("　　" + BODY_1)
    for head, text in ((HEAD_1, TEXT_1), (HEAD_2, TEXT_2), (HEAD_3, TEXT_3), (HEAD_4, TEXT_4)):
        paragraph = document.add_paragraph("　　")
        paragraph.add_run(head).bold = True
        paragraph.add_run(text)
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    run = paragraph.add_run(BROKEN[0])
    run.add_break()
    paragraph.add_run(BROKEN[1])
    document.add_paragraph("　　" + CLOSING)
    document.add_paragraph("    " + LAST)
    signature = document.add_paragraph(f"（{SIGNATURE}）")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("送：省人大常委会办公厅，各市州人大常委会联工委。")
    document.add_paragraph("抄送：省委办公厅、省政府办公厅；省政协办公厅。")
    document.save(str(path))
    return path


TXT_TITLE = "关于做好2021年县乡人大换届选举工作的通知"
TXT_PARAGRAPHS = [
    "各市州人大常委会：",
    "根据宪法和选举法的规定，明年上半年全省将进行县乡两级人大换届选举。为做好这次换届选举工作，现就有关事项通知如下：",
    {"heading": "一、充分认识换届选举工作的重要意义。",
     "text": "县乡两级人大换届选举是全省政治生活中的一件大事，是发展全过程人民民主的重要实践，各地要高度重视，精心组织。"},
    {"heading": "二、依法做好选区划分和选民登记工作"},
    "选区划分要便于选民参加选举活动，便于代表联系选民，做到选民登记不错登、不漏登、不重登。",
]
TXT_SIGNATURE = "选举任免处　容畅"


def wrapped(text: str, width: int = 28, indent: str = "　　") -> list[str]:
    """``text`` as a text editor hard-wraps it at ``width`` characters, its first line indented."""
    text = indent + text
    return [text[i:i + width] for i in range(0, len(text), width)]


def gbk_text(path: Path) -> Path:
    """A text draft saved by a Windows office: GBK, the body hard-wrapped at 28 characters."""
    lines = [TXT_TITLE, "", TXT_PARAGRAPHS[0]]
    for item in TXT_PARAGRAPHS[1:]:
        lines += wrapped(item if isinstance(item, str) else item["heading"] + item.get("text", ""))
    lines += ["", " " * 30 + f"（{TXT_SIGNATURE}）", "", "抄送：全国人大常委会办公厅联络局，省委办公厅。"]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


MD = """\
# 代表小组活动
# 简报摘编

今年以来，全省各级代表小组共开展活动
一千二百余次，
参与代表八千余人次。

## 一、主要做法

**各地**围绕中心工作确定活动主题。

### （一）精心组织。活动前深入调研，活动后跟踪督办。

（代表工作处　张明）
"""


def markdown_note(path: Path) -> Path:
    path.write_text(MD, encoding="utf-8")
    return path


def only_article(path: Path) -> dict:
    imported = import_issue([path], fields=FIELDS)
    issue = issue_from_yaml(imported.text)
    assert len(issue.articles) == 1
    return issue.model_dump(exclude_defaults=True)


def test_a_word_draft_gives_its_title_headings_paragraphs_signature_and_recipients(tmp_path):
    data = only_article(office_docx(tmp_path / "通报.docx"))
    article = data["articles"][0]
    assert article["title"] == TITLE
    assert article["paragraphs"] == [
        {"text": BODY_1},
        {"heading": HEAD_1, "text": TEXT_1, "level": 1},
        {"heading": HEAD_2, "text": TEXT_2, "level": 2},
        {"heading": HEAD_3, "text": TEXT_3, "level": 3},
        {"heading": HEAD_4, "text": TEXT_4, "level": 4},
        {"text": "".join(BROKEN)},
        {"heading": CLOSING, "level": 1},
        {"text": LAST},
    ]
    assert article["signature"] == SIGNATURE
    assert data["distribution"]["groups"] == [
        {"label": "送", "recipients": ["省人大常委会办公厅", "各市州人大常委会联工委"]},
        {"label": "抄送", "recipients": ["省委办公厅、省政府办公厅", "省政协办公厅"]},
    ]


def test_a_gbk_text_wrapped_at_28_characters_is_joined_into_its_paragraphs(tmp_path):
    path = gbk_text(tmp_path / "通知.txt")
    lines = path.read_bytes().decode("gbk").splitlines()
    assert len(lines) > 12 and sum(len(line) == 28 for line in lines) >= 4  # wrapped, not one line a paragraph
    data = only_article(path)
    article = data["articles"][0]
    assert article["title"] == TXT_TITLE
    assert article["addressee"] == TXT_PARAGRAPHS[0]
    assert article["paragraphs"] == [
        {"text": TXT_PARAGRAPHS[1]},
        {**TXT_PARAGRAPHS[2], "level": 1},
        {**TXT_PARAGRAPHS[3], "level": 1},
        {"text": TXT_PARAGRAPHS[4]},
    ]
    assert article["signature"] == TXT_SIGNATURE
    assert data["distribution"]["groups"] == [{"label": "抄送", "recipients": ["全国人大常委会办公厅联络局", "省委办公厅"]}]


def test_a_markdown_note_gives_its_hash_title_and_headings(tmp_path):
    data = only_article(markdown_note(tmp_path / "摘编.md"))
    article = data["articles"][0]
    assert article["title"] == ["代表小组活动", "简报摘编"]
    assert article["paragraphs"] == [
        {"text": "今年以来，全省各级代表小组共开展活动一千二百余次，参与代表八千余人次。"},
        {"heading": "一、主要做法", "level": 1},
        {"text": "**各地**围绕中心工作确定活动主题。"},  # Markdown's strong emphasis is the issue's emphasis
        {"heading": "（一）精心组织。", "text": "活动前深入调研，活动后跟踪督办。", "level": 2},
    ]
    assert article["signature"] == "代表工作处　张明"
    assert "distribution" not in data


@pytest.mark.parametrize("make", [office_docx, gbk_text, markdown_note])
def test_every_imported_draft_builds_to_a_pdf_and_a_docx_with_its_text(tmp_path, make):
    suffix = {"office_docx": ".docx", "gbk_text": ".txt", "markdown_note": ".md"}[make.__name__]
    draft = make(tmp_path / f"draft{suffix}")
    issue_file = tmp_path / "issue.yaml"
    result = cli("import", str(draft), "-o", str(issue_file), "--number", "5")
    assert result.returncode == 0, result.stderr
    issue = gwformat.load_issue(issue_file)
    outputs = gwformat.build(issue, tmp_path / "out")
    with pdfplumber.open(outputs["pdf"]) as pdf:
        text = "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
    written = "".join(p.text for p in docx.Document(str(outputs["docx"])).paragraphs)
    written = "".join(written.translate(dict.fromkeys(map(ord, "\u200b\u2060"))).split())
    for article in issue.articles:
        assert article.title_text in text
        for paragraph in article.paragraphs:
            assert "".join(parse(paragraph.text or paragraph.heading or "").text.split()) in written


def test_the_example_bulletins_own_docx_imports_back_to_its_issue(example_issue, tmp_path):
    built = gwformat.build(example_issue, tmp_path, formats=["docx"])["docx"]
    imported = import_issue([built])
    assert issue_from_yaml(imported.text).model_dump() == example_issue.model_dump()
    assert imported.report()[0].startswith(f"{built}: 2 articles; 14 paragraphs; headings 9 of level 1; 2 signatures; "
                                           "版记 送 with 7 recipients; masthead date, name, number, organ, subtitle, total")
    assert len(imported.report()) == 1  # nothing guessed, nothing left out


#: What a kind's DOCX does not print, and so cannot give back.
NOT_PRINTED = {
    "jianbao-neibu": {"distribution": {"copies"}},  # the DOCX writer leaves out 共印N份 (the PDF has it)
    "jiyao": {"": {"total"}, "fields": {"doc_prefix"}},  # a 纪要 prints no 总期号 and no 发文字号
}


@pytest.mark.parametrize("example", sorted(p.parent.name for p in EXAMPLE.parents[1].glob("*/issue.yaml")))
def test_every_examples_docx_imports_back_through_its_kinds_patterns(tmp_path, example):
    issue = gwformat.load_issue(EXAMPLE.parents[1] / example / "issue.yaml")
    built = gwformat.build(issue, tmp_path, formats=["docx"])["docx"]
    imported = import_issue([built], kind=issue.kind)
    back = issue_from_yaml(imported.text).model_dump()
    expected = issue.model_dump()
    for part, names in NOT_PRINTED.get(example, {}).items():
        for name in names:
            if part == "fields":
                del expected[part][name]
            else:
                (expected[part] if part else expected)[name] = None
    _as_imported(expected, back, dict(imported.files), EXAMPLE.parents[1] / example)
    assert back == expected


def _as_imported(expected: dict, back: dict, files: dict[str, bytes], folder: Path) -> None:
    """``expected`` with each picture's file named as the import names it, once the imported file
    is found to hold the example's picture byte for byte."""
    for article, got in zip(expected["articles"], back["articles"]):
        seal = article["seal"]
        if isinstance(seal, list):  # 联合行文: one seal for each organ, in their order
            pictures = [(seal, n, got["seal"]) for n in range(len(seal))]
        else:
            pictures = [(article, "seal", got)] if seal else []
        pictures += [(item["image"], "file", got_item["image"]) for item, got_item in
                     zip(article["paragraphs"], got["paragraphs"]) if "image" in item and "image" in got_item]
        for holder, key, imported in pictures:
            assert files[imported[key]] == (folder / holder[key]).read_bytes()
            holder[key] = imported[key]


def test_the_round_trip_does_not_need_gwformats_style_names(example_issue, tmp_path):
    built = gwformat.build(example_issue, tmp_path, formats=["docx"])["docx"]
    document = docx.Document(str(built))
    for style in document.styles:
        if style.name.startswith("gw "):
            style.name = "Imported " + style.name[3:]
    document.save(str(tmp_path / "renamed.docx"))
    imported = import_issue([tmp_path / "renamed.docx"])
    assert issue_from_yaml(imported.text).model_dump() == example_issue.model_dump()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def numbered_docx(path: Path) -> Path:
    """A draft whose heading numbers are Word's automatic numbering (not in the text), with a
    hyperlink, a tracked insertion and deletion, and a paragraph in a content control."""
    from docx.oxml import parse_xml

    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("工作简报").bold = True
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                     f'<w:suff w:val="nothing"/></w:lvl>' for i, (fmt, text) in enumerate(
                         [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
                          ("decimal", "（%4）")]))
    numbering.append(parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="7">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    for level, text in [(0, "基本情况。全年共办理建议120件。"), (1, "办理进度"), (2, "按时办结。全部按期答复。"),
                        (3, "重点督办。由主任会议督办。"), (3, "跟踪问效。"), (0, "下一步打算")]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'))
    paragraph = document.add_paragraph("详见")
    paragraph._p.append(parse_xml(f'<w:hyperlink {W_NS}><w:r><w:t>人大网</w:t></w:r></w:hyperlink>'))
    paragraph._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>的通报</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>草稿</w:delText></w:r></w:del>'))
    paragraph.add_run("。")
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>（综合处）</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.save(str(path))
    return path


def test_words_automatic_numbers_hyperlinks_tracked_changes_and_content_controls_are_read(tmp_path):
    article = only_article(numbered_docx(tmp_path / "numbered.docx"))["articles"][0]
    assert article["title"] == "工作简报"
    assert article["paragraphs"] == [
        {"heading": "一、基本情况。", "text": "全年共办理建议120件。", "level": 1},
        {"heading": "（一）办理进度", "level": 2},
        {"heading": "1.按时办结。", "text": "全部按期答复。", "level": 3},
        {"heading": "（1）重点督办。", "text": "由主任会议督办。", "level": 4},
        {"heading": "（2）跟踪问效。", "level": 4},
        {"heading": "二、下一步打算", "level": 1},
        {"text": "详见人大网的通报。"},
    ]
    assert article["signature"] == "综合处"


def test_a_long_unwrapped_line_does_not_hide_the_wrapping_and_unwrapped_lines_stay_apart(tmp_path):
    recipients = "送：全国人大常委会办公厅联络局，各省、区、市人大常委会代表联络工作机构，省人大常委会组成人员。"
    lines = [TXT_TITLE, ""] + wrapped(TXT_PARAGRAPHS[1]) + wrapped(TXT_PARAGRAPHS[4]) + ["", recipients]
    draft = tmp_path / "wrapped.txt"
    draft.write_text("\n".join(lines), encoding="utf-8")
    data = only_article(draft)
    assert data["articles"][0]["paragraphs"] == [{"text": TXT_PARAGRAPHS[1]}, {"text": TXT_PARAGRAPHS[4]}]
    assert len(data["distribution"]["groups"][0]["recipients"]) == 3

    chat = tmp_path / "chat.txt"  # pasted from a chat: a paragraph a line, none indented, of any length
    body = [TXT_PARAGRAPHS[1], TXT_PARAGRAPHS[4], BODY_1, TEXT_1]
    chat.write_text("\n".join([TXT_TITLE, ""] + body), encoding="utf-8")
    assert only_article(chat)["articles"][0]["paragraphs"] == [{"text": text} for text in body]


@pytest.mark.parametrize("total", ["（总第六百二十四期）\n", ""], ids=["with total", "three lines"])
def test_a_masthead_copied_into_a_text_draft_gives_the_issues_fields(tmp_path, total):
    draft = tmp_path / "copied.txt"
    draft.write_text(f"联络动态\n第28期\n{total}湖南省人大常委会选举任免联络工作委员会编　　2021年1月5日\n\n"
                     f"{TXT_TITLE}\n\n　　{BODY_1}\n", encoding="utf-8")
    imported = import_issue([draft])
    data = issue_from_yaml(imported.text).model_dump(exclude_defaults=True)
    assert {k: data.get(k) for k in ("name", "number", "total", "organ")} == {
        "name": "联络动态", "number": 28, "total": 624 if total else None, "organ": "湖南省人大常委会选举任免联络工作委员会"}
    assert str(data["date"]) == "2021-01-05"
    assert data["articles"] == [{"title": TXT_TITLE, "paragraphs": [{"text": BODY_1}]}]


def test_an_authors_line_under_the_title_becomes_the_signature(tmp_path):
    draft = tmp_path / "byline.md"
    draft.write_text(f"# {TXT_TITLE}\n\n（{SIGNATURE}）\n\n{BODY_1}\n", encoding="utf-8")
    imported = import_issue([draft], fields={"number": 1})
    article = issue_from_yaml(imported.text).articles[0]
    assert (article.signature, [p.text for p in article.paragraphs]) == (SIGNATURE, [BODY_1])
    assert [n.message for _, n in imported.notes] == [
        "guessed: the line in brackets under the title is the signature, printed at the article's end"]


def test_words_title_and_heading_styles_say_what_a_paragraph_is(tmp_path):
    document = docx.Document()
    document.add_paragraph("工作情况报告", style="Title")
    document.add_paragraph("主要做法", style="Heading 1")
    document.add_paragraph(HEAD_2 + TEXT_2, style="Heading 2")
    document.add_paragraph(BODY_1)
    document.save(str(tmp_path / "styled.docx"))
    imported = import_issue([tmp_path / "styled.docx"], fields=FIELDS)
    article = issue_from_yaml(imported.text).model_dump(exclude_defaults=True)["articles"][0]
    assert article == {"title": "工作情况报告", "paragraphs": [
        {"heading": "主要做法", "level": 1}, {"heading": HEAD_2, "text": TEXT_2, "level": 2}, {"text": BODY_1}]}
    assert not imported.notes


def test_the_same_drafts_give_the_same_issue_file(tmp_path):
    drafts = [office_docx(tmp_path / "a.docx"), gbk_text(tmp_path / "b.txt"), markdown_note(tmp_path / "c.md")]
    first = cli("import", *map(str, drafts), "-o", str(tmp_path / "1.yaml"))
    second = cli("import", *map(str, drafts), "-o", str(tmp_path / "2.yaml"))
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "1.yaml").read_bytes() == (tmp_path / "2.yaml").read_bytes()
