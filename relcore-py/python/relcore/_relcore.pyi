"""Strict SemVer 2.0.0 versions, Conventional Commits, next-version inference,
changelogs, release-risk classification, rollout plan checks, simulations and suggestions,
and git repositories, from relcore (Rust).

This is the private native module; import the public names from ``relcore`` and
``relcore.git``. Invalid input raises :class:`relcore.errors.VersionError`,
:class:`relcore.errors.PolicyError`, :class:`relcore.errors.ChangelogError`,
:class:`relcore.errors.RiskError`, :class:`relcore.errors.PlanError`,
:class:`relcore.errors.HotfixError`, :class:`relcore.errors.ReadyError`,
:class:`relcore.errors.MetricsError`,
:class:`relcore.errors.SimulationError`, :class:`relcore.errors.GitError`,
:class:`relcore.errors.ReleaseError` or :class:`relcore.errors.ConfigError`,
``ValueError``s with the stable ``kind`` slug; arguments of the wrong type raise
``TypeError``. Commits, diagnostics, decisions, classifications, tags and release
reports, plan reports and simulations are plain dicts shaped as :mod:`relcore.types`
describes: the same data as the CLI's JSON.
"""

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, final

from relcore.types import (
    Announcement,
    AnnounceRequest,
    Classification,
    Commit,
    CommitInput,
    Backports,
    Decision,
    Diagnostic,
    Head,
    HotfixPlan,
    IncidentResponse,
    Metrics,
    NextWindow,
    PackageBump,
    PackageTag,
    PipelineStatus,
    PlanReport,
    ReleaseRecord,
    ReleaseReport,
    RepoCommit,
    ServicePlan,
    SetPlan,
    SetPlanReport,
    SetRepository,
    Simulation,
    SyncPlan,
    SyncReport,
    Tag,
    TimelineRecord,
    Verdict,
    VersionsReport,
    Workspace,
    WorkspaceNext,
    WorkspaceRelease,
    WorkspacePlan,
    WorkspaceSettings,
)

__all__ = [
    "Repository",
    "Requirement",
    "Version",
    "__version__",
    "announce",
    "check_plan",
    "check_versions",
    "check_workspace",
    "classify",
    "compare",
    "compute_metrics",
    "hotfix_backports",
    "hotfix_plan",
    "lint_commit",
    "metrics",
    "metrics_chart",
    "next_version",
    "next_window",
    "parse_commit",
    "pipeline_event",
    "pipeline_start",
    "pipeline_status",
    "plan_set",
    "ready",
    "release",
    "release_workspace",
    "render_changelog",
    "render_pipeline_record",
    "respond",
    "run_cli",
    "simulate_plan",
    "sort_versions",
    "suggest_plan",
    "sync_plan",
    "plan_chart",
    "plan_order",
    "plan_release_set",
    "plan_workspace",
    "sync_workspace",
    "update_changelog",
]

__version__: str
"""The version of the relcore crate this module was built from."""

@final
class Version:
    """A SemVer 2.0.0 version, parsed strictly: ``MAJOR.MINOR.PATCH[-PRE][+BUILD]``.

    Exactly the grammar of semver.org: three numbers without leading zeros, each fitting
    in 64 bits; optional dot-separated pre-release identifiers after ``-``; optional build
    metadata after ``+``. No ``v`` prefix, no whitespace, no missing parts.

    Versions are immutable and hashable. ``<``, ``==`` and friends use a total order:
    SemVer precedence, then build metadata as the final tie-break, so that ``==`` agrees
    with ``hash``. :func:`compare` gives plain SemVer precedence, ignoring build metadata.

    Arguments:
        version: the version string, such as ``"1.2.3"`` or ``"2.0.0-rc.1+build.5"``.

    Raises:
        VersionError: the string is not a strict SemVer version; ``kind`` says why
            (``leading_zero``, ``unexpected_prefix``, ...), ``offset`` where (in code
            points) and ``hint`` how to fix it, when there is an obvious fix.
    """

    def __new__(cls, version: str) -> Version: ...
    @staticmethod
    def parse(version: str) -> Version:
        """Parses a strict SemVer 2.0.0 version; the same as ``Version(version)``.

        Arguments:
            version: the version string, such as ``"1.2.3"``.

        Raises:
            VersionError: the string is not a strict SemVer version.
        """

    @property
    def major(self) -> int:
        """The major version number, ``1`` in ``1.2.3``."""

    @property
    def minor(self) -> int:
        """The minor version number, ``2`` in ``1.2.3``."""

    @property
    def patch(self) -> int:
        """The patch version number, ``3`` in ``1.2.3``."""

    @property
    def prerelease(self) -> str:
        """The pre-release identifiers joined by dots (``"rc.1"``); ``""`` for a release."""

    @property
    def build(self) -> str:
        """The build metadata (``"build.5"``); ``""`` when there is none."""

    @property
    def is_prerelease(self) -> bool:
        """``True`` when the version has pre-release identifiers, like ``1.0.0-rc.1``."""

    def bump(
        self,
        level: str,
        *,
        preid: str | None = None,
        preid_base: int | str | bool = 0,
    ) -> Version:
        """The next version by ``level``, with node-semver's ``inc`` results.

        Build metadata is dropped. ``Version("1.2.3").bump("preminor", preid="rc")`` is
        ``1.3.0-rc.0``.

        Arguments:
            level: ``major``, ``minor``, ``patch``, ``premajor``, ``preminor``,
                ``prepatch``, ``prerelease`` or ``release``.
            preid: the pre-release identifier for the ``pre*`` levels, such as ``"rc"``
                or ``"alpha.x"``; ``None`` or ``""`` for a bare counter (``1.3.0-0``).
            preid_base: where a new counter starts: ``0`` or ``"0"`` (``1.3.0-rc.0``),
                ``1`` or ``"1"`` (``1.3.0-rc.1``), or ``False`` (also ``"false"``) for no
                counter (``1.3.0-rc``, needs ``preid``); node-semver's ``identifierBase``.

        Raises:
            VersionError: with ``kind`` ``unknown_level``, ``invalid_base`` (including
                ``preid_base=True``), ``invalid_identifier``, ``not_a_prerelease``
                (``release`` of a release), ``would_not_advance`` (the result would not
                be greater), ``overflow`` (a number above 2^53 - 1) or ``too_long``
                (more than 256 characters); ``offset`` is ``None``.
        """

    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Version, /) -> bool: ...
    def __le__(self, other: Version, /) -> bool: ...
    def __gt__(self, other: Version, /) -> bool: ...
    def __ge__(self, other: Version, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Version], tuple[str]]:
        """Pickles through the version string."""

    def __copy__(self) -> Version:
        """Versions are immutable: a copy is the same object."""

    def __deepcopy__(self, memo: dict[int, Any], /) -> Version:
        """Versions are immutable: a deep copy is the same object."""

@final
class Requirement:
    """A dependency's version requirement, parsed in its dialect.

    The dialects: ``cargo`` (``Cargo.toml``: ``1.2`` meaning ``^1.2``, ``~1.2``,
    ``>=1, <2``, ``=1.2.3``, ``1.*``), ``npm`` (``package.json``: node-semver ranges,
    ``||``, hyphen ranges and the ``workspace:`` protocol) and ``pep440``
    (``pyproject.toml``: ``>=1.2,<2``, ``~=1.2``, ``==1.2.*``, ``!=1.3``). Versions are
    SemVer versions. Requirements are immutable and hashable; two are equal when they
    have the same dialect and text. docs/monorepo.md describes the rules.

    Arguments:
        text: the requirement as written, such as ``"^1.2"``.
        dialect: ``"cargo"`` (the default), ``"npm"`` or ``"pep440"``.

    Raises:
        VersionError: the requirement does not parse; ``kind`` says why
            (``empty_requirement``, ``unknown_operator``, ``misplaced_wildcard``, ...,
            ``unknown_dialect`` for another dialect), ``offset`` where (in code points).
    """

    def __new__(cls, text: str, dialect: Literal["cargo", "npm", "pep440"] = "cargo") -> Requirement: ...
    @staticmethod
    def parse(text: str, dialect: Literal["cargo", "npm", "pep440"] = "cargo") -> Requirement:
        """Parses ``text`` as a requirement of ``dialect``; the same as
        ``Requirement(text, dialect)``.

        Raises:
            VersionError: the requirement does not parse, or the dialect is unknown.
        """

    @property
    def dialect(self) -> Literal["cargo", "npm", "pep440"]:
        """The dialect it was parsed in."""

    @property
    def text(self) -> str:
        """The requirement as written."""

    def matches(self, version: str | Version) -> bool:
        """Whether ``version`` satisfies the requirement. A pre-release satisfies a Cargo
        or npm requirement only when a comparator names the same ``major.minor.patch``
        with a pre-release; ``workspace:*``, ``workspace:^`` and ``workspace:~`` match
        every version.

        Raises:
            VersionError: ``version`` is a ``str`` that is not a strict SemVer version.
        """

    def intersects(self, other: Requirement | str) -> bool:
        """Whether some version satisfies both requirements; a ``str`` is parsed in this
        requirement's dialect.

        Raises:
            VersionError: ``other`` is a ``str`` that does not parse.
            TypeError: ``other`` is neither a ``Requirement`` nor a ``str``.
        """

    def rewrite(self, version: str | Version) -> str:
        """The requirement rewritten to admit ``version``, in the same style: ``^1.2``
        becomes ``^2.0`` for 2.0.0, ``>=1, <2`` becomes ``>=2, <3``, and
        ``^1.0.0 || ^2.0.0`` gains ``|| ^3.0.0``. Only the version tokens (and a ``>``)
        change.

        Raises:
            VersionError: ``cannot_rewrite`` when the requirement has no shape to carry
                the version (only an upper bound, several bounds, a wildcard asked to
                admit a pre-release, a pre-release PEP 440 cannot spell); or ``version``
                is a ``str`` that is not a strict SemVer version.
        """

    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Requirement], tuple[str, str]]:
        """Pickles through the text and the dialect."""

    def __copy__(self) -> Requirement:
        """Requirements are immutable: a copy is the same object."""

    def __deepcopy__(self, memo: dict[int, Any], /) -> Requirement:
        """Requirements are immutable: a deep copy is the same object."""

def run_cli(args: Sequence[str]) -> int:
    """Runs the ``relcore`` command in this process with ``args`` (the first is the
    program's name, as in ``sys.argv``) and returns its exit code: 0 success, 1 a negative
    answer, 2 a usage or IO error. Output goes to the process's stdout and stderr. The
    ``relcore`` console script and ``python -m relcore`` call it."""

def compare(a: str | Version, b: str | Version) -> int:
    """SemVer precedence of two versions: ``-1`` if ``a < b``, ``0`` if equal, ``1`` if ``a > b``.

    Build metadata is ignored, so ``compare("1.0.0+a", "1.0.0+b") == 0``, while
    ``Version("1.0.0+a") < Version("1.0.0+b")``.

    Arguments:
        a: a version string (parsed strictly) or a :class:`Version`.
        b: a version string (parsed strictly) or a :class:`Version`.

    Raises:
        VersionError: a string is not a strict SemVer version.
        TypeError: an argument is neither a ``str`` nor a :class:`Version`.
    """

def sort_versions(versions: Iterable[str | Version]) -> list[str]:
    """The versions as strings, sorted ascending.

    The order is SemVer precedence, then build metadata, the same as ``<`` on
    :class:`Version`; the sort is stable, so equal versions keep their input order.

    Arguments:
        versions: version strings (parsed strictly) or :class:`Version` objects; any
            iterable except a single ``str``.

    Raises:
        VersionError: an item is not a strict SemVer version; the message starts with
            ``item N:`` (0-based index), ``kind`` and ``offset`` are the item's.
        TypeError: an item is neither a ``str`` nor a :class:`Version`.
    """

def parse_commit(
    message: str,
    *,
    id: str | None = None,
    author: str | None = None,
    time: int | None = None,
) -> Commit:
    """The commit ``message`` parsed as a Conventional Commit 1.0, as a dict.

    Never fails: a message that is not a Conventional Commit is data, with ``type``
    ``None`` and its first line as ``description``. The keys are those of
    :class:`relcore.types.Commit`: ``id``, ``author``, ``time``, ``header``, ``type``
    (lower-cased), ``scope``, ``breaking``, ``description``, ``body``, ``footers``,
    ``breaking_note``, ``references``, ``co_authors``, ``revert_of``, ``merge`` and
    ``dependency``. ``parse_commit("feat(api)!: drop v1")["breaking"]`` is ``True``.

    Arguments:
        message: the whole commit message; CRLF line endings are read like LF.
        id: the commit id (a full or abbreviated SHA), when known.
        author: the author as ``"Name <email>"`` (or just a name), when known.
        time: the commit time in seconds since the Unix epoch, when known.
    """

def lint_commit(message: str) -> list[Diagnostic]:
    """Every way ``message`` breaks the Conventional Commits 1.0 specification.

    An empty list for a good message; else one dict per problem, in order of position,
    with the keys of :class:`relcore.types.Diagnostic`: ``code`` (a stable slug such as
    ``missing_colon``), ``severity`` (``"error"`` breaks the specification,
    ``"warning"`` is a likely mistake), ``path`` (``None``), ``offset`` (the code-point
    index into ``message``), ``line`` and ``column`` (1-based, in characters),
    ``value``, ``message`` and ``hint``. What a ``commit-msg`` hook runs.

    Arguments:
        message: the whole commit message.
    """

def next_version(
    current: str | Version | None,
    commits: Iterable[str | CommitInput | Commit],
    *,
    major_types: Iterable[str] | None = None,
    minor_types: Iterable[str] | None = None,
    patch_types: Iterable[str] | None = None,
    breaking_always_bump_major: bool | None = None,
    features_always_bump_minor: bool | None = None,
    initial_version: str | Version | None = None,
    channel: str | None = None,
    include_merges: bool | None = None,
) -> Decision:
    """The next version after ``current`` from the commits since it, with the reasons.

    Breaking changes make a major release, ``feat`` a minor one, ``fix``, ``perf`` and
    ``revert`` a patch; other types release nothing. Merges are skipped and a revert
    cancels the commit it reverts. On ``0.y.z`` a breaking change bumps the minor version
    and a feature the patch version, unless the policy says otherwise. With a
    ``channel`` releases are pre-releases (``1.2.0-rc.1`` plus a fix is ``1.2.0-rc.2``);
    without one, a pre-release ``current`` is finalised.

    The result has the keys of :class:`relcore.types.Decision`: ``current`` and
    ``next`` (version strings; ``next`` is ``None`` when there is nothing to release),
    ``level`` (``"major"``, ``"minor"``, ``"patch"`` or ``None``) and ``reasons``, a
    list of ``{"rule", "message", "commits"}`` dicts, most important first.

    The keyword arguments are the policy; ``None`` keeps the default.

    Arguments:
        current: the latest release (possibly a pre-release), or ``None`` before the
            first release.
        commits: the commits since ``current``, newest first: messages, mappings
            with a ``message`` and optional ``id``, ``author`` (``"Name <email>"``) and
            ``time`` (seconds since the Unix epoch), or commit dicts as
            :func:`parse_commit` and ``Repository.commits`` return them (a ``header``
            and no ``message``); reasons name commits by short id where known, else by
            header. Any iterable except a single ``str``.
        major_types: types that always make a major release. Default: none.
        minor_types: types that make a minor release. Default: ``["feat"]``.
        patch_types: types that make a patch release. Default:
            ``["fix", "perf", "revert"]``.
        breaking_always_bump_major: on ``0.y.z``, a breaking change releases ``1.0.0``.
            Default: ``False``.
        features_always_bump_minor: on ``0.y.z``, a feature bumps the minor version.
            Default: ``False``.
        initial_version: the first version, when ``current`` is ``None``. Default:
            ``0.1.0``.
        channel: a pre-release channel such as ``"rc"`` or ``"beta"``. Default: none.
        include_merges: count merge commits as changes. Default: ``False``.

    Raises:
        VersionError: ``current`` is not a strict SemVer version, or the channel is not a
            valid pre-release identifier (``kind`` ``invalid_identifier``) or sorts below
            the current pre-release's (``would_not_advance``, ``beta`` after ``rc``).
        PolicyError: a policy option has a value of the wrong type, or an invalid
            ``initial_version`` (``kind`` ``invalid_policy``).
        TypeError: ``current`` is neither a ``str``, a :class:`Version` nor ``None``, or
            a commit is neither a ``str``, a mapping with a ``str`` ``message`` nor a
            commit dict.
    """

def render_changelog(
    version: str | Version,
    commits: Iterable[str | CommitInput | Commit],
    *,
    previous: str | Version | None = None,
    date: str | datetime.date | None = None,
    format: str = "keep-a-changelog",
    template: str | None = None,
    hotfix: bool = False,
    config: Mapping[str, Any] | None = None,
) -> str:
    """The changelog section of the release ``version``, built from the commits since
    ``previous``.

    Commits go to sections by type (``feat`` to Added, ``fix`` to Fixed, ...); merges are
    skipped unless the config includes them, a revert and the commit it reverts cancel
    out, breaking changes are marked (or gathered, with ``breaking_section``). With a
    ``repository_url`` the section links the compare view, commits, issues and pull
    requests. ``render_changelog("1.5.0", ["feat: search"], date="2025-11-15")`` is
    ``"## [1.5.0] - 2025-11-15\\n\\n### Added\\n\\n- search\\n"``. Text output ends with
    exactly one newline.

    Arguments:
        version: the version being released.
        commits: the commits since ``previous``, newest first, as for
            :func:`next_version`: messages, mappings with a ``message`` and optional
            ``id``, ``author`` (``"Name <email>"``) and ``time``, or commit dicts. Any
            iterable except a single ``str``.
        previous: the release before, for the compare link; ``None`` for the first one.
        date: the release date, a :class:`datetime.date` or a ``"YYYY-MM-DD"`` string;
            ``None`` leaves it out.
        format: ``"keep-a-changelog"`` (``## [1.5.0] - 2025-11-15`` then ``### Added``
            ... sections), ``"release-notes"`` (highlights, features, fixes, breaking
            changes, dependencies, contributors) or ``"json"`` (the release model).
            Ignored when there is a ``template``.
        template: the source text of a template in Jinja syntax (minijinja), rendered
            with the release as ``release``; errors name it ``"template"``.
        hotfix: mark the release and its entries as a hotfix.
        config: the changelog configuration, with the keys of ``relcore.toml``'s:
            ``repository_url`` (``https://``, ``git@host:`` or ``.git`` address),
            ``tag_format`` (default ``"v{version}"``), ``package`` (for a tag format with
            ``{package}``), ``sections`` (a list of ``{"title", "types"}``, in display
            order; default Keep a Changelog's six), ``breaking_section`` and
            ``include_merges`` (both default ``False``). ``None`` takes every default.

    Raises:
        VersionError: ``version`` or ``previous`` is not a strict SemVer version.
        ChangelogError: with ``kind`` ``invalid_date`` (not ``YYYY-MM-DD``),
            ``invalid_config`` (an unknown key or a value of the wrong type),
            ``missing_package`` (the tag format has ``{package}``, the config names no
            package), ``unknown_format``, ``template_syntax`` (the template does not
            compile) or ``template_render`` (it fails while rendering); for template
            errors ``template``, ``line`` and ``column`` say where, when known.
        TypeError: an argument of the wrong type, such as a commit that is neither a
            ``str`` nor a mapping with a ``str`` ``message``, or a ``config`` that is not
            a mapping.
    """

def update_changelog(
    existing: str,
    version: str | Version,
    commits: Iterable[str | CommitInput | Commit],
    *,
    previous: str | Version | None = None,
    date: str | datetime.date | None = None,
    format: str | None = None,
    template: str | None = None,
    hotfix: bool = False,
    config: Mapping[str, Any] | None = None,
    take_unreleased: bool = False,
    replace: bool = False,
    in_version_order: bool = False,
) -> str:
    """The changelog ``existing`` with the release ``version`` inserted, as
    :func:`render_changelog` renders it.

    The section goes below ``## [Unreleased]`` (or before the first release, or after the
    introduction); a link definition ``[1.5.0]: <compare url>`` joins the others at the
    bottom and ``[unreleased]`` moves on to compare from the new tag. An empty
    ``existing`` gets the standard Keep a Changelog header. Every other byte stays as it
    was, CRLF line endings included: read the file with ``newline=""`` to keep them.

    Arguments:
        existing: the current changelog text, ``""`` for a new file.
        version: as for :func:`render_changelog`.
        commits: as for :func:`render_changelog`.
        previous: as for :func:`render_changelog`.
        date: as for :func:`render_changelog`.
        format: ``"keep-a-changelog"`` or ``"release-notes"``; ``"json"`` is no text to
            insert and needs a ``template``. Ignored when there is a ``template``. ``None``
            writes the section in ``existing``'s own style (Keep a Changelog,
            conventional-changelog, release-please, HTML anchors; Keep a Changelog for a
            new file).
        template: as for :func:`render_changelog`.
        hotfix: as for :func:`render_changelog`.
        config: as for :func:`render_changelog`.
        take_unreleased: move the hand-written entries under ``## [Unreleased]`` into
            the new release.
        replace: replace the section of a version that is already in the changelog,
            instead of refusing.
        in_version_order: place a release older than the newest one in ``existing``
            (a maintenance release, 1.4.3 after 2.0.0) below the newer releases, instead
            of refusing.

    Raises:
        VersionError: ``version`` or ``previous`` is not a strict SemVer version.
        ChangelogError: as for :func:`render_changelog`, with ``kind``
            ``unknown_format`` also for ``"json"`` without a template, and
            ``version_exists`` when the version is already there and ``replace`` is not
            set, ``older_than_newest`` when it is older than the newest release there
            and ``in_version_order`` is not set; a template that fails while rendering is ``template_render`` with the
            position in the message only (``line`` and ``column`` are ``None``).
        TypeError: an argument of the wrong type.
    """

def classify(
    commits: Iterable[str | CommitInput | Commit],
    *,
    paths: Iterable[str] | None = None,
    current: str | Version | None = None,
    next: str | Version | None = None,
    branch: str | None = None,
    hotfix: bool = False,
    services: int | None = None,
    policy: Mapping[str, Any] | None = None,
) -> Classification:
    """How to roll out the release of ``commits``, and why: release-risk classification.

    The policy's rules are checked in order, and for each dimension (change type, risk,
    strategy, approval, rollback, pace, gates) the first rule that matches decides; the
    policy's fallback decides the rest. The default rules: a lower ``next`` version is a
    rollback, a schema migration path is high risk with a blue-green rollout and a manual
    rollback, a hotfix is fast-tracked, a breaking change or a major release goes out as
    a canary, configuration-only and fix-only releases are low risk, features medium.
    ``classify(["feat(db): orders"], paths=["db/migrations/1.sql"])["risk"]`` is
    ``"high"``.

    The result has the keys of :class:`relcore.types.Classification`: ``type``,
    ``risk``, ``strategy``, ``steps`` (traffic percentages), ``approval``
    (``{"level", "by"}``), ``rollback``, ``pace``, ``gates``, ``services`` and
    ``reasons``, one ``{"rule", "message", "decided", "commits", "paths"}`` dict per rule
    that fired, the ``fallback`` last.

    Arguments:
        commits: the commits in the release, newest first, as for :func:`next_version`:
            messages, mappings with a ``message`` (and ``id``, ``author``, ``time``), or
            commit dicts. Merges are skipped; a commit and its revert cancel out. Any
            iterable except a single ``str``.
        paths: the paths the release changes, relative to the repository root,
            ``/``-separated; ``None`` when unknown (path rules cannot fire), ``[]`` when
            no path changed.
        current: the version in production, if any.
        next: the version being released, if known.
        branch: the branch the release is made from, such as ``"hotfix/login"``.
        hotfix: mark the release as a hotfix whatever the branch.
        services: how many services the release deploys; ``None`` keeps the default, 1.
        policy: the risk policy, with the keys of ``relcore.toml``'s ``[risk]``:
            ``overrides``, ``rules``, ``disabled``, ``fallback``, ``migration_paths``,
            ``config_paths``, ``hotfix_branches``, ``feature_types``, ``fix_types`` and
            ``incidents``; missing keys keep their defaults. ``None`` is the default
            policy.

    Raises:
        VersionError: ``current`` or ``next`` is not a strict SemVer version.
        PolicyError: the policy has an unknown key or a value of the wrong type
            (``kind`` ``invalid_policy``).
        TypeError: an argument of the wrong type, such as a commit that is neither a
            ``str``, a mapping with a ``str`` ``message`` nor a commit dict, or a single
            ``str`` as ``paths``.
        OverflowError: ``services`` is negative or above 2^32 - 1.
    """

def hotfix_plan(
    request: Mapping[str, Any], *, policy: Mapping[str, Any] | None = None
) -> HotfixPlan:
    """A hotfix of the release in production, planned from plain values.

    The hotfix version is the next patch on production's line that no released version
    takes (1.5.1, or 1.5.2 when 1.5.1 exists, whatever the main line released since); the
    branch is named by a template (``hotfix/{version}``, or ``hotfix/{issue}-{version}``
    with an issue); the candidates are the commits of the offered types (``fix``,
    ``perf``) on the main line since production, oldest first, reverted ones and those
    production has left out, each with ``git cherry-pick -x <id>``; the classification is
    that of a hotfix under ``policy``; the rollback target is the production release.
    The result has the keys of :class:`relcore.types.HotfixPlan`.

    Arguments:
        request: the keys of ``relcore::hotfix::HotfixRequest``: ``production`` (a
            version, required), ``production_tag``, ``versions`` (every released
            version), ``commits`` (the main line's since production, newest first:
            messages, ``{"message", "id"}`` mappings or commit dicts), ``present`` (ids
            production already has), ``issue``, ``branch_template``,
            ``issue_branch_template``, ``types``, ``tag_format``, ``package``.
        policy: the risk policy, as for :func:`classify`.

    Raises:
        HotfixError: ``prerelease_production``, ``no_free_version``,
            ``invalid_branch_template``, ``invalid_issue``, ``invalid_branch_name``, or
            ``invalid_hotfix_request`` for a request the core does not accept.
        PolicyError: as for :func:`classify`.
        TypeError: ``request`` is not a mapping.
    """

def hotfix_backports(request: Mapping[str, Any]) -> Backports:
    """The commits of a hotfix line the main line does not have, by patch identity.

    As ``git cherry`` compares them: a commit whose patch id is among the main line's, or
    whose id a ``(cherry picked from commit …)`` line on the main line names, is
    ``present``; the others are ``missing``, oldest first, each with the command that
    applies it. Merges and empty commits (no patch id) are left out. The result has the
    keys of :class:`relcore.types.Backports`.

    Arguments:
        request: ``hotfix`` (the hotfix line's commits since the fork, newest first, as
            ``{"id", "message", "patch_id"}`` mappings), ``main`` (the main line's patch
            ids since the fork) and ``picked`` (the ids its cherry-pick lines name).

    Raises:
        HotfixError: ``invalid_hotfix_request`` for a request the core does not accept.
        TypeError: ``request`` is not a mapping.
    """

def ready(
    facts: Mapping[str, Any],
    *,
    checklist: Mapping[str, Any] | None = None,
    blockers_allowed: int = 0,
) -> Verdict:
    """The go / no-go verdict of a release checklist evaluated over ``facts``.

    Every check that ``checklist`` lists as required or warning (built-in checks in
    their order, then custom checks) comes back as an item with its ``status``
    (``pass``, ``fail`` or ``unknown`` when its fact is missing), whether it is a
    ``blocker`` and the ``reason``; the verdict is a go when no more than
    ``blockers_allowed`` required checks fail or are unknown. The result has the keys of
    :class:`relcore.types.Verdict`.

    Arguments:
        facts: the repository's facts by name (``changed_files``, ``branch``,
            ``latest_version``, ``next_version``, ``next_tag``, ``next_tag_exists``,
            ``changelog_versions``, ``version_files``, ``plan_errors``,
            ``rollback_plan``, ``window``, ``lint_failures``); every other key is an
            external fact (``tests``, ``critical_bugs``, ``coverage``, …): a ``bool``, a
            number or a ``str``.
        checklist: ``[ready]``'s keys: ``required``, ``warn``, ``release_branches``,
            ``custom``; missing keys keep their defaults.
        blockers_allowed: how many blockers still make a go.

    Raises:
        ReadyError: ``unknown_check``, ``duplicate_check``, ``invalid_comparison``,
            ``invalid_pattern``, or ``invalid_facts`` / ``invalid_checklist`` for values
            the core does not accept.
        TypeError: ``facts`` or ``checklist`` is not a mapping.
        OverflowError: ``blockers_allowed`` is negative.
    """

def respond(
    severity: str, *, policy: Mapping[str, Any] | None = None, plan: str | None = None
) -> IncidentResponse:
    """What to do about an incident of ``severity``, from the policy's playbooks, with the
    order to roll the rollout plan's services back in when ``plan`` is given.

    The defaults: ``critical``, roll back immediately; ``high``, roll back within 15
    minutes; ``medium``, ship a hotfix within 60 minutes, otherwise roll back; ``low``,
    fix it in the next release. The result has the keys of
    :class:`relcore.types.IncidentResponse`: ``severity``, ``action`` (``rollback``,
    ``hotfix`` or ``next_release``), ``deadline_minutes`` (``0`` for immediately, ``None``
    for no deadline), ``otherwise``, ``reason``, the response in words, and
    ``rollback_order``, the plan's services with dependents first (``None`` without a
    plan); ``relcore respond --json``'s document.

    Arguments:
        severity: ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
        policy: the risk policy, as for :func:`classify`; its ``incidents`` key holds
            the playbooks (``{"high": {"action": "rollback", "deadline_minutes": 5}}``).
        plan: the rollout plan (YAML text), as for :func:`plan_order`.

    Raises:
        RiskError: an unknown severity (``kind`` ``unknown_value``).
        PolicyError: as for :func:`classify`.
        PlanError: the plan cannot be read (its first diagnostic's ``kind``).
        SimulationError: the plan's services cannot be ordered (``unknown_dependency``,
            ``dependency_cycle``), as for :func:`plan_order`.
    """

def check_plan(
    text: str,
    *,
    change_type: str | None = None,
    risk: str | None = None,
    start: str | None = None,
    holidays: Sequence[str | datetime.date] = (),
    max_canary_percentage: float | None = None,
) -> PlanReport:
    """Every problem of the rollout plan ``text`` (YAML), with the rollout's length.

    Checking never fails on the plan: problems are diagnostics. The result has the keys
    of :class:`relcore.types.PlanReport`: ``diagnostics``, one dict per problem in
    document order with the keys of :class:`relcore.types.Diagnostic` (``code`` such as
    ``duration_missing_unit``, ``severity``, ``path`` such as
    ``deployment.stages[0].duration``, ``offset`` as a code-point index into ``text``,
    ``line`` and ``column``, 1-based, in characters, ``value``, ``message`` and
    ``hint``); ``total_duration_seconds``, the sum of the stage durations; and
    ``worst_case_rollback_seconds``, ``None`` when some problem would never roll back by
    itself. Errors make a check fail, warnings and notes (``"note"``: a hold band or an
    untriggered gate whose hold is bounded) do not; ``docs/rollout-plans.md`` lists every
    code.

    Arguments:
        text: the plan, YAML.
        change_type: the kind of change (``"feature"``, ``"hotfix"``, ``"rollback"``,
            ``"config"``, ``"migration"``) when the plan has no ``change.type``, as
            :func:`classify` gives it.
        risk: the risk (``"low"``, ``"medium"``, ``"high"``) when the plan has no
            ``change.risk``.
        start: when the rollout starts, ``YYYY-MM-DDTHH:MM:SS`` local time in the plan's
            timezone, when the plan has no ``window.start``.
        holidays: public holidays on which no rollout may be in progress, as
            ``YYYY-MM-DD`` strings or dates.
        max_canary_percentage: the largest first step, in percent, that still counts as
            a canary; ``None`` keeps the default, 10.

    Raises:
        PlanError: an option the context does not accept, such as an unknown risk or a
            malformed holiday (``kind`` ``invalid_context``).
        TypeError: ``text`` is not a ``str``.
    """

def simulate_plan(
    plan: str,
    timeline: str | Iterable[TimelineRecord | Mapping[str, Any]],
    *,
    format: str | None = None,
    start: str | None = None,
    holidays: Sequence[str | datetime.date] = (),
    change_type: str | None = None,
) -> Simulation:
    """The rollout plan ``plan`` run against the metric ``timeline``, as a rollout
    controller would: every decision and the outcome.

    The first stage begins at 0 (or when approved, if it has an ``approval``); while a
    stage runs, observations are checked against the rollback triggers after the grace
    period; when its duration is over, its gates are evaluated on the latest observation
    of their metric, and the next stage waits for its approval (or, after a stage without
    ``auto-advance``, for a person to advance it). One precedence decides each moment:
    rollback trigger > failed gate > no data or no baseline (hold) > awaiting approval
    (hold) > advance. After the last record time runs on without new data, so the outcome
    says where the rollout ends. A ``hold-timeout`` or ``failure-limit`` ends a hold with
    a rollback; with a window and a start, the clock is wall-clock time and a stage due
    while the window is closed waits for it to open (``window_closed``); at the final
    stage the services deploy one after another, each health-checked from the timeline's
    ``{"at", "service", "healthy"}`` records. ``docs/rollout-plans.md`` describes the
    model.

    The result has the keys of :class:`relcore.types.Simulation`, the JSON of ``relcore
    plan simulate --json``: ``outcome`` (``"completed"``, ``"rolled_back"`` or
    ``"stuck"``), ``at_seconds``, ``stage`` and ``decisions``, one dict per decision in time
    order with the keys of :class:`relcore.types.SimulationDecision`: ``at_seconds``,
    ``stage``, ``decision``, ``reason``, ``metric``, ``value``, ``threshold``, ``rule`` and
    ``message``.

    Arguments:
        plan: the plan, YAML.
        timeline: what was observed while the rollout ran: the text of a timeline, a YAML
            or JSON list of records or CSV with the header ``at,metric,value`` (and
            optionally ``baseline``, ``approve``); or an iterable of records, each a
            mapping such as ``{"at": "30m", "metric": "error-rate", "value": 0.05}`` or
            ``{"at": "1h30m", "approve": "partial"}`` (:class:`relcore.types.TimelineRecord`),
            read as JSON records. ``at`` is a duration from the plan's start or whole
            seconds; values are in the metric's unit.
        format: how to read a text timeline: ``"yaml"``, ``"json"`` or ``"csv"``; ``None``
            detects it (JSON when it starts with ``[`` or ``{``, CSV when its first line
            starts with the ``at`` column, YAML otherwise). Records given as an iterable
            are always JSON.
        start: when the rollout starts, ``YYYY-MM-DDTHH:MM:SS`` local time, when the plan
            has no ``window.start``.
        holidays: dates (``YYYY-MM-DD`` strings or dates) on which the window is closed.
        change_type: the kind of change when the plan has no ``change.type``; a
            ``"hotfix"`` does not wait for the window.

    Raises:
        SimulationError: the plan or the timeline cannot be read: ``kind`` is the first
            diagnostic's code (a plan structure code such as ``invalid_yaml``, or
            ``invalid_timeline``, ``invalid_record``, ``invalid_time``,
            ``invalid_value``, ``missing_column``, ``timeline_limit``, ``unknown_stage``,
            ``unknown_service``),
            ``diagnostics`` the located problems, ``line`` and ``column`` the first one's;
            or ``kind`` ``unknown_format`` for another ``format``.
        TypeError: ``plan`` is not a ``str``, ``timeline`` is neither a ``str`` nor an
            iterable (a mapping is not), or a record holds a value no JSON value stands
            for.
    """

def plan_chart(plan: str) -> str:
    """The rollout plan ``plan`` (the YAML text of a plan file) as a Mermaid gantt chart.

    The stages with their share of traffic and duration, approvals as milestones, and the
    spans in which rollback triggers act; wrap it in a ```` ```mermaid ```` block and GitHub
    renders it. The same text as ``relcore plan chart FILE``.

    Raises:
        SimulationError: the plan cannot be read (a :class:`PlanError`); ``kind`` is the
            first diagnostic's code (``invalid_yaml``, ``unknown_key``, ...),
            ``diagnostics`` the located problems.
    """

def plan_order(plan: str) -> ServicePlan:
    """The order in which the services of the rollout plan ``plan`` deploy, with the wait
    (``delay``) and health check after each, and the order they roll back in.

    The result has the keys of :class:`relcore.types.ServicePlan`: ``deploy``, one dict
    per service in deploy order (``name``, ``delay_seconds``, ``health_check``), and
    ``rollback``, the names in rollback order. The JSON of ``relcore plan order --json``.

    Raises:
        SimulationError: the plan cannot be read (``kind`` the first diagnostic's code),
            or its services cannot be ordered (``kind`` ``unknown_dependency`` or
            ``dependency_cycle``, no diagnostics).
    """

def next_window(
    plan: str,
    *,
    at: str,
    holidays: Sequence[str | datetime.date] = (),
    change_type: str | None = None,
) -> NextWindow:
    """When the next rollout of the plan ``plan`` may start, from ``at``, and why the
    earlier starts the allowed ranges offer are out (outside the window, a Friday, a
    holiday, a freeze, the end of the month).

    The result has the keys of :class:`relcore.types.NextWindow`, the JSON of ``relcore
    plan next-window --json``. relcore never reads the clock: pass the current time.

    Arguments:
        plan: the plan, YAML, with a ``window``.
        at: from when to look, ``YYYY-MM-DDTHH:MM`` local time in the window's timezone.
        holidays: dates (``YYYY-MM-DD`` strings or dates) on which no rollout may be in
            progress, such as the lines of a holidays file.
        change_type: the kind of change when the plan has no ``change.type``; a hotfix
            may start at ``at``, and the result lists the rules it sets aside.

    Raises:
        SimulationError: the plan cannot be read, or has no window (``kind``
            ``no_window``), or its timezone is missing or unknown.
        PlanError: ``at`` or a holiday that is not a date (``kind`` ``invalid_context``).
    """

def suggest_plan(classification: Classification | Mapping[str, Any]) -> str:
    """A rollout plan that fits ``classification``, as YAML text to review and adjust.

    One stage per traffic step of the classification (or its strategy's default steps),
    durations by pace, gates when they are enforced, an approval when one is required or
    the risk is high, and rollback triggers; ``docs/rollout-plans.md`` (Suggested plans)
    has the rules. The plan passes :func:`check_plan` without errors, with the
    classification's change type and risk as the context.

    Arguments:
        classification: a classification as :func:`classify` returns it: a mapping with
            the keys ``type``, ``risk``, ``strategy``, ``steps``, ``approval``,
            ``rollback``, ``pace``, ``gates``, ``services`` and ``reasons``, all required.

    Raises:
        PlanError: a key is missing or has a value of the wrong type (``kind``
            ``invalid_classification``; the message names the key).
        TypeError: ``classification`` is not a mapping.
    """

@final
class Repository:
    """A git repository, for release tags, commits and annotated tags.

    Open one with :meth:`Repository.open`. It only reads, and creates annotated tags when
    asked; it never moves or deletes a ref and never pushes. Every method runs its git
    work with the GIL released; a repository may be shared between threads, which then
    take turns.
    """

    @staticmethod
    def open(path: str | os.PathLike[str] = ".") -> Repository:
        """Opens the repository containing ``path``, searching parent directories.

        Arguments:
            path: a directory inside the working tree (or the repository itself).

        Raises:
            GitError: ``kind`` ``not_a_repository`` when there is no repository at
                ``path`` or any parent.
        """

    def head(self) -> Head:
        """Where HEAD is: ``{"commit": <full id>, "branch": <name or None>}``.

        ``branch`` is ``None`` when HEAD is detached.

        Raises:
            GitError: ``kind`` ``empty_repository`` before the first commit.
        """

    def latest_tag(
        self,
        *,
        tag_format: str = "v{version}",
        package: str | None = None,
    ) -> Tag | None:
        """The latest release tag reachable from HEAD, by SemVer precedence; ``None``
        when there is none.

        Tags that do not match ``tag_format`` (or name another package), and tags on
        commits HEAD does not contain, are ignored; lightweight and annotated tags both
        count. The result has the keys of :class:`relcore.types.Tag`: ``name``,
        ``version`` (a string), ``package``, ``commit`` (the full id) and ``time``.

        Arguments:
            tag_format: how release tags are spelled, with ``{version}`` and optionally
                ``{package}``: ``"v{version}"``, ``"{package}@{version}"``, ...
            package: only tags of this package, for a format with ``{package}``; ``None``
                for tags of any package.

        Raises:
            VersionError: the tag format does not parse (``kind``
                ``unknown_placeholder``, ``unclosed_placeholder``, ...).
            GitError: ``kind`` ``empty_repository`` before the first commit.
        """

    def release_tags(
        self,
        *,
        tag_format: str = "v{version}",
        package: str | None = None,
    ) -> list[Tag]:
        """Every release tag reachable from HEAD, by descending version (ties by name).

        The tags of :meth:`latest_tag`, all of them; several tags on one commit all
        count.

        Arguments:
            tag_format: as for :meth:`latest_tag`.
            package: as for :meth:`latest_tag`.

        Raises:
            VersionError: the tag format does not parse.
            GitError: ``kind`` ``empty_repository`` before the first commit.
        """

    def commits(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        include_merges: bool = False,
        first_parent: bool = False,
        paths: Iterable[str] = (),
        changed_paths: bool = False,
    ) -> list[RepoCommit]:
        """The commits from ``until`` (HEAD) back to, and excluding, ``since``, newest
        first.

        Each is a ``{"commit": <commit dict>, "paths": [...]}`` dict
        (:class:`relcore.types.RepoCommit`); the commit dict is :func:`parse_commit`'s,
        with ``id``, ``author`` and ``time`` from the repository and ``merge`` set for
        merge commits.

        Arguments:
            since: a tag or revision to stop at (excluded); ``None`` for the whole
                history.
            until: a tag or revision to start from (included); ``None`` for HEAD.
            include_merges: keep merge commits (skipped by default).
            first_parent: follow only first parents, the mainline of a merge-based
                history.
            paths: only commits that touch one of these paths (files or directories,
                relative to the repository root), as for one package of a monorepo. Any
                iterable except a single ``str``.
            changed_paths: fill each commit's ``paths`` with the paths it changes
                against its first parent (all of them for a root commit).

        Raises:
            GitError: ``kind`` ``empty_repository``, ``unknown_revision`` (``since`` or
                ``until`` does not exist) or ``shallow_history`` (a shallow clone ends
                before ``since``).
            TypeError: ``paths`` is a single ``str``, or holds something else.
        """

    def create_tag(self, name: str, message: str) -> str:
        """Creates the annotated tag ``name`` on HEAD; returns the tag object's id.

        The tagger is the repository's configured identity (``user.name`` and
        ``user.email``). An existing tag is never moved or replaced.

        Arguments:
            name: the tag's name, such as ``"v1.5.0"``.
            message: the tag's message, such as the release notes.

        Raises:
            GitError: ``kind`` ``tag_exists``, ``invalid_tag_name``, ``no_identity`` or
                ``empty_repository``.
        """

def release(
    path: str | os.PathLike[str] = ".",
    *,
    date: str | datetime.date | None = None,
    config: Mapping[str, Any] | None = None,
    channel: str | None = None,
    hotfix: bool = False,
    package: str | None = None,
) -> ReleaseReport:
    """The next release of the repository containing ``path``, prepared but not carried
    out: what ``relcore release --json`` prints, without the CLI's ``tagged`` and
    ``files``.

    The latest release tag reachable from HEAD, the commits since it (with the paths
    they change), the next version and why, the release model, the changelog section,
    the release notes and the risk classification. Nothing is written and no tag is
    created: write ``section`` into the changelog and pass ``notes`` to
    :meth:`Repository.create_tag` for that. The result has the keys of
    :class:`relcore.types.ReleaseReport`; when there is nothing to release ``next`` is
    ``None``, and so are ``tag``, ``release``, ``section``, ``notes`` and
    ``classification``. The git work runs with the GIL released.

    Arguments:
        path: a directory inside the repository's working tree.
        date: the release date, a :class:`datetime.date` or a ``"YYYY-MM-DD"`` string;
            ``None`` leaves the changelog heading undated.
        config: the project configuration, with the keys of ``relcore.toml``
            (``tag_format``, ``package``, ``bump``, ``changelog``, ``git``, ``risk``,
            ``version_files``); missing keys keep their defaults. ``None`` reads
            ``relcore.toml`` at the repository's root, or takes every default when there
            is none. A template named by ``changelog.template`` is read from the root.
        channel: a pre-release channel such as ``"rc"``, instead of the configuration's.
        hotfix: treat the release as a hotfix (classification, changelog markers).
        package: the package to release, one of the configuration's ``packages``: its
            paths, tags, version files and changelog. Required when there are packages.

    Raises:
        ReleaseError: the release could not be prepared; ``kind`` is a git slug
            (``not_a_repository``, ``empty_repository``, ``shallow_history``, ...), the
            policy's (``invalid_identifier``, ``would_not_advance``), the tag format's
            (``missing_package``), ``package_required`` or ``unknown_package``, the template's (``template_syntax``,
            ``template_render``), ``io`` (an unreadable template) or ``invalid_date``;
            for a template error, ``line`` and ``column`` are where it went wrong.
        ConfigError: ``relcore.toml`` or the ``config`` mapping is invalid (``kind``
            ``invalid_config``; ``line`` and ``column`` locate the problem in the file).
        OSError: ``relcore.toml`` exists but cannot be read.
        TypeError: an argument of the wrong type, such as a ``config`` that is not a
            mapping.
    """

def check_versions(
    path: str | os.PathLike[str] = ".", *, config: Mapping[str, Any] | None = None
) -> VersionsReport:
    """Version conflicts across the packages of the repository containing ``path``: what
    ``relcore check versions --json`` prints.

    The packages are the configuration's ``packages`` (the repository as one package
    ``root`` without any); each one's version comes from its version files or its
    manifest, its dependencies from its manifest (``Cargo.toml``, ``package.json``,
    ``pyproject.toml`` in its first path), its tag from the repository. The problems: an
    internal requirement that excludes the workspace's version of what it names
    (``requirement_excludes_version``), a fixed group out of sync
    (``fixed_group_out_of_sync``), an external dependency required at requirements no
    version satisfies together (``conflicting_requirements``), a version file that
    disagrees with the latest tag (``version_differs_from_tag``), and manifests that
    cannot be read; each a diagnostic dict with its file (``path``), ``line`` and
    ``column``. The result has the keys of :class:`relcore.types.VersionsReport`:
    ``packages`` (``name``, ``version``, ``tag``) and ``diagnostics``.

    Arguments:
        path: a directory inside the repository's working tree.
        config: the project configuration, as for :func:`release`; ``None`` reads
            ``relcore.toml``.

    Raises:
        ReleaseError: the repository cannot be read (a git ``kind``).
        ConfigError: ``relcore.toml`` or the ``config`` mapping is invalid.
    """

def release_workspace(
    path: str | os.PathLike[str] = ".",
    *,
    config: Mapping[str, Any] | None = None,
    date: str | datetime.date | None = None,
    channel: str | None = None,
    hotfix: bool = False,
    packages: Sequence[str] = (),
) -> WorkspaceRelease:
    """Every package's release of the repository containing ``path``, planned together
    and prepared but not carried out: what ``relcore release --json`` prints for a
    configuration with ``packages``, without ``tagged``, ``committed`` and ``files``.

    Each package's own level comes from its commits since its own latest tag (as
    :func:`release` with ``package=`` decides it); then the groups apply (a ``fixed``
    group releases every member at the highest bump; a ``linked`` group's releasing
    members share the highest version) and the dependents (a requirement the new version
    leaves, or any with ``update_dependents = "always"``, is rewritten, and its package
    releases a patch), transitively. The result has the keys of
    :class:`relcore.types.WorkspaceRelease`: ``plan`` (``packages``, dependencies first,
    each with ``current``, ``next``, ``level``, ``reasons``, ``rewrites``,
    ``updated_dependencies`` and ``changelog``; and every ``rewrites`` entry with its file,
    line and column), ``packages`` (each releasing package's report, as :func:`release`
    gives one, with ``name``, ``version_file`` and ``changelog``: its section, with an
    ``Updated dependencies`` entry when a dependency moved, its notes and classification)
    and ``problems`` (manifests that could not be read).

    Arguments:
        path: a directory inside the repository's working tree.
        config: the project configuration, as for :func:`release`; ``None`` reads
            ``relcore.toml``.
        date: the release date (``YYYY-MM-DD`` or a :class:`datetime.date`); ``None``
            leaves the changelog headings undated.
        channel: a pre-release channel, instead of the configuration's.
        hotfix: treat the releases as hotfixes.
        packages: the packages whose own commits count (every one when empty); the
            others release only when a group or a dependency makes them.

    Raises:
        ReleaseError: a git ``kind``, or the plan's (``dependency_cycle``,
            ``cannot_rewrite``, ``invalid_requirement``, ...).
        ConfigError: ``relcore.toml`` or the ``config`` mapping is invalid.
    """

def sync_plan(
    path: str | os.PathLike[str] = ".", *, config: Mapping[str, Any] | None = None
) -> SyncReport:
    """What ``relcore sync`` would change across the packages of the repository containing
    ``path``, as a dry run (nothing is written): what ``relcore sync --json`` prints.

    Every member of a ``fixed`` group out of sync takes the group's highest version (at
    the place its version is written), and every internal requirement that excludes the
    version of the package it names is rewritten, in its own style, to admit it. The
    result has the keys of :class:`relcore.types.SyncReport`: ``versions`` (``package``,
    ``from``, ``to``, ``at``, ``reason``), ``rewrites`` (``old``, ``new``, ``at`` with
    file, line and column), ``files`` (each ``would_change``), ``written`` (``False``)
    and ``unresolved``: diagnostic dicts of what needs a person.

    Arguments:
        path: a directory inside the repository's working tree.
        config: the project configuration, as for :func:`release`; ``None`` reads
            ``relcore.toml``.

    Raises:
        ReleaseError: the repository or a manifest cannot be read (a git ``kind``,
            ``requirement_mismatch``, ``invalid_utf8``, ...).
        ConfigError: ``relcore.toml`` or the ``config`` mapping is invalid.
    """

def plan_set(path: str | os.PathLike[str] = "relcore-set.toml") -> SetPlanReport:
    """The plan of the release set described by the file at ``path``: what ``relcore set
    plan --set PATH --json`` prints. Nothing is written.

    The file names repositories by path, relative to it (``[repositories]``, or
    ``[set.repositories]``), each a path or a table with ``path`` and ``requires``
    (repository names to requirements such as ``">=2.1, <3"``). Each repository's current
    and next version come from its own ``relcore.toml``; every requirement is checked
    against the version the required repository will have. The result has the keys of
    :class:`relcore.types.SetPlanReport`: ``file``, ``repositories`` (``name``,
    ``path``, ``current``, ``current_tag``, ``next``, ``level``, ``tag``), ``order``
    (each repository after those it requires), ``rollback`` (the reverse), ``checks``
    (``repository``, ``requires``, ``requirement``, ``version``, ``satisfied``) and
    ``problems`` (diagnostic dicts located in the set file; empty when every check
    passes).

    Arguments:
        path: the set file.

    Raises:
        ReleaseError: ``set_not_found``, ``invalid_set`` (``line`` and ``column`` locate
            the first problem), ``unknown_package``, ``dependency_cycle``, a git
            ``kind`` (``not_a_repository``), or a repository's own error (its
            ``relcore.toml``'s ``invalid_config``), the message naming the repository.
    """

def pipeline_start(
    version: str | Version,
    at: str | datetime.datetime,
    *,
    by: str | None = None,
    note: str | None = None,
) -> ReleaseRecord:
    """A new release record of ``version``, started at ``at``: ``build`` in progress and
    the ``started`` transition (revision 1) in the audit trail.

    Arguments:
        version: the version released.
        at: when: RFC 3339 (``2026-03-03T10:00:00Z``) or ``YYYY-MM-DDTHH:MM`` in UTC, or a
            ``datetime`` (naive: UTC).
        by: who started it.
        note: a note for the audit trail (a change number).

    Raises:
        PipelineError: ``invalid_time``.
        VersionError: a version that does not parse.
    """

def pipeline_event(
    record: Mapping[str, Any],
    event: str,
    at: str | datetime.datetime,
    *,
    by: str | None = None,
    note: str | None = None,
) -> ReleaseRecord:
    """The release record after ``event`` at ``at``; ``record`` is not changed.

    Arguments:
        record: a record, as :func:`pipeline_start` returns it.
        event: ``build-succeeded``, ``build-failed``, ``test-succeeded``, ``test-failed``,
            ``stage-succeeded``, ``stage-failed``, ``approved``, ``rejected``,
            ``deployed``, ``deploy-failed``, ``rolled-back``, ``blocked`` or
            ``unblocked``.
        at: when (as for :func:`pipeline_start`); not before the last transition.
        by: who reports it.
        note: a note for the audit trail; for ``blocked``, what the stage waits for.

    Raises:
        PipelineError: the state machine's slug when the event cannot happen now
            (``not_in_progress``, ``blocked``, ``rolled_back``, …), ``unknown_event``,
            ``time_before_last``, ``invalid_release_record``, ``invalid_time``.
    """

def pipeline_status(record: Mapping[str, Any], at: str | datetime.datetime) -> PipelineStatus:
    """Each stage of ``record`` with its marker (``[COMPLETED]``, ``[IN_PROGRESS]``,
    ``[BLOCKED]``, ``[PENDING]``, ``[ROLLBACK]``) and duration at ``at``.

    Arguments:
        record: a record, as :func:`pipeline_start` returns it.
        at: the time durations of a stage in progress run to.

    Raises:
        PipelineError: ``invalid_release_record``, ``invalid_time``.
    """

def render_pipeline_record(record: Mapping[str, Any]) -> str:
    """The deployment record of ``record`` as Markdown: summary, stages, timeline,
    approvals and outcome.

    Arguments:
        record: a record, as :func:`pipeline_start` returns it.

    Raises:
        PipelineError: ``invalid_release_record``.
    """

def announce(
    request: AnnounceRequest | Mapping[str, Any],
    *,
    template: str | None = None,
    format: str = "text",
) -> Announcement:
    """A stakeholder message about a deployment: ``pre`` (when, how long, what changes,
    the impact, whom to ask) or ``post`` (how it went, what changed), for the ``internal``
    audience or ``customers``. Nothing is sent. The result has the keys of
    :class:`relcore.types.Announcement`: ``subject``, ``text`` and the ``context`` the
    template saw.

    Arguments:
        request: the facts (:class:`relcore.types.AnnounceRequest`): ``phase``,
            ``version``, and optionally ``audience``, ``product``, ``start`` (local time
            in ``timezone``), ``duration_seconds``, ``strategy``, ``changes``,
            ``impact``, ``contact``, ``status``, ``finished_at``, ``deploy_seconds``,
            ``status_detail``.
        template: a template's source (the changelog's Jinja syntax) instead of the
            built-in one of the phase and audience.
        format: ``text``, ``markdown`` or ``json`` (the text as Markdown).

    Raises:
        AnnounceError: ``invalid_announcement`` for a request the core does not accept,
            ``unknown_value`` for an unknown format.
        ChangelogError: ``template_syntax`` or ``template_render``, with the line and
            column.
    """

def compute_metrics(
    input: Mapping[str, Any],
    *,
    since: str | datetime.date | None = None,
    by: str | None = None,
    within_days: int | None = None,
) -> Metrics:
    """Release metrics of plain facts: releases per period (stable and pre-releases
    apart), lead time for changes (median and 90th percentile, in seconds), the share of
    hotfixes and of reverts, releases a patch fixed within ``within_days``, pre-release
    cycles and, with deployment records, deployment duration, rollbacks, change failure
    rate and time to restore. The result has the keys of :class:`relcore.types.Metrics`.

    Arguments:
        input: ``releases`` (``tag``, ``version``, ``time``, ``hotfix``), ``commits``
            (``time``, ``fix``, ``revert``, ``release``: the tag of the first release that
            contains it) and ``deployments`` (``version``, ``started``, ``finished``,
            ``outcome``, ``restored``); times in seconds since the epoch.
        since: count from this day (a :class:`datetime.date` or ``"YYYY-MM-DD"``, UTC).
        by: ``"month"`` (default) or ``"week"`` (ISO 8601 weeks).
        within_days: the window of a fixing patch release; default 14.

    Raises:
        MetricsError: ``duplicate_release``, ``unknown_release``, ``invalid_deployment``,
            ``time_out_of_range``, ``invalid_metrics_input``, ``invalid_metrics_options``.
    """

def metrics_chart(
    input: Mapping[str, Any],
    *,
    since: str | datetime.date | None = None,
    by: str | None = None,
    within_days: int | None = None,
    format: Literal["mermaid", "svg"] = "mermaid",
) -> str:
    """Releases per period and the median lead time of :func:`compute_metrics`'s metrics,
    drawn as a Mermaid ``xychart-beta`` (``format="mermaid"``) or an SVG document
    (``format="svg"``).

    Raises:
        MetricsError: as :func:`compute_metrics`; ``unknown_format`` for a format that
            is neither ``mermaid`` nor ``svg``.
    """

def metrics(
    path: str | os.PathLike[str] = ".",
    *,
    since: str | datetime.date | None = None,
    by: str | None = None,
    within_days: int | None = None,
    package: str | None = None,
    config: Mapping[str, Any] | None = None,
    deployments: Iterable[Mapping[str, Any]] | None = None,
) -> Metrics:
    """Release metrics of the repository containing ``path``, from its history and tags
    (one walk): what ``relcore metrics --json`` prints. Each commit's release is the
    first release tag that contains it; tags on lines HEAD does not contain (a
    maintenance line's patch releases) count too. The git work runs with the GIL
    released.

    Arguments:
        path: a directory inside the repository's working tree.
        since, by, within_days: as :func:`compute_metrics`.
        package: the package whose tags count, for tag formats with ``{package}``.
        config: the project configuration, with the keys of ``relcore.toml``; default:
            the repository's ``relcore.toml``.
        deployments: deployment records, as :func:`compute_metrics` takes them.

    Raises:
        ReleaseError: the repository cannot be read, or the metrics not computed.
        MetricsError: ``deployments`` or an option is not what it should be.
    """

def plan_workspace(
    workspace: Workspace,
    bumps: Iterable[PackageBump],
    settings: WorkspaceSettings | None = None,
) -> WorkspacePlan:
    """Who releases at which version in a workspace, and which dependents' requirements
    change (``relcore::workspace::plan_workspace``), from plain values: the pure function
    behind :func:`relcore.git.release_workspace`.

    Each package releases at its own bump (``bumps``); a ``fixed`` group releases every
    member at the highest version bumped by the highest level, a ``linked`` group's
    releasing members share one version; a dependent whose requirement the new version
    leaves (or any, with ``update_dependents="always"``) has it rewritten and releases a
    patch, transitively. The result has the keys of :class:`relcore.types.WorkspacePlan`:
    the packages in dependency order, and the rewrites.

    Arguments:
        workspace: the packages (``name``, ``version``, ``dependencies`` with their
            requirements and where they are written) and ``groups``.
        bumps: each package's own level (``{"package": "core", "level": "minor"}``).
        settings: ``update_dependents``: ``"out-of-range"`` (the default) or
            ``"always"``.

    Raises:
        WorkspaceError: ``dependency_cycle`` (with ``cycle``), ``cannot_rewrite`` and
            ``invalid_requirement`` (with ``file``, ``line``, ``column``),
            ``duplicate_package``, ``unknown_package``, ``package_in_two_groups``,
            ``bump_failed``, or ``invalid_workspace`` for a value the core does not
            accept (the message names the key).
        TypeError: ``workspace`` or ``settings`` is not a mapping, ``bumps`` a ``str``
            or a mapping.
    """

def check_workspace(workspace: Workspace, tags: Iterable[PackageTag] = ()) -> list[Diagnostic]:
    """What is out of step in a workspace (``relcore::workspace::check_versions``), from
    plain values: the pure function behind :func:`relcore.git.check_versions`.

    The problems, as diagnostics (:class:`relcore.types.Diagnostic`, located in the
    manifests): ``requirement_excludes_version`` (with the rewritten requirement as
    ``hint``), ``invalid_requirement``, ``fixed_group_out_of_sync``,
    ``conflicting_requirements``, ``version_differs_from_tag`` (against ``tags``), and the
    graph's (``dependency_cycle``, ``unknown_package``, ...). Empty when all is in step.

    Arguments:
        workspace: as for :func:`plan_workspace`.
        tags: each package's latest tag (``{"package", "version", "tag"}``).

    Raises:
        WorkspaceError: ``invalid_workspace`` for a value the core does not accept.
        TypeError: ``workspace`` is not a mapping, ``tags`` a ``str`` or a mapping.
    """

def sync_workspace(workspace: Workspace) -> SyncPlan:
    """What of a workspace's problems can be put right mechanically
    (``relcore::workspace::sync_workspace``): fixed groups aligned on their highest
    version, requirements that exclude the workspace's version rewritten; the rest is
    ``unresolved``. The result has the keys of :class:`relcore.types.SyncPlan`.

    Raises:
        WorkspaceError: ``invalid_workspace`` for a value the core does not accept.
        TypeError: ``workspace`` is not a mapping.
    """

def plan_release_set(repositories: Iterable[SetRepository]) -> SetPlan:
    """The order, rollback order, requirement checks and problems of several repositories
    released together (``relcore::workspace::plan_set``). The result has the keys of
    :class:`relcore.types.SetPlan`; the set goes ahead only when ``problems`` is empty.

    Arguments:
        repositories: each with its ``name``, ``current`` and ``next`` versions and what
            it ``requires`` of the others (``repository``, ``requirement``, ``dialect``,
            ``at``).

    Raises:
        WorkspaceError: ``dependency_cycle`` (with ``cycle``), ``duplicate_package``,
            ``unknown_package``, or ``invalid_workspace`` for a value the core does not
            accept.
        TypeError: ``repositories`` is a ``str`` or a mapping.
    """
