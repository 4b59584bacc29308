"""Exceptions raised by relcore.

Every error relcore raises for invalid input is a :class:`RelcoreError`, which is a
:class:`ValueError`. Its subclasses carry the stable ``kind`` slug shared by every
relcore interface (Python ``err.kind``, Node ``err.code``, CLI ``"code"``);
``docs/errors.md`` lists them all.

The classes are plain Python so that they can be documented, subclassed and pickled
like any other exception; the native module raises them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Optional

if TYPE_CHECKING:
    from relcore.types import Diagnostic

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
    "SimulationError",
    "VersionError",
    "WorkspaceError",
]


class RelcoreError(ValueError):
    """Base class of every error relcore raises for invalid input.

    Each subclass is built from the message, the ``kind`` slug and then its own
    attributes, in the order of ``_fields``, by position or by name; one not given is
    ``None``, or an empty list for one of ``_lists``. It pickles with all of them.
    """

    kind: str
    _fields: ClassVar[tuple[str, ...]] = ()
    _lists: ClassVar[tuple[str, ...]] = ()

    def __init__(self, message: str, kind: str = "", *values: Any, **named: Any) -> None:
        super().__init__(message)
        self.kind = kind
        name = type(self).__name__
        if len(values) > len(self._fields):
            raise TypeError(f"{name}() takes {len(self._fields) + 2} arguments at most")
        given = dict(zip(self._fields, values))
        for key, value in named.items():
            if key not in self._fields or key in given:
                raise TypeError(f"{name}() got an unexpected argument {key!r}")
            given[key] = value
        for key in self._fields:
            value = given.get(key)
            setattr(self, key, list(value or ()) if key in self._lists else value)

    def __reduce__(self) -> tuple[type[RelcoreError], tuple[Any, ...]]:
        values = tuple(getattr(self, key) for key in self._fields)
        return (type(self), (str(self), self.kind, *values))


class VersionError(RelcoreError):
    """A version, bump level, preid, preid base, pre-release channel or tag format was
    refused.

    ``str(err)`` is the message. ``kind`` is the stable slug, such as ``leading_zero``,
    ``not_a_prerelease`` or, for a tag format, ``unknown_placeholder``; ``offset`` is the
    code-point index of a parse error in the input (``None`` for bump errors); ``hint``
    suggests a fix when there is an obvious one, such as for ``v1.2.3``.
    """

    offset: Optional[int]
    hint: Optional[str]
    _fields = ("offset", "hint")


class PolicyError(RelcoreError):
    """A next-version policy option or a risk policy was refused.

    ``str(err)`` is the message, naming the key at fault (its path, such as
    ``fallback.strategy``) and what is wrong with it, such as ``invalid policy key `channel`: invalid type: integer `5`, expected a string``
    or ``invalid risk policy key `rulez`: unknown field `rulez`, expected one of ...``.
    ``kind`` is the stable slug, ``invalid_policy``.
    """


class PlanError(RelcoreError):
    """A rollout plan function refused an argument.

    :func:`relcore.check_plan` raises it for a context it does not accept (``kind``
    ``invalid_context``); problems in the plan itself are never raised, the check returns
    them as diagnostics. :func:`relcore.suggest_plan` raises it for a mapping that is not
    a classification (``kind`` ``invalid_classification``). ``str(err)`` is the message,
    naming the key at fault and what is wrong with it, such as ``invalid plan context
    key `risk`: unknown variant `huge`, expected one of `low`, `medium`, `high```.
    :func:`relcore.simulate_plan` raises the subclass :class:`SimulationError`.
    """


class SimulationError(PlanError):
    """A rollout plan or a metric timeline that :func:`relcore.simulate_plan` cannot read.

    ``str(err)`` is the message. ``kind`` is the stable slug: the code of the first
    diagnostic, a plan structure code (``invalid_yaml``, ``yaml_limit``, ``empty_plan``,
    ``unknown_key``, ...) or a timeline code (``invalid_timeline``, ``invalid_record``,
    ``invalid_time``, ``invalid_value``, ``missing_column``, ``timeline_limit``,
    ``unknown_stage``); or ``unknown_format`` for a ``format`` argument that is not
    ``"yaml"``, ``"json"`` or ``"csv"``. ``diagnostics`` lists the located problems, dicts
    with the keys of :class:`relcore.types.Diagnostic`, their ``offset`` a code-point index
    into the plan or the timeline text (the plan's for plan codes); it is empty for
    ``unknown_format``. ``line`` and ``column`` (1-based) are the first diagnostic's,
    ``None`` when unknown. For a timeline given as a list of records, a diagnostic's
    ``path`` is the record's index (``[2]``) and it has no ``offset``, ``line`` or
    ``column``.
    """

    diagnostics: list[Diagnostic]
    line: Optional[int]
    column: Optional[int]
    _fields = ("diagnostics", "line", "column")
    _lists = ("diagnostics",)


class ChangelogError(RelcoreError):
    """A changelog could not be built, rendered or inserted into an existing one.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``invalid_date``,
    ``invalid_config``, ``missing_package`` (the tag format has ``{package}``, the config
    names none), ``unknown_format``, ``template_syntax``, ``template_render`` or
    ``version_exists``. For a template error, ``template`` is the template's name and
    ``line`` and ``column`` (1-based) where it went wrong, each ``None`` when unknown.
    """

    template: Optional[str]
    line: Optional[int]
    column: Optional[int]
    _fields = ("template", "line", "column")


class _LocatedError(RelcoreError):
    """A refusal with a stable ``kind`` and, when known, the 1-based ``line`` and
    ``column`` of the problem in its file."""

    line: Optional[int]
    column: Optional[int]
    _fields = ("line", "column")


class ConfigError(_LocatedError):
    """A project configuration, ``relcore.toml`` or a ``config`` mapping, was refused.

    ``str(err)`` is the message; for ``relcore.toml`` it starts with
    ``<path>:<line>:<column>:``. ``kind`` is the stable slug, ``invalid_config``; ``line``
    and ``column`` (1-based) locate the problem in ``relcore.toml``, ``None`` for a mapping
    or when unknown.
    """


class GitError(RelcoreError):
    """A git operation failed.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``not_a_repository``,
    ``empty_repository``, ``shallow_history``, ``unknown_revision``, ``tag_exists``,
    ``invalid_tag_name``, ``no_identity`` or ``git`` (any other failure git reports).
    """


class ReleaseError(_LocatedError):
    """A release could not be prepared.

    ``str(err)`` is the message. ``kind`` is the stable slug: a git one
    (``not_a_repository``, ``empty_repository``, ``shallow_history``, ...), the policy's
    (``invalid_identifier``, ``would_not_advance``), the tag format's
    (``missing_package``), the template's (``template_syntax``, ``template_render``),
    ``io`` (an unreadable template), ``invalid_utf8`` (a file that is not UTF-8) or
    ``invalid_date``. For a template error or a file that is not UTF-8, ``line`` and
    ``column`` (1-based) are where it went wrong, as :class:`ChangelogError` has them;
    ``None`` otherwise or when unknown.
    """


class RiskError(RelcoreError):
    """A risk value, such as an incident severity, was not recognised.

    ``str(err)`` is the message, such as ``unknown severity `sev1`, expected one of low,
    medium, high, critical``. ``kind`` is the stable slug, ``unknown_value``.
    """


class HotfixError(RelcoreError):
    """A hotfix could not be planned, or its request was refused.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``prerelease_production``,
    ``no_free_version``, ``invalid_branch_template``, ``invalid_issue``,
    ``invalid_branch_name``, or ``invalid_hotfix_request`` for a request with an unknown
    key or a value of the wrong type (the message names the key).
    """


class ReadyError(RelcoreError):
    """A go / no-go checklist could not be evaluated.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``unknown_check``,
    ``duplicate_check``, ``invalid_comparison``, ``invalid_pattern``, or
    ``invalid_facts`` / ``invalid_checklist`` for facts or a checklist with a value of
    the wrong type (the message names the key). A failing check is no error: it is an
    item of the verdict.
    """


class PipelineError(RelcoreError):
    """A release record could not take an event, or was refused.

    ``str(err)`` is the message. ``kind`` is the stable slug: the state machine's when an
    event cannot happen now (``out_of_order``, ``not_pending``, ``not_in_progress``,
    ``blocked``, ``not_blocked``, ``rolled_back``, ``finished``), ``unknown_event``,
    ``time_before_last``, ``invalid_release_record`` for a record that does not hang
    together, or ``invalid_time`` for a time that is not RFC 3339.
    """


class AnnounceError(RelcoreError):
    """An announcement request was refused.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``invalid_announcement`` for
    a request with an unknown key or a value of the wrong type (the message names the
    key), ``unknown_value`` for a format that is not ``text``, ``markdown`` or ``json``.
    A template that does not compile or render raises :class:`ChangelogError`.
    """


class MetricsError(RelcoreError):
    """Release metrics could not be computed from the facts given.

    ``str(err)`` is the message. ``kind`` is the stable slug: ``duplicate_release``,
    ``unknown_release``, ``invalid_deployment``, ``time_out_of_range``, or
    ``invalid_metrics_input`` / ``invalid_metrics_options`` for facts or options with an
    unknown key or a value of the wrong type (the message names the key).
    """


class WorkspaceError(RelcoreError):
    """A workspace or a release set could not be planned, or a value given for one was
    refused.

    :func:`relcore.plan_workspace` and :func:`relcore.plan_release_set` raise it.
    ``str(err)`` is the message. ``kind`` is the stable slug: ``duplicate_package``,
    ``unknown_package``, ``package_in_two_groups``, ``dependency_cycle``,
    ``invalid_requirement``, ``cannot_rewrite``, ``bump_failed``, or
    ``invalid_workspace`` for a workspace, bump, settings, tag or repository with an
    unknown key or a value of the wrong type (the message names the key). For a problem
    at a requirement, ``file`` is the manifest it is in and ``line`` and ``column``
    (1-based) where; each ``None`` otherwise. For ``dependency_cycle``, ``cycle`` lists
    the packages around the cycle, the first repeated at the end (``["a", "b", "a"]``);
    empty otherwise. ``hint`` says how to fix it, when relcore knows.
    """

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    cycle: list[str]
    hint: Optional[str]
    _fields = ("file", "line", "column", "cycle", "hint")
    _lists = ("cycle",)
