#!/usr/bin/env python3
"""relcore against git itself on random histories shaped like real ones.

Each seed builds a repository with `git fast-import`: a main line with merges of short
side branches (some never merged), stable and pre-release tags (a release candidate
promoted to the stable release on the same commit, pre-releases on unmerged branches,
tags that are no release), a maintenance branch with patch tags, commits dated out of
order, commits under several package paths, reverts of earlier commits, and HEAD on a
branch or detached. git answers what relcore must (`git tag --merged HEAD`,
`git log A..HEAD -- PATH`):

- `next`: the current version (the highest release tag HEAD contains) and the next one,
  from the commits since it (reverted pairs cancel, the 0.x rule);
- `next --package api`: the same for `api@X.Y.Z` tags and the commits under services/api;
- `changelog --all`: the release (and, for a pre-release, the stable release) that lists
  each feature and fix;
- `metrics`: release counts, lead time (each commit a release tag on any line contains,
  to the lowest version that contains it), reverts and hotfixes.

Clocks run up to four days behind only where the repository has a commit-graph: without
one, relcore trusts commit times to within a day (docs/guarantees.md, "Limits").

    python3 scripts/oracle-history.py RELCORE [SEEDS] [FIRST_SEED]

Prints each disagreement and exits 1 if there is any.
"""

import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
PACKAGE_PATHS = ["services/api", "services/api-v2", "web", "docs"]
CONFIG = '[packages.api]\npath = "services/api"\n\n[packages.web]\npath = "web"\n'
RANK = {None: 0, "patch": 1, "minor": 2, "major": 3}


def parse(text):
    m = SEMVER.match(text)
    if not m:
        return None
    pre = m.group(4).split(".") if m.group(4) else []
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre)


def precedence(v):
    major, minor, patch, pre = v
    ids = [(0, int(i), "") if i.isdigit() else (1, 0, i) for i in pre]
    return (major, minor, patch, not pre, ids)


def show(v):
    return f"{v[0]}.{v[1]}.{v[2]}" + ("-" + ".".join(v[3]) if v[3] else "")


def bump(v, level):
    """node-semver's `inc` for major, minor and patch."""
    major, minor, patch, pre = v
    if level == "major":
        return (major, 0, 0, []) if pre and minor == 0 and patch == 0 else (major + 1, 0, 0, [])
    if level == "minor":
        return (major, minor, 0, []) if pre and patch == 0 else (major, minor + 1, 0, [])
    return (major, minor, patch, []) if pre else (major, minor, patch + 1, [])


class History:
    """A fast-import stream and what it tags."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []
        self.mark = 0
        self.clock = 1_600_000_000
        self.tags = {}
        self.skew = 0

    def message(self):
        rng = self.rng
        kind = rng.choices(["feat", "fix", "docs", "chore", "perf", "refactor"], [10, 14, 5, 6, 2, 3])[0]
        scope = rng.choice(["", "", "(api)", "(core)"])
        bang = "!" if rng.random() < 0.03 else ""
        body = ""
        if rng.random() < 0.03:
            body = f"\n\nBody.\n\nBREAKING CHANGE: thing {self.mark} is gone"
        elif rng.random() < 0.1:
            body = f"\n\nBody of {self.mark}.\n\nRefs: #{self.mark}"
        return f"{kind}{scope}{bang}: change {self.mark}{body}\n"

    def commit(self, branch, parent, merge=None, message=None):
        rng = self.rng
        self.mark += 1
        self.clock += rng.choice([60, 600, 3600, 7200, 86400])
        when = self.clock - (rng.randrange(4 * 86400) if rng.random() < self.skew else 0)
        text = message or self.message()
        out = self.out
        out.append(f"commit refs/heads/{branch}\nmark :{self.mark}\n")
        out.append(f"author A U <a@example.com> {when} +0000\ncommitter A U <a@example.com> {when} +0000\n")
        out.append(f"data {len(text.encode())}\n{text}")
        if parent is not None:
            out.append(f"from :{parent}\n")
        if merge is not None:
            out.append(f"merge :{merge}\n")
        for directory in rng.sample(PACKAGE_PATHS, rng.choice([1, 1, 1, 2])):
            path = f"{directory}/f{self.mark % 3}.txt"
            if rng.random() < 0.05:
                out.append(f"D {path}\n")
            else:
                out.append(f"M 644 inline {path}\ndata {len(str(self.mark)) + 1}\n{self.mark}\n")
        out.append("\n")
        return self.mark

    def tag(self, name, mark):
        if name in self.tags:
            return
        self.tags[name] = mark
        if self.rng.random() < 0.3:
            text = f"Release {name}\n"
            self.out.append(f"tag {name}\nfrom :{mark}\ntagger T <t@example.com> {self.clock} +0000\n")
            self.out.append(f"data {len(text)}\n{text}\n")
        else:
            self.out.append(f"reset refs/tags/{name}\nfrom :{mark}\n\n")


def build(seed, prefix):
    """A history and where HEAD goes: ("branch", name) or ("mark", n)."""
    h = History(seed)
    rng = h.rng
    graph = rng.random() < 0.5
    h.skew = rng.choice([0.02, 0.1, 0.2]) if graph else 0
    version = rng.choice([(0, 1, 0, []), (1, 0, 0, []), (0, 0, 1, [])])
    heads = {"main": h.commit("main", None, message="chore: initial commit\n")}
    pending, stables, last_pre = [], [], None
    for step in range(rng.randrange(5, 120)):
        r = rng.random()
        if r < 0.12:
            name = f"side{step}"
            tip = heads["main"]
            for _ in range(rng.randrange(1, 5)):
                tip = h.commit(name, tip)
            if rng.random() < 0.2:
                pre = bump(version, rng.choice(["minor", "major"]))
                h.tag(prefix + show(pre[:3] + ([rng.choice(["next", "rc", "alpha"]), str(rng.randrange(1, 4))],)), tip)
            heads[name] = tip
            if rng.random() < 0.7:
                pending.append((name, tip))
        elif r < 0.22 and pending:
            name, tip = pending.pop(rng.randrange(len(pending)))
            heads["main"] = h.commit("main", heads["main"], merge=tip, message=f"Merge branch '{name}'\n")
        else:
            heads["main"] = h.commit("main", heads["main"])
        r = rng.random()
        if r < 0.08:
            if version[3] and last_pre and rng.random() < 0.6:
                version = version[:3] + ([],)
                h.tag(prefix + show(version), last_pre)
                stables.append((version, last_pre))
            else:
                version = bump(version, rng.choice(["patch", "patch", "minor", "minor", "major"]))
                h.tag(prefix + show(version), heads["main"])
                stables.append((version, heads["main"]))
        elif r < 0.12:
            base = version[:3] + ([],)
            target = base if version[3] else bump(base, rng.choice(["minor", "major", "patch"]))
            counter = int(version[3][1]) + 1 if len(version[3]) == 2 and version[3][1].isdigit() else 1
            ident = version[3][0] if version[3] else rng.choice(["rc", "beta"])
            version = target[:3] + ([ident, str(counter)],)
            h.tag(prefix + show(version), heads["main"])
            last_pre = heads["main"]
        elif r < 0.13:
            h.tag(rng.choice(["latest", "build-7", "v1.2", "release-2020"]), heads["main"])
    if stables and rng.random() < 0.4:
        patch, tip = rng.choice(stables)
        for k in range(rng.randrange(1, 8)):
            tip = h.commit("maint", tip, message=rng.choice(["fix: backport %d\n", "chore: port %d\n"]) % k)
            if rng.random() < 0.4:
                patch = bump(patch, "patch")
                h.tag(prefix + show(patch), tip)
        heads["maint"] = tip
    for name, tip in pending:
        if rng.random() < 0.3:
            heads["main"] = h.commit("main", heads["main"], merge=tip, message=f"Merge pull request #1 from x/{name}\n")
    r = rng.random()
    if r < 0.6:
        head = ("branch", "main")
    elif r < 0.8 and "maint" in heads:
        head = ("branch", "maint")
    elif r < 0.9 and len(heads) > 1:
        head = ("branch", rng.choice(sorted(heads)))
    else:
        head = ("mark", rng.randrange(1, h.mark + 1))
    return h, head, graph


def git(repo, *args, stdin=None):
    return subprocess.run(
        ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=True
    ).stdout.decode()


def make(seed, root, prefix):
    h, head, graph = build(seed, prefix)
    repo = root / f"r{seed}"
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "fast-import", "--quiet", stdin="".join(h.out).encode())
    git(repo, "checkout", "-q", head[1] if head[0] == "branch" else "main")
    if head[0] == "branch":
        rng = random.Random(seed * 7 + 1)
        recent = [line.split(" ", 1) for line in git(repo, "log", "--no-merges", "-n", "40", "--format=%H %s").splitlines()]
        recent = [(sha, subject) for sha, subject in recent if not subject.startswith("Revert")]
        for sha, subject in rng.sample(recent, min(len(recent), rng.randrange(0, 4))):
            message = f'Revert "{subject}"\n\nThis reverts commit {sha}.\n'
            git(repo, "-c", "user.name=R", "-c", "user.email=r@example.com", "commit", "-q", "--allow-empty", "-m", message)
    else:
        revs = git(repo, "rev-list", "--all", "--reverse", "--date-order").split()
        git(repo, "checkout", "-q", "--detach", revs[min(head[1], len(revs)) - 1])
    if h.rng.random() < 0.5:
        git(repo, "pack-refs", "--all")
    if graph:
        git(repo, "commit-graph", "write", "--reachable")
    return repo


def level_of(messages):
    """The release level of `messages` (whole commit messages, with `id` first lines)."""
    records = [m.split("\n", 1) for m in messages]
    ids = {sha for sha, _ in records}
    cancelled = set()
    for sha, body in records:
        target = re.search(r"This reverts commit ([0-9a-f]{40})", body)
        if body.startswith('Revert "') and target and target.group(1) in ids:
            cancelled |= {sha, target.group(1)}
    level = None
    for sha, body in records:
        if sha in cancelled:
            continue
        header = body.split("\n", 1)[0]
        found = None
        m = re.match(r"^(\w+)(\([^)]*\))?(!)?: ", header)
        if header.startswith('Revert "'):
            found = "patch"
        elif m and (m.group(3) or re.search(r"^BREAKING[ -]CHANGE: ", body, re.M)):
            found = "major"
        elif m and m.group(1) == "feat":
            found = "minor"
        elif m and m.group(1) in ("fix", "perf", "revert"):
            found = "patch"
        if RANK[found] > RANK[level]:
            level = found
    return level


def expected_next(repo, prefix, path):
    n = len(prefix)
    tags = [t for t in git(repo, "tag", "--merged", "HEAD").split() if t.startswith(prefix) and parse(t[n:])]
    current = max(tags, key=lambda t: precedence(parse(t[n:])), default=None)
    since = f"{current}..HEAD" if current else "HEAD"
    log = git(repo, "log", "--no-merges", "--full-history", "-z", "--format=%H%n%B", since, *(["--", path] if path else []))
    level = level_of([m.strip("\n") + "\n" for m in log.split("\0") if m.strip()])
    version = parse(current[n:]) if current else None
    if version is None:
        following = (0, 1, 0, []) if level else None
    elif level is None:
        following = None  # a pre-release with nothing new is finalised; not compared
    else:
        if version[0] == 0:
            level = {"major": "minor", "minor": "patch", "patch": "patch"}[level]
        following = bump(version, level)
    return show(version) if version else None, show(following) if following else None


def check_next(relcore, repo, prefix, path):
    args = [relcore, "next", "--json", "--repo", str(repo)]
    if path:
        args += ["--package", "api", "--config", str(repo.parent / "relcore.toml")]
    got = json.loads(subprocess.run(args, capture_output=True, check=False).stdout)
    current, following = expected_next(repo, prefix, path)
    finalised = following is None and current and "-" in current
    if got.get("current") != current or (got.get("next") != following and not finalised):
        return f"git: {current} -> {following}; relcore: {got.get('current')} -> {got.get('next')}"
    return None


def check_releases(relcore, repo):
    tags = [t for t in git(repo, "tag", "--merged", "HEAD").split() if t.startswith("v") and parse(t[1:])]
    holders = {}
    for tag in tags:
        for sha in git(repo, "rev-list", "--no-merges", tag).split():
            holders.setdefault(sha, []).append(tag)
    def sections_of(sha):
        found = holders.get(sha, [])
        key = lambda t: precedence(parse(t[1:]))  # noqa: E731
        sections = {min(found, key=key)[1:]} if found else {"unreleased"}
        stable = [t for t in found if not parse(t[1:])[3]]
        if stable:
            sections.add(min(stable, key=key)[1:])
        return sections

    want, reverted = {}, {}
    log = git(repo, "log", "--no-merges", "-z", "--format=%H%n%B", "HEAD")
    for record in filter(None, (r.strip("\n") for r in log.split("\0"))):
        sha, body = (record.split("\n", 1) + [""])[:2]
        target = re.search(r"This reverts commit ([0-9a-f]{40})", body)
        if body.startswith('Revert "') and target:
            reverted[target.group(1)] = sha
        elif body.startswith(("feat", "fix")):
            want[sha] = sections_of(sha)
    # A change and its revert in the same release cancel out: neither is listed.
    for sha, revert in reverted.items():
        if sha in want and want[sha] == sections_of(revert):
            del want[sha]
    out = subprocess.run(
        [relcore, "changelog", "--all", "--json", "--repo", str(repo), "--date", "2026-01-01"],
        capture_output=True,
        check=False,
    )
    doc = json.loads(out.stdout)
    have = {}
    sections = [(r["version"], r["groups"]) for r in doc["releases"]] + [("unreleased", doc.get("unreleased") or [])]
    for version, groups in sections:
        for group in groups:
            for entry in group["entries"]:
                have.setdefault(entry["id"], set()).add(version)
    wrong = [(sha[:7], sorted(want[sha]), sorted(have.get(sha, []))) for sha in want if want[sha] != have.get(sha, set())]
    return f"{len(wrong)} commits in other releases, first: {wrong[:3]}" if wrong else None


def median(values):
    """The median as relcore computes it: of an even count, the mean of the two middle
    values rounded down."""
    values = sorted(values)
    n = len(values)
    if not n:
        return None
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) // 2


def check_metrics(relcore, repo):
    """Release counts, lead time (each commit a release tag contains, on any line, to the
    lowest version that contains it) and the share of reverts (commits of HEAD and the
    tags)."""
    tags = [t for t in git(repo, "tag").split() if t.startswith("v") and parse(t[1:])]
    released = {t: int(git(repo, "log", "-1", "--format=%ct", t)) for t in tags}
    first = {}
    for tag in sorted(tags, key=lambda t: precedence(parse(t[1:])), reverse=True):
        for line in git(repo, "log", "--no-merges", "--format=%H %ct", tag).splitlines():
            sha, time = line.split()
            first[sha] = max(0, released[tag] - int(time))
    leads = sorted(first.values())
    p90 = leads[-(-9 * len(leads) // 10) - 1] if leads else None
    subjects = git(repo, "log", "--no-merges", "--format=%s", "HEAD", *tags).splitlines()
    reverts = sum(1 for s in subjects if s.startswith('Revert "') or re.match(r"revert(\(|:)", s, re.I))
    stable = [t for t in tags if not parse(t[1:])[3]]
    # A hotfix: a patch release of a line below the highest line released before it.
    lines = {t: parse(t[1:])[:2] for t in stable}
    hotfixes = sum(
        1
        for t in stable
        if parse(t[1:])[2] > 0 and lines[t] < max((lines[u] for u in stable if released[u] < released[t]), default=lines[t])
    )
    want = [len(stable), len(tags) - len(stable), len(leads), median(leads), p90, reverts, len(subjects), hotfixes]
    out = subprocess.run([relcore, "metrics", "--json", "--repo", str(repo)], capture_output=True, check=False)
    doc = json.loads(out.stdout)
    lead, count = doc["lead_time"], doc["reverts"]
    got = [doc["releases"]["stable"], doc["releases"]["prereleases"], lead["count"], lead["median"], lead["p90"]]
    got += [count["count"], count["total"], doc["hotfixes"]["count"]]
    names = "stable, pre-releases, lead count, median, p90, reverts, commits, hotfixes"
    return None if got == want else f"git: {want}; relcore: {got} ({names})"


def main():
    relcore = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    failures = 0
    with tempfile.TemporaryDirectory(prefix="relcore-oracle-") as tmp:
        root = Path(tmp)
        (root / "relcore.toml").write_text(CONFIG)
        for seed in range(first, first + seeds):
            repo = make(seed, root, "v")
            problems = [
                ("next", check_next(relcore, repo, "v", None)),
                ("changelog --all", check_releases(relcore, repo)),
                ("metrics", check_metrics(relcore, repo)),
            ]
            shutil.rmtree(repo)
            repo = make(seed, root, "api@")
            problems.append(("next --package api", check_next(relcore, repo, "api@", "services/api")))
            shutil.rmtree(repo)
            for name, problem in problems:
                if problem:
                    failures += 1
                    print(f"seed {seed}, {name}: {problem}")
    print(f"{seeds} seeds, {4 * seeds} checks: {failures} disagreements with git")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
