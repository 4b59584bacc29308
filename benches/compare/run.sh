#!/usr/bin/env bash
# Runs relcore's comparisons against other implementations, in one go:
#   1. Rust: relcore's parse vs the `semver` crate (target: within 1.2x)
#   2. Python: 100,000 parses and a sort vs PyPI `semver` (target: at least 5x faster)
#   3. Node: 100,000 parses, and a batch sort vs node-semver (target: sort not slower)
# Builds what is missing (release builds); honours CARGO_TARGET_DIR and VENV.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
venv="${VENV:-$root/relcore-py/.venv}"
status=0

echo "== Rust"
cargo run -q --release -p relcore-benches --bin compare || status=1

echo; echo "== Commit messages"
bash benches/compare/commits.sh || status=1

echo; echo "== A synthetic repository of 100,000 commits"
bash benches/compare/repo.sh || status=1

echo; echo "== Python"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check maturin semver
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps ./relcore-py
(cd relcore-py && "$venv/bin/python" "$root/benches/compare/python_bench.py") || status=1

echo; echo "== Node"
if ! ls relcore-node/*.node >/dev/null 2>&1; then
  (cd relcore-node && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
node benches/compare/node_bench.mjs || status=1
exit $status
