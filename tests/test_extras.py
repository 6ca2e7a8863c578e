"""A build needs none of the heavy checking and archiving libraries; the commands that do need
them say, in one line and with exit 2, which extra installs them.

A missing library is simulated in a process of its own by a finder, first on ``sys.meta_path``,
that raises for it what Python raises for an absent module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest

from conftest import EXAMPLE, ROOT
from gwformat.cli import EXTRA_MODULES

HEAVY = ("pdfplumber", "pypdfium2", "pikepdf")  # Pillow is no longer optional: reportlab imports it
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def without(modules: tuple[str, ...], *args: str) -> subprocess.CompletedProcess:
    """The gwformat command run in a process where ``modules`` cannot be imported."""
    code = """if True:
        import json, sys
        blocked, sys.argv[1:] = json.loads(sys.argv.pop(1))
        class Absent:
            def find_spec(self, name, path=None, target=None):
                if name in blocked:
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        sys.meta_path.insert(0, Absent())
        from gwformat.cli import run
        run()"""
    return subprocess.run([sys.executable, "-c", code, json.dumps([list(modules), list(args)])],
                          capture_output=True, text=True, cwd=ROOT)


def _names(requirements: list[str]) -> set[str]:
    """The distribution names of requirements such as ``"pikepdf[pdfa]>=10.18"``."""
    return {re.split(r"[\[<>=;! ]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_a_build_of_every_format_needs_no_extra(tmp_path, example_pdf):
    result = without(HEAVY, "build", str(EXAMPLE), "-o", str(tmp_path), "--ofd")
    assert result.returncode == 0, result.stderr
    built = sorted(p.suffix for p in tmp_path.iterdir())
    assert built == [".docx", ".ofd", ".pdf"]
    assert (tmp_path / example_pdf.name).read_bytes() == example_pdf.read_bytes()


@pytest.mark.parametrize("command, blocked, missing", [
    ("lint", ("pdfplumber",), "pdfplumber"),
    ("preview", ("pypdfium2",), "pypdfium2"),
    ("diff", ("pypdfium2",), "pypdfium2"),
    ("build --pdfa", ("pikepdf",), "pikepdf"),
    ("build --pdfa", ("jsonschema",), "jsonschema"),  # pikepdf installed without its own pdfa extra
])
def test_a_command_names_the_extra_it_needs_in_one_line(tmp_path, example_pdf, command, blocked, missing):
    out = tmp_path / "out"
    args = {"lint": ["lint", str(example_pdf)],
            "preview": ["preview", str(EXAMPLE), "-o", str(out)],
            "diff": ["diff", str(example_pdf), str(example_pdf), "-o", str(out)],
            "build --pdfa": ["build", str(EXAMPLE), "--pdfa", "-o", str(out)]}[command]
    result = without(blocked, *args)
    extra = EXTRA_MODULES[command][0]
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"gwformat: error: gwformat {command} needs {missing}, which is not installed: "
                             f"pip install 'gwformat[{extra}]'\n")
    assert not out.exists()


def test_the_extras_the_commands_name_install_what_they_import():
    distributions = packages_distributions()
    core = _names(PYPROJECT["dependencies"])
    for command, (extra, modules) in EXTRA_MODULES.items():
        wanted = _names(PYPROJECT["optional-dependencies"][extra])
        for module in modules:
            names = {name.lower() for name in distributions[module.split(".")[0]]}
            assert names & wanted, f"{command}: {module} comes from {names}, not from gwformat[{extra}]"
        assert not wanted & core, f"gwformat[{extra}] is in the core dependencies too"
    assert f"gwformat[{','.join(sorted({extra for extra, _ in EXTRA_MODULES.values()}))}]" in \
        PYPROJECT["optional-dependencies"]["test"]

