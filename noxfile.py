"""Every Python version pyproject.toml declares, installed and tested (run by README's test command).

The newest version is the one README's commands use (``.python-version`` puts it first for
pyenv), and its full suite is the last part of that command, so that a run ends on pytest's
summary. Here the oldest version runs the full suite too. Every version gets a fresh install of
the package without extras, in which the commands that need one must refuse in one line, and
builds every example: PDF, DOCX and OFD, then PDF/A once ``gwformat[archive]`` is added. Each
older version's files must be byte-identical to the newest version's, as a user upgrading
Python would expect.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

VERSIONS = ["3.11", "3.12", "3.13"]  # the classifiers of pyproject.toml; the first is requires-python
OLDEST, NEWEST = VERSIONS[0], VERSIONS[-1]
ROOT = Path(__file__).resolve().parent
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("examples/*/issue.yaml"))
OUTPUTS = ROOT / ".nox" / "examples"

nox.options.error_on_missing_interpreters = True  # a version that cannot be tested fails the run
nox.options.download_python = "never"  # only the interpreters the machine has (pyenv's)


@nox.session(python=OLDEST, reuse_venv=True)  # the install step updates it all the same
def tests(session: nox.Session) -> None:
    """The full suite on the oldest declared version."""
    session.env["PYTHONPATH"] = None  # only what the session installs
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python=NEWEST, reuse_venv=False)  # a fresh install, without extras at first
def reference(session: nox.Session) -> None:
    """The examples as the newest version builds them: what every other version must match."""
    _install_and_build(session)


@nox.session(python=VERSIONS[:-1], reuse_venv=False, requires=["reference"])
def examples(session: nox.Session) -> None:
    """An install and a build of every example, byte-identical to the newest version's."""
    built = _install_and_build(session)
    reference = OUTPUTS / NEWEST
    ours = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    theirs = {p.relative_to(reference) for p in reference.rglob("*") if p.is_file()}
    if ours != theirs:
        session.error(f"Python {session.python} built {sorted(map(str, ours ^ theirs))} and {NEWEST} did not, "
                      "or the other way round")
    differ = sorted(str(p) for p in ours if (built / p).read_bytes() != (reference / p).read_bytes())
    if differ:
        session.error(f"Python {session.python} built these differently from {NEWEST}: {', '.join(differ)}")
    session.log(f"{len(ours)} files of {len(EXAMPLES)} examples byte-identical to Python {NEWEST}'s")


def _install_and_build(session: nox.Session) -> Path:
    """Install the package as a user does, check what needs an extra, and build every example
    into ``.nox/examples/VERSION``: PDF, DOCX and OFD without extras, then the PDF/A."""
    out = OUTPUTS / str(session.python)
    shutil.rmtree(out, ignore_errors=True)
    session.env["PYTHONPATH"] = None  # the installed package, never a source folder
    session.env["XDG_CACHE_HOME"] = str(Path(session.create_tmp()) / "cache")
    session.install(".")
    session.run("gwformat", "build", *EXAMPLES, "--ofd", "-o", str(out / "plain"), silent=True)
    pdf = next((out / "plain").glob("*.pdf"))
    refused = out / "refused"
    for extra, args in {"check": ["lint", str(pdf)], "archive": ["build", EXAMPLES[0], "--pdfa", "-o", str(refused)]}.items():
        said = session.run("gwformat", *args, success_codes=[2], silent=True) or ""
        if f"pip install 'gwformat[{extra}]'" not in said or len(said.splitlines()) != 1 or refused.exists():
            session.error(f"gwformat {args[0]} without gwformat[{extra}] said: {said!r}")
    session.install(".[archive]")
    session.run("gwformat", "build", *EXAMPLES, "--pdfa", "-f", "pdf", "-o", str(out / "pdfa"), silent=True)
    return out
