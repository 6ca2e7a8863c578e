"""Tables: read back from the PDF (pdfplumber) and the OFD, as a reader of the output sees them."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pdfplumber
import pytest
import yaml

import gwformat
from conftest import ROOT, cli
from gwformat import snapshot
from gwformat.lint import lint_pdf
from gwformat.layout.tree import to_mm
from gwformat.writers.pdf import render_pdf

WENJIAN = ROOT / "examples" / "wenjian" / "issue.yaml"


def wenjian_data() -> dict:
    """The wenjian example, whose 附件1 is a statistics table of the 14 市州 with a 合计 row."""
    return yaml.safe_load(WENJIAN.read_text(encoding="utf-8"))


def the_table(data: dict) -> dict:
    return next(p["table"] for p in data["articles"][1]["paragraphs"] if isinstance(p, dict) and "table" in p)


@pytest.fixture(scope="module")
def wenjian_file() -> Path:
    return WENJIAN


def issue(*items: object, **table: object) -> dict:
    """A bulletin whose one article holds ``items`` (text or tables); with ``table``, that table after a paragraph."""
    if table:
        items = ("前文。", {"table": table}, "后文。")
    return {"name": "联络动态", "number": 1, "organ": "某机关", "date": "2021-01-01",
            "articles": [{"title": "标题", "paragraphs": list(items)}]}


@pytest.fixture(scope="module")
def wenjian(tmp_path_factory, wenjian_file):
    out = tmp_path_factory.mktemp("wenjian")
    return gwformat.build(wenjian_file, out, formats=("pdf", "docx", "ofd"))


@pytest.fixture(scope="module")
def statistics_table():
    return the_table(wenjian_data())


def tables_of(pdf_path: Path) -> dict[int, list]:
    """The ruled tables pdfplumber finds, by page number."""
    with pdfplumber.open(pdf_path) as pdf:
        return {n: [t.extract() for t in page.find_tables()] for n, page in enumerate(pdf.pages, start=1)
                if page.find_tables()}


def flat(row: list) -> list[str]:
    return [(cell or "").replace("\n", "") for cell in row]


def test_every_cell_is_read_back_in_its_row_and_column_across_pages(wenjian, statistics_table):
    found = tables_of(wenjian["pdf"])
    assert sorted(found) == [3, 4]  # 附件1 starts on page 3 and the table runs onto page 4
    rows = [flat(r) for page in (3, 4) for r in found[page][0][1:]]
    expected = [[str(c) for c in row] for row in statistics_table["rows"]]
    assert rows == expected
    assert len(found[3][0]) > 2 and len(found[4][0]) > 2  # real rows on both pages, not a lone header


def test_the_continuation_page_repeats_the_header_under_a_continued_line(wenjian, statistics_table):
    found = tables_of(wenjian["pdf"])
    header = [str(c) for c in statistics_table["header"]]
    assert flat(found[3][0][0]) == header and flat(found[4][0][0]) == header
    with pdfplumber.open(wenjian["pdf"]) as pdf:
        page = pdf.pages[3]
        table = page.find_tables()[0]
        above = "".join(c["text"] for c in page.chars if c["bottom"] <= table.bbox[1] + 0.5)
    assert above == "续表"


def test_header_cells_are_hei_body_cells_fang_and_rules_half_a_point(wenjian):
    with pdfplumber.open(wenjian["pdf"]) as pdf:
        page = pdf.pages[2]
        table = page.find_tables()[0]
        top_row, second_row = table.rows[0], table.rows[1]
        inside = lambda c, box: box[0] <= c["x0"] and c["x1"] <= box[2] and box[1] <= c["top"] and c["bottom"] <= box[3]
        header = [c for c in page.chars if inside(c, top_row.bbox)]
        body = [c for c in page.chars if inside(c, second_row.bbox)]
        assert header and {c["fontname"].split("+")[-1].split("-")[0] for c in header} == {"FandolHei"}
        assert {c["fontname"].split("+")[-1].split("-")[0] for c in body} <= {"FandolFang", "FandolFangHalf"}
        assert {round(c["size"], 1) for c in header + body} == {14.0}
        rules = [l for l in page.lines if inside(l, [b - 1 if i < 2 else b + 1 for i, b in enumerate(table.bbox)])]
        assert len(rules) > 10 and {round(l["linewidth"], 2) for l in rules} == {0.5}


def test_numbers_are_right_aligned_and_text_left_as_the_table_asks(wenjian):
    with pdfplumber.open(wenjian["pdf"]) as pdf:
        page = pdf.pages[2]
        table = page.find_tables()[0]
        gaps: dict[int, set[float]] = {}
        for row in table.rows[1:]:
            for column, cell in enumerate(row.cells):
                chars = [c for c in page.chars if cell[0] <= c["x0"] and c["x1"] <= cell[2]
                         and cell[1] <= c["top"] and c["bottom"] <= cell[3]]
                if column in (1, 2, 3):  # numbers: the same distance from the right rule in every row
                    gaps.setdefault(column, set()).add(round(cell[2] - max(c["x1"] for c in chars), 1))
                if column == 4:  # 主要做法, aligned left
                    gaps.setdefault(column, set()).add(round(min(c["x0"] for c in chars) - cell[0], 1))
    assert all(len(g) == 1 for g in gaps.values()), gaps
    assert all(5 < next(iter(g)) < 9 for g in gaps.values())  # half an em of 4号 padding


def test_title_stays_with_the_first_rows_and_note_with_the_last(tmp_path):
    rows = [[f"第{n}项", n, f"{n * 1.5:.1f}"] for n in range(1, 41)]
    data = issue(title="表1　统计", header=["项目", "数量", "金额"], rows=rows, note="注：示例。")
    pdf = gwformat.build(data, tmp_path, formats=("pdf",))["pdf"]
    with pdfplumber.open(pdf) as document:
        texts = [page.extract_text() for page in document.pages]
        first = next(i for i, t in enumerate(texts) if "第1项" in t)
        last = next(i for i, t in enumerate(texts) if "第40项" in t)
    assert last > first
    assert "表1" in texts[first] and "注：示例。" in texts[last]
    assert all("续表" in texts[i] for i in range(first + 1, last + 1))


def test_the_text_after_a_table_is_back_on_the_grid():
    document = gwformat.layout(gwformat.issue_from_data(issue(header=["甲", "乙"], rows=[["1", "2"], ["3", "4"]])))
    page = document.pages[0]
    body = [l for l in page.lines if l.role == "body"]
    before, after = body[0], body[-1]
    assert after.text == "后文。"
    assert (after.baseline - before.baseline) % document.block.row_pitch == 0


def test_merged_cells_span_their_columns_and_rows(tmp_path):
    data = issue(header=["地区", "上半年", "下半年"],
                 rows=[[{"text": "长沙", "rowspan": 2}, 1, 2], [3, 4], [{"text": "合计", "colspan": 2}, 10]])
    pdf = gwformat.build(data, tmp_path, formats=("pdf",))["pdf"]
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        table = page.find_tables()[0]
        assert [flat(r) for r in table.extract()] == [["地区", "上半年", "下半年"], ["长沙", "1", "2"],
                                                      ["", "3", "4"], ["合计", "", "10"]]
        spanned = table.rows[1].cells[0]
        chars = [c for c in page.chars if c["text"] in "长沙"]
        middle = (min(c["top"] for c in chars) + max(c["bottom"] for c in chars)) / 2
        bottom = table.rows[2].cells[1][3]
        assert abs(middle - (spanned[1] + bottom) / 2) < 1  # centred over both rows
        verticals = [l for l in page.lines if abs(l["x0"] - l["x1"]) < 0.1]
        horizontals = [l for l in page.lines if abs(l["top"] - l["bottom"]) < 0.1]
        total = table.rows[3].cells[0]
        edge = table.rows[1].cells[1][0]  # between 地区 and 上半年
        assert total[0] < edge < total[2]  # 合计 spans both
        middle_y = (total[1] + total[3]) / 2
        assert not any(abs(l["x0"] - edge) < 0.5 and l["top"] < middle_y < l["bottom"] for l in verticals)
        between = table.rows[2].cells[1][1]  # the rule between the two rows 长沙 spans
        middle_x = (spanned[0] + spanned[2]) / 2
        assert not any(abs(l["top"] - between) < 0.5 and l["x0"] < middle_x < l["x1"] for l in horizontals)
        assert any(abs(l["top"] - between) < 0.5 for l in horizontals)  # it is drawn in the other columns


def test_the_ofd_holds_the_cells_as_text_and_the_rules_as_paths(wenjian, statistics_table):
    package = zipfile.ZipFile(io.BytesIO(wenjian["ofd"].read_bytes()))
    ns = {"ofd": "http://www.ofdspec.org/2016"}
    texts, vertical = [], 0
    for page in (2, 3):
        root = ET.fromstring(package.read(f"Doc_0/Pages/Page_{page}/Content.xml"))
        texts += ["".join(code.text or "") for code in root.iterfind(".//ofd:TextCode", ns)]
        for path in root.iterfind(".//ofd:PathObject/ofd:AbbreviatedData", ns):
            _, x0, _, _, x1, _ = path.text.split()
            vertical += x0 == x1
    joined = "".join(texts)
    for row in statistics_table["rows"]:
        assert str(row[0]) in joined
    assert vertical >= 12  # the column rules of both pieces


def test_a_changed_cell_is_named_by_table_row_and_column():
    data = wenjian_data()
    del data["articles"][0]["seal"]  # plain data has no folder to find the seal in
    before = snapshot.snapshot(gwformat.layout(gwformat.issue_from_data(data)))
    the_table(data)["rows"][3][1] = 5
    after = snapshot.snapshot(gwformat.layout(gwformat.issue_from_data(data)))
    assert snapshot.compare(before, after) == ["page 3, table 1, row 4, column 2: was “2” now “5”"]


def test_lint_finds_a_continued_table_without_its_header(wenjian, wenjian_file):
    document = gwformat.layout(gwformat.load_issue(wenjian_file))
    assert lint_pdf(wenjian["pdf"]) == []  # the table's text is not counted as body lines
    page = document.pages[3]
    header = next(g for g in page.groups if g.role == "table").items[1]
    assert header.role == "header"
    dropped = set(map(id, header.lines))
    broken = dataclasses.replace(page, lines=tuple(l for l in page.lines if id(l) not in dropped))
    pages = document.pages[:3] + (broken,) + document.pages[4:]
    path = Path(wenjian["pdf"]).with_name("broken.pdf")
    path.write_bytes(render_pdf(dataclasses.replace(document, pages=pages)))
    assert [(v.page, v.check) for v in lint_pdf(path)] == [(4, "table-header")]


BAD = {
    "unequal rows": ({"header": ["甲", "乙"], "rows": [["1", "2"], ["3"]]},
                     "paragraphs[1].table", "rows[1]: row 2 has 1 columns, the table has 2"),
    "span past the edge": ({"header": ["甲", "乙"], "rows": [["1", {"text": "2", "colspan": 2}]]},
                           "paragraphs[1].table", "row 1 is wider than the table's 2 columns"),
    "empty table": ({"header": ["甲", "乙"], "rows": []}, "paragraphs[1].table.rows", "expected at least one item"),
    "cell taller than a page": ({"header": ["甲"], "rows": [["很长的文字。" * 400]]},
                                "paragraphs[1].table.rows[0]", "taller than the page's text block"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_table_is_one_line_with_its_place_exit_2_and_no_output(tmp_path, case):
    table, where, what = BAD[case]
    source = tmp_path / "issue.yaml"
    source.write_text(yaml.safe_dump(issue(**table), allow_unicode=True), encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"{source}:" in lines[0] and where in lines[0] and what in lines[0], lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_typesetting_renders_no_template_pattern(monkeypatch, wenjian_file):
    from gwformat.kinds import Kind
    from gwformat.layout import typeset
    from gwformat.realize import realize

    realized = realize(gwformat.load_issue(wenjian_file))

    def refuse(*args, **kwargs):
        raise AssertionError("the layout rendered a template pattern")

    monkeypatch.setattr(Kind, "render", refuse)
    document = typeset(realized)
    roles = [g.role for g in document.pages[0].groups]
    assert roles[0] == "masthead" and "title" in roles and "paragraph" in roles


def test_the_docx_has_a_real_table_with_repeated_header_rows_and_merged_cells(wenjian, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(str(wenjian["docx"])).element.body
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == 2  # one piece a page, as the PDF has them
    for table in tables:
        rows = table.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
        assert all(r.find(qn("w:trPr")).find(qn("w:tblHeader")) is None for r in rows[1:])
        assert table.find(qn("w:tblPr")).find(qn("w:tblBorders")).find(qn("w:insideV")).get(qn("w:sz")) == "4"
    data = issue(header=["地区", "上半年", "下半年"],
                 rows=[[{"text": "长沙", "rowspan": 2}, 1, 2], [3, 4], [{"text": "合计", "colspan": 2}, 10]])
    merged = gwformat.build(data, tmp_path, formats=("docx",))["docx"]
    (table,) = Document(str(merged)).element.body.findall(qn("w:tbl"))
    cells = [[tc.find(qn("w:tcPr")) for tc in tr.findall(qn("w:tc"))] for tr in table.findall(qn("w:tr"))]
    assert cells[1][0].find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert cells[2][0].find(qn("w:vMerge")) is not None and cells[2][0].find(qn("w:vMerge")).get(qn("w:val")) is None
    assert cells[3][0].find(qn("w:gridSpan")).get(qn("w:val")) == "2" and len(cells[3]) == 2


def test_libreoffice_puts_the_same_rows_on_each_page_as_the_pdf(wenjian, tmp_path):
    from conftest import libreoffice_pdf

    source = tmp_path / "x.docx"
    source.write_bytes(wenjian["docx"].read_bytes())
    rendered = libreoffice_pdf(source, tmp_path)
    ours, theirs = tables_of(wenjian["pdf"]), tables_of(rendered)
    assert sorted(theirs) == sorted(ours)
    for page in ours:
        assert [flat(r)[0] for r in theirs[page][0]] == [flat(r)[0] for r in ours[page][0]]


def test_a_title_is_not_left_at_a_page_foot_without_the_table_after_it():
    filler = [f"第{n}段正文，用来把页面填到将满的位置。" for n in range(1, 7)]
    data = issue(*filler)
    data["articles"].append({"title": "附表", "paragraphs": [{"table": {"header": ["甲", "乙"],
                                                                     "rows": [["1", "2"]] * 3}}]})
    document = gwformat.layout(gwformat.issue_from_data(data))
    title_page = next(p.number for p in document.pages for g in p.groups if g.role == "title" and "附表" in g.lines[0].text)
    table_page = next(p.number for p in document.pages for g in p.groups if g.role == "table")
    assert title_page == table_page


HENGPAI = ROOT / "examples" / "hengpai" / "issue.yaml"


@pytest.fixture(scope="module")
def hengpai(tmp_path_factory):
    """The example whose 附件1 is a 横排 table over two pages (3, odd, and 4, even)."""
    out = tmp_path_factory.mktemp("hengpai")
    written = gwformat.build(HENGPAI, out, formats=("pdf", "docx", "ofd"))
    return {**written, "document": gwformat.layout(gwformat.load_issue(HENGPAI))}


def _turned_pages(document) -> list[int]:
    return [page.number for page in document.pages if page.landscape]


def test_a_landscape_table_opens_turned_pages_and_the_text_after_it_a_portrait_one(hengpai):
    document = hengpai["document"]
    assert _turned_pages(document) == [3, 4]  # an odd page and an even one
    for page in document.pages:
        kinds = {group.role for group in page.groups}
        assert page.landscape == (kinds == {"table"})  # a turned page holds the table and nothing else
    assert [page.get("landscape") for page in snapshot.snapshot(document)["pages"]] == [None, None, True, True,
                                                                                      None, None]
    after = document.pages[4]
    assert not after.landscape and after.groups[0].role == "paragraph" and "以上数据" in after.lines[0].text
    turned = document.block.turned(document.pages[0].height)
    assert (to_mm(turned.width), to_mm(turned.top)) == (pytest.approx(225), pytest.approx(28))


def test_a_turned_page_has_its_header_along_the_sheets_left_edge_and_its_number_in_place(hengpai):
    """GB/T 9704-2012, 8: the header on the 订口 side of an odd page (its left) and on the 切口 side of an
    even one (its left too); the page number where every other page of that parity has it, upright."""
    with pdfplumber.open(hengpai["pdf"]) as pdf:
        pages = pdf.pages
        for number in (3, 4):
            page = pages[number - 1]
            table = [c for c in page.chars if not c["upright"]]
            assert table and all(c["matrix"][:4] == (0, 1, -1, 0) for c in table)  # a quarter anticlockwise
            header = [c for c in table if c["text"] in "市州备注"]
            body = [c for c in table if c["text"] in "长沙衡阳合计"]
            mm_of = lambda chars: min(c["x0"] for c in chars) * 25.4 / 72
            assert mm_of(header) < mm_of(body) and 28 <= mm_of(header) < 60  # header nearest the left edge
            title = [c for c in table if c["text"] == "表"]
            if title:
                assert 28 - 0.5 <= mm_of(title) < mm_of(header)
            folio = sorted((c for c in page.chars if c["upright"] and c["text"].strip()), key=lambda c: c["x0"])
            portrait = pages[number - 3]  # the page two before: the same side, upright
            theirs = sorted((c for c in portrait.chars if c["top"] > 740 and c["text"].strip()), key=lambda c: c["x0"])
            assert "".join(c["text"] for c in folio) == f"—{number}—"
            assert [(round(c["x0"], 2), round(c["top"], 2)) for c in folio if c["text"] == "—"] == \
                [(round(c["x0"], 2), round(c["top"], 2)) for c in theirs if c["text"] == "—"]


def test_the_turned_tables_cells_read_back_and_its_header_repeats_under_continued(hengpai):
    data = yaml.safe_load(HENGPAI.read_text(encoding="utf-8"))
    table = next(p["table"] for p in data["articles"][1]["paragraphs"] if isinstance(p, dict))
    texts = {}
    with pdfplumber.open(hengpai["pdf"]) as pdf:
        for number in (3, 4):
            text = pdf.pages[number - 1].extract_text(line_dir_rotated="ltr", char_dir_rotated="btt")
            texts[number] = text.replace("\n", "")
    assert texts[3].startswith("表1") and texts[4].startswith("续表")
    for number in (3, 4):
        assert "市州" in texts[number] and "参选率" in texts[number]  # the header on both pages
    everything = texts[3] + texts[4]
    for row in table["rows"]:  # a cell of one line reads as it is written (a wrapped one is read line by line)
        assert all(str(cell) in everything for cell in row if len(str(cell)) <= 7), row
    assert table["note"][:20] in texts[4]


def test_the_ofd_turns_the_tables_objects_and_not_the_page_number(hengpai):
    import ofdkit

    data = Path(hengpai["ofd"]).read_bytes()
    package = zipfile.ZipFile(io.BytesIO(data))
    ns = {"ofd": "http://www.ofdspec.org/2016"}
    for index, page in enumerate(hengpai["document"].pages):
        root = ET.fromstring(package.read(f"Doc_0/Pages/Page_{index}/Content.xml"))
        objects = root.findall(".//ofd:TextObject", ns) + root.findall(".//ofd:PathObject", ns)
        turned = [o for o in objects if o.get("CTM") and
                  [float(v) for v in o.get("CTM").split()] == pytest.approx([0, -1, 1, 0, 0, 297], abs=1e-3)]
        folio = [o for o in objects if "—" in o.findtext("ofd:TextCode", "", ns)]
        assert folio and all(o.get("CTM") is None for o in folio)
        assert len(turned) == (len(objects) - len(folio) if page.landscape else 0)
    document = ofdkit.open(data)
    text = "".join(run.text for run in document.pages[2].runs)
    assert "表1" in text and "长沙市" in text and "612.3" in text


def test_a_row_too_tall_for_the_turned_block_is_refused_with_its_place(tmp_path):
    source = tmp_path / "issue.yaml"
    source.write_text(yaml.safe_dump(issue(header=["甲", "乙"], rows=[["1", "很长的文字。" * 120]], landscape=True,
                                           title="表2　名单"),
                                     allow_unicode=True), encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "paragraphs[1].table.rows[0]" in result.stderr
    assert "table row 1 of “表2　名单” is" in result.stderr and "taller than the 横排 page's text block (153 mm)" \
        in result.stderr and not (tmp_path / "out").exists()


def test_lint_counts_no_turned_line_and_finds_a_turned_continuation_without_its_header(hengpai):
    assert lint_pdf(hengpai["pdf"]) == []  # a 横排 page's lines do not count toward the 22-line grid
    document = hengpai["document"]
    page = document.pages[3]
    header = next(g for g in page.groups if g.role == "table").items[1]
    assert header.role == "header" and page.landscape
    dropped = set(map(id, header.lines))
    broken = dataclasses.replace(page, lines=tuple(l for l in page.lines if id(l) not in dropped))
    path = Path(hengpai["pdf"]).with_name("broken.pdf")
    path.write_bytes(render_pdf(dataclasses.replace(document, pages=document.pages[:3] + (broken,) +
                                                    document.pages[4:])))
    assert [(v.page, v.check) for v in lint_pdf(path)] == [(4, "table-header")]


def test_a_decimal_column_is_a_decimal_tab_stop_at_the_layouts_point(hengpai):
    from gwformat.layout.tree import CellGroup

    document = hengpai["document"]
    cells = [item for page in document.pages for group in page.groups for item in group.walk()
             if isinstance(item, CellGroup) and item.align == "decimal" and ".rows[" in item.path]
    package = zipfile.ZipFile(io.BytesIO(Path(hengpai["docx"]).read_bytes()))
    body = ET.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    stops = [(tab.get(f"{w}pos"), "".join(t.text for t in p.iter(f"{w}t")))
             for p in body.iter(f"{w}p") for tab in p.iterfind(f"{w}pPr/{w}tabs/{w}tab")
             if tab.get(f"{w}val") == "decimal"]
    assert len(stops) == len(cells) == 15 * 4
    table = next(g for g in document.pages[2].groups if g.role == "table")
    for cell, (pos, text) in zip(cells, stops):
        line = cell.lines[0]
        point = next(g.x for g in line.glyphs if g.char == ".") if "." in line.text else line.x1
        assert text == line.text and int(pos) == round((point - cell.box[0] - table.padding_x) / 50)


def test_the_docx_sets_a_turned_table_in_a_landscape_section_of_its_own(hengpai):
    package = zipfile.ZipFile(io.BytesIO(Path(hengpai["docx"]).read_bytes()))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = ET.fromstring(package.read("word/document.xml")).find(f"{w}body")
    sections = list(body.iter(f"{w}sectPr"))
    sizes = [(s.find(f"{w}pgSz").get(f"{w}w"), s.find(f"{w}pgSz").get(f"{w}orient")) for s in sections]
    assert sizes == [("11906", None), ("16838", "landscape"), ("11906", None)]
    turned = sections[1]
    margins = {k.split("}")[1]: int(v) for k, v in turned.find(f"{w}pgMar").attrib.items()}
    block = hengpai["document"].block.turned(hengpai["document"].pages[0].height)
    assert (margins["top"], margins["left"]) == (round(block.top / 50), round(block.left / 50))
    assert 16838 - margins["left"] - margins["right"] == round(block.width / 50)
    children = list(body)
    ends = [i for i, child in enumerate(children) if child.find(f"{w}pPr/{w}sectPr") is not None]
    tables = [i for i, child in enumerate(children) if child.tag == f"{w}tbl"]
    assert len(ends) == 2 and len(tables) == 2 and all(ends[0] < i < ends[1] for i in tables)  # both pieces in it
    footers = {r.get(f"{w}type"): r for r in turned.iter(f"{w}footerReference")}
    rels = ET.fromstring(package.read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for kind in ("default", "even"):
        footer = ET.fromstring(package.read("word/" + target[footers[kind].get(r)]))
        direction = footer.find(f".//{w}pPr/{w}textDirection")
        frame = footer.find(f".//{w}pPr/{w}framePr")
        assert direction.get(f"{w}val") == "tbRl" and frame.get(f"{w}hAnchor") == "page"


def test_a_signature_after_a_turned_table_opens_the_next_portrait_page_with_no_blank_page_between():
    data = issue("前文。", {"table": {"header": ["甲", "乙"], "rows": [["1", "2"]] * 3, "landscape": True}})
    data["articles"][0]["signature"] = "代表联络处"
    document = gwformat.layout(gwformat.issue_from_data(data))
    roles = [[group.role for group in page.groups] for page in document.pages]
    assert roles == [["masthead", "title", "paragraph"], ["table"], ["signature"]]
    assert [page.landscape for page in document.pages] == [False, True, False]
