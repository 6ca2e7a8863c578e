"""gwformat: Chinese official bulletins (简报) and GB/T 9704-2012 documents, typeset to PDF and DOCX.

    import gwformat
    issue = gwformat.load_issue("issue.yaml")      # or gwformat.Issue(...) / issue_from_data({...})
    document = gwformat.layout(issue)              # every line and page break, decided once
    gwformat.write_pdf(document, "out/issue.pdf")
    gwformat.build("issue.yaml", "out/")            # all of the above, for each output format
"""

from __future__ import annotations

from .build import build
from .errors import GwformatError
from .layout import layout
from .layout.tree import Document
from .load import issue_from_data, issue_from_yaml, load_issue
from .model import Article, Distribution, DistributionGroup, Issue, Paragraph
from .writers.pdf import render_pdf, write_pdf

__all__ = [
    "Article",
    "Distribution",
    "DistributionGroup",
    "Document",
    "GwformatError",
    "Issue",
    "Paragraph",
    "build",
    "issue_from_data",
    "issue_from_yaml",
    "layout",
    "load_issue",
    "render_pdf",
    "write_pdf",
]
__version__ = "0.1.0"
