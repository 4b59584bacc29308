#!/usr/bin/env bash
# relcore on a synthetic monorepo (benches/compare/monorepo.py) against
# `git log --name-only --format=%H%n%B` over the same range, the floor for knowing which
# paths each commit touched: 100,000 commits each touching one to three of 100 packages,
# per-package tags one to several release rounds back, an npm workspace with internal
# dependencies; and the same history with 10 packages, to show the cost does not grow
# with the number of packages. `relcore release --json` prepares every package's release
# (each one's commits since its own latest tag, versions, dependents, changelog sections,
# notes, classification) from one walk. Pairs (PAIRS, default 7), median of the per-pair
# ratios, each side's peak memory.
#
#   bash benches/compare/monorepo.sh
#   BASE=/path/to/old/relcore bash benches/compare/monorepo.sh   # adds an old binary's ratio
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build -q --release -p relcore-cli
relcore="$target/release/relcore"
base="${BASE:-}"
pairs="${PAIRS:-7}"
btimeout="${BASE_TIMEOUT:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build() { # dir, packages
  git init -q -b main "$1"
  python3 benches/compare/monorepo.py "$2" 100000 | git -C "$1" fast-import --quiet
  git -C "$1" checkout -q main
  git -C "$1" pack-refs --all
}
# The oldest of the packages' latest tags: every package's range lies above it.
oldest() { # dir, packages
  local dir=$1 n=$2 best="" best_time=""
  for i in $(seq 0 $((n - 1))); do
    local tag time
    tag=$(git -C "$dir" describe --tags --abbrev=0 --match "$(printf 'p%03d@*' "$i")" 2>/dev/null) || continue
    time=$(git -C "$dir" log -1 --format=%ct "$tag")
    if [ -z "$best" ] || [ "$time" -lt "$best_time" ]; then best=$tag; best_time=$time; fi
  done
  echo "$best"
}
build "$work/m100" 100
build "$work/m10" 10
o100=$(oldest "$work/m100" 100)
o10=$(oldest "$work/m10" 10)
echo "100 packages: $(git -C "$work/m100" tag | wc -l) tags, range $o100..HEAD: $(git -C "$work/m100" rev-list --count "$o100..HEAD") commits"
echo "10 packages: $(git -C "$work/m10" tag | wc -l) tags, range $o10..HEAD: $(git -C "$work/m10" rev-list --count "$o10..HEAD") commits"

. benches/compare/lib.sh
row "release --json, 100 packages" 2.0 "-C $work/m100 log --name-only --format=%H%n%B $o100..HEAD" \
  release --repo "$work/m100" --json --date 2026-01-01
row "release --json, 10 packages" 2.0 "-C $work/m10 log --name-only --format=%H%n%B $o10..HEAD" \
  release --repo "$work/m10" --json --date 2026-01-01
row "next, 100 packages" 2.0 "-C $work/m100 log --name-only --format=%H%n%B $o100..HEAD" \
  next --repo "$work/m100" --json
exit $status
