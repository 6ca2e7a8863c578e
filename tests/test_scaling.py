"""Large inputs come out whole and in order: many articles, a long paragraph, a long title.

The costs themselves are measured by benchmarks/run.py (its scaling series), not here.
"""

from __future__ import annotations

import io
import re

import docx

import gwformat
from gwformat.writers.docx import render_docx

SENTENCES = ["省人大常委会组织全体省级领导干部中的省人大代表开展主题活动。",
             "各级人大代表深入基层，听取群众意见，推动解决了一批实际问题。",
             "代表联络站建设不断加强，覆盖全省所有乡镇（街道），共计1,234个。"]


def many_articles(count: int) -> gwformat.Issue:
    """Articles of varying length, so that signatures fall at every place on a page, the foot too."""
    articles = [{"title": f"第{n}篇的标题", "signature": f"联络处　作者{n}",
                 "paragraphs": [SENTENCES[n % 3] * (1 + n % 4), SENTENCES[(n + 1) % 3] * (1 + n % 5)]}
                for n in range(count)]
    return gwformat.issue_from_data({"name": "联络动态", "number": 1, "organ": "某某工作委员会",
                                     "date": "2024-01-15", "articles": articles})


def test_many_articles_keep_every_line_once_and_in_order():
    issue = many_articles(120)
    document = gwformat.layout(issue)
    sources = [line.source.path for page in document.pages for line in page.lines
               if line.source and line.source.path.startswith("articles[")]
    rank = {"title": 0, "paragraphs": 1, "signature": 2}
    order = [(int(m[1]), rank[m[2]], int(m[3] or 0)) for m in
             (re.match(r"articles\[(\d+)\]\.(\w+)(?:\[(\d+)\])?", path) for path in sources)]
    assert order == sorted(order)  # articles, and paragraphs within each, in input order
    signatures = [path for path in sources if path.endswith(".signature")]
    assert signatures == [f"articles[{n}].signature" for n in range(120)]
    body = "".join(line.text for page in document.pages for line in page.lines if line.role == "body")
    assert body == "".join(p.text for a in issue.articles for p in a.paragraphs)


def test_many_articles_give_one_docx_paragraph_each_in_order():
    issue = many_articles(120)
    paragraphs = docx.Document(io.BytesIO(render_docx(gwformat.layout(issue)))).paragraphs
    body = [re.sub("[\u200b\u2060]", "", p.text) for p in paragraphs if p.style.style_id == "GwBody" and p.text]
    assert body == [p.text for a in issue.articles for p in a.paragraphs]


def test_a_long_paragraph_is_laid_out_whole():
    text = "".join(SENTENCES) * 300  # about 27,000 characters, over 40 pages
    issue = gwformat.issue_from_data({"name": "联络动态", "number": 1, "organ": "某某工作委员会", "date": "2024-01-15",
                                      "articles": [{"title": "标题", "paragraphs": [text]}]})
    document = gwformat.layout(issue)
    lines = [line for page in document.pages for line in page.lines if line.role == "body"]
    assert "".join(line.text for line in lines) == text
    assert len(document.pages) >= len(lines) // 22
