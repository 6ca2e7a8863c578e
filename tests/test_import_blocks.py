"""`gwformat import` takes a Word draft's tables and pictures as table and image blocks: a table's
header rows, merged cells, title and note, a picture's file, width and caption, a floating seal."""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image

import gwformat
from conftest import cli
from gwformat.drafts import import_issue
from test_import import BODY_1, FIELDS

TABLE_TITLE = "表1　各片区代表活动情况"
NOTE = "注：数据截至2021年3月底。"
CAPTION = "图为代表在长沙市开展调研"
LAST = "各地将继续组织代表开展形式多样的活动，推动解决群众关心的实际问题。"


def centred(document, text: str) -> None:
    document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def draft_with_a_table_and_a_picture(path: Path) -> Path:
    """A title, a paragraph, a table (a header row marked w:tblHeader, a cell merged down two rows
    and one across two columns) with its centred title above and its note below, a picture 80 mm
    wide with its centred caption, and a closing paragraph."""
    document = docx.Document()
    centred(document, "代表活动情况通报")
    document.add_paragraph(BODY_1)
    centred(document, TABLE_TITLE)
    table = document.add_table(rows=4, cols=4)
    rows = [("片区", "市州", "活动（次）", "参与代表（人）"), ("长株潭", "长沙市", "12", "30"), ("", "株洲市", "8", "21"),
            ("合计", "", "20", "51")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "长株潭"
    table.cell(3, 0).merge(table.cell(3, 1)).text = "合计"
    header = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    document.add_paragraph(NOTE)
    Image.new("RGB", (300, 200), "steelblue").save(path.with_name("photo.png"))
    document.add_picture(str(path.with_name("photo.png")), width=Mm(80))
    centred(document, CAPTION)
    document.add_paragraph(LAST)
    document.save(str(path))
    return path


EXPECTED_TABLE = {"table": {
    "title": TABLE_TITLE,
    "header": ["片区", "市州", "活动（次）", "参与代表（人）"],
    "rows": [[{"text": "长株潭", "rowspan": 2}, "长沙市", 12, 30], ["株洲市", 8, 21],
             [{"text": "合计", "colspan": 2}, 20, 51]],
    "note": NOTE,
}}
EXPECTED_IMAGE = {"image": {"file": "images/draft-1.png", "caption": CAPTION, "width_mm": 80}}


def test_a_drafts_table_and_picture_are_imported_as_blocks_at_their_place(tmp_path):
    draft = draft_with_a_table_and_a_picture(tmp_path / "draft.docx")
    imported = import_issue([draft], fields=FIELDS)
    article = imported.data["articles"][0]
    assert article["title"] == "代表活动情况通报"
    assert article["paragraphs"] == [BODY_1, EXPECTED_TABLE, EXPECTED_IMAGE, LAST]
    assert dict(imported.files) == {"images/draft-1.png": (tmp_path / "photo.png").read_bytes()}
    assert not [note for _, note in imported.notes if note.message.startswith("not imported")]
    assert "1 table; 1 image" in imported.report()[0]


def test_an_imported_draft_with_a_table_and_a_picture_builds(tmp_path):
    draft = draft_with_a_table_and_a_picture(tmp_path / "draft.docx")
    issue_file = tmp_path / "issue" / "issue.yaml"
    result = cli("import", str(draft), "-o", str(issue_file))
    assert result.returncode == 0, result.stderr
    assert (issue_file.parent / "images" / "draft-1.png").read_bytes() == (tmp_path / "photo.png").read_bytes()
    outputs = gwformat.build(gwformat.load_issue(issue_file), tmp_path / "out", formats=["pdf"])
    with pdfplumber.open(outputs["pdf"]) as pdf:
        text = "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
        images = [image for page in pdf.pages for image in page.images]
    for piece in (TABLE_TITLE.replace("　", ""), "长株潭", "参与代表（人）", "合计", NOTE, CAPTION):
        assert piece in text
    assert len(images) == 1 and round((images[0]["x1"] - images[0]["x0"]) * 25.4 / 72) == 80


def test_the_import_never_replaces_a_picture_file_silently(tmp_path):
    draft = draft_with_a_table_and_a_picture(tmp_path / "draft.docx")
    issue_file = tmp_path / "issue.yaml"
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "draft-1.png").write_bytes(b"another picture")
    result = cli("import", str(draft), "-o", str(issue_file))
    assert result.returncode == 4 and "images/draft-1.png: exists already" in result.stderr
    assert not issue_file.exists() and (tmp_path / "images" / "draft-1.png").read_bytes() == b"another picture"
    assert cli("import", str(draft), "-o", str(issue_file), "--force").returncode == 0
    assert (tmp_path / "images" / "draft-1.png").read_bytes() == (tmp_path / "photo.png").read_bytes()
    issue_file.unlink()  # the same picture there already is no obstacle
    assert cli("import", str(draft), "-o", str(issue_file)).returncode == 0


def test_a_floating_picture_by_the_signature_is_the_articles_seal(tmp_path):
    """A seal as gwformat's DOCX places it: an anchored picture in the 署名 paragraph."""
    draft = draft_with_a_table_and_a_picture(tmp_path / "draft.docx")
    document = docx.Document(str(draft))
    signature = document.add_paragraph("（代表联络处）")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    Image.new("RGBA", (120, 120), (220, 0, 0, 128)).save(tmp_path / "seal.png")
    inline = document.add_picture(str(tmp_path / "seal.png"), width=Mm(40))._inline
    inline.getparent().getparent().getparent().remove(inline.getparent().getparent())  # off its own paragraph
    anchor = OxmlElement("wp:anchor")
    for name, value in (("behindDoc", "1"), ("locked", "0"), ("layoutInCell", "1"), ("allowOverlap", "1"),
                        ("relativeHeight", "1"), ("simplePos", "0")):
        anchor.set(name, value)
    for child in list(inline):
        anchor.append(child)
        if child.tag == qn("wp:extent"):
            anchor.append(OxmlElement("wp:wrapNone"))  # over the text, not wrapped by it
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    signature.add_run()._r.append(drawing)
    document.save(str(draft))
    imported = import_issue([draft], fields=FIELDS)
    article = imported.data["articles"][0]
    assert article["seal"] == "images/draft-2.png" and article["signature"] == "代表联络处"
    assert dict(imported.files)["images/draft-2.png"] == (tmp_path / "seal.png").read_bytes()
    assert article["paragraphs"][-1] == LAST


def test_a_picture_the_text_wraps_around_is_a_picture_and_one_in_a_cell_is_reported(tmp_path):
    draft = draft_with_a_table_and_a_picture(tmp_path / "draft.docx")
    document = docx.Document(str(draft))
    inline = document.inline_shapes[0]._inline
    anchor = OxmlElement("wp:anchor")
    for child in list(inline):
        anchor.append(child)
        if child.tag == qn("wp:extent"):
            anchor.append(OxmlElement("wp:wrapSquare"))
    inline.getparent().replace(inline, anchor)
    document.tables[0].cell(1, 1).paragraphs[0].add_run().add_picture(str(tmp_path / "photo.png"), width=Mm(10))
    document.save(str(draft))
    imported = import_issue([draft], fields=FIELDS)
    assert imported.data["articles"][0]["paragraphs"][2] == EXPECTED_IMAGE and "seal" not in imported.data["articles"][0]
    assert [n.message for _, n in imported.notes if n.message.startswith("not imported")] == [
        "not imported: a picture in a table cell (an issue has no place for it)"]
