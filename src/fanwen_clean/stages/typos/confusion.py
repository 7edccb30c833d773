"""Misspelled words: a sound-alike or look-alike character in place of the right one (FW404).

The page's character pairs are intersected with the anchors (pairs that hold the replaced
character of a listed misspelling): one set operation per page.  At each anchor the misspellings
that cover it are looked up, and a correction is proposed when the text around it segments into
dictionary words much better with it than without (:func:`evidence.gain`).
"""

from __future__ import annotations

from dataclasses import replace

from . import data, evidence, pairs
from .context import in_quote, in_title
from .proposal import Proposal

CODE = "FW404"
# Log-probability gains of the window.  A unigram model cannot tell 按装 (a typo) from 通村
# (a pair across a word boundary) when both halves are words of their own, so a replaced
# character inside a 2-character word is only suggested, unless the page writes the word
# right elsewhere (and it is not so common that it is everywhere); a longer word is fixed.
FIX_GAIN = 9.0
SUGGEST_GAIN = 7.0
FIX_LEN = 3
ECHO_GAIN = 7.0
# A window next to a very common word (通过, 以及, 两个) scores high just for being next to it:
# those are not even suggested (tools/build_confusions.py leaves them out of the table).
MAX_FREQ = 5000
EXPLAINS = 100  # a word at least this common around the replaced character explains it


def _candidates(text: str, pos: int):
    """(start, misspelling, correct word) of the listed misspellings covering ``text[pos:pos+2]``."""
    trie = data.misspellings()
    for s in range(max(0, pos - 2), pos + 1):
        for wrong in trie.prefixes(text[s:s + 4]):
            if s + len(wrong) >= pos + 2:
                yield s, wrong, trie[wrong][0].decode("utf-8")


def _tight(wrong: str, right: str) -> bool:
    """Are the differing characters a confusion pair of the table (no other-tone homophone)?"""
    table = data.confusable()
    return all(a == b or a in table.get(b, "") for a, b in zip(wrong, right, strict=True))


def _sure(text: str, s: int, wrong: str, right: str, g: float) -> tuple[bool, str]:
    """Fix: a long word with a large gain, or one that ends a clause (:func:`pairs.closed`) with
    a tight confusion pair, or a 2-character word the page writes right elsewhere.

    Returns (sure from the line alone, the word whose presence on the page makes it sure, or
    ""): the line's part can be remembered, the page's is asked by :func:`settle`."""
    if in_quote(text, s):
        return False, ""
    closed = g >= ECHO_GAIN and pairs.closed(text, s, s + len(wrong)) and _tight(wrong, right)
    if len(right) >= FIX_LEN:
        return g >= FIX_GAIN or closed, ""
    return closed, right if not closed and g >= ECHO_GAIN else ""


def _explained(text: str, s: int, wrong: str, right: str) -> bool:
    """Is the replaced character part of a common word that reaches outside the misspelling?

    (说明单位 holds 明单, a misspelling of nothing: 说明 explains 明.)  A cheap test that saves
    most calls of :func:`evidence.gain`.
    """
    i = s + next(k for k in range(len(wrong)) if wrong[k] != right[k])
    lex = evidence.lexicon()
    for start in range(max(0, i - 3), i + 1):
        for word in lex.words_at(text, start, 4):
            end = start + len(word)
            if end > i and (start < s or end > s + len(wrong)) and lex.freq(word) >= EXPLAINS:
                return True
    return False


def candidates(text: str, hits: list[int]) -> list[tuple[Proposal, str]]:
    """The line's part of :func:`find`: each proposal with the word that makes it sure when the
    page holds it ("" : the proposal is as sure as it says)."""
    found: dict[tuple[int, int, str], tuple[Proposal, str]] = {}
    for pos in hits:
        for s, wrong, right in _candidates(text, pos):
            key = (s, s + len(wrong), right)
            too_common = len(right) == 2 and evidence.lexicon().freq(right) > MAX_FREQ
            if key in found or too_common or in_title(text, s) or _explained(text, s, wrong, right):
                continue
            g = evidence.gain(text, s, s + len(wrong), right)
            if g >= SUGGEST_GAIN:
                sure, echo = _sure(text, s, wrong, right, g)
                found[key] = (Proposal(s, s + len(wrong), right, CODE, sure), echo)
    return list(found.values())


def settle(found: list[tuple[Proposal, str]], page: str) -> list[Proposal]:
    """The proposals of :func:`candidates` on ``page``: sure too where the page holds the word."""
    return [replace(p, sure=True) if echo and not p.sure and echo in page else p for p, echo in found]


def find(text: str, hits: list[int], page: str = "") -> list[Proposal]:
    """Proposed corrections of the misspellings in one line, given the columns of its anchors.

    ``page``: the whole page, where the right spelling of a word may occur elsewhere.
    """
    return settle(candidates(text, hits), page)
