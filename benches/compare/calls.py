"""Per-call cost of relcore's small Python calls, in microseconds (best of 7 runs).

    python benches/compare/calls.py            # prints one JSON object: {name: us}

`calls.sh` runs it in two environments (a baseline build and the current one) and prints
the ratio per call, to check that a change to the binding's conversions does not make
small calls slower.
"""

from __future__ import annotations

import json
import time
from typing import Callable

import relcore

PLAN = "deployment:\n  strategy: canary\n  stages:\n    - { name: canary, percentage: 5, duration: 10m }\n    - { name: all, percentage: 100 }\n"
COMMITS = [f"fix(api): handle case {i}" for i in range(9)] + ["feat(api): add pagination"]


def per_call(fn: Callable[[], object], calls: int) -> float:
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


CASES: dict[str, tuple[Callable[[], object], int]] = {
    "Version.parse": (lambda: relcore.Version.parse("1.2.3-rc.4+build.5"), 20000),
    "compare": (lambda: relcore.compare("1.2.3", "1.2.4"), 20000),
    "parse_commit": (lambda: relcore.parse_commit("feat(api)!: drop v1\n\nCloses #12"), 5000),
    "lint_commit": (lambda: relcore.lint_commit("feat:add x"), 5000),
    "next_version (10 commits)": (lambda: relcore.next_version("1.4.2", COMMITS), 2000),
    "next_version (policy)": (lambda: relcore.next_version("1.4.2", COMMITS, channel="rc"), 2000),
    "classify": (lambda: relcore.classify(COMMITS), 2000),
    "check_plan": (lambda: relcore.check_plan(PLAN), 2000),
}

if __name__ == "__main__":
    print(json.dumps({name: per_call(fn, n) for name, (fn, n) in CASES.items()}))
