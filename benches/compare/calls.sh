#!/usr/bin/env bash
# Per-call cost of the bindings' small calls, a baseline build against the current one, in
# one run: each side runs 5 times, alternating, and the table gives the median per call and
# the ratio (current / baseline; above 1.00 is slower).
#
#   benches/compare/calls.sh BASE_VENV CURRENT_VENV BASE_NODE_DIR CURRENT_NODE_DIR
#
# A venv has relcore installed (a release build); a node dir is a relcore-node checkout
# with its release addon built (`npm run build`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 4 ] || { sed -n '2,9p' "$0"; exit 2; }
base_py=$1 cur_py=$2 base_node=$3 cur_node=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for round in 1 2 3 4 5; do
  (cd /tmp && "$base_py/bin/python" "$here/calls.py") >"$tmp/py-base-$round.json"
  (cd /tmp && "$cur_py/bin/python" "$here/calls.py") >"$tmp/py-cur-$round.json"
  node "$here/calls.mjs" "$base_node" >"$tmp/node-base-$round.json"
  node "$here/calls.mjs" "$cur_node" >"$tmp/node-cur-$round.json"
done
python3 - "$tmp" <<'PY'
import json, statistics, sys
from pathlib import Path
tmp = Path(sys.argv[1])
for lang in ("py", "node"):
    base = [json.loads(p.read_text()) for p in sorted(tmp.glob(f"{lang}-base-*.json"))]
    cur = [json.loads(p.read_text()) for p in sorted(tmp.glob(f"{lang}-cur-*.json"))]
    print(f"\n{'Python' if lang == 'py' else 'Node'}: microseconds per call (median of {len(base)})")
    print(f"{'call':32} {'baseline':>10} {'current':>10} {'ratio':>7}")
    for name in base[0]:
        b = statistics.median(r[name] for r in base)
        c = statistics.median(r[name] for r in cur)
        print(f"{name:32} {b:10.2f} {c:10.2f} {c / b:7.2f}")
PY
