"""relcore.check_plan against the shared vectors, plus the Python specifics: the context
as keyword arguments, code-point offsets and the errors."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import PlanError, RelcoreError, check_plan
from relcore.types import PlanReport

VECTORS_PATH = Path(__file__).parents[2] / "relcore/tests/vectors/plan.json"
VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))

REPORT_KEYS = {"diagnostics", "total_duration_seconds", "worst_case_rollback_seconds"}
DIAGNOSTIC_KEYS = {"code", "severity", "path", "offset", "line", "column", "value", "message", "hint"}


def check_case(case: dict[str, Any]) -> PlanReport:
    """`check_plan` with the Context JSON of a vector as keyword arguments: an absent key
    keeps the default, as when the core deserialises the context."""
    context = case.get("context", {})
    return check_plan(
        case["plan"],
        change_type=context.get("change_type"),
        risk=context.get("risk"),
        start=context.get("start"),
        holidays=context.get("holidays", ()),
        max_canary_percentage=context.get("max_canary_percentage"),
    )


def assert_located(text: str, report: PlanReport) -> None:
    """Every diagnostic points inside the text: its code-point offset is where its line and
    column are."""
    for d in report["diagnostics"]:
        assert set(d) == DIAGNOSTIC_KEYS, d
        offset, line, column = d["offset"], d["line"], d["column"]
        assert offset is not None and line is not None and column is not None, d
        assert 0 <= offset <= len(text), d
        before = text[:offset]
        assert (line, column) == (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1), d


# ---------------------------------------------------------------- shared vectors


def test_seed_plan_has_no_errors() -> None:
    seed = VECTORS["seed"]
    report = check_plan(seed["plan"])
    assert set(report) == REPORT_KEYS
    assert [d["message"] for d in report["diagnostics"] if d["severity"] == "error"] == []
    assert_located(seed["plan"], report)
    for key in ["total_duration_seconds", "worst_case_rollback_seconds"]:
        assert report[key] == seed[key], key  # type: ignore[literal-required]
    assert [d["code"] for d in report["diagnostics"]] == seed["codes"]
    # Warnings alone do not fail.
    assert all(d["severity"] == "warning" for d in report["diagnostics"])
    # A bound turns the hold bands into notes.
    bounded = check_plan(seed["plan"].replace("grace-period: 5m", "grace-period: 5m\n  hold-timeout: 1h"))
    assert [d["severity"] for d in bounded["diagnostics"]] == ["note", "note"]


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=f"{index}:{case['name']}") for index, case in enumerate(VECTORS["cases"])],
)
def test_vectors_trigger_their_rules(case: dict[str, Any]) -> None:
    name = case["name"]
    report = check_case(case)
    assert set(report) == REPORT_KEYS
    assert [d["code"] for d in report["diagnostics"]] == case["codes"], name
    assert_located(case["plan"], report)
    if "diagnostics" in case:
        keys = ["code", "severity", "path", "line", "column", "value"]
        got = [{key: d[key] for key in keys} for d in report["diagnostics"]]  # type: ignore[literal-required]
        assert got == case["diagnostics"], name
    for key in ["total_duration_seconds", "worst_case_rollback_seconds"]:
        if key in case:
            assert report[key] == case[key], f"{name}: {key}"  # type: ignore[literal-required]


def test_every_documented_code_has_a_vector() -> None:
    seen = {code for case in VECTORS["cases"] for code in case["codes"]}
    assert seen == set(VECTORS["codes"])


# ---------------------------------------------------------------- arguments

BASE = VECTORS["cases"][0]["plan"]


def test_the_documented_example() -> None:
    report = check_plan(BASE)
    assert report == {"diagnostics": [], "total_duration_seconds": 1800, "worst_case_rollback_seconds": 300}
    bad = check_plan(BASE.replace("duration: 30m", "duration: 90"))
    d = bad["diagnostics"][0]
    assert (d["code"], d["severity"], d["path"], d["value"]) == (
        "duration_missing_unit",
        "error",
        "deployment.stages[0].duration",
        "90",
    )
    assert d["hint"] == "durations need a unit: `90s`, `90m` or `90h`"


def test_offsets_are_code_points() -> None:
    text = "# ünïcödé ✓\n" + BASE.replace("duration: 30m", "duration: 90")
    d = check_plan(text)["diagnostics"][0]
    assert d["code"] == "duration_missing_unit"
    assert d["offset"] is not None and text[d["offset"] :].startswith("90")
    assert d["line"] == 5
    assert_located(text, check_plan(text))


def test_context_options() -> None:
    plan = BASE.replace("percentage: 5,", "percentage: 30,")
    assert [d["code"] for d in check_plan(plan)["diagnostics"]] == ["canary_too_large"]
    assert check_plan(plan, max_canary_percentage=50)["diagnostics"] == []
    assert check_plan(plan, max_canary_percentage=50.0)["diagnostics"] == []
    # Holidays as strings or dates (a datetime gives its date), in any iterable.
    window = "window: { timezone: Europe/Berlin, start: \"2026-11-24T10:00\" }\n"
    by_str = check_plan(BASE + window, holidays=["2026-11-24"])
    assert [d["code"] for d in by_str["diagnostics"]] == ["holiday_deploy"]
    assert check_plan(BASE + window, holidays=(datetime.date(2026, 11, 24),)) == by_str
    assert check_plan(BASE + window, holidays=[datetime.datetime(2026, 11, 24, 8, 0)]) == by_str
    assert check_plan(BASE + window, holidays=["2026-11-25"])["diagnostics"] == []
    # None keeps the defaults.
    assert check_plan(BASE, change_type=None, risk=None, start=None, max_canary_percentage=None) == check_plan(BASE)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"risk": "huge"},
            "invalid plan context key `risk`: unknown variant `huge`, expected one of `low`, `medium`, `high`",
        ),
        ({"change_type": "feat"}, "invalid plan context key `change_type`: unknown variant `feat`"),
        ({"start": "tomorrow"}, "invalid plan context key `start`: "),
        ({"holidays": ["2026-13-01"]}, "invalid plan context key `holidays[0]`: "),
        ({"holidays": "2026-12-25"}, "invalid plan context key `holidays`: invalid type: string"),
        ({"holidays": [b"x"]}, "invalid plan context key `holidays[0]`: unsupported value of type bytes"),
        ({"max_canary_percentage": "ten"}, "invalid plan context key `max_canary_percentage`: invalid type"),
    ],
)
def test_context_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as info:
        check_plan(BASE, **options)
    assert info.value.kind == "invalid_context"
    assert str(info.value).startswith(message)
    assert isinstance(info.value, RelcoreError) and isinstance(info.value, ValueError)
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.kind) == (PlanError, str(info.value), "invalid_context")


def test_argument_errors() -> None:
    with pytest.raises(TypeError):
        check_plan(b"deployment: {}")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check_plan(BASE, "high")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        check_plan(BASE, riks="high")  # type: ignore[call-arg]


def test_problems_are_diagnostics_not_errors() -> None:
    for text in ["", "deployment: [", "just a string", "\ufeffdeployment: 1\n"]:
        report = check_plan(text)
        assert any(d["severity"] == "error" for d in report["diagnostics"]), text
        assert_located(text, report)
