#!/usr/bin/env bash
# Commit-message throughput and memory, in one run:
#   1. parse 100,000 realistic messages into relcore's model vs git-conventional alone
#      (target: within 1.5x), plus inference and changelog rendering, in messages/s;
#   2. peak memory of `relcore next --stdin` and `relcore changelog --stdin` over 1,000,000
#      messages fed as `git log -z --format=%B` would (target for both: under 2x the input
#      size).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build -q --release -p relcore-cli -p relcore-benches
status=0
"$target/release/compare_commits" || status=1

input="$(mktemp)"
trap 'rm -f "$input"' EXIT
"$target/release/compare_commits" --write-messages 1000000 "$input"
bytes=$(wc -c < "$input")
echo
echo "1,000,000 messages, $((bytes / 1000000)) MB as NUL-separated input"
for cmd in "next --stdin --current 1.4.2" "changelog --stdin --current 1.4.2 --date 2025-01-01"; do
  # shellcheck disable=SC2086
  kb=$( { /usr/bin/time -f "%M" "$target/release/relcore" $cmd < "$input" > /dev/null; } 2>&1 | tail -n1 )
  ratio=$(awk "BEGIN { printf \"%.2f\", $kb * 1024 / $bytes }")
  verdict=$(awk "BEGIN { print ($ratio < 2) ? \"PASS\" : \"FAIL\" }")
  [ "$verdict" = PASS ] || status=1
  verdict="  target < 2x  $verdict"
  printf '  relcore %-10s peak %6d MB  = %sx the input%s\n' "${cmd%% *}" $((kb / 1024)) "$ratio" "$verdict"
done
exit $status
