"""The document's properties in every output: title, author, the issue's date, the language and the kind.

Read back with pikepdf (the PDF's information dictionary, catalog and XMP), from the DOCX's
docProps/core.xml and from the OFD's DocInfo, for a bulletin and a 公文.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pikepdf
import pytest

import gwformat
from conftest import ROOT
from gwformat.writers.pdfa import render_pdfa

CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
OFD = "{http://www.ofdspec.org/2016}"

# example: (title, author, date, kind) as the files must record them
EXPECTED = {
    "lianluo-dongtai-27": ("联络动态 第27期", "湖南省人大常委会选举任免联络工作委员会", "2020-12-24", "jianbao"),
    "wenjian": ("关于全省乡镇人大工作和建设推进会贯彻落实情况的报告", "湖南省人大常委会选举任免联络工作委员会",
                "2021-03-15", "wenjian"),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def built(request, tmp_path_factory):
    name = request.param
    issue = gwformat.load_issue(ROOT / "examples" / name / "issue.yaml")
    written = gwformat.build(issue, tmp_path_factory.mktemp(name), formats=("pdf", "docx", "ofd"))
    return name, issue, written


def test_the_pdf_records_title_author_date_language_and_kind(built):
    name, _, written = built
    title, author, date, kind = EXPECTED[name]
    with pikepdf.open(written["pdf"]) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == title and str(info["/Author"]) == author
        stamp = f"D:{date.replace('-', '')}000000+08'00'"
        assert str(info["/CreationDate"]) == str(info["/ModDate"]) == stamp
        assert str(info["/GwformatKind"]) == kind
        assert str(pdf.Root.Lang) == "zh-CN"


def test_the_docx_core_properties_carry_the_same(built):
    name, _, written = built
    title, author, date, _ = EXPECTED[name]
    with zipfile.ZipFile(written["docx"]) as package:
        core = ET.fromstring(package.read("docProps/core.xml"))
    assert core.findtext(f"{DC}title") == title and core.findtext(f"{DC}creator") == author
    assert core.findtext(f"{DC}language") == "zh-CN"
    for element in ("created", "modified"):
        assert core.findtext(f"{DCTERMS}{element}").startswith(f"{date}T00:00:00")


def test_the_ofd_docinfo_carries_the_same(built):
    name, _, written = built
    title, author, date, kind = EXPECTED[name]
    with zipfile.ZipFile(written["ofd"]) as package:
        info = ET.fromstring(package.read("OFD.xml")).find(f"{OFD}DocBody/{OFD}DocInfo")
    assert info.findtext(f"{OFD}Title") == title and info.findtext(f"{OFD}Author") == author
    assert info.findtext(f"{OFD}CreationDate") == date
    assert info.find(f"{OFD}CustomDatas/{OFD}CustomData[@Name='GwformatKind']").text == kind


def test_the_pdfa_xmp_agrees_and_keeps_the_kind(built, tmp_path):
    from pikepdf import pdfa

    name, issue, _ = built
    title, author, date, kind = EXPECTED[name]
    data = render_pdfa(gwformat.layout(issue))
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    assert pdfa.validate_written(path, "2b").passed
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == title and meta["dc:creator"] == [author]
        for key in ("xmp:CreateDate", "xmp:ModifyDate"):
            assert meta[key] == f"{date}T00:00:00+08:00"
        assert str(pdf.docinfo["/CreationDate"]).startswith(f"D:{date.replace('-', '')}")
        assert str(pdf.docinfo["/GwformatKind"]) == kind and str(pdf.Root.Lang) == "zh-CN"


def test_the_date_changes_with_the_issue_and_nothing_else_does(built, tmp_path):
    """Deterministic: the same issue gives the same bytes; another date gives that date."""
    name, issue, written = built
    again = gwformat.build(issue, tmp_path / "again", formats=("pdf",))
    assert again["pdf"].read_bytes() == written["pdf"].read_bytes()
    later = issue.model_copy(update={"date": issue.date.replace(year=issue.date.year + 1)})
    with pikepdf.open(io.BytesIO(gwformat.writers.pdf.render_pdf(gwformat.layout(later)))) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith(f"D:{issue.date.year + 1}")
