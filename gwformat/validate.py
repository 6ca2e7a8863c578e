"""Checking an issue without laying it out: the model, the kind's fields and the fonts' coverage.

The same checks, in the same order, as the start of :func:`gwformat.layout`, so that
``gwformat validate`` reports what ``gwformat build`` would, with the same message and exit
code, in a fraction of the time (nothing is measured, broken or drawn).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .model import Issue


def validate_issue(source: str | Path | Mapping[str, Any] | Issue, templates: str | None = None) -> Issue:
    """The issue (a YAML path, plain data or an Issue), once it has passed every check a build makes first."""
    from .fonts import check_coverage
    from .kinds import check_fields, issue_kind
    from .layout.compose import build_styles
    from .layout.paginate import Geometry
    from .load import as_issue

    issue = as_issue(source)
    kind = issue_kind(issue, templates)
    styles = build_styles(kind, Geometry.from_spec(kind.page))
    check_fields(issue, kind)
    check_coverage(issue.text_fields(), {role: style.typeface for role, style in styles.items()}, issue.locate)
    return issue
