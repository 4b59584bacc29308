"""relcore: the release engine that release tooling is built on.

Strict SemVer 2.0.0 parsing with located errors, precedence, sorting and bumping with
node-semver's increment names and results; Conventional Commits parsing and linting;
the next version from the commits since the last release, with the reasons; changelogs
(Keep a Changelog, release notes, JSON or a Jinja template) rendered or inserted into an
existing ``CHANGELOG.md``; release-risk classification with the reasons, and incident
response; hotfix plans and backports; the go / no-go checklist; release metrics; dependency
requirements (Cargo, npm, PEP 440) and workspace plans; rollout plan checks, simulations against metric timelines and plans suggested
from a classification; all computed by the relcore Rust crate. :mod:`relcore.git` reads
release tags and commits from a repository and prepares its next release::

    >>> import relcore
    >>> v = relcore.Version("1.4.2")
    >>> v.bump("preminor", preid="rc")
    Version('1.5.0-rc.0')
    >>> relcore.sort_versions(["1.0.0", "1.0.0-rc.1", "0.9.0"])
    ['0.9.0', '1.0.0-rc.1', '1.0.0']
    >>> relcore.parse_commit("feat(api)!: drop v1")["breaking"]
    True
    >>> relcore.next_version("1.4.2", ["fix: a", "feat(cli): b"])["next"]
    '1.5.0'
    >>> relcore.render_changelog("1.5.0", ["feat(cli): b"], date="2025-11-15").splitlines()
    ['## [1.5.0] - 2025-11-15', '', '### Added', '', '- **cli**: b']
    >>> relcore.classify(["feat(db): orders"], paths=["db/migrations/1.sql"])["risk"]
    'high'
    >>> relcore.respond("high")["reason"]
    'high severity: roll back within 15 minutes'
    >>> relcore.hotfix_plan({"production": "1.5.0", "versions": ["1.5.1", "1.6.0"]})["branch"]
    'hotfix/1.5.2'
    >>> relcore.ready({"tests": "passed"}, checklist={"required": ["tests"], "warn": []})["go"]
    True
    >>> relcore.compute_metrics({"releases": [{"tag": "v1.0.0", "version": "1.0.0", "time": 0}]})["releases"]
    {'total': 1, 'stable': 1, 'prereleases': 0}
    >>> relcore.Requirement.parse("^1.2", "npm").rewrite("2.0.0")
    '^2.0'
    >>> relcore.check_plan("deployment: {strategy: canary, stages: []}")["diagnostics"][1]["code"]
    'no_stages'
    >>> plan = "deployment: {strategy: rolling, stages: [{name: all, percentage: 100, duration: 1h}]}"
    >>> relcore.simulate_plan(plan, [{"at": "10m", "metric": "error-rate", "value": 0.1}])["outcome"]
    'completed'
    >>> relcore.suggest_plan(relcore.classify(["fix: typo"])).splitlines()[0]
    'change: { type: feature, risk: low }'

Commits, diagnostics, decisions, classifications, plan reports and simulations are plain
dicts, the same data as the CLI's JSON; :mod:`relcore.types` describes their keys.
"""

from relcore._relcore import (
    announce,
    Requirement,
    Version,
    __version__,
    check_plan,
    check_workspace,
    classify,
    compare,
    compute_metrics,
    hotfix_backports,
    hotfix_plan,
    lint_commit,
    metrics_chart,
    next_version,
    next_window,
    parse_commit,
    pipeline_event,
    pipeline_start,
    pipeline_status,
    ready,
    render_changelog,
    render_pipeline_record,
    respond,
    simulate_plan,
    sort_versions,
    suggest_plan,
    plan_chart,
    plan_order,
    plan_release_set,
    plan_workspace,
    sync_workspace,
    update_changelog,
)
from relcore.errors import (
    AnnounceError,
    ChangelogError,
    ConfigError,
    GitError,
    HotfixError,
    MetricsError,
    PipelineError,
    PlanError,
    PolicyError,
    ReadyError,
    RelcoreError,
    ReleaseError,
    RiskError,
    SimulationError,
    VersionError,
    WorkspaceError,
)

__all__ = [
    "AnnounceError",
    "ChangelogError",
    "ConfigError",
    "GitError",
    "HotfixError",
    "MetricsError",
    "PipelineError",
    "PlanError",
    "PolicyError",
    "ReadyError",
    "RelcoreError",
    "ReleaseError",
    "RiskError",
    "Requirement",
    "SimulationError",
    "Version",
    "VersionError",
    "WorkspaceError",
    "__version__",
    "announce",
    "check_plan",
    "check_workspace",
    "classify",
    "compare",
    "compute_metrics",
    "hotfix_backports",
    "hotfix_plan",
    "lint_commit",
    "metrics_chart",
    "next_version",
    "next_window",
    "parse_commit",
    "pipeline_event",
    "pipeline_start",
    "pipeline_status",
    "ready",
    "render_changelog",
    "render_pipeline_record",
    "respond",
    "simulate_plan",
    "sort_versions",
    "suggest_plan",
    "plan_chart",
    "plan_order",
    "plan_release_set",
    "plan_workspace",
    "sync_workspace",
    "update_changelog",
]
