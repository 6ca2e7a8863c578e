"""The command line: thin wrappers over the public API.

Every user mistake ends in one line on stderr and the error's exit code;
a traceback means a bug in gwformat.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
from typing import Any, Iterator, Sequence

from .errors import GwformatError, InputError, InternalError, MissingExtraError, OutputError

# What a command imports beyond what a build needs, and the extra of pyproject.toml that installs it
EXTRA_MODULES = {
    "lint": ("check", ("pdfplumber",)),
    "preview": ("check", ("pypdfium2", "PIL")),
    "diff": ("check", ("pypdfium2", "PIL")),
    "build --pdfa": ("archive", ("pikepdf.pdfa",)),
    "watch": ("watch", ("watchfiles",)),
}


def _require_extra(command: str) -> None:
    """Stop before any work, in one line naming the extra to install, when ``command`` needs a
    module that is missing: a user who only builds installs neither pdfplumber, pdfium nor pikepdf."""
    extra, modules = EXTRA_MODULES[command]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:  # pikepdf.pdfa raises ImportError when its own extra is missing
            raise MissingExtraError(f"gwformat {command} needs {exc.name or module}, which is not installed: "
                                    f"pip install 'gwformat[{extra}]'") from None


def _build(args: argparse.Namespace) -> int:
    from .builder import FORMATS

    if args.pdfa:
        _require_extra("build --pdfa")
    formats = tuple(args.format) if args.format else FORMATS
    if args.ofd and "ofd" not in formats:
        formats += ("ofd",)
    if args.name and len(args.issue) > 1:
        raise InputError("--name names the outputs of one issue; give one issue file with it")
    if args.jobs < 1:
        raise InputError(f"--jobs must be 1 or more, not {args.jobs}")
    batch = len(args.issue) > 1
    planned = _plan(args.issue, args.name, args.templates, batch)
    options = {"formats": formats, "pdfa": args.pdfa, "templates": args.templates}
    status = 0
    for paths, error in _outcomes(planned, args.output, options, args.jobs):
        for path in paths:
            print(path)
        if error is not None:
            if not batch:
                raise error
            # a batch goes on with the next issue; the command fails at the end
            print(f"gwformat: error: {error}", file=sys.stderr)
            status = status or error.exit_code
    return status


def _plan(sources: list[str], name: str | None, templates: str | None,
          batch: bool) -> list[tuple[str, str, Any] | GwformatError]:
    """Each issue's (source, file name stem, Issue), or its error: every issue is read and its
    names settled before any is built, so that two issues cannot write the same files."""
    from .builder import output_stem
    from .load import as_issue

    stems: dict[str, str] = {}
    planned: list[tuple[str, str, Any] | GwformatError] = []
    for source in sources:
        try:
            issue = as_issue(source)
            stem = name or output_stem(issue, templates)
            if stem in stems:
                raise InputError("the same issue file is given twice" if stems[stem] == source else
                                 f"its outputs, {stem}.*, would replace those of {stems[stem]}", source)
        except Exception as exc:
            if not batch:
                raise
            planned.append(exc if isinstance(exc, GwformatError) else InternalError.of(exc, source))
            continue
        stems[stem] = source
        planned.append((source, stem, issue))
    return planned


def _outcomes(planned: list[tuple[str, str, Any] | GwformatError], output: str, options: dict,
              jobs: int) -> Iterator[tuple[list[str], GwformatError | None]]:
    """(written paths, error) of each planned issue, in order, as each is known."""
    todo = [p for p in planned if not isinstance(p, GwformatError)]
    if jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        sources, stems = [p[0] for p in todo], [p[1] for p in todo]  # a worker reads its issue again
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
            futures = [pool.submit(_build_one, source, stem, output, options) for source, stem in zip(sources, stems)]
            yield from _merge(planned, (_result(future, source) for future, source in zip(futures, sources)))
        return

    def one_by_one() -> Iterator[tuple[list[str], GwformatError | None]]:
        for number, (source, stem, issue) in enumerate(todo):
            yield _build_one(issue, stem, output, options, source)
            if number == 0 and not gc.isenabled():
                _start_worker()  # a batch: what the first issue loaded stays, the rest is collected

    yield from _merge(planned, one_by_one())


def _merge(planned: list, built: Iterator) -> Iterator[tuple[list[str], GwformatError | None]]:
    for item in planned:
        yield ([], item) if isinstance(item, GwformatError) else next(built)


def _build_one(source: Any, stem: str, output: str, options: dict,
               label: str | None = None) -> tuple[list[str], GwformatError | None]:
    """Build one issue (a path or an Issue) of a command; its error is returned, for the command
    to report in order. Any exception becomes a GwformatError, which pickles (a --jobs worker's
    result crosses a process boundary) and lets a batch go on."""
    from .builder import build

    try:
        return [str(p) for p in build(source, output, name=stem, **options).values()], None
    except GwformatError as exc:
        return [], exc
    except Exception as exc:
        return [], InternalError.of(exc, label or str(source))


def _result(future: Any, source: str) -> tuple[list[str], GwformatError | None]:
    """A worker's outcome, or the failure of the worker itself (killed, out of memory) as the issue's."""
    try:
        result: tuple[list[str], GwformatError | None] = future.result()
        return result
    except Exception as exc:
        return [], InternalError.of(exc, source)


def _start_worker() -> None:
    """Turn the collector back on (run() turned it off) for a process that builds many issues:
    what is loaded by now, fonts and modules, stays for good and is left out of collections."""
    gc.freeze()
    gc.enable()


def _kinds(args: argparse.Namespace) -> int:
    from .kinds import list_kinds

    kinds = {k.name: k for k in list_kinds()}
    if args.templates:
        kinds.update({k.name: k for k in list_kinds(args.templates)})
    width = max(len(name) for name in kinds)
    for name in sorted(kinds):
        print(f"{name:<{width}}  {kinds[name].description}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from pathlib import Path

    import yaml

    from .kinds import find_kind
    from .atomic import write_atomically

    kind = find_kind(args.kind, args.templates)
    path = Path(args.output)
    if path.exists() and not args.force:
        raise OutputError("exists already (use --force to replace it)", str(path))
    text = f"# A new issue of kind {kind.name}: {kind.description}\n" + \
        yaml.safe_dump({"kind": kind.name, **kind.starter}, allow_unicode=True, sort_keys=False)
    for field, spec in kind.fields.items():
        text += f"# fields.{field}: {spec.description}{' (required)' if spec.required else ''}\n"
    write_atomically(path, text.encode("utf-8"))
    print(path)
    return 0


def _layout(args: argparse.Namespace) -> int:
    from . import snapshot
    from .layout import layout
    from .load import load_issue

    text = snapshot.dumps(snapshot.snapshot(layout(load_issue(args.issue))))
    if args.output:
        from pathlib import Path

        from .atomic import write_atomically

        write_atomically(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .testing import check_layout

    differences = check_layout(args.issue, args.snapshot, update=args.update)
    if args.update:
        print(f"wrote {args.snapshot}")
        return 0
    if differences:
        print(f"layout of {args.issue} changed ({len(differences)} differences):")
        for line in differences:
            print("  " + line)
        return 1
    print(f"layout of {args.issue} unchanged")
    return 0


def _lint(args: argparse.Namespace) -> int:
    import json

    from .lint import as_json, lint

    _require_extra("lint")
    report = lint(args.pdf, "xinhan" if args.letter else args.kind)
    violations = report.violations
    if args.json:
        print(json.dumps(as_json(violations), ensure_ascii=False, indent=1))
    else:
        for violation in violations:
            print(f"{args.pdf}: {violation}")
        if not violations:
            print(f"{args.pdf}: no GB/T 9704 violations found")
        print(f"{args.pdf}: linted as {report.kind.name} (from {report.kind.told_by})")
    return 1 if violations else 0


def _watch(args: argparse.Namespace) -> int:
    from .builder import FORMATS
    from .watch import watch

    _require_extra("watch")
    if args.pdfa:
        _require_extra("build --pdfa")
    watch(args.issue, args.output, tuple(args.format) if args.format else FORMATS, templates=args.templates,
          pdfa=args.pdfa, report=lambda line: print(line, flush=True))
    return 0


def _preview(args: argparse.Namespace) -> int:
    from .layout import layout
    from .load import load_issue
    from .preview import write_previews
    from .writers.pdf import render_pdf

    _require_extra("preview")
    for path in write_previews(render_pdf(layout(load_issue(args.issue))), args.output, dpi=args.dpi):
        print(path)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .preview import visual_diff

    _require_extra("diff")
    changes = visual_diff(args.a, args.b, args.output, dpi=args.dpi)
    for change in changes:
        print(f"page {change.page}: changed region {change.box} (pixels at {args.dpi} dpi)")
    if not changes:
        print("no visible differences")
    return 1 if changes else 0


#: What each exit status of the command means; README.md says the same.
EXIT_STATUS = """\
exit status:
  0  done
  1  check, lint or diff found a difference or violation
  2  a mistake in the input (an issue file, a template, an option), content that does not fit where it is set, or a missing extra: nothing was written
  4  an output could not be written: every earlier output is as it was
  5  a bug in gwformat (with its traceback; in a batch, one line for the issue it broke)
  130, 143  stopped by Ctrl-C or SIGTERM: every earlier output is as it was"""


def _given(what: str) -> Any:
    """An argument type that refuses an empty value (``-o ""`` would mean the current folder)."""
    def check(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"expected {what}, found nothing")
        return value
    return check


def _folder_of_kinds(value: str) -> str:
    import os

    if not os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"no such folder of kinds: {value!r}")
    return value


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .drafts import import_issue

    path = Path(args.output)
    if path.exists() and not args.force:
        raise OutputError("exists already (use --force to replace it)", str(path))
    given = {"name": args.name, "number": args.number, "total": args.total, "organ": args.organ, "date": args.date}
    imported = import_issue(args.draft, kind=args.kind, fields=given, templates=args.templates)
    for line in imported.report():
        print(line)
    for written in imported.write(path, force=args.force):
        print(written)
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from .schema import issue_schema

    text = json.dumps(issue_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        from pathlib import Path

        from .atomic import write_atomically

        write_atomically(Path(args.output), text.encode("utf-8"))
        print(args.output)
    else:
        sys.stdout.write(text)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate_issue

    status = 0
    for source in args.issue:
        try:
            validate_issue(source, args.templates)
        except GwformatError as exc:
            if len(args.issue) == 1:
                raise
            print(f"gwformat: error: {exc}", file=sys.stderr)
            status = status or exc.exit_code
            continue
        print(f"{source}: valid")
    return status


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number greater than 0, found {text!r}")
    return int(text)


def _day(text: str) -> str:
    """An ISO date given on the command line, checked here so that a bad one is named as the option."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2020-12-24, found {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gwformat", description="Typeset Chinese official bulletins (简报) to PDF and DOCX.",
                                     epilog=EXIT_STATUS, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build an issue's PDF (and DOCX) into a folder", epilog=EXIT_STATUS,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("issue", nargs="+", help="the issue's YAML file; several build in one process")
    build.add_argument("-o", "--output", default="out", type=_given("a folder"), help="output folder (default: out)")
    build.add_argument("-f", "--format", action="append", help="an output format; repeat for several (default: all)")
    build.add_argument("--name", type=_given("a file name"), help="file name stem of the outputs (default: from the masthead name and issue number)")
    build.add_argument("--pdfa", action="store_true", help="write the PDF as PDF/A-2b (archival)")
    build.add_argument("--ofd", action="store_true", help="also write <name>.ofd (GB/T 33190 OFD)")
    build.add_argument("--templates", type=_folder_of_kinds,
                       help="a folder of your own kinds (KIND.yaml), searched first")
    build.add_argument("-j", "--jobs", type=int, default=1,
                       help="build several issues in this many processes at once (default: 1)")
    build.set_defaults(run=_build)

    watch = sub.add_parser("watch", help="build an issue, then rebuild it each time it is saved (Ctrl-C stops)")
    watch.add_argument("issue", help="the issue's YAML file")
    watch.add_argument("-o", "--output", default="out", type=_given("a folder"), help="output folder (default: out)")
    watch.add_argument("-f", "--format", action="append", help="an output format; repeat for several (default: all)")
    watch.add_argument("--pdfa", action="store_true", help="write the PDF as PDF/A-2b (archival)")
    watch.add_argument("--templates", type=_folder_of_kinds, help="a folder of your own kinds, watched too")
    watch.set_defaults(run=_watch)

    kinds = sub.add_parser("kinds", help="list the installed bulletin and document kinds")
    kinds.add_argument("--templates", type=_folder_of_kinds, help="also list the kinds in this folder")
    kinds.set_defaults(run=_kinds)

    new = sub.add_parser("new", help="write a filled-in issue file to start from")
    new.add_argument("kind")
    new.add_argument("-o", "--output", default="issue.yaml", type=_given("a file name"))
    new.add_argument("--templates", type=_folder_of_kinds, help="a folder of your own kinds")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(run=_new)

    lay = sub.add_parser("layout", help="print the full layout as JSON (a snapshot)")
    lay.add_argument("issue")
    lay.add_argument("--json", action="store_true", help="JSON output (the only format; kept for clarity)")
    lay.add_argument("-o", "--output", type=_given("a file name"), help="write the snapshot to this file instead of standard output")
    lay.set_defaults(run=_layout)

    check = sub.add_parser("check", help="compare an issue's layout with a snapshot; exit 1 when it changed")
    check.add_argument("issue")
    check.add_argument("--snapshot", required=True, help="the snapshot JSON file")
    check.add_argument("--update", action="store_true", help="rewrite the snapshot from the current layout")
    check.set_defaults(run=_check)

    lint = sub.add_parser("lint", help="measure any PDF against GB/T 9704; exit 1 on violations")
    lint.add_argument("pdf")
    lint.add_argument("--json", action="store_true", help="violations as JSON")
    lint.add_argument("--kind", help="hold the PDF to this kind (default: the kind it records, else the one its "
                                     "first page shows)")
    lint.add_argument("--letter", action="store_true", help="the same as --kind xinhan: the 信函格式, mark above "
                                                            "the block, no number on page 1")
    lint.set_defaults(run=_lint)

    preview = sub.add_parser("preview", help="render an issue's pages to PNG")
    preview.add_argument("issue")
    preview.add_argument("-o", "--output", default="preview", type=_given("a folder"), help="output folder (default: preview)")
    preview.add_argument("--dpi", type=int, default=60)
    preview.set_defaults(run=_preview)

    diff = sub.add_parser("diff", help="mark where two PDFs differ, page by page; exit 1 when they do")
    diff.add_argument("a")
    diff.add_argument("b")
    diff.add_argument("-o", "--output", default="diff", type=_given("a folder"), help="folder for the marked images (default: diff)")
    diff.add_argument("--dpi", type=int, default=60)
    diff.set_defaults(run=_diff)

    draft = sub.add_parser("import", help="write an issue file from Word (.docx), text (.txt) or Markdown (.md) drafts")
    draft.add_argument("draft", nargs="+", help="a draft; one article each, in this order")
    draft.add_argument("-o", "--output", default="issue.yaml", type=_given("a file"), help="the issue file to write (default: issue.yaml)")
    draft.add_argument("--kind", help="the kind of the issue (default: jianbao)")
    draft.add_argument("--name", help="the masthead name (default: the drafts' masthead, else the kind's placeholder)")
    draft.add_argument("--number", type=_positive, help="the issue number (第N期)")
    draft.add_argument("--total", type=_positive, help="the cumulative number (总第N期)")
    draft.add_argument("--organ", help="the organ that edits the issue")
    draft.add_argument("--date", type=_day, help="the issue's date, such as 2020-12-24")
    draft.add_argument("--templates", type=_folder_of_kinds, help="a folder of your own kinds")
    draft.add_argument("--force", action="store_true", help="replace an existing file")
    draft.set_defaults(run=_import)

    schema = sub.add_parser("schema", help="print the JSON Schema of the issue format (for editors)")
    schema.add_argument("-o", "--output", type=_given("a file"), help="write it to this file instead of standard output")
    schema.set_defaults(run=_schema)

    validate = sub.add_parser("validate", help="check issues against the model, their kind and the fonts, "
                              "without laying them out")
    validate.add_argument("issue", nargs="+", help="an issue's YAML file")
    validate.add_argument("--templates", type=_folder_of_kinds, help="a folder of your own kinds (KIND.yaml), searched first")
    validate.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except GwformatError as exc:
        print(f"gwformat: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: its traceback is what a report of it needs
        import traceback

        traceback.print_exc()
        return InternalError.exit_code


def run() -> None:
    """The ``gwformat`` command: :func:`main` in a process of its own.

    A command is one short build. Python's cycle collector would walk the font tables
    and the imported modules again and again, and once more at exit: a third of a cold
    build. What it could free is little, and goes back when the process ends.
    """
    gc.disable()
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _stopped)
    # pydantic looks for plugins in every installed distribution's entry points before it
    # builds its first model; the command uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = main()
    gc.freeze()  # the collection at interpreter exit leaves frozen objects alone
    sys.exit(code)


def _stopped(signum: int, frame: Any) -> None:
    """SIGTERM and SIGHUP end the command as Ctrl-C does, through an exception, so that a
    replacement of outputs half done is undone and no temporary file is left."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    run()
