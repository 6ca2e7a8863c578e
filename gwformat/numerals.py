"""Chinese numerals and the date form GB/T 9704 prescribes.

The cumulative number of a bulletin is printed in Chinese numerals
(623 → 六百二十三), the date in Arabic numerals (GB/T 9704-2012, 7.3.5.1:
成文日期 uses Arabic numerals, year in full, month and day without a leading zero).
"""

from __future__ import annotations

import datetime as _dt

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _below_10000(n: int) -> str:
    out: list[str] = []
    zero_pending = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(out)


def chinese_number(n: int) -> str:
    """Write a non-negative integer in Chinese numerals: 10 → 十, 623 → 六百二十三, 1005 → 一千零五."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for a negative number: {n}")
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_BIG_UNITS):
        raise ValueError("number too large for Chinese numerals")
    out = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        # A group below 1000 that follows a higher group is read with a 零: 一万零五百.
        if out and group < 1000 and not out.endswith("零"):
            out += "零"
        out += _below_10000(group) + _BIG_UNITS[index]
    # 一十X at the very start is said 十X.
    if out.startswith("一十"):
        out = out[1:]
    return out


def parse_chinese_number(text: str) -> int | None:
    """Read a number in Chinese numerals back: 六百二十三 → 623, 十二 → 12; None if it is not one."""
    units = {"十": 10, "百": 100, "千": 1000}
    total = myriads = section = digit = 0  # above 亿, the 万 group, below 万, the last digit
    for char in text.replace("〇", "零"):
        if char in DIGITS:
            digit = DIGITS.index(char)
        elif char == "亿":
            total, myriads, section, digit = (total + myriads + section + digit) * 10**8, 0, 0, 0
        elif char == "万":
            myriads, section, digit = (section + digit) * 10**4, 0, 0
        elif char in units:
            section, digit = section + (digit or 1) * units[char], 0
        else:
            return None
    return total + myriads + section + digit if text else None


def chinese_date(day: _dt.date) -> str:
    """2020-12-24 → 2020年12月24日."""
    return f"{day.year}年{day.month}月{day.day}日"
