"""The example's DOCX read back: page setup, styles, fonts, fields, embedded fonts, and LibreOffice's rendering."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from gwformat.writers.docx import render_docx
from gwformat.writers.ooxml import obfuscate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx_bytes(example_document) -> bytes:
    return render_docx(example_document)


@pytest.fixture(scope="module")
def document(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def package(docx_bytes):
    return zipfile.ZipFile(io.BytesIO(docx_bytes))


def paragraphs_in(document, style_id):
    return [p for p in document.paragraphs if p.style.style_id == style_id]


def test_page_setup_gives_the_gbt9704_block_and_a_22_line_grid(document):
    sect = document.sections[0]._sectPr
    size = sect.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")  # A4
    margins = sect.find(qn("w:pgMar"))
    assert margins.get(qn("w:top")) == "2098"  # 37 mm
    assert margins.get(qn("w:left")) == "1587"  # 28 mm
    assert 11906 - 1587 - int(margins.get(qn("w:right"))) == 28 * 316  # the block: 28 characters of 316 twips
    grid = sect.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def test_one_word_paragraph_per_content_paragraph(document, example_issue):
    body = [p.text for p in paragraphs_in(document, "GwBody") if p.text]
    expected = [(p.heading or "") + p.text for a in example_issue.articles for p in a.paragraphs]
    assert body == expected
    assert not document.element.body.findall(f".//{W}br")


def test_styles_name_the_east_asian_font_and_chinese(document, package):
    styles = package.read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles
    body = document.styles["gw 正文"]
    fonts = body.element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "FandolFang Kaiming"
    for name in ("gw 报头", "gw 标题", "gw 署名", "gw 版记", "gw 页码", "gw 一级标题"):
        assert name in [s.name for s in document.styles]


def test_compression_of_the_word_processor_is_off_and_widths_are_explicit(package, document):
    settings = package.read("word/settings.xml").decode()
    assert '<w:characterSpacingControl w:val="doNotCompress"/>' in settings
    # the legacy setting makes Word give full-width characters twice their spacing (docx_quirks)
    assert "balanceSingleByteDoubleByteWidth" not in settings
    body = [r for p in paragraphs_in(document, "GwBody") for r in p._p.findall(f"{W}r")]
    spaced = [r for r in body if r.find(f"{W}rPr/{W}spacing") is not None]
    assert len(spaced) > len(body) / 2  # the layout's widths, as character spacing


def test_masthead_is_red_with_a_red_rule(document):
    masthead = paragraphs_in(document, "GwMasthead")[0]
    assert masthead.text == "联 络 动 态"
    assert {r.font.color.rgb.__str__() for r in masthead.runs if r.text.strip()} == {"E60012"}
    issue_line = [p for p in paragraphs_in(document, "GwIssueLine") if "编" in p.text][0]
    border = issue_line._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert border.get(qn("w:color")) == "E60012"


def test_page_numbers_are_fields_odd_right_even_left(document, package):
    assert "<w:evenAndOddHeaders/>" in package.read("word/settings.xml").decode()
    section = document.sections[0]
    odd, even = section.footer._element, section.even_page_footer._element
    for footer, side in ((odd, "right"), (even, "left")):
        xml = footer.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert f'w:jc w:val="{side}"' in xml


def test_titles_start_pages_where_the_layout_starts_them(document):
    titles = [p for p in paragraphs_in(document, "GwTitle") if p.text]
    assert titles[2].text == "各市州深入贯彻落实全省乡镇人大工作和"
    # the page opens with an empty paragraph as high as the room above the title (docx_body), not
    # with space before, which readers drop at the top of a page
    opener = titles[2]._p.getprevious()
    assert opener.find(f"{W}pPr/{W}pageBreakBefore") is not None and not opener.findall(f".//{W}t")
    assert opener.find(f"{W}pPr/{W}spacing").get(qn("w:lineRule")) == "exact"
    assert titles[2]._p.find(f"{W}pPr/{W}spacing").get(qn("w:before")) == "0"
    assert titles[0]._p.find(f"{W}pPr/{W}pageBreakBefore") is None
    assert titles[0]._p.getprevious().find(f"{W}pPr/{W}pageBreakBefore") is None


def test_distribution_block_is_a_frame_at_the_bottom(document):
    block = paragraphs_in(document, "GwDistribution")
    assert block[0].text.startswith("送：\t全国人大常委会办公厅联络局")
    frames = {p._p.find(f"{W}pPr/{W}framePr").get(qn("w:yAlign")) for p in block}
    assert frames == {"bottom"}


def test_fonts_are_embedded_obfuscated_and_hold_the_characters_used(package, example_document):
    table = package.read("word/fontTable.xml").decode()
    rels = package.read("word/_rels/fontTable.xml.rels").decode()
    embeds = re.findall(r'<w:font w:name="([^"]+)">.*?<w:embedRegular r:id="(rId\d+)" w:fontKey="([^"]+)"', table)
    assert {name for name, _, _ in embeds} >= {"FandolFang Kaiming", "FandolSong Kaiming", "FandolHei Kaiming"}
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    used = {g.char for p in example_document.pages for l in p.lines for g in l.glyphs if g.face.startswith("FandolFang")}
    for name, rid, key in embeds:
        data = obfuscate(package.read("word/" + targets[rid]), key)  # XOR twice gives the font back
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == name
        if name == "FandolFang Kaiming":
            cmap = font.getBestCmap()
            assert all(ord(c) in cmap for c in used if not c.isspace())
            # 开明式: the comma is half width in the embedded face, the full stop is not
            assert font["hmtx"][cmap[ord("，")]][0] == 500 and font["hmtx"][cmap[ord("。")]][0] == 1000
    types = package.read("[Content_Types].xml").decode()
    assert types.count('ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"') == len(embeds)


def test_same_document_same_bytes(example_document, docx_bytes):
    assert render_docx(example_document) == docx_bytes


def test_standard_font_names_for_offices_that_have_them(example_document):
    document = docx.Document(io.BytesIO(render_docx(example_document, font_names="standard")))
    xml = document.element.body.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="方正小标宋简体"' in xml and 'w:eastAsia="黑体"' in xml
