"""Organisations: [中共] + places of the gazetteer + unit words (…直属机关工委, …教育局, …热电厂)."""

from __future__ import annotations

import functools

from ...regex_guard import compile_rule
from ...shapes import is_han
from . import tagger
from .lexicon import Finder, Lexicon, ordinary
from .mention import FUNCTION, Mention, prev_char

RULE = "FW621"
_MAX_TAIL = 12
_MAX_STOP = 4  # a stop word that starts inside the tail may end after it
# what may follow the end of a unit's name: a verb or particle, or a title (甘肃省委书记)
_FOLLOW = frozenset("的和与及在将要已于是对等为创召印下联主承负党领书副关向从把被让给共各全根按会")


def find(text: str, places: list[Mention], lex: Lexicon) -> list[Mention]:
    # 集美学校 … 报告: the unit ends where a common word starts
    """Organisation mentions built on the place mentions of the line."""
    by_start: dict[int, Mention] = {}
    for p in places:
        if p.end - p.start > (by_start[p.start].end - by_start[p.start].start if p.start in by_start else 0):
            by_start[p.start] = p
    out: list[Mention] = []
    for p in sorted(by_start.values(), key=lambda m: m.start):
        start = p.start - 2 if p.start >= 2 and text.startswith("中共", p.start - 2) else p.start
        chain_end = p.end
        while chain_end in by_start:  # 上海市普陀区…: places in a row belong to one unit
            chain_end = by_start[chain_end].end
        end = _tail(text, chain_end, lex)
        if end is not None:
            name = text[start:end]
            out.append(Mention(start, end, "org", "单位名称", name, RULE))
    return out


def _tail(text: str, pos: int, lex: Lexicon) -> int | None:
    """The farthest end of a unit word in the tail after the place(s) where a name can end.

    A function character stops the tail unless a unit word covers it (委员会, 工会: 会).
    """
    limit = min(len(text), pos + _MAX_TAIL)
    covered: set[int] = set()
    ends: set[int] = set()
    if lex.units is not None and pos < limit:
        for e, (u, _v) in lex.units.iter(text, pos, limit):
            covered.update(range(e + 1 - len(u), e + 1))
            ends.add(e + 1)
    if lex.org_stops is not None and pos < limit:
        first_limit = limit
        for e, (w, _v) in lex.org_stops.iter(text, pos, min(len(text), limit + _MAX_STOP)):
            j = e + 1 - len(w)
            if j not in covered and j < min(limit, first_limit):
                limit = j  # 联合举办: a verb ends the name
    common = lex.common
    best = None
    k = pos
    while k < limit and is_han(text[k]) and (text[k] not in FUNCTION or k in covered):
        k += 1
        if k in ends:
            nxt = text[k:k + 1]
            if not nxt or not is_han(nxt) or nxt in _FOLLOW or text[k:k + 2] in common:
                best = k
    return best


RULE_SHORT = "FW622"
# particles and pronouns never inside a unit's short name (华能 may hold 能: not these)
_NOT_IN_BRAND = frozenset("的了在是和与及对把被从向到为于等之们这那我你他她它每各该本其此"
                          "也使将就都还又要会而但且即或并个")
_ORDINAL_SCHOOL = compile_rule(r"(?<=\p{Han}{2})(?:实验)?[一二三四五六七八九十]{1,2}[中小]")


def by_suffix(text: str, lex: Lexicon) -> list[Mention]:
    """A unit known by a short name: 2-4 characters before a unit suffix (海平中学, 联润公司, 日照一中).

    The name must start and the suffix end where jieba cuts a word (集中学习 has no 中学), and
    the name must not begin or end with an ordinary word (重点中学, 农村小学).
    """
    if not text:
        return []
    found = list(_suffixes(lex.lists.get("org_suffix", ())).iter(text))
    ordinals = list(_ORDINAL_SCHOOL.finditer(text))
    if not found and not ordinals:
        return []  # most lines: no need for jieba's cut
    cuts = tagger.boundaries(text, lex.wants_cut)
    out: list[Mention] = []
    for end, (suffix, _v) in found:
        s = end + 1 - len(suffix)
        if s and ordinary(text[s - 1:end + 1]):
            continue  # 新建中小学, 各类学校: the suffix ends an everyday word (中小学)
        start = _short_name(text, s, lex, cuts) if end + 1 in cuts else None
        if start is not None:
            out.append(Mention(start, end + 1, "org", "单位名称", text[start:end + 1], RULE_SHORT))
    for m in ordinals:
        start: int | None = m.start() - 2  # 日照一中: a place of the gazetteer before the number
        if text[m.start() - 2:m.start()] not in lex.place_bases:
            start = _short_name(text, m.start(), lex, cuts, lengths=(2,))
        if start is not None and m.end() in cuts:
            out.append(Mention(start, m.end(), "org", "单位名称", text[start:m.end()], RULE_SHORT))
    return out


@functools.cache
def _suffixes(words: tuple[str, ...]) -> Finder:
    return Finder({w: True for w in words or ("学校",)})


def _short_name(text: str, s: int, lex: Lexicon, cuts: frozenset[int],
                lengths: tuple[int, ...] = (4, 3, 2)) -> int | None:
    """Start of the name before ``text[s]``: Han, no function character, not made of ordinary words."""
    for n in lengths:
        i = s - n
        name = text[max(i, 0):s]
        if i < 0 or i not in cuts or not all(is_han(c) and c not in _NOT_IN_BRAND for c in name):
            continue
        if prev_char(text, i).isdigit():
            continue  # 2019年总公司: 年 belongs to the number
        parts = [name[:k] for k in range(2, n + 1)] + [name[k:] for k in range(n - 1)]
        if name in lex.common or any(ordinary(w) for w in parts):
            continue
        return i
    return None
