"""The shapes of the dicts relcore returns and accepts, as ``TypedDict``s for type checkers.

The dicts are the serde form of the relcore core types: the same keys and values as the
JSON the ``relcore`` CLI prints with ``--json``, with ``None`` for ``null``. Offsets are
code-point indexes into the Python string. At run time these are plain ``dict``s::

    >>> from relcore import parse_commit
    >>> from relcore.types import Commit
    >>> commit: Commit = parse_commit("feat(api)!: drop v1")
    >>> commit["type"], commit["scope"], commit["breaking"]
    ('feat', 'api', True)

Generated from ``schema/*.json`` by ``scripts/gen-types.py``; do not edit.
"""

from __future__ import annotations

from typing import Dict, List, Literal, Optional, TypedDict, Union


__all__ = [
    "AnnounceContext",
    "AnnounceRequest",
    "Announcement",
    "Approval",
    "Backports",
    "Change",
    "CheckItem",
    "CherryPick",
    "Classification",
    "Commit",
    "CommitFact",
    "CommitInput",
    "Decision",
    "Dependency",
    "DependencyUpdate",
    "Deployment",
    "DeploymentMetrics",
    "Diagnostic",
    "Durations",
    "FixedRelease",
    "FixedReleases",
    "Footer",
    "Head",
    "HotfixPlan",
    "IncidentResponse",
    "LinkedReference",
    "Metrics",
    "MetricsInput",
    "NextWindow",
    "PackageBump",
    "PackageRelease",
    "PackageTag",
    "PackageVersion",
    "PeriodMetrics",
    "Person",
    "PipelineStatus",
    "PlanCheck",
    "PlanReport",
    "PrereleaseCycle",
    "PrereleaseCycles",
    "Reason",
    "Reference",
    "Release",
    "ReleaseCounts",
    "ReleaseEntry",
    "ReleaseFact",
    "ReleaseGroup",
    "ReleaseRecord",
    "ReleaseReport",
    "RepoCommit",
    "RequirementRewrite",
    "RequirementSite",
    "Response",
    "Revert",
    "RiskReason",
    "ServicePlan",
    "ServiceStep",
    "SetCheck",
    "SetFailure",
    "SetMember",
    "SetMemberPackage",
    "SetPackage",
    "SetPlan",
    "SetPlanReport",
    "SetReleaseReport",
    "SetReleased",
    "SetRepository",
    "SetRequirement",
    "SetUndone",
    "Share",
    "Simulation",
    "SimulationDecision",
    "Site",
    "SkippedStart",
    "StageRecord",
    "StageStatus",
    "SyncFile",
    "SyncPlan",
    "SyncReport",
    "Tag",
    "TaggedVersion",
    "TimelineRecord",
    "Transition",
    "UpdatedDependency",
    "Verdict",
    "VersionChange",
    "VersionsReport",
    "Workspace",
    "WorkspaceDependency",
    "WorkspaceGroup",
    "WorkspaceNext",
    "WorkspacePackage",
    "WorkspacePackagePlan",
    "WorkspacePlan",
    "WorkspaceReason",
    "WorkspaceRelease",
    "WorkspaceSettings",
]


class Change(TypedDict):
    """One change of the release, as the announcement lists it."""

    section: str
    """The changelog section it is in (``Added``, ``Fixed``, …)."""
    text: str
    """The line: ``**scope**: description``, as the changelog writes it."""
    breaking: bool
    """Whether it breaks existing behaviour."""


class _AnnounceRequestRequired(TypedDict):
    phase: Literal["pre", "post"]
    """Before or after the deployment."""
    version: str
    """The version deployed."""


class AnnounceRequest(_AnnounceRequestRequired, total=False):
    """Everything an announcement says, as plain values."""

    audience: Literal["internal", "customers"]
    """Who reads it. Default ``internal``."""
    product: Optional[str]
    """What is deployed, by name; default ``the service``."""
    start: Optional[str]
    """When the deployment starts, in the window's timezone (``pre``)."""
    timezone: Optional[str]
    """The timezone of ``start`` (an IANA name or ``UTC``)."""
    duration_seconds: Optional[int]
    """How long the rollout is expected to take, in seconds (the plan's stages)."""
    strategy: Optional[str]
    """The rollout strategy (``canary``, ``blue-green``, …)."""
    changes: List[Change]
    """The changes, in changelog order."""
    impact: Optional[str]
    """What users notice while it happens."""
    contact: Optional[str]
    """Whom to ask."""
    status: Optional[Literal["in_progress", "released", "rolled_back"]]
    """How the deployment went (``post``), from the release record; absent: completed."""
    finished_at: Optional[str]
    """When it finished (``post``)."""
    deploy_seconds: Optional[int]
    """How long it took, in seconds (``post``)."""
    status_detail: Optional[str]
    """Why it was rolled back, or anything else to say about the status (``post``)."""


class AnnounceContext(TypedDict):
    """The values templates see: the request's, and the words made of them."""

    phase: Literal["pre", "post"]
    """``pre`` or ``post``."""
    audience: Literal["internal", "customers"]
    """``internal`` or ``customers``."""
    version: str
    """The version."""
    product: str
    """The product's name (``the service`` when none was given)."""
    date: Optional[str]
    """The start's date in words: ``Tuesday 3 March 2026``."""
    time: Optional[str]
    """The start's time: ``10:00``."""
    timezone: Optional[str]
    """The start's timezone."""
    duration: Optional[str]
    """The expected duration in words: ``5h 0m``."""
    strategy: Optional[str]
    """The rollout strategy."""
    changes: List[Change]
    """The changes."""
    breaking: bool
    """Whether a change is breaking."""
    impact: Optional[str]
    """The impact, as given."""
    contact: Optional[str]
    """The contact, as given."""
    status: Optional[Literal["in_progress", "released", "rolled_back"]]
    """``released``, ``rolled_back`` or ``in_progress`` (``post``; ``released`` when not given)."""
    status_text: Optional[str]
    """The status in words: ``Completed``, ``Rolled back``, ``In progress``."""
    finished: Optional[str]
    """When it finished: ``2026-03-03 11:20 UTC``."""
    deploy_duration: Optional[str]
    """How long the deployment took, in words."""
    status_detail: Optional[str]
    """More about the status."""
    markdown: bool
    """``true`` for Markdown (and JSON): templates may add emphasis."""
    h: str
    """``## `` in Markdown, else empty: a heading's prefix."""
    b: str
    """``**`` in Markdown, else empty: bold."""


class Announcement(TypedDict):
    """A rendered announcement."""

    phase: Literal["pre", "post"]
    """``pre`` or ``post``."""
    audience: Literal["internal", "customers"]
    """``internal`` or ``customers``."""
    format: Literal["text", "markdown", "json"]
    """``text``, ``markdown`` or ``json``."""
    subject: str
    """The first line, without Markdown: a mail's subject."""
    text: str
    """The message (Markdown for ``json``)."""
    context: AnnounceContext
    """The values the template saw."""


class Approval(TypedDict):
    """Who approves a release, and whether it waits for them."""

    level: Literal["required", "optional"]
    """Required or optional."""
    by: List[str]
    """Who approves: roles or teams, such as ``release-manager`` or ``security``, in order."""


class Reference(TypedDict):
    """An issue or pull request a commit names: ``#12`` or ``owner/repo#12``."""

    kind: Literal["pull_request", "closes", "fixes", "resolves", "refs"]
    """Why the commit names it."""
    repository: Optional[str]
    """``owner/repo`` for cross-repository references; ``null`` for this repository."""
    number: int
    """The issue or pull request number."""


class CherryPick(TypedDict):
    """A commit to bring over, with the command that does it."""

    id: Optional[str]
    """The commit's full id, when known."""
    header: str
    """Its header."""
    type: Optional[str]
    """Its Conventional Commits type, if any."""
    references: List[Reference]
    """The issues and pull requests it names."""
    command: str
    """The command that applies it: ``git cherry-pick -x <id>``."""


class Backports(TypedDict):
    """What the hotfix line has that the main line lacks: what ``backports`` returns."""

    missing: List[CherryPick]
    """The commits to bring to the main line, oldest first."""
    present: List[CherryPick]
    """The commits the main line already has (an equal patch, or a `(cherry picked from
    commit …)` line naming them), oldest first."""


class CheckItem(TypedDict):
    """One line of the checklist."""

    name: str
    """The check's name (``tests``, ``clean_work_tree``, a custom check's)."""
    title: str
    """The checklist line."""
    level: Literal["required", "warn"]
    """Required or warn."""
    status: Literal["pass", "fail", "unknown"]
    """How it came out."""
    blocker: bool
    """``true`` when it blocks the release (required, and not passed)."""
    reason: str
    """Why, in words."""


class RiskReason(TypedDict):
    """One rule that fired, what it decided, and the commits or paths that made it fire.

    The same style as ``bump::Reason``, with the paths and the
    decided dimensions added."""

    rule: str
    """The rule's name, such as ``breaking_change``, or ``fallback``; ``invalid_glob`` for a
    policy glob that does not compile (it matches nothing; the message says where)."""
    message: str
    """What the rule found and decided, in words."""
    decided: List[Literal["type", "risk", "strategy", "approval", "rollback", "pace", "gates"]]
    """The dimensions it decided; empty when earlier rules had decided them all."""
    commits: List[str]
    """The commits that made it fire: short ids where known, else headers."""
    paths: List[str]
    """The changed paths that made it fire."""


class Classification(TypedDict):
    """The class of a release: what it is, how risky, how to roll it out, and why."""

    type: Literal["feature", "hotfix", "rollback", "config", "migration"]
    """What kind of release it is."""
    risk: Literal["low", "medium", "high"]
    """How risky it is."""
    strategy: Literal["canary", "blue-green", "rolling", "recreate"]
    """How it reaches production."""
    steps: List[int]
    """The strategy's traffic steps in percent, such as ``[20, 50, 100]``; empty when the
    deciding rule gives none."""
    approval: Approval
    """Who approves it, and whether it waits for them."""
    rollback: Literal["automated", "manual"]
    """How it is undone if it fails."""
    pace: Literal["standard", "fast_track", "immediate"]
    """How fast it moves through its stages."""
    gates: Literal["enforced", "skippable"]
    """Whether gates hold it."""
    services: int
    """How many services it deploys (from the facts), for rollout plans."""
    reasons: List[RiskReason]
    """Each rule that fired, in policy order, then ``fallback`` if it decided anything."""


class Person(TypedDict):
    """A person: a commit author or a ``Co-authored-by`` trailer."""

    name: str
    """The display name."""
    email: Optional[str]
    """The e-mail address, when known."""


class Footer(TypedDict):
    """A footer (git trailer) of a commit message: ``Token: value`` or ``Token #value``."""

    token: str
    """The token, as written: ``Closes``, ``BREAKING CHANGE``, ``Co-authored-by``."""
    separator: str
    """``:`` or `` #``."""
    value: str
    """The value; several lines for multi-line footers."""


class Revert(TypedDict):
    """What a revert commit undoes."""

    id: Optional[str]
    """The (possibly abbreviated) id of the reverted commit, from ``This reverts commit <id>.``"""
    header: Optional[str]
    """The header of the reverted commit, from ``Revert "<header>"`` or ``revert: <header>``."""


# A dependency update, from a Dependabot or Renovate subject.
Dependency = TypedDict(
    "Dependency",
    {
        "name": str,
        "from": Optional[str],
        "to": str,
        "path": Optional[str],
    },
)


class Commit(TypedDict):
    """A commit: its message parsed as a Conventional Commit, plus what the repository knows
    (id, author, time), which the adapters fill in.

    The fields are the same in every language (``type``, ``scope``, ``breaking``, …); see the
    module docs for an example."""

    id: Optional[str]
    """The commit id (a full or abbreviated SHA), when known."""
    author: Optional[Person]
    """The author, when known."""
    time: Optional[int]
    """The commit time in seconds since the Unix epoch, when known."""
    header: str
    """The first line of the message, as written."""
    type: Optional[str]
    """The type, lower-cased (``feat``, ``fix``, …); ``null`` for a message that is not a
    Conventional Commit."""
    scope: Optional[str]
    """The scope, ``api`` in ``feat(api): …``."""
    breaking: bool
    """``true`` for a ``!`` after type or scope, or a ``BREAKING CHANGE:``/``BREAKING-CHANGE:`` footer."""
    description: str
    """The description, without a trailing ``(#123)`` pull-request suffix; the whole first
    line for a message that is not a Conventional Commit."""
    body: Optional[str]
    """The body: the text between the header and the footers."""
    footers: List[Footer]
    """Every footer, in order."""
    breaking_note: Optional[str]
    """The text of the ``BREAKING CHANGE:`` footer: the migration note (of each such footer,
    a blank line between two)."""
    references: List[Reference]
    """Issues and pull requests the commit names."""
    co_authors: List[Person]
    """People from ``Co-authored-by`` trailers."""
    revert_of: Optional[Revert]
    """What the commit reverts, for ``revert:`` and git's ``Revert "…"`` commits."""
    merge: bool
    """``true`` for a merge commit (by its subject, or as the adapter found it)."""
    dependency: Optional[Dependency]
    """The dependency update a Dependabot or Renovate commit makes."""


class _CommitInputRequired(TypedDict):
    message: str
    """The full commit message."""


class CommitInput(_CommitInputRequired, total=False):
    """A commit as callers give it: its message, and what the repository knows about it. An
    empty id or author means unknown. The CLI's stdin reader and the bindings'
    ``{message, id, author, time}`` objects build commits only through this."""

    id: Optional[str]
    """The commit id (a full or abbreviated SHA)."""
    author: Optional[str]
    """The author as git writes identities, ``Name <email>``."""
    time: Optional[int]
    """The commit time, in seconds since the Unix epoch."""


class Reason(TypedDict):
    """One rule that shaped the decision, and the commits that made it fire."""

    rule: str
    """A stable slug: ``breaking_change``, ``feature``, ``fix``, ``major_version_zero``,
    ``initial_version``, ``prerelease_channel``, ``finalise_prerelease``,
    ``no_releasable_changes``, ``reverted``."""
    message: str
    """What the rule concluded, in words."""
    commits: List[str]
    """The commits that made it fire: ids where known, else headers."""


class Decision(TypedDict):
    """What to release next, and why."""

    current: Optional[str]
    """The latest release, if any."""
    next: Optional[str]
    """The next version; ``null`` when there is nothing to release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level applied to ``current`` (after the ``0.y.z`` rules); ``null`` for no release,
    an initial release, or a pre-release that is finalised as it is."""
    reasons: List[Reason]
    """The rules that decided, most important first."""


class _DeploymentRequired(TypedDict):
    version: str
    """The version deployed."""
    started: int
    """When it started, in seconds since the Unix epoch."""
    outcome: Literal["succeeded", "failed", "rolled_back", "in_progress"]
    """How it ended."""


class Deployment(_DeploymentRequired, total=False):
    """A deployment, as a pipeline record tells it."""

    finished: Optional[int]
    """When it ended (in production, failed or rolled back); ``null`` while running."""
    restored: Optional[int]
    """For a failure: when service was restored; when absent, the end of the next
    successful deployment restores it (a rolled-back deployment without a later one:
    its own end)."""


class Diagnostic(TypedDict):
    """A located problem: a stable code, a severity, where it is and what to do about it.

    ``offset`` is a byte offset into the checked text; ``line`` and ``column`` are 1-based, the
    column counted in characters."""

    code: str
    """The stable slug of the rule, e.g. ``missing_colon``."""
    severity: Literal["error", "warning", "note"]
    """Error or warning."""
    path: Optional[str]
    """The document path of the problem (``deployment.stages[2].percentage``), where the
    input is a document."""
    offset: Optional[int]
    """Where the problem is in the text: a byte offset in Rust and the CLI's JSON, a
    code-point index in Python, a UTF-16 index in JavaScript."""
    line: Optional[int]
    """1-based line."""
    column: Optional[int]
    """1-based column, in characters."""
    value: Optional[str]
    """The offending text, when there is one."""
    message: str
    """What is wrong, lower-case, no trailing period."""
    hint: Optional[str]
    """How to fix it."""


class Head(TypedDict):
    """Where HEAD is."""

    commit: str
    """The commit HEAD points at."""
    branch: Optional[str]
    """The branch, unless HEAD is detached."""


class TaggedVersion(TypedDict):
    """A release: its version and tag."""

    version: str
    """The version."""
    tag: str
    """Its tag."""


class HotfixPlan(TypedDict):
    """A hotfix, planned: what ``plan`` returns and ``relcore hotfix plan --json`` prints."""

    production: TaggedVersion
    """The release in production."""
    version: str
    """The hotfix's version: the next patch on production's line that is not taken."""
    tag: str
    """The hotfix's tag."""
    taken: List[str]
    """Patch versions on the line that were already taken, lowest first."""
    branch: str
    """The branch to make the hotfix on."""
    candidates: List[CherryPick]
    """The fixes on the main line since production, oldest first: cherry-pick candidates."""
    classification: Classification
    """How the hotfix releases (type hotfix, fast track, approvals as the policy says)."""
    rollback: TaggedVersion
    """Where to go back to if the hotfix fails: the production release."""


class IncidentResponse(TypedDict):
    """What to do about an incident, and how fast, with the plan's rollback order: the answer
    of ``incident_response`` (``relcore respond --json``, Python and Node ``respond``)."""

    severity: Literal["low", "medium", "high", "critical"]
    """The severity responded to."""
    action: Literal["rollback", "hotfix", "next_release"]
    """What to do."""
    deadline_minutes: Optional[int]
    """Within how many minutes; ``0`` for immediately, ``null`` for no deadline."""
    otherwise: Optional[Literal["rollback", "hotfix", "next_release"]]
    """What to do instead when the action cannot be done by the deadline."""
    reason: str
    """The response in words."""
    rollback_order: Optional[List[str]]
    """The services in the order to roll them back (dependents first), when a plan was
    given; ``null`` otherwise."""


class ReleaseCounts(TypedDict):
    """Releases counted."""

    total: int
    """Every release."""
    stable: int
    """Releases (not pre-releases)."""
    prereleases: int
    """Pre-releases."""


class Durations(TypedDict):
    """The median and 90th percentile of some durations, in seconds."""

    count: int
    """How many durations there were."""
    median: Optional[int]
    """Their median (of an even count: the two middle values' mean, rounded down)."""
    p90: Optional[int]
    """Their 90th percentile (nearest rank)."""


class PeriodMetrics(TypedDict):
    """One period of ``Metrics::periods``."""

    period: str
    """Its name: ``2026-03`` or ``2026-W09``."""
    start: str
    """Its first day."""
    stable: int
    """Releases in it (not pre-releases)."""
    prereleases: int
    """Pre-releases in it."""
    hotfixes: int
    """Hotfix releases in it."""
    lead_time: Durations
    """Lead time of the commits first released in it."""


class Share(TypedDict):
    """A count out of a total, and the share it is."""

    count: int
    """How many."""
    total: int
    """Out of how many."""
    share: Optional[float]
    """``count / total``, rounded to four decimals; ``null`` when the total is 0."""


class FixedRelease(TypedDict):
    """A release that a later patch release fixed or reverted."""

    release: str
    """The release's tag."""
    fixed_by: str
    """The patch release that fixed it."""
    seconds: int
    """Seconds from the one to the other."""


class FixedReleases(TypedDict):
    """Releases followed by a fixing patch release."""

    within_days: int
    """The window, in days."""
    count: int
    """How many."""
    total: int
    """Out of how many."""
    share: Optional[float]
    """``count / total``, rounded to four decimals; ``null`` when the total is 0."""
    time_to_fix: Durations
    """The times from release to fix."""
    releases: List[FixedRelease]
    """Each fixed release, oldest first."""


class PrereleaseCycle(TypedDict):
    """A stable release and its pre-releases."""

    release: str
    """The stable release's tag."""
    first_prerelease: str
    """Its first pre-release's tag."""
    prereleases: int
    """How many pre-releases it had."""
    seconds: int
    """Seconds from the first pre-release to the release."""


class PrereleaseCycles(TypedDict):
    """Pre-release cycles: first pre-release of a version to its release."""

    count: int
    """How many durations there were."""
    median: Optional[int]
    """Their median (of an even count: the two middle values' mean, rounded down)."""
    p90: Optional[int]
    """Their 90th percentile (nearest rank)."""
    releases: List[PrereleaseCycle]
    """Each stable release that had pre-releases, oldest first."""


class DeploymentMetrics(TypedDict):
    """What deployment records say."""

    count: int
    """Deployments counted."""
    duration: Durations
    """Start to end of the deployments that ended."""
    rollbacks: int
    """Rolled-back deployments."""
    change_failure_rate: Share
    """Failed or rolled-back deployments out of those that ended."""
    time_to_restore: Durations
    """Failure (its end) to restored service, for the failures that were restored."""
    unrestored: int
    """Failures not restored yet."""


class Metrics(TypedDict):
    """Release metrics: what ``metrics`` returns and ``relcore metrics --json`` prints."""

    since: Optional[str]
    """Counted from this day."""
    by: Literal["month", "week"]
    """The periods' kind."""
    releases: ReleaseCounts
    """Releases counted."""
    periods: List[PeriodMetrics]
    """Each period, oldest first, without gaps."""
    lead_time: Durations
    """Commit to the first release that contains it, for the commits released."""
    hotfixes: Share
    """Hotfix releases (patch releases of a line below the highest released before, or
    classified hotfix) out of the stable releases."""
    reverts: Share
    """Reverts out of the commits."""
    fixed_releases: FixedReleases
    """Stable releases that a later patch release on their line with a fix or a revert
    followed within the window."""
    prerelease_cycle: PrereleaseCycles
    """First pre-release to release."""
    deployments: Optional[DeploymentMetrics]
    """From deployment records, when given."""


class _ReleaseFactRequired(TypedDict):
    tag: str
    """The tag, such as ``v1.4.2``; commits name their release by it."""
    version: str
    """The version it names."""
    time: int
    """When it was released, in seconds since the Unix epoch (the tagged commit's time)."""


class ReleaseFact(_ReleaseFactRequired, total=False):
    """A release tag as metrics need it."""

    hotfix: bool
    """Classified a hotfix (by a pipeline record or a classification), whatever its
    version says."""


class _CommitFactRequired(TypedDict):
    time: int
    """The commit time, in seconds since the Unix epoch."""


class CommitFact(_CommitFactRequired, total=False):
    """A commit as metrics need it."""

    id: Optional[str]
    """The commit id, when known (for the reader; the arithmetic does not need it)."""
    fix: bool
    """A fix (``fix:`` commit)."""
    revert: bool
    """A revert (``revert:`` or git's ``Revert "…"``)."""
    release: Optional[str]
    """The tag of the first release that contains it; ``null`` while unreleased."""


class MetricsInput(TypedDict, total=False):
    """The facts metrics are computed from."""

    releases: List[ReleaseFact]
    """Every release, in any order."""
    commits: List[CommitFact]
    """Every commit, in any order (merges left out by the adapter)."""
    deployments: Optional[List[Deployment]]
    """Deployment records, when there are any; ``null`` leaves the deployment metrics out."""


class SkippedStart(TypedDict):
    """A start the allowed ranges offer, and why the rollout may not start then."""

    start: str
    """The start, local time."""
    reasons: List[Diagnostic]
    """The window rules it breaks (``friday_deploy``, ``freeze_conflict``, …), each with its
    message."""


class NextWindow(TypedDict):
    """When a rollout may start: the answer of ``next_window`` (``relcore plan next-window``,
    Python ``next_window``, Node ``nextWindow``)."""

    timezone: str
    """The window's timezone, in which every time here is local."""
    at: str
    """The moment asked about."""
    start: Optional[str]
    """The first start at or after ``at`` that the window rules allow for the whole
    rollout; ``null`` when there is none within a year."""
    skipped: List[SkippedStart]
    """The earlier starts the allowed ranges offer, each with the rules that rule it out
    (the first 20)."""
    skipped_total: int
    """How many starts were skipped in all."""
    overridden: List[Diagnostic]
    """For a hotfix, which may start at once: the window rules its override sets aside."""


class PackageBump(TypedDict):
    """A package's own bump, from its commits: the level ``crate::bump::next_version``
    decided (after the ``0.y.z`` rules)."""

    package: str
    """The package."""
    level: Literal["patch", "minor", "major"]
    """Its level."""


class _PackageTagRequired(TypedDict):
    package: str
    """The package."""
    version: str
    """The tag's version."""


class PackageTag(_PackageTagRequired, total=False):
    """A package's latest release tag reachable from HEAD, as the caller found it."""

    tag: Optional[str]
    """The tag's name, for messages: ``core@1.2.0``."""


class StageStatus(TypedDict):
    """One stage in the status view."""

    stage: Literal["build", "test", "stage", "approval", "prod"]
    """The stage."""
    status: Literal["pending", "in_progress", "completed", "blocked", "rolled_back"]
    """Its state."""
    marker: str
    """``[COMPLETED]``, ``[IN_PROGRESS]``, ``[BLOCKED]``, ``[PENDING]`` or ``[ROLLBACK]``."""
    started_at: Optional[str]
    """When it started."""
    finished_at: Optional[str]
    """When it completed or failed."""
    duration_seconds: Optional[int]
    """How long it took, or has taken so far; ``null`` while pending."""
    blocked_reason: Optional[str]
    """What it waits for, while blocked."""


class PipelineStatus(TypedDict):
    """A release record's status at a time: ``ReleaseRecord::status`` (`relcore pipeline
    status`)."""

    version: str
    """The version released."""
    revision: int
    """The record's revision."""
    at: str
    """The time the status is for."""
    state: Literal["in_progress", "released", "rolled_back"]
    """Where the release stands."""
    current: Optional[Literal["build", "test", "stage", "approval", "prod"]]
    """The stage in progress or blocked."""
    started_at: Optional[str]
    """When the pipeline started."""
    finished_at: Optional[str]
    """When it was released or rolled back."""
    duration_seconds: int
    """From the start to the end, or to ``at`` while it goes on."""
    stages: List[StageStatus]
    """Every stage, in pipeline order."""


class PlanCheck(TypedDict):
    """The rollout plan's check in a release: the file, and the report of
    ``relcore::plan::validate`` with the release's change type and risk as the context.
    Serialised, the report's keys sit beside ``file``."""

    file: str
    """The plan file, relative to the repository root."""
    diagnostics: List[Diagnostic]
    """Every problem, in document order (problems without a position last)."""
    total_duration_seconds: int
    """The sum of the stage durations, in seconds."""
    worst_case_rollback_seconds: Optional[int]
    """The longest time, in seconds, from a problem appearing at the start of any stage
    until a rollback trigger may fire (grace periods and stages with rollback disabled
    included); ``null`` when some problem would never roll back by itself (no triggers,
    ``automatic: false``, or stages without rollback at the end)."""


class PlanReport(TypedDict):
    """The result of validating a plan: every problem in document order, the rollout's length
    and the worst-case time until a rollback fires.

    Serialised, it is the JSON of ``relcore plan check --json``, ``check_plan`` (Python) and
    ``checkPlan`` (Node):
    ``{"diagnostics": [...], "total_duration_seconds": 46800, "worst_case_rollback_seconds": 300}``."""

    diagnostics: List[Diagnostic]
    """Every problem, in document order (problems without a position last)."""
    total_duration_seconds: int
    """The sum of the stage durations, in seconds."""
    worst_case_rollback_seconds: Optional[int]
    """The longest time, in seconds, from a problem appearing at the start of any stage
    until a rollback trigger may fire (grace periods and stages with rollback disabled
    included); ``null`` when some problem would never roll back by itself (no triggers,
    ``automatic: false``, or stages without rollback at the end)."""


class StageRecord(TypedDict):
    """One stage of a release record: its state and when it started and finished."""

    stage: Literal["build", "test", "stage", "approval", "prod"]
    """The stage."""
    status: Literal["pending", "in_progress", "completed", "blocked", "rolled_back"]
    """Its state."""
    started_at: Optional[str]
    """When it started; ``null`` while pending."""
    finished_at: Optional[str]
    """When it completed or failed; ``null`` until then (a stage rolled back after it
    completed keeps its completion time)."""
    blocked_reason: Optional[str]
    """What it waits for, while blocked."""


class Transition(TypedDict):
    """One event of the audit trail."""

    revision: int
    """The record's revision this event made (the first is 1)."""
    at: str
    """When it happened."""
    event: Literal["started", "build-succeeded", "build-failed", "test-succeeded", "test-failed", "stage-succeeded", "stage-failed", "approved", "rejected", "deployed", "deploy-failed", "rolled-back", "blocked", "unblocked"]
    """What happened."""
    stage: Literal["build", "test", "stage", "approval", "prod"]
    """The stage it happened to (the first of its pipeline events)."""
    by: Optional[str]
    """Who reported it."""
    note: Optional[str]
    """Why, or anything worth keeping."""
    steps: List[str]
    """The pipeline events it was, in order: ``complete build``, ``start test``."""


class ReleaseRecord(TypedDict):
    """A release's record: its version, every stage with its state and times, the audit trail
    and the revision (the number of transitions, which a writer checks before replacing
    the file). In JSON, the serde form of these fields; ``ReleaseRecord::check`` says
    whether they hang together."""

    version: str
    """The version released."""
    revision: int
    """How many transitions the record holds; each event adds one."""
    stages: List[StageRecord]
    """The five stages, in pipeline order."""
    transitions: List[Transition]
    """Every transition, oldest first."""


class LinkedReference(TypedDict):
    """An issue or pull request an entry names, with its link."""

    kind: Literal["pull_request", "closes", "fixes", "resolves", "refs"]
    """Why the commit names it."""
    repository: Optional[str]
    """``owner/repo`` for cross-repository references."""
    number: int
    """The number."""
    text: str
    """How it is written: ``#12`` or ``owner/repo#12``."""
    url: Optional[str]
    """The link, when the repository URL is known."""


class ReleaseEntry(TypedDict):
    """One change, from one commit."""

    type: Optional[str]
    """The commit type, e.g. ``feat``."""
    scope: Optional[str]
    """The commit scope, e.g. ``api``."""
    description: str
    """What changed: the commit description."""
    body: Optional[str]
    """The commit body, if any."""
    breaking: bool
    """A breaking change."""
    breaking_note: Optional[str]
    """The migration note of a breaking change."""
    cve: Optional[str]
    """The CVE a security fix addresses, from a footer."""
    references: List[LinkedReference]
    """Issues and pull requests, with links when the repository is known."""
    id: Optional[str]
    """The commit id."""
    short_id: Optional[str]
    """The first seven characters of the id."""
    commit_url: Optional[str]
    """The link to the commit."""
    authors: List[Person]
    """The author and co-authors."""
    hotfix: bool
    """Part of a hotfix release."""


class ReleaseGroup(TypedDict):
    """A section of a release: ``Added``, ``Fixed``, … (Keep a Changelog), with its entries."""

    title: str
    """The section title, e.g. ``Added``."""
    entries: List[ReleaseEntry]
    """The entries, oldest first."""


# A dependency update of the release.
DependencyUpdate = TypedDict(
    "DependencyUpdate",
    {
        "name": str,
        "from": Optional[str],
        "to": str,
        "path": Optional[str],
        "short_id": Optional[str],
    },
)


class Release(TypedDict):
    """One release: version, date, links and the changes grouped for humans."""

    version: str
    """The version released."""
    previous: Optional[str]
    """The release before it, if any."""
    tag: str
    """The release's tag, e.g. ``v1.5.0``."""
    previous_tag: Optional[str]
    """The previous release's tag."""
    date: Optional[str]
    """The release date (``YYYY-MM-DD``); a parameter, never the clock."""
    compare_url: Optional[str]
    """The link comparing the previous release with this one."""
    hotfix: bool
    """A hotfix release: its entries are marked."""
    groups: List[ReleaseGroup]
    """The changes, grouped into sections in display order; empty sections are left out."""
    breaking: List[ReleaseEntry]
    """Breaking changes (also listed in their groups), with their migration notes."""
    highlights: List[ReleaseEntry]
    """Breaking changes first, then the main features."""
    dependencies: List[DependencyUpdate]
    """Dependency updates, from Dependabot and Renovate commits."""
    contributors: List[Person]
    """Everyone who wrote a commit of the release (authors and co-authors), in order of
    first appearance, without repeats."""


class ReleaseReport(TypedDict):
    """Everything about the next release of a repository, as data (the ``--json`` of
    ``relcore release``)."""

    current: Optional[str]
    """The current version: the latest release tag's, or as given."""
    current_tag: Optional[str]
    """The latest release tag reachable from HEAD."""
    next: Optional[str]
    """The next version; ``null`` when there is nothing to release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level applied."""
    reasons: List[Reason]
    """Why: each rule that fired, with its commits."""
    commits: int
    """How many commits since the current release were read."""
    branch: Optional[str]
    """The branch HEAD is on, if any."""
    tag: Optional[str]
    """The new tag's name."""
    release: Optional[Release]
    """The release model."""
    section: Optional[str]
    """The changelog section, rendered."""
    notes: Optional[str]
    """The release notes, rendered (the tag's message)."""
    classification: Optional[Classification]
    """The risk classification, with its reasons."""
    plan: Optional[PlanCheck]
    """The check of the rollout plan (``[plan] path``, default ``rollout.yml``), when the file
    exists and there is something to release."""
    warnings: List[str]
    """What looks wrong with the history, though it is no error (e.g. no release tag
    among many commits: a clone without tags?)."""


class RepoCommit(TypedDict):
    """A commit from the repository, with the paths it changed when asked for."""

    commit: Commit
    """The parsed commit, with id, author and time."""
    paths: List[str]
    """The paths it changed against its first parent (empty unless asked for)."""


class Response(TypedDict):
    """What to do about an incident, and why."""

    severity: Literal["low", "medium", "high", "critical"]
    """The severity responded to."""
    action: Literal["rollback", "hotfix", "next_release"]
    """What to do."""
    deadline_minutes: Optional[int]
    """Within how many minutes; ``0`` for immediately, ``null`` for no deadline."""
    otherwise: Optional[Literal["rollback", "hotfix", "next_release"]]
    """What to do instead when the action cannot be done by the deadline."""
    reason: str
    """The response in words."""


class ServiceStep(TypedDict):
    """One service of a ``ServicePlan``."""

    name: str
    """The service."""
    delay_seconds: int
    """How long to wait after deploying it before its health check, in seconds."""
    health_check: Optional[str]
    """Its health check, e.g. ``/health``."""


class ServicePlan(TypedDict):
    """The order in which a plan's services deploy and roll back: ``Plan::service_plan``
    (``relcore plan order``, Python ``plan_order``, Node ``planOrder``)."""

    deploy: List[ServiceStep]
    """The services in deploy order, each with its wait and health check."""
    rollback: List[str]
    """The services in rollback order: the reverse of ``deploy``."""


class _SetCheckRequired(TypedDict):
    repository: str
    """The repository that requires."""
    requires: str
    """The repository required."""
    requirement: str
    """The requirement."""
    version: Optional[str]
    """The version checked: the required repository's next version, else its current."""
    satisfied: bool
    """Whether the version satisfies the requirement."""


class SetCheck(_SetCheckRequired, total=False):
    """One requirement checked against the version the required repository will have."""

    package: Optional[str]
    """The package of that repository required, when it releases several."""


class SetPlan(TypedDict):
    """The order, the checks and the problems of a release set."""

    order: List[str]
    """Repositories, each after the ones it requires (ties in the set's order)."""
    rollback: List[str]
    """The rollback order: the reverse."""
    checks: List[SetCheck]
    """Every requirement, checked, in release order."""
    problems: List[Diagnostic]
    """Requirements not satisfied (``requirement_not_satisfied``), that do not parse
    (``invalid_requirement``), or whose repository has no version at all (``no_version``).
    A release of the set goes ahead only when this is empty."""


class SetMemberPackage(TypedDict):
    """One package of a workspace in a release set, as the workspace's plan decided."""

    name: str
    """Its ``[packages]`` name."""
    current: str
    """Its current version."""
    next: Optional[str]
    """Its next release; ``null`` when it does not release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level applied."""
    tag: Optional[str]
    """The next release's tag."""


class SetMember(TypedDict):
    """A repository of the plan, as its own configuration decided. A workspace (a
    repository with ``[packages]`` whose entry names none) has no version of its own: its
    ``packages`` have them."""

    name: str
    """Its name in the set."""
    path: str
    """Its path, as the set file writes it."""
    current: Optional[str]
    """Its latest release, if any."""
    current_tag: Optional[str]
    """Its latest release tag, if any."""
    next: Optional[str]
    """Its next release; ``null`` when it has nothing to release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level of the next release."""
    tag: Optional[str]
    """The next release's tag."""
    packages: List[SetMemberPackage]
    """A workspace's packages, in its plan's order (dependencies first); empty for a
    repository that releases one version."""


class SetPlanReport(TypedDict):
    """What ``relcore set plan`` reports (its ``--json``, and what the Python and Node
    ``plan_set(path)`` return)."""

    file: str
    """The set file."""
    repositories: List[SetMember]
    """Every repository, in the file's order."""
    order: List[str]
    """Repositories, each after the ones it requires (ties in the set's order)."""
    rollback: List[str]
    """The rollback order: the reverse."""
    checks: List[SetCheck]
    """Every requirement, checked, in release order."""
    problems: List[Diagnostic]
    """Requirements not satisfied (``requirement_not_satisfied``), that do not parse
    (``invalid_requirement``), or whose repository has no version at all (``no_version``).
    A release of the set goes ahead only when this is empty."""


class SetFailure(TypedDict):
    """A repository that failed its preflight, or the step that failed."""

    repository: str
    """The repository."""
    code: str
    """The stable slug."""
    message: str
    """What failed."""


class SetReleased(TypedDict):
    """One repository released by the run."""

    repository: str
    """The repository."""
    version: Optional[str]
    """The version released; ``null`` for a workspace, whose ``packages`` have theirs."""
    packages: List[str]
    """A workspace's packages released: ``core@2.0.0``, in its plan's order."""
    files: List[str]
    """The files written, relative to its root."""
    commit: Optional[str]
    """The release commit, when one was made."""
    tags: List[str]
    """The tags created (a workspace creates one per package, or one per shared tag)."""


class SetUndone(TypedDict):
    """What undoing one repository's release did."""

    repository: str
    """The repository."""
    tags_deleted: List[str]
    """The tags deleted."""
    commit_removed: Optional[str]
    """The release commit taken off the branch, if one was."""
    files_restored: bool
    """Whether every file has its old text back."""
    left: List[str]
    """What could not be undone (left for a person, with the reason)."""


class SetReleaseReport(TypedDict):
    """What ``relcore set release`` did."""

    plan: SetPlanReport
    """The plan released by."""
    refused: List[SetFailure]
    """Repositories whose preflight failed: nothing was written anywhere."""
    released: List[SetReleased]
    """The repositories released, in order (after a failure: those released before it,
    all undone)."""
    failed: Optional[SetFailure]
    """The step that failed after others were released, if one did."""
    undone: List[SetUndone]
    """What was undone after the failure, in the rollback order."""


class Site(TypedDict):
    """A place in a file: byte span, and the 1-based line and character column of its start."""

    file: str
    """The file, relative to the repository root: ``crates/cli/Cargo.toml``."""
    start: int
    """Byte offset of the first byte."""
    end: int
    """Byte offset just past the last byte."""
    line: int
    """1-based line of ``start``."""
    column: int
    """1-based column of ``start``, in characters."""


class _SetRequirementRequired(TypedDict):
    repository: str
    """The repository required."""
    requirement: str
    """The requirement, as written."""


class SetRequirement(_SetRequirementRequired, total=False):
    """What one repository of a set requires of another: ``backend = ">=2.1, <3"``, or of one
    package of a repository that releases several: ``platform = { api = ">=2.1" }``."""

    package: Optional[str]
    """The package of that repository required, when it releases several
    (``SetRepository::packages``)."""
    dialect: Literal["cargo", "npm", "pep440"]
    """Its dialect; Cargo's (``>=2.1, <3``, ``2.1`` meaning ``^2.1``) when absent."""
    at: Optional[Site]
    """Where it is written (the set file), for problems."""


class _SetPackageRequired(TypedDict):
    name: str
    """Its name in the workspace."""


class SetPackage(_SetPackageRequired, total=False):
    """One package of a workspace in a release set."""

    current: Optional[str]
    """Its current version."""
    next: Optional[str]
    """Its next version, if it releases."""


class _SetRepositoryRequired(TypedDict):
    name: str
    """Its name in the set: ``frontend``."""


class SetRepository(_SetRepositoryRequired, total=False):
    """A repository of a release set, with what its own configuration decided."""

    current: Optional[str]
    """Its latest release, if any."""
    next: Optional[str]
    """Its next release, if it has something to release."""
    requires: List[SetRequirement]
    """What it requires of the others."""
    packages: List[SetPackage]
    """The packages it releases together, when it is a workspace (its ``[packages]``):
    then requirements on it name one of them, and ``current`` and ``next`` are absent."""


class SimulationDecision(TypedDict):
    """One decision of a simulated rollout."""

    at_seconds: int
    """Seconds from the plan's start."""
    stage: str
    """The stage the rollout is in (before the first stage begins: the first stage)."""
    decision: Literal["advance", "hold", "rollback", "awaiting_approval", "deploy"]
    """What the controller does."""
    reason: Literal["trigger", "manual_trigger", "gate_failed", "no_data", "no_baseline", "approval", "manual_advance", "gates_passed", "approved", "hold_timeout", "failure_limit", "window_closed", "window_open", "service_deployed", "health_check_passed", "health_check_failed", "no_health_check"]
    """The kind of rule that decided."""
    metric: Optional[str]
    """The metric concerned, for gates and triggers."""
    value: Optional[float]
    """The observed value, in the metric's unit."""
    threshold: Optional[float]
    """The threshold it was compared with, in the metric's unit (resolved against the
    baseline for relative thresholds)."""
    rule: str
    """The rule: the gate or trigger expression (``error-rate > 5%``), the approval
    (``approval: qa-team``), ``auto-advance: false``, or the gates that passed."""
    message: str
    """The decision in a sentence."""
    time: Optional[str]
    """The wall-clock time of the decision in the window's timezone
    (``2026-11-24T11:00``), when the plan has a window and a start."""
    opens_at: Optional[str]
    """For ``window_closed``: when the window opens, local time."""
    service: Optional[str]
    """The service concerned, for service decisions."""


class Simulation(TypedDict):
    """The result of ``simulate``: the outcome and every decision, in time order.

    Serialised, it is the JSON of ``relcore plan simulate --json``, ``simulate_plan`` (Python)
    and ``simulatePlan`` (Node): `{"outcome": "rolled_back", "at_seconds": 2100, "stage":
    "canary", "decisions": [{"at_seconds", "stage", "decision", "reason", "metric",
    "value", "threshold", "rule", "message"}]}`."""

    outcome: Literal["completed", "rolled_back", "stuck"]
    """How the rollout ends."""
    at_seconds: int
    """When: the completion, the rollback, or the moment the rollout began to wait for
    what never came."""
    stage: Optional[str]
    """The stage it ends in; ``null`` for a plan without stages."""
    decisions: List[SimulationDecision]
    """Every decision, in time order. A decision repeated at later records (the same
    gate still failing) is given once."""
    rollback_order: List[str]
    """For a rollback: the services undone, in order (the reverse of the deploy order:
    every service before the final stage, the ones deployed so far at it); empty
    otherwise."""
    time: Optional[str]
    """The wall-clock time of ``at_seconds``, when the plan has a window and a start."""


# A package's version to change.
VersionChange = TypedDict(
    "VersionChange",
    {
        "package": str,
        "from": str,
        "to": str,
        "at": Optional[Site],
        "reason": str,
    },
)


class RequirementRewrite(TypedDict):
    """A requirement in a dependent's manifest to rewrite: replace ``at``'s bytes (which hold
    ``old``) with ``new``."""

    package: str
    """The dependent whose manifest holds the requirement."""
    dependency: str
    """The dependency it names."""
    kind: Literal["normal", "dev", "build", "peer", "optional"]
    """The dependency's kind."""
    old: str
    """The requirement as written now."""
    new: str
    """The requirement that admits the new version."""
    out_of_range: bool
    """Whether the new version left ``old`` (else ``update_dependents = "always"`` asked)."""
    at: Site
    """Where ``old`` is."""


class SyncPlan(TypedDict):
    """What ``sync_workspace`` changes, and what it leaves to a person."""

    versions: List[VersionChange]
    """Versions to set (fixed groups aligned), in workspace order."""
    rewrites: List[RequirementRewrite]
    """Internal requirements to rewrite so that they admit the workspace's versions, by
    file and offset."""
    unresolved: List[Diagnostic]
    """What is still wrong once those are made: ``check_versions``'s diagnostics of the
    synced workspace (requirements that cannot be rewritten, conflicting external
    requirements, cycles, …)."""


class SyncFile(TypedDict):
    """A file the sync changes."""

    path: str
    """The file, relative to the repository root."""
    state: Literal["would_change", "written"]
    """What happened to it."""


class SyncReport(TypedDict):
    """What ``relcore sync`` reports (its ``--json``)."""

    versions: List[VersionChange]
    """Versions set (fixed groups aligned), in workspace order."""
    rewrites: List[RequirementRewrite]
    """Internal requirements rewritten to admit the workspace's versions."""
    files: List[SyncFile]
    """The files these change, each once, in path order."""
    written: bool
    """Whether the files were written."""
    unresolved: List[Diagnostic]
    """What is still wrong once the changes are made: manifests that could not be read,
    then the core's checks of the synced workspace. Each needs a person."""


class Tag(TypedDict):
    """A release tag found in a repository."""

    name: str
    """The tag's name, e.g. ``v1.4.2``."""
    version: str
    """The version it names."""
    package: Optional[str]
    """The package, for tag formats with ``{package}``."""
    commit: str
    """The id of the commit it points at."""
    time: int
    """That commit's time, in seconds since the Unix epoch (a release date)."""


class _TimelineRecordRequired(TypedDict):
    at: Union[str, int]
    """The time from the plan's start: a duration such as ``30m`` or ``1h30m``, or whole
    seconds."""


class TimelineRecord(_TimelineRecordRequired, total=False):
    """One record of a metric timeline: an observation (``metric`` with ``value`` and/or
    ``baseline``) or an approval (``approve``)."""

    metric: Optional[str]
    """The metric observed, such as ``error-rate``."""
    value: Optional[Union[float, str]]
    """The value on the new version, in the metric's unit (``0.05`` for 0.05 %, ``250`` for
    250 ms)."""
    baseline: Optional[Union[float, str]]
    """The value on the stable version, for relative thresholds (``2x baseline``); it stays
    in force until another record gives one."""
    approve: Optional[str]
    """The stage a person lets begin (or advances to, after a stage without
    ``auto-advance``)."""
    service: Optional[str]
    healthy: Optional[Union[bool, Literal["true", "false"]]]


class Verdict(TypedDict):
    """The checklist's outcome."""

    go: bool
    """``true`` for go: no more blockers than allowed."""
    blockers: int
    """How many items block."""
    blockers_allowed: int
    """How many blockers were allowed."""
    warnings: int
    """How many items warn."""
    items: List[CheckItem]
    """Every item, built-in checks first in their order, then custom checks."""


class PackageVersion(TypedDict):
    """A package as ``check versions`` saw it."""

    name: str
    """The package's ``[packages]`` name (``root`` without ``[packages]``)."""
    version: str
    """Its version, as its version file holds it."""
    tag: Optional[str]
    """Its latest release tag reachable from HEAD, if any."""


class VersionsReport(TypedDict):
    """What ``relcore check versions`` reports: the packages checked and every problem."""

    packages: List[PackageVersion]
    """The packages checked, with their versions and latest tags."""
    diagnostics: List[Diagnostic]
    """Every problem, in a stable order: reading first, then the core's checks."""


class RequirementSite(TypedDict):
    """A requirement as a manifest declares it, and where: ``at`` spans exactly the
    requirement's text (inside the quotes)."""

    dialect: Literal["cargo", "npm", "pep440"]
    """The dialect it is written in."""
    text: str
    """The requirement as written: ``^1.2``, ``workspace:*``, ``>=1.2,<2``."""
    at: Site
    """Where the text is."""


class _WorkspaceDependencyRequired(TypedDict):
    name: str
    """The package depended on."""


class WorkspaceDependency(_WorkspaceDependencyRequired, total=False):
    """One dependency of a package: internal when ``name`` is a package of the workspace."""

    kind: Literal["normal", "dev", "build", "peer", "optional"]
    """What for."""
    requirement: Optional[RequirementSite]
    """The declared requirement and where it is; ``null`` when there is none (a Cargo
    ``path`` dependency without ``version``)."""
    spelled: Optional[str]
    """The name the manifest gives it, when that is not ``name``: a Cargo crate that takes
    its version from ``[workspace.package]`` goes by the package that releases that
    version, an npm package by its key in ``relcore.toml``. Problems name it as the
    manifest does."""


class _WorkspacePackageRequired(TypedDict):
    name: str
    """Its name, as dependents name it."""
    version: str
    """Its current version (the version file's)."""


class WorkspacePackage(_WorkspacePackageRequired, total=False):
    """A package of the workspace."""

    paths: List[str]
    """The paths whose commits are its own (for the caller's walk; the plan does not
    read them)."""
    version_at: Optional[Site]
    """Where its version is written, for problems about it."""
    dependencies: List[WorkspaceDependency]
    """Its dependencies, internal and external."""


class WorkspaceGroup(TypedDict):
    """A group of packages that version together."""

    name: str
    """Its name, for reasons and problems."""
    kind: Literal["fixed", "linked"]
    """Fixed or linked."""
    members: List[str]
    """Package names; a package is in one group at most."""


class _WorkspaceRequired(TypedDict):
    packages: List[WorkspacePackage]
    """Every package, in a stable order (ties in the dependency order follow it)."""


class Workspace(_WorkspaceRequired, total=False):
    """The packages and their groups."""

    groups: List[WorkspaceGroup]
    """The groups."""


class WorkspaceReason(TypedDict):
    """One reason, in words, with what it concerns."""

    rule: Literal["own_commits", "fixed_group", "linked_group", "dependency_updated", "peer_dependency_out_of_range"]
    """The rule."""
    message: str
    """What it concluded."""
    group: Optional[str]
    """The group, for group rules."""
    dependencies: List[str]
    """The dependencies, for dependency rules: ``core@2.0.0``."""


# A dependency whose requirement changed because it released, for the dependent's
# changelog.
UpdatedDependency = TypedDict(
    "UpdatedDependency",
    {
        "name": str,
        "version": str,
        "kind": Literal["normal", "dev", "build", "peer", "optional"],
        "from": Optional[str],
        "to": Optional[str],
    },
)


class WorkspacePackagePlan(TypedDict):
    """One package's part of the plan."""

    name: str
    """The package."""
    current: str
    """Its current version."""
    next: Optional[str]
    """Its next version; ``null`` when it does not release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level applied (for groups: the group's)."""
    reasons: List[WorkspaceReason]
    """Why it releases, in order: own commits, group, dependencies."""
    rewrites: List[RequirementRewrite]
    """Its manifests' requirements to rewrite."""
    updated_dependencies: List[UpdatedDependency]
    """Its dependencies whose requirements changed, in dependency order."""
    changelog: Optional[str]
    """The changelog entry for them, changesets-style (``Updated dependencies:`` and one
    ``  - name@version`` line each); ``null`` when there are none."""


class WorkspacePlan(TypedDict):
    """Every package of the workspace, dependencies before dependents, and every rewrite."""

    packages: List[WorkspacePackagePlan]
    """Every package, released or not, in dependency order."""
    rewrites: List[RequirementRewrite]
    """Every requirement to rewrite, by file and offset, each place once (members
    inheriting one ``[workspace.dependencies]`` entry share it)."""


class WorkspaceNext(TypedDict):
    """The next release of every package, planned together: what ``relcore next`` says for a
    repository with ``[packages]``."""

    plan: WorkspacePlan
    """Every package read, dependencies first, with its next version (or none) and why;
    and every requirement of a dependent to rewrite."""
    problems: List[Diagnostic]
    """Manifests and version files that could not be read: those packages are left out."""


class PackageRelease(TypedDict):
    """One package's release in a ``WorkspaceRelease``. Serialised, the report's keys sit
    beside ``name``."""

    name: str
    """The package's ``[packages]`` name."""
    version_file: Optional[str]
    """The file its version was read from (its first version file, else its manifest),
    which the release sets when it has no ``version_files``."""
    changelog: Optional[str]
    """Its changelog, relative to the repository root."""
    current: Optional[str]
    """The current version: the latest release tag's, or as given."""
    current_tag: Optional[str]
    """The latest release tag reachable from HEAD."""
    next: Optional[str]
    """The next version; ``null`` when there is nothing to release."""
    level: Optional[Literal["patch", "minor", "major"]]
    """The level applied."""
    reasons: List[Reason]
    """Why: each rule that fired, with its commits."""
    commits: int
    """How many commits since the current release were read."""
    branch: Optional[str]
    """The branch HEAD is on, if any."""
    tag: Optional[str]
    """The new tag's name."""
    release: Optional[Release]
    """The release model."""
    section: Optional[str]
    """The changelog section, rendered."""
    notes: Optional[str]
    """The release notes, rendered (the tag's message)."""
    classification: Optional[Classification]
    """The risk classification, with its reasons."""
    plan: Optional[PlanCheck]
    """The check of the rollout plan (``[plan] path``, default ``rollout.yml``), when the file
    exists and there is something to release."""
    warnings: List[str]
    """What looks wrong with the history, though it is no error (e.g. no release tag
    among many commits: a clone without tags?)."""


class WorkspaceRelease(TypedDict):
    """Every package's release, prepared together: what ``relcore release`` shows in a
    repository with ``[packages]``."""

    plan: WorkspacePlan
    """Every package read, dependencies first, with its next version (or none) and why;
    and every requirement of a dependent to rewrite."""
    packages: List[PackageRelease]
    """Each package that releases, in the plan's order, prepared as
    ``relcore release --package NAME`` prepares it, at the plan's version."""
    problems: List[Diagnostic]
    """Manifests and version files that could not be read: those packages are left out."""


class WorkspaceSettings(TypedDict, total=False):
    """How the plan treats dependents."""

    update_dependents: Literal["out-of-range", "always"]
    """When dependents' requirements are rewritten."""
    channels: Dict[str, str]
    """Each package's pre-release channel (``{"api": "rc"}``): it releases ``X.Y.Z-rc.N``
    on it (``crate::bump::advance``). A package not named releases stable versions."""
