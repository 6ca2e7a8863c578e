"""PDF/A-2b: the PDF writer's output made archival with pikepdf's PDF/A support.

reportlab's PDF already embeds every font (its initial font is one of ours, so no
unembedded Helvetica is left). pikepdf adds what PDF/A asks for and validates the
bytes it writes: XMP metadata agreeing with the document information, the sRGB
output intent, the PDF/A identification. The empty /Trans reportlab writes on every
page is removed first. The dates are the issue's (midnight, China Standard Time, as
the PDF writer sets them), so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..atomic import write_atomically
from ..errors import OutputError
from ..layout.tree import Document
from .pdf import render_pdf

FLAVOUR = "2b"


def render_pdfa(document: Document) -> bytes:
    """The PDF/A-2b of ``document`` as bytes, validated by pikepdf."""
    import pikepdf
    from pikepdf import pdfa

    pdf = pikepdf.open(io.BytesIO(render_pdf(document)))
    for page in pdf.pages:
        if "/Trans" in page.obj:
            del page.obj["/Trans"]
    if "/Trapped" in pdf.docinfo:
        del pdf.docinfo["/Trapped"]
    pdfa.prepare(pdf, FLAVOUR)
    stamp = f"{document.date}T00:00:00+08:00"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            meta[key] = stamp
    out = io.BytesIO()
    report = pdfa.save(pdf, out, FLAVOUR, repair=False, deterministic_id=True)
    if not report.passed:
        raise OutputError(f"the PDF/A-{FLAVOUR} file did not validate: {report}")
    return out.getvalue()


def write_pdfa(document: Document, path: str | Path) -> Path:
    """Write the PDF/A-2b of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_pdfa(document))
