"""What each part loads: the layout engine no writer library, the command nothing heavy until it needs it."""

import dataclasses
import subprocess
import sys

import pytest

from conftest import ROOT


def loaded(imports: str, packages: tuple[str, ...]) -> list[str]:
    """The modules of ``packages`` a fresh Python has loaded after ``imports``."""
    code = (f"import sys; {imports}; "
            f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r})))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True).stdout.split()


def test_layout_imports_no_writer_library():
    assert loaded("import gwformat.layout, gwformat.load", ("reportlab", "docx")) == []


def test_layout_is_immutable(example_document):
    with pytest.raises(dataclasses.FrozenInstanceError):
        example_document.pages[0].lines[0].text = "x"  # type: ignore[misc]


def test_the_command_starts_without_loading_the_heavy_libraries():
    # the command line imports gwformat.cli; everything heavy waits until a command needs it
    heavy = ("reportlab", "docx", "pydantic", "jinja2", "yaml", "fontTools", "lxml")
    assert loaded("import gwformat, gwformat.cli", heavy) == []
    assert "pydantic" in loaded("import gwformat; gwformat.Issue", heavy)  # the check itself can see them


def test_public_names_stay_the_functions_when_their_subpackages_load():
    code = ("import gwformat.layout.tree, gwformat.layout, gwformat; "
            "from gwformat.layout import paginate; "
            "print(callable(gwformat.layout), gwformat.layout.__module__, type(gwformat.Issue).__name__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["True", "gwformat.layout", "ModelMetaclass"]
