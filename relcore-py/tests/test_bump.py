"""relcore.next_version against the shared vectors, plus the Python specifics: policy
keyword arguments, commit mappings, Version arguments and the errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import relcore

from relcore import PolicyError, RelcoreError, Version, VersionError, next_version
from relcore.types import CommitInput

VECTORS_PATH = Path(__file__).parents[2] / "relcore/tests/vectors/bump.json"
VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


def cases() -> list[Any]:
    """The `cases` vectors, each with its name as test id."""
    items = VECTORS["cases"]
    assert items, f"no `cases` vectors in {VECTORS_PATH}"
    return [pytest.param(item, id=f"{index}:{item['name']}") for index, item in enumerate(items)]


# ---------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", cases())
def test_next_version(case: dict[str, Any]) -> None:
    policy = case.get("policy", {})
    if "error" in case:
        with pytest.raises(VersionError) as info:
            next_version(case["current"], case["commits"], **policy)
        assert info.value.kind == case["error"]
        assert info.value.offset is None
        return
    decision = next_version(case["current"], case["commits"], **policy)
    assert set(decision) == {"current", "next", "level", "reasons"}
    assert decision["current"] == case["current"]
    assert decision["next"] == case["next"]
    assert decision["level"] == case["level"]
    assert [reason["rule"] for reason in decision["reasons"]] == case["rules"]
    for reason in decision["reasons"]:
        assert set(reason) == {"rule", "message", "commits"}
        assert isinstance(reason["message"], str) and reason["message"]


# ---------------------------------------------------------------- arguments


def test_version_object_and_reasons() -> None:
    decision = next_version(Version("1.4.2"), ["fix: a", "feat(cli): b", "feat: c"])
    assert decision == {
        "current": "1.4.2",
        "next": "1.5.0",
        "level": "minor",
        "reasons": [
            {
                "rule": "feature",
                "message": "new features require a minor release (2 commits)",
                "commits": ["feat(cli): b", "feat: c"],
            }
        ],
    }
    assert next_version(None, ["fix: x"], initial_version=Version("1.0.0"))["next"] == "1.0.0"


def test_commit_mappings() -> None:
    commits: list[str | CommitInput] = [
        {"message": "feat: a", "id": "0123456789abcdef", "author": "Ann <a@x.io>", "time": 1},
        {"message": "feat: b", "id": None},
        "fix: c",
    ]
    decision = next_version("1.0.0", commits)
    assert decision["reasons"][0]["commits"] == ["0123456", "feat: b"]
    assert next_version("1.0.0", iter(["fix: x"]))["next"] == "1.0.1"
    assert next_version("1.0.0", ())["next"] is None


def test_policy_keywords() -> None:
    assert next_version("1.0.0", ["deps: x"], patch_types=("fix", "deps"))["next"] == "1.0.1"
    assert next_version("1.0.0", ["api: x"], major_types={"api"})["next"] == "2.0.0"
    assert next_version("1.0.0", ["feat: x"], minor_types=[])["next"] is None
    assert next_version("0.3.1", ["feat!: x"], breaking_always_bump_major=True)["next"] == "1.0.0"
    assert next_version("0.3.1", ["feat: x"], features_always_bump_minor=True)["next"] == "0.4.0"
    merge = "Merge pull request #1 from acme/x"
    assert next_version("1.0.0", [merge])["next"] is None
    assert next_version("1.0.0", [merge], include_merges=True, minor_types=["merge"])["level"] is None
    assert next_version("1.2.0-rc.1", ["fix: x"], channel="rc")["next"] == "1.2.0-rc.2"
    assert next_version("1.2.0-rc.1", ["fix: x"], channel=None)["next"] == "1.2.0"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"channel": 5}, "invalid policy key `channel`: invalid type: integer `5`, expected a string"),
        ({"major_types": "api"}, "invalid policy key `major_types`: invalid type: string"),
        ({"minor_types": ["feat", 1]}, "invalid policy key `minor_types[1]`: invalid type: integer `1`"),
        ({"include_merges": 1}, "invalid policy key `include_merges`: invalid type: integer `1`"),
        ({"initial_version": "1.0"}, "invalid policy key `initial_version`: "),
        ({"initial_version": 1.5}, "invalid policy key `initial_version`: invalid type: floating point"),
        ({"channel": object()}, "invalid policy key `channel`: unsupported value of type object"),
        ({"patch_types": [["fix"]]}, "invalid policy key `patch_types[0]`: invalid type: sequence, expected a string"),
        ({"patch_types": {"fix": 1}}, "invalid policy key `patch_types`: invalid type: map, expected a sequence"),
        ({"channel": "rc", "include_merges": "yes"}, "invalid policy key `include_merges`: "),
    ],
)
def test_invalid_policy(options: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError) as info:
        next_version("1.0.0", ["fix: x"], **options)
    assert info.value.kind == "invalid_policy"
    assert str(info.value).startswith(message)


def test_unknown_keyword() -> None:
    with pytest.raises(TypeError):
        next_version("1.0.0", ["fix: x"], chanel="rc")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        next_version("1.0.0", ["fix: x"], None)  # type: ignore[call-arg]


def test_current_errors() -> None:
    with pytest.raises(VersionError) as info:
        next_version("v1.0.0", ["fix: x"])
    assert (info.value.kind, info.value.offset) == ("unexpected_prefix", 0)
    with pytest.raises(TypeError, match="expected str or Version, got int"):
        next_version(1, ["fix: x"])  # type: ignore[arg-type]


def test_commit_type_errors() -> None:
    with pytest.raises(TypeError, match="single str"):
        next_version("1.0.0", "fix: x")
    with pytest.raises(TypeError, match=r"^item 1: expected a str or a mapping with a `message`, got int$"):
        next_version("1.0.0", ["fix: x", 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^item 0: the commit mapping has no `message`$"):
        next_version("1.0.0", [{"id": "abc"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^item 0: the commit's `message` must be a str, got bytes$"):
        next_version("1.0.0", [{"message": b"fix: x"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^item 0: the commit's `time` must be an int, got str$"):
        next_version("1.0.0", [{"message": "fix: x", "time": "now"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^item 0: the commit's `time` must be an int, got bool$"):
        next_version("1.0.0", [{"message": "fix: x", "time": True}])
    with pytest.raises(OverflowError):
        next_version("1.0.0", [{"message": "fix: x", "time": 2**64}])
    with pytest.raises(TypeError):
        next_version("1.0.0", 1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- errors


def test_policy_error() -> None:
    assert issubclass(PolicyError, RelcoreError)
    assert issubclass(PolicyError, ValueError)
    assert PolicyError.__module__ == "relcore.errors"
    err = PolicyError("message", "invalid_policy")
    restored = pickle.loads(pickle.dumps(err))
    assert type(restored) is PolicyError
    assert (str(restored), restored.kind) == ("message", "invalid_policy")


def test_channel_errors_are_version_errors() -> None:
    with pytest.raises(VersionError, match="r..c") as info:
        next_version("1.2.0", ["fix: x"], channel="r..c")
    assert info.value.kind == "invalid_identifier"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (float("nan"), "nan is not a finite number"),
        (float("inf"), "inf is not a finite number"),
        (2**70, "1180591620717411303424 is out of range"),
        (-(2**200), "an int of 201 bits is out of range"),
    ],
)
def test_numbers_without_a_json_form_get_the_documented_slug(value: object, said: str) -> None:
    """NaN, infinities and ints beyond 64 bits are bad values, not bad types: each
    mapping argument reports them with its own slug and says what is wrong."""
    with pytest.raises(relcore.PolicyError) as policy:
        relcore.next_version(None, ["feat: a"], breaking_always_bump_major=value)  # type: ignore[arg-type]
    assert policy.value.kind == "invalid_policy"
    assert said in str(policy.value)
    with pytest.raises(relcore.ChangelogError) as config:
        relcore.render_changelog("1.0.0", ["feat: a"], config={"sections": [{"title": value}]})
    assert config.value.kind == "invalid_config"
    assert said in str(config.value)
    with pytest.raises(relcore.PlanError) as context:
        relcore.check_plan("deployment: {strategy: canary}", max_canary_percentage=value)  # type: ignore[arg-type]
    assert context.value.kind == "invalid_context"
    assert said in str(context.value)
    # A plain int field keeps Python's own errors: a float is a TypeError, an int beyond
    # 64 bits an OverflowError, as for any function taking an int.
    with pytest.raises(TypeError if isinstance(value, float) else OverflowError):
        relcore.next_version(None, [{"message": "feat: a", "time": value}])  # type: ignore[typeddict-item]
