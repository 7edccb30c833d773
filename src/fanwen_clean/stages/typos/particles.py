"""的, 地 and 得 confused (紧紧的凝聚→紧紧地凝聚, 办的更好→办得更好, 渴望地眼睛→渴望的眼睛; FW407).

Only shapes whose grammar leaves no doubt are fixed; the word classes are jieba's tags.

* 的→地 before a verb that takes an object or complement, after a manner word: a reduplicated
  AA or AABB (紧紧, 认认真真), an idiom (一丝不苟), or a degree word and an adjective (很轻松);
  or after an adverb, before a verb with 了/着/过 (真实的反映了).  A verb at the end of its
  clause or joined by 和/与 may be a noun (深深的思念。 大大的支持和帮助) and stays.
  After an idiom or an AA that is no noun, a bare one-character action verb (脚踏实地的干！) or a
  preposition that opens an adverbial (不伦不类的按照…) needs 地 even at the end of a clause.
  After a degree word and a word, a verb with the complement 到 (最直观的反馈到…) takes 地, and so
  does a preposition after 更好 or 更快 (更好的为群众服务).
* 的→得 after a verb, before a degree word and an adjective that end the clause (办的更好，),
  or before an AABB that ends it, a modal particle allowed (过的红红火火。 过的红红火火啦！).
* 地→的 and 得→的 between a word and a noun, when the 地/得 makes no word with its neighbours
  (各地, 土地, 获得 and 得分 stay); 地 at the end of one of a series of attributes written with
  的 (全面地，系统的…).
"""

from __future__ import annotations

import functools

from ...regex_guard import compile_rule
from ...shapes import HAN
from . import data, evidence
from .context import in_title
from .proposal import Proposal

CODE = "FW407"
_SPOT = compile_rule(r"(?<=\p{Han})[的地得](?=\p{Han})")
DEGREE = ("越来越", "非常", "十分", "特别", "比较", "格外", "很", "最", "更", "太", "极")
ASPECT = "了着过"
CLAUSE_END = "，。！？；：、,.!?;:"
COORDINATION = "和与及或、"
NOT_MANNER_VERBS = frozenset([*"是有在为要会能让使叫", "可以", "应该", "需要"])
SUBJECT_VERBS = frozenset([*"是有要会能让使叫", "可以", "应该", "需要", "必须", "能够"])
VERB_TAGS = frozenset({"v"})
ADJ_TAGS = frozenset({"a", "ad", "d", "b", "z"})
NOUN_TAGS = frozenset({"n"})
# one-character verbs that are no noun after 的 (说, 干): 爱, 笑, 情 are, and are not listed
BARE_VERBS = frozenset("说讲干做办抓问答喊唱走跑写读学教")
ADVERBIAL_PREPOSITIONS = frozenset({"按照", "依照", "遵照", "根据", "依据", "围绕"})
MODAL = "啦了呀啊呢吧哦"
COMPARATIVES = frozenset({"更好", "更快"})
ADVERBIAL_PREPOSITION_CHARS = frozenset("为把向给对从")
SUBJECT_NEXT_TAGS = frozenset({"d", "zg", "c"})  # adverbs, 很, conjunctions


def _word_after(text: str, i: int) -> str:
    """The longest dictionary word at ``text[i]`` (the character itself if none)."""
    words = list(evidence.lexicon().words_at(text, i, 4))
    return words[-1] if words else text[i:i + 1]


def _word_before(text: str, i: int) -> str:
    """The longest dictionary word that ends just before ``text[i]``."""
    lex = evidence.lexicon()
    for n in (4, 3, 2):
        if i - n >= 0 and text[i - n:i] in lex:
            return text[i - n:i]
    return text[i - 1:i]


def _manner(text: str, i: int) -> bool:
    """Does a manner word end just before ``i`` (AA, AABB, an idiom, a degree word + adjective)?"""
    lex = evidence.lexicon()
    if _strong_manner(text, i):  # an idiom (set phrases, tag l, may be nouns) or an AA (not 妈妈)
        return True
    word = _word_before(text, i)
    start = i - len(word)
    return lex.tag(word) in ADJ_TAGS and any(text.endswith(d, 0, start) for d in DEGREE)


_DEGREE = compile_rule("|".join(DEGREE))
_ASPECT = compile_rule(f"[{ASPECT}]")


def _may_be_di(text: str, i: int) -> bool:
    """Cheap necessary condition of :func:`_to_di`: a manner shape before, or an aspect mark after."""
    return ((i >= 2 and text[i - 2] == text[i - 1]) or _DEGREE.search(text, max(0, i - 6), i) is not None
            or data.is_idiom(text[i - 4:i]) or _ASPECT.search(text, i + 2, i + 7) is not None)


def _strong_manner(text: str, i: int) -> bool:
    """Does an idiom, or an AA that is no noun (慢慢, not 妈妈), end just before ``i``?"""
    lex = evidence.lexicon()
    if i >= 4 and lex.tag(text[i - 4:i]) == "i":
        return True
    aa = text[i - 2:i] if i >= 2 else ""
    return len(aa) == 2 and aa[0] == aa[1] and HAN.match(aa[0]) is not None \
        and not lex.tag(aa).startswith("n")


def _bare_verb(text: str, i: int, verb: str, end: int) -> bool:
    """Is the word after the 的 at ``i`` a bare action verb or an adverbial preposition after a
    strong manner word (脚踏实地的干！ 不伦不类的按照…)?"""
    if verb in BARE_VERBS or (verb in ADVERBIAL_PREPOSITIONS and end < len(text) and HAN.match(text[end])):
        return _strong_manner(text, i)
    return False


def _better_for(text: str, i: int, verb: str) -> bool:
    """更好的为群众服务: 更好/更快 and 的, then a preposition opening an adverbial."""
    return _word_before(text, i) in COMPARATIVES and evidence.lexicon().tag(verb) == "p" \
        and verb in ADVERBIAL_PREPOSITION_CHARS


def _degree_complement(text: str, i: int, verb: str, end: int) -> bool:
    """最直观的反馈到…: a degree word and a word, then a verb with the complement 到 and more."""
    lex = evidence.lexicon()
    if text[end:end + 1] != "到" or end + 1 >= len(text) or not HAN.match(text[end + 1]):
        return False
    word = _word_before(text, i)
    start = i - len(word)
    return len(word) >= 2 and lex.tag(verb) in VERB_TAGS and any(text.endswith(d, 0, start) for d in DEGREE)


def _subject(text: str, end: int) -> bool:
    """Does a predicate begin at ``end`` (必须, 让, 是, 很): the word before it heads a subject?"""
    nxt = _word_after(text, end)
    return nxt in SUBJECT_VERBS or evidence.lexicon().tag(nxt) in SUBJECT_NEXT_TAGS


def _to_di(text: str, i: int) -> bool:
    """Should the 的 at ``i`` be 地?"""
    if not _may_be_di(text, i):
        return False
    lex = evidence.lexicon()
    verb = _word_after(text, i + 1)
    end = i + 1 + len(verb)
    if _better_for(text, i, verb):
        return True
    if verb in NOT_MANNER_VERBS:
        return False
    if _bare_verb(text, i, verb, end):
        return True
    if end >= len(text):
        return False
    if _degree_complement(text, i, verb, end):
        return True
    nxt = text[end]
    # a word that jieba calls a noun or adjective is used as a verb when 了/着/过 follows (记录了, 团结着)
    if lex.tag(verb) not in VERB_TAGS and not (nxt in ASPECT and lex.tag(verb) in ("n", "vn", "a")):
        return False
    if nxt in CLAUSE_END + COORDINATION + "的" or lex.tag(_word_after(text, end)) in NOUN_TAGS:
        return False  # 深深的思念。 大大的支持和帮助  紧迫的创建时间: the verb heads a noun phrase
    if _subject(text, end):
        return False  # 满满的爱让…  不伦不类的做法必须…: the verb heads the subject
    if _manner(text, i):
        return True
    return lex.tag(_word_before(text, i)) in ("d", "ad") and nxt in ASPECT


def _to_de_complement(text: str, i: int) -> bool:
    """Should the 的 at ``i`` be 得 (a verb, then how well or how much)?"""
    degree = next((d for d in DEGREE if text.startswith(d, i + 1)), "")
    aabb = text[i + 1:i + 2] == text[i + 2:i + 3] and text[i + 3:i + 4] == text[i + 4:i + 5] != ""
    if not degree and not aabb:  # cheap test first: most 的 are followed by neither
        return False
    lex = evidence.lexicon()
    verb = _word_before(text, i)
    # 过 is tagged as an aspect mark (ug), and is a verb before a complement (过得好)
    if (lex.tag(verb) not in VERB_TAGS and verb != "过") or len(verb) > 2:
        return False
    adj = _word_after(text, i + 1 + len(degree))
    end = i + 1 + len(degree) + len(adj)
    if end < len(text) and text[end] in MODAL:
        end += 1
    ends = end >= len(text) or text[end] in CLAUSE_END
    if degree:  # jieba tags some adjectives as verbs (出色): a longer one after a degree word counts
        return (lex.tag(adj) == "a" or (lex.tag(adj) == "v" and len(adj) >= 2)) and ends
    return len(adj) == 4 and adj[0] == adj[1] and adj[2] == adj[3] and ends


def _to_de_attribute(text: str, i: int) -> bool:
    """Should the 地 or 得 at ``i`` be 的 (a verb before 地, a noun before 得, then a noun)?

    An adjective before 地 is a manner word (有力地佐证, 快乐地舞蹈: nouns that verbs too).
    """
    lex = evidence.lexicon()
    if text[i - 1:i + 1] in lex or (i >= 2 and text[i - 2:i + 1] in lex) or text[i:i + 2] in lex:
        return False
    if text[i] == "地" and _in_series(text, i):
        return True
    if any(text.startswith(d, i + 1) for d in DEGREE):
        return False
    noun = _word_after(text, i + 1)
    before = lex.tag(_word_before(text, i))
    return len(noun) >= 2 and lex.tag(noun) in NOUN_TAGS and before == ("v" if text[i] == "地" else "n")


_SERIES = compile_rule(r"[，、,]\p{Han}{1,4}的")


def _in_series(text: str, i: int) -> bool:
    """全面地，系统的…: a 地 after a word of two or more characters, ending one of a series of
    attributes whose next one is written with 的."""
    return _SERIES.match(text, i + 1) is not None and len(_word_before(text, i)) >= 2


_DEGREES = "|".join(DEGREE)
# Where a 的 may need a look (one C-level scan; most 的 fit none of these shapes): after AA, after
# a degree word and up to four characters, before a verb with an aspect mark, before a degree
# word or an AABB; every 地 and 得 between Han characters, and 地 before a series of attributes.
# (The character comes first in every branch, lookbehinds after it: the engine then looks only
# at 的, 地 and 得 instead of trying a lookbehind at every position.)
_SHAPES = compile_rule(
    rf"的(?:(?<=(?:{_DEGREES})\p{{Han}}{{1,4}}的)|(?=\p{{Han}}{{1,4}}[{ASPECT}])"
    rf"|(?=(?:{_DEGREES})|(\p{{Han}})\1(\p{{Han}})\2))|[地得](?<=\p{{Han}}[地得])(?=\p{{Han}}|[，、,]\p{{Han}}{{1,4}}的)")


@functools.lru_cache(maxsize=256)
def _spots(text: str) -> tuple[int, ...]:
    """Positions worth checking: the shapes above, and a 的 after a 4-character idiom.

    Cached: :func:`may_have` and :func:`find` ask for the same line one after the other.
    """
    found = {m.start() for m in _SHAPES.finditer(text)}
    i = text.find("的", 2)
    while i >= 0:  # after AA (紧紧的) or after an idiom: plain comparisons, cheaper than a regex
        if i + 1 < len(text) and HAN.match(text[i + 1]) and (
                (text[i - 2] == text[i - 1] and HAN.match(text[i - 1])) or data.is_idiom(text[i - 4:i])):
            found.add(i)
        i = text.find("的", i + 1)
    return tuple(sorted(found))


def find(text: str) -> list[Proposal]:
    """Proposed 的/地/得 corrections in one line."""
    found: list[Proposal] = []
    for i in _spots(text):
        ch = text[i]
        new = ""
        if ch == "的" and _to_di(text, i):
            new = "地"
        elif ch == "的" and _to_de_complement(text, i):
            new = "得"
        elif ch in "地得" and _to_de_attribute(text, i):
            new = "的"
        if new and not in_title(text, i):  # in a quotation too: speech has no licence for 的 as 得
            found.append(Proposal(i, i + 1, new, CODE, True))
    return found


def may_have(text: str) -> bool:
    """Cheap test: does the line hold a 的, 地 or 得 in one of the shapes worth a look?"""
    return ("的" in text or "地" in text or "得" in text) and bool(_spots(text))
