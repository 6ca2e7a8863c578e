"""Emphasis spans (**…**): read once, set in the kind's emphasis face (黑体), drawn by every writer as placed."""

from __future__ import annotations

import io
import re
import zipfile

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gwformat
from conftest import cli
from gwformat.emphasis import EmphasisError, Marked, escape, marked, parse
from gwformat.layout.segment import normalize, normalize_marked
from gwformat.snapshot import compare, snapshot
from gwformat.writers.docx import render_docx
from gwformat.writers.ofd import render_ofd
from gwformat.writers.pdf import render_pdf
from test_properties import SETTINGS, paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRONG = "FandolHei-Regular"
OWN = "FandolFang-Regular"

PARAGRAPHS = [
    "一是**健全机制**，建立了联系代表制度；二是**强化Word培训**，全年培训120人次。",
    {"heading": "一、**紧扣大局**，精准发力。", "text": "组织开展这次**主题活动**，是贯彻落实的具体举措。"},
    "写作\\*\\*不是强调\\*\\*，星号照印。",
    {"table": {"header": ["市州", "**合计**"], "rows": [["**长沙**市", 3], ["株洲市", "**5**"]]}},
]


def issue_with(paragraphs: list, title: str = "测试标题") -> gwformat.Issue:
    return gwformat.issue_from_data({
        "name": "测试动态", "number": 1, "organ": "测试机关", "date": "2024-01-02",
        "articles": [{"title": title, "paragraphs": paragraphs, "signature": "测试处 某某"}],
    })


@pytest.fixture(scope="module")
def document():
    return gwformat.layout(issue_with(PARAGRAPHS))


@pytest.fixture(scope="module")
def chars(document):
    with pdfplumber.open(io.BytesIO(render_pdf(document))) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def _run_of(chars, text: str) -> list[dict]:
    """The PDF's characters of the first occurrence of ``text``."""
    joined = "".join(c["text"] for c in chars)
    start = joined.index(text)
    return chars[start:start + len(text)]


# -- reading the markers

def test_markers_become_spans_of_the_text_without_them():
    assert parse("一是**健全机制**，二是**强化**。") == Marked("一是健全机制，二是强化。", ((2, 6), (9, 11)))
    assert parse("没有强调") == Marked("没有强调")


def test_a_backslash_makes_a_star_literal():
    assert parse("写作\\*\\*不是强调\\*\\*") == Marked("写作**不是强调**")
    assert parse("a\\\\**b**") == Marked("a\\b", ((2, 3),))
    assert parse("C:\\docs 3*4") == Marked("C:\\docs 3*4")  # a backslash before anything else is itself


@pytest.mark.parametrize("typed, offset", [("一是**健全机制，", 2), ("**甲**乙**", 6), ("甲****乙", 1)])
def test_an_unclosed_or_empty_span_names_its_marker(typed, offset):
    with pytest.raises(EmphasisError) as caught:
        parse(typed)
    assert caught.value.offset == offset


@given(st.text(alphabet="*\\甲乙 a", max_size=12))
def test_escaped_text_reads_back_as_itself(text):
    assert parse(escape(text)) == Marked(text)


@given(st.lists(st.tuples(st.text(alphabet="*\\甲乙a", min_size=1, max_size=5), st.booleans()), max_size=5))
def test_bold_pieces_written_with_markers_read_back(pieces):
    back = parse(marked(pieces))
    assert back.text == "".join(text for text, _ in pieces)
    strong = "".join(back.text[start:end] for start, end in back.spans)
    assert strong == "".join(text for text, bold in pieces if bold)


@given(st.text(alphabet="甲乙ab \t\n\r\u0301", max_size=20), st.data())
def test_normalising_marked_text_gives_the_text_normalize_gives(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert normalize_marked(text, ((start, end),) if end > start else ())[0] == normalize(text)


@given(st.text(alphabet="甲乙ab \t\n\r", max_size=20), st.data())
def test_normalising_carries_each_characters_emphasis(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    normal, spans = normalize_marked(text, ((start, end),) if end > start else ())
    strong = "".join(normal[a:b] for a, b in spans)
    assert strong.replace(" ", "") == "".join(c for c in text[start:end] if not c.isspace())


# -- the layout and the PDF

def test_emphasised_characters_are_in_the_emphasis_face_and_the_rest_in_the_texts(chars):
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "健全机制")} == {STRONG}
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "建立了联系代表制度")} == {OWN}
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "强化Word培训")} == {STRONG}
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "主题活动")} == {STRONG}
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "长沙")} == {STRONG}
    assert {c["fontname"].split("+")[-1] for c in _run_of(chars, "株洲市")} == {OWN}


def test_emphasis_in_a_heading_keeps_the_heading_its_own_role(document):
    line = next(l for p in document.pages for l in p.lines if l.text.startswith("一、紧扣大局"))
    assert line.spans == ((0, "heading1"), (12, "body"))
    assert [line.text[a:b] for a, b in line.emphasis] == ["紧扣大局", "主题活动"]


def test_no_marker_is_left_and_a_literal_one_is_printed(chars, document):
    text = "".join(c["text"] for c in chars)
    assert "写作**不是强调**，星号照印。" in text
    assert text.count("*") == 4
    ofd = zipfile.ZipFile(io.BytesIO(render_ofd(document)))
    codes = "".join(re.findall(r"<ofd:TextCode[^>]*>([^<]*)<", "".join(
        ofd.read(n).decode() for n in ofd.namelist() if n.endswith("Content.xml"))))
    assert "健全机制" in codes and codes.count("*") == 4


def test_the_ofd_sets_each_face_run_as_a_text_object_in_its_font(document):
    package = zipfile.ZipFile(io.BytesIO(render_ofd(document)))
    fonts = dict(re.findall(r'<ofd:Font ID="(\d+)" FontName="([^"]+)"', package.read("Doc_0/PublicRes.xml").decode()))
    content = "".join(package.read(n).decode() for n in package.namelist() if n.endswith("Content.xml"))
    objects = {text: fonts[font] for font, text in re.findall(
        r'<ofd:TextObject [^>]*Font="(\d+)"[^>]*>(?:<ofd:FillColor [^>]*/>)?<ofd:TextCode [^>]*>([^<]*)<', content)}
    assert objects["健全机制"] == objects["强化Word培训"] == objects["主题活动"] == "FandolHei"
    assert objects["建立了联系代表制度"] == objects["二是"] == "FandolFang"


def _lines(document):
    return [(l.role, l.text, l.x0, l.x1, l.baseline) for p in document.pages for l in p.lines]


@SETTINGS
@given(st.lists(paragraphs(), min_size=1, max_size=2), st.data())
def test_spans_never_move_a_line_break(texts, data):
    marked_texts = []
    for text in texts:
        cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
        pieces, previous = [], 0
        for n, cut in enumerate(cuts + [len(text)]):
            pieces.append((text[previous:cut], n % 2 == 1))
            previous = cut
        marked_texts.append("".join(f"**{t}**" if strong and t else t for t, strong in pieces))
    plain, emphasised = gwformat.layout(issue_with(texts)), gwformat.layout(issue_with(marked_texts))
    assert _lines(emphasised) == _lines(plain)
    for a, b in zip((l for p in plain.pages for l in p.lines), (l for p in emphasised.pages for l in p.lines)):
        assert [g.advance for g in a.glyphs] == [g.advance for g in b.glyphs]
        strong = {i for start, end in b.emphasis for i in range(start, end)}
        for i, (own, glyph) in enumerate(zip(a.glyphs, b.glyphs)):
            if i in strong and glyph.char != " ":
                assert glyph.face.startswith("FandolHei"), (b.text, i)
            elif i not in strong:
                assert glyph.face == own.face and glyph.x == own.x


def test_a_font_is_embedded_only_where_it_is_used():
    def fonts(paragraphs):
        with pdfplumber.open(io.BytesIO(render_pdf(gwformat.layout(issue_with(paragraphs))))) as pdf:
            return {c["fontname"].split("+")[-1].removesuffix("-Half") for p in pdf.pages for c in p.chars}

    assert STRONG not in fonts(["没有强调的一段。"])
    assert STRONG in fonts(["有**强调**的一段。"])


def test_output_with_emphasis_is_deterministic(document):
    again = gwformat.layout(issue_with(PARAGRAPHS))
    assert render_pdf(again) == render_pdf(document)
    assert render_docx(again) == render_docx(document)
    assert render_ofd(again) == render_ofd(document)


def test_pdfa_with_emphasis_validates(tmp_path, document):
    from pikepdf import pdfa as checker

    from gwformat.writers.pdfa import render_pdfa

    path = tmp_path / "a.pdf"
    path.write_bytes(render_pdfa(document))
    assert checker.validate_written(path, "2b").passed


# -- the DOCX

def test_the_docx_sets_emphasis_as_bold_runs_in_the_emphasis_face(document):
    package = zipfile.ZipFile(io.BytesIO(render_docx(document)))
    xml = package.read("word/document.xml").decode()
    run = r"<w:r>(<w:rPr>.*?</w:rPr>)<w:t[^>]*>([^<]*)</w:t></w:r>"
    runs = re.findall(run, xml)
    bold: dict[str, str] = {}  # the text of each stretch of bold runs, with its first run's properties
    stretch: list[tuple[str, str]] = []
    for rpr, text in [r for p in xml.split("</w:p>") for r in re.findall(run, p) + [("", "")]]:
        if "<w:b/>" in rpr:
            stretch.append((rpr, text))
        elif stretch:
            bold["".join(t for _, t in stretch)] = stretch[0][0]
            assert all('w:eastAsia="FandolHei Kaiming"' in r for r, _ in stretch)
            stretch = []
    assert set(bold) == {"健全机制", "强化Word培训", "紧扣大局", "主题活动", "合计", "长沙", "5"}
    for text, rpr in bold.items():
        assert 'w:eastAsia="FandolHei Kaiming"' in rpr
    assert '<w:rStyle w:val="GwHeading1"/>' in bold["紧扣大局"] and '<w:rStyle w:val="GwEmphasis"/>' in bold["健全机制"]
    assert all("<w:b/>" not in rpr for rpr, text in runs if "建立了" in text)
    assert "**" not in "".join(text for _, text in runs).replace("写作**不是强调**", "")
    styles = package.read("word/styles.xml").decode()
    assert re.search(r'w:styleId="GwEmphasis"><w:name w:val="gw 着重"/>.*?<w:b/>', styles)


def test_each_docx_paragraph_is_the_contents_text_without_markers(document):
    xml = zipfile.ZipFile(io.BytesIO(render_docx(document))).read("word/document.xml").decode()
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml)]
    assert "一是健全机制，建立了联系代表制度；二是强化Word培训，全年培训120人次。" in texts
    assert "一、紧扣大局，精准发力。组织开展这次主题活动，是贯彻落实的具体举措。" in texts


def test_a_document_without_emphasis_has_no_emphasis_style():
    package = zipfile.ZipFile(io.BytesIO(render_docx(gwformat.layout(issue_with(["没有强调。"])))))
    assert "GwEmphasis" not in package.read("word/styles.xml").decode()


# -- the snapshot

def test_the_snapshot_records_emphasis_and_a_change_of_it_shows(document):
    before = snapshot(document)
    after = snapshot(gwformat.layout(issue_with(["一是健全**机制**，建立了联系代表制度；二是**强化Word培训**，全年培训120人次。",
                                                 *PARAGRAPHS[1:]])))
    entry = next(l for l in before["pages"][0]["lines"] if l["text"].startswith("一是"))
    assert entry["emphasis"] == ["健全机制", "强化Word培训"]
    assert any("emphasis ['健全机制', '强化Word培训'] → ['机制', '强化Word培训']" in d for d in compare(before, after))


# -- mistakes

YAML = """kind: jianbao
name: 测试动态
number: 1
organ: 测试机关
date: 2024-01-02
articles:
  - title: {title}
    paragraphs:
      - {paragraph}
"""


@pytest.mark.parametrize("title, paragraph, where, says", [
    ("测试标题", "一是**健全机制，二是", ":9:11: articles[0].paragraphs[0].text", "never closed"),
    ("测试标题", "heading: 一、****紧扣", ":9:20: articles[0].paragraphs[0].heading", "empty"),
    ("测试标题", "table: {rows: [[甲, '乙**丙']]}", ":9:30: articles[0].paragraphs[0].table.rows[0][1]",
     "never closed"),
    ("测试**标题**", "正文。", ":7:14: articles[0].title", "not set in a title"),
])
def test_a_bad_marker_is_one_line_at_its_place_and_nothing_is_written(tmp_path, title, paragraph, where, says):
    source = tmp_path / "issue.yaml"
    source.write_text(YAML.format(title=title, paragraph=paragraph), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", str(source), "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{source}{where}" in lines[0] and says in lines[0], result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_an_emphasised_character_the_emphasis_face_lacks_falls_back_or_is_refused_at_its_place():
    # 㑇 is in neither FandolHei nor the fallback: refused where it is typed, past the markers
    with pytest.raises(gwformat.GwformatError) as caught:
        gwformat.layout(issue_with(["一是**健全\U0002A6A5**。"]))
    assert "articles[0].paragraphs[0].text, offset 6" in str(caught.value)


def test_a_literal_marker_in_a_title_is_printed():
    document = gwformat.layout(issue_with(["正文。"], title="关于\\*\\*的说明"))
    assert any(l.text == "关于**的说明" for p in document.pages for l in p.lines if l.role == "title")


# -- the DOCX in its readers

def _generated(count: int, seed: int) -> list[str]:
    """Paragraphs of Chinese text and marks, a third of them in spans of 3 to 15 characters."""
    import random

    from test_properties import HANZI

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        text = ""
        while len(text) < rng.randint(60, 200):
            text += "".join(rng.choice(HANZI) for _ in range(rng.randint(3, 9))) + rng.choice("，，，。、；：")
        marked_text, i = "", 0
        while i < len(text):
            step = rng.randint(3, 15)
            piece, i = text[i:i + step], i + step
            marked_text += f"**{piece}**" if rng.random() < 0.35 else piece
        out.append(marked_text)
    return out


@pytest.mark.parametrize("reader", ["libreoffice", "spire"])
def test_readers_break_emphasised_text_where_the_pdf_does(tmp_path, reader):
    from readers import compare as compare_pages, libreoffice, pages, spire_available, spire_corrected

    if reader == "spire" and spire_available():
        pytest.skip(spire_available())
    written = gwformat.build(issue_with(_generated(12, 15)), tmp_path, formats=("pdf", "docx"))
    rendered = (libreoffice if reader == "libreoffice" else spire_corrected)(written["docx"], tmp_path / reader)
    if rendered is None:
        pytest.skip(f"{reader} rendered nothing: not installed (.ci/setup installs LibreOffice), or Spire.Doc's "
                    "evaluation mode is unavailable")
    result = compare_pages(pages(written["pdf"]), pages(rendered))
    assert result.same == result.total and result.pages == result.expected_pages, result


def test_a_pdf_with_emphasis_lints_clean(tmp_path):
    from gwformat.lint import lint_pdf

    written = gwformat.build(issue_with(_generated(12, 15)), tmp_path, formats=("pdf",))
    assert lint_pdf(written["pdf"]) == []


# -- importing drafts

def test_build_import_build_gives_the_same_issue_and_the_same_pdf(tmp_path):
    from gwformat.drafts import import_issue
    from gwformat.load import issue_from_yaml

    issue = issue_with(PARAGRAPHS)
    first = gwformat.build(issue, tmp_path / "first", formats=("pdf", "docx"))
    imported = import_issue([first["docx"]], fields={"name": "测试动态", "number": 1, "organ": "测试机关",
                                                     "date": "2024-01-02"})
    assert "一是**健全机制**，建立了联系代表制度；二是**强化Word培训**" in imported.text
    assert "写作\\*\\*不是强调\\*\\*" in imported.text
    back = issue_from_yaml(imported.text)
    assert back.articles[0].paragraphs == issue.articles[0].paragraphs
    again = gwformat.build(back, tmp_path / "again", formats=("pdf",))
    assert again["pdf"].read_bytes() == first["pdf"].read_bytes()


def test_a_word_drafts_bold_runs_become_emphasis_and_its_stars_are_escaped(tmp_path):
    import docx

    from gwformat.drafts import import_draft

    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = 1
    title.add_run("关于加强代表工作的报告").bold = True  # bold throughout: a title, no emphasis
    paragraph = document.add_paragraph()
    paragraph.add_run("今年以来，各地一是")
    paragraph.add_run("健全机制").bold = True
    paragraph.add_run("，二是把**当作重点")
    paragraph.add_run("强化").bold = True
    paragraph.add_run("培训")
    paragraph.add_run("工作").bold = True
    paragraph.add_run("。")
    heading = document.add_paragraph()
    heading.add_run("一、紧扣大局。").bold = True  # a leading bold run: a run-in heading, not emphasis
    heading.add_run("组织开展主题活动。")
    path = tmp_path / "稿件.docx"
    document.save(str(path))
    article = import_draft(path)
    assert article.title == "关于加强代表工作的报告"
    assert article.paragraphs[0].text == "今年以来，各地一是**健全机制**，二是把\\*\\*当作重点**强化**培训**工作**。"
    assert parse(article.paragraphs[0].text).text == "今年以来，各地一是健全机制，二是把**当作重点强化培训工作。"
    assert (article.paragraphs[1].heading, article.paragraphs[1].text) == ("一、紧扣大局。", "组织开展主题活动。")


def test_markdowns_strong_emphasis_becomes_emphasis_and_a_text_drafts_stars_stay_literal(tmp_path):
    from gwformat.drafts import import_draft

    (tmp_path / "稿件.md").write_text("# 工作动态\n\n今年以来，一是**健全机制**，二是__强化培训__，`代码`照印。\n",
                                      encoding="utf-8")
    (tmp_path / "稿件.txt").write_text("工作动态\n\n　　今年以来，一是**健全机制**，二是强化培训。\n", encoding="utf-8")
    assert import_draft(tmp_path / "稿件.md").paragraphs[0].text == "今年以来，一是**健全机制**，二是**强化培训**，代码照印。"
    assert import_draft(tmp_path / "稿件.txt").paragraphs[0].text == "今年以来，一是\\*\\*健全机制\\*\\*，二是强化培训。"
