"""relcore.render_changelog and update_changelog against the shared fixtures, plus the
Python specifics: dates, the config mapping, templates, the errors."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    ChangelogError,
    RelcoreError,
    Version,
    VersionError,
    render_changelog,
    update_changelog,
)

FIXTURES_PATH = Path(__file__).parents[2] / "relcore/tests/fixtures/changelog"
KAC_HEADER = (
    "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n"
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n"
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n"
)


def fixtures() -> list[Any]:
    """Every fixture directory except `_template`, each with its name as test id."""
    dirs = sorted(p for p in FIXTURES_PATH.iterdir() if p.is_dir() and not p.name.startswith("_"))
    assert len(dirs) >= 15, f"too few changelog fixtures in {FIXTURES_PATH}"
    return [pytest.param(d, id=d.name) for d in dirs]


def read(path: Path) -> str:
    """A fixture file's exact text: no newline translation, so CRLF stays CRLF."""
    return path.read_bytes().decode("utf-8")


# ---------------------------------------------------------------- shared fixtures


@pytest.mark.parametrize("case", fixtures())
def test_fixture(case: Path) -> None:
    spec: dict[str, Any] = json.loads(read(case / "input.json"))
    kwargs: dict[str, Any] = {
        "previous": spec.get("previous"),
        "date": spec.get("date"),
        "format": spec.get("format", None if (case / "existing.md").exists() else "keep-a-changelog"),
        "template": spec.get("template"),
        "hotfix": spec.get("hotfix", False),
        "config": spec.get("config"),
    }
    existing = case / "existing.md"
    if existing.exists():
        options = spec.get("options", {})
        kwargs["take_unreleased"] = options.get("take_unreleased", False)
        kwargs["replace"] = options.get("replace", False)

    def run() -> str:
        if existing.exists():
            return update_changelog(read(existing), spec["version"], spec["commits"], **kwargs)
        return render_changelog(spec["version"], spec["commits"], **kwargs)

    expected_md, expected_err = case / "expected.md", case / "expected.err"
    if expected_md.exists():
        assert run() == read(expected_md)
    else:
        assert expected_err.exists(), f"{case.name} has neither expected.md nor expected.err"
        with pytest.raises(ChangelogError) as info:
            run()
        assert info.value.kind == read(expected_err).strip()


# ---------------------------------------------------------------- arguments


def test_render_defaults_and_version_objects() -> None:
    text = render_changelog(Version("1.5.0"), ["fix: a", "feat(api): b"], previous=Version("1.4.0"))
    assert text == "## [1.5.0]\n\n### Added\n\n- **api**: b\n\n### Fixed\n\n- a\n"
    assert render_changelog("1.5.0", iter(["fix: a"]), date="2025-11-15") == (
        "## [1.5.0] - 2025-11-15\n\n### Fixed\n\n- a\n"
    )


def test_commit_mappings_and_links() -> None:
    text = render_changelog(
        "1.1.0",
        [{"message": "fix: a (#4)", "id": "0123456789abcdef", "author": "Ann <a@x.io>", "time": 1}],
        previous="1.0.0",
        config={"repository_url": "https://github.com/acme/api"},
    )
    assert text == (
        "## [1.1.0]\n\n### Fixed\n\n"
        "- a ([#4](https://github.com/acme/api/pull/4))\n"
    )
    release = json.loads(
        render_changelog(
            "1.1.0",
            [{"message": "fix: a", "id": "0123456789abcdef", "author": "Ann <a@x.io>"}],
            format="json",
        )
    )
    entry = release["groups"][0]["entries"][0]
    assert (entry["id"], entry["short_id"]) == ("0123456789abcdef", "0123456")
    assert entry["authors"] == [{"name": "Ann", "email": "a@x.io"}]


def test_date_objects() -> None:
    expected = "## [1.0.0] - 2025-01-02\n\n### Added\n\n- a\n"
    assert render_changelog("1.0.0", ["feat: a"], date=datetime.date(2025, 1, 2)) == expected
    assert render_changelog("1.0.0", ["feat: a"], date=datetime.datetime(2025, 1, 2, 23, 59)) == expected
    assert render_changelog("1.0.0", ["feat: a"], date="2025-01-02") == expected


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2025-13-01", "invalid date `2025-13-01`: input is out of range, expected YYYY-MM-DD"),
        ("15/11/2025", "invalid date `15/11/2025`: input contains invalid characters, expected YYYY-MM-DD"),
        ("2025-01-02T00:00", "invalid date `2025-01-02T00:00`: trailing input, expected YYYY-MM-DD"),
        ("", "invalid date ``: premature end of input, expected YYYY-MM-DD"),
    ],
)
def test_invalid_date(date: str, message: str) -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], date=date)
    assert info.value.kind == "invalid_date"
    assert str(info.value) == message
    assert (info.value.template, info.value.line, info.value.column) == (None, None, None)


def test_date_type() -> None:
    with pytest.raises(TypeError, match=r"expected str or datetime\.date, got int"):
        render_changelog("1.0.0", ["feat: a"], date=20250102)  # type: ignore[arg-type]


def test_config() -> None:
    config = {
        "repository_url": "git@gitlab.com:acme/api.git",
        "tag_format": "{package}@{version}",
        "package": "api",
        "sections": ({"title": "Features", "types": ("feat",)}, {"title": "Other", "types": ["chore"]}),
        "breaking_section": False,
        "include_merges": True,
    }
    text = render_changelog("1.1.0", ["chore: b", "feat: a"], previous="1.0.0", config=config)
    assert text == "## [1.1.0]\n\n### Features\n\n- a\n\n### Other\n\n- b\n"
    release = json.loads(render_changelog("1.1.0", ["chore: b"], previous="1.0.0", config=config, format="json"))
    assert (release["tag"], release["previous_tag"]) == ("api@1.1.0", "api@1.0.0")
    assert release["compare_url"] == "https://gitlab.com/acme/api/-/compare/api@1.0.0...api@1.1.0"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"repo": "x"},
            "invalid changelog config key `repo`: unknown field `repo`, expected one of `repository_url`, "
            "`tag_format`, `package`, `sections`, `breaking_section`, `include_merges`, `bot_contributors`, "
            "`host_style`",
        ),
        (
            {"repository_url": 1},
            "invalid changelog config key `repository_url`: invalid type: integer `1`, expected a string",
        ),
        (
            {"sections": [{"title": "A", "types": "feat"}]},
            'invalid changelog config key `sections[0].types`: invalid type: string "feat", expected a sequence',
        ),
        (
            {"sections": [{"title": "A", "types": [], "order": 1}]},
            "invalid changelog config key `sections[0].order`: unknown field `order`, expected `title` or `types`",
        ),
        (
            {"tag_format": "v{ver}"},
            "invalid changelog config key `tag_format`: unknown placeholder `{ver}` in tag format `v{ver}` "
            "at offset 1, expected {version} or {package}",
        ),
        (
            {"sections": [{"title": object(), "types": []}]},
            "invalid changelog config key `sections[0].title`: unsupported value of type object",
        ),
        ({"package": b"api"}, "invalid changelog config key `package`: unsupported value of type bytes"),
        ({1: "x"}, "invalid changelog config: keys must be str, got int"),
        ({"sections": [{2: "x"}]}, "invalid changelog config key `sections[0]`: keys must be str, got int"),
    ],
)
def test_invalid_config(config: dict[Any, Any], message: str) -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], config=config)
    assert info.value.kind == "invalid_config"
    assert str(info.value) == message


def test_config_nesting_and_type() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ChangelogError, match="nested more than 32 levels deep") as info:
        render_changelog("1.0.0", ["feat: a"], config={"sections": loop})
    assert info.value.kind == "invalid_config"
    with pytest.raises(TypeError, match="expected a mapping, got list"):
        render_changelog("1.0.0", ["feat: a"], config=[("package", "x")])  # type: ignore[arg-type]


def test_config_none() -> None:
    # `None` is JSON `null`: the default of optional keys, refused for the others.
    assert render_changelog("1.0.0", ["feat: a"], config={"repository_url": None, "package": None}) == (
        render_changelog("1.0.0", ["feat: a"], config={})
    )
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], config={"include_merges": None})
    assert info.value.kind == "invalid_config"
    assert str(info.value) == "invalid changelog config key `include_merges`: invalid type: null, expected a boolean"


def test_missing_package() -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], config={"tag_format": "{package}@{version}"})
    assert info.value.kind == "missing_package"
    assert str(info.value) == "tag format `{package}@{version}` needs a package name without whitespace"


def test_version_errors() -> None:
    with pytest.raises(VersionError) as info:
        render_changelog("v1.0.0", ["feat: a"])
    assert (info.value.kind, info.value.offset) == ("unexpected_prefix", 0)
    with pytest.raises(VersionError) as info:
        update_changelog("", "1.0.0", ["feat: a"], previous="1.0")
    assert info.value.kind == "unexpected_end"
    with pytest.raises(TypeError, match="expected str or Version, got int"):
        render_changelog(1, ["feat: a"])  # type: ignore[arg-type]


def test_commit_errors() -> None:
    with pytest.raises(TypeError, match="single str"):
        render_changelog("1.0.0", "feat: a")
    with pytest.raises(TypeError, match=r"^item 0: the commit mapping has no `message`$"):
        update_changelog("", "1.0.0", [{"id": "abc"}])  # type: ignore[list-item]


def test_keyword_only() -> None:
    with pytest.raises(TypeError):
        render_changelog("1.0.0", ["feat: a"], "0.9.0")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        render_changelog("1.0.0", ["feat: a"], hotfix=1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- formats and templates


def test_hotfix_marks_entries() -> None:
    text = render_changelog("1.4.2", ["fix: crash"], hotfix=True)
    assert text == "## [1.4.2] [HOTFIX]\n\n### Fixed\n\n- crash *(hotfix)*\n"
    release = json.loads(render_changelog("1.4.2", ["fix: crash"], hotfix=True, format="json"))
    assert release["hotfix"] is True
    assert [entry["hotfix"] for group in release["groups"] for entry in group["entries"]] == [True]
    plain = json.loads(render_changelog("1.4.2", ["fix: crash"], format="json"))
    assert plain["hotfix"] is False


def test_formats() -> None:
    notes = render_changelog("1.1.0", ["feat: a", "fix: b"], format="release-notes")
    assert notes.startswith("# 1.1.0\n")
    release = json.loads(render_changelog("1.1.0", ["feat: a"], format="json", date="2025-01-02"))
    assert (release["version"], release["date"], release["groups"][0]["title"]) == ("1.1.0", "2025-01-02", "Added")


def test_unknown_format() -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], format="markdown")
    assert info.value.kind == "unknown_format"
    assert str(info.value) == "unknown changelog format `markdown`, expected keep-a-changelog, release-notes or json"
    assert (info.value.template, info.value.line, info.value.column) == (None, None, None)


def test_template() -> None:
    template = "{{ release.version }}{% for e in entries_of(release, 'fix') %} {{ e.description }}{% endfor %}"
    assert render_changelog("1.0.0", ["fix: a", "feat: b"], template=template, format="json") == "1.0.0 a\n"


def test_template_syntax_error() -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], template="line one\n{% if %}")
    err = info.value
    assert err.kind == "template_syntax"
    assert (err.template, err.line, err.column) == ("template", 2, 7)
    assert str(err) == "template:2:7: syntax error: unexpected end of block"


def test_template_render_error() -> None:
    with pytest.raises(ChangelogError) as info:
        render_changelog("1.0.0", ["feat: a"], template="a\n{{ release.version | nosuch }}")
    err = info.value
    assert err.kind == "template_render"
    assert (err.template, err.line, err.column) == ("template", 2, 22)
    assert str(err) == "template:2:22: unknown filter: filter nosuch is unknown"


# ---------------------------------------------------------------- updates


EXISTING = (
    "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- by hand\n\n"
    "## [1.0.0] - 2025-01-01\n\n### Added\n\n- first\n"
)


def test_update() -> None:
    updated = update_changelog(EXISTING, "1.1.0", ["fix: a"], previous="1.0.0", date=datetime.date(2025, 2, 2))
    assert updated == (
        "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- by hand\n\n"
        "## [1.1.0] - 2025-02-02\n\n### Fixed\n\n- a\n\n"
        "## [1.0.0] - 2025-01-01\n\n### Added\n\n- first\n"
    )
    taken = update_changelog(EXISTING, "1.1.0", ["fix: a"], take_unreleased=True)
    assert taken == (
        "# Changelog\n\n## [Unreleased]\n\n"
        "## [1.1.0]\n\n### Added\n\n- by hand\n\n### Fixed\n\n- a\n\n"
        "## [1.0.0] - 2025-01-01\n\n### Added\n\n- first\n"
    )


def test_update_empty_and_crlf() -> None:
    assert update_changelog("", "0.1.0", ["feat: a"]) == f"{KAC_HEADER}\n## [Unreleased]\n\n## [0.1.0]\n\n### Added\n\n- a\n"
    crlf = EXISTING.replace("\n", "\r\n")
    updated = update_changelog(crlf, "1.1.0", ["fix: a"])
    assert "\n" not in updated.replace("\r\n", "")
    assert updated.replace("\r\n", "\n") == update_changelog(EXISTING, "1.1.0", ["fix: a"])


def test_update_version_exists() -> None:
    with pytest.raises(ChangelogError) as info:
        update_changelog(EXISTING, "1.0.0", ["feat: again"])
    assert info.value.kind == "version_exists"
    assert str(info.value) == "version 1.0.0 is already in the changelog at line 9"
    replaced = update_changelog(EXISTING, "1.0.0", ["feat: again"], replace=True)
    assert "## [1.0.0]\n\n### Added\n\n- again\n" in replaced
    assert "first" not in replaced


def test_update_formats_and_templates() -> None:
    notes = update_changelog("# Notes\n", "1.1.0", ["feat: a"], format="release-notes")
    assert "# 1.1.0\n" in notes
    assert "### Added" not in notes
    templated = update_changelog("# Notes\n", "1.1.0", ["feat: a"], format="json", template="## {{ release.version }}")
    assert templated == "# Notes\n\n## 1.1.0\n"
    with pytest.raises(ChangelogError) as info:
        update_changelog("# Notes\n", "1.1.0", ["feat: a"], format="json")
    assert info.value.kind == "unknown_format"
    assert str(info.value) == (
        "a changelog section needs a text format (keep-a-changelog or release-notes) or a template, not `json`"
    )
    with pytest.raises(ChangelogError) as info:
        update_changelog("", "1.1.0", ["feat: a"], template="{% for %}")
    assert (info.value.kind, info.value.template, info.value.line) == ("template_syntax", "template", 1)
    with pytest.raises(ChangelogError) as info:
        update_changelog("", "1.1.0", ["feat: a"], template="a\n{{ release | nosuch }}")
    # The core's update error keeps the template's position only in its message.
    assert info.value.kind == "template_render"
    assert str(info.value).startswith("template:2:")


# ---------------------------------------------------------------- errors


def test_changelog_error() -> None:
    assert issubclass(ChangelogError, RelcoreError)
    assert issubclass(ChangelogError, ValueError)
    assert ChangelogError.__module__ == "relcore.errors"
    err = ChangelogError("message", "template_syntax", "t.j2", 2, 7)
    restored = pickle.loads(pickle.dumps(err))
    assert type(restored) is ChangelogError
    assert (str(restored), restored.kind, restored.template, restored.line, restored.column) == (
        "message",
        "template_syntax",
        "t.j2",
        2,
        7,
    )
    bare = ChangelogError("message", "invalid_date")
    assert (bare.template, bare.line, bare.column) == (None, None, None)


OLDER = (
    "\ufeff# Changelog\n\n## [2.0.0] - 2025-10-01\n\n### Changed\n\n- big\n\n"
    "## [1.4.0] - 2025-06-01\n\n### Added\n\n- search\n"
)


def test_update_refuses_an_older_release_unless_in_version_order() -> None:
    with pytest.raises(ChangelogError) as caught:
        update_changelog(OLDER, "1.4.1", ["fix: a"])
    assert caught.value.kind == "older_than_newest"
    assert "older than 2.0.0" in str(caught.value)
    placed = update_changelog(OLDER, "1.4.1", ["fix: a"], in_version_order=True)
    assert placed.startswith("\ufeff# Changelog\n\n## [2.0.0]")
    assert "- big\n\n## [1.4.1]\n\n### Fixed\n\n- a\n\n## [1.4.0]" in placed


def test_commit_text_is_escaped_and_templates_are_bounded() -> None:
    text = render_changelog("1.0.0", ["feat: add <script>x</script>", "fix: a\n\nBREAKING CHANGE: b\n## [9.9.9]"])
    assert "add \\<script>x\\</script>" in text
    assert "\\## [9.9.9]" in text
    with pytest.raises(ChangelogError) as caught:
        render_changelog("1.0.0", ["feat: a"], template='{{ "a\\nb" | indent(1000000000) }}')
    assert caught.value.kind == "template_render"
    assert "limit of 1000" in str(caught.value)
