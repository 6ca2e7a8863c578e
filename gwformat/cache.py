"""A cache in the user's cache folder for results that are slow to compute and never change.

Font metrics, font subsets, romanised names and checked templates (kinds.load_kind) are
pure functions of their inputs; keeping them between processes makes a repeated build
(a CI job, a clerk's second run) skip parsing 7 MB fonts, loading dictionaries and
building a template's validators. A cache that cannot be written is no error: the
result is computed again next time. The folder is kept under LIMIT by removing the
entries used longest ago.

The folder outlives the process that wrote it (README asks CI jobs to keep it), so
nothing read from it is trusted: each entry carries a digest of its key and payload,
and an entry that does not match (truncated, garbled, emptied, zeroed, or written by
another layout of the format) is removed and computed again, so that a build from a
damaged cache gives the bytes of a build from an empty one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from .errors import OutputError
from .atomic import write_atomically


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gwformat"


#: The most the cache folder holds. Font subsets differ from issue to issue, so a batch of an
#: archive would otherwise fill the disk; the entries used longest ago go first.
LIMIT = 256 * 1024 * 1024


#: What opens every entry: the format's name and version, then the digest of key and payload.
MAGIC = b"gwformat-cache-1\n"
HEADER = len(MAGIC) + hashlib.sha256().digest_size


def cached(kind: str, key: object, compute: Callable[[], bytes]) -> bytes:
    """The bytes stored for ``key`` under ``kind``, computed and stored when missing or damaged."""
    data = lookup(kind, key)
    if data is None:
        data = compute()
        store(kind, key, data)
    return data


def _path(kind: str, key: object) -> tuple[Path, str]:
    name = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
    return folder() / kind / name, name


def lookup(kind: str, key: object) -> bytes | None:
    """The bytes stored for ``key`` under ``kind``, or None when there are none or they are damaged
    (a damaged entry is removed). For a caller that must judge an entry before it trusts it."""
    path, name = _path(kind, key)
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    data = unsealed(stored, name)
    if data is not None:
        try:
            os.utime(path)  # used now: the last to be pruned
        except OSError:
            pass
        return data
    try:  # damaged: another process may be replacing it already, and either way it goes
        path.unlink()
    except OSError:
        pass
    return None


def store(kind: str, key: object, data: bytes) -> None:
    """Keep ``data`` for ``key`` under ``kind``, in place of what was there; a folder that cannot
    be written is no error."""
    path, name = _path(kind, key)
    try:
        write_atomically(path, sealed(data, name))
    except OutputError:
        return
    _prune(len(data) + HEADER)


def _digest(name: str, data: bytes) -> bytes:
    return hashlib.sha256(name.encode("ascii") + b"\0" + data).digest()


def sealed(data: bytes, name: str) -> bytes:
    """An entry as stored under ``name``: the header, then ``data``."""
    return MAGIC + _digest(name, data) + data


def unsealed(stored: bytes, name: str) -> bytes | None:
    """The payload of an entry read under ``name``, or None when it is not what was stored there."""
    if not stored.startswith(MAGIC) or len(stored) < HEADER:
        return None
    data = stored[HEADER:]
    return data if stored[len(MAGIC):HEADER] == _digest(name, data) else None


_written: int | None = None  # bytes this process stored since it last pruned; None: never pruned


def _prune(added: int) -> None:
    """Remove the entries used longest ago while the folder is over LIMIT: at a process's first
    store, then after every tenth of LIMIT it stores (a batch need not list the folder each time)."""
    global _written
    if _written is not None and _written + added < LIMIT // 10:
        _written += added
        return
    _written = 0
    entries = []
    for kind in _scan(folder()):
        for entry in _scan(Path(kind.path)) if kind.is_dir() else ():
            try:  # another process (a --jobs worker) may have pruned it a moment ago
                stat = entry.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= LIMIT:
            break
        try:
            os.remove(path)
            total -= size
        except OSError:
            pass


def _scan(path: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(path) as entries:
            return list(entries)
    except OSError:
        return []


def file_key(path: Path) -> tuple:
    """What identifies a file's content for the cache: its name, size and modification time."""
    stat = path.stat()
    return path.name, stat.st_size, int(stat.st_mtime)
