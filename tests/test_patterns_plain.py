"""The plain subset of text patterns renders as jinja2's sandbox does, and leaves everything else to it."""

from __future__ import annotations

import datetime as dt

import pytest

from gwformat import kinds
from gwformat.errors import TemplateError
from gwformat.kinds import load_kind
from gwformat.pattern_bounds import PatternError, render
from gwformat.plain_patterns import PlainPattern, parse
from gwformat.resources import data_dir

SHIPPED = sorted({source for path in data_dir("templates").glob("*.yaml")
                  for source in load_kind(path.stem).text.values()})

#: Values of every type an issue gives a pattern, falsy ones among them.
VALUE_SETS = [
    {"name": "联络动态", "number": 27, "n": 1, "total": 27, "date": dt.date(2024, 3, 5), "printed_on": dt.date(2024, 3, 6),
     "doc_prefix": "", "title": "标题", "printed_by": "办公室", "organ": "某局", "page": 3, "copies": 40},
    {"name": "纪要", "number": 0, "n": 2, "total": 1, "date": dt.datetime(2023, 12, 31, 8), "printed_on": None,
     "doc_prefix": "京政", "title": "", "printed_by": "", "organ": None, "page": 10, "copies": 0},
]


def jinja(source: str, values: dict) -> str:
    return render(kinds._compiled(source).template, values)


def test_every_shipped_pattern_but_none_is_plain():
    outside = [source for source in SHIPPED if parse(source) is None]
    assert not outside, outside


@pytest.mark.parametrize("source", SHIPPED)
def test_a_shipped_pattern_renders_and_names_what_jinja2_does(source):
    plain = parse(source)
    assert isinstance(plain, PlainPattern)
    assert plain.names == kinds._compiled(source).names
    for values in VALUE_SETS:
        given = {name: values.get(name, f"«{name}»") for name in plain.names}
        assert render(plain, given) == jinja(source, given)


EDGES = [
    "", "纯文本", "{{name}}", "{{  name  |spaced|spaced }}", "{{ a or b or c }}", "a}}b{{ name }}%}",
    "{% if n == 0 %}零{% endif %}{% if n %}有{% endif %}", "{% if a %}{% if b %}二{% endif %}一{% endif %}",
    "{{ date.year }}年{{ date.month }}月{{ date.day }}日", "{{ _x }}", "{{ n | cn }}", "{% if date.year == 2024 %}今{% endif %}",
]


@pytest.mark.parametrize("source", EDGES)
def test_an_edge_of_the_subset_renders_as_jinja2_does(source):
    plain = parse(source)
    assert plain is not None and plain.names == kinds._compiled(source).names
    for values in ({"name": "名", "a": "", "b": 0, "c": None, "n": 0, "_x": [1], "date": dt.date(2024, 1, 2)},
                   {"name": "", "a": "甲", "b": "乙", "c": "丙", "n": 7, "_x": True, "date": dt.date(1999, 9, 9)}):
        assert render(plain, values) == jinja(source, values)


OUTSIDE = [
    "{{ name | upper }}", "{{ 'x' }}", "{{ n + 1 }}", "{{ none }}", "{{ self }}", "{{ loop }}", "{{ a.b }}",
    "{{ date.weekday }}", "{% if a %}x{% else %}y{% endif %}", "{%- if a %}x{% endif %}", "{{- a }}", "{# c #}a",
    "{{ a or b | spaced }}", "{% if n == 01 %}x{% endif %}", "{% for a in b %}{% endfor %}", "两行\n{{ a }}",
    "{% if a %}x", "{% endif %}", "{{ }}", "{{ a b }}", "{{{ a }}", "{{ a.year.real }}", "{{ a |}}",
]


@pytest.mark.parametrize("source", OUTSIDE)
def test_what_lies_outside_the_subset_is_left_to_jinja2(source):
    assert parse(source) is None


def test_a_value_the_subset_does_not_read_is_rendered_or_refused_by_jinja2(tmp_path):
    kind = load_kind("jianbao")
    with pytest.raises(TemplateError, match="'number' is undefined"):
        kind.render("issue")
    # a date's field of a value that is not a date: jinja2's own reading and its own message
    (tmp_path / "probe.yaml").write_text("extends: jianbao\nname: probe\ndescription: 试验\n"
                                         "text:\n  issue: '{{ number.year }}'\n", encoding="utf-8")
    load_kind.cache_clear()
    probe = load_kind("probe", str(tmp_path))
    with pytest.raises(TemplateError, match="has no attribute 'year'"):
        probe.render("issue", number=3)
    assert probe.render("issue", number={"year": 5}) == "5"  # jinja2 reads a key where there is no attribute


def test_the_subset_holds_the_sandbox_bounds():
    plain = parse("{{ title | spaced }}")
    assert plain is not None
    with pytest.raises(PatternError, match="the filter 'spaced' makes"):
        render(plain, {"title": "字" * 60_000})
    with pytest.raises(PatternError, match="renders more than 100,000 characters"):
        render(parse("{{ a }}{{ a }}"), {"a": "字" * 60_000})
