#!/usr/bin/env python3
"""Writes a git fast-import stream for a synthetic monorepo (issue 14's benchmark):

- P packages (default 100) under `packages/pNN/`, each with a `package.json` (an npm
  workspace) that depends on one or two packages before it (`^1.0.0` ranges: internal
  dependencies), and `relcore.toml` naming every package;
- N commits (default 100,000) on `main`, each touching one to three packages, with
  Conventional Commit messages;
- a release round every ROUND commits (default 2,000): of the packages changed since
  their last release, seven in ten release (a minor bump, their `package.json` versions
  set in one release commit, a `pNN@1.M.0` tag each), so packages' latest tags lie one to
  several rounds back;
- HEAD 1,000 commits after the last round.

    python3 monorepo.py [P] [N] | git -C REPO fast-import --quiet
"""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_repo import message  # noqa: E402

ROUND = 2000
TAIL = 1000


class Stream:
    def __init__(self) -> None:
        self.out = sys.stdout.buffer
        self.mark = 0
        self.clock = 1_600_000_000
        self.rng = random.Random(14)

    def commit(self, parent: int | None, msg: str, files: dict[str, bytes]) -> int:
        self.mark += 1
        self.clock += 60
        text = msg.encode()
        w = self.out.write
        w(f"commit refs/heads/main\nmark :{self.mark}\n".encode())
        w(f"author Ann Author <ann@example.com> {self.clock} +0000\n".encode())
        w(f"committer Ann Author <ann@example.com> {self.clock} +0000\n".encode())
        w(f"data {len(text)}\n".encode() + text)
        if parent is not None:
            w(f"from :{parent}\n".encode())
        for path, content in files.items():
            w(f"M 644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
        return self.mark

    def tag(self, name: str, mark: int) -> None:
        self.out.write(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())


def manifest(name: str, version: str, deps: list[str]) -> bytes:
    doc = {"name": name, "version": version, "dependencies": {d: "^1.0.0" for d in deps}}
    return (json.dumps(doc, indent=2) + "\n").encode()


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    packages = args[0] if args else 100
    n = args[1] if len(args) > 1 else 100_000
    s = Stream()
    names = [f"p{i:03d}" for i in range(packages)]
    deps = {
        name: sorted({names[s.rng.randrange(i)] for _ in range(1 + s.rng.randrange(2))}) if i else []
        for i, name in enumerate(names)
    }
    minor = {name: 0 for name in names}
    config = "".join(f'[packages.{name}]\npath = "packages/{name}"\n\n' for name in names)
    files = {
        "package.json": b'{\n  "name": "mono",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
        "relcore.toml": config.encode(),
    }
    for name in names:
        files[f"packages/{name}/package.json"] = manifest(name, "1.0.0", deps[name])
    head = s.commit(None, "chore: start the monorepo\n", files)
    for name in names:
        s.tag(f"{name}@1.0.0", head)
    changed: set[str] = set()
    rounds = (n - TAIL) // ROUND
    for i in range(1, n):
        touched = {names[s.rng.randrange(packages)] for _ in range(1 + s.rng.randrange(3))}
        changed |= touched
        head = s.commit(
            head,
            message(s.rng, i),
            # Sorted: a set's order changes with PYTHONHASHSEED, and with it the history.
            {f"packages/{t}/src/f{s.rng.randrange(20)}.js": f"// {i}\n".encode() for t in sorted(touched)},
        )
        if i % ROUND == 0 and i // ROUND <= rounds:
            released = [p for p in sorted(changed) if s.rng.random() < 0.7]
            for p in released:
                minor[p] += 1
            head = s.commit(
                head,
                "chore(release): " + ", ".join(f"{p}@1.{minor[p]}.0" for p in released) + "\n",
                {f"packages/{p}/package.json": manifest(p, f"1.{minor[p]}.0", deps[p]) for p in released},
            )
            for p in released:
                s.tag(f"{p}@1.{minor[p]}.0", head)
            changed -= set(released)
    s.out.write(b"reset refs/heads/main\nfrom :%d\n\n" % head)


if __name__ == "__main__":
    main()
