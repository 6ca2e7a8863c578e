"""Every example's DOCX read the way its readers read it: Spire.Doc (as Word does) and LibreOffice.

Each example is built once and each DOCX rendered once per reader, all in parallel, for the
whole module. Then: the lines and pages of each rendering against the PDF's, the text of
each paragraph against the content, no invisible characters, the package as openxml-audit
validates it, and the reader quirks of gwformat.writers.docx_quirks, each shown.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import gwformat
from conftest import ROOT
from gwformat.layout.tree import Group, TableGroup
from gwformat.writers.docx_quirks import QUIRKS, margin
from gwformat.writers.docx_text import _Context, _first_piece, _spacings
from readers import Comparison, compare, libreoffice, pages, spire, spire_available, spire_corrected

EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/issue.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

#: What LibreOffice 7.4 costs where it departs from the specification and no form reads the
#: same in it and in Word: lines identical to the PDF, at least. It puts space between a digit
#: and a Chinese character whatever w:autoSpaceDN says (docx_quirks), so a line with four or
#: more such places (a date: 5月8日至9日) breaks a character early, and so do the lines after it
#: in its paragraph: 3 paragraphs of the bulletin, 1 of jianbao-neibu, 1 of jiyao and 1 of
#: jianbao-photos (走访了6个乡镇的12个村: four places, 281 twips where the line can leave 276).
LIBREOFFICE_LINES = {"lianluo-dongtai-27": 187 / 198, "jianbao-neibu": 14 / 17, "jiyao": 8 / 10,
                     "jianbao-photos": 25 / 28}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict]:
    """Each example: its layout, PDF and DOCX, and both readers' renderings of the DOCX."""
    root = tmp_path_factory.mktemp("readers")
    out: dict[str, dict] = {}
    for name in EXAMPLES:
        issue = gwformat.load_issue(ROOT / "examples" / name / "issue.yaml")
        written = gwformat.build(issue, root / name, formats=("pdf", "docx"))
        out[name] = {"document": gwformat.layout(issue), "pdf": written["pdf"], "docx": written["docx"]}
    jobs = {}
    with ThreadPoolExecutor(max_workers=3) as pool:
        for name in EXAMPLES:
            jobs[name, "libreoffice"] = pool.submit(libreoffice, out[name]["docx"], root / name / "lo")
            if spire_available() is None:
                jobs[name, "spire"] = pool.submit(spire_corrected, out[name]["docx"], root / name / "spire")
        for (name, reader), job in jobs.items():
            out[name][reader] = job.result()
    return out


def _compared(built, name: str, reader: str) -> Comparison:
    rendered = built[name].get(reader)
    if reader == "spire" and (why := spire_available()) is not None:
        pytest.skip(why)
    if rendered is None:
        pytest.skip(f"{reader} is not installed (.ci/setup installs it)" if reader == "libreoffice"
                    else "Spire.Doc wrote no PDF: its evaluation mode is unavailable")
    return compare(pages(built[name]["pdf"]), pages(rendered))


@pytest.mark.parametrize("name", EXAMPLES)
def test_spire_lines_and_pages(built, name):
    result = _compared(built, name, "spire")
    assert result.share >= 0.98, result
    assert result.pages == result.expected_pages and all(result.starts), result


@pytest.mark.parametrize("name", EXAMPLES)
def test_libreoffice_lines_and_pages(built, name):
    result = _compared(built, name, "libreoffice")
    assert result.share >= LIBREOFFICE_LINES.get(name, 0.95) - 1e-9, result
    assert result.pages == result.expected_pages and all(result.starts), result


def _blocks(document) -> list[tuple[list[list[str]], int]]:
    """Each page of the layout: the lines of each table row on it (as readers.pages gives text), and its pictures."""
    out = []
    for page in document.pages:
        rows = [[_text(line.text) for line in row.lines if _text(line.text)]
                for group in page.groups if isinstance(group, TableGroup)
                for row in group.walk() if isinstance(row, Group) and row.role == "row"]
        out.append(([row for row in rows if row], sum(len(group.images) for group in page.groups)))
    return out


def _text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("reader", ["libreoffice", "spire"])
@pytest.mark.parametrize("name", [n for n in EXAMPLES if n in ("wenjian", "jianbao-photos", "hengpai")])
def test_readers_put_the_same_rows_and_pictures_on_each_page(built, name, reader):
    """Every table row of a page of the PDF is on that page of the reader's rendering, and so is each picture."""
    _compared(built, name, reader)  # skips where the reader is not there
    import pdfplumber

    blocks = _blocks(built[name]["document"])
    assert any(rows for rows, _ in blocks) or any(pictures for _, pictures in blocks)
    rendered = pages(built[name][reader])
    with pdfplumber.open(built[name][reader]) as document:
        pictures = [len(page.images) for page in document.pages][:len(rendered)]
    assert pictures == [count for _, count in blocks][:len(pictures)]
    for number, (rows, _) in enumerate(blocks):
        text = "".join(rendered[number]) if number < len(rendered) else ""
        missing = [row for row in rows if not all(line in text for line in row)]
        assert not missing, (number + 1, missing)


def _package(built, name: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(Path(built[name]["docx"]).read_bytes()))


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_content_paragraph_is_one_word_paragraph_with_the_contents_text(built, name):
    document = built[name]["document"]
    expected: dict[int, str] = {}
    for page in document.pages:
        for line in page.lines:
            if line.role == "body" and line.paragraph is not None:
                expected[line.paragraph] = expected.get(line.paragraph, "") + line.text
    word = docx.Document(str(built[name]["docx"]))
    body = [p.text for p in word.paragraphs if p.style.style_id == "GwBody" and p.text]
    assert body == list(expected.values())


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_paragraph_has_a_named_style(built, name):
    word = docx.Document(str(built[name]["docx"]))
    styles = {s.style_id: s.name for s in word.styles}
    for paragraph in word.element.body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        assert style is not None and styles.get(style.get(qn("w:val"))), paragraph.xml[:200]


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_part_holds_invisible_characters(built, name):
    package = _package(built, name)
    for member in package.namelist():
        if member.endswith((".xml", ".rels")):
            text = package.read(member).decode("utf-8")
            assert not INVISIBLE.search(text), (member, INVISIBLE.findall(text)[:5])


@pytest.mark.parametrize("name", EXAMPLES)
def test_openxml_audit_finds_no_error(built, name):
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit is a test extra (pip install -e '.[test]')")
    result = audit.OpenXmlValidator().validate(str(built[name]["docx"]))
    assert result.is_valid, [str(e) for e in result.errors]


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_break_is_decided_by_a_few_twips(built, name):
    """Every line the reader must break after leaves at least the margin, and what follows overflows by as much."""
    document = built[name]["document"]
    ctx = _Context(document, "shipped", False, document.block.row_pitch // 50)
    right = document.block.left + document.block.width
    checked = 0
    for page in document.pages:
        lines = [l for l in page.lines if l.role == "body"]
        for line, following in zip(lines, lines[1:]):
            if following.paragraph != line.paragraph:
                continue
            widths = [ctx.measure(g.face, g.char, line.size)[1] / 50 + s
                      for g, (_, s) in zip(line.glyphs, _spacings(ctx, line, right, following))]
            slack = (right - line.x0) / 50 - sum(widths)
            edge = margin(line.size)
            assert edge <= slack <= _first_piece(following) / 50 - edge, (line.text, slack)
            checked += 1
    assert checked or name in ("jiyao", "xinhan", "zengkan")


def test_each_quirk_names_a_test_that_exists():
    for quirk in QUIRKS:
        path, _, test = quirk.test.partition("::")
        assert f"def {test}(" in (ROOT / "tests" / path).read_text(encoding="utf-8"), quirk


def _line_of(pdf: Path, text: str) -> list[float]:
    """The x positions of the characters of the line that starts with ``text``."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for line in document.pages[0].extract_text_lines(return_chars=True):
            if line["text"].replace(" ", "").startswith(text):
                return [c["x0"] for c in line["chars"]]
    raise AssertionError(f"no line starts with {text}")


@pytest.fixture(scope="module")
def probe(tmp_path_factory, built) -> Path:
    """A copy of the example DOCX that opens with "省一二12三四" spaced -1 pt and "人一二12三四" spaced +1 pt."""
    source = _package(built, "lianluo-dongtai-27")
    out = tmp_path_factory.mktemp("probe") / "probe.docx"
    font = '<w:rFonts w:ascii="FandolFang Kaiming" w:hAnsi="FandolFang Kaiming" w:eastAsia="FandolFang Kaiming"/>'

    def paragraph(mark: str, spacing: int) -> str:
        run = f'<w:r><w:rPr>{font}<w:spacing w:val="{spacing}"/><w:sz w:val="32"/></w:rPr><w:t>{{}}</w:t></w:r>'
        return (f'<w:p><w:pPr><w:pStyle w:val="GwBody"/><w:jc w:val="left"/></w:pPr>'
                + run.format(mark + "一二") + run.format("12") + run.format("三四") + "</w:p>")

    with zipfile.ZipFile(out, "w") as target:
        for member in source.namelist():
            data = source.read(member)
            if member == "word/document.xml":
                text = data.decode("utf-8")
                data = text.replace("<w:body>", "<w:body>" + paragraph("省", -20) + paragraph("人", 20), 1).encode()
            target.writestr(member, data)
    return out


@pytest.fixture(scope="module")
def probe_in_libreoffice(probe, tmp_path_factory) -> Path:
    rendered = libreoffice(probe, tmp_path_factory.mktemp("probe-lo"))
    if rendered is None:
        pytest.skip("LibreOffice is not installed (.ci/setup installs it)")
    return rendered


def test_libreoffice_adds_space_between_scripts(probe_in_libreoffice):
    """二→1 and 2→三 are 3.2 pt (a fifth of 16 pt) wider than the characters' spaced widths."""
    x = _line_of(probe_in_libreoffice, "人一二12")
    assert x[3] - x[2] == pytest.approx(17 + 3.2, abs=0.15)  # 二: 16 pt + 1 pt, then the gap
    assert x[5] - x[4] == pytest.approx(9 + 3.2, abs=0.15)  # 2: 8 pt + 1 pt, then the gap


def test_libreoffice_drops_negative_spacing_at_portion_ends(probe_in_libreoffice):
    x = _line_of(probe_in_libreoffice, "省一二12")
    assert x[2] - x[1] == pytest.approx(15, abs=0.15)  # inside the run: 16 pt - 1 pt
    assert x[3] - x[2] == pytest.approx(16 + 3.2, abs=0.15)  # the run's last: its -1 pt dropped


@pytest.mark.parametrize("reader", ["libreoffice", "spire"])
def test_decimal_tab_stops_align_the_points_where_the_pdf_has_them(built, reader):
    """hengpai's decimal columns: each rendered "." within 1 pt of the layout's on its page (a 横排 page
    is landscape in both readers, as the layout's turned frame is)."""
    _compared(built, "hengpai", reader)
    import pdfplumber

    document = built["hengpai"]["document"]
    with pdfplumber.open(built["hengpai"][reader]) as rendered:
        for page in (p for p in document.pages if p.landscape):
            ours = {g.x / 1000 for line in page.lines if line.role == "table" for g in line.glyphs if g.char == "."}
            theirs = [c["x0"] for c in rendered.pages[page.number - 1].chars
                      if c["text"] == "." and not _warning_char(c)]
            assert len(ours) == 4 and theirs
            assert all(min(abs(x - o) for o in ours) < 1 for x in theirs), (page.number, sorted(ours), sorted(theirs))


def _warning_char(char: dict) -> bool:
    return tuple(char.get("non_stroking_color") or ()) == (1, 0, 0)


@pytest.mark.parametrize("reader", ["libreoffice", "spire"])
def test_a_turned_pages_number_keeps_its_portrait_place_in_the_readers(built, reader):
    """hengpai's 横排 pages are landscape in the readers; their page number stands where the portrait
    sheet has it, turned with the sheet: down the page's left edge, at the foot (odd) or the head (even)."""
    _compared(built, "hengpai", reader)
    import pdfplumber

    document = built["hengpai"]["document"]
    height = document.pages[0].height / 1000
    with pdfplumber.open(built["hengpai"][reader]) as rendered:
        for page in (p for p in document.pages if p.landscape):
            shown = rendered.pages[page.number - 1]
            assert shown.width > shown.height
            folio = [c for c in shown.chars if not c["upright"] and c["text"].strip() and not _warning_char(c)]
            assert "".join(c["text"] for c in sorted(folio, key=lambda c: c["top"])) == f"—{page.number}—"
            # the end it keeps to (the right of an odd page's number, the left of an even one's), as upright
            if page.number % 2:
                assert abs(max(c["bottom"] for c in folio) - page.folio.x1 / 1000) < 1
            else:
                assert abs(min(c["top"] for c in folio) - page.folio.x0 / 1000) < 1
            assert abs(min(c["x0"] for c in folio) - (height - page.folio.band[1] / 1000)) < 5


@pytest.fixture(scope="module")
def grid_probe_in_libreoffice(probe, tmp_path_factory) -> Path:
    """The probe on a character grid of 16 pt cells (docGrid linesAndChars, the body's size in Normal)."""
    out = tmp_path_factory.mktemp("grid-probe") / "probe.docx"
    changes = {"word/document.xml": lambda xml: re.sub(r'<w:docGrid w:type="lines" w:linePitch="(\d+)"/>',
                                                       r'<w:docGrid w:type="linesAndChars" w:linePitch="\1" '
                                                       r'w:charSpace="1"/>', xml),
               "word/styles.xml": lambda xml: xml.replace(
                   '<w:name w:val="Normal"/><w:qFormat/></w:style>',
                   '<w:name w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="32"/></w:rPr></w:style>')}
    with zipfile.ZipFile(probe) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.namelist():
            data = source.read(member)
            if member in changes:
                changed = changes[member](data.decode("utf-8"))
                assert changed != data.decode("utf-8"), member
                data = changed.encode("utf-8")
            target.writestr(member, data)
    rendered = libreoffice(out, out.parent / "lo")
    if rendered is None:
        pytest.skip("LibreOffice is not installed (.ci/setup installs it)")
    return rendered


def test_libreoffice_sets_chinese_in_whole_cells_on_a_character_grid(grid_probe_in_libreoffice):
    """The one form that stops the space between scripts costs the widths: no w:spacing is kept."""
    x = _line_of(grid_probe_in_libreoffice, "省一二12")
    assert x[1] - x[0] == pytest.approx(16, abs=0.15)  # 16 pt - 1 pt, set in one whole cell
    assert x[3] - x[2] == pytest.approx(16, abs=0.15)  # and no space before the digits
    x = _line_of(grid_probe_in_libreoffice, "人一二12")
    assert x[1] - x[0] == pytest.approx(32, abs=0.15)  # 16 pt + 1 pt, rounded up to two cells
