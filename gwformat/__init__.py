"""gwformat: Chinese official bulletins (简报) and GB/T 9704-2012 documents, typeset to PDF and DOCX.

    import gwformat
    issue = gwformat.load_issue("issue.yaml")      # or gwformat.Issue(...) / issue_from_data({...})
    document = gwformat.layout(issue)              # every line and page break, decided once
    gwformat.write_pdf(document, "out/issue.pdf")
    gwformat.build("issue.yaml", "out/")            # all of the above, for each output format

Every name loads on first use, so importing gwformat loads nothing heavy, and
using the layout engine loads no writer library (reportlab, python-docx).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .builder import build
    from .drafts import import_draft
    from .errors import GwformatError
    from .layout import layout
    from .layout.tree import Document
    from .load import issue_from_data, issue_from_yaml, load_issue
    from .model import Article, Distribution, DistributionGroup, Issue, Paragraph
    from .writers.docx import render_docx, write_docx
    from .writers.ofd import render_ofd, write_ofd
    from .writers.pdf import render_pdf, write_pdf
    from .writers.pdfa import render_pdfa, write_pdfa

#: Where each public name lives. Names load on first use (PEP 562), so the command
#: line, which imports gwformat.cli, starts without pydantic, jinja2 or reportlab.
_PUBLIC = {
    "build": "builder", "import_draft": "drafts", "GwformatError": "errors", "layout": "layout", "Document": "layout.tree",
    "issue_from_data": "load", "issue_from_yaml": "load", "load_issue": "load",
    **{name: "model" for name in ("Article", "Distribution", "DistributionGroup", "Issue", "Paragraph")},
    "render_pdf": "writers.pdf", "write_pdf": "writers.pdf",
    "render_docx": "writers.docx", "write_docx": "writers.docx",
    "render_pdfa": "writers.pdfa", "write_pdfa": "writers.pdfa",
    "render_ofd": "writers.ofd", "write_ofd": "writers.ofd",
}

__all__ = sorted(_PUBLIC)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'gwformat' has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


class _Package(ModuleType):
    """The gwformat module, in which a public name is never replaced by a subpackage of the
    same name: importing gwformat.layout would otherwise make ``gwformat.layout`` the
    package, not the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
