"""Exceptions raised by relcore.

Every error relcore raises for invalid input is a :class:`RelcoreError`, which is a
:class:`ValueError`. Its subclasses carry the stable ``kind`` slug shared by every
relcore interface (Python ``err.kind``, Node ``err.code``, CLI ``"code"``);
``docs/errors.md`` lists them all.

The classes are plain Python so that they can be documented, subclassed and pickled
like any other exception; the native module raises them.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["RelcoreError", "VersionError"]


class RelcoreError(ValueError):
    """Base class of every error relcore raises for invalid input."""


class VersionError(RelcoreError):
    """A version, bump level, preid or preid base was refused.

    ``str(err)`` is the message. ``kind`` is the stable slug, such as ``leading_zero``
    or ``not_a_prerelease``; ``offset`` is the code-point index of a parse error in the
    input (``None`` for bump errors); ``hint`` suggests a fix when there is an obvious
    one, such as for ``v1.2.3``.
    """

    kind: str
    offset: Optional[int]
    hint: Optional[str]

    def __init__(
        self,
        message: str,
        kind: str,
        offset: Optional[int] = None,
        hint: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.offset = offset
        self.hint = hint

    def __reduce__(
        self,
    ) -> tuple[type[VersionError], tuple[str, str, Optional[int], Optional[str]]]:
        return (type(self), (str(self), self.kind, self.offset, self.hint))
