"""Named text shapes, each defined once: code and rule files refer to them by name.

Add a shape here rather than writing its regex again in a stage.
"""

from __future__ import annotations

import regex

HAN = regex.compile(r"\p{Han}")
"""One Chinese character (ideograph), no punctuation: the exact test."""

CJK_PUNCT = regex.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》〈〉【】—…·、]")
"""One Chinese (full-width) punctuation mark or ideographic space."""

CLAUSE = regex.compile(r"[，。；！？,;!?]")
"""Clause punctuation: a line with one inside is running text, not a title or label."""


def is_han(ch: str) -> bool:
    """Fast test for a Han character by code-point block (CJK, extension A, compatibility, planes 2-3)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"
