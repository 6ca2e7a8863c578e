"""The outputs of one build replace the previous ones together, or not at all, and leave no temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import gwformat
from conftest import cli
from gwformat import atomic
from gwformat.errors import OutputError

ISSUE = {"name": "联络动态", "number": 27, "organ": "某机关", "date": "2020-12-24",
         "articles": [{"title": "标题", "paragraphs": ["正文。"]}]}
CHANGED = {**ISSUE, "articles": [{"title": "新的标题", "paragraphs": ["新的正文。"]}]}


def contents(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder``, hidden ones too, by name."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_second_output_that_cannot_be_written_leaves_the_first_as_it_was(tmp_path):
    out = tmp_path / "out"
    gwformat.build(ISSUE, out, formats=["pdf"])
    before = contents(out)
    (out / "联络动态-第27期.docx").mkdir()  # the DOCX cannot go where a folder is
    source = tmp_path / "issue.yaml"
    source.write_text("name: 联络动态\nnumber: 27\norgan: 某机关\ndate: 2020-12-24\n"
                      "articles: [{title: 新的标题, paragraphs: [新的正文。]}]\n", encoding="utf-8")
    result = cli("build", str(source), "-o", str(out))
    assert result.returncode == OutputError.exit_code == 4
    assert "联络动态-第27期.docx" in result.stderr and len(result.stderr.splitlines()) == 1
    assert contents(out) == before


class FailingRename:
    """os.replace that fails (or is interrupted) at its ``fail_at``-th rename into ``folder``
    (the cache's renames go on as usual)."""

    def __init__(self, folder: Path, fail_at: int, error: BaseException) -> None:
        self.folder, self.calls, self.fail_at, self.error, self.replace = folder, 0, fail_at, error, os.replace

    def __call__(self, source, target) -> None:
        if Path(target).parent == self.folder:
            self.calls += 1
            if self.calls == self.fail_at:
                raise self.error
        self.replace(source, target)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt(), SystemExit(143)],
                         ids=["disk full", "Ctrl-C", "SIGTERM"])
@pytest.mark.parametrize("fail_at", [2, 3])
def test_a_build_stopped_between_its_renames_leaves_every_previous_output(tmp_path, monkeypatch, error, fail_at):
    out = tmp_path / "out"
    gwformat.build(ISSUE, out, formats=["pdf", "docx", "ofd"])
    before = contents(out)
    monkeypatch.setattr(atomic.os, "replace", FailingRename(out, fail_at, error))
    with pytest.raises((OutputError, KeyboardInterrupt, SystemExit)):
        gwformat.build(CHANGED, out, formats=["pdf", "docx", "ofd"])
    monkeypatch.undo()
    assert contents(out) == before  # the same files, byte for byte, and no temporary or kept copy
    gwformat.build(CHANGED, out, formats=["pdf", "docx", "ofd"])
    assert all(contents(out)[name] != data for name, data in before.items())


def test_a_first_build_that_fails_leaves_no_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(atomic.os, "replace", FailingRename(out, 2, OSError(28, "No space left on device")))
    with pytest.raises(OutputError, match="No space left"):
        gwformat.build(ISSUE, out)
    assert contents(out) == {}


def test_the_temporary_files_of_a_killed_build_go_with_the_next_build(tmp_path):
    out = tmp_path / "out"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    out.mkdir()
    (out / f".联络动态-第27期.pdf.gwformat-{gone}-x1y2.tmp").write_bytes(b"%PDF half")
    (out / f".other.pdf.gwformat-{os.getpid()}-live.tmp").write_bytes(b"being written")
    (out / "notes.tmp").write_bytes(b"the user's own")
    gwformat.build(ISSUE, out)
    assert sorted(contents(out)) == [f".other.pdf.gwformat-{os.getpid()}-live.tmp", "notes.tmp",
                                     "联络动态-第27期.docx", "联络动态-第27期.pdf"]


def test_sigterm_ends_the_command_through_an_exception(tmp_path):
    """The command's handler turns SIGTERM into SystemExit, which undoes a replacement under way."""
    script = ("import os, signal, sys; from gwformat import cli; signal.signal(signal.SIGTERM, cli._stopped)\n"
              "try:\n    os.kill(os.getpid(), signal.SIGTERM); signal.pause()\n"
              "except SystemExit as stop:\n    print('stopped', stop.code)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"stopped {128 + signal.SIGTERM}"
