"""Stray spaces: PDF wraps that became spaces (认真学 习), letter-spaced titles (感 谢 信)
and numbers (3 2 6万人): FW305.

A single space between two Han characters is decided from evidence around it, like a line
break (:mod:`.scorer`): a dictionary word across it, a particle before it, a character that
cannot start a sentence after it, running text around it.  Spaces before a heading or
salutation, after a run-in heading, next to punctuation (punct's FW417) or Latin stay; so
do spaces a few characters apart (table fields, padded names), unless the whole line is
letter-spaced Han, and lines without clause punctuation keep theirs.
"""

from __future__ import annotations

import itertools

import regex

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...shapes import CLAUSE, IS_HAN
from .rules import Rules
from .scorer import JOIN_AT, W_NO_START, W_PARTICLE, W_WORD, no_start, open_end, word_spans
from .text import unclosed

# spaces next to quotes and brackets are punct's (FW417)
_CAND = compile_rule(r"(?<=\p{Han}) (?=\p{Han})")
_LETTER_SPACED = compile_rule(r"^\p{Han}(?:[ \u3000]{1,3}\p{Han}){2,30}$")
_SPACE = compile_rule(" ")
_ANY_GAP = compile_rule(r"(?<=[\p{Han}\d]) (?=[\p{Han}\d])")  # prefilter: a space to decide
_DIGIT_GAP = compile_rule(r"\d \d")
LETTER_SPACED_MAX = 4 * 31  # a letter-spaced title: up to 31 characters, each with its gap
_SPACED_NUMBER = compile_rule(r"(?<=\p{Han})\d[\d.]{0,6}+(?: \d[\d.]{0,6}+){1,6}+(?=\p{Han})")
CONTEXT = 80  # characters read on either side of a space
NEAR = 4  # another space this close: fields or padding, not a wrap
RUN_MIN = 2  # Han characters on one side of a wrap inside a clause (王 刚: one on each side)
MAX_ROUNDS = 4  # a closed space changes its neighbours' evidence: repeat until nothing changes
W_SENTENCE = 1  # the line is a sentence (clause punctuation in it): a space has no job there
W_CLAUSE = 1  # at least RUN_MIN Han characters on one side
W_NEAR = -2
W_PAIR = -1  # inside a short quote or title: a slogan's halves (“文明健康 有你有我”)
W_REGULAR = 1  # the line's spaces are a line width apart
REGULAR_MIN_SPACES = 4  # at least this many spaces on the line (three gaps)
REGULAR_MIN_GAP = 12  # the usual gap is at least this many characters (a narrow PDF column)
REGULAR_TOLERANCE = 0.25  # a gap within this share of the usual one is regular
REGULAR_SHARE = 0.6  # and this share of the gaps is regular
SLOGAN_HALF_MAX = 8  # the first half of a slogan or a title's first name is this short
W_UNIT = -2  # a measure word after the gap: a form's blank for a number (建校 周年, 全长 公里)


def _run(text: str, pos: int, step: int) -> int:
    """How many Han characters run from ``pos`` in direction ``step`` (counted up to RUN_MIN)."""
    n = 0
    while n < RUN_MIN and 0 <= pos < len(text) and IS_HAN[text[pos]]:
        n += 1
        pos += step
    return n


def _slogan(before: str) -> bool:
    """Is the space inside a short quote or title, after its first phrase (“文明健康 有你有我”,
    《中共中央 国务院…》)?  Quoted speech and lists have commas or 、; brackets hold notes."""
    near = before[-SLOGAN_HALF_MAX - 1:]  # the opener is this close, or it is no slogan
    opener = unclosed(near)
    if opener not in ("“", "《", "「") or unclosed(before) != opener:
        return False
    inside = near[near.rfind(opener) + 1:]
    return not CLAUSE.search(inside) and "、" not in inside


def _measure_word(after: str, r: Rules) -> bool:
    """Does ``after`` start with a measure word or unit (公里 万元 名), not a doubled one (种种)?"""
    if after[0] in r.units:
        return True
    lex = lexicon()
    words = list(lex.words_at(after, 0))
    w = words[-1] if words else after[0]
    return lex.tag(w) == "q" and not (len(w) == 2 and w[0] == w[1])  # (m is also 十个)


def _near(text: str, pos: int) -> bool:
    """Is another space between Han characters (or quotes) within NEAR characters?"""
    return any(m.start() != pos for m in _CAND.finditer(text, max(0, pos - NEAR), pos + 1 + NEAR))


def regular_spaces(text: str) -> bool:
    """Do the spaces of the line come at a regular interval, a line width apart (a PDF page's
    wraps turned into spaces)?  Field separators and padding are a few characters apart."""
    if text.count(" ") < REGULAR_MIN_SPACES:
        return False
    # spaces next to digits and Latin are the padding of half-width runs (2024 年 5 月)
    spots = [m.start() for m in _SPACE.finditer(text)
             if not (text[m.start() - 1:m.start()].isascii() or text[m.end():m.end() + 1].isascii())]
    if len(spots) < REGULAR_MIN_SPACES:
        return False
    gaps = sorted(b - a for a, b in itertools.pairwise(spots))
    median = gaps[len(gaps) // 2]
    close = sum(1 for g in gaps if abs(g - median) <= REGULAR_TOLERANCE * median)
    return median >= REGULAR_MIN_GAP and close >= REGULAR_SHARE * len(gaps)


def space_score(text: str, pos: int, r: Rules, regular: bool = False) -> int:
    """Evidence that the space at ``pos`` is a wrap (see the W_ weights here and in :mod:`.scorer`);
    ``regular``: the line's spaces come at a regular interval (:func:`regular_spaces`).

    The word-table features are looked up last, and only while they can still decide:
    compared with JOIN_AT the answer is that of the full sum.
    """
    # what the features read around the space (bounded: a page may be one huge line)
    before, after = text[max(0, pos - CONTEXT):pos], text[pos + 1:pos + 1 + CONTEXT]
    score = W_SENTENCE  # only asked for lines with clause punctuation
    if regular:
        score += W_REGULAR
    if max(_run(text, pos - 1, -1), _run(text, pos + 1, 1)) >= RUN_MIN:
        score += W_CLAUSE
    if _near(text, pos):
        score += W_NEAR
    if _slogan(before):
        score += W_PAIR
    if _measure_word(after, r):
        score += W_UNIT
    lookups = ((W_NO_START, lambda: no_start(after, r)),
               (W_PARTICLE, lambda: IS_HAN[before[-1]] and open_end(before, r)),
               (W_WORD, lambda: word_spans(before, after)))
    for i, (weight, found) in enumerate(lookups):
        if score >= JOIN_AT or score + sum(w for w, _ in lookups[i:]) < JOIN_AT:
            break
        if found():
            score += weight
    return score


def _kept(text: str, pos: int, r: Rules, run_in: int) -> bool:
    """Spaces that are never wraps: after a run-in heading (``run_in``: where the line's
    heading ends, -1 if it has none), before a heading, salutation or sign-off."""
    if pos < run_in:
        return True  # 二、总体要求 各单位… — the space ends a run-in heading
    return r.block_match(text[pos + 1:pos + 1 + CONTEXT])


def _run_in_end(text: str, r: Rules) -> int:
    """Where a line that starts with a heading stops being one: its first clause punctuation."""
    if not r.heading.match(text):
        return -1
    m = CLAUSE.search(text)
    return m.start() if m else len(text)


def _close_wraps(text: str, r: Rules) -> str:
    for _ in range(MAX_ROUNDS):
        regular, run_in = regular_spaces(text), _run_in_end(text, r)
        drop = [pos for pos in (m.start() for m in _CAND.finditer(text))
                if not _kept(text, pos, r, run_in) and space_score(text, pos, r, regular) >= JOIN_AT]
        if not drop:
            break
        bounds = [-1, *drop, len(text)]
        text = "".join(text[a + 1:b] for a, b in itertools.pairwise(bounds))
    return text


def fix_spaces(text: str, r: Rules) -> str:
    """The line with wrap spaces, letter-spacing and spaces inside numbers closed."""
    if len(text) <= LETTER_SPACED_MAX and _LETTER_SPACED.match(text) \
            and not all(c in r.units or c in " \u3000" for c in text):
        # (年 月 日 alone is a form's blank date, not a spaced title)
        return regex.sub(r"[ \u3000]+", "", text)
    if not _ANY_GAP.search(text):
        return text
    if _DIGIT_GAP.search(text):
        text = _SPACED_NUMBER.sub(_close_number, text)
    # a wrap space sits in running text; a line without clause punctuation is a title, a
    # list of names or fields
    return _close_wraps(text, r) if CLAUSE.search(text) and _CAND.search(text) else text


def _close_number(m: regex.Match) -> str:
    groups = m.group().split(" ")
    return "".join(groups) if any(len(g) == 1 for g in groups) else m.group()


def may_have_spaces(text: str) -> bool:
    """Cheap page test: is there anything for :func:`fix_spaces` to do?"""
    return " " in text or "\u3000" in text
