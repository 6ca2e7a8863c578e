"""Rendering a DOCX the way its readers do, and reading the lines and pages back.

LibreOffice (headless, a profile of its own) and Spire.Doc (``pip install spire-doc``; a layout
engine that reads DOCX the way Word does) each turn the DOCX into a PDF; pdfplumber reads the
lines of each page back, in order, without their spaces. Spire.Doc's evaluation mode draws a
warning in pure red over every page; its characters are left out.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

FOLIO = re.compile(r"[-—–－]*\d+[-—–－]*")
SPIRE = """import sys
from spire.doc import Document, FileFormat
document = Document()
document.LoadFromFile(sys.argv[1])
document.SaveToFile(sys.argv[2], FileFormat.PDF)
"""


def _text_lines(page) -> list[dict]:
    """The page's lines, in the direction of most of its text: on a page whose text is turned a quarter
    anticlockwise (gwformat's 横排 page), the lines of the text turned upright, as a reader that sets
    the page landscape shows them. The few characters set the other way (the page number that keeps
    its portrait place on a 横排 page) are left out, as page numbers are."""
    chars = [c for c in page.chars if c["text"].strip()]
    if not chars or sum(not c["upright"] for c in chars) * 2 <= len(chars):
        return page.filter(lambda obj: obj.get("object_type") != "char" or obj["upright"]).extract_text_lines(
            strip=True)
    from pdfplumber.utils.text import chars_to_textmap

    height = page.height
    turned = [{**c, "x0": height - c["bottom"], "x1": height - c["top"], "top": c["x0"], "bottom": c["x1"],
               "upright": True} for c in page.chars if not c["upright"]]
    return chars_to_textmap(sorted(turned, key=lambda c: (c["top"], c["x0"]))).extract_text_lines(strip=True)


def _warning(obj: dict) -> bool:
    """A character of Spire.Doc's evaluation notice: pure red, which no kind uses (their red is E60012)."""
    return obj.get("object_type") == "char" and tuple(obj.get("non_stroking_color") or ()) == (1, 0, 0)


def pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, top to bottom, NFKC-normalised and without spaces; page numbers left out."""
    out = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines = []
            for line in _text_lines(page.filter(lambda obj: not _warning(obj))):
                text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line["text"]))
                if text and not FOLIO.fullmatch(text):
                    lines.append(text)
            out.append(lines)
    while out and not out[-1]:
        out.pop()
    return out


@dataclass(frozen=True)
class Comparison:
    """A rendering's lines and pages against the PDF's."""

    same: int
    total: int
    pages: int
    expected_pages: int
    starts: tuple[bool, ...]  # each page of the PDF: does the rendering's page start with its line?
    diff: str

    @property
    def share(self) -> float:
        return self.same / max(1, self.total)

    def __str__(self) -> str:
        return (f"{self.same}/{self.total} lines, {self.pages}/{self.expected_pages} pages, "
                f"{sum(self.starts)}/{len(self.starts)} page starts\n{self.diff}")


def compare(ours: list[list[str]], theirs: list[list[str]]) -> Comparison:
    a = [line for page in ours for line in page]
    b = [line for page in theirs for line in page]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    starts = tuple(i < len(theirs) and bool(page) and bool(theirs[i]) and theirs[i][0] == page[0]
                   for i, page in enumerate(ours))
    diff = "\n".join(line for line in difflib.unified_diff(a, b, "pdf", "reader", n=0, lineterm="")
                     if not line.startswith(("---", "+++")))
    return Comparison(same, len(a), len(theirs), len(ours), starts, diff)


def libreoffice(docx: Path, outdir: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = (outdir / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=300)
    return outdir / f"{docx.stem}.pdf"


def spire_available() -> str | None:
    """Why Spire.Doc cannot render here, or None when it can."""
    probe = subprocess.run([sys.executable, "-c", "import spire.doc"], capture_output=True, text=True)
    if probe.returncode:
        return "spire-doc does not import (pip install spire-doc; it needs libicu): " + \
            (probe.stderr.strip().splitlines() or ["?"])[-1]
    return None


def spire(docx: Path, outdir: Path) -> Path | None:
    """``docx`` rendered by Spire.Doc, or None when it wrote nothing (its evaluation mode unavailable)."""
    out = outdir / f"{docx.stem}.spire.pdf"
    subprocess.run([sys.executable, "-c", SPIRE, str(docx), str(out)], capture_output=True, timeout=300)
    return out if out.exists() and out.stat().st_size else None


def spire_corrected(docx: Path, outdir: Path) -> Path | None:
    """Spire.Doc's rendering of ``docx``, with room made for its evaluation notice.

    Measured: the evaluation mode sets its notice as a paragraph at the top of page 1, and
    moves that page's text down (one grid row, 29 pt, in the examples: the page's last line
    goes over). A probe, the same document with one line at the top of page 1 and one at the
    top of page 2, measures by how much; the copy rendered takes that much from the space
    before the first paragraphs, so that page 1's text is where it would be without the notice.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    probe = spire(_rewritten(docx, outdir / "probe.docx", _probe_body), outdir)
    if probe is None:
        return None
    with pdfplumber.open(probe) as document:
        tops = [next((line["top"] for line in page.filter(lambda obj: not _warning(obj)).extract_text_lines()), 0.0)
                for page in document.pages[:2]]
    shift = round((tops[0] - tops[1]) * 20) if len(tops) == 2 else 0  # twips
    if shift < 10:
        return spire(docx, outdir)

    def take(match: re.Match) -> str:
        nonlocal shift
        taken = min(shift, int(match[1]))
        shift -= taken
        return f'w:before="{int(match[1]) - taken}"'

    return spire(_rewritten(docx, outdir / docx.name, lambda xml: re.sub(r'w:before="(\d+)"', take, xml)), outdir)


def _probe_body(xml: str) -> str:
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.rindex("<w:sectPr")
    line = '<w:p><w:pPr><w:pStyle w:val="GwBody"/>{}</w:pPr><w:r><w:t>一</w:t></w:r></w:p>'
    return xml[:start] + line.format("") + line.format("<w:pageBreakBefore/>") + xml[end:]


def _rewritten(docx: Path, out: Path, change) -> Path:
    """A copy of ``docx`` with ``change`` applied to the text of word/document.xml."""
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            data = source.read(member)
            if member == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(member, data)
    return out


if __name__ == "__main__":  # python tests/readers.py OUT.pdf OUT.docx: both readers against the PDF
    import tempfile

    pdf, docx = Path(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        for name, render in (("LibreOffice", libreoffice), ("Spire.Doc", spire_corrected)):
            rendered = render(docx.resolve(), Path(tmp))
            print(f"{name}:", compare(pages(pdf), pages(rendered)) if rendered else "not available")
