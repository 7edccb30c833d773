"""Junk shapes (FW213) that no keyword names: mis-decoded lines and runs of random characters.

* a **mis-decoded line**: a short line where GBK text was read in another code page shows
  bopomofo letters or box-drawing pieces between Chinese characters (。ㄒ唬…}。); no page
  writes those inside a word, tables draw with runs of them and hold no bopomofo;
* a **random run**: anti-scraping filler of characters drawn at random (宦涅沉恨末衍…).  Real
  text is made of words: in a run of 12+ Chinese characters of prose, dictionary words cover
  a good share (15% at the very least on the corpus, most runs far more); random characters
  almost never form one (under 5%).  Such a run is cut out of its line.

The viewer, paywall and copyright lines of FW213 are rules of ``rules/boilerplate.toml``.
"""

from __future__ import annotations

import re

from ...document import Change, Line
from ...lexicon import Lexicon, lexicon
from ...regex_guard import compile_rule
from .book import Compiled, remember
from .verdict import STAGE

CODE = "FW213"
_MOJIBAKE_MAX = 24  # a mis-decoded heading or label is short; longer lines are left to the reader
_ODD = compile_rule(r"[\u3100-\u312f]|(?<=[\p{Han}\u3100-\u312f\p{Latin}])[\u2500-\u257f]")
_ANY_ODD = re.compile("[\u3100-\u312f\u2500-\u257f]")  # re: a faster scan than regex
_MOJIBAKE_LINE = _MOJIBAKE_MAX + 8  # with bullets and spaces around its core
_HAN = compile_rule(r"\p{Han}")
_BOX = compile_rule(r"[\u2500-\u257f]")
_BOX_RUN = compile_rule(r"[\u2500-\u257f]{2}")
_RUN = compile_rule(r"\p{Han}{12,}")
_WORD_FREQ = 20  # rarer dictionary entries are found in random text by chance
_DISTINCT_MIN = 0.8
_COVER_MIN = 0.1  # random runs: under 0.05 on the corpus; prose runs: 0.15 and more


def mojibake(c: str) -> bool:
    """Is the line (its core) a short mis-decoded line (bopomofo or box pieces among Han)?
    Bopomofo alone, with no Chinese character or box piece beside it, is a phonetics lesson."""
    return (len(c) <= _MOJIBAKE_MAX and _ODD.search(c) is not None and _BOX_RUN.search(c) is None
            and (_HAN.search(c) is not None or _BOX.search(c) is not None))


def _random(run: str) -> bool:
    """Are common dictionary words (length ≥ 2) scarce in ``run`` (under ``_COVER_MIN`` of it)?

    Stops as soon as enough words are found: prose gets there within a few characters."""
    if len(set(run)) < _DISTINCT_MIN * len(run):
        return False  # characters drawn at random seldom repeat; a run of one character is no draw
    words = lexicon()
    need = _COVER_MIN * len(run)
    # fast path: two-character words alone cover enough of nearly every run of prose (stop at
    # the first ones that do: in prose the first pair or two are words)
    pairs = 0
    for i in range(0, min(len(run), 16) - 1, 2):
        if _pair_freq(words, run[i:i + 2]) >= _WORD_FREQ:
            pairs += 2
            if pairs >= need:
                return False
    covered = 0
    upto = 0  # characters before this one are counted already
    for i in range(len(run) - 1):
        for w in words.words_at(run, i, 6):
            if words.freq(w) >= _WORD_FREQ and i + len(w) > upto:
                covered += i + len(w) - max(i, upto)
                upto = i + len(w)
                if covered >= need:
                    return False
    return True


_PAIRS: dict[str, int] = {}  # two-character strings -> dictionary count (common pairs recur)
_PAIRS_MAX = 20_000


def _pair_freq(words: Lexicon, pair: str) -> int:
    """``words.freq(pair)``, remembered (bounded)."""
    got = _PAIRS.get(pair)
    if got is None:
        if len(_PAIRS) >= _PAIRS_MAX:
            _PAIRS.clear()
        got = _PAIRS[pair] = words.freq(pair)
    return got


def random_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of random characters in ``text``."""
    return [m.span() for m in _RUN.finditer(text) if _random(m.group())]


def cut_random(texts: list[str], book: Compiled, lines: tuple[Line, ...],
               changes: list[Change]) -> set[int]:
    """Cut runs of random characters out of the lines (in place); the indexes changed."""
    touched = set()
    memo = book.memo.random_runs
    for i, t in enumerate(texts):
        if len(t) < 12:
            continue
        spans = memo.get(t)
        if spans is None:
            spans = remember(memo, t, random_runs(t))
        if not spans:
            continue
        new = t
        for s, e in reversed(spans):
            new = new[:s] + new[e:]
        new = new.strip()
        changes.append(Change(CODE, STAGE, lines[i].src, t, new))
        texts[i] = new
        touched.add(i)
    return touched


def mark_mojibake(texts: list[str], removed: dict[int, str]) -> None:
    """Mark the mis-decoded lines as removed."""
    for i, t in enumerate(texts):
        # cheap tests first: a short line, holding one of the odd characters
        if len(t) <= _MOJIBAKE_LINE and _ANY_ODD.search(t) and i not in removed and mojibake(t.strip()):
            removed[i] = CODE
