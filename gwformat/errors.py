"""Errors that carry where they happened and the exit code the CLI uses.

A user mistake must end in one readable line, never a traceback, so every
error gwformat raises on purpose derives from :class:`GwformatError` and says
*what* is wrong and *where* (a file with line and column, or a field path such
as ``articles[1].paragraphs[3]`` when the content came from Python objects).
"""

from __future__ import annotations


class GwformatError(Exception):
    """Root of gwformat's errors; ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(GwformatError):
    """The content of an issue is malformed: bad YAML, a missing or unknown field, a wrong value."""

    exit_code = 2


class FontCoverageError(InputError):
    """A character of the content is in neither the chosen font nor the declared fallback."""


class TemplateError(InputError):
    """A bulletin kind's template is missing or malformed."""


class LayoutError(GwformatError):
    """The content cannot be set under the rules (for example a block taller than a page).

    It is the user's content that does not fit, so it is a user mistake like any other: exit 2.
    """

    exit_code = 2


class OutputError(GwformatError):
    """An output file could not be written."""

    exit_code = 4
