import datetime

import pytest

from gwformat.model import Issue, heading_level
from gwformat.numerals import chinese_date, chinese_number


@pytest.mark.parametrize("n, text", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (101, "一百零一"), (110, "一百一十"),
    (623, "六百二十三"), (1005, "一千零五"), (1010, "一千零一十"), (10000, "一万"), (10500, "一万零五百"),
    (100000, "十万"), (123456789, "一亿二千三百四十五万六千七百八十九"),
])
def test_chinese_numerals(n, text):
    assert chinese_number(n) == text


def test_negative_numbers_have_no_chinese_numeral():
    with pytest.raises(ValueError):
        chinese_number(-1)


def test_dates_use_arabic_numerals_without_leading_zeros():
    assert chinese_date(datetime.date(2020, 12, 24)) == "2020年12月24日"
    assert chinese_date(datetime.date(2021, 1, 5)) == "2021年1月5日"


def _issue(**fields):
    base = dict(name="联络动态", number=1, organ="某机关", date="2020-12-24",
                articles=[{"title": "标题", "paragraphs": ["正文。"]}])
    base.update(fields)
    return Issue.model_validate(base)


def test_romanised_subtitle_comes_from_pypinyin():
    assert _issue().romanized_name() == "LIANLUODONGTAI"
    assert _issue(name="工作动态").romanized_name() == "GONGZUODONGTAI"
    assert _issue(subtitle="LIANLUO DONGTAI").romanized_name() == "LIANLUO DONGTAI"


@pytest.mark.parametrize("heading, level", [
    ("一、紧扣大局", 1), ("十二、其他", 1), ("（一）加强领导", 2), ("(三)措施", 2),
    ("1.提高认识", 3), ("12．完善制度", 3), ("（1）明确责任", 4), ("关于", None),
])
def test_heading_levels_follow_gbt9704_numbering(heading, level):
    assert heading_level(heading) == level
