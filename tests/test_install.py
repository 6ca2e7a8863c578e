"""The Python versions and the commands that install and test gwformat agree with each other."""

from __future__ import annotations

import ast
import tomllib

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _tested_versions() -> list[str]:
    """``VERSIONS`` of noxfile.py, read without importing nox."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "VERSIONS" for t in node.targets))


def test_the_declared_versions_are_the_tested_ones():
    versions = _tested_versions()
    prefix = "Programming Language :: Python :: "
    declared = [c.removeprefix(prefix) for c in PROJECT["classifiers"] if c.startswith(prefix + "3.")]
    assert declared == versions
    assert PROJECT["requires-python"] == f">={versions[0]}"


def test_pyenv_puts_the_newest_version_first_and_finds_the_others():
    lines = (ROOT / ".python-version").read_text(encoding="utf-8").split()
    assert lines == sorted(_tested_versions(), key=lambda v: tuple(map(int, v.split("."))), reverse=True)


def test_ci_runs_exactly_the_test_command_of_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = [block.split("\n", 1)[0] for block in section.split("```sh\n")[1:]]
    assert len(commands) == 2 and commands[1].startswith(".ci/setup && ")
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1] == commands[1]
