"""Misspelt common 2-character words, decided by their context (FW420; weaker cases FW940).

A unigram model cannot tell 计化 (计划 mistyped) from 通村 (通 + 村 across a word boundary):
both halves are words, and the corrected pair is far commoner than either.  What decides is
the context: the corrected word must fit a neighbour the way dictionary words show it does
(服务质量 holds 务质量: 服物质量 → 服务质量), a character-trigram test against
``pair_context.marisa``.  The anchors are the misspellings themselves (``pairs.marisa``), found
by the page's one automaton scan (:mod:`.triggers`).

* fix when the corrected window segments much better (:func:`evidence.gain`) and the correction
  fits a neighbour, or ends a clause (:func:`closed`: 活功。 nothing follows that could make a
  word of the second character);
* suggest when the gain alone is large (no neighbour confirms it), or when it fits but the place
  asks for care (a quotation);
* nothing when a dictionary word around explains either character, in titles, or when the page
  repeats the pair (a term of the page: 驻村, 通村 are no typos where they recur).

Speed: most anchors sit across a word boundary (文明|单位 holds 明单). :func:`screen` drops those
that fail the cheap tests (the table stores each pair's own gain) before a line is looked at.
"""

from __future__ import annotations

import functools

from ...rules import RuleBook
from . import data, evidence, triggers
from .context import NUMERALS, closes_clause, in_quote, in_title
from .proposal import Proposal

CODE = "FW420"
FIX_GAIN = 7.0  # with a neighbour that confirms the correction
SUGGEST_GAIN = 7.0  # without one
EXPLAINS = 10  # a word at least this common that holds a character and reaches outside explains it
# The gain of the pair alone (log P(word) - log P(a) - log P(b)) is a cheap estimate of the window's
# gain; a candidate whose estimate is this far below the threshold is dropped before the costly
# checks (most anchors sit across a word boundary: 文明|单位 holds 明单).
SLACK = 1.0
OWN_MIN = round((SUGGEST_GAIN - SLACK) * 4)  # the same in the table's unit (quarters)
PAIR = triggers.PAIR
HAN = ("\u4e00", "\u9fff")


def _han(ch: str) -> bool:
    return HAN[0] <= ch <= HAN[1]


def _explained(text: str, s: int) -> bool:
    """Is either character of ``text[s:s+2]`` part of a dictionary word reaching outside the pair?"""
    lex = evidence.lexicon()
    for start in range(max(0, s - 3), s + 2):
        for word in lex.words_at(text, start, 5):
            end = start + len(word)
            if end > s and start < s + 2 and (start < s or end > s + 2) and lex.freq(word) >= EXPLAINS:
                return True
    return False


def fits(text: str, s: int, word: str) -> bool:
    """Does ``word`` at ``text[s:s+2]`` form a dictionary trigram with the character before or after?"""
    ctx = data.pair_context()
    before = text[s - 1] if s > 0 and _han(text[s - 1]) else ""
    after = text[s + 2] if s + 2 < len(text) and _han(text[s + 2]) else ""
    return bool(before and before + word in ctx) or bool(after and word + after in ctx)


@functools.cache
def _surnames() -> frozenset[str]:
    return frozenset(RuleBook().words("surnames"))


def closed(text: str, s: int, end: int) -> bool:
    """Does the misspelling ``text[s:end]``, no word at all, end a clause, after a Han character
    that is no numeral and no surname?

    At a clause end the pair cannot sit across a word boundary on its right (科|既要).  A word of
    the dictionary is no misspelling (紧接着就是处暑); a numeral before it may make a measure
    phrase of it (只种了一晌; so may a digit or a blank: 500元整, ____元整); a surname, a name
    (主持人是高国辉); and a last character the two before repeat is a parallel (实事办实).
    """
    if not closes_clause(text, end) or evidence.lexicon().freq(text[s:end]):
        return False
    before = text[s - 1] if s > 0 else ""
    if not _han(before) or before in NUMERALS or before in _surnames() or text[s] in NUMERALS:
        return False
    return text[end - 1] not in text[max(0, s - 2):s]


def _promising(text: str, s: int, right: str, own: float) -> bool:
    """The cheap tests: the correction fits a neighbour, or the pair's own gain is large.

    ``own``: the gain of the pair alone (tools/build_pairs.py), a cheap estimate; when the
    correction fits, the neighbours may add much (感动不已), so there is no estimate to pass.
    """
    return own >= SUGGEST_GAIN - SLACK or fits(text, s, right)


def _next_word(text: str, s: int) -> bool:
    """Does a common 2-character word hold a character of the pair and its neighbour (文明|单位)?

    The commonest case of :func:`_explained`, asked with two look-ups instead of a scan.
    """
    lex = evidence.lexicon()
    return (s > 0 and lex.freq(text[s - 1:s + 1]) >= EXPLAINS) or lex.freq(text[s + 1:s + 3]) >= EXPLAINS


def screen(text: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The line's anchor hits less the pair anchors that fail the cheap tests.

    Most pair anchors sit across a word boundary (文明|单位 holds 明单); dropping them here spares
    the line the other finders' work when it has no other anchor.  An anchor dropped here is one
    :func:`_proposal` would turn down.
    """
    table = data.pair_misspellings()
    out: list[tuple[int, int]] = []
    for col, kind in hits:
        if kind & PAIR:
            value = table.get(text[col:col + 2])
            raw = value[0] if value else b""
            if not raw or (raw[-1] < OWN_MIN and not fits(text, col, raw[:-2].decode("utf-8"))) \
                    or _next_word(text, col):
                kind &= ~PAIR
        if kind:
            out.append((col, kind))
    return out


def _proposal(text: str, s: int, right: str, own: float, loose: bool) -> Proposal | None:
    """``loose``: an other-tone homophone (监肚 for 监督), weaker evidence: never more than suggested.

    The line's part only: :func:`settle` drops the pairs the page repeats."""
    if not _promising(text, s, right, own) or in_title(text, s) or _explained(text, s):
        return None
    fitting = fits(text, s, right)
    g = evidence.gain(text, s, s + 2, right)
    if g >= FIX_GAIN and (fitting or closed(text, s, s + 2)):
        return Proposal(s, s + 2, right, CODE, not (loose or in_quote(text, s)))
    if g >= SUGGEST_GAIN:
        return Proposal(s, s + 2, right, CODE, False)
    return None


def candidates(text: str, hits: list[int]) -> list[tuple[Proposal, str]]:
    """The line's part of :func:`find`: each proposal with its misspelt pair."""
    table = data.pair_misspellings()
    found: list[tuple[Proposal, str]] = []
    for s in hits:
        value = table.get(text[s:s + 2])
        if value:
            raw = value[0]
            p = _proposal(text, s, raw[:-2].decode("utf-8"), raw[-1] / 4, raw[-2] == 1)
            if p is not None:
                found.append((p, text[s:s + 2]))
    return found


def settle(found: list[tuple[Proposal, str]], page: str) -> list[Proposal]:
    """The proposals of :func:`candidates` whose pair ``page`` does not repeat (a term of the page)."""
    return [p for p, pair in found if page.count(pair) <= 1]


def find(text: str, hits: list[int], page: str = "") -> list[Proposal]:
    """Proposed corrections of misspelt common words in one line, given the columns of their anchors.

    ``page``: the whole page (a pair it repeats is a term of the page, not a typo).
    """
    return settle(candidates(text, hits), page or text)
