"""Odd and big input: correct output or a clear error, nothing dropped, same bytes every time."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import docx
import pytest

import gwformat
from conftest import EXAMPLE, ROOT, pdf_text
from gwformat.errors import InputError

BASE = {"name": "工作动态", "number": 3, "organ": "某某办公室", "date": "2024-05-06"}


def issue(*articles, **extra):
    return gwformat.issue_from_data({**BASE, **extra, "articles": list(articles)})


def all_text(document) -> str:
    return "".join(line.text for page in document.pages for line in page.lines)


def test_a_long_title_is_wrapped_into_lines_of_at_most_18_characters_in_a_gbt9704_shape():
    title = "关于进一步加强和改进新时代基层人大代表联络站建设推动代表工作高质量发展的若干意见"
    document = gwformat.layout(issue({"title": title, "paragraphs": ["正文。"]}))
    lines = [l.text for l in document.pages[0].lines if l.role == "title"]
    assert "".join(lines) == title and len(lines) == 3
    lengths = [len(l) for l in lines]
    assert max(lengths) <= 18 and max(lengths) - min(lengths) <= 3
    # a diamond (longest in the middle) or a trapezoid (never longer than the line above)
    assert lengths[1] == max(lengths) or lengths == sorted(lengths, reverse=True)


def test_a_paragraph_longer_than_a_page_runs_over_pages_on_the_grid():
    document = gwformat.layout(issue({"title": "长文", "paragraphs": ["这是一个很长的段落。" * 120]}))
    assert len(document.pages) >= 3
    assert all(sum(l.role == "body" for l in p.lines) <= 22 for p in document.pages)
    assert all_text(document).count("这是一个很长的段落。") == 120


def test_a_latin_word_longer_than_a_line_is_broken_and_kept_whole_in_text():
    word = "Supercalifragilisticexpialidocious" * 3
    document = gwformat.layout(issue({"title": "英文", "paragraphs": [f"前文{word}后文。"]}))
    assert f"前文{word}后文。" in all_text(document)
    body = [l for p in document.pages for l in p.lines if l.role == "body"]
    assert len(body) >= 2 and all(l.x1 <= document.block.left + document.block.width for l in body)


def test_tabs_stray_spaces_crlf_and_a_bom_are_tidied(tmp_path):
    text = "\ufeffname: 工作动态\r\nnumber: 3\r\norgan: 某某办公室\r\ndate: 2024-05-06\r\narticles:\r\n" \
           "  - title: 标题\r\n    paragraphs:\r\n      - |\r\n        第一行\t  接着\r\n        Mixed English  words，全角和半角,标点.\r\n"
    path = tmp_path / "issue.yaml"
    path.write_bytes(text.encode("utf-8"))
    document = gwformat.layout(gwformat.load_issue(path))
    body = "".join(l.text for p in document.pages for l in p.lines if l.role == "body")
    assert body == "第一行 接着Mixed English words，全角和半角,标点."


def test_an_article_with_only_a_title():
    document = gwformat.layout(issue({"title": "只有标题"}, {"title": "第二篇", "paragraphs": ["正文。"]}))
    assert [l.text for p in document.pages for l in p.lines if l.role == "title"] == ["只有标题", "第二篇"]


def test_a_hundred_articles():
    articles = [{"title": f"第{n}篇文章", "paragraphs": ["内容。" * 30], "signature": f"作者{n}"} for n in range(100)]
    document = gwformat.layout(issue(*articles))
    text = all_text(document)
    assert all(f"第{n}篇文章" in text for n in range(100))
    assert len(document.pages) > 40


def test_rare_characters_reach_the_pdf_and_the_docx(tmp_path):
    names = "朱镕基、张堃、王喆、李珺"
    result = gwformat.build(issue({"title": "名字", "paragraphs": [names]}), tmp_path)
    assert names in pdf_text(result["pdf"])
    document = docx.Document(str(result["docx"]))
    assert any(p.text == names for p in document.paragraphs)


@pytest.mark.parametrize("char, name", [("\ue000", "U+E000"), ("😀", "U+1F600"), ("𠮷", "U+20BB7")])
def test_characters_no_font_has_are_named_with_their_place(char, name):
    with pytest.raises(InputError, match=re.escape(name) + r".*articles\[0\]\.paragraphs\[1\]\.text, offset 2"):
        gwformat.layout(issue({"title": "题", "paragraphs": ["好", f"正文{char}"]}))


def test_a_name_from_the_content_cannot_leave_the_output_folder(tmp_path):
    result = gwformat.build(issue({"title": "题", "paragraphs": ["文"]}, name="../../动态/x"), tmp_path / "out")
    for path in result.values():
        assert path.parent == tmp_path / "out"


def test_same_input_same_docx_bytes_across_processes(tmp_path):
    script = "import gwformat,sys; gwformat.build(sys.argv[1], sys.argv[2])"
    for folder in ("a", "b"):
        subprocess.run([sys.executable, "-c", script, str(EXAMPLE), str(tmp_path / folder)], check=True, cwd=ROOT)
    for suffix in ("pdf", "docx"):
        first, second = (next((tmp_path / f).glob(f"*.{suffix}")).read_bytes() for f in ("a", "b"))
        assert first == second, suffix


def test_templates_render_in_the_sandbox():
    from jinja2.exceptions import SecurityError

    from gwformat.kinds import _environment

    with pytest.raises(SecurityError):
        _environment().from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()


def test_yaml_constructs_no_objects(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(InputError, match="malformed YAML"):
        gwformat.load_issue(path)


def test_render_to_memory_has_no_side_effects(example_document):
    before = set(ROOT.iterdir())
    gwformat.render_pdf(example_document)
    assert set(ROOT.iterdir()) == before
    assert io.BytesIO(gwformat.render_docx(example_document)).getbuffer().nbytes > 10000
