"""Idioms and formulations with one confusable character wrong (一愁莫展→一筹莫展; FW405).

A 4-character idiom with one character replaced keeps its first or its last two characters
intact, so those pairs are the pre-filter.  A window is corrected when it differs from a known
idiom (jieba's ``i``/``l`` words, ``rules/confusions/formulations.txt``) in exactly one
character, the two characters are a confusion pair, the window is no word itself, and the text
around it segments better with the idiom.
"""

from __future__ import annotations

from . import data, evidence
from .context import in_quote, in_title
from .proposal import Proposal
from .triggers import FORMULATION, HEAD, TAIL, may_begin, may_end

CODE = "FW405"
FIX_GAIN = 6.0
SUGGEST_GAIN = 2.0
COMPOUND_FREQ = 50
PARTICLES = "的地得"
FUNCTION_FREQ = 100_000  # 于, 在, 和 …: a window made with one of these may be two phrases


def _one_off(window: str, idiom: str) -> str:
    """The wrong character if ``window`` differs from ``idiom`` in exactly one, confusable, character."""
    diff = [(a, b) for a, b in zip(window, idiom, strict=True) if a != b]
    if len(diff) != 1:
        return ""
    wrong, right = diff[0]
    if wrong in PARTICLES and right in PARTICLES:  # 不相称的/不相称地: the particles finder's business
        return ""
    return wrong if wrong in data.confusable().get(right, "") else ""


def _compound(window: str) -> bool:
    """Is ``window`` two common 2-character words (奋斗终身, 做人做事: a phrase, not a typo)?"""
    lex = evidence.lexicon()
    return len(window) == 4 and min(lex.freq(window[:2]), lex.freq(window[2:])) >= COMPOUND_FREQ


def _windows(text: str, i: int, kind: int):
    """(start, idiom) of each idiom one character away from the window that the pair at ``i``
    begins (``kind`` has ``HEAD``: the pair begins an idiom) or ends (``TAIL``).

    ``kind``: the anchor's value from :func:`.triggers.scan` (kind bits and signatures)."""
    if kind & HEAD:
        ahead = text[i:i + 4]
        # isalpha: a cheap test that no punctuation is inside
        if len(ahead) == 4 and ahead.isalpha() and may_begin(kind, text, i):
            for idiom in data.idioms_like(ahead, True):
                yield i, idiom
    if kind & TAIL and i >= 2:
        behind = text[i - 2:i + 2]
        if len(behind) == 4 and behind.isalpha() and may_end(kind, text, i):
            for idiom in data.idioms_like(behind, False):
                yield i - 2, idiom
    if kind & FORMULATION:  # the window is a formulation's variant: every character may be the wrong one
        window = text[i:i + 4]
        for idiom in data.idioms_like(window, True) + data.idioms_like(window, False):
            yield i, idiom


def find(text: str, hits: list[tuple[int, int]]) -> list[Proposal]:
    """Proposed idiom corrections in one line, given (column, kind bits) of its idiom anchors."""
    lex = evidence.lexicon()
    found: list[Proposal] = []
    for pos, kind in hits:
        for s, idiom in _windows(text, pos, kind):
            window = text[s:s + len(idiom)]
            wrong = _one_off(window, idiom) if len(window) == len(idiom) else ""
            if not wrong or lex.freq(window) * 50 > max(lex.freq(idiom), 1) or _compound(window):
                continue
            if in_title(text, s):
                continue
            g = evidence.gain(text, s, s + len(idiom), idiom, reach=2)
            if g >= SUGGEST_GAIN:
                # our formulations are no words of jieba's: their gain is that of their parts
                strong = g >= FIX_GAIN or idiom in data.formulations()
                sure = strong and not in_quote(text, s) and lex.freq(wrong) < FUNCTION_FREQ
                found.append(Proposal(s, s + len(idiom), idiom, CODE, sure))
    return found
