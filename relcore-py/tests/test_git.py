"""relcore.git on throw-away repositories built with the `git` command: Repository.open,
head, release tags, commits, annotated tags and release(), plus the shared test against
the CLI (`RELCORE_BIN release --json` on the same repository)."""

from __future__ import annotations

import datetime
import json
import os
import pickle
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from relcore import ChangelogError, RelcoreError, VersionError, next_version, render_changelog
from relcore.git import (
    ConfigError,
    GitError,
    ReleaseError,
    Repository,
    check_versions,
    plan_set,
    release,
    release_workspace,
    sync_plan,
)

# 2025-01-01T00:00:00Z; every commit is a minute after the one before.
START = 1_735_689_600
AUTHOR = ("Ada Lovelace", "ada@example.com")


class Git:
    """A throw-away repository at `path`, driven by the `git` command with a fixed identity
    and clock, isolated from the user's and the system's git configuration."""

    def __init__(self, path: Path, *, init: bool = True) -> None:
        self.path = path
        self.time = START
        path.mkdir(parents=True, exist_ok=True)
        if init:
            self("init", "-q", "-b", "main")
            # The identity libgit2 signs `create_tag` with.
            self("config", "user.name", AUTHOR[0])
            self("config", "user.email", AUTHOR[1])

    def __call__(self, *args: str) -> str:
        date = f"@{self.time} +0000"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": AUTHOR[0],
            "GIT_AUTHOR_EMAIL": AUTHOR[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": AUTHOR[0],
            "GIT_COMMITTER_EMAIL": AUTHOR[1],
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    def commit(self, message: str, files: Optional[dict[str, str]] = None) -> str:
        """Commits `files` (path: text; a counter file when none) with `message`; returns
        the commit id."""
        self.time += 60
        for name, text in (files or {"counter.txt": str(self.time)}).items():
            file = self.path / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
        self("add", "-A")
        self("commit", "-q", "-m", message)
        return self.head()

    def tag(self, name: str, message: Optional[str] = None, at: str = "HEAD") -> None:
        """A lightweight tag, or an annotated one with `message`."""
        if message is None:
            self("tag", name, at)
        else:
            self("tag", "-a", name, "-m", message, at)

    def merge(self, branch: str, message: str) -> str:
        self.time += 60
        self("merge", "-q", "--no-ff", "-m", message, branch)
        return self.head()

    def head(self) -> str:
        return self("rev-parse", "HEAD")


@pytest.fixture
def git(tmp_path: Path) -> Git:
    return Git(tmp_path / "repo")


def headers(commits: list[Any]) -> list[str]:
    return [c["commit"]["header"] for c in commits]


def history(git: Git) -> dict[str, str]:
    """A release v1.0.0, then features, fixes, a merge, a migration, a breaking change on
    a branch that is not merged, and tags that are not release tags; the commit ids."""
    ids = {"initial": git.commit("feat: initial import", {"README.md": "# demo\n"})}
    git.tag("v1.0.0")
    ids["api"] = git.commit("feat(api): add /v2/orders", {"src/api.rs": "orders\n"})
    git("checkout", "-q", "-b", "topic")
    ids["topic"] = git.commit("fix(ui): align the buttons\n\nCloses #12", {"web/ui.css": "a\n"})
    git("checkout", "-q", "main")
    ids["docs"] = git.commit("docs: explain the orders endpoint", {"docs/orders.md": "x\n"})
    ids["merge"] = git.merge("topic", "Merge branch 'topic'")
    ids["migration"] = git.commit(
        "feat(db): add the orders table", {"db/migrations/0042_orders.sql": "create table orders;\n"}
    )
    git("checkout", "-q", "-b", "unmerged", ids["initial"])
    ids["unmerged"] = git.commit("feat!: a rewrite nobody merged")
    git.tag("v9.0.0")
    git("checkout", "-q", "main")
    git.tag("nightly")
    git.tag("release-2025")
    return ids


# ---------------------------------------------------------------- open, head


def test_open_and_head(git: Git) -> None:
    first = git.commit("feat: a")
    (git.path / "sub" / "dir").mkdir(parents=True)
    paths: list[str | os.PathLike[str]] = [git.path, str(git.path), git.path / "sub" / "dir"]
    for path in paths:
        repo = Repository.open(path)
        assert repo.head() == {"commit": first, "branch": "main"}
    assert repr(Repository.open(git.path / "sub")) == f"Repository({str(git.path) + os.sep!r})"
    git("checkout", "-q", "--detach")
    assert Repository.open(git.path).head() == {"commit": first, "branch": None}


def test_open_the_current_directory(git: Git, monkeypatch: pytest.MonkeyPatch) -> None:
    first = git.commit("feat: a")
    monkeypatch.chdir(git.path)
    assert Repository.open().head()["commit"] == first


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as info:
        Repository.open(plain)
    assert info.value.kind == "not_a_repository"
    assert str(info.value) == f"no git repository at {plain} or any parent"
    assert isinstance(info.value, RelcoreError) and isinstance(info.value, ValueError)
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.kind) == (GitError, str(info.value), "not_a_repository")
    with pytest.raises(ReleaseError) as released:
        release(plain)
    assert released.value.kind == "not_a_repository"


def test_empty_repository(git: Git) -> None:
    repo = Repository.open(git.path)
    calls: list[Callable[[], object]] = [repo.head, repo.latest_tag, repo.release_tags, repo.commits]
    for call in calls:
        with pytest.raises(GitError) as info:
            call()
        assert info.value.kind == "empty_repository"
        assert str(info.value) == "the repository has no commits yet"
    with pytest.raises(GitError) as info:
        repo.create_tag("v1.0.0", "notes")
    assert info.value.kind == "empty_repository"
    with pytest.raises(ReleaseError) as released:
        release(git.path)
    assert released.value.kind == "empty_repository"


def test_argument_types(git: Git) -> None:
    git.commit("feat: a")
    with pytest.raises(TypeError):
        Repository.open(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Repository(git.path)  # type: ignore[call-arg]
    repo = Repository.open(git.path)
    with pytest.raises(TypeError):
        repo.latest_tag("v{version}")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="expected an iterable of paths, got a single str"):
        repo.commits(paths="src")
    with pytest.raises(TypeError, match="^item 0: expected str, got int"):
        repo.commits(paths=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="^expected an iterable of str, got int"):
        repo.commits(paths=1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- tags


def test_latest_tag_by_precedence(git: Git) -> None:
    ids = history(git)
    git.tag("v1.2.0", "release 1.2.0", at=ids["api"])  # annotated
    git.tag("v1.10.0", at=ids["merge"])  # 1.10.0 > 1.2.0: numbers, not text
    git.tag("v1.10.0-rc.1", "release candidate", at=ids["docs"])
    git.tag("v1.9.0", at=ids["merge"])  # two tags on one commit: both count
    repo = Repository.open(git.path)
    latest = repo.latest_tag()
    assert latest == {
        "name": "v1.10.0",
        "version": "1.10.0",
        "package": None,
        "commit": ids["merge"],
        "time": int(git("show", "-s", "--format=%ct", ids["merge"])),
    }
    names = [tag["name"] for tag in repo.release_tags()]
    # v9.0.0 is on a branch HEAD does not contain; nightly and release-2025 are no release tags.
    assert names == ["v1.10.0", "v1.10.0-rc.1", "v1.9.0", "v1.2.0", "v1.0.0"]
    # An annotated tag names the commit it points at, not the tag object.
    assert repo.release_tags()[3]["commit"] == ids["api"]
    # From the unmerged branch, its own tag is the latest.
    git("checkout", "-q", "unmerged")
    assert Repository.open(git.path).latest_tag()["name"] == "v9.0.0"  # type: ignore[index]


def test_no_release_tag(git: Git) -> None:
    git.commit("feat: a")
    git.tag("nightly")
    repo = Repository.open(git.path)
    assert repo.latest_tag() is None
    assert repo.release_tags() == []


def test_tag_formats_and_packages(git: Git) -> None:
    git.commit("feat: a")
    git.tag("api@1.2.0")
    git.tag("web@2.0.0")
    git.tag("v3.0.0")
    repo = Repository.open(git.path)
    assert repo.latest_tag()["name"] == "v3.0.0"  # type: ignore[index]
    monorepo = "{package}@{version}"
    assert [t["name"] for t in repo.release_tags(tag_format=monorepo)] == ["web@2.0.0", "api@1.2.0"]
    api = repo.latest_tag(tag_format=monorepo, package="api")
    assert api is not None and (api["name"], api["version"], api["package"]) == ("api@1.2.0", "1.2.0", "api")
    assert repo.latest_tag(tag_format=monorepo, package="cli") is None
    with pytest.raises(VersionError) as info:
        repo.latest_tag(tag_format="vé{ver}")
    assert (info.value.kind, info.value.offset) == ("unknown_placeholder", 2)
    with pytest.raises(VersionError) as info:
        repo.release_tags(tag_format="release")
    assert info.value.kind == "missing_version_placeholder"


# ---------------------------------------------------------------- commits


def test_commits(git: Git) -> None:
    ids = history(git)
    repo = Repository.open(git.path)
    since = repo.commits(since="v1.0.0")
    # Newest first, the merge skipped.
    assert headers(since) == [
        "feat(db): add the orders table",
        "docs: explain the orders endpoint",
        "fix(ui): align the buttons",
        "feat(api): add /v2/orders",
    ]
    first = since[0]
    assert first["paths"] == []
    assert first["commit"]["id"] == ids["migration"]
    assert first["commit"]["author"] == {"name": AUTHOR[0], "email": AUTHOR[1]}
    assert first["commit"]["time"] == int(git("show", "-s", "--format=%ct", ids["migration"]))
    assert (first["commit"]["type"], first["commit"]["scope"]) == ("feat", "db")
    assert since[2]["commit"]["references"] == [{"kind": "closes", "repository": None, "number": 12}]
    # The whole history from HEAD; the unmerged branch is not in it.
    assert len(repo.commits()) == 5
    # Merges on request, marked.
    merges = [c for c in repo.commits(since="v1.0.0", include_merges=True) if c["commit"]["merge"]]
    assert [c["commit"]["id"] for c in merges] == [ids["merge"]]
    # The mainline only.
    mainline = repo.commits(since="v1.0.0", first_parent=True, include_merges=True)
    assert [c["commit"]["id"] for c in mainline] == [ids["migration"], ids["merge"], ids["docs"], ids["api"]]
    # From another revision.
    assert headers(repo.commits(since=ids["initial"], until=ids["api"])) == ["feat(api): add /v2/orders"]
    assert headers(repo.commits(since="v1.0.0", until="unmerged")) == ["feat!: a rewrite nobody merged"]


def test_commit_paths(git: Git) -> None:
    history(git)
    repo = Repository.open(git.path)
    changed = repo.commits(since="v1.0.0", changed_paths=True)
    assert [c["paths"] for c in changed] == [
        ["db/migrations/0042_orders.sql"],
        ["docs/orders.md"],
        ["web/ui.css"],
        ["src/api.rs"],
    ]
    assert headers(repo.commits(paths=["web"])) == ["fix(ui): align the buttons"]
    assert headers(repo.commits(paths=("db/migrations/", "README.md"))) == [
        "feat(db): add the orders table",
        "feat: initial import",
    ]
    assert repo.commits(paths=["nowhere"]) == []


def test_commits_feed_the_core(git: Git) -> None:
    history(git)
    repo = Repository.open(git.path)
    tag = repo.latest_tag()
    assert tag is not None
    commits = [c["commit"] for c in repo.commits(since=tag["name"])]
    assert next_version(tag["version"], commits)["next"] == "1.1.0"


def test_unknown_revision(git: Git) -> None:
    git.commit("feat: a")
    repo = Repository.open(git.path)
    with pytest.raises(GitError) as info:
        repo.commits(since="v0.1.0")
    assert info.value.kind == "unknown_revision"
    with pytest.raises(GitError) as info:
        repo.commits(until="nope")
    assert info.value.kind == "unknown_revision"
    assert str(info.value) == "unknown revision `nope`"


def test_threads_share_a_repository(git: Git) -> None:
    history(git)
    repo = Repository.open(git.path)
    expected = repo.commits(changed_paths=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: repo.commits(changed_paths=True), range(16)))
    assert all(result == expected for result in results)


# ---------------------------------------------------------------- create_tag


def test_create_tag(git: Git) -> None:
    head = git.commit("feat: a")
    repo = Repository.open(git.path)
    tag_id = repo.create_tag("v1.0.0", "## 1.0.0\n\n- a\n")
    assert re.fullmatch("[0-9a-f]{40}", tag_id)
    assert git("rev-parse", "v1.0.0") == tag_id
    assert git("cat-file", "-t", "v1.0.0") == "tag"
    assert git("rev-parse", "v1.0.0^{commit}") == head
    assert git("tag", "-l", "--format=%(contents)", "v1.0.0") == "## 1.0.0\n\n- a"
    assert git("tag", "-l", "--format=%(taggername) %(taggeremail)", "v1.0.0") == f"{AUTHOR[0]} <{AUTHOR[1]}>"
    assert repo.latest_tag()["name"] == "v1.0.0"  # type: ignore[index]
    # Never moved: the second try fails, and the tag stays where it was.
    git.commit("fix: b")
    with pytest.raises(GitError) as info:
        repo.create_tag("v1.0.0", "again")
    assert info.value.kind == "tag_exists"
    assert str(info.value) == "tag `v1.0.0` already exists; relcore never moves a tag"
    assert git("rev-parse", "v1.0.0") == tag_id
    git.tag("v1.0.1")  # a lightweight tag is a tag too
    with pytest.raises(GitError) as info:
        repo.create_tag("v1.0.1", "again")
    assert info.value.kind == "tag_exists"
    for bad in ["v1..0", "v1.0 ", "", "v1.0.0.lock"]:
        with pytest.raises(GitError) as info:
            repo.create_tag(bad, "notes")
        assert info.value.kind == "invalid_tag_name", bad


# ---------------------------------------------------------------- release


def test_release(git: Git) -> None:
    history(git)
    report = release(git.path, date="2025-11-15")
    assert set(report) == {
        "current",
        "current_tag",
        "next",
        "level",
        "reasons",
        "commits",
        "branch",
        "tag",
        "release",
        "section",
        "notes",
        "classification",
        "plan",
        "warnings",
    }
    assert report["plan"] is None  # no rollout.yml
    assert report["warnings"] == []
    assert (report["current"], report["current_tag"], report["next"], report["level"]) == (
        "1.0.0",
        "v1.0.0",
        "1.1.0",
        "minor",
    )
    # The merge is read (and skipped by the policy).
    assert (report["commits"], report["branch"], report["tag"]) == (5, "main", "v1.1.0")
    assert [reason["rule"] for reason in report["reasons"]] == ["feature"]
    section = report["section"]
    assert section is not None and section.startswith("## [1.1.0] - 2025-11-15\n\n### Added\n")
    assert "- **db**: add the orders table" in section
    assert report["notes"] and report["release"] and report["release"]["version"] == "1.1.0"
    classification = report["classification"]
    assert classification is not None
    assert (classification["type"], classification["risk"]) == ("migration", "high")
    assert classification["reasons"][0]["paths"] == ["db/migrations/0042_orders.sql"]
    # A date object, and the default of today's date left out.
    assert release(git.path, date=datetime.date(2025, 11, 15)) == report
    assert release(git.path, date=datetime.datetime(2025, 11, 15, 23, 59)) == report
    undated = release(git.path)["section"]
    assert undated is not None and undated.startswith("## [1.1.0]\n")


def test_release_without_a_tag_starts_from_the_version_file(git: Git) -> None:
    # A project that released 2.3.0 without tags: never a version below it.
    git.commit("chore: start", {"package.json": '{"name": "x", "version": "2.3.0"}\n'})
    git.commit("chore: settings", {"relcore.toml": 'version_files = ["package.json"]\n'})
    git.commit("fix: a")
    report = release(git.path, date="2025-11-15")
    assert (report["current"], report["current_tag"], report["next"]) == ("2.3.0", None, "2.3.1")
    assert report["warnings"] == [
        "no release tag matches `v{version}`: the current version is 2.3.0, as package.json has it"
    ]


def test_release_options(git: Git, monkeypatch: pytest.MonkeyPatch) -> None:
    history(git)
    candidate = release(git.path, channel="rc")
    assert (candidate["next"], candidate["tag"]) == ("1.1.0-rc.1", "v1.1.0-rc.1")
    hotfix = release(git.path, hotfix=True)
    assert hotfix["release"] is not None and hotfix["release"]["hotfix"] is True
    assert hotfix["classification"] is not None and hotfix["classification"]["pace"] == "fast_track"
    monkeypatch.chdir(git.path / "db")
    assert release()["next"] == "1.1.0"
    with pytest.raises(ReleaseError) as info:
        release(git.path, channel="r c")
    assert info.value.kind == "invalid_identifier"


def test_nothing_to_release(git: Git) -> None:
    git.commit("feat: a")
    git.tag("v1.0.0")
    git.commit("docs: b")
    report = release(git.path)
    assert (report["current"], report["next"], report["level"], report["commits"]) == ("1.0.0", None, None, 1)
    assert [reason["rule"] for reason in report["reasons"]] == ["no_releasable_changes"]
    for key in ["tag", "release", "section", "notes", "classification"]:
        assert report[key] is None, key  # type: ignore[literal-required]


def test_release_config(git: Git) -> None:
    history(git)
    config = {
        "changelog": {"repository_url": "https://github.com/acme/shop"},
        "bump": {"channel": "beta"},
        "risk": {"disabled": ["schema_migration"]},
    }
    report = release(git.path, config=config, date="2025-11-15")
    assert report["next"] == "1.1.0-beta.1"
    section = report["section"]
    assert section is not None
    assert section.startswith("## [1.1.0-beta.1] - 2025-11-15\n")
    assert re.search(r"\(\[[0-9a-f]{7}\]\(https://github\.com/acme/shop/commit/[0-9a-f]{40}\)\)", section)
    assert report["classification"] is not None and report["classification"]["type"] == "feature"
    # The channel argument wins over the configuration's.
    assert release(git.path, config=config, channel="rc")["next"] == "1.1.0-rc.1"
    # relcore.toml at the root, when there is no config argument.
    (git.path / "relcore.toml").write_text('[bump]\nchannel = "alpha"\n', encoding="utf-8")
    assert release(git.path / "src")["next"] == "1.1.0-alpha.1"
    assert release(git.path, config={})["next"] == "1.1.0"


def test_release_config_errors(git: Git) -> None:
    history(git)
    with pytest.raises(ConfigError) as info:
        release(git.path, config={"bump": {"chanel": "rc"}})
    assert (info.value.kind, info.value.line, info.value.column) == ("invalid_config", None, None)
    assert str(info.value).startswith("invalid config key `bump.chanel`: unknown field `chanel`, expected one of")
    with pytest.raises(ConfigError, match=r"^invalid config key `tag_format`: unknown placeholder"):
        release(git.path, config={"tag_format": "v{ver}"})
    with pytest.raises(TypeError, match="expected a mapping, got list"):
        release(git.path, config=[])  # type: ignore[arg-type]
    toml = git.path / "relcore.toml"
    toml.write_text('tag_format = "v{version}"\n\n[bump]\nchanel = "rc"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        release(git.path)
    assert (info.value.kind, info.value.line, info.value.column) == ("invalid_config", 4, 1)
    assert str(info.value).startswith(f"{toml}:4:1: unknown field `chanel`")
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), again.kind, again.line, again.column) == (ConfigError, "invalid_config", 4, 1)
    # A config argument replaces the file.
    assert release(git.path, config={})["next"] == "1.1.0"
    toml.unlink()
    toml.mkdir()
    with pytest.raises(IsADirectoryError) as unreadable:
        release(git.path)
    assert unreadable.value.filename == str(toml)


def test_release_of_one_package(git: Git) -> None:
    git.commit("feat: api", {"services/api/main.py": "1"})
    git.tag("api@1.2.0")
    git.commit("feat: web", {"web/index.js": "1"})
    git.tag("web@0.4.0")
    git.commit("fix(api): timeouts", {"services/api/main.py": "2"})
    git.commit("feat(ui): dark mode", {"shared/ui/theme.css": "dark"})
    config = {"packages": {"api": {"path": "services/api"}, "web": {"path": ["web", "shared/ui"]}}}
    api = release(git.path, config=config, package="api", date="2025-11-15")
    assert (api["current_tag"], api["next"], api["tag"], api["commits"]) == ("api@1.2.0", "1.2.1", "api@1.2.1", 1)
    web = release(git.path, config=config, package="web", date="2025-11-15")
    assert (web["current_tag"], web["next"], web["tag"]) == ("web@0.4.0", "0.4.1", "web@0.4.1")
    assert web["section"] is not None and "dark mode" in web["section"] and "timeouts" not in web["section"]
    with pytest.raises(ReleaseError) as info:
        release(git.path, config=config)
    assert info.value.kind == "package_required"
    assert str(info.value) == "relcore.toml has [packages]: name the package to release (api, web)"
    with pytest.raises(ReleaseError) as info:
        release(git.path, config=config, package="cli")
    assert info.value.kind == "unknown_package"
    (git.path / "relcore.toml").write_text('[packages.api]\npath = "../api"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        release(git.path, package="api")
    assert (bad.value.kind, bad.value.line, bad.value.column) == ("invalid_config", 2, 8)


def test_check_versions(git: Git) -> None:
    git.commit("feat: core", {"core/package.json": '{\n  "name": "@acme/core",\n  "version": "2.0.0"\n}\n'})
    git.commit(
        "feat: web",
        {"web/package.json": '{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": { "@acme/core": "^1.4.0" }\n}\n'},
    )
    config = {"packages": {"core": {"path": "core"}, "web": {"path": "web"}}}
    report = check_versions(git.path, config=config)
    assert [(p["name"], p["version"], p["tag"]) for p in report["packages"]] == [("core", "2.0.0", None), ("web", "1.0.0", None)]
    [problem] = report["diagnostics"]
    assert (problem["code"], problem["path"], problem["line"], problem["column"]) == (
        "requirement_excludes_version",
        "web/package.json",
        4,
        36,
    )
    assert problem["hint"] == "rewrite it to `^2.0.0`"
    # The same document as the CLI's.
    bin_ = os.environ.get("RELCORE_BIN")
    if bin_:
        (git.path / "relcore.toml").write_text(
            '[packages.core]\npath = "core"\n[packages.web]\npath = "web"\n', encoding="utf-8"
        )
        done = subprocess.run(
            [bin_, "check", "versions", "--repo", str(git.path), "--json"], capture_output=True, text=True
        )
        assert done.returncode == 1
        assert json.loads(done.stdout) == check_versions(git.path)
    with pytest.raises(ConfigError):
        check_versions(git.path, config={"packages": {"core": {"path": "../core"}}})


def test_release_workspace(git: Git) -> None:
    git.commit("feat: core", {"core/package.json": '{\n  "name": "@acme/core",\n  "version": "1.4.0"\n}\n'})
    git.commit(
        "feat: web",
        {"web/package.json": '{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": { "@acme/core": "^1.4.0" }\n}\n'},
    )
    git.tag("core@1.4.0")
    git.tag("web@1.0.0")
    git.commit("feat(core)!: drop the old API", {"core/index.js": "export {}\n"})
    config = {"packages": {"core": {"path": "core"}, "web": {"path": "web"}}}
    prepared = release_workspace(git.path, config=config, date="2026-12-03")
    plan = prepared["plan"]
    assert [(p["name"], p["next"], p["level"]) for p in plan["packages"]] == [("core", "2.0.0", "major"), ("web", "1.0.1", "patch")]
    [rewrite] = plan["rewrites"]
    assert (rewrite["package"], rewrite["old"], rewrite["new"], rewrite["at"]["line"]) == ("web", "^1.4.0", "^2.0.0", 4)
    assert plan["packages"][1]["changelog"] is not None and "core@2.0.0" in plan["packages"][1]["changelog"]
    # Each releasing package prepared at the plan's version, with its dependency update.
    assert [(p["name"], p["next"], p["tag"]) for p in prepared["packages"]] == [
        ("core", "2.0.0", "core@2.0.0"),
        ("web", "1.0.1", "web@1.0.1"),
    ]
    web = prepared["packages"][1]
    assert web["version_file"] == "web/package.json" and web["changelog"] == "web/CHANGELOG.md"
    assert web["section"] is not None and "Updated dependencies: core@2.0.0" in web["section"]
    assert "## [1.0.1] - 2026-12-03" in web["section"]
    # Only core's own commits count: web still releases, for its dependency.
    narrowed = release_workspace(git.path, config=config, packages=["web"])
    assert narrowed["packages"] == []
    bin_ = os.environ.get("RELCORE_BIN")
    if bin_:
        (git.path / "relcore.toml").write_text(
            '[packages.core]\npath = "core"\n[packages.web]\npath = "web"\n', encoding="utf-8"
        )
        done = subprocess.run(
            [bin_, "release", "--repo", str(git.path), "--date", "2026-12-03", "--json"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        cli = json.loads(done.stdout)
        for written in ("tagged", "committed", "files"):
            del cli[written]
        assert cli == release_workspace(git.path, date="2026-12-03")


def test_sync_plan(git: Git) -> None:
    web = '{\n  "name": "web",\n  "version": "1.2.0",\n  "dependencies": { "@acme/core": "^1.4.0" }\n}\n'
    git.commit(
        "feat: packages",
        {
            "relcore.toml": '[packages.core]\npath = "core"\n[packages.web]\npath = "web"\n[packages.admin]\npath = "admin"\n'
            '[groups.front]\nkind = "fixed"\nmembers = ["web", "admin"]\n',
            "core/package.json": '{\n  "name": "@acme/core",\n  "version": "2.0.0"\n}\n',
            "web/package.json": web,
            "admin/package.json": '{\n  "name": "admin",\n  "version": "1.1.0"\n}\n',
        },
    )
    report = sync_plan(git.path)
    assert [(v["package"], v["from"], v["to"], v["at"]["file"]) for v in report["versions"]] == [
        ("admin", "1.1.0", "1.2.0", "admin/package.json")
    ]
    assert [(w["package"], w["old"], w["new"], w["at"]["line"]) for w in report["rewrites"]] == [("web", "^1.4.0", "^2.0.0", 4)]
    assert report["files"] == [
        {"path": "admin/package.json", "state": "would_change"},
        {"path": "web/package.json", "state": "would_change"},
    ]
    assert (report["written"], report["unresolved"]) == (False, [])
    assert (git.path / "web/package.json").read_text(encoding="utf-8") == web, "a dry run writes nothing"
    bin_ = os.environ.get("RELCORE_BIN")
    if bin_:
        done = subprocess.run([bin_, "sync", "--repo", str(git.path), "--json"], capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        assert json.loads(done.stdout) == report
    with pytest.raises(ConfigError):
        sync_plan(git.path, config={"packages": {"core": {"path": "../core"}}})


def test_plan_set(tmp_path: Path) -> None:
    backend = Git(tmp_path / "backend")
    backend.commit("feat: first")
    backend.tag("v2.0.3")
    backend.commit("feat: search")
    frontend = Git(tmp_path / "frontend")
    frontend.commit("feat: first")
    frontend.tag("v1.4.0")
    frontend.commit("fix: layout")
    file = tmp_path / "relcore-set.toml"
    file.write_text(
        '[repositories]\nfrontend = { path = "frontend", requires = { backend = ">=2.1, <3" } }\nbackend = "backend"\n',
        encoding="utf-8",
    )
    plan = plan_set(file)
    assert (plan["order"], plan["rollback"]) == (["backend", "frontend"], ["frontend", "backend"])
    assert [(r["name"], r["current"], r["next"]) for r in plan["repositories"]] == [
        ("frontend", "1.4.0", "1.4.1"),
        ("backend", "2.0.3", "2.1.0"),
    ]
    assert plan["checks"] == [
        {"repository": "frontend", "requires": "backend", "requirement": ">=2.1, <3", "version": "2.1.0", "satisfied": True}
    ]
    assert plan["problems"] == []
    bin_ = os.environ.get("RELCORE_BIN")
    if bin_:
        done = subprocess.run([bin_, "set", "plan", "--set", str(file), "--json"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == plan
    file.write_text('[repositories]\nbackend = "backend"\nfrontend = { path = "frontend", requires = { backend = ">=3" } }\n', encoding="utf-8")
    failing = plan_set(file)
    assert failing["checks"][0]["satisfied"] is False
    assert [p["code"] for p in failing["problems"]] == ["requirement_not_satisfied"]
    file.write_text("[repositories]\nbackend = 3\n", encoding="utf-8")
    with pytest.raises(ReleaseError) as info:
        plan_set(file)
    assert (info.value.kind, info.value.line, info.value.column) == ("invalid_set", 2, 11)
    with pytest.raises(ReleaseError) as info:
        plan_set(tmp_path / "none.toml")
    assert info.value.kind == "set_not_found"


def test_release_errors(git: Git) -> None:
    history(git)
    with pytest.raises(ReleaseError) as info:
        release(git.path, date="2025-13-01")
    assert info.value.kind == "invalid_date"
    assert str(info.value).startswith("invalid date `2025-13-01`")
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.kind) == (ReleaseError, str(info.value), "invalid_date")
    with pytest.raises(TypeError):
        release(git.path, date=20251115)  # type: ignore[arg-type]
    with pytest.raises(ReleaseError) as info:
        release(git.path, config={"tag_format": "{package}@{version}"})
    assert info.value.kind == "missing_package"
    with pytest.raises(ReleaseError) as info:
        release(git.path, config={"changelog": {"template": "missing.j2"}})
    assert info.value.kind == "io"
    (git.path / "bad.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(ReleaseError) as info:
        release(git.path, config={"changelog": {"template": "bad.j2"}})
    assert info.value.kind == "template_syntax"
    with pytest.raises(TypeError):
        release(git.path, "2025-11-15")  # type: ignore[call-arg]


# ---------------------------------------------------------------- the same as the CLI


def cli_release(repo: Path) -> dict[str, Any]:
    """`relcore release --json` of the CLI in `RELCORE_BIN` on `repo`, without the
    CLI-only `tagged`, `files` and `committed`."""
    binary = os.environ.get("RELCORE_BIN")
    if not binary:
        pytest.skip("RELCORE_BIN is not set: no CLI to compare with")
    done = subprocess.run(
        [binary, "release", "--repo", str(repo), "--date", "2025-11-15", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    report.pop("tagged", None)
    report.pop("files", None)
    report.pop("committed", None)
    return report


def shop(git: Git) -> None:
    """The history of :func:`history`, with a breaking change, a revert, a dependency
    update, a co-author, and a relcore.toml with links, sections and a risk override."""
    history(git)
    git.commit("fix(api)!: orders are paged\n\nBREAKING CHANGE: pass ?page=1 for the first page")
    reverted = git.commit("perf: cache the orders")
    git.commit(f'Revert "perf: cache the orders"\n\nThis reverts commit {reverted}.')
    git.commit("build(deps): bump serde from 1.0.1 to 1.0.2 in /api")
    git.commit("fix: typo\n\nCo-authored-by: Grace Hopper <grace@example.com>")
    (git.path / "relcore.toml").write_text(
        "[changelog]\n"
        'repository_url = "https://github.com/acme/shop"\n'
        "breaking_section = true\n"
        "\n[risk]\n"
        'overrides = [{ name = "api", when = { any_path = ["src/**"] }, then = { approval = '
        '{ level = "required", by = ["api-owners"] } } }]\n',
        encoding="utf-8",
    )


def nothing(git: Git) -> None:
    """A release tag and only a documentation change since."""
    git.commit("feat: a")
    git.tag("v1.0.0", "release 1.0.0")
    git.commit("docs: b")


def first_release(git: Git) -> None:
    """No release tag yet."""
    git.commit("feat: a")
    git.commit("fix: b")


@pytest.mark.parametrize("build", [shop, nothing, first_release])
def test_release_is_the_clis(git: Git, build: Callable[[Git], None]) -> None:
    build(git)
    assert release(git.path, date="2025-11-15") == cli_release(git.path)


# ------------------------------------------------------------------ the error contract

# A template whose second line does not compile.
BAD_TEMPLATE = "## {{ version }}\n{% for entry in %}\n"


def test_release_error_contract(git: Git) -> None:
    """A bad template through release() keeps what the changelog's own error has: the
    code, line and column of render_changelog() with the same template, its message after
    the template's name, and, when RELCORE_BIN is set, the CLI's code and message."""
    git.commit(
        "feat: first",
        {"relcore.toml": '[changelog]\ntemplate = "notes.md.j2"\n', "notes.md.j2": BAD_TEMPLATE},
    )
    with pytest.raises(ReleaseError) as released:
        release(git.path)
    with pytest.raises(ChangelogError) as rendered:
        render_changelog("1.0.0", ["feat: a"], template=BAD_TEMPLATE)
    err, expected = released.value, rendered.value
    name = os.path.realpath(git.path / "notes.md.j2")
    assert err.kind == expected.kind == "template_syntax"
    assert (err.line, err.column) == (expected.line, expected.column) == (2, 17)
    assert str(expected).startswith("template:2:17: ")
    assert str(err) == name + str(expected)[len("template") :]
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.kind, again.line, again.column) == (ReleaseError, err.kind, 2, 17)

    binary = os.environ.get("RELCORE_BIN")
    if not binary:
        pytest.skip("RELCORE_BIN is not set: no CLI to compare with")
    done = subprocess.run(
        [binary, "release", "--repo", str(git.path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout) == {"code": err.kind, "message": str(err)}
