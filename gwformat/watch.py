"""Rebuilding an issue's outputs each time it is saved, in one long-lived process.

The process keeps what a cold build pays for once: the modules, the fonts and their
metrics, the text measured per style. Each rebuild is an ordinary gwformat.build, which
reuses what the edit left unchanged (gwformat.reuse: the paragraphs' lines, the pages'
streams, the paragraphs' runs, the font subsets whose glyphs did not change), so a rebuild
lays out and writes only what changed and what follows it, and its outputs are the bytes a
cold build of the same file writes (tests/test_incremental.py). Files are watched with
watchfiles (the ``watch`` extra), which asks the operating system for changes instead of
polling. The folder is watched rather than the file: editors save by writing a new file
and renaming it over the old one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from .builder import FORMATS, build
from .errors import GwformatError, InputError


def watch(issue: str | Path, outdir: str | Path, formats: Iterable[str] = FORMATS, *,
          templates: str | Path | None = None, pdfa: bool = False, stop_event: Any = None,
          report: Callable[[str], None] = print) -> None:
    """Build ``issue`` into ``outdir``, then again each time it (or a kind in ``templates``) changes.

    Each build is reported through ``report``: the files written and the time it took, or
    the one-line error of an issue saved half-edited, after which the watch goes on. Returns
    when ``stop_event`` (a threading.Event) is set; the command stops on Ctrl-C.
    """
    from watchfiles import watch as changes

    path = Path(issue).resolve()
    if not path.is_file():
        raise InputError("no such issue file", str(issue))
    watched = [path.parent] + ([Path(templates).resolve()] if templates else [])
    options = {"formats": tuple(formats), "pdfa": pdfa, "templates": templates}

    def relevant(_change: Any, changed: str) -> bool:
        changed_path = Path(changed)
        return changed_path == path or (templates is not None and changed_path.suffix == ".yaml"
                                        and changed_path.parent == watched[-1])

    # the first build waits for the watcher's first timeout, so that a save during it is seen;
    # later timeouts only wake the loop
    first = True
    for changed in changes(*watched, watch_filter=relevant, stop_event=stop_event, debounce=300, step=50,
                           rust_timeout=200, yield_on_timeout=True, recursive=False):
        if (changed or first) and path.is_file():  # between an editor's delete and its rename there is no file
            first = False
            _build_once(str(issue), outdir, options, report)


def _build_once(issue: str, outdir: str | Path, options: dict[str, Any], report: Callable[[str], None]) -> None:
    start = time.perf_counter()
    try:
        written = build(issue, outdir, **options)
    except GwformatError as exc:
        print(f"gwformat: error: {exc}", file=sys.stderr)
        return
    milliseconds = (time.perf_counter() - start) * 1000
    report(f"built {', '.join(str(p) for p in written.values())} in {milliseconds:.0f} ms")
