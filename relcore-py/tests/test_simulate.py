"""relcore.simulate_plan and relcore.suggest_plan against the shared vectors, plus the
Python specifics: timelines as records, the format argument, the errors."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    PlanError,
    RelcoreError,
    SimulationError,
    check_plan,
    classify,
    next_window,
    plan_chart,
    plan_order,
    simulate_plan,
    suggest_plan,
)
from relcore.types import Simulation

VECTORS_DIR = Path(__file__).parents[2] / "relcore/tests/vectors"
SIMULATE: dict[str, Any] = json.loads((VECTORS_DIR / "simulate.json").read_text(encoding="utf-8"))
SUGGEST: list[dict[str, Any]] = json.loads((VECTORS_DIR / "suggest.json").read_text(encoding="utf-8"))
CHART: list[dict[str, Any]] = json.loads((VECTORS_DIR / "chart.json").read_text(encoding="utf-8"))

SIMULATION_KEYS = {"outcome", "at_seconds", "stage", "decisions", "rollback_order", "time"}
DECISION_KEYS = {
    "at_seconds",
    "stage",
    "decision",
    "reason",
    "metric",
    "value",
    "threshold",
    "rule",
    "message",
    "time",
    "opens_at",
    "service",
}
DIAGNOSTIC_KEYS = {"code", "severity", "path", "offset", "line", "column", "value", "message", "hint"}

PLAN = """\
deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: ["error-rate < 0.5%"] }
    - { name: full, percentage: 100, approval: release-manager }
rollback: { triggers: { error-rate: "> 5%" }, grace-period: 5m }
"""


def params(cases: list[dict[str, Any]]) -> list[Any]:
    assert cases, "no vectors"
    return [pytest.param(case, id=f"{index}:{case['name']}") for index, case in enumerate(cases)]


def without_messages(simulation: Simulation) -> dict[str, Any]:
    """The simulation as the vectors hold it: every decision without its `message`."""
    result: dict[str, Any] = dict(simulation)
    result["decisions"] = [{k: v for k, v in d.items() if k != "message"} for d in simulation["decisions"]]
    return result


def detected_format(text: str) -> str:
    """The format the core detects (`TimelineFormat::detect`), for the vectors' texts."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("[", "{")):
        return "json"
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lstrip('"')
    return "csv" if first.startswith(("at,", 'at",')) else "yaml"


def records(text: str) -> list[dict[str, Any]] | None:
    """A JSON or CSV timeline of the vectors as a list of dicts: what a caller holding the
    data would pass (CSV fields stay strings; empty fields are left out). `None` for
    YAML, which this suite does not parse."""
    fmt = detected_format(text)
    if fmt == "json":
        loaded: list[dict[str, Any]] = json.loads(text)
        return loaded
    if fmt == "yaml":
        return None
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)))
    return [{k.strip(): v.strip() for k, v in row.items() if v and v.strip()} for row in rows]


# ---------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", params(SIMULATE["cases"]))
def test_simulate_vectors(case: dict[str, Any]) -> None:
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(SimulationError) as info:
            simulate_plan(case["plan"], case["timeline"])
        assert info.value.kind == expected["error"]
        assert [d["code"] for d in info.value.diagnostics][:1] == [expected["error"]]
        return
    result = simulate_plan(case["plan"], case["timeline"])
    assert set(result) == SIMULATION_KEYS
    for decision in result["decisions"]:
        assert set(decision) == DECISION_KEYS
        assert isinstance(decision["message"], str) and decision["message"]
    assert without_messages(result) == expected
    # The detected format, given explicitly, reads the same.
    assert simulate_plan(case["plan"], case["timeline"], format=detected_format(case["timeline"])) == result


@pytest.mark.parametrize("case", params(SIMULATE["cases"]))
def test_simulate_vectors_as_records(case: dict[str, Any]) -> None:
    items = records(case["timeline"])
    if items is None:
        pytest.skip("a YAML timeline")
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(SimulationError) as info:
            simulate_plan(case["plan"], items)
        assert info.value.kind == expected["error"]
        return
    assert simulate_plan(case["plan"], items) == simulate_plan(case["plan"], case["timeline"])
    # Any iterable of mappings.
    assert simulate_plan(case["plan"], iter(items)) == simulate_plan(case["plan"], tuple(items))


def test_every_vector_format_and_outcome_is_covered() -> None:
    cases = SIMULATE["cases"]
    assert {detected_format(c["timeline"]) for c in cases} == {"yaml", "json", "csv"}
    outcomes = {c["expected"].get("outcome") for c in cases if "error" not in c["expected"]}
    assert outcomes == {"completed", "rolled_back", "stuck"}
    # At least two thirds of the vectors also run as records.
    assert sum(records(c["timeline"]) is not None for c in cases) * 3 >= len(cases) * 2


@pytest.mark.parametrize("case", params(SUGGEST))
def test_suggest_vectors(case: dict[str, Any]) -> None:
    text = suggest_plan(case["classification"])
    assert text == case["expected"]
    cls = case["classification"]
    report = check_plan(text, change_type=cls["type"], risk=cls["risk"])
    # Clean: no errors and no warnings (the bounded hold bands are notes).
    assert [d["message"] for d in report["diagnostics"] if d["severity"] != "note"] == []


# ---------------------------------------------------------------- simulate_plan


def test_the_documented_example() -> None:
    result = simulate_plan(PLAN, "at,metric,value\n2m,error-rate,9\n30m,error-rate,0.2\n2h,error-rate,0.3\n")
    assert (result["outcome"], result["at_seconds"], result["stage"]) == ("stuck", 3600, "canary")
    first = result["decisions"][0]
    assert (first["decision"], first["reason"], first["rule"]) == ("awaiting_approval", "approval", "approval: release-manager")
    burst = simulate_plan(PLAN, [{"at": "40m", "metric": "error-rate", "value": 7.5}])
    assert (burst["outcome"], burst["at_seconds"]) == ("rolled_back", 2400)
    d = burst["decisions"][0]
    assert (d["rule"], d["metric"], d["value"], d["threshold"]) == ("error-rate > 5%", "error-rate", 7.5, 5.0)


def test_records_take_numbers_and_strings() -> None:
    text = simulate_plan(PLAN, "at,metric,value,approve\n30m,error-rate,0.2,\n90m,,,full\n")
    assert text["outcome"] == "completed"
    as_strings = [{"at": "30m", "metric": "error-rate", "value": "0.2"}, {"at": "90m", "approve": "full"}]
    as_numbers = [{"at": 1800, "metric": "error-rate", "value": 0.2}, {"at": 5400.0, "approve": "full"}]
    assert simulate_plan(PLAN, as_strings) == text
    assert simulate_plan(PLAN, as_numbers) == text
    # An empty timeline: the rollout waits for data.
    assert simulate_plan(PLAN, [])["outcome"] == "stuck"
    assert simulate_plan(PLAN, [])["decisions"][0]["reason"] == "no_data"


def test_format_argument() -> None:
    csv_text = "at,metric,value\n30m,error-rate,0.2\n"
    json_text = '[{"at": "30m", "metric": "error-rate", "value": 0.2}]'
    yaml_text = "- { at: 30m, metric: error-rate, value: 0.2 }\n"
    expected = simulate_plan(PLAN, csv_text)
    assert simulate_plan(PLAN, csv_text, format="csv") == expected
    assert simulate_plan(PLAN, json_text, format="json") == expected
    assert simulate_plan(PLAN, yaml_text, format="yaml") == expected
    # JSON is YAML too.
    assert simulate_plan(PLAN, json_text, format="yaml") == expected
    # A format that does not fit the text.
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, csv_text, format="json")
    assert info.value.kind == "invalid_timeline"
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, yaml_text, format="csv")
    assert info.value.kind == "invalid_timeline"
    assert str(info.value) == "the timeline: 1:1: error[invalid_timeline]: unknown column `- { at: 30m`"
    # None detects it.
    assert simulate_plan(PLAN, csv_text, format=None) == expected


@pytest.mark.parametrize("fmt", ["xml", "YAML", "yml", ""])
def test_unknown_format(fmt: str) -> None:
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, "[]", format=fmt)
    err = info.value
    assert (err.kind, err.diagnostics, err.line, err.column) == ("unknown_format", [], None, None)
    assert str(err) == f"unknown timeline format `{fmt}`; expected yaml, json or csv"
    # Also for records, which are always JSON.
    with pytest.raises(SimulationError):
        simulate_plan(PLAN, [], format=fmt)


def test_timeline_error_attributes() -> None:
    timeline = "at,metric,value\n# ünïcödé ✓\n10m,error-rate,0.2\n20m,error-rate,lots\n"
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, timeline)
    err = info.value
    assert isinstance(err, PlanError) and isinstance(err, RelcoreError) and isinstance(err, ValueError)
    assert (err.kind, err.line, err.column) == ("invalid_value", 4, 16)
    assert str(err) == "the timeline: 4:16: error[invalid_value]: `lots` is not a number"
    [d] = err.diagnostics
    assert set(d) == DIAGNOSTIC_KEYS
    assert (d["code"], d["severity"], d["line"], d["column"]) == ("invalid_value", "error", 4, 16)
    # The offset is a code-point index into the timeline.
    assert d["offset"] is not None and timeline[d["offset"] :].startswith("lots")
    assert d["hint"]
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is SimulationError
    assert (str(again), again.kind, again.diagnostics, again.line, again.column) == (
        str(err),
        err.kind,
        err.diagnostics,
        err.line,
        err.column,
    )


def test_plan_error_attributes() -> None:
    plan = "# ünïcödé ✓\ndeployment: { strategy: canary, stages: [{ name: a, percentage: 100, colour: red }] }\n"
    with pytest.raises(SimulationError) as info:
        simulate_plan(plan, "[]")
    err = info.value
    assert err.kind == err.diagnostics[0]["code"] == "unknown_key"
    assert (err.line, err.column) == (err.diagnostics[0]["line"], err.diagnostics[0]["column"])
    assert err.line == 2
    assert str(err).startswith("the plan has ")
    # Offsets are code points of the plan, not of the timeline.
    for d in err.diagnostics:
        assert set(d) == DIAGNOSTIC_KEYS
        if d["offset"] is not None:
            before = plan[: d["offset"]]
            assert (d["line"], d["column"]) == (before.count("\n") + 1, d["offset"] - before.rfind("\n"))
    with pytest.raises(SimulationError) as info:
        simulate_plan("deployment: [", [])
    assert (info.value.kind, info.value.line) == ("invalid_yaml", 1)


def test_record_errors_name_the_record() -> None:
    items: list[dict[str, Any]] = [
        {"at": "10m", "metric": "error-rate", "value": 0.2},
        {"at": "5x", "metric": "error-rate", "value": 1},
    ]
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, items)
    err = info.value
    assert (err.kind, err.line, err.column) == ("invalid_time", None, None)
    [d] = err.diagnostics
    assert (d["path"], d["offset"], d["line"], d["column"]) == ("[1]", None, None, None)
    assert str(err).startswith("the timeline: item 1: error[invalid_time]: the time `5x`")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"at": "1m", "metric": "error-rate", "value": "lots"}, "invalid_value"),
        ({"at": "1m", "metric": "error-rate", "value": 1, "colour": "red"}, "invalid_record"),
        ({"metric": "error-rate", "value": 1}, "invalid_record"),
        ({"at": -60, "approve": "full"}, "invalid_time"),
    ]
    for record, kind in cases:
        with pytest.raises(SimulationError) as info:
            simulate_plan(PLAN, [items[0], items[0], record])
        assert info.value.kind == kind, record
        [d] = info.value.diagnostics
        assert (d["path"], d["offset"], d["line"]) == ("[2]", None, None), record
        assert str(info.value).startswith(f"the timeline: item 2: error[{kind}]: "), record
    # A record whose fields do not fit together, in the middle and at the end: the core
    # places such errors where JSON reading stopped, after the record.
    unfit: dict[str, Any] = {"at": "1m", "metric": "error-rate"}
    timelines: list[tuple[list[dict[str, Any]], int]] = [
        ([items[0], unfit, items[0]], 1),
        ([items[0], unfit], 1),
        ([{"at": "1m", "approve": "full", "value": 1}], 0),
    ]
    for timeline, index in timelines:
        with pytest.raises(SimulationError) as info:
            simulate_plan(PLAN, timeline)
        [d] = info.value.diagnostics
        assert (info.value.kind, d["path"], d["offset"], d["line"], d["column"]) == (
            "invalid_record",
            f"[{index}]",
            None,
            None,
            None,
        )
        assert str(info.value).startswith(f"the timeline: item {index}: error[invalid_record]: "), timeline
    # An approval of a stage the plan does not have keeps the core's path.
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, [items[0], {"at": "2h", "approve": "fulll"}])
    [d] = info.value.diagnostics
    assert (info.value.kind, d["path"], d["value"]) == ("unknown_stage", "[1].approve", "fulll")
    assert d["hint"] is not None and "full" in d["hint"]


def test_argument_errors() -> None:
    with pytest.raises(TypeError):
        simulate_plan(PLAN, 5)  # type: ignore[arg-type]
    one_record: Any = {"at": "1m", "approve": "full"}
    with pytest.raises(TypeError, match="expected a str or an iterable of records, got dict"):
        simulate_plan(PLAN, one_record)
    with pytest.raises(TypeError, match="expected a str or an iterable of records, got bytes"):
        simulate_plan(PLAN, b"[]")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"invalid timeline key `\[0\].value`: unsupported value of type bytes"):
        simulate_plan(PLAN, [{"at": "1m", "metric": "error-rate", "value": b"1"}])
    with pytest.raises(TypeError, match=r"invalid timeline key `\[1\]`: keys must be str, got int"):
        simulate_plan(PLAN, [{"at": "1m", "approve": "full"}, {1: 2}])  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        simulate_plan(b"deployment: {}", "[]")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        simulate_plan(PLAN, "[]", "json")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        simulate_plan(PLAN, "[]", format=1)  # type: ignore[arg-type]
    # Records that are JSON but not records are the core's to refuse.
    with pytest.raises(SimulationError) as info:
        simulate_plan(PLAN, [1, 2])  # type: ignore[list-item]
    assert info.value.kind == "invalid_record"


def test_same_as_the_cli(tmp_path: Path) -> None:
    binary = os.environ.get("RELCORE_BIN")
    if not binary:
        pytest.skip("RELCORE_BIN is not set: no CLI to compare with")
    for case in SIMULATE["cases"]:
        plan, timeline = tmp_path / "plan.yml", tmp_path / "metrics.txt"
        plan.write_text(case["plan"], encoding="utf-8")
        timeline.write_text(case["timeline"], encoding="utf-8")
        done = subprocess.run(
            [binary, "plan", "simulate", str(plan), "--metrics", str(timeline), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        printed = json.loads(done.stdout)
        if "error" in case["expected"]:
            with pytest.raises(SimulationError) as info:
                simulate_plan(case["plan"], case["timeline"])
            assert printed["code"] == info.value.kind, case["name"]
        else:
            assert printed == simulate_plan(case["plan"], case["timeline"]), case["name"]


# ---------------------------------------------------------------- suggest_plan


@pytest.mark.parametrize(
    ("commits", "options"),
    [
        (["fix: typo"], {}),
        (["feat(api)!: drop /v1"], {}),
        (["feat(db): orders"], {"paths": ["db/migrations/1.sql"]}),
        (["fix: login loop"], {"branch": "hotfix/login"}),
        (["chore: tune"], {"paths": ["config/app.yaml"]}),
        (["feat: search", "fix: x"], {"current": "1.4.0", "next": "1.3.0"}),
        (["feat: search"], {"services": 4}),
    ],
)
def test_suggested_plans_pass_the_check(commits: list[str], options: dict[str, Any]) -> None:
    cls = classify(commits, **options)
    text = suggest_plan(cls)
    assert text.startswith(f"change: {{ type: {cls['type']}, risk: {cls['risk']}")
    report = check_plan(text, change_type=cls["type"], risk=cls["risk"])
    assert [d["message"] for d in report["diagnostics"] if d["severity"] != "note"] == []
    # And it runs: without data, the first gated stage holds until the suggested hold
    # timeout rolls it back (a plan without gates completes, or waits for its approval).
    simulation = simulate_plan(text, [])
    assert simulation["outcome"] in {"stuck", "completed", "rolled_back"}
    if simulation["outcome"] == "rolled_back":
        assert simulation["decisions"][-1]["reason"] == "hold_timeout"


def test_suggest_plan_takes_any_mapping() -> None:
    from types import MappingProxyType

    cls = classify(["feat(api)!: drop /v1"])
    assert suggest_plan(MappingProxyType(dict(cls))) == suggest_plan(cls)
    # Keys the core does not read are ignored, as when it reads JSON.
    assert suggest_plan({**cls, "note": "x"}) == suggest_plan(cls)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"risk": "huge"}, "invalid classification key `risk`: unknown variant `huge`, expected one of "),
        ({"steps": [5, 500]}, "invalid classification key `steps[1]`: invalid value: integer `500`"),
        ({"approval": {"level": "maybe", "by": []}}, "invalid classification key `approval.level`: unknown variant `maybe`"),
        ({"services": "two"}, "invalid classification key `services`: invalid type: string"),
        ({"pace": b"fast"}, "invalid classification key `pace`: unsupported value of type bytes"),
        ({"type": None}, "invalid classification key `type`: invalid type: null"),
    ],
)
def test_suggest_plan_errors(change: dict[str, Any], message: str) -> None:
    cls: dict[str, Any] = {**classify(["fix: x"]), **change}
    with pytest.raises(PlanError) as info:
        suggest_plan(cls)
    assert type(info.value) is PlanError
    assert info.value.kind == "invalid_classification"
    assert str(info.value).startswith(message), str(info.value)
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.kind) == (PlanError, str(info.value), "invalid_classification")


def test_suggest_plan_missing_key_and_type() -> None:
    cls: dict[str, Any] = dict(classify(["fix: x"]))
    del cls["gates"]
    with pytest.raises(PlanError, match="invalid classification: missing field `gates`") as info:
        suggest_plan(cls)
    assert info.value.kind == "invalid_classification"
    with pytest.raises(TypeError, match="expected a mapping, got list"):
        suggest_plan([])  # type: ignore[arg-type]
    with pytest.raises(PlanError, match="invalid classification key `risk`"):
        suggest_plan({"type": "feature", "risk": 3})


@pytest.mark.parametrize("case", CHART, ids=[c["name"] for c in CHART])
def test_chart_vectors(case: dict[str, Any]) -> None:
    assert plan_chart(case["plan"]) == case["expected"]


def test_chart_of_an_unreadable_plan_raises_with_diagnostics() -> None:
    with pytest.raises(SimulationError) as info:
        plan_chart("deployment:\n  strategy: canary\n  stagse: []\n")
    assert isinstance(info.value, PlanError)
    assert (info.value.kind, info.value.line, info.value.column) == ("unknown_key", 3, 3)
    assert info.value.diagnostics[0]["hint"] == "did you mean `stages`?"
    with pytest.raises(TypeError):
        plan_chart(5)  # type: ignore[arg-type]


# ---------------------------------------------------------------- windows, services, next window

WINDOWED = """\
deployment:
  strategy: canary
  stages:
    - { name: canary, percentage: 5, duration: 1h, auto-advance: true, metrics: ["error-rate < 0.1%"] }
    - { name: full, percentage: 100 }
rollback:
  triggers: { error-rate: "> 5%" }
  grace-period: 5m
window: { timezone: Europe/Berlin, allow: ["tue-thu 10:00-12:00"] }
"""

SEED: str = json.loads((VECTORS_DIR / "plan.json").read_text(encoding="utf-8"))["seed"]["plan"]


def test_simulate_takes_the_start_holidays_and_change_type() -> None:
    timeline = [{"at": "10m", "metric": "error-rate", "value": 0.05}]
    result = simulate_plan(WINDOWED, timeline, start="2026-11-24T11:30:00")
    first = result["decisions"][0]
    assert (first["reason"], first["time"], first["opens_at"]) == ("window_closed", "2026-11-24T12:30", "2026-11-25T10:00")
    assert (result["outcome"], result["time"]) == ("completed", "2026-11-25T10:00")
    # A holiday closes the next day too.
    import datetime

    held = simulate_plan(WINDOWED, timeline, start="2026-11-24T11:30:00", holidays=[datetime.date(2026, 11, 25)])
    assert held["decisions"][0]["opens_at"] == "2026-11-26T10:00"
    # A hotfix does not wait.
    hotfix = simulate_plan(WINDOWED, timeline, start="2026-11-24T11:30:00", change_type="hotfix")
    assert [d["reason"] for d in hotfix["decisions"]] == ["gates_passed", "gates_passed"]
    with pytest.raises(PlanError) as info:
        simulate_plan(WINDOWED, timeline, holidays=["Christmas"])
    assert info.value.kind == "invalid_context"


def test_health_checks_as_records() -> None:
    timeline = [
        {"at": "10m", "metric": "error-rate", "value": 0.05},
        {"at": "14h", "approve": "full"},
        {"at": "2d", "service": "api", "healthy": True},
        {"at": "2d1m", "service": "worker", "healthy": "false"},
    ]
    result = simulate_plan(SEED, timeline + [{"at": "10m", "metric": "latency-p99", "value": 100}, {"at": "1h30m", "approve": "partial"}, {"at": "5h40m", "approve": "rollout"}])
    assert result["outcome"] == "rolled_back"
    assert result["rollback_order"] == ["worker", "api"]
    assert result["decisions"][-1]["reason"] == "health_check_failed"
    assert result["decisions"][-1]["service"] == "worker"
    with pytest.raises(SimulationError) as info:
        simulate_plan(SEED, [{"at": "1h", "service": "apy", "healthy": True}])
    assert info.value.kind == "unknown_service"


def test_plan_order() -> None:
    order = plan_order(SEED)
    assert order == {
        "deploy": [
            {"name": "api", "delay_seconds": 0, "health_check": "/health"},
            {"name": "worker", "delay_seconds": 0, "health_check": "/ready"},
        ],
        "rollback": ["worker", "api"],
    }
    delayed = SEED.replace("health-check: /health }", "health-check: /health, delay: 5m }")
    assert plan_order(delayed)["deploy"][0]["delay_seconds"] == 300
    with pytest.raises(SimulationError) as info:
        plan_order(SEED.replace("depends-on: [api]", "depends-on: [apy]"))
    assert info.value.kind == "unknown_dependency"
    with pytest.raises(SimulationError) as info:
        plan_order("deployment: [")
    assert info.value.kind == "invalid_yaml"


def test_next_window_matches_the_cli(tmp_path: Path) -> None:
    result = next_window(SEED, at="2026-11-26T11:00")
    assert result["start"] == "2026-12-01T10:00:00"
    assert [r["code"] for s in result["skipped"] for r in s["reasons"]] == ["outside_window", "friday_deploy"]
    assert next_window(SEED, at="2026-11-26T11:00", holidays=["2026-12-01"])["start"] == "2026-12-08T10:00:00"
    # The plan's own change type wins over the context's.
    assert next_window(SEED, at="2026-11-27T18:00", change_type="hotfix")["start"] == "2026-12-01T10:00:00"
    hotfix = next_window(SEED.replace("type: feature", "type: hotfix"), at="2026-11-27T18:00")
    assert hotfix["start"] == "2026-11-27T18:00:00" and hotfix["overridden"]
    with pytest.raises(SimulationError) as info:
        next_window(PLAN, at="2026-11-26T11:00")
    assert info.value.kind == "no_window"
    with pytest.raises(PlanError):
        next_window(SEED, at="tomorrow")
    binary = os.environ.get("RELCORE_BIN")
    if binary:
        plan = tmp_path / "seed.yml"
        plan.write_text(SEED, encoding="utf-8")
        config = tmp_path / "empty.toml"
        config.write_text("", encoding="utf-8")
        run = subprocess.run(
            [binary, "plan", "next-window", "--json", str(plan), "--at", "2026-11-26T11:00", "--config", str(config)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert json.loads(run.stdout) == result


# ---------------------------------------------------------------- schedule vectors

SCHEDULE: dict[str, Any] = json.loads((VECTORS_DIR / "schedule.json").read_text(encoding="utf-8"))


def pinned(next_: dict[str, Any]) -> dict[str, Any]:
    """The part of a next-window answer the vectors pin (as relcore/tests/schedule.rs)."""
    return {
        "start": next_["start"],
        "skipped": [{"start": s["start"], "codes": [r["code"] for r in s["reasons"]]} for s in next_["skipped"]],
        "skipped_total": next_["skipped_total"],
        "overridden": [d["code"] for d in next_["overridden"]],
    }


@pytest.mark.parametrize("case", params(SCHEDULE["order"]))
def test_order_vectors(case: dict[str, Any]) -> None:
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(SimulationError) as info:
            plan_order(case["plan"])
        assert info.value.kind == expected["error"]
        return
    assert plan_order(case["plan"]) == expected


@pytest.mark.parametrize("case", params(SCHEDULE["next_window"]))
def test_next_window_vectors(case: dict[str, Any]) -> None:
    expected = case["expected"]
    context = case.get("context", {})
    call = lambda: next_window(  # noqa: E731
        case["plan"], at=case["at"], holidays=context.get("holidays", ()), change_type=context.get("change_type")
    )
    if "error" in expected:
        with pytest.raises(SimulationError) as info:
            call()
        assert info.value.kind == expected["error"]
        return
    assert pinned(call()) == expected
