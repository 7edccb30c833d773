"""Named text shapes shared by the stages: one definition each.

Only what the stages use so far; add a shape here rather than writing its regex again.
"""

from __future__ import annotations

import regex

HAN = regex.compile(r"\p{Han}")
"""One Han character (the exact test)."""

CLAUSE = regex.compile(r"[，。；！？,;!?]")
"""Clause punctuation: a line with one of these inside is running text, not a title or label."""


def is_han(ch: str) -> bool:
    """Fast test for a Han character by code-point block (CJK, extension A, compatibility, planes 2-3)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"
