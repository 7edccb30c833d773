"""的 for 地 or 得 decided by the clause around it (FW430 的→地, FW431 的→得).

:mod:`.particles` decides by the shape of the words next to the particle (紧紧的, 办的更好); this
module looks one word further, at what the clause needs there:

* FW430, a manner word (two characters or more, jieba's adjectives, adverbs, and the nouns and
  verbs used as manner words: 科学, 坚持) and 的, then
  - a verb that never heads a noun phrase (认为, 觉得, 来说: ``clause_verbs``), or
  - a verb or preposition (jieba's ``v``/``p``, never ``n``/``vn``) with an object, when the word
    before the manner word opens a predicate (可以, 要, 也, 都: ``openers``) or is a personal
    pronoun that is its subject (``pronouns``; 她美丽的眼睛 stays: 眼睛 is no verb).
* FW434, 地 for 的 in a 随着 clause, which is a noun phrase: 随着城市化地不断推进 → 的 (a noun, 地,
  an adverb of progress such as 不断, a verb).
* FW431, a one-character verb and 的 where the verb and 得 make a common word (求得, 获得, 懂得)
  and the verb stands in a predicate: before 了, or after a word that opens a purpose or a
  result (进而, 从而, 才能: ``de_openers``); after a plain opener (要记的单词 is a noun phrase)
  only when V得 is more common than the verb alone (取得, 获得), else it is a suggestion.

The word lists are data (``kind = "particles_context"`` in ``rules/typo_rules.toml``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...regex_guard import compile_rule
from ...rules import RuleBook
from ...shapes import HAN
from . import evidence
from .context import in_title
from .particles import _word_after, _word_before
from .proposal import Proposal

MANNER_TAGS = frozenset({"a", "ad", "an", "d", "v", "vn", "n", "i", "l", "z"})
OBJECT_TAGS = frozenset({"v", "p"})
OBJECT_NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "r", "s", "f", "m"})
CLAUSE_END = "，。！？；：、,.!?;:”’）)"
DE_WORD_MIN = 300  # 求得 687, 获得 16128: a V得 this common is a word a writer means
COMPOUND_DE = 50  # 目的, 真的, 有的: 的 that belongs to a word is no particle


@dataclass(frozen=True)
class ClauseRule:
    """The word lists of the ``particles_context`` rule."""

    di_code: str = ""
    de_code: str = ""
    clause_verbs: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    not_verbs: frozenset[str] = frozenset()
    de_openers: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()  # openers, pronouns and de_openers: the cheap pre-test
    attr_code: str = ""
    nominal_openers: tuple[str, ...] = ()
    progress_adverbs: frozenset[str] = frozenset()


@functools.cache
def rule(rules: RuleBook) -> ClauseRule:
    """The rule book's ``particles_context`` rule (an empty rule, which finds nothing, if none)."""
    for r in rules.family("typo_rule"):
        if r.get("kind") == "particles_context":
            return ClauseRule(r["code"], r.get("de_code", ""), frozenset(r.get("clause_verbs", [])),
                              frozenset(r.get("openers", [])), frozenset(r.get("pronouns", [])),
                              frozenset(r.get("not_verbs", [])), frozenset(r.get("de_openers", [])),
                              frozenset([*r.get("openers", []), *r.get("pronouns", []),
                                         *r.get("de_openers", [])]),
                              r.get("attr_code", ""), tuple(r.get("nominal_openers", [])),
                              frozenset(r.get("progress_adverbs", [])))
    return ClauseRule()


@functools.cache
def _spots_pattern(r: ClauseRule):
    """Where a 的 may need a look: before 了 or a clause verb, or a few characters after an
    opener or a pronoun (one C-level scan; the character comes first, lookbehind after it)."""
    heads = "|".join(sorted(r.openers | r.pronouns | r.de_openers, key=len, reverse=True))
    verbs = "|".join(sorted(r.clause_verbs, key=len, reverse=True))
    return compile_rule(rf"的(?:(?=了|{verbs})|(?<=(?:{heads})\p{{Han}}{{1,4}}的))")


def spots(text: str, r: ClauseRule) -> tuple[int, ...]:
    """Positions of the 的 worth a look in ``text`` (see :func:`_spots_pattern`)."""
    if not r.di_code or "的" not in text:
        return ()
    return tuple(m.start() for m in _spots_pattern(r).finditer(text, 1))


def by_line(page: str, starts: list[int], r: ClauseRule) -> dict[int, tuple[int, ...]]:
    """Line index → columns of its 的 worth a look: one scan of the page (cheaper than one a line)."""
    out: dict[int, list[int]] = {}
    line = 0
    last = len(starts) - 1
    for pos in spots(page, r):
        while line < last and starts[line + 1] <= pos:
            line += 1
        if pos > starts[line]:  # a 的 that begins its line has nothing before it
            out.setdefault(line, []).append(pos - starts[line])
    return {k: tuple(v) for k, v in out.items()}


def _head(text: str, i: int, words: frozenset[str]) -> str:
    """The word of ``words`` that ends just before ``i`` as a word of its own (社会 holds no 会)."""
    word = _word_before(text, i) if i > 0 else ""
    return word if word in words else ""


def _manner_word(text: str, i: int, verbs: bool) -> str:
    """The manner word that ends just before the 的 at ``i`` ("" if there is none).

    ``verbs``: may it be a verb (坚持的认为)?  Not after an opener: 已经完成的学习 is a relative
    clause.  A noun is a manner word only with two characters (科学, 直观; not 创建活动).
    """
    word = _word_before(text, i)
    tag = evidence.lexicon().tag(word)
    if len(word) < 2 or tag not in MANNER_TAGS or evidence.is_name(word):
        return ""
    if (tag in ("v", "vn") and not verbs) or (tag == "n" and len(word) > 2):
        return ""
    return word


def _to_di(text: str, i: int, r: ClauseRule) -> bool | None:
    """Should the 的 at ``i`` be 地?  True: fix; None: suggest (a verb jieba tags as a noun)."""
    verb = _word_after(text, i + 1)
    if verb in r.clause_verbs:
        return bool(_manner_word(text, i, True))
    manner = _manner_word(text, i, False)
    if not manner:
        return False
    start = i - len(manner)
    opener = bool(_head(text, start, r.openers))
    if not opener and not _head(text, start, r.pronouns):
        return False  # the usual case, tested before the words after the 的
    end = i + 1 + len(verb)
    if end >= len(text):
        return False
    lex = evidence.lexicon()
    if len(verb) < 2 or verb in r.not_verbs:
        return False
    # jieba calls many verbs vn (分析, 研究): with 了, 着 or 过 after them they are verbs
    tag = lex.tag(verb)
    verbal = tag in OBJECT_TAGS or (tag == "vn" and text[end:end + 1] in ("了", "着", "过"))
    if not verbal and tag not in ("n", "vn"):
        return False
    if not HAN.match(text[end]) or text[end] in "的和与及或":
        return False  # 深刻的理解。 真诚的帮助和支持: the verb heads a noun phrase
    nxt = _word_after(text, end)
    if nxt in r.not_verbs:
        return False  # 我们共同的认识是…: the verb heads the subject of what follows
    if verbal:
        # after a pronoun only with a noun object: 他们精心的安排得到了好评 is a noun phrase
        return opener or lex.tag(nxt) in OBJECT_NOUN_TAGS
    # 她科学的规划课堂: after a subject pronoun, a word jieba calls a noun, with an object, is only
    # suggested, and not when the two make a compound (生活环境) or the second is no plain noun
    pronoun = _head(text, start, r.pronouns)
    at_clause_start = start == len(pronoun) or text[start - len(pronoun) - 1] in CLAUSE_END
    if not opener and at_clause_start and lex.tag(nxt) == "n" and (verb + nxt) not in lex and len(nxt) >= 2:
        return None  # (是我们义不容辞的历史责任: the pronoun is no subject there)
    return False


def _to_de(text: str, i: int, r: ClauseRule) -> bool | None:
    """Should the 的 at ``i`` be 得 (进而求的事业的成功, 获的了)?  True: fix; None: suggest."""
    if i < 2 or not HAN.match(text[i - 1]):
        return False
    lex = evidence.lexicon()
    verb = text[i - 1]
    de = lex.freq(verb + "得")
    if de < DE_WORD_MIN:
        return False  # the usual case, one look-up
    word = _word_before(text, i)
    if (word != verb and lex.freq(word) >= COMPOUND_DE) or de < DE_WORD_MIN \
            or lex.tag(verb + "得") != "v" or (verb + "的") in lex:
        return False  # 要求的: the verb is part of a word (能取, a rare word of jieba's, is not)
    if text[i + 1:i + 2] == "了" or _head(text, i - 1, r.de_openers):
        return True
    if _head(text, i - 1, r.pronouns) and de >= 2 * lex.freq(verb):
        return True  # 我觉的: a verb that is hardly a word without 得
    if not _head(text, i - 1, r.openers):
        return False
    # 才能取的更大的进步: a fix; 要懂的感恩: a suggestion.  With a noun after it (要记的单词,
    # 要取的东西) the verb may head a relative clause: a suggestion at most.
    common = de >= lex.freq(verb)
    if lex.tag(_word_after(text, i + 1)).startswith("n"):
        return None if common else False
    return True if common else None


def _ends_a_head(text: str, j: int, r: ClauseRule) -> bool:
    """Does one of the heads end at ``j`` (a string test, no dictionary look-up)?"""
    return any(text[j - n:j] in r.heads for n in (1, 2, 3) if j - n >= 0)


def _may_be(text: str, i: int, r: ClauseRule) -> tuple[bool, bool]:
    """Cheap necessary conditions of (:func:`_to_di`, :func:`_to_de`) for the 的 at ``i``: a
    clause verb after it, or a head just before a word that ends at it; 了 after it, or a head
    just before the character before it."""
    lex = evidence.lexicon()
    di = text[i + 1:i + 3] in r.clause_verbs or text[i + 1:i + 4] in r.clause_verbs \
        or any(_ends_a_head(text, i - k, r) and text[i - k:i] in lex for k in (2, 3, 4))
    de = text[i + 1:i + 2] == "了" or _ends_a_head(text, i - 1, r)
    return di, de


def find_attribute(text: str, r: ClauseRule) -> list[Proposal]:
    """随着城市化地不断推进 → 的 (FW434): after 随着 the clause is a noun phrase, so a noun, then 地,
    then an adverb of progress (不断, 日益) and a verb is 的 (随着时代的不断发展)."""
    found: list[Proposal] = []
    opener = max((text.find(w) for w in r.nominal_openers), default=-1)
    if not r.attr_code or opener < 0:
        return found
    lex = evidence.lexicon()
    i = text.find("地", opener + 2)
    while i > 0:
        stop = next((j for j in range(opener, i) if text[j] in "，。！？；：,.!?;:"), -1)
        if stop >= 0:
            break  # the 随着 clause is over
        adverb = _word_after(text, i + 1)
        noun = _word_before(text, i)
        if adverb in r.progress_adverbs and len(noun) >= 2 and lex.tag(noun) == "n" \
                and text[i - 1:i + 1] not in lex and text[i - 2:i + 1] not in lex \
                and lex.tag(_word_after(text, i + 1 + len(adverb))) in ("v", "vn"):
            found.append(Proposal(i, i + 1, "的", r.attr_code, True))
        i = text.find("地", i + 1)
    return found


def find(text: str, r: ClauseRule, cols: tuple[int, ...]) -> list[Proposal]:
    """Proposed 地 or 得 for the 的 of one line whose clause needs them (``cols``: its spots)."""
    found: list[Proposal] = []
    lex = evidence.lexicon()
    for i in cols:
        di, de = _may_be(text, i, r)
        if (di or de) and i + 1 < len(text) and HAN.match(text[i + 1]) \
                and lex.freq(text[i - 1:i + 1]) < COMPOUND_DE \
                and text[i:i + 2] not in lex and not in_title(text, i):
            if di and (sure_di := _to_di(text, i, r)) is not False:
                found.append(Proposal(i, i + 1, "地", r.di_code, bool(sure_di)))
            elif de and r.de_code and (sure := _to_de(text, i, r)) is not False:
                found.append(Proposal(i, i + 1, "得", r.de_code, bool(sure)))
    return found
