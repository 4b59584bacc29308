#!/usr/bin/env bash
# relcore against `git log` on a deterministic synthetic repository of 100,000 conventional
# commits with a tag 10,000 commits back (built with git fast-import), in one run:
#   - relcore next (since the tag) vs git log --format=%H%n%B v1.0.0..HEAD  (target 1.2x)
#   - relcore changelog (since the tag) vs the same git log
#   - relcore changelog --all (full history) vs git log --format=%H%n%B  (target 1.5x)
#   - peak memory of each (targets: within 2x of git log's, under 100 MiB)
# Each timing is the best of 3; memory is the peak resident set.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build -q --release -p relcore-cli
relcore="$target/release/relcore"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q -b main
python3 benches/compare/synthetic_repo.py 100000 10000 | git -C "$repo" fast-import --quiet
git -C "$repo" checkout -q main
echo "synthetic repository: $(git -C "$repo" rev-list --count HEAD) commits, tag v1.0.0 $(git -C "$repo" rev-list --count v1.0.0..HEAD) commits back"

# One run: wall time (s, from a nanosecond clock) and peak RSS (KB, from /usr/bin/time).
once() {
  local start end mem
  start=$(date +%s%N)
  mem=$( { /usr/bin/time -f "%M" "$@" > /dev/null; } 2>&1 | tail -n1 )
  end=$(date +%s%N)
  echo "$(awk "BEGIN{printf \"%.4f\", ($end - $start) / 1e9}") $mem"
}
status=0
# label, time target, then the relcore command; git log runs interleaved with it (5 pairs,
# best time and highest memory of each), so machine noise hits both alike.
row() {
  local label=$1 target=$2; shift 2
  local range=$GIT_RANGE rt="" rm=0 gt="" gm=0
  for _ in 1 2 3 4 5; do
    local r g
    r=$(once "$@"); g=$(once git -C "$repo" log --format=%H%n%B $range)
    local t=${r% *} m=${r#* } u=${g% *} n=${g#* }
    if [ -z "$rt" ] || awk "BEGIN{exit !($t < $rt)}"; then rt=$t; fi
    if [ -z "$gt" ] || awk "BEGIN{exit !($u < $gt)}"; then gt=$u; fi
    [ "$m" -gt "$rm" ] && rm=$m
    [ "$n" -gt "$gm" ] && gm=$n
  done
  local ratio mratio verdict
  ratio=$(awk "BEGIN{printf \"%.2f\", ($rt + 0.0001) / ($gt + 0.0001)}")
  mratio=$(awk "BEGIN{printf \"%.2f\", $rm / $gm}")
  verdict=$(awk "BEGIN{print ($ratio <= $target && $mratio <= 2 && $rm < 102400) ? \"PASS\" : \"FAIL\"}")
  [ "$verdict" = PASS ] || status=1
  printf '  %-28s relcore %6.3fs %5d MB | git log %6.3fs %5d MB | time %sx (target %sx) memory %sx  %s\n' \
    "$label" "$rt" $((rm / 1024)) "$gt" $((gm / 1024)) "$ratio" "$target" "$mratio" "$verdict"
}
GIT_RANGE=v1.0.0..HEAD
row "next since the tag" 1.2 "$relcore" next --repo "$repo"
row "changelog since the tag" 1.5 "$relcore" changelog --repo "$repo" --date 2025-01-01
GIT_RANGE=
row "changelog --all (full)" 1.5 "$relcore" changelog --repo "$repo" --all
exit $status
