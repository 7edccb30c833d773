"""What the general finders find in one line, split into what the line alone decides and what
the page decides, so that the line's part can be remembered per line text.

The page decides three things only: a confusion is sure when the page writes the word right
elsewhere (:func:`.confusion.settle`), a misspelt pair the page repeats is a term of the page
(:func:`.pairs.settle`), and the page's Taiwan words (:mod:`.variants`).  Everything else is a
function of the line's text and its anchors (which are themselves found in the line), so
:class:`Memo` keeps it: a page cleaned twice, a second round on the same page, and the lines
that recur across a site's pages are looked at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import (
    clauses,
    confusion,
    dates,
    digits,
    idioms,
    missing,
    numerals,
    pairs,
    particles,
    repeats,
    triggers,
    variants,
    xiang,
)
from .proposal import Proposal

MEMO_MAX = 20_000  # lines remembered per rule book; the memo is emptied when full


@dataclass(frozen=True, slots=True)
class LineRules:
    """The rules of a book that the finders of one line need (``None`` / "": the finder is off)."""

    digit: digits.DigitRule | None
    repeat: repeats.RepeatRule | None
    clause: clauses.ClauseRule | None
    xiang: xiang.XiangRule | None
    missing_code: str


@dataclass(frozen=True, slots=True)
class Finds:
    """The line's part of every finder, kept in the finders' order: :func:`on_page` restores it,
    since the choice among overlapping proposals keeps that order on ties."""

    head: tuple[Proposal, ...] = ()  # digits, repeats, dates, numerals (before the Taiwan words)
    tail: tuple[Proposal, ...] = ()  # particles, clauses, 象, missing characters
    confusions: tuple[tuple[Proposal, str], ...] = ()  # with the word that makes one sure
    idioms: tuple[Proposal, ...] = ()
    pairs: tuple[tuple[Proposal, str], ...] = ()  # with the pair the page must not repeat


NOTHING = Finds()


def worth_a_look(text: str, xiang_rule: xiang.XiangRule | None) -> bool:
    """Cheap tests: may a finder without anchors find something in the line?"""
    return digits.may_have(text) or dates.may_have(text) or numerals.may_have(text) \
        or particles.may_have(text) or repeats.may_have(text) \
        or (xiang_rule is not None and xiang.may_have(text, xiang_rule)) or ("随着" in text and "地" in text)


def find(text: str, hits: list[tuple[int, int]], r: LineRules, gaps: list | None = None,
         cols: tuple[int, ...] = ()) -> Finds:
    """The line's part of every finder; ``hits``: the line's anchors, already screened
    (:func:`.pairs.screen`); ``gaps``: its skeletons (:mod:`.missing`); ``cols``: its 的 spots."""
    # may_have first: most lines come here for an anchor only, and find() is a regex scan
    head = list(digits.find(text, r.digit)) if r.digit is not None and digits.may_have(text) else []
    if r.repeat is not None and repeats.may_have(text):
        head += repeats.find(text, r.repeat)
    if dates.may_have(text):
        head += dates.find(text)
    if numerals.may_have(text):
        head += numerals.find(text)
    tail = list(particles.find(text)) if particles.may_have(text) else []
    if r.clause is not None and cols:
        tail += clauses.find(text, r.clause, cols)
    if r.clause is not None and "随着" in text and "地" in text:
        tail += clauses.find_attribute(text, r.clause)
    if r.xiang is not None and xiang.may_have(text, r.xiang):
        tail += xiang.find(text, r.xiang)
    if r.missing_code and gaps:
        tail += missing.find(text, r.missing_code, gaps)
    if not hits:
        return Finds(tuple(head), tuple(tail)) if head or tail else NOTHING
    return Finds(tuple(head), tuple(tail),
                 tuple(confusion.candidates(text, triggers.columns(hits, triggers.CONFUSION))),
                 tuple(idioms.find(text, [(c, k) for c, k in hits if k & triggers.IDIOM_KINDS])),
                 tuple(pairs.candidates(text, triggers.columns(hits, triggers.PAIR))))


def on_page(finds: Finds, text: str, page: str, tw_words: frozenset[str], tw_sure: bool) -> list[Proposal]:
    """Every proposal for the line on ``page``, in the finders' order."""
    found = list(finds.head)
    if tw_words:
        found += variants.find(text, set(tw_words), tw_sure)
    found += finds.tail
    if finds.confusions:
        found += confusion.settle(list(finds.confusions), page)
    found += finds.idioms
    if finds.pairs:
        found += pairs.settle(list(finds.pairs), page or text)
    return found


class Memo:
    """Line text and anchors → :class:`Finds`, bounded (``MEMO_MAX``), for one rule book."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[tuple, Finds] = {}

    def finds(self, text: str, hits: list[tuple[int, int]] | None, r: LineRules,
              gaps: list, cols: tuple[int, ...]) -> Finds:
        """The line's part of every finder; ``hits``: its anchors as found (not yet screened).

        A line with no anchor, skeleton or 的 spot that no cheap test picks is :data:`NOTHING`."""
        key = (text, tuple(hits) if hits else (), tuple(gaps), cols)
        got = self.seen.get(key)
        if got is None:
            screened = pairs.screen(text, hits) if hits else []
            if screened or gaps or cols or worth_a_look(text, r.xiang):
                got = find(text, screened, r, gaps, cols)
            else:
                got = NOTHING
            if len(self.seen) >= MEMO_MAX:
                self.seen.clear()
            self.seen[key] = got
        return got
