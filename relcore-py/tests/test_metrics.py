"""relcore.compute_metrics, relcore.metrics_chart and relcore.git.metrics against the shared
vectors (relcore/tests/vectors/metrics.json), plus the Python specifics: date and keyword
options, the errors, and a repository read with the GIL released."""

from __future__ import annotations

import datetime
import json
import os
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest

from relcore import MetricsError, RelcoreError, compute_metrics, metrics_chart
from relcore.git import metrics

VECTORS = Path(__file__).parents[2] / "relcore/tests/vectors"
METRICS: dict[str, Any] = json.loads((VECTORS / "metrics.json").read_text(encoding="utf-8"))


def assert_subset(got: Any, expected: Any, at: str = "") -> None:
    """Every key of ``expected`` is in ``got`` with the same value: dicts key by key, lists
    item by item (of the same length), the rest exactly."""
    if isinstance(expected, dict):
        for key, want in expected.items():
            assert key in got, f"{at}.{key}: missing in {got}"
            assert_subset(got[key], want, f"{at}.{key}")
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), f"{at}: {got}"
        for i, (have, want) in enumerate(zip(got, expected)):
            assert_subset(have, want, f"{at}[{i}]")
    else:
        assert got == expected, f"{at}: {got!r} != {expected!r}"
        assert type(got) is type(expected), f"{at}: {got!r} is not a {type(expected)}"


CASES = [pytest.param(c, id=f"{i}:{c['name']}") for i, c in enumerate(METRICS["cases"])]


@pytest.mark.parametrize("case", CASES)
def test_metrics_vectors(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(MetricsError) as info:
            compute_metrics(case["input"], **case["options"])
        assert info.value.kind == case["error"]
        assert str(info.value)
        return
    got = compute_metrics(case["input"], **case["options"])
    assert_subset(got, case["expected"])
    if "chart" in case:
        assert metrics_chart(case["input"], **case["options"]) == case["chart"]
    svg = metrics_chart(case["input"], format="svg", **case["options"])
    assert svg.startswith("<svg ") and svg.endswith("</svg>\n")


def test_since_takes_a_date_and_errors_pickle() -> None:
    facts = {"releases": [{"tag": "v1.0.0", "version": "1.0.0", "time": 1_767_225_600}]}
    assert compute_metrics(facts, since=datetime.date(2026, 1, 2))["releases"]["total"] == 0
    assert compute_metrics(facts, since="2025-12-31")["releases"]["total"] == 1
    with pytest.raises(MetricsError) as info:
        compute_metrics({"releases": [{"tag": "v1", "version": "x", "time": 0}]})
    assert info.value.kind == "invalid_metrics_input"
    assert "releases[0].version" in str(info.value)
    assert isinstance(info.value, RelcoreError)
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.kind, str(again)) == (info.value.kind, str(info.value))
    with pytest.raises(MetricsError) as info:
        compute_metrics({}, by="year")
    assert info.value.kind == "invalid_metrics_options"
    with pytest.raises(MetricsError, match="unknown chart format `png`") as info:
        metrics_chart({}, format="png")  # type: ignore[arg-type]
    assert info.value.kind == "unknown_format"


def git(repo: Path, *args: str, day: int = 0) -> str:
    stamp = f"{1_767_225_600 + day * 86_400} +0000"
    env = {
        "GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.com",
        "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": os.environ["PATH"],
        "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def test_repository_metrics_match_the_cli(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "feat: first", day=0)
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "fix: early", day=2)
    git(tmp_path, "tag", "v1.0.0")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "revert: early", day=3)
    git(tmp_path, "tag", "v1.0.1", day=3)
    deployments = [{"version": "1.0.1", "started": 10, "finished": 70, "outcome": "succeeded"}]
    got = metrics(tmp_path, deployments=deployments)
    assert got["releases"] == {"total": 2, "stable": 2, "prereleases": 0}
    assert got["lead_time"] == {"count": 3, "median": 0, "p90": 2 * 86_400}
    assert got["reverts"]["count"] == 1
    assert got["fixed_releases"]["releases"] == [
        {"release": "v1.0.0", "fixed_by": "v1.0.1", "seconds": 86_400}
    ]
    assert got["deployments"]["duration"]["median"] == 60
    binary = os.environ.get("RELCORE_BIN")
    if binary:
        cli = subprocess.run(
            [binary, "--json", "metrics", "--repo", str(tmp_path)],
            check=True, capture_output=True, text=True,
        )
        assert json.loads(cli.stdout) == metrics(str(tmp_path))
    assert metrics(tmp_path, by="week", since="2026-01-04")["releases"]["total"] == 1
