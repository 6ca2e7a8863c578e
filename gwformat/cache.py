"""A cache in the user's cache folder for results that are slow to compute and never change.

Font metrics, font subsets and romanised names are pure functions of their inputs;
keeping them between processes makes a repeated build (a CI job, a clerk's second
run) skip parsing 7 MB fonts and loading dictionaries. A cache that cannot be
written is no error: the result is computed again next time.
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


def cached(kind: str, key: object, compute: Callable[[], bytes]) -> bytes:
    """The bytes stored for ``key`` under ``kind``, computed and stored when missing."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
    path = folder() / kind / digest
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = compute()
    try:
        write_atomically(path, data)
    except OutputError:
        pass
    return data


def file_key(path: Path) -> tuple:
    """What identifies a file's content for the cache: its name, size and modification time."""
    stat = path.stat()
    return path.name, stat.st_size, int(stat.st_mtime)
