"""Writing files so that a reader never sees half of one, nor half of a build's set.

A file is written under a temporary name in its own folder, then renamed over the old
one. The outputs of one build (its PDF, DOCX, OFD) are replaced together: every new file
is written first, then each is renamed into place, and if one cannot be, those already
replaced get their previous content back (kept meanwhile under a second name, a hard
link). A temporary name holds the writing process's id; a later write into the folder
removes those whose process is gone, so that a process killed outright (SIGKILL, a power
cut) leaves nothing behind for long. SIGTERM and Ctrl-C end the command through Python's
exceptions, which undo a replacement half done and remove its temporary files.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Mapping

from .errors import OutputError

#: ``.<file name>.gwformat-<process id>-<random>.tmp``: hidden, and telling whose it is.
_TEMPORARY = r"\..+\.gwformat-(\d+)-[^.]*\.tmp"  # compiled (and cached by re) only when a .tmp file is found


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder; a failure leaves ``path`` as it was."""
    return replace_together({path: data})[0]


def replace_together(files: Mapping[Path, bytes]) -> list[Path]:
    """Write each file's bytes to its path, all or none: on a failure every path keeps what it held."""
    temporaries: dict[Path, str] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(path, data)
        _rename_all(temporaries)
    finally:
        for temporary in temporaries.values():
            _remove(temporary)
    return list(files)


def _write_temporary(path: Path, data: bytes) -> str:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        if path.is_dir():
            raise IsADirectoryError(21, "a folder has this name")
        handle, temporary = _temporary_name(path)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", str(path if path.is_dir() else folder)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
    except BaseException as exc:
        _remove(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the file: {exc.strerror}", str(path)) from None
        raise
    return temporary


def _temporary_name(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.gwformat-{os.getpid()}-", suffix=".tmp", dir=path.parent)


def _rename_all(temporaries: Mapping[Path, str]) -> None:
    """Rename each temporary file over its path; undo them all when one fails or the process is stopped."""
    kept: dict[Path, str | None] = {}  # each replaced path's previous content, or None where it had none
    path = next(iter(temporaries))
    try:
        if len(temporaries) == 1:  # one rename is all or nothing by itself
            os.replace(temporaries[path], path)
            return
        for path, temporary in temporaries.items():
            kept[path] = _keep(path)
            os.replace(temporary, path)
    except BaseException as exc:
        for replaced, previous in kept.items():
            if previous is not None:
                os.replace(previous, replaced)
            else:
                _remove(str(replaced))
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the file: {exc.strerror}", str(path)) from None
        raise
    finally:
        for previous in kept.values():
            if previous is not None:
                _remove(previous)


def _keep(path: Path) -> str | None:
    """A second name for ``path``'s current content (None when there is none), to put it back from."""
    if not path.exists():
        return None
    handle, name = _temporary_name(path)
    os.close(handle)
    os.remove(name)
    try:
        os.link(path, name)
    except OSError:  # a file system without hard links: a copy
        Path(name).write_bytes(path.read_bytes())
    return name


_swept: set[Path] = set()


def _sweep(folder: Path) -> None:
    """Remove the temporary files of processes that no longer run (killed while writing), once a
    process for each folder it writes to."""
    if folder in _swept:
        return
    _swept.add(folder)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        match = re.fullmatch(_TEMPORARY, name)
        if match and not _running(int(match.group(1))):
            _remove(str(folder / name))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _remove(name: str) -> None:
    try:
        os.remove(name)
    except OSError:
        pass
