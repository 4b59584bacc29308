#!/usr/bin/env bash
# CI for the Python package `relcore`: build and install it into a virtual environment,
# check the type stubs against the built module, run the pytest suite.
#
# Run from anywhere (it works from the repository root). Needs python3 (with venv and
# pip), cargo, git (the tests build throw-away repositories) and access to PyPI; nothing
# else has to be installed.
#
#   WHEEL             a built wheel to test instead of building one (scripts/dist.sh)
#   VENV              virtual environment to use, created when missing
#                     (default: relcore-py/.venv; relative paths are from the repo root)
#   CARGO_TARGET_DIR  honoured by the build, as by cargo
#   RELCORE_BIN       the relcore CLI (<target>/debug/relcore): tests/test_git.py checks
#                     that `release()` gives what `relcore release --json` prints; those
#                     tests are skipped when it is unset
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

venv="${VENV:-relcore-py/.venv}"
case "$venv" in
    /*) ;;
    *) venv="$root/$venv" ;;
esac
python="$venv/bin/python"

step() { printf '==> %s\n' "$*"; }

if [ ! -x "$python" ]; then
    step "creating $venv"
    python3 -m venv "$venv"
fi

# The venv's tools (maturin's PEP 517 hook runs the `maturin` executable) come first.
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"

step "relcore/types.py is current with schema/ (scripts/gen-types.py)"
python3 "$root/scripts/gen-types.py" --check

step "installing maturin, pytest, mypy"
"$python" -m pip install -q --disable-pip-version-check maturin pytest mypy

if [ -n "${WHEEL:-}" ]; then
    # The wheel users get (scripts/dist.sh builds it), tested as it is.
    step "installing $(basename "$WHEEL")"
    "$python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
else
    # One release build through the same PEP 517 path as `pip install ./relcore-py`, with
    # the venv's maturin instead of a fresh isolated build environment.
    step "building and installing relcore (release, CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-<workspace>/target})"
    "$python" -m pip install -q --disable-pip-version-check \
        --no-build-isolation --force-reinstall --no-deps ./relcore-py
fi

# Run the checks outside the checkout's root, where the `relcore/` directory (the Rust core
# crate) would shadow the installed package.
step "stubtest relcore._relcore"
allowlist=()
if [ -s relcore-py/stubtest-allowlist.txt ]; then
    allowlist=(--allowlist "$root/relcore-py/stubtest-allowlist.txt")
fi
# From inside the venv, so that mypy's cache directory lands there, not in the checkout.
(cd "$venv" && "$python" -m mypy.stubtest relcore._relcore ${allowlist[@]+"${allowlist[@]}"})

step "pytest"
cd "$root/relcore-py"
"$python" -m pytest -q -p no:cacheprovider
