"""The command line: thin wrappers over the public API.

Every user mistake ends in one line on stderr and the error's exit code;
a traceback means a bug in gwformat.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .errors import GwformatError


def _build(args: argparse.Namespace) -> int:
    from .builder import FORMATS, build

    formats = tuple(args.format) if args.format else FORMATS
    written = build(args.issue, args.output, formats=formats, name=args.name)
    for path in written.values():
        print(path)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gwformat", description="Typeset Chinese official bulletins (简报) to PDF and DOCX.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build an issue's PDF (and DOCX) into a folder")
    build.add_argument("issue", help="the issue's YAML file")
    build.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    build.add_argument("-f", "--format", action="append", help="an output format; repeat for several (default: all)")
    build.add_argument("--name", help="file name stem of the outputs (default: from the masthead name and issue number)")
    build.set_defaults(run=_build)
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


if __name__ == "__main__":
    sys.exit(main())
