"""Bad drafts end in one line and exit 2 with nothing written; what the importer cannot place
or only guesses is reported with its place, and no text of a draft goes missing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from PIL import Image

from conftest import cli
from gwformat.drafts import import_issue
from test_import import BODY_1, FIELDS, gbk_text, markdown_note, office_docx

def empty_docx(path: Path) -> None:
    docx.Document().save(str(path))


def only_a_table(path: Path) -> None:
    document = docx.Document()
    document.add_table(rows=1, cols=2).cell(0, 0).text = "甲"
    document.save(str(path))


BAD = {
    "text named .docx": ("draft.docx", lambda p: p.write_text("送：某单位", encoding="utf-8"), "not a DOCX file"),
    "Word 97 document": ("draft.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60)),
                         "is a Word 97-2003 .doc, not a DOCX"),
    "empty text": ("draft.txt", lambda p: p.write_bytes(b"\xef\xbb\xbf \r\n\r\n"), "the draft is empty"),
    "empty DOCX": ("draft.docx", empty_docx, "the draft is empty"),
    "a table alone": ("draft.docx", lambda p: only_a_table(p), "has no article to import (paragraph 1: not imported: "
                      "a table (gwformat has no tables yet))"),
    "a 版记 alone": ("draft.txt", lambda p: p.write_text("送：某单位。", encoding="utf-8"), "has no article to import"),
    "Latin-1 text": ("draft.txt", lambda p: p.write_bytes("Caf\xe9 \xff".encode("latin-1")),
                     "is neither UTF-8 nor GB18030/GBK text"),
    "UTF-16 text": ("draft.txt", lambda p: p.write_bytes("标题\n正文。".encode("utf-16")), "is UTF-16 or binary"),
    "unknown format": ("draft.pdf", lambda p: p.write_bytes(b"%PDF-1.7"), "unknown draft format '.pdf'"),
    "missing file": ("gone.txt", lambda p: None, "no such draft file"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_draft_gives_one_line_exit_2_and_no_issue_file(tmp_path, case):
    name, make, message = BAD[case]
    draft = tmp_path / name
    make(draft)
    output = tmp_path / "issue.yaml"
    result = cli("import", str(draft), "-o", str(output))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"gwformat: error: {draft}: ") and message in lines[0], lines
    assert "Traceback" not in result.stderr and not output.exists()


def test_an_existing_issue_file_is_kept_unless_forced(tmp_path):
    draft = markdown_note(tmp_path / "note.md")
    output = tmp_path / "issue.yaml"
    output.write_text("keep", encoding="utf-8")
    result = cli("import", str(draft), "-o", str(output))
    assert result.returncode == 4 and "exists already" in result.stderr and output.read_text() == "keep"
    assert cli("import", str(draft), "-o", str(output), "--force").returncode == 0
    assert output.read_text(encoding="utf-8").count("代表小组活动") == 1


def with_table_and_picture(path: Path) -> Path:
    office_docx(path)
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("地区", "件数"), ("长沙", "12")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    Image.new("RGB", (8, 8), "red").save(path.with_suffix(".png"))
    document.add_picture(str(path.with_suffix(".png")))
    document.save(str(path))
    return path


def test_tables_and_pictures_are_reported_as_not_imported_with_their_paragraph(tmp_path):
    draft = with_table_and_picture(tmp_path / "draft.docx")
    body = list(docx.Document(str(draft)).element.body.iterchildren())
    table_number = next(n for n, e in enumerate(body, 1) if e.tag.endswith("}tbl"))
    result = cli("import", str(draft), "-o", str(tmp_path / "issue.yaml"), "--number", "3")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert f"paragraph {table_number}: not imported: a table (gwformat has no tables yet): 地区\t件数 / 长沙\t12" in report
    assert f"paragraph {table_number + 1}: not imported: a picture" in report


def test_guesses_are_reported_with_their_place_and_commented_in_the_issue_file(tmp_path):
    draft = tmp_path / "无题.txt"
    draft.write_text("今年以来，全省各级人大代表积极履职，取得了明显成效，受到群众好评。\n\n2021年1月5日\n",
                     encoding="utf-8")
    imported = import_issue([draft], fields={k: v for k, v in FIELDS.items() if k != "date"})
    assert [f"{n.place}: {n.message}" for _, n in imported.notes] == [
        "line 1: guessed: the draft has no title line; its file name stands in",
        "line 3: guessed: the date line at the end is the issue's date",
    ]
    commented = [line for line in imported.text.splitlines() if "#" in line and not line.startswith("#")]
    assert commented == [
        "date: 2021-01-05  # guessed: the date line at the end is the issue's date (无题.txt, line 3)",
        "  - title: 无题  # guessed: the draft has no title line; its file name stands in (无题.txt, line 1)",
    ]


def test_an_office_draft_with_every_thing_given_needs_no_comment(tmp_path):
    imported = import_issue([office_docx(tmp_path / "draft.docx")], fields=FIELDS)
    assert not imported.notes
    assert [line for line in imported.text.splitlines() if "#" in line and not line.startswith("#")] == []


def _ideographs(text: str) -> Counter[str]:
    return Counter(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]", text))


@pytest.mark.parametrize("make", [with_table_and_picture, gbk_text, markdown_note])
def test_no_character_of_a_draft_goes_missing(tmp_path, make):
    """Each letter, digit and ideograph of the draft is in the issue file or in the report."""
    suffix = {"with_table_and_picture": ".docx", "gbk_text": ".txt", "markdown_note": ".md"}[make.__name__]
    draft = make(tmp_path / f"draft{suffix}")
    if suffix == ".docx":
        document = docx.Document(str(draft))
        written = "".join(p.text for p in document.paragraphs) + "".join(
            c.text for t in document.tables for row in t.rows for c in row.cells)
    else:
        written = draft.read_bytes().decode("gbk" if suffix == ".txt" else "utf-8")
    imported = import_issue([draft], fields=FIELDS)
    kept = imported.text.split("\n", 2)[2] + "".join(note.text or "" for _, note in imported.notes)
    assert _ideographs(written) - _ideographs(kept) == Counter()


def test_a_character_the_fonts_cannot_draw_is_named_at_its_place_in_the_draft(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("标题\n\n第一段。\n\n第二段有一个😀。\n", encoding="utf-8")
    output = tmp_path / "issue.yaml"
    result = cli("import", str(draft), "-o", str(output))
    assert result.returncode == 2 and not output.exists()
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"gwformat: error: {draft}, line 5: character '😀' (U+1F600) at articles[0].paragraphs[1].text, offset 6, "
        "is in neither FandolFang-Regular nor its fallback"), lines


def test_a_table_takes_its_place_among_the_paragraphs_once_a_block_reads_it(tmp_path, monkeypatch):
    """The seam for the table blocks of issue 14: a reader in ``recognise.BLOCKS`` gets the
    table's cells and its result stands where the table stood."""
    from gwformat.drafts.recognise import BLOCKS

    monkeypatch.setitem(BLOCKS, "table", lambda source: "；".join("，".join(row) for row in source.cells))
    draft = tmp_path / "draft.docx"
    document = docx.Document(str(office_docx(draft)))
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("地区", "件数"), ("长沙", "12")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.element.body.insert(4, table._tbl)  # after the first body paragraph
    document.save(str(draft))
    imported = import_issue([draft], fields=FIELDS)
    paragraphs = imported.data["articles"][0]["paragraphs"]
    assert paragraphs[:2] == [BODY_1, "地区，件数；长沙，12"] and not imported.notes


@pytest.mark.parametrize("option, value, message", [
    ("--number", "0", "argument --number: expected a number greater than 0, found '0'"),
    ("--total", "二十", "argument --total: expected a number greater than 0, found '二十'"),
    ("--date", "2020-13-01", "argument --date: expected a date such as 2020-12-24, found '2020-13-01'"),
])
def test_a_bad_option_is_named_with_exit_2_and_no_issue_file(tmp_path, option, value, message):
    output = tmp_path / "issue.yaml"
    result = cli("import", str(markdown_note(tmp_path / "note.md")), "-o", str(output), option, value)
    assert result.returncode == 2 and result.stderr.strip().endswith(message) and not output.exists()
