"""Git repositories: release tags, commits and annotated tags, and the next release of a
repository, prepared but not carried out; computed by relcore's git adapter (Rust, on
libgit2). Nothing here moves or deletes a ref, and nothing pushes::

    >>> from relcore.git import Repository, release
    >>> repo = Repository.open(".")                            # doctest: +SKIP
    >>> repo.latest_tag()                                      # doctest: +SKIP
    {'name': 'v1.4.2', 'version': '1.4.2', 'package': None, 'commit': '9fceb02...', 'time': 1763164800}
    >>> [c["commit"]["header"] for c in repo.commits(since="v1.4.2")]  # doctest: +SKIP
    ['feat(cli): add --json', 'fix: typo']
    >>> release(".", date="2025-11-15")["next"]                # doctest: +SKIP
    '1.5.0'

The git work runs with the GIL released. Tags, commits and release reports are plain
dicts, the same data as the CLI's JSON; :mod:`relcore.types` describes their keys.
Failures raise :class:`GitError` (:meth:`Repository` methods) or :class:`ReleaseError`
(:func:`release`, :func:`release_workspace`, :func:`check_versions`, :func:`sync_plan`,
:func:`plan_set`), whose ``kind`` is the stable slug.
"""

from relcore._relcore import (
    Repository,
    check_versions,
    metrics,
    plan_set,
    release,
    release_workspace,
    sync_plan,
)
from relcore.errors import ConfigError, GitError, ReleaseError

__all__ = [
    "ConfigError",
    "GitError",
    "ReleaseError",
    "Repository",
    "check_versions",
    "metrics",
    "plan_set",
    "release",
    "release_workspace",
    "sync_plan",
]
