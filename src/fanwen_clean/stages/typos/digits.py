"""一 written as 1, l or 壹 inside a word (这1次, 统1思想, 壹个 → 一; FW406).

A converter or an OCR pass wrote 一 as a digit or a letter.  The character is restored after a
determiner (这1次), or when a dictionary word holds the 一 together with the Han character
before it (统一) or, for 壹, after it (一个).  A 1 that is part of a number, date or list marker
has a digit, a point or no Han character beside it and is not looked at; before a unit or
measure word (1米, 1名) a digit is a count; 壹 beside another formal numeral (壹佰, 壹拾) or before
、 (a formal heading) stays.  The character lists are data: ``kind = "digit_word"`` in
``rules/typo_rules.toml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...regex_guard import compile_rule
from ...rules import RuleBook
from . import evidence
from .context import in_title
from .proposal import Proposal

FIX_GAIN = 6.0
MIN_FREQ = 50
_SPOT = compile_rule(r"(?<=\p{Han})[1lｌ](?=\p{Han})|壹(?=\p{Han})")


@dataclass(frozen=True)
class DigitRule:
    """The character lists of the ``digit_word`` rule."""

    code: str = ""
    determiners: str = ""
    measures: str = ""
    formal: str = ""
    ordinal: str = ""


@functools.cache
def rule(rules: RuleBook) -> DigitRule:
    """The rule book's ``digit_word`` rule (an empty rule, which finds nothing, if it has none)."""
    for r in rules.family("typo_rule"):
        if r.get("kind") == "digit_word":
            return DigitRule(r["code"], r.get("determiners", ""), r.get("measures", ""),
                             r.get("formal", ""), r.get("ordinal", ""))
    return DigitRule()


def may_have(text: str) -> bool:
    """Cheap test: could the line hold a damaged 一?"""
    return ("1" in text or "壹" in text or "l" in text or "ｌ" in text) and _SPOT.search(text) is not None


def _word(text: str, i: int, fixed: str) -> bool:
    """Does a common non-name word of ``fixed`` hold position ``i`` and a Han neighbour of it?"""
    lex = evidence.lexicon()
    left = 0 if text[i] == "壹" else 1  # 1 and l need the character before; 壹 may start a word
    for s in range(max(0, i - 3), i + 1 - left):
        for word in lex.words_at(fixed, s, 6):
            if s + len(word) > i and (s < i or s + len(word) > i + 1) and lex.freq(word) >= MIN_FREQ \
                    and not evidence.is_name(word):
                return True
    return False


def find(text: str, r: DigitRule) -> list[Proposal]:
    """Proposed 一 for each damaged one in the line."""
    found: list[Proposal] = []
    if not r.code:
        return found
    for m in _SPOT.finditer(text):
        i = m.start()
        before = text[i - 1] if i else ""
        after = text[i + 1]
        if (before and before in r.ordinal + r.formal) or after in r.formal or in_title(text, i):
            continue
        # a letter l after a determiner only before a measure word (这l次): 这l is no spelling of anything
        if before and before in r.determiners and (text[i] != "l" or after in r.measures):
            found.append(Proposal(i, i + 1, "一", r.code, True))
            continue
        if (after in r.measures and text[i] != "壹") or not _word(text, i, text[:i] + "一" + text[i + 1:]):
            continue
        g = evidence.gain(text, i, i + 1, "一", reach=2)
        if g > 0:
            found.append(Proposal(i, i + 1, "一", r.code, g >= FIX_GAIN))
    return found
