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

from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

__all__ = [
    "Approval",
    "Classification",
    "Commit",
    "CommitInput",
    "Decision",
    "Dependency",
    "Diagnostic",
    "Footer",
    "Head",
    "NextWindow",
    "Person",
    "PlanCheck",
    "PlanReport",
    "Reason",
    "Reference",
    "ReleaseReport",
    "RepoCommit",
    "Response",
    "Revert",
    "RiskReason",
    "ServicePlan",
    "ServiceStep",
    "Simulation",
    "SimulationDecision",
    "SkippedStart",
    "Tag",
    "TimelineRecord",
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
    severity: Literal["error", "warning", "note"]
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


class PlanReport(TypedDict):
    """The check of a rollout plan: every problem, the rollout's length and the worst-case
    time until a rollback fires; the JSON of ``relcore plan check --json``."""

    diagnostics: List[Diagnostic]
    """Every problem, in document order (problems without a position last); ``path`` is
    the key path in the plan, such as ``deployment.stages[0].duration``."""
    total_duration_seconds: int
    """The sum of the stage durations."""
    worst_case_rollback_seconds: Optional[int]
    """The longest time from a problem appearing at the start of any stage until a
    rollback trigger may fire; ``None`` when some problem would never roll back by
    itself."""


class PlanCheck(PlanReport):
    """The check of the rollout plan in a release: the plan file (``[plan] path`` of
    relcore.toml, default ``rollout.yml``) and its report, in the release's context."""

    file: str
    """The plan file, relative to the repository root."""


class _TimelineAt(TypedDict):
    at: Union[str, int]


class TimelineRecord(_TimelineAt, total=False):
    """A record of a metric timeline for :func:`relcore.simulate_plan`: an observation
    (``metric`` with ``value`` and/or ``baseline``), an approval (``approve``) or a
    health check (``service`` with ``healthy``).

    ``at`` is the time from the plan's start: a duration such as ``"30m"`` or
    ``"1h30m"``, or whole seconds."""

    metric: str
    """The metric observed, such as ``"error-rate"``."""
    value: Union[float, str]
    """The value on the new version, in the metric's unit (``0.05`` for 0.05 %, ``250``
    for 250 ms)."""
    baseline: Union[float, str]
    """The value on the stable version, for relative thresholds."""
    approve: str
    """The stage a person lets begin."""
    service: str
    """The service whose health check this is (with ``healthy``)."""
    healthy: bool
    """Whether the service's health check passed."""


class SimulationDecision(TypedDict):
    """One decision of a simulated rollout."""

    at_seconds: int
    """Seconds from the plan's start."""
    stage: str
    """The stage the rollout is in (before the first stage begins: the first stage)."""
    decision: Literal["advance", "hold", "rollback", "awaiting_approval", "deploy"]
    reason: Literal[
        "trigger",
        "manual_trigger",
        "gate_failed",
        "no_data",
        "no_baseline",
        "approval",
        "manual_advance",
        "gates_passed",
        "approved",
        "hold_timeout",
        "failure_limit",
        "window_closed",
        "window_open",
        "service_deployed",
        "health_check_passed",
        "health_check_failed",
        "no_health_check",
    ]
    metric: Optional[str]
    """The metric concerned, for gates and triggers."""
    value: Optional[float]
    """The observed value, in the metric's unit."""
    threshold: Optional[float]
    """The threshold it was compared with, resolved against the baseline."""
    rule: str
    """The gate or trigger expression, the approval (``approval: qa-team``),
    ``auto-advance: false``, or the gates that passed."""
    message: str
    """The decision in a sentence."""
    time: Optional[str]
    """The wall-clock time in the window's timezone (``2026-11-24T11:00``), when the
    plan has a window and a start."""
    opens_at: Optional[str]
    """For ``window_closed``: when the window opens, local time."""
    service: Optional[str]
    """The service concerned, for service decisions."""


class Simulation(TypedDict):
    """A rollout plan run against a metric timeline: the JSON of ``relcore plan simulate
    --json``."""

    outcome: Literal["completed", "rolled_back", "stuck"]
    at_seconds: int
    """When: the completion, the rollback, or the moment the rollout began to wait for
    what never came."""
    stage: Optional[str]
    """The stage it ends in; ``None`` for a plan without stages."""
    decisions: List[SimulationDecision]
    """Every decision, in time order; a decision that only repeats the last one is given
    once."""
    rollback_order: List[str]
    """After a rollback that undoes services: them, in rollback order; else empty."""
    time: Optional[str]
    """The wall-clock time of ``at_seconds``, when the plan has a window and a start."""


class ServiceStep(TypedDict):
    """One service of :class:`ServicePlan`."""

    name: str
    delay_seconds: int
    """How long to wait after deploying it before its health check."""
    health_check: Optional[str]


class ServicePlan(TypedDict):
    """The order a plan's services deploy and roll back in: :func:`relcore.plan_order`,
    the JSON of ``relcore plan order --json``."""

    deploy: List[ServiceStep]
    rollback: List[str]


class SkippedStart(TypedDict):
    """A start the allowed ranges offer, and the window rules that rule it out."""

    start: str
    reasons: List[Diagnostic]


class NextWindow(TypedDict):
    """When a rollout may start: :func:`relcore.next_window`, the JSON of ``relcore plan
    next-window --json``. Times are local, in ``timezone``."""

    timezone: str
    at: str
    start: Optional[str]
    """The first start that keeps the window rules; ``None`` within a year."""
    skipped: List[SkippedStart]
    """The earlier starts (the first 20) and why each is out."""
    skipped_total: int
    overridden: List[Diagnostic]
    """For a hotfix, which may start at ``at``: the window rules it sets aside."""


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


class Approval(TypedDict):
    """Who approves a release, and whether it waits for them."""

    level: Literal["required", "optional"]
    by: List[str]
    """Roles, such as ``"release-manager"``; may be empty."""


class RiskReason(TypedDict):
    """One rule of the risk policy that fired, what it decided, and why."""

    rule: str
    """The rule's slug (``schema_migration``, ``breaking_change``, ...) or ``fallback``."""
    message: str
    decided: List[Literal["type", "risk", "strategy", "approval", "rollback", "pace", "gates"]]
    """The dimensions this rule decided; empty when earlier rules had decided them all."""
    commits: List[str]
    """Short ids where known, else headers."""
    paths: List[str]


# How a release is classified: the change type, risk, rollout strategy with its traffic
# steps, approval, rollback mode, pace, gates, the number of services, and the reasons.
# The functional form because `type` shadows the builtin in a class body.
Classification = TypedDict(
    "Classification",
    {
        "type": Literal["feature", "hotfix", "rollback", "config", "migration"],
        "risk": Literal["low", "medium", "high"],
        "strategy": Literal["canary", "blue-green", "rolling", "recreate"],
        "steps": List[int],
        "approval": Approval,
        "rollback": Literal["automated", "manual"],
        "pace": Literal["standard", "fast_track", "immediate"],
        "gates": Literal["enforced", "skippable"],
        "services": int,
        "reasons": List[RiskReason],
    },
)


class Response(TypedDict):
    """What to do about an incident, from the policy's playbook for its severity."""

    severity: Literal["low", "medium", "high", "critical"]
    action: Literal["rollback", "hotfix", "next_release"]
    deadline_minutes: Optional[int]
    """``0`` for immediately, ``None`` for no deadline."""
    otherwise: Optional[Literal["rollback", "hotfix", "next_release"]]
    """What to do instead when the action cannot be done by the deadline."""
    reason: str


class Head(TypedDict):
    """Where HEAD is."""

    commit: str
    """The full commit id."""
    branch: Optional[str]
    """``None`` when HEAD is detached."""


class Tag(TypedDict):
    """A release tag in a repository."""

    name: str
    """The tag's name, such as ``"v1.4.2"``."""
    version: str
    """The version it names, such as ``"1.4.2"``."""
    package: Optional[str]
    """The package, for tag formats with ``{package}``."""
    commit: str
    """The full id of the commit it points at."""
    time: int
    """That commit's time, in seconds since the Unix epoch."""


class RepoCommit(TypedDict):
    """A commit read from a repository, with the paths it changed when asked for."""

    commit: Commit
    paths: List[str]
    """Changed against the first parent; empty unless ``changed_paths=True``."""


class ReleaseReport(TypedDict):
    """The next release of a repository, prepared but not carried out: the JSON of
    ``relcore release --json`` without the CLI's ``tagged`` and ``files``."""

    current: Optional[str]
    """The current version: the latest release tag's."""
    current_tag: Optional[str]
    next: Optional[str]
    """``None`` when there is nothing to release; then the keys below are ``None`` too."""
    level: Optional[Literal["major", "minor", "patch"]]
    reasons: List[Reason]
    commits: int
    """How many commits since the current release were read."""
    branch: Optional[str]
    tag: Optional[str]
    """The new tag's name."""
    release: Optional[Dict[str, Any]]
    """The release model, as ``render_changelog(..., format="json")`` prints it."""
    section: Optional[str]
    """The changelog section."""
    notes: Optional[str]
    """The release notes, the tag's message."""
    classification: Optional[Classification]
    plan: Optional[PlanCheck]
    """The rollout plan's check, when the plan file exists and there is a release."""
    warnings: List[str]
    """What looks wrong with the history though it is no error, e.g. no release tag
    among many commits (a clone made without tags)."""
