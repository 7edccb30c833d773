"""Word evidence for a correction: does the text around it segment into dictionary words better?

A unigram model over jieba's counts: the best segmentation of a short window scores the sum of
``log(count / TOTAL)`` of its words; a character that is no word of its own costs ``ORPHAN``.
Comparing the window before and after a correction answers "is the corrected text made of common
words, and the original not?", and handles the traps of a bare "is it a word" test: 大学生 holds
学生, and a pair of characters across a word boundary is not a misspelling of anything.
"""

from __future__ import annotations

import functools
import math

from ...lexicon import lexicon
from ...regex_guard import compile_rule

LOG_TOTAL = math.log(60_000_000)  # about the sum of jieba's counts; only differences matter
ORPHAN = -22.0  # a character that is no word: rarer than any word of the dictionary
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
HAN_RUN = compile_rule(r"\p{Han}++")


@functools.lru_cache(maxsize=8192)
def char_score(ch: str) -> float:
    """Log-probability of a character as a word of its own (``ORPHAN`` if it is none)."""
    f = lexicon().freq(ch)
    return math.log(f) - LOG_TOTAL if f else ORPHAN


def score(window: str) -> float:
    """Log-probability of the best segmentation of ``window`` into dictionary words."""
    lex = lexicon()
    n = len(window)
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        here = best[i]
        if here == -math.inf:
            continue
        one = here + char_score(window[i])
        if one > best[i + 1]:
            best[i + 1] = one
        for word in lex.words_at(window, i, n - i):
            s = here + math.log(max(lex.freq(word), 1)) - LOG_TOTAL
            j = i + len(word)
            if s > best[j]:
                best[j] = s
    return best[n]


def gain(text: str, start: int, end: int, new: str, reach: int = 3) -> float:
    """How much better the window around ``text[start:end]`` segments with ``new`` in its place.

    The window reaches ``reach`` characters beyond each side, within the run of Han characters.
    """
    lo = start
    while lo > 0 and start - lo < reach and "\u3400" <= text[lo - 1] <= "\u9fff":
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < reach and "\u3400" <= text[hi] <= "\u9fff":
        hi += 1
    before = text[lo:hi]
    after = text[lo:start] + new + text[end:hi]
    return score(after) - score(before)


def is_name(word: str) -> bool:
    """Is ``word`` a name in the dictionary (person, place, organisation, other proper noun)?"""
    return lexicon().tag(word) in NAME_TAGS
