#!/usr/bin/env python3
"""Writes a git fast-import stream for a deterministic history shaped like a real one:

- about N commits (default 100,000) on `main`; every 20th main commit merges a short side
  branch of 1 to 3 commits (so about a tenth of all commits sit on side branches);
- a stable release tag every RELEASE_EVERY main commits (default 500: 200 stable tags),
  with `-rc.1` and `-rc.2` tags on main before each one; every third release also gets a
  `-next.1` tag on a branch that is never merged (a higher pre-release HEAD does not
  contain), and a `-rc.1` of the next major waits on an unmerged branch near HEAD;
- HEAD on main, 6 commits after the latest stable tag;
- `maint`: a maintenance branch off the stable release 40% of the way back, 60 commits
  with a patch tag every 10 (made after main, so newer in time, as real backports are).

`--dense` adds a development pre-release tag every 9 main commits (about 10,500 tags).

    python3 history.py [N] [--dense] | git -C REPO fast-import --quiet
"""

import random
import sys
from pathlib import Path

# The commit messages of the linear benchmark, one generator for both.
sys.path.insert(0, str(Path(__file__).parent))
from synthetic_repo import message  # noqa: E402

RELEASE_EVERY = 500


class Stream:
    def __init__(self) -> None:
        self.out = sys.stdout.buffer
        self.mark = 0
        self.clock = 1_600_000_000
        self.rng = random.Random(42)

    def commit(self, ref: str, parent: int | None, merge: int | None = None, msg: str | None = None) -> int:
        self.mark += 1
        self.clock += 60
        text = (msg or message(self.rng, self.mark)).encode()
        w = self.out.write
        w(f"commit refs/heads/{ref}\nmark :{self.mark}\n".encode())
        w(f"author Ann Author <ann@example.com> {self.clock} +0000\n".encode())
        w(f"committer Ann Author <ann@example.com> {self.clock} +0000\n".encode())
        w(f"data {len(text)}\n".encode() + text)
        if parent is not None:
            w(f"from :{parent}\n".encode())
        if merge is not None:
            w(f"merge :{merge}\n".encode())
        content = f"change {self.mark}\n".encode()
        w(f"M 644 inline src/file{self.mark % 100}.txt\ndata {len(content)}\n".encode() + content + b"\n")
        return self.mark

    def tag(self, name: str, mark: int) -> None:
        self.out.write(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())


def version(release: int) -> tuple[int, int]:
    """The (major, minor) of the release-th stable release: a major every 20."""
    return 1 + release // 20, release % 20


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dense = "--dense" in sys.argv
    n = int(args[0]) if args else 100_000
    s = Stream()
    main_steps = n * 10 // 11  # side branches add about a tenth
    releases = main_steps // RELEASE_EVERY
    head = None
    stable: list[tuple[int, str]] = []
    step = 0
    # The last release sits 6 main commits before HEAD.
    last_release_step = releases * RELEASE_EVERY
    total_steps = last_release_step + 6
    while step < total_steps:
        step += 1
        if step % 20 == 0 and head is not None:
            side = head
            for _ in range(1 + s.rng.randrange(3)):
                side = s.commit("side", side)
            head = s.commit("main", head, merge=side, msg="Merge pull request #%d from dev/topic\n" % step)
        else:
            head = s.commit("main", head)
        release, at = divmod(step, RELEASE_EVERY)
        major, minor = version(release if at else release - 1)
        if at == 300:
            s.tag(f"v{major}.{minor}.0-rc.1", head)
        elif at == 400:
            s.tag(f"v{major}.{minor}.0-rc.2", head)
            if release % 3 == 0:
                unmerged = head
                for _ in range(5):
                    unmerged = s.commit(f"next-{release}", unmerged)
                s.tag(f"v{major}.{minor}.0-next.1", unmerged)
        elif at == 0:
            name = f"v{major}.{minor}.0"
            s.tag(name, head)
            stable.append((head, name))
        elif dense and at % 9 == 0:
            s.tag(f"v{major}.{minor}.0-dev.{at}", head)
        if step == last_release_step + 3:
            # The next major's release candidate, on a branch HEAD does not contain.
            unmerged = head
            for _ in range(4):
                unmerged = s.commit("next-major", unmerged)
            s.tag(f"v{version(releases)[0] + 1}.0.0-rc.1", unmerged)
    s.out.write(b"reset refs/heads/main\nfrom :%d\n\n" % head)
    # The maintenance branch off the release 40% of the way back.
    base_mark, base_name = stable[len(stable) * 6 // 10]
    base = base_name.lstrip("v").split(".")
    maint = base_mark
    for i in range(1, 61):
        maint = s.commit("maint", maint, msg=f"fix(core): backport fix {i}\n")
        if i % 10 == 0 and i < 60:
            s.tag(f"v{base[0]}.{base[1]}.{i // 10}", maint)
    s.out.write(b"reset refs/heads/maint\nfrom :%d\n\n" % maint)


if __name__ == "__main__":
    main()
