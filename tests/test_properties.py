"""Invariants of the layout engine over generated text (hypothesis, fixed seed)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gwformat
from gwformat.layout.kinsoku import NO_LINE_END, NO_LINE_START
from gwformat.layout.segment import normalize

HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
CLOSING = "，。、；：？！）》”"
OPENING = "（《“"


@st.composite
def paragraphs(draw) -> str:
    """Chinese text with marks, digits and Latin words in random mixes, always with somewhere to break."""
    pieces = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["hanzi", "hanzi", "hanzi", "digits", "latin", "quoted"]))
        if kind == "hanzi":
            pieces.append(draw(st.text(HANZI, min_size=1, max_size=8)))
        elif kind == "digits":
            pieces.append(draw(st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,2})?(%|万|亿)?", fullmatch=True)))
        elif kind == "latin":
            pieces.append(draw(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True)))
        else:
            pieces.append(draw(st.sampled_from(OPENING)) + draw(st.text(HANZI, min_size=1, max_size=6))
                          + draw(st.sampled_from("）》”")))
        pieces.append(draw(st.text(HANZI, min_size=1, max_size=3)))
        if draw(st.booleans()):
            pieces.append(draw(st.sampled_from(CLOSING)))
    return "".join(pieces)


def issue_with(texts: list[str]) -> gwformat.Issue:
    return gwformat.issue_from_data({
        "name": "测试动态", "number": 1, "organ": "测试机关", "date": "2024-01-02",
        "articles": [{"title": "测试标题", "paragraphs": texts, "signature": "测试处 某某"}],
    })


SETTINGS = settings(max_examples=300, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def body_lines(document):
    return [(page.number, line) for page in document.pages for line in page.lines if line.role == "body"]


@SETTINGS
@given(st.lists(paragraphs(), min_size=1, max_size=3))
def test_layout_invariants(texts):
    document = gwformat.layout(issue_with(texts))
    block = document.block
    right = block.left + block.width
    lines = body_lines(document)
    by_paragraph: dict[int, list] = {}
    for _, line in lines:
        by_paragraph.setdefault(line.paragraph, []).append(line)
    for index, text in enumerate(texts):
        group = by_paragraph[index]
        # nothing lost or added: the lines give back the text
        assert "".join(line.text for line in group) == normalize(text)
        for number, line in enumerate(group):
            if number > 0:
                assert line.text[0] not in NO_LINE_START, (line.text, group[number - 1].text)
            if not line.last_in_paragraph:
                assert line.text[-1] not in NO_LINE_END, line.text
                # a full line is flush at both edges
                assert line.x0 == block.left + (2 * block.char_pitch if number == 0 else 0)
                assert line.x1 == right, line.text
            assert line.x1 <= right
            for glyph in line.glyphs:
                assert block.left <= glyph.x < right
    for page in document.pages:
        assert sum(1 for line in page.lines if line.role == "body") <= block.rows
    pages = [number for number, _ in lines]
    assert pages == sorted(pages)
