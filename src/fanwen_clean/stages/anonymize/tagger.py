"""jieba's statistical word segmenter, loaded safely and only when a page is anonymized.

jieba (MIT) ships its dictionary and HMM inside the package, so nothing is downloaded.
Its own ``initialize()`` reads and writes a marshal cache in the shared temp directory
(``/tmp/jieba.cache``), which another user could plant; we never call it: the prefix
dictionary is built in memory from the dictionary file shipped with jieba, and no cache
is read or written.  The HMM finds words the dictionary lacks (new names: 孔娜娜, 章昊奎),
which is what the person detector needs; jieba's POS Viterbi (``jieba.posseg``) is not
used: it is 100 times slower here (0.01 MB/s) and adds little once the dictionary's own
tags are known (``fanwen_clean.lexicon``).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable
from itertools import chain
from math import log

_LOCK = threading.Lock()
# jieba's own block pattern (``jieba.re_han_default``): it segments each such run separately
# jieba's HMM takes time quadratic in the length of a run it does not know (its Viterbi copies
# every path at each step): a hostile run is cut in pieces this long (real clauses are shorter)
_MAX_RUN = 500
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")


@functools.cache
def _tokenizer():
    with _LOCK:
        import jieba  # imported here: only anonymizing pays for it (0.1 s import, 0.6 s dictionary)

        logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its loading at DEBUG on stderr
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total = tok.gen_pfdict(tok.get_dict_file())
        tok.initialized = True  # so jieba never looks for, nor writes, its temp-dir cache
        return tok


@functools.lru_cache(maxsize=64)  # the person, unit and place detectors ask for the same line
def words(text: str, wanted: Callable[[str], bool] | None = None,
          near: tuple[tuple[int, int], ...] | None = None) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every word jieba cuts ``text`` into (its HMM joins unknown names).

    jieba cuts each run of Han, letters and digits on its own, so a run for which ``wanted``
    says no (no surname, no suffix in it) is kept whole: the same result, half the work.
    With ``near`` (spans sorted by start and by end), only the runs that overlap one of
    them are cut: the caller only looks at the words there.
    """
    tok = _tokenizer()
    out: list[tuple[int, int]] = []
    i = j = 0
    # split() on the capturing pattern alternates: text between runs (maybe empty), a run, …
    for n, block in enumerate(_BLOCK.split(text)):
        if not block:
            continue
        if near is not None:
            while j < len(near) and near[j][1] <= i:
                j += 1  # spans that end before this run
        if n % 2 == 0 or (wanted is not None and not wanted(block)) or (
                near is not None and (j == len(near) or near[j][0] >= i + len(block))):
            out.append((i, i + len(block)))
        else:
            for k in range(0, len(block), _MAX_RUN):
                for w in cut(tok, block[k:k + _MAX_RUN]):
                    out.append((i, i + len(w)))
                    i += len(w)
            continue
        i += len(block)
    return tuple(out)  # cached: must not be changed by a caller


def cut(tok, block: str) -> list[str]:
    """``list(tok.cut(block, HMM=True))`` for a ``block`` that is one run of :data:`_BLOCK`.

    The same words (tested against jieba), about twice as fast: jieba builds a dict of
    word ends and then a dict of routes with a generator per character; here one
    right-to-left loop keeps both in lists.  Scores are computed in jieba's order, so
    the floats, and so the ties, are identical (a tie goes to the longer word, as in
    jieba's ``max`` over ``(score, end)``).
    """
    get, n = tok.FREQ.get, len(block)
    logtotal = log(tok.total)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)  # end of the best word starting at k (exclusive)
    for k in range(n - 1, -1, -1):
        best, best_end = 0.0 - logtotal + score[k + 1], k + 1  # the character alone
        found = False
        i, frag = k, block[k]
        while (f := get(frag)) is not None:  # a word, or a prefix of one (count 0)
            if f:
                val = log(f) - logtotal + score[i + 1]
                if not found or val >= best:
                    best, best_end, found = val, i + 1, True
            i += 1
            if i >= n:
                break
            frag = block[k:i + 1]
        score[k], end[k] = best, best_end
    return _words_of_route(tok, block, end)


def _words_of_route(tok, block: str, end: list[int]) -> list[str]:
    """jieba's ``__cut_DAG`` after the route: runs of single characters go to its HMM."""
    from jieba import finalseg

    out: list[str] = []
    buf = ""

    def flush() -> None:
        if len(buf) == 1 or (buf and tok.FREQ.get(buf)):
            out.extend(buf)
        elif buf:
            out.extend(finalseg.cut(buf))

    x, n = 0, len(block)
    while x < n:
        y = end[x]
        if y - x == 1:
            buf += block[x]
        else:
            flush()
            buf = ""
            out.append(block[x:y])
        x = y
    flush()
    return out


@functools.lru_cache(maxsize=64)  # the unit and the local-feature detectors ask for the same line
def boundaries(text: str, wanted: Callable[[str], bool] | None = None) -> frozenset[int]:
    """Offsets where jieba starts or ends a word in ``text``."""
    return frozenset(chain.from_iterable(words(text, wanted)))


def known(word: str) -> bool:
    """Is ``word`` a word of jieba's dictionary (not only a prefix of one)?"""
    return _tokenizer().FREQ.get(word, 0) > 0
