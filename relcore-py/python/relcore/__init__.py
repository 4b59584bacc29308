"""relcore: the release engine that release tooling is built on.

Strict SemVer 2.0.0 parsing with located errors, precedence, sorting and bumping with
node-semver's increment names and results, computed by the relcore Rust crate::

    >>> import relcore
    >>> v = relcore.Version("1.4.2")
    >>> v.bump("preminor", preid="rc")
    Version('1.5.0-rc.0')
    >>> relcore.sort_versions(["1.0.0", "1.0.0-rc.1", "0.9.0"])
    ['0.9.0', '1.0.0-rc.1', '1.0.0']
"""

from relcore._relcore import Version, __version__, compare, sort_versions
from relcore.errors import RelcoreError, VersionError

__all__ = [
    "RelcoreError",
    "Version",
    "VersionError",
    "__version__",
    "compare",
    "sort_versions",
]
