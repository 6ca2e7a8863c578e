"""The paginator's keeps, on content built to put a page break in every place (gwformat.layout.paginate)."""

from __future__ import annotations

import gwformat


def wenjian(paragraphs: int, sealed: bool) -> gwformat.Issue:
    return gwformat.issue_from_data({
        "kind": "wenjian", "name": "某机关", "organ": "某机关", "number": 1, "date": "2021-03-15",
        "fields": {"doc_prefix": "某发", **({"sealed": "yes"} if sealed else {})},
        "articles": [{"title": "关于某事的通知", "paragraphs": [f"第{n}段。" for n in range(paragraphs)]}]})


def test_a_date_never_opens_a_page_without_its_signature():
    # 5 to 40 one-line paragraphs put the 署名 on every row of a page, the last one too
    for sealed in (False, True):
        for count in range(5, 40):
            document = gwformat.layout(wenjian(count, sealed))
            where = {line.source.path: page.number for page in document.pages for line in page.lines
                     if line.source and line.source.path.startswith("closing[")}
            organ, date = sorted(where)[:2]
            assert where[organ] == where[date], (sealed, count)
