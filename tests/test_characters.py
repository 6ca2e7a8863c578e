"""Characters the content may not hold are refused with their place; the rest are set as typed."""

from __future__ import annotations

import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest

import gwformat
from conftest import cli
from gwformat.characters import compose, refusal
from gwformat.errors import FontCoverageError, InputError

ISSUE = {"name": "联络动态", "number": 27, "organ": "某机关", "date": "2020-12-24",
         "articles": [{"title": "标题", "paragraphs": ["正文。"], "signature": "某处"}],
         "distribution": {"groups": [{"label": "送", "recipients": ["某单位"]}], "printed_by": "某办公厅"}}

#: One of each class the content may not hold, as YAML writes it in a double-quoted string.
REFUSED = {
    "\x00": "control character", "\x07": "control character", "\x1b": "control character",
    "\x7f": "control character", "\x85": "control character", "\x9f": "control character",
    "\ufffe": "noncharacter", "\uffff": "noncharacter", "\ufdd0": "noncharacter", "\U0001fffe": "noncharacter",
    "\u202e": "bidirectional control", "\u2066": "bidirectional control",
    "\u2028": "line separator", "\u2029": "paragraph separator",
}

#: Every text field of ISSUE, as (field path, how to put a text there).
FIELDS = {
    "name": lambda d, t: d.update(name=t),
    "organ": lambda d, t: d.update(organ=t),
    "subtitle": lambda d, t: d.update(subtitle=t),
    "articles[0].title": lambda d, t: d["articles"][0].update(title=t),
    "articles[0].paragraphs[0].text": lambda d, t: d["articles"][0].update(paragraphs=[t]),
    "articles[0].signature": lambda d, t: d["articles"][0].update(signature=t),
    "articles[0].addressee": lambda d, t: d["articles"][0].update(addressee=t),
    "articles[0].attachments[0]": lambda d, t: d["articles"][0].update(attachments=[t]),
    "distribution.groups[0].recipients[0]": lambda d, t: d["distribution"]["groups"][0].update(recipients=[t]),
    "distribution.printed_by": lambda d, t: d["distribution"].update(printed_by=t),
}


def with_text(path: str, text: str) -> dict:
    data = {**ISSUE, "articles": [dict(ISSUE["articles"][0])],
            "distribution": {**ISSUE["distribution"], "groups": [dict(ISSUE["distribution"]["groups"][0])]}}
    FIELDS[path](data, text)
    return data


@pytest.mark.parametrize("char", sorted(REFUSED), ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_with_no_place_in_a_document_is_refused_with_its_place(tmp_path, char):
    source = tmp_path / "issue.yaml"
    escaped = f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
    source.write_text(f'name: 联络动态\nnumber: 27\norgan: 某机关\ndate: 2020-12-24\narticles:\n'
                      f'  - title: 标题\n    paragraphs:\n      - "正文{escaped}。"\n', encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"gwformat: error: {source}:8:12: {REFUSED[char]} U+{ord(char):04X} at articles[0].paragraphs[0].text, "
        "offset 2, has no place in a document: remove it (a text may hold line breaks and tabs, no other "
        "control characters)")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_every_text_field_refuses_a_control_character(path):
    with pytest.raises(InputError, match=f"control character U[+]0007 at {path.replace('[', '.').replace(']', '.')}"):
        gwformat.layout(gwformat.issue_from_data(with_text(path, "前\a后")))


def test_line_breaks_and_tabs_are_the_models_own():
    assert all(refusal(c) is None for c in "\t\n\r")
    document = gwformat.layout(gwformat.issue_from_data(with_text("articles[0].paragraphs[0].text", "前\t中\r\n后")))
    assert "前 中后" in "".join(line.text for page in document.pages for line in page.lines)


def test_the_whole_class_is_refused_and_nothing_else():
    for code in [*range(0x20), *range(0x7f, 0xa0)]:
        assert (refusal(chr(code)) is None) == (chr(code) in "\t\n\r"), hex(code)
    for plane in range(17):
        assert refusal(chr(plane * 0x10000 + 0xfffe)) == refusal(chr(plane * 0x10000 + 0xffff)) == "noncharacter"
    for text in ("联络动态", "ABC abc 123", "，。、；：？！“”‘’（）《》〈〉【】—…·", "\u3000", "\u00a0"):
        assert all(refusal(c) is None for c in text), text


def fully(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return "".join(char["text"] for page in document.pages for char in page.chars)


def docx_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("char", ["\u2329", "\u232a", "\uf901", "\uf92c", "\u212b", "\u2126"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_that_nfc_would_replace_on_its_own_is_set_as_typed(tmp_path, char):
    assert unicodedata.normalize("NFC", char) != char and compose(f"甲{char}乙") == f"甲{char}乙"
    built = gwformat.build(with_text("articles[0].paragraphs[0].text", f"正文{char}。"), tmp_path)
    replaced = unicodedata.normalize("NFC", char)
    assert f"正文{char}。" in fully(built["pdf"]) and replaced not in fully(built["pdf"])
    assert char in docx_text(built["docx"]) and replaced not in docx_text(built["docx"])


def test_a_base_and_its_combining_mark_are_set_as_the_one_character_they_are(tmp_path):
    built = gwformat.build(with_text("articles[0].paragraphs[0].text", "Cafe\u0301 正文。"), tmp_path)
    assert "Caf\u00e9" in fully(built["pdf"]) and "\u0301" not in fully(built["pdf"])
    assert "\u00e9" in docx_text(built["docx"]) and "\u0301" not in docx_text(built["docx"])


def test_a_composed_character_no_font_has_is_named_as_typed_with_its_line_and_column(tmp_path):
    source = tmp_path / "issue.yaml"
    source.write_text('name: 联络动态\nnumber: 27\norgan: 某机关\ndate: 2020-12-24\narticles:\n'
                      '  - title: 标题\n    paragraphs:\n      - |\n        第一行\n        第二行W\u0300。\n',
                      encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"gwformat: error: {source}:10:12: character 'Ẁ' (U+1E80), composed from "
                                     "'W' + U+0300 as typed, at articles[0].paragraphs[0].text, offset 7,")
    with pytest.raises(FontCoverageError, match="composed from 'W' [+] U[+]0300 as typed"):
        gwformat.layout(gwformat.issue_from_data(with_text("organ", "W\u0300")))


@pytest.mark.parametrize("value, where", [('"前\\a后"', "6:14"), ("'it''s 前😀'", "6:20"),
                                          ('[一行, "二\\x07"]', "6:19"), ("|\n      一\n      二😀", "8:8")])
def test_the_place_of_a_character_is_its_own_line_and_column(value, where):
    from gwformat.load import issue_from_yaml

    text = f"name: 联络动态\nnumber: 27\norgan: 某机关\ndate: 2020-12-24\narticles:\n  - title: {value}\n"
    with pytest.raises(InputError) as raised:
        gwformat.layout(issue_from_yaml(text, "i.yaml"))
    assert raised.value.where == f"i.yaml:{where}"
