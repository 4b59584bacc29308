"""relcore.hotfix_plan, relcore.hotfix_backports and relcore.ready against the shared
vectors (relcore/tests/vectors/hotfix.json and ready.json), plus the Python specifics:
mapping arguments and the errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    HotfixError,
    PolicyError,
    ReadyError,
    RelcoreError,
    hotfix_backports,
    hotfix_plan,
    ready,
)

VECTORS = Path(__file__).parents[2] / "relcore/tests/vectors"
HOTFIX: dict[str, Any] = json.loads((VECTORS / "hotfix.json").read_text(encoding="utf-8"))
READY: dict[str, Any] = json.loads((VECTORS / "ready.json").read_text(encoding="utf-8"))


def params(vectors: dict[str, Any], group: str) -> list[Any]:
    items = vectors[group]
    assert items, f"no `{group}` vectors"
    return [pytest.param(item, id=f"{i}:{item['name']}") for i, item in enumerate(items)]


@pytest.mark.parametrize("case", params(HOTFIX, "plan"))
def test_hotfix_plan_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(HotfixError) as info:
            hotfix_plan(case["request"], policy=case.get("policy"))
        assert info.value.kind == case["error"]
        return
    plan = hotfix_plan(case["request"], policy=case.get("policy"))
    got = {
        "version": plan["version"],
        "taken": plan["taken"],
        "tag": plan["tag"],
        "branch": plan["branch"],
        "candidates": [c["header"] for c in plan["candidates"]],
        "commands": [c["command"] for c in plan["candidates"]],
        "rollback": plan["rollback"]["tag"],
        "type": plan["classification"]["type"],
        "pace": plan["classification"]["pace"],
        "approval": plan["classification"]["approval"]["level"],
    }
    assert got == case["expected"]
    assert plan["rollback"] == plan["production"]


@pytest.mark.parametrize("case", params(HOTFIX, "backports"))
def test_backport_vectors(case: dict[str, Any]) -> None:
    result = hotfix_backports(
        {"hotfix": case["hotfix"], "main": case["main"], "picked": case["picked"]}
    )
    got = {
        "missing": [p["id"] for p in result["missing"]],
        "present": [p["id"] for p in result["present"]],
        "commands": [p["command"] for p in result["missing"]],
    }
    assert got == case["expected"]


@pytest.mark.parametrize("case", params(READY, "evaluate"))
def test_ready_vectors(case: dict[str, Any]) -> None:
    allowed = case.get("blockers_allowed", 0)
    if "error" in case:
        with pytest.raises(ReadyError) as info:
            ready(case["facts"], checklist=case.get("checklist"), blockers_allowed=allowed)
        assert info.value.kind == case["error"]
        return
    verdict = ready(case["facts"], checklist=case.get("checklist"), blockers_allowed=allowed)
    expected = case["expected"]
    for key in ("go", "blockers", "warnings"):
        assert verdict[key] == expected[key], key
    assert [[i["name"], i["status"], i["blocker"]] for i in verdict["items"]] == expected["items"]
    for name, reason in expected.get("reasons", {}).items():
        assert next(i for i in verdict["items"] if i["name"] == name)["reason"] == reason


def test_bad_values_name_the_key_and_keep_their_class() -> None:
    with pytest.raises(HotfixError) as info:
        hotfix_plan({"production": "1.5.0", "isue": "X"})
    assert info.value.kind == "invalid_hotfix_request"
    assert "isue" in str(info.value)
    with pytest.raises(HotfixError) as info:
        hotfix_plan({"production": "1.05.0"})
    assert info.value.kind == "invalid_hotfix_request"
    with pytest.raises(ReadyError) as info:
        ready({"changed_files": "all"})
    assert (info.value.kind, isinstance(info.value, RelcoreError)) == ("invalid_facts", True)
    with pytest.raises(ReadyError) as info:
        ready({}, checklist={"required": "tests"})
    assert info.value.kind == "invalid_checklist"
    with pytest.raises(PolicyError):
        hotfix_plan({"production": "1.0.0"}, policy={"rulez": []})
    with pytest.raises(TypeError):
        ready(["tests"])  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        ready({}, blockers_allowed=-1)


def test_errors_pickle() -> None:
    for error in (HotfixError("m", "invalid_issue"), ReadyError("m", "unknown_check")):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.kind) == (type(error), "m", error.kind)


def test_commits_may_be_dicts_from_parse_commit() -> None:
    from relcore import parse_commit

    commit = parse_commit("fix: x")
    commit["id"] = "abcdef0123456789abcdef0123456789abcdef01"
    plan = hotfix_plan({"production": "1.0.0", "commits": [commit]})
    assert plan["candidates"][0]["command"] == f"git cherry-pick -x {commit['id']}"
