"""The cache between processes: used when it can be, harmless when it cannot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from conftest import EXAMPLE, ROOT
from gwformat import cache


def test_a_value_is_computed_once_and_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"value"

    assert cache.cached("test", ("key", 1), compute) == b"value"
    assert cache.cached("test", ("key", 1), compute) == b"value"
    assert len(calls) == 1
    assert cache.cached("test", ("key", 2), compute) == b"value" and len(calls) == 2
    assert not list((tmp_path / "gwformat" / "test").glob("*.tmp"))


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")  # even root cannot make a folder in a file
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cache.cached("test", "k", lambda: b"computed") == b"computed"
    assert cache.cached("test", "k", lambda: b"again") == b"again"  # nothing was stored


def test_a_pdf_from_cached_fonts_is_the_pdf_made_without_them(tmp_path):
    # the first build parses the fonts and deflates the subsets itself; the second takes both from the cache
    script = "import gwformat,sys; gwformat.build(sys.argv[1], sys.argv[2], formats=['pdf'])"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    built = []
    for run in ("empty", "warm", "pruned"):
        if run == "pruned":  # the subsets and what cutting them needs went; the parsed faces stayed
            for kind in ("pdf-subsets", "reportlab-faces-later"):
                shutil.rmtree(tmp_path / "cache" / "gwformat" / kind)
        subprocess.run([sys.executable, "-c", script, str(EXAMPLE), str(tmp_path / run)], check=True, cwd=ROOT, env=env)
        built.append(next((tmp_path / run).glob("*.pdf")).read_bytes())
        assert list((tmp_path / "cache" / "gwformat" / "pdf-subsets").iterdir())
        assert list((tmp_path / "cache" / "gwformat" / "reportlab-faces").iterdir())
    assert built[0] == built[1] == built[2]
    # and reportlab's own TrueType fonts, uncached, give the same bytes
    plain = ("import gwformat,sys; from gwformat.writers import pdf; from reportlab.pdfbase.ttfonts import TTFont; "
             "pdf.CachedTTFont = lambda name, path: TTFont(name, str(path)); "
             "gwformat.build(sys.argv[1], sys.argv[2], formats=['pdf'])")
    subprocess.run([sys.executable, "-c", plain, str(EXAMPLE), str(tmp_path / "plain")], check=True, cwd=ROOT)
    assert next((tmp_path / "plain").glob("*.pdf")).read_bytes() == built[0]


def test_the_cache_keeps_to_its_limit_dropping_what_was_used_longest_ago(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(cache, "LIMIT", 3 * (300 + cache.HEADER) + 100)
    monkeypatch.setattr(cache, "_written", None)
    folder = tmp_path / "gwformat" / "test"
    for n in range(3):
        cache.cached("test", n, lambda: b"x" * 300)
        time.sleep(0.01)  # distinct modification times
    cache.cached("test", 0, lambda: b"recomputed")  # a hit: 0 is now the most recently used
    time.sleep(0.01)
    cache.cached("test", 3, lambda: b"x" * 300)  # 1200 bytes: the entry used longest ago goes
    assert sum(p.stat().st_size for p in folder.iterdir()) == 3 * (300 + cache.HEADER)
    kept = {n for n in range(4) if cache.cached("test", n, lambda: b"gone") != b"gone"}
    assert kept == {0, 2, 3}
