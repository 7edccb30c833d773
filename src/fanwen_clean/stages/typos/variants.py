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

import ahocorasick

from .data import _dir
from .proposal import Proposal

CODE = "FW408"
MIN_DISTINCT = 2


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for line in (_dir() / "tw_variants.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            tw, cn = line.split("\t")
            auto.add_word(tw, (tw, cn))
    auto.make_automaton()
    return auto


def _matches(text: str) -> list[tuple[int, str, str]]:
    """(start, taiwan, mainland) of the longest non-overlapping matches, left to right."""
    found = sorted(((end - len(tw) + 1, tw, cn) for end, (tw, cn) in _automaton().iter(text)),
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


def find(text: str, words: set[str]) -> list[Proposal]:
    """Proposed mainland words for the Taiwan words of one line."""
    return [Proposal(s, s + len(tw), cn, CODE, True) for s, tw, cn in _matches(text) if tw in words]
