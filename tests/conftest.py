"""Shared fixtures: the example issue is built once per test session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gwformat
from gwformat.kinds import load_kind
from gwformat.layout.compose import build_styles
from gwformat.layout.paginate import Geometry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lianluo-dongtai-27" / "issue.yaml"
MM = 72 / 25.4


@pytest.fixture(scope="session")
def example_issue() -> gwformat.Issue:
    return gwformat.load_issue(EXAMPLE)


@pytest.fixture(scope="session")
def example_document(example_issue):
    return gwformat.layout(example_issue)


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory, example_issue) -> Path:
    out = tmp_path_factory.mktemp("example")
    return gwformat.build(example_issue, out)["pdf"]


@pytest.fixture(scope="session")
def body_style():
    kind = load_kind("jianbao")
    geometry = Geometry.from_spec(kind.page)
    return build_styles(kind, geometry)["body"], geometry


def needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (CI installs it in .ci/setup)")


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The gwformat command as a user runs it, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "gwformat.cli", *args], capture_output=True, text=True, cwd=cwd)


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it, pages separated by form feeds."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def libreoffice_pdf(source: Path, outdir: Path) -> Path:
    """``source`` (a DOCX) converted to PDF by LibreOffice with a profile of its own.

    Skips where LibreOffice is not installed, except in CI, which must have it.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI (.ci/setup installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    profile = (outdir / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.pdf"
