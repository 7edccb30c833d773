"""An agenda item cut before its last words (二、…请党委书记 / 王某 先生致辞 / 三、…): FW309."""

from __future__ import annotations

from ...document import Change
from ...regex_guard import compile_rule
from ...shapes import CLAUSE, HAN
from .rules import Rules
from .text import STAGE, Piece, ends_sentence, joined, snippet

_ITEM = compile_rule(r"^(?:([一二三四五六七八九十]{1,3})|(\d{1,2}))[、.．]")
_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_ITEM_FIRST = frozenset("一二三四五六七八九十0123456789")
_ITEM_SEP = frozenset("、.．")
TAIL_MAX = 15  # the cut-off tail of an item is a name and a verb (王某 讲话)
ITEM_BODY_MIN = 12  # the item before the tail is a sentence


def _item_no(text: str) -> tuple[str, int] | None:
    # prefilter: the 、 or . after one to three numerals (most lines that start with 一 are prose)
    if not (text[1:2] in _ITEM_SEP or text[2:3] in _ITEM_SEP or text[3:4] in _ITEM_SEP):
        return None
    m = _ITEM.match(text)
    if not m:
        return None
    if m.group(1):
        n = _CN_NUM.get(m.group(1)) if len(m.group(1)) == 1 else None
        return ("cn", n) if n else None
    return "ar", int(m.group(2))


def _numbered(items: list[Piece]) -> dict[int, tuple[str, int]]:
    """Item numbers by index; empty unless two items stand two apart with a short line between."""
    firsts = {p for p, ln in enumerate(items) if ln.text[0] in _ITEM_FIRST}
    if not any(p + 2 in firsts and len(items[p + 1].text) <= TAIL_MAX for p in firsts):
        return {}
    return {p: v for p in sorted(firsts) if (v := _item_no(items[p].text))}


def _is_tail(prev: str, tail: str, r: Rules) -> bool:
    return not (ends_sentence(prev) or not HAN.match(prev[-1]) or not HAN.match(tail[0])
                or len(tail) > TAIL_MAX or CLAUSE.search(tail) or ends_sentence(tail) or r.block_match(tail)
                or len(prev) - _ITEM.match(prev).end() < ITEM_BODY_MIN or not r.agenda.search(prev))


def wrapped_items(items: list[Piece], blanks: list[Piece | None], r: Rules,
                  changes: list[Change]) -> tuple[list[Piece], list[Piece | None]]:
    """Join an agenda item and its cut-off tail.

    Only in a list whose items are sentences (some carry commas), for an item that addresses
    the audience (请 欢迎 让我们 …), and only when the short unpunctuated tail sits right
    before the next item of the sequence.  Works on non-blank lines and the blank before each.
    """
    nums = _numbered(items)
    sentence_like = {v[0] for p, v in nums.items() if CLAUSE.search(items[p].text)}
    if len(nums) < 2 or not sentence_like:
        return items, blanks
    drop: set[int] = set()
    for a, va in nums.items():
        vc = nums.get(a + 2)
        if not (vc and va[0] == vc[0] and vc[1] == va[1] + 1 and va[0] in sentence_like):
            continue
        prev, tail = items[a].text, items[a + 1].text
        if a + 1 in nums or not _is_tail(prev, tail, r):
            continue
        changes.append(Change("FW309", STAGE, items[a].src, snippet(prev, "\n", tail),
                              snippet(prev, "", tail)))
        items[a] = joined(items[a], prev + tail)
        drop.add(a + 1)
    if not drop:
        return items, blanks
    keep = [i for i in range(len(items)) if i not in drop]
    return [items[i] for i in keep], [blanks[i] for i in keep]
