"""联合行文 in the 文件 kind (GB/T 9704-2012, 7.2.4, 7.3.5): the organs stacked in the mark with 文件 at
their right, and their 署名 with and without seals, measured in the PDF and read in the DOCX."""

from __future__ import annotations

import zipfile

import pdfplumber
import pytest

import gwformat
from conftest import MM, ROOT
from gwformat.errors import InputError

TOP, LEFT, RIGHT = 37 * MM, 28 * MM, (28 + 156) * MM
CHAR, ROW = 156 / 28 * MM, 225 / 22 * MM
RED = (230 / 255, 0, 18 / 255)
EXAMPLE = ROOT / "examples" / "lianhe-wenjian" / "issue.yaml"
HOST, OTHER = "中共湖南省委办公厅", "湖南省人民政府办公厅"


def rows(chars):
    """The page's lines of text: characters grouped by baseline, each line from the left."""
    out: dict[int, list] = {}
    for c in chars:
        if c["text"].strip():
            out.setdefault(round(c["bottom"] * 2), []).append(c)
    return [sorted(out[key], key=lambda c: c["x0"]) for key in sorted(out)]


def text(row):
    return "".join(c["text"] for c in row)


def pages(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        return [{"chars": list(p.chars), "lines": list(p.lines), "images": list(p.images)} for p in pdf.pages]


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    return pages(gwformat.build(EXAMPLE, tmp_path_factory.mktemp("joint"), formats=("pdf",))["pdf"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return gwformat.build(EXAMPLE, tmp_path_factory.mktemp("joint-docx"), formats=("docx",))


@pytest.fixture(scope="module")
def unsealed(tmp_path_factory):
    issue = gwformat.load_issue(EXAMPLE)
    article = issue.articles[0].model_copy(update={"seal": None})
    issue = issue.model_copy(update={"articles": [article]})
    return pages(gwformat.build(issue, tmp_path_factory.mktemp("unsealed"), formats=("pdf",))["pdf"])


def test_the_organs_are_stacked_host_first_and_as_wide_as_each_other(sealed):
    red = [c for c in sealed[0]["chars"] if c["non_stroking_color"] == pytest.approx(RED, abs=0.01)]
    first, second = [r for r in rows(red) if text(r) in (HOST, OTHER)]
    assert (text(first), text(second)) == (HOST, OTHER)
    size = first[0]["size"]
    assert first[0]["bottom"] - size == pytest.approx(TOP + 35 * MM, abs=0.5 * MM)  # the mark's top (7.2.4)
    assert second[0]["bottom"] - first[0]["bottom"] == pytest.approx(20 * MM, abs=0.2 * MM)
    assert first[0]["x0"] == pytest.approx(second[0]["x0"], abs=0.2 * MM)  # 整齐: one left edge …
    assert first[-1]["x1"] == pytest.approx(second[-1]["x1"], abs=0.2 * size)  # … and one right edge


def test_wenjian_stands_right_of_the_names_centred_on_their_block(sealed):
    red = [c for c in sealed[0]["chars"] if c["non_stroking_color"] == pytest.approx(RED, abs=0.01)]
    names = [c for r in rows(red) if text(r) in (HOST, OTHER) for c in r]
    word = [c for c in red if c not in names]
    assert text(sorted(word, key=lambda c: c["x0"])) == "文件"
    assert min(c["x0"] for c in word) > max(c["x1"] for c in names)  # 置于发文机关名称右侧
    middle = (min(c["top"] for c in names) + max(c["bottom"] for c in names)) / 2
    assert (word[0]["top"] + word[0]["bottom"]) / 2 == pytest.approx(middle, abs=0.5 * MM)  # 上下居中
    left, right = min(c["x0"] for c in names), max(c["x1"] for c in word)
    assert (left + right) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1 * MM)
    assert LEFT - 0.5 <= left and right <= RIGHT + 0.5


def test_what_follows_the_mark_moves_down_with_the_stack(sealed):
    chars = sealed[0]["chars"]
    number = next(r for r in rows(chars) if text(r).startswith("湘办发"))
    names = [r for r in rows(chars) if text(r) in (HOST, OTHER)]
    assert number[0]["top"] - names[-1][0]["bottom"] >= 2 * ROW - 1 * MM  # 发文字号 under the mark, 空二行
    red = [r for r in sealed[0]["lines"] if r["stroking_color"] == pytest.approx(RED, abs=0.01)]
    assert len(red) == 1 and red[0]["top"] - number[0]["bottom"] == pytest.approx(4 * MM, abs=0.5 * MM)  # 7.2.7
    title = next(r for r in rows(chars) if r[0]["size"] == pytest.approx(22))
    assert title[0]["top"] > red[0]["top"] + ROW  # the title after it, clear of the rule


def test_with_seals_each_organ_signs_under_its_own_seal_in_order_the_last_over_the_date(sealed):
    page = next(p for p in sealed if p["images"])
    signed = next(r for r in rows(page["chars"]) if HOST in text(r))
    host = [c for c in signed if c["x1"] <= signed[0]["x0"] + len(HOST) * CHAR + 1]
    other = signed[len(host):]
    assert (text(host), text(other)) == (HOST, OTHER)  # 按照发文机关顺序, on one row
    first, second = sorted(page["images"], key=lambda i: i["x0"])
    for seal, name in ((first, host), (second, other)):  # 一一对应、居中下压发文机关署名
        assert (seal["x0"] + seal["x1"]) / 2 == pytest.approx((name[0]["x0"] + name[-1]["x1"]) / 2, abs=0.5 * MM)
        assert seal["top"] < name[0]["top"] < seal["bottom"]
        assert seal["x1"] - seal["x0"] == pytest.approx(42 * MM, abs=0.2 * MM)
    assert first["x1"] < second["x0"]  # 互不相交或相切
    assert LEFT <= first["x0"] and second["x1"] <= RIGHT  # 两端不得超出版心
    date = next(r for r in rows(page["chars"]) if text(r) == "2021年5月20日")
    assert RIGHT - date[-1]["x1"] == pytest.approx(4 * CHAR, abs=0.5 * MM)  # 成文日期右空四字
    assert (other[0]["x0"] + other[-1]["x1"]) / 2 == pytest.approx((date[0]["x0"] + date[-1]["x1"]) / 2,
                                                                   abs=0.5 * MM)
    assert second["top"] < date[0]["top"] < second["bottom"]  # the last seal over 署名 and date
    above = max(c["bottom"] for c in page["chars"] if c["bottom"] < signed[0]["top"] - ROW and c["size"] == 16)
    assert first["top"] - above <= ROW  # 首排印章顶端上距正文一行之内


def test_without_seals_the_host_signs_first_and_the_others_under_it(unsealed):
    page = unsealed[-1]
    lines = [text(r) for r in rows(page["chars"])]
    at = lines.index(HOST)
    assert lines[at:at + 3] == [HOST, OTHER, "2021年5月20日"]  # 先编排主办机关署名，其余依次向下 (7.3.5.2)
    signed = [r for r in rows(page["chars"]) if text(r) in (HOST, OTHER, "2021年5月20日")]
    for row in signed:
        assert RIGHT - row[-1]["x1"] == pytest.approx(2 * CHAR, abs=0.5 * MM)  # 右空二字
    assert signed[1][0]["bottom"] - signed[0][0]["bottom"] == pytest.approx(ROW, abs=0.3 * MM)
    assert not any(p["images"] for p in unsealed)


def test_the_docx_sets_wenjian_in_the_first_organs_paragraph_lowered_to_the_middle(built):
    with zipfile.ZipFile(built["docx"]) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraph = next(p for p in xml.split("<w:p>") if HOST in p)
    assert "文件" in paragraph and OTHER not in paragraph
    run = paragraph[paragraph.index("<w:r>", paragraph.index(HOST)):paragraph.index("文件")]
    lowered = int(run.split('<w:position w:val="')[1].split('"')[0])
    assert lowered == pytest.approx(-20 * 72 / 25.4, abs=1)  # half the 20 mm pitch, in half points


def test_a_list_of_organs_needs_a_kind_that_stacks_them_and_a_seal_for_each(tmp_path):
    issue = gwformat.load_issue(EXAMPLE)
    with pytest.raises(InputError, match="one seal for each of the 2 organs"):
        gwformat.layout(issue.model_copy(update={"articles": [
            issue.articles[0].model_copy(update={"seal": ["seal-1.png"]})]}))
    with pytest.raises(InputError, match="needs a kind whose masthead stacks them"):
        gwformat.layout(issue.model_copy(update={"kind": "jianbao", "fields": {}}))
