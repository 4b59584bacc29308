"""relcore.pipeline_start, pipeline_event, pipeline_status and render_pipeline_record
against the shared vectors (relcore/tests/vectors/pipeline.json), plus the Python
specifics: datetime arguments and the errors."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relcore import (
    PipelineError,
    RelcoreError,
    VersionError,
    pipeline_event,
    pipeline_start,
    pipeline_status,
    render_pipeline_record,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "relcore/tests/vectors/pipeline.json").read_text(encoding="utf-8")
)


def params(group: str) -> list[Any]:
    items = VECTORS[group]
    assert items, f"no `{group}` vectors"
    return [pytest.param(item, id=f"{i}:{item['name']}") for i, item in enumerate(items)]


@pytest.mark.parametrize("case", params("transitions"))
def test_transition_vectors(case: dict[str, Any]) -> None:
    start = case["start"]
    record = pipeline_start(case["version"], start["at"], by=start.get("by"), note=start.get("note"))
    for e in case["events"]:
        args = (e["event"], e["at"])
        if "error" in e:
            before = json.dumps(record, sort_keys=True)
            with pytest.raises(PipelineError) as info:
                pipeline_event(record, *args, by=e.get("by"), note=e.get("note"))
            assert info.value.kind == e["error"]
            assert json.dumps(record, sort_keys=True) == before
            continue
        record = pipeline_event(record, *args, by=e.get("by"), note=e.get("note"))
    status = pipeline_status(record, case["status_at"])
    assert {
        "revision": record["revision"],
        "states": [s["status"] for s in record["stages"]],
        "state": status["state"],
    } == case["expected"]
    assert [s["marker"] for s in status["stages"]] == case["status"]["markers"]
    assert [s["duration_seconds"] for s in status["stages"]] == case["status"]["durations"]
    assert render_pipeline_record(record) == case["markdown"]


@pytest.mark.parametrize("case", params("invalid"))
def test_invalid_records(case: dict[str, Any]) -> None:
    with pytest.raises(PipelineError) as info:
        pipeline_event(case["record"], "build-succeeded", "2030-01-01T00:00")
    assert info.value.kind == case["error"]
    with pytest.raises(PipelineError):
        pipeline_status(case["record"], "2030-01-01T00:00")
    with pytest.raises(PipelineError):
        render_pipeline_record(case["record"])


def test_datetimes_and_errors() -> None:
    utc = datetime.timezone.utc
    record = pipeline_start("1.0.0", datetime.datetime(2026, 3, 3, 10, 0, tzinfo=utc), by="ci")
    assert record["transitions"][0]["at"] == "2026-03-03T10:00:00Z"
    # A naive datetime is UTC; an aware one is converted.
    later = pipeline_event(record, "build-succeeded", datetime.datetime(2026, 3, 3, 10, 5))
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    status = pipeline_status(later, datetime.datetime(2026, 3, 3, 11, 10, tzinfo=berlin))
    assert status["stages"][1]["duration_seconds"] == 300
    with pytest.raises(PipelineError) as info:
        pipeline_event(record, "deployed", "2026-03-03T10:01")
    err = info.value
    assert isinstance(err, RelcoreError) and isinstance(err, ValueError)
    assert err.kind == "not_in_progress"
    assert str(err) == (
        "`deployed` refused: cannot complete `prod`, which is pending: "
        "only a stage in progress can complete"
    )
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.kind, str(again)) == (PipelineError, err.kind, str(err))
    with pytest.raises(PipelineError) as info:
        pipeline_start("1.0.0", "next tuesday")
    assert info.value.kind == "invalid_time"
    with pytest.raises(PipelineError) as info:
        pipeline_event({**record, "owner": "x"}, "deployed", "2026-03-03T10:01")
    assert info.value.kind == "invalid_release_record"
    assert "owner" in str(info.value)
    with pytest.raises(VersionError):
        pipeline_start("1.0", "2026-03-03T10:00")
    with pytest.raises(TypeError, match="expected str or datetime.datetime, got int"):
        pipeline_start("1.0.0", 5)  # type: ignore[arg-type]
