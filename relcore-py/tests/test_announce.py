"""relcore.announce against the shared vectors (relcore/tests/vectors/announce.json), plus
the Python specifics: the errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from relcore import AnnounceError, ChangelogError, RelcoreError, announce

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "relcore/tests/vectors/announce.json").read_text(encoding="utf-8")
)
CASES = [pytest.param(c, id=f"{i}:{c['name']}") for i, c in enumerate(VECTORS["announce"])]


@pytest.mark.parametrize("case", CASES)
def test_announce_vectors(case: dict[str, Any]) -> None:
    args = {"template": case.get("template"), "format": case["format"]}
    if "error" in case:
        with pytest.raises(RelcoreError) as info:
            announce(case["request"], **args)
        assert info.value.kind == case["error"]  # type: ignore[attr-defined]
        return
    message = announce(case["request"], **args)
    assert (message["subject"], message["text"]) == (case["subject"], case["text"])
    assert message["format"] == case["format"]


def test_error_classes() -> None:
    with pytest.raises(AnnounceError) as info:
        announce({"phase": "pre", "version": "1.0.0", "when": "soon"})
    assert info.value.kind == "invalid_announcement"
    assert "when" in str(info.value)
    with pytest.raises(AnnounceError) as info:
        announce({"phase": "pre", "version": "1.0.0"}, format="html")
    assert info.value.kind == "unknown_value"
    with pytest.raises(ChangelogError) as err:
        announce({"phase": "pre", "version": "1.0.0"}, template="line\n{% if %}")
    assert (err.value.kind, err.value.line) == ("template_syntax", 2)
