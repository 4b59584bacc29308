"""relcore.parse_commit and lint_commit against the shared vectors, plus the Python
specifics: the optional repository facts, code-point offsets, argument types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from relcore import lint_commit, parse_commit

VECTORS_PATH = Path(__file__).parents[2] / "relcore/tests/vectors/commit.json"
VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
COMMIT_KEYS = {
    "id",
    "author",
    "time",
    "header",
    "type",
    "scope",
    "breaking",
    "description",
    "body",
    "footers",
    "breaking_note",
    "references",
    "co_authors",
    "revert_of",
    "merge",
    "dependency",
}
DIAGNOSTIC_KEYS = {"code", "severity", "path", "offset", "line", "column", "value", "message", "hint"}


def cases(group: str) -> list[Any]:
    """The vectors of one group, each with a readable test id."""
    items = VECTORS[group]
    assert items, f"no `{group}` vectors in {VECTORS_PATH}"
    return [pytest.param(item, id=f"{index}:{json.dumps(item)[:80]}") for index, item in enumerate(items)]


def code_points(message: str, offset: int) -> int:
    """A vector's UTF-8 byte offset into `message` as a code-point index."""
    return len(message.encode()[:offset].decode())


# ---------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", cases("parse"))
def test_parse(case: dict[str, Any]) -> None:
    commit = dict(parse_commit(case["message"]))
    assert set(commit) == COMMIT_KEYS
    assert (commit.pop("id"), commit.pop("author"), commit.pop("time")) == (None, None, None)
    assert commit == case["expected"]


@pytest.mark.parametrize("case", cases("lint"))
def test_lint(case: dict[str, Any]) -> None:
    message = case["message"]
    diagnostics = lint_commit(message)
    for diagnostic in diagnostics:
        assert set(diagnostic) == DIAGNOSTIC_KEYS
    found = [{key: d[key] for key in ("code", "severity", "offset", "line", "column")} for d in diagnostics]
    expected = [{**d, "offset": code_points(message, d["offset"])} for d in case["diagnostics"]]
    assert found == expected


# ---------------------------------------------------------------- parse_commit


def test_repository_facts() -> None:
    commit = parse_commit(
        "fix: x\n\nCo-authored-by: Bo <bo@x.io>",
        id="0123456789abcdef",
        author="Ann Lee <ann@example.com>",
        time=1_700_000_000,
    )
    assert commit["id"] == "0123456789abcdef"
    assert commit["author"] == {"name": "Ann Lee", "email": "ann@example.com"}
    assert commit["time"] == 1_700_000_000
    assert commit["co_authors"] == [{"name": "Bo", "email": "bo@x.io"}]
    assert parse_commit("fix: x", author="dependabot[bot]")["author"] == {
        "name": "dependabot[bot]",
        "email": None,
    }
    assert parse_commit("fix: x", time=-1)["time"] == -1


def test_result_is_plain_json_data() -> None:
    commit = parse_commit("feat(api)!: drop v1 (#234)\n\nBREAKING CHANGE: use v2\nCloses #12")
    assert type(commit) is dict
    assert json.loads(json.dumps(commit)) == commit
    assert commit["references"] == [
        {"kind": "pull_request", "repository": None, "number": 234},
        {"kind": "closes", "repository": None, "number": 12},
    ]
    assert commit["breaking_note"] == "use v2"
    dependency = parse_commit("build(deps-dev): bump vite from 5.0.1 to 5.0.2 in /web")["dependency"]
    assert dependency == {"name": "vite", "from": "5.0.1", "to": "5.0.2", "path": "/web"}


def test_non_conventional_message_is_data() -> None:
    commit = parse_commit("Update README.md")
    assert commit["type"] is None
    assert commit["description"] == "Update README.md"


def test_parse_commit_argument_types() -> None:
    with pytest.raises(TypeError):
        parse_commit(b"fix: x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_commit("fix: x", "abc")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        parse_commit("fix: x", time="now")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        parse_commit("fix: \ud800")


# ---------------------------------------------------------------- lint_commit


def test_lint_offsets_are_code_points() -> None:
    message = "fix(parser): handle é\n\nbody\n\nbreaking change: é"
    [diagnostic] = lint_commit(message)
    assert diagnostic["code"] == "lowercase_breaking_change"
    assert diagnostic["offset"] == 29
    assert message[diagnostic["offset"] :].startswith("breaking change")
    assert (diagnostic["line"], diagnostic["column"]) == (5, 1)


def test_lint_message_and_hint() -> None:
    [diagnostic] = lint_commit("feat:add x")
    assert diagnostic["severity"] == "error"
    assert diagnostic["path"] is None
    assert isinstance(diagnostic["message"], str) and diagnostic["message"]
    assert diagnostic["message"] == diagnostic["message"].rstrip(".")
    assert lint_commit("feat(api)!: drop v1\n\nBREAKING CHANGE: use v2") == []
