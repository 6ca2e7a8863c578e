"""Checking an issue without laying it out: the model, the kind's fields and the fonts' coverage.

The checks of :func:`gwformat.realize.realize`, which a build makes before any layout, so that
``gwformat validate`` reports what ``gwformat build`` would, with the same message and exit
code, in a fraction of the time (nothing is measured, broken or drawn).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .model import Issue


def validate_issue(source: str | Path | Mapping[str, Any] | Issue, templates: str | None = None) -> Issue:
    """The issue (a YAML path, plain data or an Issue), once it has passed every check a build makes first."""
    from .load import as_issue
    from .realize import realize

    issue = as_issue(source)
    realize(issue, None, templates)
    return issue
