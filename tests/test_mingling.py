"""The 命令（令） format (GB/T 9704-2012, 10.2): the mark, the 令号, the 签名章 and the date, measured in the PDF."""

from __future__ import annotations

import pdfplumber
import pytest

import gwformat
from conftest import MM, ROOT

TOP, LEFT, RIGHT = 37 * MM, 28 * MM, (28 + 156) * MM
CHAR, ROW = 156 / 28 * MM, 225 / 22 * MM
RED = (230 / 255, 0, 18 / 255)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    written = gwformat.build(ROOT / "examples" / "mingling" / "issue.yaml", tmp_path_factory.mktemp("mingling"),
                             formats=("pdf",))
    with pdfplumber.open(written["pdf"]) as pdf:
        first = pdf.pages[0]
        yield {"chars": [c for c in first.chars if c["text"].strip()], "lines": first.lines, "images": first.images}


def row_of(chars, text):
    """The characters of the first line that reads ``text``."""
    rows: dict[int, list] = {}
    for c in chars:
        rows.setdefault(round(c["bottom"]), []).append(c)
    for key in sorted(rows):
        found = sorted(rows[key], key=lambda c: c["x0"])
        if "".join(c["text"] for c in found) == text:
            return found
    raise AssertionError(f"no line reads {text}")


def test_the_mark_is_the_organ_and_ling_in_red_song_its_top_20_mm_under_the_block_and_centred(page):
    mark = row_of(page["chars"], "湖南省人民政府令")
    assert all(c["non_stroking_color"] == pytest.approx(RED, abs=0.01) for c in mark)
    assert {c["fontname"].split("+")[-1] for c in mark} == {"FandolSong-Bold"}  # the 小标宋 substitute
    em_top = mark[0]["bottom"] - mark[0]["size"]  # pdfplumber's box is the em box
    assert em_top == pytest.approx(TOP + 20 * MM, abs=0.5 * MM)  # 10.2.1
    assert (mark[0]["x0"] + mark[-1]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5 * MM)


def test_the_number_stands_two_lines_under_the_mark_and_the_text_two_lines_under_it(page):
    chars = page["chars"]
    mark, number = row_of(chars, "湖南省人民政府令"), row_of(chars, "第305号")
    gap = (number[0]["bottom"] - number[0]["size"]) - mark[0]["bottom"]
    assert gap == pytest.approx(2 * ROW, abs=1 * MM)  # 发文机关标志下空二行 (10.2.2)
    assert (number[0]["x0"] + number[-1]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5 * MM)
    body = min((c for c in chars if c["size"] == pytest.approx(16) and c["top"] > number[0]["bottom"] + 1),
               key=lambda c: c["top"])
    assert body["top"] - number[0]["bottom"] == pytest.approx(2 * ROW, abs=0.3 * ROW)  # 令号下空二行编排正文
    red = [r for r in page["lines"] if r["stroking_color"] == pytest.approx(RED, abs=0.01)]
    assert len(red) == 1 and red[0]["top"] - number[0]["bottom"] == pytest.approx(4 * MM, abs=0.5 * MM)
    assert not [c for c in chars if c["size"] == pytest.approx(22)]  # no title is printed


def test_the_signer_title_stands_two_characters_left_of_the_stamp_centred_on_it_and_the_date_under_it(page):
    (stamp,) = page["images"]
    assert RIGHT - stamp["x1"] == pytest.approx(4 * CHAR, abs=0.5 * MM)  # 右空四字 (7.3.5.3)
    assert stamp["x1"] - stamp["x0"] == pytest.approx(20 * MM, abs=0.2 * MM)
    title = row_of(page["chars"], "省长")
    assert stamp["x0"] - title[-1]["x1"] == pytest.approx(2 * CHAR, abs=0.5 * MM)  # 左空二字
    title_middle = (title[0]["top"] + title[0]["bottom"]) / 2
    assert title_middle == pytest.approx((stamp["top"] + stamp["bottom"]) / 2, abs=1 * MM)  # 上下居中
    date = row_of(page["chars"], "2021年6月18日")
    assert RIGHT - date[-1]["x1"] == pytest.approx(4 * CHAR, abs=0.5 * MM)  # 右空四字
    assert date[0]["top"] - stamp["bottom"] >= ROW - 0.5 * MM  # 签名章下空一行
