"""The native module's docstrings are its stub's: `help()`, IPython's `?` and Sphinx show
what an editor shows from `_relcore.pyi` (relcore-py/build.rs copies them at build time)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import relcore._relcore as native

STUB = Path(native.__file__).with_name("_relcore.pyi")
if not STUB.exists():  # an editable install keeps the stub beside the sources
    STUB = Path(__file__).parents[1] / "python" / "relcore" / "_relcore.pyi"


def stub_docstrings() -> dict[str, str]:
    """Every docstring of the stub, by qualified name (`module` for the module's own)."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    found = {"module": ast.get_docstring(tree)}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = ast.get_docstring(node)
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef):
                    found[f"{node.name}.{member.name}"] = ast.get_docstring(member)
    return {name: doc for name, doc in found.items() if doc}


def runtime(name: str) -> Any:
    if name == "module":
        return native
    obj: Any = native
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def test_every_stub_docstring_is_the_objects_own() -> None:
    docs = stub_docstrings()
    assert len(docs) > 60, "the stub documents every function, class and method"
    mismatched = [
        name for name, doc in docs.items() if inspect.cleandoc(runtime(name).__doc__ or "") != doc
    ]
    assert not mismatched, f"runtime docstrings differ from the stub's: {mismatched}"


def test_help_shows_the_arguments_and_errors() -> None:
    text = inspect.getdoc(native.next_version) or ""
    assert "Arguments:" in text and "Raises:" in text
    assert native.next_version.__text_signature__ is not None
