"""The cache between processes: used when it can be, harmless when it cannot."""

from __future__ import annotations

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
