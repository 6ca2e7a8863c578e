"""PDF/A-2b and OFD (GB/T 33190) from the same layout, checked by tools written by others."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import pdf_text
from gwformat.layout.tree import MPT_PER_MM
from gwformat.writers.ofd import check_package, render_ofd
from gwformat.writers.pdfa import render_pdfa


@pytest.fixture(scope="module")
def pdfa_bytes(example_document) -> bytes:
    return render_pdfa(example_document)


@pytest.fixture(scope="module")
def ofd_bytes(example_document) -> bytes:
    return render_ofd(example_document)


def test_pdfa_validates_and_is_deterministic(tmp_path, example_document, pdfa_bytes):
    from pikepdf import pdfa

    path = tmp_path / "a.pdf"
    path.write_bytes(pdfa_bytes)
    assert pdfa.validate_written(path, "2b").passed
    assert render_pdfa(example_document) == pdfa_bytes


def test_pdfa_metadata_agrees_with_the_document(tmp_path, example_document, pdfa_bytes):
    import pikepdf

    with pikepdf.open(io.BytesIO(pdfa_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == example_document.title == str(pdf.docinfo["/Title"])
        assert meta["dc:creator"] == [example_document.author]
        assert meta["pdfaid:part"] == "2" and meta["xmp:CreateDate"].startswith(example_document.date)
        assert len(pdf.Root.OutputIntents) == 1
        assert all("/Trans" not in page.obj for page in pdf.pages)


def test_pdfa_embeds_every_font_and_keeps_the_text(tmp_path, example_pdf, pdfa_bytes):
    path = tmp_path / "a.pdf"
    path.write_bytes(pdfa_bytes)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [row.split() for row in fonts.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # the "emb" column
    assert pdf_text(path) == pdf_text(example_pdf)
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_ofd_structure_is_complete_and_deterministic(example_document, ofd_bytes):
    assert check_package(ofd_bytes) == []
    assert render_ofd(example_document) == ofd_bytes
    names = zipfile.ZipFile(io.BytesIO(ofd_bytes)).namelist()
    assert names[0] == "OFD.xml" and "Doc_0/Document.xml" in names and "Doc_0/PublicRes.xml" in names
    assert sum(n.endswith("/Content.xml") for n in names) == 10


def test_an_independent_reader_finds_every_line_where_the_layout_put_it(example_document, ofd_bytes):
    import ofdkit

    document = ofdkit.open(ofd_bytes)
    assert len(document.pages) == len(example_document.pages)
    for page, laid_out in zip(document.pages, example_document.pages):
        runs = page.runs
        for line in laid_out.lines + ((laid_out.folio,) if laid_out.folio else ()):
            ink = line.ink
            if not ink:
                continue
            x, y = ink[0].x / MPT_PER_MM, line.baseline / MPT_PER_MM
            match = [r for r in runs if abs(r.x - x) < 0.01 and abs(r.y - y) < 0.01]
            assert match, (laid_out.number, line.text)
            assert ink[0].char == match[0].text[0]
            assert abs(match[0].size - line.size / MPT_PER_MM) < 0.01
        text = "".join(r.text for r in runs)
        assert text == "".join(g.char for l in laid_out.lines + ((laid_out.folio,) if laid_out.folio else ())
                               for g in l.ink)


def _ink(image):
    return image.convert("L").point(lambda v: 255 if v < 128 else 0)


def _pages_at_width(pdf: bytes, width: int) -> list:
    """Each page rendered to ``width`` pixels, whatever unit the PDF's page size is in."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=width / page.get_width()).to_pil() for page in document]


def test_an_independent_renderer_draws_what_the_pdf_shows(tmp_path, example_pdf, ofd_bytes, monkeypatch):
    ofd2img = pytest.importorskip("ofd2img")
    from PIL import ImageChops, ImageFilter

    monkeypatch.chdir(tmp_path)  # ofd2img writes the fonts it registers into the working directory
    reader = ofd2img.OFD()
    reader.read(ofd_bytes, fmt="binary")
    theirs = _pages_at_width(reader.to_pdf(), 800)
    ours = _pages_at_width(Path(example_pdf).read_bytes(), 800)
    assert len(theirs) == len(ours)
    for number, (a, b) in enumerate(zip(ours, theirs), start=1):
        a, b = _ink(a), _ink(b.crop((0, 0) + a.size))
        # a pixel differs when no ink is within one pixel of it in the other rendering
        only_a = ImageChops.subtract(a, b.filter(ImageFilter.MaxFilter(3)))
        only_b = ImageChops.subtract(b, a.filter(ImageFilter.MaxFilter(3)))
        ink = lambda image: sum(image.histogram()[1:])  # pixels that are not 0
        differing = ink(only_a) + ink(only_b)
        total = ink(a)
        assert differing / total < 0.01, (number, differing, total)


def test_the_structural_check_catches_a_missing_attribute(ofd_bytes):
    source = zipfile.ZipFile(io.BytesIO(ofd_bytes))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "Doc_0/Pages/Page_1/Content.xml":
                data = data.replace(b' Font="', b' Fnt="', 1)
            if name == "Doc_0/Document.xml":
                data = data.replace(b"<ofd:PhysicalBox>", b"<ofd:Box>", 1).replace(b"</ofd:PhysicalBox>", b"</ofd:Box>", 1)
            target.writestr(name, data)
    problems = check_package(broken.getvalue())
    assert any("Page_1/Content.xml: TextObject without Font" in p for p in problems), problems
    assert any("no PhysicalBox" in p for p in problems), problems


def test_build_writes_all_three(tmp_path, example_issue):
    import gwformat

    written = gwformat.build(example_issue, tmp_path, formats=("pdf", "docx", "ofd"), pdfa=True)
    assert sorted(written) == ["docx", "ofd", "pdf"]
    assert b"pdfaid:part" in written["pdf"].read_bytes()
