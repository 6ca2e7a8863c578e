"""What each part loads: the layout engine no writer library, the command nothing heavy until it needs it."""

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


def test_the_command_starts_without_loading_the_heavy_libraries():
    # the command line imports gwformat.cli; everything heavy waits until a command needs it
    code = ("import sys, gwformat, gwformat.cli; "
            "heavy = ('reportlab', 'docx', 'pydantic', 'jinja2', 'yaml', 'fontTools', 'lxml'); "
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_public_names_stay_the_functions_when_their_subpackages_load():
    code = ("import gwformat.layout.tree, gwformat.layout, gwformat; "
            "from gwformat.layout import paginate; "
            "print(callable(gwformat.layout), gwformat.layout.__module__, type(gwformat.Issue).__name__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["True", "gwformat.layout", "ModelMetaclass"]
