"""The DOCX package as the writer writes it, as text: its parts, relationships and content types, the
escaping of the content's text, and the sections of a document with a blank page before its last."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

import docx
import pytest
import yaml

import gwformat
from gwformat.writers.docx import render_docx

from conftest import ROOT, libreoffice_pdf, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
ODD = "A&B <c> \"d\" 'e' &amp; ]]> x"


def _data() -> dict:
    return yaml.safe_load((ROOT / "examples" / "jianbao-neibu" / "issue.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", ["lianluo-dongtai-27", "hengpai", "jianbao-photos", "lianhe-wenjian"])
def test_every_part_has_a_content_type_and_every_relationship_a_part(example):
    package = zipfile.ZipFile(io.BytesIO(render_docx(gwformat.layout(
        gwformat.load_issue(ROOT / "examples" / example / "issue.yaml")))))
    names = set(package.namelist())
    types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    defaults = {d.get("Extension") for d in types.iter(TYPES + "Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(TYPES + "Override")}
    assert overrides <= names
    assert all(n in overrides or n.rpartition(".")[2] in defaults for n in names - {"[Content_Types].xml"})
    for rels in (n for n in names if n.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(rels))
        ids = [rel.get("Id") for rel in ElementTree.fromstring(package.read(rels))]
        assert len(ids) == len(set(ids))
        for rel in ElementTree.fromstring(package.read(rels)).iter(PKG + "Relationship"):
            assert posixpath.normpath(posixpath.join(base, rel.get("Target"))) in names
    # every r:id the document and its footers name is one of the main document's relationships
    related = {rel.get("Id") for rel in ElementTree.fromstring(package.read("word/_rels/document.xml.rels"))}
    for part in (n for n in names if re.fullmatch(r"word/(document|footer\d+)\.xml", n)):
        for element in ElementTree.fromstring(package.read(part)).iter():
            for name in (R + "id", R + "embed"):
                assert element.get(name) is None or element.get(name) in related, (part, element.tag)


def test_text_and_properties_with_markup_characters_read_back_as_written():
    data = _data()
    data["organ"] = "办公厅" + ODD
    data["articles"][0]["paragraphs"][0] = "正文" + ODD + "结束。"
    written = render_docx(gwformat.layout(gwformat.issue_from_data(data)))
    package = zipfile.ZipFile(io.BytesIO(written))
    for name in package.namelist():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(package.read(name))  # well-formed
    document = docx.Document(io.BytesIO(written))
    assert document.core_properties.author == "办公厅" + ODD
    assert "正文" + ODD + "结束。" in "".join(p.text for p in document.paragraphs).replace("\n", "")


def _with_blank_page() -> gwformat.Document:
    """jianbao-neibu with its first paragraph repeated until the distribution block needs a page of its own,
    an even one, after a blank page (GB/T 9704-2012, 7.5)."""
    data = _data()
    first = data["articles"][0]["paragraphs"][0]
    for count in range(1, 40):
        data["articles"][0]["paragraphs"] = [first] * count
        document = gwformat.layout(gwformat.issue_from_data(data))
        if any(p.folio is None and not p.lines for p in document.pages):
            return document
    raise AssertionError("no paragraph count leaves a blank page before the distribution block")


def test_a_blank_page_before_the_last_ends_the_numbered_section(tmp_path):
    document = _with_blank_page()
    blank = next(p.number for p in document.pages if p.folio is None and not p.lines)
    written = render_docx(document)
    package = zipfile.ZipFile(io.BytesIO(written))
    body = ElementTree.fromstring(package.read("word/document.xml")).find(W + "body")
    sections = list(body.iter(W + "sectPr"))
    assert len(sections) == 2
    rels = {rel.get("Id"): rel.get("Target") for rel in ElementTree.fromstring(
        package.read("word/_rels/document.xml.rels"))}

    def numbers(section) -> list[bool]:
        return ["PAGE" in package.read("word/" + rels[ref.get(R + "id")]).decode()
                for ref in section.iter(W + "footerReference")]

    assert numbers(sections[0]) == [True, True] and numbers(sections[1]) == [False, False]
    out = tmp_path / "blank.docx"
    out.write_bytes(written)
    pages = pdf_text(libreoffice_pdf(out, tmp_path)).split("\f")
    assert pages[blank - 1].strip() == ""  # the blank page, without a number
    assert "省委办公厅" in pages[blank] and not re.search(r"— *\d+ *—", pages[blank])
    assert re.search(rf"— *{blank - 1} *—", pages[blank - 2])
