"""The structure of a bulletin: 本期要目, 栏目 labels, 编者按 and 按语, and the PDF's bookmarks.

Read back from what is written: the PDF's characters and fonts with pdfplumber, its outline
with pypdf, the DOCX's styles from its XML.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import pypdf
import yaml

import gwformat
from conftest import MM, ROOT, cli
from gwformat.errors import InputError, LayoutError
from gwformat.lint import lint_pdf
from gwformat.snapshot import compare, snapshot

ISSUE = ROOT / "examples" / "gongzuo-jianbao" / "issue.yaml"
DATA = yaml.safe_load(ISSUE.read_text(encoding="utf-8"))
COLUMNS = {"工作动态": ["省人大常委会召开代表联络站建设工作推进会", "常委会组成人员深入基层开展专题调研"],
           "基层经验": ["长沙市建立代表联络站意见办理闭环机制", "衡阳市推动代表联络站活动经常化"]}
TITLES = [title for titles in COLUMNS.values() for title in titles]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return gwformat.build(ISSUE, tmp_path_factory.mktemp("structure"), formats=("pdf", "docx", "ofd"))


@pytest.fixture(scope="module")
def lines(built) -> list[tuple[int, float, float, str, list[str]]]:
    """Every line of the PDF as (page, top, x0, text, each character's font, x1), in reading order."""
    out = []
    with pdfplumber.open(built["pdf"]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                if char["text"].strip():
                    rows.setdefault(round(char["bottom"]), []).append(char)
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: c["x0"])
                out.append((number, min(c["top"] for c in chars), chars[0]["x0"], "".join(c["text"] for c in chars),
                            [c["fontname"].split("+")[-1] for c in chars], chars[-1]["x1"]))
    return out


def test_the_contents_on_page_1_list_every_title_in_order_under_its_column(lines):
    first = [line for line in lines if line[0] == 1]
    heading = next(i for i, line in enumerate(first) if line[3] == "本期要目")
    _, _, x0, text, fonts, x1 = first[heading]
    assert all("Hei" in font for font in fonts)
    assert abs((x0 + x1) / 2 - (28 + 156 / 2) * MM) < 1  # centred on the block
    listed = [line[3] for line in first[heading + 1:heading + 1 + len(COLUMNS) + len(TITLES)]]
    expected = [entry for column, titles in COLUMNS.items() for entry in [f"【{column}】", *titles]]
    assert listed == expected
    for line in first[heading + 1:heading + 1 + len(expected)]:
        assert all(("Hei" if line[3].startswith("【") else "Fang") in font for font in line[4])


def test_a_title_given_in_several_lines_is_one_entry(lines):
    assert DATA["articles"][2]["title"] == ["长沙市建立代表联络站", "意见办理闭环机制"]
    assert "长沙市建立代表联络站意见办理闭环机制" in [line[3] for line in lines if line[0] == 1]


def test_each_column_label_is_printed_once_before_the_first_article_of_its_run(lines):
    body = [line for line in lines if not (line[0] == 1)]  # page 1 holds the contents and the 编者按 only
    texts = [line[3] for line in body]
    for column, titles in COLUMNS.items():
        assert texts.count(f"【{column}】") == 1
        label = texts.index(f"【{column}】")
        first_title = next(i for i in range(len(texts)) if titles[0].startswith(texts[i]))
        assert first_title == label + 1  # the title follows the label at once, on its page
        assert body[label][0] == body[first_title][0]
        assert all("Hei" in font for font in body[label][4])
        assert abs(body[label][2] - 28 * MM) < 0.5  # 顶格


def _marked(text: str) -> tuple[str, set[int]]:
    """``text`` without its ``**`` markers, and the offsets of the characters between them."""
    plain, strong = "", set()
    for n, piece in enumerate(text.split("**")):
        strong |= set(range(len(plain), len(plain) + len(piece))) if n % 2 else set()
        plain += piece
    return plain, strong


def _run(lines, text: str) -> tuple[str, list[str]]:
    """The lines that start with ``text`` and together hold it: their text and each character's font."""
    start = next(i for i, line in enumerate(lines) if line[3].startswith(text[:6]))
    count = 1
    while "".join(line[3] for line in lines[start:start + count]) != text:
        count += 1
        assert count < 8, text
    return text, [font for line in lines[start:start + count] for font in line[4]]


def test_the_editor_note_and_the_note_are_kai_with_their_label_in_hei(lines):
    for label, typed in (("编者按：", DATA["editor_note"]), ("按：", DATA["articles"][2]["note"])):
        text, strong = _marked(typed)
        _, fonts = _run(lines, label + text)
        assert all("Hei" in font for font in fonts[:len(label)])
        assert [("Hei" if i in strong else "Kai") in font for i, font in enumerate(fonts[len(label):])] == \
            [True] * len(text)


def test_emphasis_is_set_in_hei_and_no_marker_is_left_in_any_output(built, lines):
    typed = [("", p) if isinstance(p, str) else (p["heading"], p["text"]) for a in DATA["articles"]
             for p in a["paragraphs"]]
    emphasised = [(heading, t) for heading, t in typed if "**" in t]
    assert len(emphasised) >= 3
    for heading, paragraph in emphasised:
        text, strong = _marked(paragraph)
        _, fonts = _run(lines, heading + text)
        assert [("Hei" if i in strong else "Fang") in font for i, font in enumerate(fonts[len(heading):])] == \
            [True] * len(text)
    assert not any("*" in line[3] for line in lines)
    with zipfile.ZipFile(built["docx"]) as docx:
        assert "*" not in re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())
    with zipfile.ZipFile(built["ofd"]) as ofd:
        assert not any("*" in re.sub(r"<[^>]+>", "", ofd.read(n).decode()) for n in ofd.namelist() if n.endswith(".xml"))


def test_the_bookmarks_are_the_columns_with_their_articles_at_their_pages_and_tops(built, lines):
    reader = pypdf.PdfReader(built["pdf"])
    outline = reader.outline
    found = []
    for entry in outline:
        if isinstance(entry, list):
            found[-1][1].extend(entry)
        else:
            found.append((entry, []))
    assert [(c.title, [a.title for a in articles]) for c, articles in found] == \
        [(f"【{column}】", titles) for column, titles in COLUMNS.items()]
    height = float(reader.pages[0].mediabox.height)
    for column, articles in found:
        for entry in [column, *articles]:
            page = reader.get_destination_page_number(entry) + 1
            on_page = [line for line in lines if line[0] == page and entry.title.startswith(line[3])
                       and line[3]]
            assert on_page, entry.title
            top = min(line[1] for line in on_page)
            assert 0 <= top - (height - float(entry.top)) < 20  # the band's top, above the glyphs


def test_articles_are_bookmarked_at_the_top_level_without_columns(tmp_path):
    data = copy.deepcopy(DATA)
    for article in data["articles"]:
        article.pop("column")
    pdf = gwformat.build(gwformat.issue_from_data(data), tmp_path, formats=("pdf",))["pdf"]
    assert [entry.title for entry in pypdf.PdfReader(pdf).outline] == TITLES


def test_a_documents_attachments_are_bookmarked_with_their_labels(tmp_path):
    issue = gwformat.load_issue(ROOT / "examples" / "wenjian" / "issue.yaml")
    pdf = gwformat.build(issue, tmp_path, formats=("pdf",))["pdf"]
    reader = pypdf.PdfReader(pdf)
    expected = [issue.articles[0].title_text] + [f"{a.label}\u3000{a.title_text}" for a in issue.articles[1:]]
    assert [entry.title for entry in reader.outline] == expected
    with pdfplumber.open(pdf) as plumbed:
        for entry, article in zip(reader.outline, issue.articles):
            page = plumbed.pages[reader.get_destination_page_number(entry)]
            assert article.title_text[:6] in page.extract_text().replace("\n", "")


def test_the_example_lints_clean(built):
    assert lint_pdf(built["pdf"]) == []


def test_the_docx_names_every_new_paragraph_by_its_style(built):
    with zipfile.ZipFile(built["docx"]) as package:
        document = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
    for style_id, name in (("GwContentsHeading", "gw 要目标题"), ("GwContents", "gw 要目"),
                           ("GwContentsColumn", "gw 要目栏目"), ("GwColumn", "gw 栏目"), ("GwNote", "gw 按语"),
                           ("GwNoteLabel", "gw 按语标签")):
        assert f'w:styleId="{style_id}"><w:name w:val="{name}"/>' in styles
        assert f'w:val="{style_id}"' in document
    assert document.count('<w:pStyle w:val="GwNote"/>') == 2  # each note one paragraph, its lines flowing


def test_other_documents_have_none_of_these_styles(tmp_path, example_issue):
    docx = gwformat.build(example_issue, tmp_path, formats=("docx",))["docx"]
    with zipfile.ZipFile(docx) as package:
        assert "GwNote" not in package.read("word/styles.xml").decode()


def test_the_snapshot_and_the_tree_name_the_new_elements():
    document = gwformat.layout(gwformat.load_issue(ISSUE))
    roles = {line["role"] for page in snapshot(document)["pages"] for line in page["lines"]}
    assert {"contents_heading", "contents_column", "contents", "column", "note"} <= roles
    groups = [group.role for page in document.pages for group in page.groups]
    assert groups.count("contents") == 1 and groups.count("editor_note") == 1 and groups.count("note") == 1
    assert groups.count("column") == 2
    changed = copy.deepcopy(DATA)
    changed["articles"][2]["column"] = "典型经验"
    after = snapshot(gwformat.layout(gwformat.issue_from_data(changed)))
    differences = compare(snapshot(document), after)
    assert "page 1, line 11 (要目): was “【基层经验】” now “【典型经验】”" in differences
    assert any(d.endswith("(栏目): was “【基层经验】” now “【典型经验】”") for d in differences)


def _issue(articles: int, contents: bool = True, **extra) -> gwformat.Issue:
    data = {"name": "工作简报", "number": 1, "organ": "办公厅", "date": "2021-06-18", "contents": contents,
            "articles": [{"column": "工作动态" if a < articles / 2 else "基层经验", "title": f"第{a + 1}篇文章的标题",
                          "paragraphs": ["正文第一段，写明事情的经过和做法。" * 4] * 2} for a in range(articles)], **extra}
    return gwformat.issue_from_data(data)


def _title_pages(document) -> list[int]:
    return [page.number for page in document.pages for group in page.groups if group.role == "title"]


def test_the_first_article_follows_the_contents_on_page_1_when_its_title_and_two_lines_fit():
    document = gwformat.layout(_issue(2))
    assert _title_pages(document)[0] == 1


def test_a_long_contents_stays_whole_on_page_1_and_the_first_article_starts_page_2():
    document = gwformat.layout(_issue(10))  # 1 + 2 + 10 lines of 要目 and a blank row: 14 of page 1's 15 rows
    contents = [(page.number, group) for page in document.pages for group in page.groups if group.role == "contents"]
    assert [number for number, _ in contents] == [1]
    assert len(contents[0][1].lines) == 13
    assert _title_pages(document)[0] == 2
    assert [g.role for g in document.pages[1].groups][:2] == ["column", "title"]


def test_a_contents_taller_than_page_1_is_refused_with_what_fits(tmp_path):
    with pytest.raises(LayoutError, match="本期要目 takes 15 lines and page 1 holds 14"):
        gwformat.layout(_issue(12))
    source = tmp_path / "issue.yaml"
    data = copy.deepcopy(DATA)
    data["articles"] = data["articles"] * 3
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "本期要目" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_column_label_never_ends_a_page_alone():
    # the first article's text so long that the second column's label would fall on the last rows
    for lines_of_text in range(8, 40):
        data = {"name": "工作简报", "number": 1, "organ": "办公厅", "date": "2021-06-18", "articles": [
            {"column": "工作动态", "title": "第一篇文章", "paragraphs": ["字" * 28 * lines_of_text]},
            {"column": "基层经验", "title": "第二篇文章", "paragraphs": ["正文。" * 30]}]}
        document = gwformat.layout(gwformat.issue_from_data(data))
        for page in document.pages:
            flow = [g for g in page.groups if g.role not in ("masthead", "distribution")]
            assert flow[-1].role != "column", lines_of_text
        pages = {g.path: page.number for page in document.pages for g in page.groups}
        assert pages["articles[1].column"] == pages["articles[1].title"]


def test_a_document_kind_refuses_the_structure_at_its_field(tmp_path):
    source = tmp_path / "issue.yaml"
    text = (ROOT / "examples" / "wenjian" / "issue.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("articles:\n", "articles:\n  - column: 工作动态\n    title: 标题\n", 1),
                      encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "栏目" in result.stderr and "column" in result.stderr
    assert f"{source}:" in result.stderr


@pytest.mark.parametrize("field, value, path", [("contents", "yes", "contents"), ("editor_note", "", "editor_note")])
def test_a_wrong_structure_field_is_one_line_with_its_place(tmp_path, field, value, path):
    source = tmp_path / "issue.yaml"
    data = copy.deepcopy(DATA)
    data[field] = value
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        gwformat.load_issue(source)
    assert str(source) in str(caught.value) and path in str(caught.value)


def test_the_ofd_holds_the_new_lines(built):
    from gwformat.writers.ofd import check_package

    assert check_package(built["ofd"].read_bytes()) == []
    with zipfile.ZipFile(built["ofd"]) as package:
        pages = [package.read(name).decode() for name in package.namelist() if name.endswith("Content.xml")]
    text = "".join(re.findall(r"<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>", "".join(pages)))  # the glyphs in order
    for entry in ("本期要目", "【工作动态】", "编者按：", "按："):
        assert entry in text


def test_the_pdf_is_the_same_bytes_every_build(tmp_path, built):
    again = gwformat.build(ISSUE, tmp_path, formats=("pdf",))["pdf"]
    assert again.read_bytes() == built["pdf"].read_bytes()
