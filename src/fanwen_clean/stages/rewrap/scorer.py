"""Decide one line break: is it a cut inside a sentence (join) or a real break (keep)?

First the breaks that are never joined: after a sentence end (。！？；：), after a heading
(unless the numbered line plainly goes on: :func:`heading_goes_on`), salutation or sign-off,
before a heading, list item, salutation, sign-off, date or speaker turn.  A next line that
starts with continuing punctuation (，、。) is always a cut (FW302).
Otherwise evidence for and against a cut is added up (:func:`cut_score`); each weight is a
small integer, the threshold is :data:`JOIN_AT`.  Every feature reads only the two lines and
the line before them, plus one flag from the lines around the break (the author's style,
:class:`.style.StyleCounts`), so a break is decided the same way whatever else the page holds.
The weights are set by hand (strong evidence 2, weak 1), not fitted.
"""

from __future__ import annotations

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...shapes import IS_HAN, is_han
from .rules import Rules
from .text import (
    ANY_PUNCT,
    CLOSERS,
    CONT_PUNCT,
    FINAL,
    OPENERS,
    STOP,
    ends_sentence,
    heading_like,
    prose,
    short_label,
    unclosed,
)

TITLE_MAX = 25  # a line this short with commas only, after a title or a full stop, is a title
TITLE_PART_MAX = 10  # if each part between its commas is this short
LIST_LINE_MAX = 40  # an unpunctuated line this short next to others like it is a list item
JOIN_AT = 2  # join when the evidence adds up to this
HEADING_TEXT_MIN = 2  # a numbered line needs this much text after its number to go on

# weights (see cut_score): strong evidence 2, weak 1; against: -1 to -3
W_WORD = 2  # a dictionary word spans the break (检|查)
W_NUMBER = 2  # the next line starts with an amount, not a year (达|4.2亿人): rarely a paragraph start
W_PARTICLE = 2  # the line ends in a word that cannot end a sentence (的 与 和 在 对 把)
W_NO_START = 2  # the next line starts with a character that cannot start one (的 了 们)
W_COMMA = 1  # the line ends in ， or 、 (with prose: 2)
W_OPEN = 2  # a quote or bracket is still open
W_PROSE = 2  # the line is running text (clause punctuation inside) left open: alone enough
W_ENDS = 1  # the next line ends the sentence (or has a full stop in it)
W_TITLE = -1  # the line is a title (short, no sentence punctuation): and its commas are no prose
W_LABEL = -2  # the next line is a name, unit or title
W_BARE = -1  # a longer next line without any punctuation: a title more often than a sentence end
W_STYLE = -1  # the next line is prose without any full stop either: paragraphs without stops
W_LIST = -3  # two items of one list

# a bracketed stage direction or note after a sentence end: 平安！（响乐）
_AFTER_END = compile_rule(r"[。！？!?…][（(][^（）()]{1,20}+[）)]$")
_LATIN_WORD = compile_rule(r"[A-Za-z]{1,20}+\p{Han}")
_DATE_CUT = compile_rule(r"\d[年月]$")  # a date cut after its year or month (2024年7月|14日)
_COMMAS = compile_rule(r"[，,]")
_AMOUNT = compile_rule(r"\d{1,9}(?:\.\d{1,6})?+[ \t]?(\p{Han})")
# a word of these tags at the end of a line leaves the sentence open
_OPEN_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv"})
_SKELETON_CHARS = frozenset("，、；：,;:“”《》")
_LEAD = frozenset("，、,“《（(「『")


def prev_blocked(prev: str, r: Rules) -> bool:
    """Can nothing be joined after ``prev``?  It ends a sentence, or is a salutation or
    sign-off, or ends in a character a cut sentence does not end in.  (A heading is decided
    with the line after it: :func:`heading_goes_on`.)"""
    if not prev:
        return True
    last = prev[-1]
    if last in FINAL:
        return True
    latin_end = last.isascii() and last.isalpha() and len(prev) > 2 and prev[-2].isascii()
    if not (IS_HAN[last] or last in _LEAD or last.isdigit() or last in CLOSERS or latin_end):
        return True
    if (last in CLOSERS and (ends_sentence(prev) or _AFTER_END.search(prev))) or "|" in prev:
        return True
    return r.greeting_match(prev)


def heading_goes_on(prev: str, nxt: str, r: Rules) -> bool:
    """Does the numbered line ``prev`` (一、… 3、… ②…) go on into ``nxt``?  A heading with
    text after its number does not end in a particle or a comma, nor in half a word
    (3、建设…也是社|会上…).  A bare marker (首先， 一、) never goes on."""
    m = r.heading.match(prev)
    if m is not None and len(prev) - m.end() < HEADING_TEXT_MIN:
        return False
    return (open_end(prev, r) or prev[-1] in "，、," or nxt[0] in CONT_PUNCT or no_start(nxt, r)
            or word_spans(prev, nxt))


def turn_label(nxt: str, prev: str, r: Rules) -> bool:
    """Does ``nxt`` start with a speaker or field label (甲： 主持人：), not the end of a word
    cut before a colon (例|如：)?"""
    return r.turn.match(nxt) is not None and not word_spans(prev, nxt)


def _next_blocked(nxt: str, r: Rules) -> bool:
    first = nxt[0]
    if not (is_han(first) or first in CONT_PUNCT or first in OPENERS
            or (first.isascii() and first.isalnum())):
        return True
    return "|" in nxt or r.block_match(nxt)


def word_spans(prev: str, nxt: str) -> bool:
    """Does a dictionary word run across the break (检|查, 全方|位)?

    Not when both sides end and start with a word of their own (群众满意|下一步: 意下 is a
    word, but so are 满意 and 下一步; 组长|大山), and only when it is more common than the
    word it would break up on the other side.
    """
    if not (IS_HAN[prev[-1]] and IS_HAN[nxt[0]]):
        return False
    lex = lexicon()
    head = nxt[:4]
    for k in (1, 2, 3):
        tail = prev[-k:]
        if len(tail) < k or not all(IS_HAN[c] for c in tail):
            break
        spans = [w for w in lex.words_at(tail + head, 0) if len(w) > k]
        if not spans:
            continue
        w = max(spans, key=lex.freq)
        left, right = _left_word_freq(prev, k), _right_word_freq(nxt, len(w) - k)
        if not (left and right) and lex.freq(w) > max(left, right):
            return True  # (when both halves are words already, the break falls between words)
    return False


def _right_word_freq(nxt: str, m: int) -> int:
    """Frequency of the most common word that starts ``nxt`` and is longer than its first ``m`` chars."""
    lex = lexicon()
    return max((lex.freq(w) for w in lex.words_at(nxt, 0) if len(w) > m), default=0)


def _left_word_freq(prev: str, k: int) -> int:
    """Frequency of the most common word that ends ``prev`` and is longer than its last ``k`` chars."""
    lex = lexicon()
    return max((lex.freq(prev[-n:]) for n in range(k + 1, min(4, len(prev)) + 1)), default=0)


def open_end(prev: str, r: Rules) -> bool:
    """Does ``prev`` end in a particle, preposition or conjunction that cannot end a sentence?"""
    if prev[-1] not in r.open_end:
        return False
    lex = lexicon()
    for k in (3, 2):  # the word that ends the line: 目的 and 存在 may end a sentence
        w = prev[-k:]
        if len(w) == k and w in lex:
            return lex.tag(w) in _OPEN_TAGS
    return True


def number_goes_on(prev: str, nxt: str, r: Rules) -> bool:
    """Does ``nxt`` start with an amount that the Han text before it introduces (规模达|4.2亿人),
    or the rest of a date cut in two (7月|14日)?

    A date or time (2024年… 8月9日… 10时…) often starts a sentence; other amounts rarely do.
    """
    m = _AMOUNT.match(nxt)
    if m is None or not IS_HAN[prev[-1]]:
        return False
    return m.group(1) not in r.date_units or _DATE_CUT.search(prev[-6:]) is not None


def no_start(nxt: str, r: Rules) -> bool:
    """Does ``nxt`` start with a character that cannot start a sentence (的竞争 but not 的确)?"""
    return nxt[0] in r.no_start and next(lexicon().words_at(nxt, 0), None) is None


def _list_line(text: str) -> bool:
    return len(text) <= LIST_LINE_MAX and not STOP.search(text)


def _skeleton(text: str) -> list[str]:
    return [c for c in text if c in _SKELETON_CHARS]


def _parallel(a: str, b: str) -> bool:
    """Two items of one list (加强学习，提高素质 / 完善制度，规范管理): short, unpunctuated, same shape."""
    if not (_list_line(a) and _list_line(b)) or ends_sentence(a) or ends_sentence(b):
        return False
    return _skeleton(a) == _skeleton(b) and abs(len(a) - len(b)) <= max(3, max(len(a), len(b)) // 3)


def _in_list(prev: str, nxt: str, before: str) -> bool:
    return _parallel(prev, nxt) or (_list_line(prev) and bool(before)
                                    and (before[-1] in "：:" or _parallel(before, prev)))


def _titled(prev: str, before: str) -> bool:
    """A title (凝心聚力，砥砺前行, 工作总结): a short line with commas at most, first on the page
    or after a title or a finished paragraph."""
    if len(prev) > TITLE_MAX or any(c in prev for c in "。；;！？!?、") or unclosed(prev):
        return False
    if max(len(part) for part in _COMMAS.split(prev)) > TITLE_PART_MAX:
        return False  # a title's halves are short (凝心聚力，砥砺前行); a sentence's are not
    return not before or not prose(before) or ends_sentence(before)


def _evidence_for(prev: str, nxt: str, r: Rules, particle: bool, style: bool, title: bool) -> int:
    """Evidence for a cut, except a word across the break (:func:`word_spans`, the dearest)."""
    score = 0
    if number_goes_on(prev, nxt, r):
        score += W_NUMBER
    if particle:
        score += W_PARTICLE
    if no_start(nxt, r):
        score += W_NO_START
    if prev[-1] in "，、," and not style:
        score += W_COMMA  # (a page whose lines end open often ends them with commas: a poem)
    if unclosed(prev):
        score += W_OPEN
    if prose(prev) and not (style or title):
        score += W_PROSE
    if ends_sentence(nxt) or STOP.search(nxt):
        score += W_ENDS
    return score


def _evidence_against(prev: str, nxt: str, before: str, particle: bool, style: bool, title: bool) -> int:
    score = 0
    if not style and not (ends_sentence(nxt) or STOP.search(nxt)) and prose(nxt):
        score += W_STYLE
    if short_label(nxt):
        score += W_LABEL
    elif not ANY_PUNCT.search(nxt):
        score += W_BARE
    if title:
        score += W_TITLE
    if not particle and _in_list(prev, nxt, before):
        score += W_LIST
    return score


def cut_score(prev: str, nxt: str, before: str, r: Rules, style: bool = False) -> int:
    """Evidence that the break between ``prev`` and ``nxt`` cuts a sentence (see the W_ weights);
    exact where it decides: compared with JOIN_AT, it gives the same answer as the full sum.

    ``style``: the author leaves paragraphs around the break without a full stop
    (:class:`.style.StyleCounts`), so an open end of running text is no evidence; only what is
    seen at the break counts.
    """
    particle = open_end(prev, r)
    # a line that ends in a particle or preposition is neither a whole title nor a whole item
    title = not particle and _titled(prev, before)
    score = (_evidence_for(prev, nxt, r, particle, style, title)
             + _evidence_against(prev, nxt, before, particle, style, title))
    if JOIN_AT - W_WORD <= score < JOIN_AT and word_spans(prev, nxt):
        score += W_WORD  # looked up only when it decides
    return score


def _punct_start(prev: str, nxt: str) -> str | None:
    """FW302 for a next line that starts with continuing punctuation, when it reads as one."""
    if nxt[0] in CLOSERS and unclosed(prev) is None:
        return None  # only a closer needs its opener
    if len(nxt) > 1 and not any(IS_HAN[c] for c in nxt[1:3]):
        return None  # punctuation noise, not a sentence going on
    return "FW302"


def decide(prev: str, nxt: str, before: str, r: Rules, style: bool = False) -> str | None:
    """The rule that joins ``prev`` and ``nxt`` across a line break, or None to keep them apart.

    ``prev`` is not :func:`prev_blocked`; ``before`` is the line before ``prev`` ("" if none).
    """
    if not nxt:
        return None
    first = nxt[0]
    if first in CONT_PUNCT:
        return _punct_start(prev, nxt) if "|" not in nxt else None
    if _next_blocked(nxt, r) or turn_label(nxt, prev, r):
        return None
    if heading_like(prev, r) and not heading_goes_on(prev, nxt, r):
        return None
    if cut_score(prev, nxt, before, r, style) < JOIN_AT:
        return None
    if first in OPENERS:
        if len(nxt) < 2 or not (IS_HAN[nxt[1]] or nxt[1] in OPENERS or nxt[1].isalnum()):
            return None
        return "FW303" if first == unclosed(prev) else "FW301"
    if first.isascii() and not _ascii_goes_on(prev, nxt, r):
        return None
    return "FW301"


def _ascii_goes_on(prev: str, nxt: str, r: Rules) -> bool:
    """A next line that starts with a digit or a Latin letter continues ``prev`` only as a
    sentence (完成投资|1200万元，…), a Latin word in Chinese text (引进了|ERP系统) or a wrapped
    Latin sentence; a code or a date-stamp (fabu2025-12-05) does not."""
    last = prev[-1]
    if nxt[0].isdigit():
        return (IS_HAN[last] or last.isdigit()) and (prose(nxt) or bool(STOP.search(nxt))
                                                     or number_goes_on(prev, nxt, r))
    return (last.isascii() and last.isalpha()) or (IS_HAN[last] and _LATIN_WORD.match(nxt) is not None)
