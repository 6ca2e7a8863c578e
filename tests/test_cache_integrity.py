"""A damaged cache entry is found when it is read, dropped and made again: never trusted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT
from gwformat import cache

#: The ways a file is found damaged: cut short (a full disk, a kill), bytes changed, nothing
#: left, the right length of zeros (a crash before the data reached the disk).
CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbled": lambda data: data[: len(data) // 2] + bytes(b ^ 0x5A for b in data[len(data) // 2:][:64])
    + data[len(data) // 2 + 64:],
    "empty": lambda data: b"",
    "zeroed": lambda data: bytes(len(data)),
    "unsealed": lambda data: data[cache.HEADER:],  # the payload alone, as an older gwformat stored it
}

#: Every kind of entry a build of PDF, DOCX and OFD stores.
KINDS = ("metrics", "subsets", "pinyin", "reportlab-faces", "reportlab-faces-later", "pdf-subsets")

ISSUE = """\
name: 联络动态
number: 27
organ: 某机关
date: 2020-12-24
articles:
  - title: 关于缓存的标题
    paragraphs:
      - 正文，有“引号”和数字2020年。
distribution:
  groups:
    - label: 送
      recipients: [某单位]
"""


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_damaged_entry_is_computed_again_and_repaired(tmp_path, monkeypatch, corruption):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cached("test", "key", lambda: b"the value " * 20) == b"the value " * 20
    (entry,) = (tmp_path / "gwformat" / "test").iterdir()
    entry.write_bytes(CORRUPTIONS[corruption](entry.read_bytes()))
    calls = []
    assert cache.cached("test", "key", lambda: calls.append(1) or b"the value " * 20) == b"the value " * 20
    assert calls == [1]
    assert cache.unsealed(entry.read_bytes(), entry.name) == b"the value " * 20  # repaired on disk
    assert cache.cached("test", "key", lambda: b"not again") == b"the value " * 20


def test_an_entry_copied_under_another_key_is_not_taken_for_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.cached("test", "a", lambda: b"value of a")
    (entry_a,) = (tmp_path / "gwformat" / "test").iterdir()
    cache.cached("test", "b", lambda: b"value of b")
    (entry_b,) = set((tmp_path / "gwformat" / "test").iterdir()) - {entry_a}
    entry_b.write_bytes(entry_a.read_bytes())  # a whole, valid entry, but of another key
    assert cache.cached("test", "b", lambda: b"b again") == b"b again"
    assert cache.cached("test", "a", lambda: b"a again") == b"value of a"


def test_the_temporary_file_of_a_killed_process_is_swept_and_a_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "gwformat" / "test"
    folder.mkdir(parents=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    dead, live = folder / f".0123.gwformat-{gone}-abc.tmp", folder / f".4567.gwformat-{os.getppid()}-def.tmp"
    dead.write_bytes(b"half an entry of a killed process")
    live.write_bytes(b"an entry being written now")
    cache.cached("test", "key", lambda: b"value")
    assert not dead.exists() and live.exists()


def _build(out: Path, cache_home: Path) -> dict[str, bytes]:
    script = "import gwformat,sys; gwformat.build(sys.argv[1], sys.argv[2], formats=['pdf', 'docx', 'ofd'])"
    source = out.parent / "issue.yaml"
    source.write_text(ISSUE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = subprocess.run([sys.executable, "-c", script, str(source), str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {path.suffix: path.read_bytes() for path in out.iterdir()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[dict[str, bytes], Path]:
    """The outputs of a build with an empty cache, and the cache it left."""
    base = tmp_path_factory.mktemp("fresh")
    built = _build(base / "out", base / "cache")
    return built, base / "cache" / "gwformat"


def test_a_build_stores_every_kind_of_entry(fresh):
    _, folder = fresh
    for kind in KINDS:
        entries = list((folder / kind).iterdir())
        assert entries and all(cache.unsealed(e.read_bytes(), e.name) is not None for e in entries), kind


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_build_from_a_damaged_cache_is_the_build_from_an_empty_one(tmp_path, fresh, corruption):
    """Every entry of every kind damaged the same way: the outputs are byte-identical to those of a
    fresh cache, and the cache is whole again afterwards."""
    built, folder = fresh
    damaged = tmp_path / "cache" / "gwformat"
    for kind in KINDS:
        (damaged / kind).mkdir(parents=True)
        for entry in (folder / kind).iterdir():
            (damaged / kind / entry.name).write_bytes(CORRUPTIONS[corruption](entry.read_bytes()))
    assert _build(tmp_path / "out", tmp_path / "cache") == built
    for kind in KINDS:
        for entry in (damaged / kind).iterdir():
            assert cache.unsealed(entry.read_bytes(), entry.name) is not None, (kind, entry.name)


RACE = """\
import os, sys
from gwformat import cache

def payload(key):
    return bytes([key]) * 300_000 + str(key).encode()

for round in range(40):
    key = round % 3
    got = cache.cached("race", key, lambda: payload(key))
    assert got == payload(key), (round, len(got))
    if round % 4 == int(sys.argv[1]):  # one worker clears the folder now and then, so stores overlap
        for entry in os.scandir(cache.folder() / "race"):
            try:
                os.remove(entry.path)
            except OSError:
                pass
"""


def test_workers_storing_and_reading_the_same_entries_at_once_read_only_whole_ones(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    workers = [subprocess.Popen([sys.executable, "-c", RACE, str(n)], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                                text=True) for n in range(4)]
    failures = [worker.communicate()[1] for worker in workers if worker.wait() != 0]
    assert not failures, failures[0]
    folder = tmp_path / "gwformat" / "race"
    assert all(cache.unsealed(e.read_bytes(), e.name) is not None for e in folder.iterdir() if e.is_file())
    assert not [e.name for e in folder.iterdir() if e.name.endswith(".tmp")]
