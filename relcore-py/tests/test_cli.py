"""The `relcore` command from the Python package: the in-process entry point, `python -m
relcore`, and the console script the wheel installs: the same CLI as the Rust binary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import relcore
from relcore._relcore import run_cli


def test_run_cli_returns_the_exit_code(capfd: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["relcore", "version", "check", "1.2.3"]) == 0
    assert run_cli(["relcore", "version", "check", "1.02.3"]) == 1
    assert run_cli(["relcore", "--no-such-flag"]) == 2
    out, err = capfd.readouterr()
    assert "leading_zero" in err
    assert "--no-such-flag" in err


def test_python_dash_m_relcore_is_the_cli() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "relcore", "--version"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"relcore {relcore.__version__}"
    run = subprocess.run(
        [sys.executable, "-m", "relcore", "--json", "version", "sort"],
        input="1.10.0\n1.2.0\n1.2.0-rc.1\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert '"1.2.0-rc.1"' in run.stdout


def test_the_console_script_is_installed_next_to_python() -> None:
    script = Path(sys.executable).parent / ("relcore.exe" if os.name == "nt" else "relcore")
    if not script.exists():
        found = shutil.which("relcore")
        if found is None:
            pytest.skip("the package is not installed with its scripts (an editable build?)")
        script = Path(found)
    run = subprocess.run([str(script), "version", "bump", "1.2.3", "minor"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1.3.0"
