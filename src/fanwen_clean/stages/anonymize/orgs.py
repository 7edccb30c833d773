"""Organisations: [中共] + places of the gazetteer + unit words (…直属机关工委, …教育局, …热电厂)."""

from __future__ import annotations

from .lexicon import Lexicon
from .mention import FUNCTION, Mention, is_han

RULE = "FW621"
_MAX_TAIL = 12
# what may follow the end of a unit's name: a verb or particle, or a title (甘肃省委书记)
_FOLLOW = frozenset("的和与及在将要已于是对等为创召印下联主承负党领书副关向从把被让给共各全根按会")


def find(text: str, places: list[Mention], lex: Lexicon) -> list[Mention]:
    # 集美学校 … 报告: the unit ends where a common word starts
    """Organisation mentions built on the place mentions of the line."""
    units = lex.lists.get("unit", ())
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
        end = _tail(text, chain_end, units, lex.common, lex.lists.get("org_stop", ()))
        if end is not None:
            name = text[start:end]
            out.append(Mention(start, end, "org", "单位名称", name, RULE))
    return out


def _tail(text: str, pos: int, units: tuple[str, ...], common: frozenset[str],
          stops: tuple[str, ...]) -> int | None:
    """The farthest end of a unit word in the tail after the place(s) where a name can end.

    A function character stops the tail unless a unit word covers it (委员会, 工会: 会).
    """
    limit = min(len(text), pos + _MAX_TAIL)
    covered: set[int] = set()
    ends: set[int] = set()
    for j in range(pos, limit):
        for u in units:
            if text.startswith(u, j) and j + len(u) <= limit:
                covered.update(range(j, j + len(u)))
                ends.add(j + len(u))
    for j in range(pos, limit):
        if j not in covered and any(text.startswith(s, j) for s in stops):
            limit = j  # 联合举办: a verb ends the name
            break
    best = None
    k = pos
    while k < limit and is_han(text[k]) and (text[k] not in FUNCTION or k in covered):
        k += 1
        if k in ends:
            nxt = text[k:k + 1]
            if not nxt or not is_han(nxt) or nxt in _FOLLOW or text[k:k + 2] in common:
                best = k
    return best
