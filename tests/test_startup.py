"""A cold build pays only for what it makes: what a command imports and compiles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lianluo-dongtai-27" / "issue.yaml"

#: Runs the command as `gwformat` does, then reports what the process loaded.
PROBE = """
import json, sys
import gwformat.cli as cli
try:
    cli.run()
except SystemExit as exit:
    code = exit.code
image = sys.modules.get("PIL.Image")
loader = sys.modules.get("pydantic.plugin._loader")
print(json.dumps({"code": code, "modules": sorted(sys.modules),
                  "pil_image": type(image).__name__ if image is not None else None,
                  "plugins_scanned": loader is not None and loader._plugins is not None}))
"""


def probe(tmp_path: Path, *args: str, cache: Path | None = None) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache or tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_a_pdf_build_loads_no_docx_machinery_nor_pillow(tmp_path):
    seen = probe(tmp_path, "build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert seen["code"] == 0 and (tmp_path / "out" / "联络动态-第27期.pdf").is_file()
    assert not {"docx", "lxml", "fontTools.subset", "jinja2"} & set(seen["modules"])
    assert seen["pil_image"] == "_LazyModule"  # reportlab asked for it; nothing used it
    assert not seen["plugins_scanned"]


def test_a_docx_build_loads_no_reportlab(tmp_path):
    seen = probe(tmp_path, "build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "docx")
    assert seen["code"] == 0 and (tmp_path / "out" / "联络动态-第27期.docx").is_file()
    assert not [m for m in seen["modules"] if m.split(".")[0] in ("reportlab", "PIL", "pikepdf", "jinja2")]


def test_docx_builds_load_neither_python_docx_nor_lxml(tmp_path):
    """The DOCX package is written as text. (The first build on a machine cuts the font subsets with
    fontTools.subset, which loads lxml for SVG tables if it is installed; later builds take them from
    the cache, as this probe does.)"""
    cache = tmp_path / "cache"
    for formats in (["-f", "docx"], []):
        probe(tmp_path, "build", str(EXAMPLE), "-o", str(tmp_path / "warm"), *formats, cache=cache)
        out = tmp_path / ("out" + "".join(formats))
        seen = probe(tmp_path, "build", str(EXAMPLE), "-o", str(out), *formats, cache=cache)
        assert seen["code"] == 0 and (out / "联络动态-第27期.docx").is_file()
        assert not [m for m in seen["modules"] if m.split(".")[0] in ("docx", "lxml")]


def probe_kind(folder: Path) -> Path:
    """The example as a kind whose issue line is a pattern outside the plain subset (a jinja2 filter)."""
    folder.mkdir()
    (folder / "probe.yaml").write_text("extends: jianbao\nname: probe\ndescription: 试验\n"
                                       "text:\n  issue: '第{{ number | string }}期'\n", encoding="utf-8")
    issue = folder / "issue.yaml"
    issue.write_text(EXAMPLE.read_text(encoding="utf-8").replace("kind: jianbao", "kind: probe", 1), encoding="utf-8")
    return issue


def test_a_pattern_outside_the_plain_subset_is_compiled_by_jinja2_once_per_machine(tmp_path):
    cache, issue = tmp_path / "cache", probe_kind(tmp_path / "kind")
    seen = probe(tmp_path, "build", str(issue), "-o", str(tmp_path / "first"), "-f", "pdf",
                 "--templates", str(tmp_path / "kind"), cache=cache)
    assert "jinja2" in seen["modules"] and list((cache / "gwformat" / "jinja2").iterdir())
    # a second process with jinja2's compiler broken still builds: it only loads the compiled code
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    script = ("import sys; from jinja2.sandbox import SandboxedEnvironment as E\n"
              "def broken(*a, **k): raise AssertionError('compiled again')\n"
              "E.compile = broken; E.parse = broken\n"
              "import gwformat.cli as cli; sys.exit(cli.main(sys.argv[1:]))")
    subprocess.run([sys.executable, "-c", script, "build", str(issue), "-o", str(tmp_path / "second"), "-f", "pdf",
                    "--templates", str(tmp_path / "kind")], env=env, check=True, capture_output=True)
    first, second = (tmp_path / d / "联络动态-第27期.pdf" for d in ("first", "second"))
    assert first.read_bytes() == second.read_bytes()


#: Modules only some issues need, each loaded by the first block that uses it.
LAZY = {"gwformat.layout.table": "a table", "gwformat.layout.figure": "a figure", "gwformat.pictures": "a picture",
        "gwformat.layout.contents": "a 本期要目"}


@pytest.mark.parametrize("formats", [("pdf",), ("docx",), ("pdf", "docx")])
def test_a_build_loads_no_module_for_content_the_issue_does_not_have(tmp_path, formats):
    flags = [arg for fmt in formats for arg in ("-f", fmt)]
    seen = probe(tmp_path, "build", str(EXAMPLE), "-o", str(tmp_path / "out"), *flags)
    assert seen["code"] == 0
    loaded = sorted(set(LAZY) & set(seen["modules"]))
    assert not loaded, f"loaded for content the example does not have: {[LAZY[m] for m in loaded]}"
