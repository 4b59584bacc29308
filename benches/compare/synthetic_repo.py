#!/usr/bin/env python3
"""Writes a git fast-import stream for a deterministic synthetic repository: N conventional
commits (default 100,000) on main with fixed identities and times, and a tag `v1.0.0`
TAG_BACK commits before HEAD (default 10,000).

    python3 synthetic_repo.py 100000 10000 | git -C REPO fast-import --quiet
"""

import random
import sys

TYPES = ["feat", "fix", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build"]
SCOPES = ["api", "cli", "parser", "db", "ui", "auth", "core"]
WORDS = "handle empty input add support for pagination cache config remove legacy endpoint retry requests on timeout".split()


def message(rng: random.Random, i: int) -> str:
    roll = rng.randrange(100)
    words = " ".join(rng.choice(WORDS) for _ in range(3 + rng.randrange(6)))
    if roll < 10:
        return f"{words.capitalize()}\n"
    ty = rng.choice(TYPES)
    scope = f"({rng.choice(SCOPES)})" if rng.randrange(2) else ""
    bang = "!" if rng.randrange(200) == 0 else ""
    pr = f" (#{rng.randrange(5000)})" if rng.randrange(3) == 0 else ""
    text = f"{ty}{scope}{bang}: {words}{pr}\n"
    if rng.randrange(2) == 0:
        text += f"\n{words}. {words}.\n"
    if rng.randrange(4) == 0:
        text += f"\nCloses #{rng.randrange(5000)}\n"
    return text


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tag_back = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    rng = random.Random(42)
    out = sys.stdout.buffer
    for i in range(1, n + 1):
        msg = message(rng, i).encode()
        when = 1_600_000_000 + i * 60
        content = f"change {i}\n".encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"mark :{i}\n".encode())
        out.write(f"author Ann Author <ann@example.com> {when} +0000\n".encode())
        out.write(f"committer Ann Author <ann@example.com> {when} +0000\n".encode())
        out.write(f"data {len(msg)}\n".encode() + msg)
        if i > 1:
            out.write(f"from :{i - 1}\n".encode())
        out.write(f"M 644 inline file{i % 100}.txt\ndata {len(content)}\n".encode() + content + b"\n")
    out.write(f"reset refs/tags/v1.0.0\nfrom :{n - tag_back}\n\n".encode())
    out.write(b"reset refs/heads/main\nfrom :%d\n\n" % n)


if __name__ == "__main__":
    main()
