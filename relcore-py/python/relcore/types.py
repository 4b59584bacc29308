"""The shapes of the dicts relcore returns and accepts, as ``TypedDict``s for type checkers.

The dicts are the serde form of the relcore core types: the same keys and values as the
JSON the ``relcore`` CLI prints with ``--json``, with ``None`` for ``null``. Offsets are
code-point indexes into the Python string. At run time these are plain ``dict``s::

    >>> from relcore import parse_commit
    >>> from relcore.types import Commit
    >>> commit: Commit = parse_commit("feat(api)!: drop v1")
    >>> commit["type"], commit["scope"], commit["breaking"]
    ('feat', 'api', True)
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict

__all__ = [
    "Commit",
    "CommitInput",
    "Decision",
    "Dependency",
    "Diagnostic",
    "Footer",
    "Person",
    "Reason",
    "Reference",
    "Revert",
]


class Person(TypedDict):
    """A commit author or a ``Co-authored-by`` trailer."""

    name: str
    email: Optional[str]


class Footer(TypedDict):
    """A footer (git trailer): ``Token: value`` or ``Token #value``."""

    token: str
    separator: str
    """``":"`` or ``" #"``."""
    value: str


class Reference(TypedDict):
    """An issue or pull request a commit names: ``#12`` or ``owner/repo#12``."""

    kind: Literal["pull_request", "closes", "fixes", "resolves", "refs"]
    repository: Optional[str]
    """``owner/repo`` for cross-repository references, else ``None``."""
    number: int


class Revert(TypedDict):
    """What a revert commit undoes."""

    id: Optional[str]
    header: Optional[str]


# The dependency update of a Dependabot or Renovate commit: the package, the version it
# is updated from (Dependabot says, Renovate not), to, and the manifest directory. The
# functional form because `from` is a keyword.
Dependency = TypedDict(
    "Dependency",
    {"name": str, "from": Optional[str], "to": str, "path": Optional[str]},
)


class Commit(TypedDict):
    """A commit message parsed as a Conventional Commit, plus what the repository knows."""

    id: Optional[str]
    author: Optional[Person]
    time: Optional[int]
    """Seconds since the Unix epoch."""
    header: str
    type: Optional[str]
    """Lower-cased; ``None`` for a message that is not a Conventional Commit."""
    scope: Optional[str]
    breaking: bool
    description: str
    body: Optional[str]
    footers: List[Footer]
    breaking_note: Optional[str]
    references: List[Reference]
    co_authors: List[Person]
    revert_of: Optional[Revert]
    merge: bool
    dependency: Optional[Dependency]


class Diagnostic(TypedDict):
    """A located problem: a stable code, a severity, where it is and how to fix it."""

    code: str
    severity: Literal["error", "warning"]
    path: Optional[str]
    offset: Optional[int]
    """Code-point index into the checked text."""
    line: Optional[int]
    """1-based line."""
    column: Optional[int]
    """1-based column, in characters."""
    value: Optional[str]
    message: str
    hint: Optional[str]


class Reason(TypedDict):
    """One rule that shaped a next-version decision, and the commits that made it fire."""

    rule: str
    """A stable slug: ``breaking_change``, ``feature``, ``fix``, ``major_version_zero``,
    ``initial_version``, ``prerelease_channel``, ``finalise_prerelease``,
    ``no_releasable_changes`` or ``reverted``."""
    message: str
    commits: List[str]
    """Short ids where known, else headers."""


class Decision(TypedDict):
    """What to release next, and why."""

    current: Optional[str]
    next: Optional[str]
    """``None`` when there is nothing to release."""
    level: Optional[Literal["major", "minor", "patch"]]
    reasons: List[Reason]


class _CommitMessage(TypedDict):
    message: str


class CommitInput(_CommitMessage, total=False):
    """A commit for :func:`relcore.next_version`: its message and, optionally, what the
    repository knows about it."""

    id: Optional[str]
    author: Optional[str]
    """``"Name <email>"``."""
    time: Optional[int]
    """Seconds since the Unix epoch."""
