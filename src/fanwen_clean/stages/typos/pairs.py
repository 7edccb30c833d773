"""Misspelt common 2-character words, decided by their context (FW420; weaker cases FW940).

A unigram model cannot tell 计化 (计划 mistyped) from 通村 (通 + 村 across a word boundary):
both halves are words, and the corrected pair is far commoner than either.  What decides is
the context: the corrected word must fit a neighbour the way dictionary words show it does
(服务质量 holds 务质量: 服物质量 → 服务质量), a character-trigram test against
``pair_context.marisa``.  The anchors are the misspellings themselves (``pairs.marisa``), found
by the page's one automaton scan (:mod:`.triggers`).

* fix when the corrected window segments much better (:func:`evidence.gain`), the correction
  fits a neighbour, the misspelling fits none and the page writes it only once;
* suggest when the gain alone is large, or the context fits but the place asks for care
  (a quotation);
* nothing when a neighbouring common word explains either character, in titles, or when the
  page repeats the pair (a term of the page: 驻村, 通村 are no typos where they recur).
"""

from __future__ import annotations

from . import data, evidence
from .context import in_quote, in_title
from .proposal import Proposal

CODE = "FW420"
FIX_GAIN = 7.0  # with a neighbour that confirms the correction
SUGGEST_GAIN = 10.0  # without one
EXPLAINS = 10  # a word at least this common that holds a character and reaches outside explains it
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


def _proposal(text: str, s: int, right: str, page: str) -> Proposal | None:
    wrong = text[s:s + 2]
    if in_title(text, s) or page.count(wrong) > 1 or _explained(text, s):
        return None
    g = evidence.gain(text, s, s + 2, right)
    fitting = fits(text, s, right)
    if fitting and g >= FIX_GAIN:
        return Proposal(s, s + 2, right, CODE, not in_quote(text, s))
    if g >= SUGGEST_GAIN:
        return Proposal(s, s + 2, right, CODE, False)
    return None


def find(text: str, hits: list[int], page: str = "") -> list[Proposal]:
    """Proposed corrections of misspelt common words in one line, given the columns of their anchors.

    ``page``: the whole page (a pair it repeats is a term of the page, not a typo).
    """
    table = data.pair_misspellings()
    found: list[Proposal] = []
    for s in hits:
        right = table.get(text[s:s + 2])
        if right:
            p = _proposal(text, s, right[0].decode("utf-8"), page or text)
            if p is not None:
                found.append(p)
    return found
