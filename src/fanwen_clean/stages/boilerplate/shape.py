"""The shape of a line as the boilerplate rules see it: its core, sentence, prose."""

from __future__ import annotations

from ...regex_guard import compile_rule
from ...shapes import CLAUSE, HAN, SENTENCE_END

PROSE_MIN = 20
_BULLET_CHARS = frozenset(" \t\u3000•·●▪◆■◇►▶※>-")
_BULLET = compile_rule(r"^(?:[\s•·●▪◆■◇►▶※>]|-(?=\s))+")  # a hyphen is a bullet before a space


def core(text: str) -> str:
    """The line without bullets and surrounding space (what line rules look at)."""
    if text and text[0] not in _BULLET_CHARS and not text[-1].isspace():
        return text
    return _BULLET.sub("", text).strip()


def is_sentence(text: str) -> bool:
    """Does the line read as a sentence of prose (ends in 。！？ with enough Chinese)?"""
    return bool(SENTENCE_END.search(text)) and len(HAN.findall(text)) >= 6


def is_prose(text: str) -> bool:
    """A paragraph of body text: long enough and with clause punctuation."""
    return len(text) >= PROSE_MIN and CLAUSE.search(text) is not None
