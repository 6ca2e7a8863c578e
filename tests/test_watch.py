"""gwformat watch: one long-lived process rebuilds on each save, to the bytes of a cold build."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wenjian" / "issue.yaml"
STEM = "湘人联〔2021〕12号"


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _next(lines: queue.Queue, prefix: str) -> str:
    while True:  # the limit only keeps a broken watch from hanging the suite
        line = lines.get(timeout=300)
        if line.startswith(prefix):
            return line


def test_each_save_rebuilds_to_the_bytes_of_a_cold_build(tmp_path):
    pytest.importorskip("watchfiles")
    shutil.copytree(EXAMPLE.parent, tmp_path / "issue")  # with the images the issue names
    issue = tmp_path / "issue" / "issue.yaml"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gwformat.cli", "watch", str(issue), "-o", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        assert " ms" in _next(lines, "built ")
        original = issue.read_text(encoding="utf-8")
        edited = original.replace("关于", "有关", 1)
        assert edited != original
        issue.write_text(edited, encoding="utf-8")
        assert _next(lines, "built ").endswith(" ms")
        watched = {fmt: (tmp_path / "out" / f"{STEM}.{fmt}").read_bytes() for fmt in ("pdf", "docx")}

        issue.write_text(edited + "articles: [\n", encoding="utf-8")  # saved half-way through an edit
        error = _next(lines, "gwformat: error: ")
        assert "issue.yaml:" in error and process.poll() is None  # one line, and the watch goes on
    finally:
        process.terminate()
        process.wait(timeout=60)

    cold = tmp_path / "issue" / "cold.yaml"
    cold.write_text(edited, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "gwformat.cli", "build", str(cold), "-o", str(tmp_path / "cold")],
                   env={**env, "XDG_CACHE_HOME": str(tmp_path / "cold-cache")}, check=True, capture_output=True)
    for fmt, data in watched.items():
        assert data == (tmp_path / "cold" / f"{STEM}.{fmt}").read_bytes()


def test_without_watchfiles_one_line_names_the_extra(tmp_path):
    script = ("import sys; sys.modules['watchfiles'] = None\n"
              "import gwformat.cli as cli; sys.exit(cli.main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", script, "watch", str(EXAMPLE), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'gwformat[watch]'" in result.stderr
    assert not (tmp_path / "out").exists()
