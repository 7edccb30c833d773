"""Blanks without a marker: a value left out of a form frame (缺席 名, 年 月 日, 在的坚强领导下).

The frames are data (``[[slot_blank]]`` in ``rules/blanks.toml``); this module finds
them, applies the checks named there, and returns new slots of kind ``blank``.  Each
blank is its own variable: a form is filled in anew at every field.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import regex

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...rules import RuleBook, RuleError
from ...slotnames import NewSlot

KIND = "blank"
CHECKS = frozenset({"unit_alone", "no_number", "not_spaced", "preposition"})
# a count is not missing after a numeral, a placeholder or a determiner (每 人, 各 个)
_NUMBER_BEFORE = frozenset("0123456789〇零一二三四五六七八九十百千万两○xX×*＊_＿每各全本该这那几多数此某}")
_SPACED = compile_rule(r"\p{Han}[ \u3000]\p{Han}[ \u3000]\p{Han}")


class _Frame(NamedTuple):
    code: str
    pattern: regex.Pattern  # multi-line: run once over the page
    prefilter: regex.Pattern  # a page without a match has no such blank
    slots: dict[str, str]   # group → slot name
    checks: frozenset[str]


class _Frames(NamedTuple):
    frames: tuple[_Frame, ...]
    trigger: regex.Pattern


@functools.cache
def _frames(rules: RuleBook) -> _Frames:
    frames, prefilters = [], []
    for e in rules.family("slot_blank"):
        where = f"{e['_source']}: {e.get('code')}"
        try:
            pattern = compile_rule("(?m)" + e["pattern"])
            prefilter = compile_rule(e["prefilter"])
        except regex.error as exc:
            raise RuleError(f"{where}: bad regex: {exc}") from None
        checks = frozenset(e.get("checks", ()))
        if checks - CHECKS or set(e["slots"]) - set(pattern.groupindex):
            raise RuleError(f"{where}: unknown check or slot group")
        frames.append(_Frame(e["code"], pattern, prefilter, dict(e["slots"]), checks))
        prefilters.append(e["prefilter"])
    return _Frames(tuple(frames), compile_rule("|".join(prefilters) or "(?!)"))


def _unit_alone(text: str, m: regex.Match, base: int) -> bool:
    """Is the measure word a word of its own here, not the start of a longer one (名单, 人员)?"""
    for group in ("unit", "unit2"):
        if group in m.re.groupindex and m.start(group) >= 0:
            unit = m.group(group)
            return all(len(w) <= len(unit) for w in lexicon().words_at(text, m.start(group) - base, 4))
    return True


def _checks_ok(frame: _Frame, text: str, m: regex.Match, base: int) -> bool:
    """The checks the frame names, on its match ``m`` in the line ``text`` (which starts at ``base``)."""
    if "not_spaced" in frame.checks and _SPACED.search(text):
        return False
    if "unit_alone" in frame.checks and not _unit_alone(text, m, base):
        return False
    if "no_number" in frame.checks:
        first = min(m.start(g) for g in frame.slots if m.start(g) >= 0) - base
        if first and text[first - 1] in _NUMBER_BEFORE:
            return False
    if "preposition" in frame.checks:
        for group in ("prep", "prep2"):
            s = m.start(group) - base if group in m.re.groupindex and m.start(group) >= 0 else -1
            # 现在的, 存在的, 即使: the word ends a longer one with the character before it
            if s > 0 and text[s - 1:s + 1] in lexicon():
                return False
    return True


def _free(s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    """Does a blank at ``s:e`` stay clear of the slots already in the line (touching counts)?"""
    return not any(s <= b and a <= e for a, b in taken)


def find(rules: RuleBook, page: str, lines: Sequence[str], taken: dict[int, list[tuple[int, int]]],
         ) -> Iterator[tuple[int, NewSlot]]:
    """The blanks of ``page`` (its ``lines`` joined) as (line index, new slot); ``taken``: line →
    its slots so far (updated).  Each frame runs once over the page, when its ``prefilter`` occurs.
    """
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for frame in _frames(rules).frames:
        if frame.prefilter.search(page) is None:
            continue
        for m in frame.pattern.finditer(page):
            i = bisect.bisect_right(starts, m.start()) - 1
            got = _frame_slots(frame, lines[i], starts[i], m, taken.setdefault(i, []))
            for slot in got:
                yield i, (*slot[:5], (i, slot[0]), slot[6])


def _frame_slots(frame: _Frame, text: str, base: int, m: regex.Match,
                 taken: list[tuple[int, int]]) -> list[NewSlot]:
    """The slots of one match (offsets made relative to its line), or none when a check fails."""
    if not _checks_ok(frame, text, m, base):
        return []
    spans = [(m.start(g) - base, m.end(g) - base, name) for g, name in frame.slots.items() if m.start(g) >= 0]
    if not all(_free(s, e, taken) for s, e, _n in spans):
        return []
    taken.extend((s, e) for s, e, _n in spans)
    return [(s, e, name, KIND, text[s:e], None, frame.code) for s, e, name in spans]


def may_have(rules: RuleBook, text: str) -> bool:
    """Can ``text`` hold a blank at all (a quick test before the line-by-line search)?"""
    return _frames(rules).trigger.search(text) is not None
