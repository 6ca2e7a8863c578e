"""The package's type hints hold together: the public API is typed (py.typed), so mypy must pass."""

import subprocess
import sys

import pytest

from conftest import ROOT


def test_mypy_finds_no_errors_in_the_package(tmp_path):
    pytest.importorskip("mypy", reason="mypy is a test extra (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
