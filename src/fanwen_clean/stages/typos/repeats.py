"""A word written twice in a row by a copy-paste slip (秋季秋季运动会→秋季运动会; FW402).

Only nouns and time words (jieba's tags, ``tags`` of the ``repeated_word`` rule) are looked at,
and only when the phrase goes on after the pair: a verb repeated is a reduplication (研究研究,
商量商量吧), a pair at the end of a clause may be a call or a chant (同学们，同学们！).  Nouns that
jieba tags so but that reduplicate as verbs (交流交流经验) are listed in ``allow``; AA words
(妈妈) are reduplications, and a pair that is itself a word is left alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...rules import RuleBook
from . import evidence
from .context import in_quote, in_title
from .proposal import Proposal

# the standard library's engine: with a back reference it is four times faster than ``regex`` here
_PAIR = re.compile(r"([\u3400-\u9fff]{2,4})\1(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class RepeatRule:
    """The ``repeated_word`` rule: its code, the word classes looked at, the words left alone."""

    code: str = ""
    tags: frozenset[str] = frozenset()
    allow: frozenset[str] = frozenset()


@functools.cache
def rule(rules: RuleBook) -> RepeatRule:
    """The rule book's ``repeated_word`` rule (an empty rule, which finds nothing, if it has none)."""
    for r in rules.family("typo_rule"):
        if r.get("kind") == "repeated_word":
            return RepeatRule(r["code"], frozenset(r.get("tags", "").split()), frozenset(r.get("allow", [])))
    return RepeatRule()


def may_have(text: str) -> bool:
    """Cheap test: does a run of Han characters repeat itself in the line?"""
    return _PAIR.search(text) is not None


def _slip(text: str, word: str, start: int, r: RepeatRule) -> bool:
    lex = evidence.lexicon()
    if word in r.allow or word[0] == word[1] or lex.tag(word) not in r.tags or word + word in lex:
        return False
    return not (in_title(text, start) or in_quote(text, start))


def find(text: str, r: RepeatRule) -> list[Proposal]:
    """Proposed removals of the second copy of each repeated noun in one line."""
    if not r.code:
        return []
    found: list[Proposal] = []
    pos = 0
    while (m := _PAIR.search(text, pos)) is not None:
        word = m.group(1)
        if _slip(text, word, m.start(), r):
            found.append(Proposal(m.start(), m.end(), word, r.code, True))
            pos = m.end()
        else:
            pos = m.start() + 1
    return found
