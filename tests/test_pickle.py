"""The public API pickles, so that issues and documents go to worker processes (README's recipes)."""

from __future__ import annotations

import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

import gwformat
from gwformat.writers.docx import render_docx
from gwformat.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[1]


def test_an_issue_read_from_yaml_pickles_with_its_places(example_issue):
    copy = pickle.loads(pickle.dumps(example_issue))
    assert copy.model_dump() == example_issue.model_dump()
    for path in ("articles[1].title", "articles[0].paragraphs[2]", "distribution.groups[0].recipients[1]"):
        assert copy.locate(path) == example_issue.locate(path)
        assert re.fullmatch(r".*issue\.yaml:\d+:\d+", copy.locate(path))


def test_a_document_pickles_and_writes_the_same_bytes(example_document):
    copy = pickle.loads(pickle.dumps(example_document))
    assert copy == example_document
    assert render_pdf(copy) == render_pdf(example_document)
    assert render_docx(copy) == render_docx(example_document)


def _recipe(marker: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return next(block for block in blocks if marker in block)


def test_the_dask_recipe_builds_a_folder_of_issues(tmp_path, monkeypatch):
    pytest.importorskip("dask.bag")
    import dask

    (tmp_path / "issues").mkdir()
    # issues that stand alone in a folder of issues: an example with pictures needs its own folder
    examples = [e for e in sorted((ROOT / "examples").glob("*/issue.yaml"))
                if not any(f.suffix in (".png", ".jpg") for f in e.parent.rglob("*"))][:4]
    for example in examples:
        shutil.copy(example, tmp_path / "issues" / f"{example.parent.name}.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    namespace: dict = {}
    with dask.config.set(scheduler="processes", num_workers=2):  # the issues go to other processes and back
        exec(_recipe("dask.bag"), namespace)
    written = namespace["written"]
    assert len(written) == len(examples)
    for example, paths in zip(sorted(p.parent.name for p in examples), written):
        expected = gwformat.build(ROOT / "examples" / example / "issue.yaml", tmp_path / "here")
        assert paths["pdf"].read_bytes() == expected["pdf"].read_bytes()
        assert paths["docx"].read_bytes() == expected["docx"].read_bytes()
