"""A helper for downstream test suites: fail when an issue's layout changed.

    from gwformat.testing import assert_layout

    def test_bulletin_layout():
        assert_layout("issues/2024-03.yaml", "snapshots/2024-03.json")

Set the environment variable GWFORMAT_UPDATE_SNAPSHOTS=1 (or pass update=True)
to rewrite the snapshot after an intended change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from . import snapshot
from .layout import layout
from .load import as_issue
from .model import Issue
from .atomic import write_atomically


def check_layout(source: str | Path | Mapping[str, Any] | Issue, snapshot_path: str | Path,
                 update: bool = False) -> list[str]:
    """Compare an issue's layout with a snapshot; return the differences (rewrite it when ``update``)."""
    issue = as_issue(source)
    current = snapshot.snapshot(layout(issue))
    path = Path(snapshot_path)
    if update:
        write_atomically(path, snapshot.dumps(current).encode("utf-8"))
        return []
    return snapshot.compare(snapshot.load(path), current)


def assert_layout(source: str | Path | Mapping[str, Any] | Issue, snapshot_path: str | Path,
                  update: bool | None = None) -> None:
    """Raise AssertionError naming what moved if the layout differs from the snapshot."""
    if update is None:
        update = os.environ.get("GWFORMAT_UPDATE_SNAPSHOTS") == "1"
    differences = check_layout(source, snapshot_path, update=update)
    if differences:
        raise AssertionError("layout changed:\n  " + "\n  ".join(differences))
