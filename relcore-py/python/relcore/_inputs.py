"""The one argument shape of the bindings with no core type (so no schema) to generate it
from: a commit as :func:`relcore.next_version` and :func:`relcore.render_changelog` take
it. :mod:`relcore.types` re-exports it."""

from __future__ import annotations

from typing import Optional, TypedDict

__all__ = ["CommitInput"]


class _CommitMessage(TypedDict):
    message: str
    """The full commit message."""


class CommitInput(_CommitMessage, total=False):
    """A commit: its message and, optionally, what the repository knows about it."""

    id: Optional[str]
    """The commit id (a full or abbreviated SHA)."""
    author: Optional[str]
    """The author as git writes identities, ``"Name <email>"``."""
    time: Optional[int]
    """The commit time in seconds since the Unix epoch."""
