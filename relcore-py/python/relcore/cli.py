"""The ``relcore`` command, run in this process through the extension module.

The ``relcore`` console script that ``pip install relcore`` puts on ``PATH``, and
``python -m relcore``, both call :func:`main`: the same command as the Rust binary
(``cargo install relcore-cli``), compiled into the extension, with no second copy of it.
"""

from __future__ import annotations

import sys

from relcore._relcore import run_cli

__all__ = ["main"]


def main() -> None:
    """Runs ``relcore`` with this process's arguments and exits with its code."""
    sys.stdout.flush()
    raise SystemExit(run_cli(["relcore", *sys.argv[1:]]))
