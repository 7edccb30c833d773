"""Taiwan vocabulary left by a Traditional→Simplified conversion (软体→软件, 资讯→信息; FW408).

OpenCC's ``t2s`` converts characters, not vocabulary, so a page written in Taiwan keeps 软体,
网路, 资讯 where a mainland template wants 软件, 网络, 信息.  The table
(``rules/confusions/tw_variants.tsv``, from OpenCC's ``TWPhrasesRev``) is applied only to a page
that was converted from Traditional, and only when at least ``MIN_DISTINCT`` different Taiwan
words occur on it: one lone word (剪下) is no evidence that the page is Taiwanese.  The longest
match wins, and identical pairs guard longer words (软体动物 stays).
"""

from __future__ import annotations

import functools

import daachorse

from ...lexicon import lexicon
from .data import _dir
from .proposal import Proposal

CODE = "FW408"
MIN_DISTINCT = 2
PHRASE_FREQ = 1000  # a word this common around or inside a match gives it a mainland reading


@functools.cache
def _automaton() -> tuple[daachorse.CharwiseDoubleArrayAhoCorasick, list[tuple[str, str]]]:
    """The table's Taiwan words as a character-wise automaton (every page is scanned now: one
    C pass over the characters, ~10 times cheaper than pyahocorasick here), and the pairs."""
    pairs = []
    for line in (_dir() / "tw_variants.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            tw, cn = line.split("\t")
            pairs.append((tw, cn))
    return daachorse.CharwiseDoubleArrayAhoCorasick([tw for tw, _cn in pairs]), pairs


def _matches(text: str) -> list[tuple[int, str, str]]:
    """(start, taiwan, mainland) of the longest non-overlapping matches, left to right."""
    auto, pairs = _automaton()
    found = sorted(((start, *pairs[i]) for start, _end, i in auto.find_overlapping(text)),
                   key=lambda m: (m[0], -len(m[1])))
    out: list[tuple[int, str, str]] = []
    last = 0
    for start, tw, cn in found:
        if start >= last:
            out.append((start, tw, cn))
            last = start + len(tw)
    return out


def page_words(page: str) -> set[str]:
    """The Taiwan words to replace on a converted page (empty unless there are enough of them)."""
    words = {tw for _s, tw, cn in _matches(page) if tw != cn}
    return words if len(words) >= MIN_DISTINCT else set()


def _plain_reading(text: str, start: int, tw: str) -> bool:
    """Does the match read as mainland words: two common words (重新整理), or a common word
    across its edge (很多工作 holds 多工)?"""
    lex = lexicon()
    end = start + len(tw)
    if any(min(lex.freq(tw[:k]), lex.freq(tw[k:])) >= PHRASE_FREQ for k in range(2, len(tw) - 1)):
        return True
    for i in range(max(0, start - 3), end):
        for word in lex.words_at(text, i, 4):
            j = i + len(word)
            crosses = j > start and i < end and (i < start or j > end)
            if len(word) > 1 and crosses and lex.freq(word) >= PHRASE_FREQ:
                return True
    return False


def stray_words(page: str) -> set[str]:
    """The Taiwan words of a page written in Simplified: each is only suggested.

    A converter upstream of the site (or a writer from Taiwan) leaves 软体, 网路 on a page that
    never was Traditional here; one word is weak evidence, so it is a suggestion, never a fix,
    and none where the characters read as mainland words (很多工作, 重新整理).
    """
    return {tw for s, tw, cn in _matches(page) if tw != cn and not _plain_reading(page, s, tw)}


def find(text: str, words: set[str], sure: bool = True) -> list[Proposal]:
    """Proposed mainland words for the Taiwan words of one line (``sure``: fixes, else suggestions)."""
    return [Proposal(s, s + len(tw), cn, CODE, sure) for s, tw, cn in _matches(text) if tw in words]
