"""gwformat: Chinese official bulletins (简报) and GB/T 9704-2012 documents, typeset to PDF and DOCX.

    import gwformat
    issue = gwformat.load_issue("issue.yaml")      # or gwformat.Issue(...) / issue_from_data({...})
    document = gwformat.layout(issue)              # every line and page break, decided once
    gwformat.write_pdf(document, "out/issue.pdf")
    gwformat.build("issue.yaml", "out/")            # all of the above, for each output format

The writers (and reportlab, python-docx) load on first use, so importing
gwformat or its layout engine loads no writer library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .builder import build
from .errors import GwformatError
from .layout import layout
from .layout.tree import Document
from .load import issue_from_data, issue_from_yaml, load_issue
from .model import Article, Distribution, DistributionGroup, Issue, Paragraph

if TYPE_CHECKING:
    from .writers.docx import render_docx, write_docx
    from .writers.ofd import render_ofd, write_ofd
    from .writers.pdf import render_pdf, write_pdf
    from .writers.pdfa import render_pdfa, write_pdfa

_WRITERS = {"render_pdf": "writers.pdf", "write_pdf": "writers.pdf",
            "render_docx": "writers.docx", "write_docx": "writers.docx",
            "render_pdfa": "writers.pdfa", "write_pdfa": "writers.pdfa",
            "render_ofd": "writers.ofd", "write_ofd": "writers.ofd"}

__all__ = [
    "Article", "Distribution", "DistributionGroup", "Document", "GwformatError", "Issue", "Paragraph",
    "build", "issue_from_data", "issue_from_yaml", "layout", "load_issue", *_WRITERS,
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _WRITERS:
        raise AttributeError(f"module 'gwformat' has no attribute {name!r}")
    value = getattr(import_module(f".{_WRITERS[name]}", __name__), name)
    globals()[name] = value
    return value
