"""relcore.classify and relcore.respond against the shared vectors, plus the Python
specifics: the facts as keyword arguments, commit dicts, the policy mapping and the
errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    PolicyError,
    RelcoreError,
    RiskError,
    SimulationError,
    Version,
    VersionError,
    classify,
    parse_commit,
    respond,
)
from relcore.types import Classification

VECTORS_PATH = Path(__file__).parents[2] / "relcore/tests/vectors/risk.json"
VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))

DIMENSIONS = ["type", "risk", "strategy", "approval", "rollback", "pace", "gates"]
SEVERITIES = ["low", "medium", "high", "critical"]
CHANGE_TYPES = ["feature", "hotfix", "rollback", "config", "migration"]


def params(group: str) -> list[Any]:
    """The vectors of `group`, each with its name (or severity) as test id."""
    items = VECTORS[group]
    assert items, f"no `{group}` vectors in {VECTORS_PATH}"
    return [
        pytest.param(item, id=f"{index}:{item.get('name', item.get('severity', ''))}")
        for index, item in enumerate(items)
    ]


def classify_facts(facts: dict[str, Any], policy: dict[str, Any] | None = None) -> Classification:
    """`classify` with the Facts JSON of a vector as keyword arguments: an absent key keeps
    the default, as when the core deserialises the facts."""
    return classify(
        facts.get("commits", []),
        paths=facts.get("paths"),
        current=facts.get("current"),
        next=facts.get("next"),
        branch=facts.get("branch"),
        hotfix=facts.get("hotfix", False),
        services=facts.get("services"),
        policy=policy,
    )


# ---------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", params("classify"))
def test_classify(case: dict[str, Any]) -> None:
    name = case["name"]
    result = classify_facts(case["facts"], case.get("policy"))
    for key, expected in case["expected"].items():
        assert result[key] == expected, f"{name}: `{key}`"  # type: ignore[literal-required]
    assert [reason["rule"] for reason in result["reasons"]] == case["rules"], name
    for rule, checks in case.get("evidence", {}).items():
        reasons = [reason for reason in result["reasons"] if reason["rule"] == rule]
        assert reasons, f"{name}: no reason `{rule}`"
        for key, expected in checks.items():
            assert reasons[0][key] == expected, f"{name}: `{rule}`.`{key}`"  # type: ignore[literal-required]
    # Every dimension is decided exactly once.
    for dimension in DIMENSIONS:
        deciders = [reason["rule"] for reason in result["reasons"] if dimension in reason["decided"]]
        assert len(deciders) == 1, f"{name}: {dimension} decided by {deciders}"
    assert set(result) == {*DIMENSIONS, "steps", "services", "reasons"}
    assert result["services"] == case["facts"].get("services", 1)


def test_every_change_type_has_a_vector() -> None:
    types = {classify_facts(case["facts"], case.get("policy"))["type"] for case in VECTORS["classify"]}
    assert types == set(CHANGE_TYPES)


@pytest.mark.parametrize("case", params("respond"))
def test_respond(case: dict[str, Any]) -> None:
    response = respond(case["severity"], policy=case.get("policy"))
    for key in ["severity", "action", "deadline_minutes", "otherwise", "reason"]:
        assert response[key] == case[key], f"{case['severity']}: `{key}`"  # type: ignore[literal-required]
    assert set(response) == {"severity", "action", "deadline_minutes", "otherwise", "reason", "rollback_order"}
    assert response["rollback_order"] is None


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in VECTORS["incident"]])
def test_incident_vectors(case: dict[str, Any]) -> None:
    expected = case["expected"]
    call = lambda: respond(case["severity"], policy=case.get("policy"), plan=case.get("plan"))  # noqa: E731
    if "error" in expected:
        with pytest.raises(SimulationError) as info:
            call()
        assert info.value.kind == expected["error"]
        return
    assert call() == expected


def test_every_severity_has_a_respond_vector() -> None:
    assert {case["severity"] for case in VECTORS["respond"]} == set(SEVERITIES)


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case["input"]) for case in VECTORS["values"] if case["kind"] == "severity"],
)
def test_severity_values(case: dict[str, Any]) -> None:
    # Only severities are read from text in Python; the other value kinds of the vectors
    # (strategy, risk, change type) are CLI arguments.
    if "value" in case:
        assert respond(case["input"])["severity"] == case["value"]
        return
    with pytest.raises(RiskError) as info:
        respond(case["input"])
    assert info.value.kind == case["error"]


# ---------------------------------------------------------------- arguments


def test_the_documented_example() -> None:
    result = classify(
        ["feat(db): add the orders table", "fix: typo"],
        paths=["db/migrations/0042_orders.sql", "src/orders.rs"],
        current="1.4.2",
        next=Version("1.5.0"),
        branch="main",
    )
    assert (result["type"], result["risk"], result["strategy"], result["rollback"]) == (
        "migration",
        "high",
        "blue-green",
        "manual",
    )
    assert result["approval"] == {"level": "required", "by": ["release-manager", "dba"]}
    assert result["reasons"][0] == {
        "rule": "schema_migration",
        "message": "1 changed path is a schema migration (`**/migrations/**`): type migration, "
        "risk high, strategy blue-green, approval required by release-manager, dba, "
        "rollback manual",
        "decided": ["type", "risk", "strategy", "approval", "rollback"],
        "commits": [],
        "paths": ["db/migrations/0042_orders.sql"],
    }


def test_paths_none_is_unknown() -> None:
    # Unknown paths: the path rules cannot fire, the commits decide.
    assert classify(["fix: a"])["reasons"][0]["rule"] == "only_fixes"
    assert classify(["fix: a"], paths=["config/app.yaml"])["reasons"][0]["rule"] == "config_only"
    # No changed path at all is no configuration-only release either.
    assert classify(["fix: a"], paths=[])["reasons"][0]["rule"] == "only_fixes"
    assert classify(["fix: a"], paths=iter(["db/migrations/1.sql"]))["type"] == "migration"


def test_commit_dicts_and_mappings() -> None:
    by_dict = classify([parse_commit("feat!: drop v1", id="0123456789abcdef")])
    assert by_dict["risk"] == "high"
    assert by_dict["reasons"][0]["commits"] == ["0123456"]
    by_mapping = classify([{"message": "feat!: drop v1", "id": "0123456789abcdef"}])
    assert by_mapping == by_dict
    partial = classify(
        [{"header": "feat!: drop v1", "type": "feat", "breaking": True, "description": "drop v1"}]  # type: ignore[list-item]
    )
    assert partial["reasons"][0]["commits"] == ["feat!: drop v1"]


def test_services_hotfix_and_branch() -> None:
    assert classify(["fix: a"])["services"] == 1
    assert classify(["fix: a"], services=7)["services"] == 7
    assert classify(["fix: a"], hotfix=True)["type"] == "hotfix"
    assert classify(["fix: a"], branch="hotfix/login")["pace"] == "fast_track"
    assert classify(["fix: a"], branch="main")["type"] == "feature"
    assert classify(["fix: a"], current="2.0.0", next="1.9.0")["type"] == "rollback"


def test_policy_mapping() -> None:
    policy = {
        "overrides": [{"name": "many_services", "when": {"services_at_least": 10}, "then": {"risk": "high"}}],
        "disabled": ["only_fixes"],
    }
    result = classify(["fix: x"], services=12, policy=policy)
    assert result["risk"] == "high"
    assert result["reasons"][0]["rule"] == "many_services"
    assert "only_fixes" not in [reason["rule"] for reason in result["reasons"]]
    # Tuples are lists, as in JSON.
    assert classify(["fix: x"], paths=["schema/1"], policy={"migration_paths": ("schema/**",)})["type"] == "migration"
    incidents = {"incidents": {"high": {"action": "rollback", "deadline_minutes": 5}}}
    assert respond("high", policy=incidents)["reason"] == "high severity: roll back within 5 minutes"


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            {"rulez": []},
            "invalid risk policy key `rulez`: unknown field `rulez`, expected one of `overrides`, "
            "`rules`, `disabled`, `fallback`, `migration_paths`, `config_paths`, `hotfix_branches`, "
            "`feature_types`, `fix_types`, `incidents`",
        ),
        (
            {"fallback": {"strategy": "big-bang"}},
            "invalid risk policy key `fallback.strategy`: unknown variant `big-bang`, expected one of "
            "`canary`, `progressive`, `blue-green`, `rolling`, `recreate`",
        ),
        ({"disabled": b"x"}, "invalid risk policy key `disabled`: unsupported value of type bytes"),
        ({1: "x"}, "invalid risk policy: keys must be str, got int"),
    ],
)
def test_policy_errors(policy: dict[Any, Any], message: str) -> None:
    with pytest.raises(PolicyError) as info:
        classify(["fix: x"], policy=policy)
    assert info.value.kind == "invalid_policy"
    assert str(info.value) == message
    with pytest.raises(PolicyError) as info:
        respond("low", policy=policy)
    assert str(info.value) == message


def test_respond_errors() -> None:
    with pytest.raises(RiskError) as info:
        respond("sev1")
    assert info.value.kind == "unknown_value"
    assert str(info.value) == "unknown severity `sev1`, expected one of low, medium, high, critical"
    assert isinstance(info.value, RelcoreError) and isinstance(info.value, ValueError)
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.kind) == (RiskError, str(info.value), "unknown_value")
    with pytest.raises(RiskError):
        respond("High")
    with pytest.raises(TypeError):
        respond(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        respond("low", {})  # type: ignore[call-arg]


def test_argument_errors() -> None:
    with pytest.raises(VersionError) as info:
        classify(["fix: a"], current="v1.0.0")
    assert info.value.kind == "unexpected_prefix"
    with pytest.raises(TypeError, match="single str"):
        classify("fix: a")
    with pytest.raises(TypeError, match="expected an iterable of paths, got a single str"):
        classify(["fix: a"], paths="db/migrations/1.sql")
    with pytest.raises(TypeError, match=r"^item 1: expected str, got int"):
        classify(["fix: a"], paths=["a", 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^item 0: invalid commit: missing field `description`$"):
        classify([{"header": "fix: a"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected a mapping, got list"):
        classify(["fix: a"], policy=[])  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        classify(["fix: a"], services=-1)
    with pytest.raises(TypeError):
        classify(["fix: a"], ["a"])  # type: ignore[call-arg]
