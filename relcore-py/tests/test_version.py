"""relcore.Version, compare and sort_versions against the shared vectors, plus
Python-specific behaviour (hashing, pickling, the exception classes)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import relcore
from relcore import RelcoreError, Version, VersionError, compare, sort_versions

VECTORS_PATH = Path(__file__).parents[2] / "relcore/tests/vectors/version.json"
VECTORS: dict[str, Any] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
U64_MAX = 2**64 - 1


def cases(group: str) -> list[Any]:
    """The vectors of one group, each with a readable test id."""
    items = VECTORS[group]
    assert items, f"no `{group}` vectors in {VECTORS_PATH}"
    return [pytest.param(item, id=f"{index}:{json.dumps(item)[:80]}") for index, item in enumerate(items)]


# ---------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", cases("valid"))
def test_valid(case: dict[str, str]) -> None:
    numbers = [int(case[part]) for part in ("major", "minor", "patch")]
    if any(n > U64_MAX for n in numbers):
        pytest.skip("number above u64")
    for v in (Version(case["input"]), Version.parse(case["input"])):
        assert [v.major, v.minor, v.patch] == numbers
        assert v.prerelease == case["pre"]
        assert v.build == case["build"]
        assert v.is_prerelease == (case["pre"] != "")
        assert str(v) == case["input"]


@pytest.mark.parametrize("case", cases("invalid"))
def test_invalid(case: dict[str, Any]) -> None:
    for parse in (Version, Version.parse):
        with pytest.raises(VersionError) as info:
            parse(case["input"])
        assert info.value.kind == case["kind"]
        assert info.value.offset == case["offset"]


@pytest.mark.parametrize("case", cases("messages"))
def test_messages(case: dict[str, str]) -> None:
    with pytest.raises(VersionError) as info:
        Version.parse(case["input"])
    assert str(info.value) == case["message"]


@pytest.mark.parametrize("case", cases("compare"))
def test_compare(case: dict[str, Any]) -> None:
    a, b, expected = case["a"], case["b"], case["expected"]
    assert compare(a, b) == expected
    assert compare(Version(a), Version(b)) == expected
    assert compare(b, a) == -expected
    assert compare(Version(a), b) == expected


@pytest.mark.parametrize("case", cases("sort"))
def test_sort(case: dict[str, Any]) -> None:
    assert sort_versions(case["input"]) == case["expected"]
    assert sort_versions(Version(s) for s in case["input"]) == case["expected"]
    assert [str(v) for v in sorted(Version(s) for s in case["input"])] == case["expected"]


def bump(case: dict[str, Any]) -> Version:
    """The bump a vector describes; `preid_base: null` means the default."""
    options: dict[str, Any] = {"preid": case["preid"]}
    if case["preid_base"] is not None:
        options["preid_base"] = case["preid_base"]
    return Version(case["version"]).bump(case["level"], **options)


@pytest.mark.parametrize("case", cases("bump"))
def test_bump(case: dict[str, Any]) -> None:
    if "expected" in case:
        assert str(bump(case)) == case["expected"]
    else:
        with pytest.raises(VersionError) as info:
            bump(case)
        assert info.value.kind == case["error"]
        assert info.value.offset is None


# ---------------------------------------------------------------- Version objects


def test_properties() -> None:
    v = Version("2.0.0-rc.1+build.5")
    assert (v.major, v.minor, v.patch) == (2, 0, 0)
    assert (v.prerelease, v.build, v.is_prerelease) == ("rc.1", "build.5", True)
    assert Version("18446744073709551615.0.0").major == U64_MAX
    with pytest.raises(AttributeError):
        v.major = 3  # type: ignore[misc]


def test_str_and_repr() -> None:
    v = Version("1.2.3-rc.1+b")
    assert str(v) == "1.2.3-rc.1+b"
    assert repr(v) == "Version('1.2.3-rc.1+b')"
    assert repr(Version("1.2.3")) == "Version('1.2.3')"
    assert eval(repr(v), {"Version": Version}) == v


def test_eq_and_hash_are_consistent() -> None:
    assert Version("1.2.3") == Version("1.2.3")
    assert hash(Version("1.2.3")) == hash(Version("1.2.3"))
    assert hash(Version("1.0.0-rc.1+b.2")) == hash(Version("1.0.0-rc.1+b.2"))
    # equal precedence but different build metadata: distinct values, ordered by build
    assert Version("1.0.0+a") != Version("1.0.0+b")
    assert Version("1.0.0+a") < Version("1.0.0+b")
    assert compare("1.0.0+a", "1.0.0+b") == 0
    assert len({Version("1.2.3"), Version("1.2.3"), Version("1.2.3+b")}) == 2
    assert {Version("1.2.3"): "x"}[Version("1.2.3")] == "x"


def test_ordering() -> None:
    assert Version("1.0.0-alpha") < Version("1.0.0-alpha.1") < Version("1.0.0")
    assert Version("2.0.0") > Version("1.9.9") >= Version("1.9.9")
    assert Version("1.0.0") <= Version("1.0.0")
    assert max(Version("1.10.0"), Version("1.9.0")) == Version("1.10.0")


def test_comparison_with_other_types() -> None:
    v = Version("1.2.3")
    assert v != "1.2.3"
    assert not (v == "1.2.3")  # noqa: SIM201
    assert v.__eq__("1.2.3") is NotImplemented
    assert v.__lt__(1) is NotImplemented  # type: ignore[operator]
    with pytest.raises(TypeError):
        v < "1.2.4"  # type: ignore[operator]  # noqa: B015


def test_pickle_and_copy() -> None:
    v = Version("1.2.3-rc.1+build.5")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(v, protocol=protocol))
        assert type(restored) is Version
        assert restored == v
        assert str(restored) == str(v)
    assert copy.copy(v) is v
    assert copy.deepcopy([v])[0] is v


def test_version_is_final() -> None:
    with pytest.raises(TypeError):
        type("Sub", (Version,), {})


def test_constructor_takes_only_str() -> None:
    with pytest.raises(TypeError):
        Version(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Version(b"1.2.3")  # type: ignore[arg-type]


# ---------------------------------------------------------------- bump arguments


def test_bump_keywords() -> None:
    v = Version("1.2.3+build")
    assert str(v.bump("preminor", preid="rc")) == "1.3.0-rc.0"
    assert str(v.bump("preminor", preid="rc", preid_base=1)) == "1.3.0-rc.1"
    assert str(v.bump("preminor", preid="rc", preid_base="1")) == "1.3.0-rc.1"
    assert str(v.bump("preminor", preid="rc", preid_base=0)) == "1.3.0-rc.0"
    assert str(v.bump("preminor", preid="rc", preid_base="0")) == "1.3.0-rc.0"
    assert str(v.bump("preminor", preid="rc", preid_base=False)) == "1.3.0-rc"
    assert str(v.bump("patch")) == "1.2.4"
    with pytest.raises(TypeError):
        v.bump("preminor", "rc")  # type: ignore[call-arg]


@pytest.mark.parametrize("base", [True, 2, -1, "2", "", "true", 0.0, None, [0], 2**70])
def test_invalid_preid_base(base: Any) -> None:
    with pytest.raises(VersionError) as info:
        Version("1.2.3").bump("preminor", preid="rc", preid_base=base)
    assert info.value.kind == "invalid_base"
    assert info.value.offset is None


def test_true_is_not_one() -> None:
    with pytest.raises(VersionError, match="invalid preid base `true`") as info:
        Version("1.2.3").bump("prerelease", preid_base=True)
    assert info.value.kind == "invalid_base"


def test_unknown_level() -> None:
    with pytest.raises(VersionError, match="unknown bump level `huge`") as info:
        Version("1.2.3").bump("huge")
    assert info.value.kind == "unknown_level"
    assert info.value.offset is None
    assert info.value.hint is None
    with pytest.raises(TypeError):
        Version("1.2.3").bump(1)  # type: ignore[arg-type]


def test_bump_error_message() -> None:
    with pytest.raises(VersionError) as info:
        Version("1.2.3").bump("release")
    assert str(info.value) == "cannot bump `1.2.3` to release: it is not a pre-release"
    assert info.value.kind == "not_a_prerelease"


# ---------------------------------------------------------------- errors


def test_exception_hierarchy() -> None:
    assert issubclass(VersionError, RelcoreError)
    assert issubclass(RelcoreError, ValueError)
    assert VersionError.__module__ == "relcore.errors"
    with pytest.raises(ValueError):
        Version("1.2")


def test_hint_for_release_tag() -> None:
    with pytest.raises(VersionError) as info:
        Version("v1.2.3")
    err = info.value
    assert err.kind == "unexpected_prefix"
    assert err.offset == 0
    assert err.hint == "`v1.2.3` looks like a release tag, not a version: the version is `1.2.3`"
    assert str(err).endswith("; " + err.hint)
    assert err.args == (str(err),)


def test_no_hint() -> None:
    with pytest.raises(VersionError) as info:
        Version("1.02.3")
    assert info.value.hint is None
    assert info.value.offset == 2


def test_offset_is_in_code_points() -> None:
    with pytest.raises(VersionError) as info:
        Version("1.2.3-a.é")
    assert info.value.kind == "unexpected_character"
    assert info.value.offset == 8
    assert "1.2.3-a.é"[info.value.offset] == "é"


def test_unencodable_str_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Version("1.2.3-\ud800")


def test_error_pickles() -> None:
    err = VersionError("message", "leading_zero", 2, "a hint")
    restored = pickle.loads(pickle.dumps(err))
    assert type(restored) is VersionError
    assert (str(restored), restored.kind, restored.offset, restored.hint) == (
        "message",
        "leading_zero",
        2,
        "a hint",
    )
    assert VersionError("m", "empty").offset is None


# ---------------------------------------------------------------- compare and sort


def test_compare_types() -> None:
    assert compare("1.0.0-rc.1", Version("1.0.0")) == -1
    with pytest.raises(TypeError):
        compare("1.0.0", 1)  # type: ignore[arg-type]
    with pytest.raises(VersionError) as info:
        compare("1.0.0", "1.0")
    assert info.value.kind == "unexpected_end"


def test_sort_is_stable_and_accepts_iterables() -> None:
    assert sort_versions([]) == []
    assert sort_versions(("1.0.0", Version("0.1.0"), "1.0.0")) == ["0.1.0", "1.0.0", "1.0.0"]
    assert sort_versions(iter(["2.0.0", "1.0.0"])) == ["1.0.0", "2.0.0"]
    assert sort_versions({"1.0.0": 1}) == ["1.0.0"]


def test_sort_error_names_the_item() -> None:
    with pytest.raises(VersionError) as info:
        sort_versions(["1.0.0", "2.0.0", "1.02.0", "x"])
    err = info.value
    assert str(err) == "item 2: invalid leading zero in minor version of `1.02.0` at offset 2"
    assert (err.kind, err.offset) == ("leading_zero", 2)


def test_sort_type_errors() -> None:
    with pytest.raises(TypeError, match="item 1: expected str or Version, got int"):
        sort_versions(["1.0.0", 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="single str"):
        sort_versions("1.0.0")
    with pytest.raises(TypeError):
        sort_versions(1)  # type: ignore[arg-type]


def test_module() -> None:
    assert relcore.__version__ == relcore._relcore.__version__
    assert set(relcore.__all__) <= set(dir(relcore))
    assert Version.__module__ == "relcore"
