"""Shared fixtures: the example issue is built once per test session."""

from __future__ import annotations

import shutil
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
