"""The layout engine decides, writers draw: layout must not import a writer library."""

import subprocess
import sys

from conftest import ROOT


def test_layout_imports_no_writer_library():
    code = ("import sys, gwformat.layout, gwformat.load; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx')); "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_layout_is_immutable(example_document):
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        example_document.pages[0].lines[0].text = "x"  # type: ignore[misc]
