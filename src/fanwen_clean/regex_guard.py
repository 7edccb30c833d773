"""Patterns from user rule files run with a time limit, so a catastrophic one cannot hang a run.

:meth:`RuleBook.with_user <fanwen_clean.rules.RuleBook.with_user>` registers every
pattern of the user's files with the rule that holds it; :func:`compile_rule`, which
fanwen_clean's modules use instead of ``regex.compile``, then returns, for any
pattern that contains a registered one, a :class:`Guarded` pattern whose matching
methods pass ``timeout=`` :data:`TIMEOUT` and turn a timeout into :class:`RuleTimeout`
naming the rule's code and file.  Shipped patterns are trusted and run unguarded
(tests/test_rule_schema.py checks them on adversarial lines).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import diskcache

TIMEOUT = 2.0  # seconds one match of a user pattern may take

_USER: dict[str, str] = {}  # pattern → "file: code"
_MIN_WRAPPED = 5  # a user pattern this long is recognised inside a bigger pattern


class RuleTimeout(Exception):
    """A user pattern took longer than :data:`TIMEOUT`; the message names the rule and file."""


def register(pattern: str, where: str) -> None:
    """Mark ``pattern`` (from a user rule file) as untrusted; ``where`` is ``file: code``."""
    if pattern:
        _USER.setdefault(pattern, where)


def _owner(pattern: Any) -> str | None:
    if not _USER or not isinstance(pattern, str):
        return None
    found = _USER.get(pattern)
    if found is None:  # stages wrap user patterns in bigger ones (too short a one would match any)
        found = next((w for p, w in _USER.items() if len(p) >= _MIN_WRAPPED and p in pattern), None)
    return found


def compile_rule(pattern: Any, flags: int = 0, **kwargs: Any) -> Any:
    """``regex.compile`` for fanwen_clean's modules: served from the start-up disk cache
    (:mod:`fanwen_clean.diskcache`), and time-limited if it holds a user pattern."""
    return guard(diskcache.compile(pattern, flags, **kwargs), pattern)


def guard(compiled: Any, pattern: Any) -> Any:
    """``compiled`` itself, or a :class:`Guarded` wrapper if it holds a user pattern."""
    where = _owner(pattern)
    return compiled if where is None else Guarded(compiled, where)


class Guarded:
    """A compiled pattern whose matching methods time out (other attributes pass through)."""

    __slots__ = ("_pat", "_where")

    def __init__(self, pat: Any, where: str) -> None:
        self._pat, self._where = pat, where

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pat, name)

    def __reduce__(self):
        return (Guarded, (self._pat, self._where))

    def _timeout(self) -> RuleTimeout:
        return RuleTimeout(f"{self._where}: pattern took more than {TIMEOUT:g} s on one line "
                           "(catastrophic backtracking?); fix or remove the rule")

    def _call(self, method: str, args: tuple, kwargs: dict) -> Any:
        kwargs.setdefault("timeout", TIMEOUT)
        try:
            return getattr(self._pat, method)(*args, **kwargs)
        except TimeoutError:
            raise self._timeout() from None

    def search(self, *a, **k):
        return self._call("search", a, k)

    def match(self, *a, **k):
        return self._call("match", a, k)

    def fullmatch(self, *a, **k):
        return self._call("fullmatch", a, k)

    def findall(self, *a, **k):
        return self._call("findall", a, k)

    def sub(self, *a, **k):
        return self._call("sub", a, k)

    def subn(self, *a, **k):
        return self._call("subn", a, k)

    def split(self, *a, **k):
        return self._call("split", a, k)

    def finditer(self, *a, **k) -> Iterator:
        it = self._call("finditer", a, k)
        try:
            yield from it
        except TimeoutError:
            raise self._timeout() from None
