#!/usr/bin/env bash
# relcore against `git log` on histories shaped like real ones (benches/compare/history.py):
# 100,000 commits with merges, 200 stable releases with release candidates, pre-releases on
# unmerged branches, a maintenance branch with patch tags of its own; and the same history
# with about 10,000 tags. Every case runs relcore and `git log` over the same range in
# pairs (PAIRS, default 7), and reports the median of the per-pair time ratios and each
# side's peak memory, against the issue's targets; then the `next` cases again with a
# commit-graph written.
#
#   bash benches/compare/history.sh               # the release build of this tree
#   ONLY=metrics bash benches/compare/history.sh  # only the rows whose label contains it
#   BASE=/path/to/old/relcore bash benches/compare/history.sh   # adds the old binary's ratio
#                                          (a run over BASE_TIMEOUT, default 60 s, is cut short)
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

build() { # dir, generator flags
  git init -q -b main "$1"
  python3 benches/compare/history.py 100000 "${@:2}" | git -C "$1" fast-import --quiet
  git -C "$1" checkout -q main
  git -C "$1" pack-refs --all   # as a clone has them
}
build "$work/real"
build "$work/dense" --dense
# On the dense history, HEAD in the middle, on an old tag, with newer tags everywhere.
mid=$(git -C "$work/dense" tag --list 'v5.*-dev.*' | sort -V | sed -n 1p)
git -C "$work/dense" checkout -q --detach "$mid"
latest=$(git -C "$work/real" describe --tags --abbrev=0)
maint_tag=$(git -C "$work/real" describe --tags --abbrev=0 maint)
echo "realistic: $(git -C "$work/real" rev-list --count --all) commits, $(git -C "$work/real" tag | wc -l) tags; dense: $(git -C "$work/dense" tag | wc -l) tags"

# once, median, the table header and row (label, target, git log args, relcore args).
. benches/compare/lib.sh
R="$work/real"; D="$work/dense"
row "changelog --all, 100k commits, 610 tags" 1.5 "-C $R log --format=%H%n%B" \
  changelog --all --repo "$R"
row "changelog --all, 100k commits, 10k tags" 2.0 "-C $D log --format=%H%n%B main" \
  changelog --all --repo "$D"
git -C "$D" checkout -q main
row "changelog --all, 10k tags, HEAD on main" 2.0 "-C $D log --format=%H%n%B" \
  changelog --all --repo "$D"
git -C "$D" checkout -q --detach "$mid"
row "next, tag 6 back, higher tags elsewhere" 1.0 "-C $R log --format=%H%n%B $latest..HEAD" \
  next --repo "$R"
git -C "$R" checkout -q maint
row "next on the maintenance branch" 1.2 "-C $R log --format=%H%n%B $maint_tag..HEAD" \
  next --repo "$R"
git -C "$R" checkout -q main
row "next, 10k tags, HEAD on an old one" 1.2 "-C $D log --format=%H%n%B $mid..HEAD" \
  next --repo "$D"
# Metrics: the walk of every release's range from HEAD, and the walk of the releases HEAD
# does not contain (the maintenance branch's patch tags, pre-releases on unmerged
# branches) with HEAD hidden; git log reads the same commits.
row "metrics, 100k commits, 610 tags" 2.0 "-C $R log --format=%H%n%B HEAD --tags" \
  metrics --repo "$R"
row "metrics, 100k commits, 10k tags" 2.0 "-C $D log --format=%H%n%B HEAD --tags" \
  metrics --repo "$D"
row "release (changed paths), tag 6 back" 1.5 "-C $R log --name-only --format=%H%n%B $latest..HEAD" \
  release --repo "$R" --date 2026-01-01
# The same walks where the repositories have a commit-graph, as `git gc`, `git maintenance`
# and `fetch.writeCommitGraph` write it: relcore reads parents, times and generation
# numbers from it (git log reads it too).
git -C "$R" commit-graph write --reachable
git -C "$D" commit-graph write --reachable
git -C "$R" checkout -q maint
row "next on the maintenance branch, commit-graph" 1.2 "-C $R log --format=%H%n%B $maint_tag..HEAD" \
  next --repo "$R"
git -C "$R" checkout -q main
row "next, 10k tags, HEAD old, commit-graph" 1.2 "-C $D log --format=%H%n%B $mid..HEAD" \
  next --repo "$D"
row "changelog --all, 610 tags, commit-graph" 1.5 "-C $R log --format=%H%n%B" \
  changelog --all --repo "$R"
exit $status
