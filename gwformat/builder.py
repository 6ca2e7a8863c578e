"""Building an issue's output files: the one call the CLI and scripts make."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import InputError
from .kinds import find_kind, issue_values
from .layout import layout
from .load import as_issue
from .model import Issue
from .atomic import replace_together

FORMATS = ("pdf", "docx")
EXTRA_FORMATS = ("ofd",)


def output_stem(issue: Issue, templates: str | None = None) -> str:
    """A file name from the content that cannot leave the output folder: 联络动态-第27期.

    A kind may give its own pattern (text.file_name), such as a 文件's 发文字号.
    """
    kind = find_kind(issue.kind, templates)
    if "file_name" in kind.text:
        stem = kind.render("file_name", **issue_values(issue, kind))
    else:
        stem = f"{issue.name_text}-第{issue.number}期"
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", stem).strip(". ")
    return stem or "issue"


def build(source: str | Path | Mapping[str, Any] | Issue, outdir: str | Path,
          formats: Iterable[str] = FORMATS, name: str | None = None, pdfa: bool = False,
          templates: str | Path | None = None) -> dict[str, Path]:
    """Lay out an issue (a YAML path, plain data or an Issue) and write each format into ``outdir``.

    ``formats`` may name "pdf", "docx" and "ofd" (GB/T 33190); with ``pdfa`` the PDF is
    PDF/A-2b. Returns the written paths by format. The layout is computed once and
    shared by every writer. ``templates`` is a folder of the user's own kinds.
    """
    issue = as_issue(source)
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS + EXTRA_FORMATS]
    if unknown:
        raise InputError(f"unknown output format '{unknown[0]}' "
                         f"(expected one of: {', '.join(FORMATS + EXTRA_FORMATS)})")
    document = layout(issue, templates=str(templates) if templates else None)
    stem = name or output_stem(issue, str(templates) if templates else None)
    if Path(stem).name != stem or stem in (".", ".."):
        raise InputError(f"output name '{stem}' must be a plain file name")
    outdir = Path(outdir)
    # every format is rendered before any file is written, and the files replace the previous
    # outputs together: a failure at any point leaves all of those as they were
    rendered: dict[str, bytes] = {}
    if "pdf" in formats and pdfa:
        from .writers.pdfa import render_pdfa

        rendered["pdf"] = render_pdfa(document)
    elif "pdf" in formats:
        from .writers.pdf import render_pdf  # reportlab loads only when a PDF is made

        rendered["pdf"] = render_pdf(document)
    if "docx" in formats:
        from .writers.docx import render_docx

        rendered["docx"] = render_docx(document)
    if "ofd" in formats:
        from .writers.ofd import render_ofd

        rendered["ofd"] = render_ofd(document)
    paths = {fmt: outdir / f"{stem}.{fmt}" for fmt in rendered}
    replace_together({paths[fmt]: data for fmt, data in rendered.items()})
    return paths
