"""Parse and sort 100,000 versions with relcore and with PyPI's `semver`, in one run.

Run it with the Python of a virtual environment where relcore is installed as a release
build and `semver` is installed, for example after `relcore-py/ci.sh`:

    VENV=/tmp/venv-ci-py relcore-py/ci.sh
    /tmp/venv-ci-py/bin/pip install semver
    /tmp/venv-ci-py/bin/python benches/compare/python_bench.py

The inputs are generated deterministically: 70% plain `x.y.z`, 20% pre-releases
(`1.2.3-rc.4`, `2.0.0-beta.11`, ...), 10% with build metadata. Each measurement is the
best of 5 runs (`time.perf_counter`). The target is relcore parsing at least 5x faster
than `semver.Version.parse`; the script exits with status 1 when it is missed.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import time
from importlib.metadata import version as dist_version
from typing import Callable

import semver

import relcore

TARGET = 5.0
PRE_TAGS = ["alpha", "beta", "rc", "pre", "dev", "next", "canary"]


def inputs(n: int, seed: int = 20240607) -> list[str]:
    """`n` realistic version strings, the same for every run."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        core = f"{rng.randrange(0, 30)}.{rng.randrange(0, 60)}.{rng.randrange(0, 200)}"
        roll = rng.random()
        if roll < 0.7:
            out.append(core)
        elif roll < 0.9:
            out.append(f"{core}-{rng.choice(PRE_TAGS)}.{rng.randrange(0, 20)}")
        else:
            pre = f"-{rng.choice(PRE_TAGS)}.{rng.randrange(0, 5)}" if rng.random() < 0.3 else ""
            build = rng.choice(
                [
                    f"build.{rng.randrange(1, 5000)}",
                    f"sha.{rng.getrandbits(28):07x}",
                    f"{rng.randrange(2019, 2027)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}",
                ]
            )
            out.append(f"{core}{pre}+{build}")
    return out


def best_of(runs: int, ours: Callable[[], object], theirs: Callable[[], object]) -> tuple[float, float]:
    """The fastest of `runs` timings of each callable, in seconds.

    The two alternate, so that both see the same load on a shared machine. Garbage
    collection stays on, as in real programs (`timeit` turns it off; see `--no-gc`).
    """
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for i, work in enumerate((ours, theirs)):
            start = time.perf_counter()
            work()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def report(name: str, timings: tuple[float, float], n: int) -> float:
    ours, theirs = timings
    ratio = theirs / ours
    print(f"{name}")
    print(f"  relcore  {ours * 1e3:9.1f} ms  ({ours / n * 1e9:7.0f} ns/version)")
    print(f"  semver   {theirs * 1e3:9.1f} ms  ({theirs / n * 1e9:7.0f} ns/version)")
    print(f"  relcore is {ratio:.1f}x faster")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="number of versions")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument(
        "--no-gc", action="store_true", help="turn the garbage collector off while timing, as timeit does"
    )
    args = parser.parse_args()

    data = inputs(args.n)
    print(
        f"python {platform.python_version()} ({sys.executable}), relcore {relcore.__version__} "
        f"({relcore._relcore.__file__}), semver {dist_version('semver')}"
    )
    shares = (
        sum("-" in s and "+" not in s for s in data),
        sum("+" in s for s in data),
    )
    print(
        f"{args.n} versions: {args.n - sum(shares)} plain, {shares[0]} pre-release, "
        f"{shares[1]} with build metadata; best of {args.runs} runs; "
        f"garbage collector {'off' if args.no_gc else 'on'}\n"
    )

    # Same answers first: both accept every input, and relcore's order is sorted by
    # semver's precedence (ties may differ: relcore breaks them by build metadata).
    assert [str(v) for v in map(relcore.Version.parse, data)] == data
    assert [str(v) for v in map(semver.Version.parse, data)] == data
    ours_sorted = relcore.sort_versions(data)
    parsed = [semver.Version.parse(s) for s in ours_sorted]
    assert all(a.compare(b) <= 0 for a, b in zip(parsed, parsed[1:]))

    if args.no_gc:
        gc.disable()
    parse_ratio = report(
        f"parse {args.n}: relcore.Version.parse vs semver.Version.parse",
        best_of(
            args.runs,
            lambda: list(map(relcore.Version.parse, data)),
            lambda: list(map(semver.Version.parse, data)),
        ),
        args.n,
    )
    print()
    report(
        f"sort {args.n}: relcore.sort_versions vs sorted(key=semver.Version.parse)",
        best_of(
            args.runs,
            lambda: relcore.sort_versions(data),
            lambda: sorted(data, key=semver.Version.parse),
        ),
        args.n,
    )
    gc.enable()
    ok = parse_ratio >= TARGET
    print(f"\ntarget: relcore parses at least {TARGET:.0f}x faster: {'PASS' if ok else 'FAIL'} ({parse_ratio:.1f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
