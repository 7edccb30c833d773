"""象 written for 像 (FW432): 好象→好像, 象模象样→像模像样, 孩子们象小鸟一样→孩子们像小鸟一样.

Decided by the dictionary, not by a list of phrases:

* a 象 that belongs to a real 象-word (现象, 形象, 印象, 想象, 对象, 象征, 大象, 象棋 …: a word of
  jieba's at least ``WORD_MIN`` common, and more common than its 像 spelling) stays;
* a window that is a variant spelling: written with 像 it is a word at least ``VARIANT_RATIO``
  times more common (好象 1046 → 好像 5782, 象样, 图象, 象模象样) is fixed;
* a 象 that is no part of any word, used as a verb of comparison (after an adverb such as 就, 好,
  很: ``words``; or with 一样, 似的 later in its clause: ``comparisons``) is fixed; elsewhere
  (一头象 after a measure word: ``not_after``) it stays, and a lone 象 before a Han character
  is otherwise only suggested.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...rules import RuleBook
from ...shapes import HAN
from . import evidence
from .context import in_title
from .proposal import Proposal

WORD_MIN = 10
VARIANT_MIN = 20
VARIANT_RATIO = 5
FIX_GAIN = 2.0  # 影象→影像 gains 2.9; 石头象→石头像 read as 头像 only 1.3
CLAUSE_END = "，。！？；：,.!?;:\n"
NUMERALS = "一二两三四五六七八九十几每这那"


@dataclass(frozen=True)
class XiangRule:
    """The word lists of the ``xiang`` rule."""

    code: str = ""
    adverbs: frozenset[str] = frozenset()
    comparisons: tuple[str, ...] = ()
    not_after: str = ""


@functools.cache
def rule(rules: RuleBook) -> XiangRule:
    """The rule book's ``xiang`` rule (an empty rule, which finds nothing, if it has none)."""
    for r in rules.family("typo_rule"):
        if r.get("kind") == "xiang":
            return XiangRule(r["code"], frozenset(r.get("words", [])), tuple(r.get("comparisons", [])),
                             r.get("not_after", ""))
    return XiangRule()


def may_have(text: str, r: XiangRule) -> bool:
    """Cheap test: does the line hold a 象?"""
    return bool(r.code) and "象" in text


def _windows(text: str, p: int):
    """(start, end) of the windows of 2 to 4 characters that hold ``p``."""
    for n in (4, 3, 2):
        for s in range(max(0, p - n + 1), p + 1):
            if s + n <= len(text):
                yield s, s + n


def _variant(w: str) -> str:
    """The 像 spelling of ``w`` if it is a much more common word than ``w`` ("" if not)."""
    lex = evidence.lexicon()
    v = w.replace("象", "像")
    fv = lex.freq(v)
    return v if fv >= VARIANT_MIN and fv >= VARIANT_RATIO * max(lex.freq(w), 1) else ""


def _real(lex, w: str) -> bool:
    """Is ``w`` a real 象-word (现象; not 好象, 象是: their 像 spelling is more common)?"""
    f = lex.freq(w)
    return f >= WORD_MIN and f >= lex.freq(w.replace("象", "像"))


def _classify(text: str, p: int) -> tuple[bool, tuple[int, int, str] | None]:
    """(does a real 象-word hold ``p``, the longest variant window holding it or None)."""
    lex = evidence.lexicon()
    if _real(lex, text[p - 1:p + 1] if p else "") or _real(lex, text[p:p + 2]):
        return True, None  # the usual case (现象, 形象, 象征): two look-ups
    best = None
    for s, e in _windows(text, p):
        w = text[s:e]
        if not all(HAN.match(ch) for ch in w):
            continue
        v = _variant(w)
        if v:
            if best is None:
                best = (s, e, v)
        elif _real(lex, w):
            return True, None  # 想象 (2330) is more common than 想像: a real word; 象是 is not
    return False, best


def _compares(text: str, p: int, r: XiangRule) -> bool:
    """Is the lone 象 at ``p`` a verb of comparison (就象…, 象小鸟一样)?"""
    for n in (2, 1):
        if p - n >= 0 and text[p - n:p] in r.adverbs:
            return True
    end = p + 1
    while end < len(text) and text[end] not in CLAUSE_END and end - p < 20:
        end += 1
    return any(c in text[p + 1:end] for c in r.comparisons)


def _counted(text: str, p: int, r: XiangRule) -> bool:
    """Is the 象 at ``p`` an elephant counted by a measure word (一头象, 两只象; 头像 is no help)?"""
    return p >= 1 and text[p - 1] in r.not_after and (p < 2 or text[p - 2] in NUMERALS)


def find(text: str, r: XiangRule) -> list[Proposal]:
    """Proposed 像 for the 象 of one line that stand for it."""
    found: list[Proposal] = []
    p = text.find("象")
    while p >= 0:
        if not in_title(text, p) and not _counted(text, p, r):
            real, variant = _classify(text, p)
            # the variant must make the text around it read better: 石头象 holds 头象, a variant
            # of 头像, across a word boundary
            if variant is not None and not real and evidence.gain(text, *variant) >= FIX_GAIN:
                s, e, v = variant
                found.append(Proposal(s, e, v, r.code, True))
                p = text.find("象", e)
                continue
            if not real and p + 1 < len(text) and HAN.match(text[p + 1]):
                found.append(Proposal(p, p + 1, "像", r.code, _compares(text, p, r)))
        p = text.find("象", p + 1)
    return found
