"""Named text shapes, each defined once: code and rule files refer to them by name."""

from __future__ import annotations

import regex

HAN = regex.compile(r"\p{Han}")
"""One Chinese character (ideograph), no punctuation."""

CJK_PUNCT = regex.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》〈〉【】—…·、]")
"""One Chinese (full-width) punctuation mark or ideographic space."""

CLAUSE = regex.compile(r"[，。；！？,;!?]")
"""Clause punctuation: a line holding one has a clause break in it."""
