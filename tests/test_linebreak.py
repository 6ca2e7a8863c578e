"""The line breaker's rules, written as expected breaks: "一二三|四五" means a break after 三."""

from __future__ import annotations

import pytest

from gwformat.layout.justify import natural_width, set_line
from gwformat.layout.kinsoku import NO_LINE_END, NO_LINE_START
from gwformat.layout.linebreak import break_lines, tighten_tail
from gwformat.layout.segment import atoms, normalize


def breaks(text: str, style, chars: float, first: float | None = None) -> str:
    """Break ``text`` at ``chars`` grid characters a line; return the lines joined by |."""
    body, geometry = style
    width = round(chars * geometry.char_pitch)
    first_width = round((first if first is not None else chars) * geometry.char_pitch)
    pieces = atoms(text, body, "test")
    return "|".join("".join(a.text for a in pieces[b.start:b.end])
                    for b in break_lines(pieces, (first_width, width)))


def test_full_width_characters_fill_the_grid_exactly(body_style):
    assert breaks("一二三四五六七八九十" * 3, body_style, 28) == "一二三四五六七八九十一二三四五六七八九十一二三四五六七八|九十"


@pytest.mark.parametrize("mark", sorted("，。、；：？！）》」』”’…"))
def test_no_line_starts_with_a_closing_mark(body_style, mark):
    # five characters fill the line, so the mark would open the next one unless pushed in or out
    result = breaks("一二三四五" + mark + "六七八", body_style, 5)
    assert all(not line.startswith(mark) for line in result.split("|")), result


@pytest.mark.parametrize("mark", sorted("，、；：）》」』”’"))
def test_a_compressed_closing_mark_is_pushed_in_at_the_line_end(body_style, mark):
    assert breaks("一二三四五" + mark + "六七", body_style, 5.5) == "一二三四五" + mark + "|六七"


def test_a_full_stop_is_compressed_at_the_end_of_a_line_only(body_style):
    # 。 takes a full character inside a line (开明式) but half at its end, so it can be pushed in
    assert breaks("一二三四五。六七", body_style, 5.5) == "一二三四五。|六七"
    assert breaks("一二。三四五六七", body_style, 5.5) == "一二。三四|五六七"


def test_a_mark_that_cannot_be_pushed_in_pulls_the_last_character_down(body_style):
    assert breaks("一二三四五。六七", body_style, 5) == "一二三四|五。六七"


@pytest.mark.parametrize("mark", sorted("（《「『“‘"))
def test_no_line_ends_with_an_opening_mark(body_style, mark):
    result = breaks("一二三四" + mark + "五六" + "七八九", body_style, 5)
    assert all(not line.endswith(mark) for line in result.split("|")), result
    assert result.split("|")[1].startswith(mark)


def test_kinsoku_tables_are_disjoint():
    assert not NO_LINE_START & NO_LINE_END


def test_punctuation_is_half_width_inside_a_line(body_style):
    body, geometry = body_style
    comma, ideograph = atoms("，中", body, "t")
    assert comma.width == body.size // 2 + body.tracking
    assert ideograph.width == geometry.char_pitch
    stop = atoms("。", body, "t")[0]
    assert stop.width == geometry.char_pitch and stop.end_width == comma.width


def test_digits_are_half_width_and_never_split(body_style):
    body, _ = body_style
    run = atoms("2021年", body, "t")[0]
    assert run.text == "2021" and run.width == 4 * body.size // 2
    assert breaks("一二三四五六七八12345", body_style, 10) == "一二三四五六七八|12345"


def test_a_number_keeps_its_decimal_point_percent_and_magnitude(body_style):
    body, _ = body_style
    assert [a.text for a in atoms("投入138.62亿元，占73.7%", body, "t")] == \
        ["投", "入", "138.62亿", "元", "，", "占", "73.7%"]


def test_a_word_longer_than_a_line_is_broken_inside(body_style):
    result = breaks("A" * 40, body_style, 10)
    assert result.replace("|", "") == "A" * 40
    assert len(result.split("|")) > 1


def test_dash_and_ellipsis_pairs_stay_together(body_style):
    for pair in ("——", "……"):
        result = breaks("一二三四" + pair + "五六", body_style, 5)
        assert pair in result.split("|")[1], result


def test_first_line_indent_is_its_own_width(body_style):
    assert breaks("一二三四五六七八", body_style, 5, first=3) == "一二三|四五六七八"


def test_justified_lines_end_flush_at_the_right_edge(body_style):
    body, geometry = body_style
    pieces = atoms("一二三，四五六七", body, "t")
    width = round(7.9 * geometry.char_pitch)
    line = set_line(pieces[:7], 1000, width, 0, True)
    assert line.x1 == 1000 + width
    assert natural_width(pieces[:7]) < width


def test_tightening_pulls_a_paragraph_back_one_line(body_style):
    body, geometry = body_style
    pieces = atoms(normalize("一二三四五六七八九十" * 5 + "一二三四五六七"), body, "t")  # 28 + 28 + 1
    widths = (28 * geometry.char_pitch, 28 * geometry.char_pitch)
    lines = break_lines(pieces, widths)
    assert len(lines) == 3
    tighter = tighten_tail(pieces, widths, lines, 1000)
    assert tighter is not None and len(tighter) == 2
    assert tighten_tail(pieces, widths, lines, 10) is None  # 0.01 pt a character is not enough
