"""relcore.Requirement, relcore.plan_workspace, relcore.check_workspace,
relcore.sync_workspace and relcore.plan_release_set against the shared vectors
(relcore/tests/vectors/requirement.json, requirement.node-semver.json,
requirement.packaging.json, workspace.json), checking what relcore/tests/requirement.rs and
relcore/tests/workspace.rs check, plus the Python specifics: the Requirement class, the
error classes and their attributes."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    RelcoreError,
    Requirement,
    Version,
    VersionError,
    WorkspaceError,
    check_workspace,
    plan_release_set,
    plan_workspace,
    sync_workspace,
)

VECTORS = Path(__file__).parents[2] / "relcore/tests/vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


REQUIREMENT = load("requirement.json")
WORKSPACE = load("workspace.json")


def code_points(text: str, byte_offset: int) -> int:
    """A byte offset into ``text`` (the vectors') as a code-point index (Python's)."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8"))


def params(cases: list[dict[str, Any]], key: str) -> list[Any]:
    return [pytest.param(c, id=f"{i}:{c['dialect']}:{c[key]}") for i, c in enumerate(cases)]


# --- requirement.json -------------------------------------------------------------------


def test_requirement_vectors_are_all_there() -> None:
    assert len(REQUIREMENT["matches"]) > 50
    assert REQUIREMENT["intersects"] and REQUIREMENT["rewrite"] and REQUIREMENT["errors"]


@pytest.mark.parametrize("case", params(REQUIREMENT["matches"], "range"))
def test_matches_vectors(case: dict[str, Any]) -> None:
    req = Requirement.parse(case["range"], case["dialect"])
    for v in case["include"]:
        assert req.matches(v), f"{req!r} should include {v}"
        assert req.matches(Version(v))
    for v in case["exclude"]:
        assert not req.matches(v), f"{req!r} should exclude {v}"


@pytest.mark.parametrize("case", params(REQUIREMENT["intersects"], "a"))
def test_intersects_vectors(case: dict[str, Any]) -> None:
    a = Requirement.parse(case["a"], case["dialect"])
    b = Requirement.parse(case["b"], case["dialect"])
    assert a.intersects(b) is case["expected"], f"{a} ∩ {b}"
    assert b.intersects(a) is case["expected"], f"{b} ∩ {a} (symmetric)"
    assert a.intersects(case["b"]) is case["expected"], "a str in the same dialect"


@pytest.mark.parametrize("case", params(REQUIREMENT["rewrite"], "range"))
def test_rewrite_vectors(case: dict[str, Any]) -> None:
    req = Requirement.parse(case["range"], case["dialect"])
    if "expected" in case:
        out = req.rewrite(case["version"])
        assert out == case["expected"]
        assert Requirement.parse(out, case["dialect"]).matches(case["version"])
    else:
        with pytest.raises(VersionError) as info:
            req.rewrite(case["version"])
        assert info.value.kind == case["error"], str(info.value)


@pytest.mark.parametrize("case", params(REQUIREMENT["errors"], "range"))
def test_error_vectors(case: dict[str, Any]) -> None:
    with pytest.raises(VersionError) as info:
        Requirement.parse(case["range"], case["dialect"])
    assert info.value.kind == case["error"], str(info.value)
    offset = case.get("offset")
    expected = None if offset is None else code_points(case["range"], offset)
    assert info.value.offset == expected, str(info.value)


def test_npm_dialect_agrees_with_node_semver() -> None:
    """requirement.node-semver.json: node-semver's answers over a grid of ranges and
    versions (a range whose answers are not a string is one node-semver refuses)."""
    data = load("requirement.node-semver.json")
    versions = [Version(v) for v in data["versions"]]
    compared, mismatches, refused = 0, [], []
    for text, answers in data["ranges"].items():
        if not isinstance(answers, str):
            continue
        try:
            req = Requirement.parse(text, "npm")
        except VersionError:
            refused.append(text)
            continue
        for v, answer in zip(versions, answers):
            compared += 1
            if req.matches(v) != (answer == "1"):
                mismatches.append(f"`{text}` {v}: node-semver {answer}")
    assert not mismatches, mismatches[:40]
    assert not refused, f"relcore refuses ranges node-semver accepts: {refused}"
    assert compared > 30_000


def test_pep440_dialect_agrees_with_packaging() -> None:
    """requirement.packaging.json: packaging's answers over a grid of specifiers and
    versions (each version also given in its SemVer form, which relcore reads)."""
    data = load("requirement.packaging.json")
    versions = [Version(v["semver"]) for v in data["versions"]]
    compared, mismatches = 0, []
    for text, answers in data["specifiers"].items():
        req = Requirement.parse(text, "pep440")
        for v, answer in zip(versions, answers):
            compared += 1
            if req.matches(v) != (answer == "1"):
                mismatches.append(f"`{text}` {v}: packaging {answer}")
    assert not mismatches, mismatches[:40]
    assert compared > 5_000


# --- the Requirement class ----------------------------------------------------------------


def test_requirement_class() -> None:
    req = Requirement.parse(">=1.2,<2", "pep440")
    assert (req.dialect, req.text, str(req)) == ("pep440", ">=1.2,<2", ">=1.2,<2")
    assert repr(req) == "Requirement('>=1.2,<2', 'pep440')"
    assert Requirement("^1.2").dialect == "cargo", "cargo by default"
    assert Requirement.parse("^1.2") == Requirement("^1.2", "cargo")
    assert Requirement.parse("^1.2", "npm") != Requirement.parse("^1.2", "cargo")
    assert len({Requirement("1.2"), Requirement("1.2"), Requirement("1.2", "npm")}) == 2
    assert pickle.loads(pickle.dumps(req)) == req
    assert copy.copy(req) is req and copy.deepcopy(req) is req
    assert req.rewrite(Version("2.1.0")) == ">=2.1,<3"
    assert Requirement.parse("workspace:^", "npm").matches("9.9.9")


def test_requirement_errors() -> None:
    with pytest.raises(VersionError) as info:
        Requirement.parse("^1.2", "pip")  # type: ignore[arg-type]
    assert info.value.kind == "unknown_dialect"
    assert isinstance(info.value, RelcoreError) and isinstance(info.value, ValueError)

    # The offset is in code points, the core's in bytes.
    with pytest.raises(VersionError) as info:
        Requirement.parse(">=1.2, é", "cargo")
    assert info.value.kind == "unexpected_character"
    assert info.value.offset == 7

    with pytest.raises(VersionError) as info:
        Requirement.parse("<2").rewrite("2.0.0")
    assert info.value.kind == "cannot_rewrite"
    with pytest.raises(VersionError) as info:
        Requirement.parse("^1").matches("1.02.0")
    assert info.value.kind == "leading_zero"
    with pytest.raises(TypeError, match="expected str or Requirement, got int"):
        Requirement.parse("^1").intersects(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Requirement.parse(b"^1")  # type: ignore[arg-type]


# --- workspace.json -----------------------------------------------------------------------


def names(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(c, id=f"{i}:{c['name']}") for i, c in enumerate(cases)]


def test_workspace_vectors_are_all_there() -> None:
    assert len(WORKSPACE["plan"]) >= 20
    assert len(WORKSPACE["sync"]) >= 4
    assert len(WORKSPACE["set"]) >= 8
    assert WORKSPACE["check"]


def rewrite_view(r: dict[str, Any]) -> dict[str, Any]:
    return {k: r[k] for k in ("package", "dependency", "old", "new", "out_of_range")}


@pytest.mark.parametrize("case", names(WORKSPACE["plan"]))
def test_plan_vectors(case: dict[str, Any]) -> None:
    args = (case["workspace"], case["bumps"], case.get("settings"))
    if "expected" not in case:
        with pytest.raises(WorkspaceError) as info:
            plan_workspace(*args)
        assert info.value.kind == case["error"], str(info.value)
        if "cycle" in case:
            assert info.value.cycle == case["cycle"]
        return
    plan = plan_workspace(*args)
    got = [
        {
            "name": p["name"],
            "next": p["next"],
            "level": p["level"],
            "reasons": [r["rule"] for r in p["reasons"]],
            "changelog": p["changelog"],
        }
        for p in plan["packages"]
    ]
    assert got == case["expected"]["packages"]
    assert [rewrite_view(r) for r in plan["rewrites"]] == case["expected"]["rewrites"]
    # Each rewrite is also listed under the package whose manifest it edits.
    for r in plan["rewrites"]:
        owner = next(p for p in plan["packages"] if p["name"] == r["package"])
        assert r in owner["rewrites"]


@pytest.mark.parametrize("case", names(WORKSPACE["check"]))
def test_check_vectors(case: dict[str, Any]) -> None:
    got = []
    for d in check_workspace(case["workspace"], case["tags"]):
        view: dict[str, Any] = {"code": d["code"], "file": d["path"], "line": d["line"]}
        assert d["message"].startswith(f"{d['path'] or ''}:{d['line'] or 0}:"), d["message"]
        if d["hint"] is not None and d["code"] not in (
            "conflicting_requirements",
            "invalid_requirement",
            "dependency_cycle",
        ):
            view["hint"] = d["hint"]
        got.append(view)
    assert got == case["expected"]


@pytest.mark.parametrize("case", names(WORKSPACE["sync"]))
def test_sync_vectors(case: dict[str, Any]) -> None:
    sync = sync_workspace(case["workspace"])
    expected = case["expected"]
    assert [
        {"package": c["package"], "from": c["from"], "to": c["to"]} for c in sync["versions"]
    ] == expected["versions"]
    assert [rewrite_view(r) for r in sync["rewrites"]] == expected["rewrites"]
    assert [
        {"code": d["code"], "file": d["path"], "line": d["line"]} for d in sync["unresolved"]
    ] == expected["unresolved"]


@pytest.mark.parametrize("case", names(WORKSPACE["set"]))
def test_set_vectors(case: dict[str, Any]) -> None:
    if "expected" not in case:
        with pytest.raises(WorkspaceError) as info:
            plan_release_set(case["repositories"])
        assert info.value.kind == case["error"], str(info.value)
        if "cycle" in case:
            assert info.value.cycle == case["cycle"]
        return
    plan = plan_release_set(case["repositories"])
    got = {
        "order": plan["order"],
        "rollback": plan["rollback"],
        "checks": [
            {k: c[k] for k in ("repository", "requires", "package", "version", "satisfied") if k in c}
            for c in plan["checks"]
        ],
        "problems": [d["code"] for d in plan["problems"]],
    }
    assert got == case["expected"]
    for d in plan["problems"]:
        assert d["message"].startswith("relcore-set.toml:4:11: "), d["message"]


# --- workspace errors -------------------------------------------------------------------


CYCLE = {
    "packages": [
        {"name": "a", "version": "1.0.0", "dependencies": [{"name": "b"}]},
        {"name": "b", "version": "1.0.0", "dependencies": [{"name": "a"}]},
    ]
}


def test_workspace_error_attributes() -> None:
    with pytest.raises(WorkspaceError) as info:
        plan_workspace(CYCLE, [])
    err = info.value
    assert (err.kind, err.cycle, err.file, err.line) == (
        "dependency_cycle",
        ["a", "b", "a"],
        None,
        None,
    )
    assert str(err) == "internal dependencies form a cycle: a → b → a"
    assert isinstance(err, RelcoreError)
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), str(again), again.kind, again.cycle) == (
        WorkspaceError,
        str(err),
        "dependency_cycle",
        ["a", "b", "a"],
    )


def test_located_workspace_error() -> None:
    at = {"file": "cli/Cargo.toml", "start": 10, "end": 12, "line": 4, "column": 9}
    workspace = {
        "packages": [
            {"name": "core", "version": "1.4.0"},
            {
                "name": "cli",
                "version": "0.3.1",
                "dependencies": [
                    {
                        "name": "core",
                        "requirement": {"dialect": "cargo", "text": "<2", "at": at},
                    }
                ],
            },
        ]
    }
    with pytest.raises(WorkspaceError) as info:
        plan_workspace(workspace, [{"package": "core", "level": "major"}])
    err = info.value
    assert (err.kind, err.file, err.line, err.column) == ("cannot_rewrite", "cli/Cargo.toml", 4, 9)
    assert err.cycle == []


def test_invalid_workspace_values() -> None:
    with pytest.raises(WorkspaceError) as info:
        plan_workspace({"packages": [{"name": "a", "version": "1.0"}]}, [])
    assert info.value.kind == "invalid_workspace"
    assert "packages[0].version" in str(info.value)
    with pytest.raises(WorkspaceError) as info:
        plan_workspace({"packages": []}, [{"package": "a", "level": "huge"}])
    assert info.value.kind == "invalid_workspace"
    assert "[0].level" in str(info.value)
    with pytest.raises(WorkspaceError) as info:
        plan_workspace({"packages": []}, [], {"update_dependents": "never"})
    assert info.value.kind == "invalid_workspace"
    with pytest.raises(WorkspaceError) as info:
        check_workspace({"packages": [], "extra": 1})
    assert info.value.kind == "invalid_workspace"
    with pytest.raises(WorkspaceError) as info:
        plan_release_set([{"name": "a", "requires": [{"repository": "b"}]}])
    assert info.value.kind == "invalid_workspace"
    with pytest.raises(TypeError, match="expected an iterable of mappings, got str"):
        plan_workspace({"packages": []}, "core")
    with pytest.raises(TypeError, match="expected a mapping, got list"):
        sync_workspace([])  # type: ignore[arg-type]


def test_results_are_the_serde_shapes() -> None:
    plan = plan_workspace(
        {"packages": [{"name": "a", "version": "1.0.0"}]},
        [{"package": "a", "level": "minor"}],
        {"update_dependents": "always"},
    )
    assert plan == {
        "packages": [
            {
                "name": "a",
                "current": "1.0.0",
                "next": "1.1.0",
                "level": "minor",
                "reasons": [
                    {
                        "rule": "own_commits",
                        "message": plan["packages"][0]["reasons"][0]["message"],
                        "group": None,
                        "dependencies": [],
                    }
                ],
                "rewrites": [],
                "updated_dependencies": [],
                "changelog": None,
            }
        ],
        "rewrites": [],
    }
    assert check_workspace({"packages": []}) == []
    assert sync_workspace({"packages": []}) == {"versions": [], "rewrites": [], "unresolved": []}
