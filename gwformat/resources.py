"""Where the shipped fonts and templates are: inside an installed wheel, or at the top of a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """The folder ``fonts`` or ``templates``: packaged copy first, then the source tree's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gwformat's {name} folder is missing from this installation")
