"""Errors that carry where they happened and the exit code the CLI uses.

A user mistake must end in one readable line, never a traceback, so every
error gwformat raises on purpose derives from :class:`GwformatError` and says
*what* is wrong and *where* (a file with line and column, or a field path such
as ``articles[1].paragraphs[3]`` when the content came from Python objects).
"""

from __future__ import annotations

import reprlib


#: The most of a value an error message quotes: a message is one line a person reads.
QUOTED = 60

#: The most characters of an error's one line, whatever went into it.
MESSAGE = 1000


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 3, 5, 5, 4
_SHORT.maxstring = _SHORT.maxother = 2 * QUOTED


def quoted(value: object, limit: int = QUOTED) -> str:
    """``repr(value)``, cut to ``limit`` characters.

    An input can hold anything (an alias bomb, a 10 MB paragraph); its error must still be a
    line, so every value a message shows goes through here.
    """
    shown = _SHORT.repr(value)  # reprlib stops at a few levels and items: a nested value costs no more
    if len(shown) <= limit:
        return shown
    return shown[:limit] + "…"


class GwformatError(Exception):
    """Root of gwformat's errors; ``exit_code`` is what the CLI exits with.

    Its arguments are its message and place, so that it survives pickling, as a --jobs
    worker's error must to reach the command.
    """

    exit_code = 1

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message, where)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        line = f"{self.where}: {self.message}" if self.where else self.message
        return line if len(line) <= MESSAGE else f"{line[:MESSAGE]}… ({len(line) - MESSAGE} more characters)"


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


class OversizeError(LayoutError):
    """A piece of the content that cannot fit a page at all (a table row taller than the block):
    the user's to change, so it exits as an input mistake does."""

    exit_code = 2


class OutputError(GwformatError):
    """An output file could not be written."""

    exit_code = 4


class MissingExtraError(GwformatError):
    """A command needs an optional dependency that is not installed; the message names the extra."""

    exit_code = 2


class InternalError(GwformatError):
    """Not a mistake of the user's: an unexpected exception, a bug in gwformat. A batch reports it
    as the failure of the issue it happened in, and goes on with the rest."""

    exit_code = 5

    @classmethod
    def of(cls, exc: BaseException, where: str | None = None) -> "InternalError":
        """The error for ``exc`` (met building ``where``), with where in gwformat it was raised, in a
        form that pickles."""
        import traceback

        frames = traceback.extract_tb(exc.__traceback__)
        at = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
        return cls(f"a bug in gwformat: {type(exc).__name__}: {str(exc)[:200]}{at}", where)
