"""Bulletin kinds and GB/T 9704 formats as templates: every kind builds, lints and has its geometry."""

from __future__ import annotations


import docx
import pdfplumber
import pytest

import gwformat
from conftest import MM, ROOT, cli, libreoffice_pdf, needs, page_count, pdf_text
from gwformat.errors import InputError, TemplateError
from gwformat.kinds import list_kinds, load_kind
from gwformat.layout.titles import split_title
from gwformat.lint import lint_pdf

KINDS = [k.name for k in list_kinds()]
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/issue.yaml"))
TOP, LEFT, RIGHT = 37 * MM, 28 * MM, (28 + 156) * MM


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = {}
    for name in EXAMPLES:
        folder = tmp_path_factory.mktemp(name)
        out[name] = gwformat.build(ROOT / "examples" / name / "issue.yaml", folder)
    return out


def test_kinds_lists_every_shipped_kind_with_a_description():
    result = cli("kinds")
    assert result.returncode == 0
    for name in ("jianbao", "jianbao-neibu", "zengkan", "wenjian", "xinhan"):
        assert any(line.startswith(name + " ") and len(line) > len(name) + 10 for line in result.stdout.splitlines())


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_starting_file_that_builds_and_lints(tmp_path, kind):
    target = tmp_path / "issue.yaml"
    assert cli("new", kind, "-o", str(target)).returncode == 0
    assert cli("new", kind, "-o", str(target)).returncode == 4  # no silent overwrite
    written = gwformat.build(target, tmp_path / "out")
    assert lint_pdf(written["pdf"]) == []  # the kind is told by the PDF itself
    assert docx.Document(str(written["docx"])).paragraphs


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_builds_pdf_and_docx_and_lints(built, name):
    assert lint_pdf(built[name]["pdf"]) == []  # no flags: a 信函 is linted as one from its metadata
    assert built[name]["docx"].stat().st_size > 10_000


def chars(pdf_path, page=0):
    with pdfplumber.open(pdf_path) as pdf:
        return [c for c in pdf.pages[page].chars if c["text"].strip()], pdf.pages[page].lines


def test_wenjian_geometry(built):
    text, rules = chars(built["wenjian"]["pdf"])
    red = [c for c in text if c["non_stroking_color"] == pytest.approx((230 / 255, 0, 18 / 255), abs=0.01)]
    mark_top = min(c["top"] for c in red)
    font_size = red[0]["size"]
    # the mark's top edge (its em box) 35 mm under the block's top (7.2.4)
    em_top = min(c["bottom"] for c in red) - font_size  # pdfplumber's box is the em box
    assert em_top == pytest.approx(TOP + 35 * MM, abs=0.5 * MM)
    assert mark_top >= TOP
    number = [c for c in text if c["text"] in "〔〕"]
    red_rules = [r for r in rules if r["stroking_color"] == pytest.approx((230 / 255, 0, 18 / 255), abs=0.01)]
    assert len(red_rules) == 1 and red_rules[0]["width"] == pytest.approx(442.4, abs=0.5)
    # the red rule 4 mm under the 发文字号 (7.2.7)
    assert red_rules[0]["top"] - max(c["bottom"] for c in number) == pytest.approx(4 * MM, abs=0.5 * MM)
    signer = [c for c in text if c["text"] in "李尚达" and abs(c["top"] - number[0]["top"]) < 1]
    assert {c["fontname"].split("+")[-1] for c in signer} == {"FandolKai-Regular"}  # 签发人 in 楷体
    assert max(c["x1"] for c in signer) == pytest.approx(RIGHT - 16, abs=1)  # 右空一字
    with pdfplumber.open(built["wenjian"]["pdf"]) as pdf:
        last = pdf.pages[-1]
        widths = sorted(round(l["linewidth"] / MM, 2) for l in last.lines)
        assert widths == [0.25, 0.35, 0.35]  # 版记 rules (7.4.1)
        printed = [c for c in last.chars if c["text"] == "印"]
        assert printed and max(c["x1"] for c in last.chars if abs(c["top"] - printed[-1]["top"]) < 1) \
            == pytest.approx(RIGHT - 14, abs=1)  # 印发日期 右空一字
        assert len(pdf.pages) % 2 == 0


def test_wenjian_sealed_date_four_characters_in(built):
    with pdfplumber.open(built["wenjian"]["pdf"]) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    date = next(w for w in words if w["text"].startswith("2021年3月15日"))
    assert date["x1"] == pytest.approx(RIGHT - 4 * 15.8, abs=1)  # the example is sealed: 右空四字 (7.3.5.1)


def test_xinhan_geometry(built):
    text, rules = chars(built["xinhan"]["pdf"])
    red = [c for c in text if c["non_stroking_color"] == pytest.approx((230 / 255, 0, 18 / 255), abs=0.01)]
    em_top = min(c["bottom"] for c in red) - red[0]["size"]
    assert em_top == pytest.approx(30 * MM, abs=0.5 * MM)  # 30 mm from the page's top edge (10.1)
    red_rules = [r for r in rules if r["stroking_color"] == pytest.approx((230 / 255, 0, 18 / 255), abs=0.01)]
    assert len(red_rules) == 4 and all(r["width"] == pytest.approx(170 * MM, abs=0.5) for r in red_rules)
    assert max(r["top"] for r in red_rules) == pytest.approx(277 * MM, abs=0.5 * MM)  # 20 mm from the foot
    with pdfplumber.open(built["xinhan"]["pdf"]) as pdf:
        assert not [c for c in pdf.pages[0].chars if c["size"] == pytest.approx(14) and c["text"].isdigit()]


def test_internal_bulletin_corner_marks(built):
    text, _ = chars(built["jianbao-neibu"]["pdf"])
    by_text = {}
    for c in text:
        by_text.setdefault(c["text"], c)
    assert by_text["0"]["x0"] == pytest.approx(LEFT, abs=0.5)  # 份号 顶格
    secrecy = by_text["秘"]
    assert secrecy["x0"] == pytest.approx(LEFT, abs=0.5) and secrecy["fontname"].endswith("FandolHei-Regular")
    internal = [c for c in text if c["text"] in "内部资料注意保存"]
    assert max(c["x1"] for c in internal) == pytest.approx(RIGHT, abs=0.5)
    assert secrecy["top"] > by_text["0"]["top"]  # 密级 on the second line


def test_supplement_is_numbered_on_its_own_and_counts_copies(built):
    with pdfplumber.open(built["zengkan"]["pdf"]) as pdf:
        first = "".join(pdf.pages[0].extract_text().split())
        last = "".join(pdf.pages[-1].extract_text().split())
    assert "增刊第3期" in first and "总第" not in first
    assert "（共印120份）" in last


def test_a_kind_from_a_folder_of_ones_own(tmp_path):
    (tmp_path / "gongzuo.yaml").write_text(
        "extends: jianbao\nname: gongzuo\ndescription: 工作简报：期号写作“第N号”\n"
        "text:\n  issue: \"第{{ number }}号\"\n", encoding="utf-8")
    issue = tmp_path / "issue.yaml"
    issue.write_text("kind: gongzuo\nname: 工作简报\nnumber: 4\norgan: 某办公室\ndate: 2024-02-02\n"
                     "articles:\n  - title: 标题\n    paragraphs: [正文。]\n", encoding="utf-8")
    result = cli("build", str(issue), "-o", str(tmp_path / "out"), "--templates", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert "第4号" in pdf_text(pdf)
    assert "gongzuo" in cli("kinds", "--templates", str(tmp_path)).stdout


@pytest.mark.parametrize("body, message", [
    ("masthead:\n  rows: 7\n  items:\n    - {text: issue, style: nosuch, baseline_mm: 30}\n",
     "masthead.items[0].style: unknown style 'nosuch'"),
    ("text:\n  issue: \"第{{ numbr }}期\"\n", "text.issue: unknown field 'numbr'"),
    ("title:\n  max_chars: many\n", "title.max_chars"),
])
def test_a_malformed_template_names_the_file_and_key(tmp_path, body, message):
    (tmp_path / "bad.yaml").write_text("extends: jianbao\nname: bad\ndescription: x\n" + body, encoding="utf-8")
    load_kind.cache_clear()
    with pytest.raises(TemplateError) as error:
        load_kind("bad", str(tmp_path))
    assert message in str(error.value) and "bad.yaml" in str(error.value)


def test_fields_are_checked_against_the_kind():
    data = {"kind": "wenjian", "name": "某机关", "organ": "某机关", "number": 1, "date": "2024-01-01",
            "articles": [{"title": "标题", "paragraphs": ["正文。"]}]}
    with pytest.raises(InputError, match="needs the field 'doc_prefix'"):
        gwformat.layout(gwformat.issue_from_data(data))
    with pytest.raises(InputError, match="unknown field 'doc_prefx' for kind 'wenjian' \\(did you mean 'doc_prefix'"):
        gwformat.layout(gwformat.issue_from_data({**data, "fields": {"doc_prefx": "某发"}}))


@pytest.mark.parametrize("title", [
    "关于进一步加强和改进新时代基层人大代表联络站建设推动代表工作高质量发展的若干意见",
    "省人大常委会组织全体省级领导干部中的省人大代表开展主题活动",
    "关于全省乡镇人大工作和建设推进会贯彻落实情况的报告",
])
def test_titles_split_by_meaning_into_a_trapezoid_or_diamond(title):
    import jieba

    lines = split_title(title, 18)
    assert "".join(lines) == title and all(len(line) <= 18 for line in lines)
    lengths = [len(line) for line in lines]
    assert lengths == sorted(lengths, reverse=True) or lengths.index(max(lengths)) not in (0, len(lengths) - 1)
    boundaries, position = set(), 0
    for word in jieba.cut(title, HMM=False):
        position += len(word)
        boundaries.add(position)
    cuts = [sum(lengths[:i]) for i in range(1, len(lengths))]
    assert all(cut in boundaries for cut in cuts)  # no word is split


def test_wenjian_with_a_seal_centres_the_organ_over_a_date_four_characters_in():
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "wenjian" / "issue.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(yaml.safe_dump(data, default_style=None).replace("date: 2021-03-15", "date: '2021-03-15'"))
    data["date"], data["distribution"]["printed_on"] = "2021-03-15", "2021-03-16"
    data["fields"]["sealed"] = "yes"
    data["articles"][0].pop("seal")  # plain data: no folder to find the seal's file in
    data["fields"].pop("note")
    data["organ"] = "湖南省人大常委会"
    document = gwformat.layout(gwformat.issue_from_data(data))
    closing = [l for p in document.pages for l in p.lines if l.source and l.source.path.startswith("closing[")]
    organ, date = closing[-2], closing[-1]
    block = document.block
    assert date.x1 == block.left + block.width - 4 * block.char_pitch  # 右空四字
    assert (organ.x0 + organ.x1) // 2 == (date.x0 + date.x1) // 2  # centred over the date
    assert organ.baseline < date.baseline


def test_wenjian_without_a_seal_sets_signature_and_date_two_characters_in():
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "wenjian" / "issue.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(yaml.safe_dump(data).replace("date: 2021-03-15", "date: '2021-03-15'"))
    data["date"], data["distribution"]["printed_on"] = "2021-03-15", "2021-03-16"
    data["articles"][0].pop("seal")
    document = gwformat.layout(gwformat.issue_from_data(data))
    closing = [l for p in document.pages for l in p.lines if l.source and l.source.path.startswith("closing[")]
    organ, date = closing[0], closing[1]
    block = document.block
    assert organ.x1 == date.x1 == block.left + block.width - 2 * block.char_pitch  # 右空二字 (7.3.5.2)
    assert not [i for p in document.pages for i in p.images]


@pytest.mark.parametrize("name", EXAMPLES)
def test_libreoffice_gives_each_examples_docx_the_pdfs_pages(tmp_path, built, name):
    source = tmp_path / "x.docx"
    source.write_bytes(built[name]["docx"].read_bytes())
    assert page_count(libreoffice_pdf(source, tmp_path)) == page_count(built[name]["pdf"])


def test_libreoffice_draws_the_xinhan_double_rules_of_the_docx_where_the_pdf_has_them(tmp_path, built):
    needs("soffice")
    source = tmp_path / "x.docx"
    source.write_bytes(built["xinhan"]["docx"].read_bytes())
    red = (230 / 255, 0, 18 / 255)

    def rules(pdf_path):
        with pdfplumber.open(pdf_path) as pdf:
            found = [r for r in pdf.pages[0].lines if r["stroking_color"] == pytest.approx(red, abs=0.01)]
            return sorted((r["x0"], r["x1"], (r["top"] + r["bottom"]) / 2, r["linewidth"]) for r in found
                          if r["width"] > 150 * MM)

    ours, theirs = rules(built["xinhan"]["pdf"]), rules(libreoffice_pdf(source, tmp_path))
    assert len(ours) == 4 and len(theirs) == 4
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b, abs=0.1 * MM)
