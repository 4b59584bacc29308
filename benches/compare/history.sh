#!/usr/bin/env bash
# relcore against `git log` on histories shaped like real ones (benches/compare/history.py):
# 100,000 commits with merges, 200 stable releases with release candidates, pre-releases on
# unmerged branches, a maintenance branch with patch tags of its own; and the same history
# with about 10,000 tags. Every case runs relcore and `git log` over the same range in
# pairs (PAIRS, default 7), and reports the median of the per-pair time ratios and each
# side's peak memory, against the issue's targets.
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

# One run: "seconds peak-KB" (wall time from a nanosecond clock, memory from /usr/bin/time).
once() {
  local start end mem
  start=$(date +%s%N)
  mem=$( { /usr/bin/time -f "%M" "$@" > /dev/null; } 2>&1 | tail -n1 )
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $mem"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

status=0
printf '%-44s %9s %9s %8s %8s %7s %7s %s\n' case relcore git ratio target memory base verdict
# label, time target, git log arguments (as one string), then the relcore arguments.
row() {
  local label=$1 goal=$2 gitargs=$3; shift 3
  case "$label" in *"${ONLY:-}"*) ;; *) return 0 ;; esac
  local ratios=() bratios=() rt=() gt=() rm=0 gm=0 bdone=0
  for _ in $(seq "$pairs"); do
    local r g
    r=$(once "$relcore" "$@"); g=$(once git $gitargs)
    ratios+=("$(awk "BEGIN{print ${r% *} / ${g% *}}")")
    rt+=("${r% *}"); gt+=("${g% *}")
    [ "${r#* }" -gt "$rm" ] && rm=${r#* }
    [ "${g#* }" -gt "$gm" ] && gm=${g#* }
    if [ -n "$base" ] && [ "$bdone" = 0 ]; then
      local b
      b=$(once timeout "$btimeout" "$base" "$@")
      if [ "${b% *}" -ge "$((btimeout * 1000000))" ]; then
        bdone=1   # the old binary took longer than BASE_TIMEOUT: one run says enough
      else
        bratios+=("$(awk "BEGIN{print ${b% *} / ${g% *}}")")
      fi
    fi
  done
  local ratio mratio verdict bratio="-"
  ratio=$(printf '%s\n' "${ratios[@]}" | median)
  mratio=$(awk "BEGIN{printf \"%.2f\", $rm / $gm}")
  if [ -n "$base" ] && [ "${#bratios[@]}" -gt 0 ]; then
    bratio=$(printf '%.2fx' "$(printf '%s\n' "${bratios[@]}" | median)")
  elif [ -n "$base" ]; then
    bratio=">${btimeout}s"
  fi
  verdict=$(awk "BEGIN{print ($ratio <= $goal && $mratio <= 2) ? \"PASS\" : \"FAIL\"}")
  [ "$verdict" = PASS ] || status=1
  printf '%-44s %8.1fms %8.1fms %7.2fx %7sx %6sx %7s %s\n' "$label" \
    "$(printf '%s\n' "${rt[@]}" | median | awk '{print $1/1000}')" \
    "$(printf '%s\n' "${gt[@]}" | median | awk '{print $1/1000}')" \
    "$ratio" "$goal" "$mratio" "$bratio" "$verdict"
}
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
exit $status
