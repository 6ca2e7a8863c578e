"""The title split by meaning (layout.titles): the cheapest split of every one, found at once."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwformat.layout.kinsoku import NO_LINE_END, NO_LINE_START
from gwformat.layout.titles import _word_ends, split_title

WORDS = ["关于", "进一步", "加强", "和", "改进", "新时代", "基层", "人大代表", "联络站", "建设", "推动",
         "工作", "高质量", "发展", "的", "若干", "意见", "（", "）", "《", "》", "、", "，", "2024", "年度"]


def shape_cost(lengths: list[int]) -> int:
    """GB/T 9704 7.3.2 as the costs weigh it: nothing for a trapezoid or a diamond, else each rise."""
    if all(a >= b for a, b in zip(lengths, lengths[1:])):
        return 0
    peak = lengths.index(max(lengths))
    rising = all(a <= b for a, b in zip(lengths[:peak], lengths[1:peak + 1]))
    falling = all(a >= b for a, b in zip(lengths[peak:], lengths[peak + 1:]))
    if rising and falling and 0 < peak < len(lengths) - 1:
        return 0
    return 60 * sum(max(0, b - a) for a, b in zip(lengths, lengths[1:]))


def every_split_weighed(text: str, most: int) -> list[str]:
    """The reference: every split into the fewest lines and one more, in order, the first cheapest kept."""
    ends, count = _word_ends(text), math.ceil(len(text) / most)

    def break_cost(p: int) -> int:
        if text[p] in NO_LINE_START or text[p - 1] in NO_LINE_END:
            return 10_000
        return 0 if p in ends else 1000

    best: tuple[Fraction, tuple[int, ...]] | None = None
    for lines in (count, count + 1):
        for cuts in combinations(range(1, len(text)), lines - 1):
            lengths = [b - a for a, b in zip((0, *cuts), (*cuts, len(text)))]
            if max(lengths) > most:
                continue
            cost = (sum(break_cost(c) for c in cuts) + sum((Fraction(n) - Fraction(len(text), lines)) ** 2
                                                          for n in lengths)
                    + shape_cost(lengths) + 40 * (lines - count))
            if best is None or cost < best[0]:
                best = (cost, cuts)
    assert best is not None
    bounds = (0, *best[1], len(text))
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14), st.integers(4, 10))
def test_the_split_is_the_cheapest_of_every_split(words, most):
    text = "".join(words)
    if len(text) <= most or len(text) > 3 * most:
        return
    assert split_title(text, most) == every_split_weighed(text, most)


def test_a_long_title_is_split_whole_into_short_lines():
    title = ("关于进一步加强和改进新时代基层人大代表联络站建设推动代表工作高质量发展的若干意见" * 30)[:1000]
    for length in (200, 1000):
        lines = split_title(title[:length], 18)
        assert "".join(lines) == title[:length]
        assert len(lines) in (math.ceil(length / 18), math.ceil(length / 18) + 1)
        assert max(len(line) for line in lines) <= 18


def test_a_title_with_no_words_to_break_at_still_splits():
    url = "https://example.com/" + "abcdefghij/" * 9
    lines = split_title(url[:110], 18)
    assert "".join(lines) == url[:110] and max(len(line) for line in lines) <= 18
