"""Stage rewrap: put back together what page breaks, hard wraps and scrapers cut apart.

In order: page markers and artefact separators are removed (FW307, FW308);
lines hard-wrapped at a fixed width are joined (FW304); page-chunk numbers that
cut a sentence are dropped (FW306); a sentence cut by a line break or a blank
line is joined (FW301-FW303), also an agenda item cut before its last words
(FW309); stray spaces inside words go (FW305).

A join needs two signals: the piece before does not end a sentence and reads
as prose, and the piece after continues it.  Headings, list items, salutations,
sign-offs, dates, short title lines and speaker turns are never joined
(FW320-FW325).  The join passes run to a fixpoint, so cleaning twice is cleaning once.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ..document import Change, Document, Line
from ..rules import RuleBook, RuleError
from ..settings import Settings

STAGE = "rewrap"
_INDENT = " \t\u3000"

# a piece that ends with one of these (closers stripped) ends a sentence or a clause block
_FINAL = frozenset("。！？!?…；;：:.")
_CLOSERS = "”’」』）)》】〕]\"'‛〞〟"
_CLOSERS_DASHES = frozenset(_CLOSERS + "—-")
_PARA_FINAL = frozenset("。！？!?…：:.")
# odd quote glyphs of scraped pages (‚…‛, 〝…〞) count like “…”: punct turns them into “” later,
# and a second cleaning must decide the same cut the same way
_OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "‘": "’",
            "‚": "‛", "〝": "〞", "„": "〟"}
# punctuation that can only continue a sentence, never start one
_CONT_PUNCT = frozenset("，、；;,。！？!?）)》」』”’】〕：:‛〞〟")
_CLAUSE = regex.compile(r"[，。；！？,;!?]")
# a line with clause punctuation before its last character (_prose): one match per such line
_PROSE_LINE = re.compile(r"[，。；！？,;!?].+")  # the rest of the line: one match per line
_STOP = regex.compile(r"[。！？!?；;]")
_FULL_STOP = regex.compile(r"[。！？]")
_RUN_IN = regex.compile(r"[。；;]")
_TITLE_STOP = regex.compile(r"[。；;！？!?、]")
_SKELETON = regex.compile(r"[，、；：,;:“”《》]")
_LATIN_WORD = regex.compile(r"[A-Za-z]+\p{Han}")
_LATIN_END = regex.compile(r"\p{Han}[A-Za-z]{2,}$")  # 实现GDP — not jammer noise such as 'N: o'
_SPACES = regex.compile(r"[ \t]{2,}")
_HAN = regex.compile(r"\p{Han}")
_ANY_PUNCT = regex.compile(r"[\p{P}\p{S}]")


class _HanTable(dict):
    """``_IS_HAN[ch]``: is ``ch`` a Han character (``_HAN``), looked up once per character."""

    def __missing__(self, ch: str) -> bool:
        han = self[ch] = _HAN.match(ch) is not None
        return han


_IS_HAN = _HanTable()
# a space between two Han characters; and spaces that separate fields rather than wrap words
_HAN_SPACE = regex.compile(r"(?<=\p{Han}) (?=\p{Han})")
_SEP_SPACE = regex.compile(r"^ | $|  |(?<=[\p{P}\p{S}]) | (?=[\p{P}\p{S}])|\t")
# a measure word or unit after a space: a number was deleted there (建校 周年), keep the gap
_UNIT_AFTER = regex.compile(r"[周年月日号届次个名位人元万亿多余倍岁天期批项条]")
_CHUNK = regex.compile(r"^(\d{1,3})[、.．]\s*")
# an ordered agenda item: 一、 二、 … or 1、 2. …
_ITEM = regex.compile(r"^(?:([一二三四五六七八九十]{1,3})|(\d{1,2}))[、.．]")
_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_ITEM_FIRST = frozenset("一二三四五六七八九十0123456789")
_ITEM_SEP = frozenset("、.．")

HEADING_BODY_MAX = 40  # a numbered line with a longer body is a paragraph, not a heading
TITLE_MAX = 25  # a line this short with commas only, after a title or a full stop, is a title
LIST_LINE_MAX = 40  # an unpunctuated line this short next to others like it is a list item
SHORT_TAIL = 20  # a next line this short without any punctuation is a name, unit or title
WRAP_MIN_WIDTH = 40  # narrowest hard-wrap width we believe in (GBK columns, 20 Han)
MAX_PASSES = 64  # join passes until nothing changes (a join can make the pair before it joinable)
SPACED_MIN_GAP = 8  # wraps that became spaces are a line apart; field separators are closer
WRAP_MIN_LINES = 5
# a page where more than this share of prose paragraphs (at least STYLE_MIN_OPEN of them)
# ends without a full stop is written that way: only joins before a leading comma stay
STYLE_OPEN_SHARE = 0.5
STYLE_MIN_OPEN = 3
STYLE_MIN_LEN = 10
WRAP_MAX_CHARS = 200  # hard-wrapped lines are shorter than this


@dataclass(frozen=True)
class _Rules:
    marker: regex.Pattern
    artefact: regex.Pattern
    heading: regex.Pattern
    salutation: regex.Pattern
    signoff: regex.Pattern
    agenda: regex.Pattern
    turn: regex.Pattern
    hints: tuple[str, ...] | None  # a marker or artefact contains one of these; None: always search
    # salutation|signoff and heading|salutation|signoff in one pattern each: one search instead
    # of two or three (only a boolean is needed); None when a backreference forbids combining
    greeting: regex.Pattern | None = None
    block: regex.Pattern | None = None

    def greeting_match(self, text: str) -> bool:
        """Does ``text`` start with a salutation or a sign-off?"""
        if self.greeting is not None:
            return self.greeting.match(text) is not None
        return self.salutation.match(text) is not None or self.signoff.match(text) is not None

    def block_match(self, text: str) -> bool:
        """Does ``text`` start with a heading, a salutation or a sign-off?"""
        if self.block is not None:
            return self.block.match(text) is not None
        return bool(self.heading.match(text) or self.salutation.match(text) or self.signoff.match(text))

    kind_hints: dict[str, tuple[str, ...] | None] | None = None  # the same, for marker and artefact alone

    def may_clean(self, text: str) -> bool:
        """Cheap test before the marker and artefact searches."""
        return self.hints is None or any(h in text for h in self.hints)

    def has_markers(self, text: str) -> bool:
        """Does ``text`` contain a page marker or an artefact separator?  Each pattern is
        searched only when one of its own hints is in the text."""
        for kind, pat in (("marker", self.marker), ("artefact", self.artefact)):
            hints = self.kind_hints.get(kind) if self.kind_hints is not None else self.hints
            if (hints is None or any(h in text for h in hints)) and pat.search(text):
                return True
        return False


@functools.cache
def _compiled(rules: RuleBook) -> _Rules:
    groups: dict[str, list[str]] = {k: [] for k in ("marker", "artefact", "heading", "salutation", "signoff",
                                                    "agenda", "turn")}
    hints: set[str] | None = set()
    kind_hints: dict[str, set[str] | None] = {"marker": set(), "artefact": set()}
    for e in rules.family("rewrap"):
        kind, pat = e.get("kind"), e.get("pattern")
        if kind is None or pat is None:
            continue
        if kind in ("marker", "artefact") and hints is not None:
            hints = hints | set(e["hint"]) if e.get("hint") else None
        if kind in kind_hints and kind_hints[kind] is not None:
            kind_hints[kind] = kind_hints[kind] | set(e["hint"]) if e.get("hint") else None
        if kind not in groups:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: unknown kind {kind!r}")
        try:
            regex.compile(pat)
        except regex.error as exc:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: bad pattern: {exc}") from None
        groups[kind].append(pat)
    never = r"(?!)"
    joined = {k: "|".join(f"(?:{p})" for p in v) or never for k, v in groups.items()}
    pats = {k: regex.compile(p, regex.M) for k, p in joined.items()}
    greeting = block = None
    # group numbers shift and global flags spread when patterns are combined: only combine
    # patterns without backreferences or inline flags
    if not any(regex.search(r"\\[1-9g]|\(\?P=|\(\?[a-zA-Z-]+\)", joined[k])
               for k in ("heading", "salutation", "signoff")):
        greeting = regex.compile(f"(?:{joined['salutation']})|(?:{joined['signoff']})", regex.M)
        block = regex.compile(f"(?:{joined['heading']})|(?:{joined['salutation']})|(?:{joined['signoff']})",
                              regex.M)
    return _Rules(**pats, hints=tuple(sorted(hints)) if hints is not None else None,
                  greeting=greeting, block=block,
                  kind_hints={k: tuple(sorted(v)) if v is not None else None for k, v in kind_hints.items()})


@dataclass(slots=True)
class _L:
    """A mutable line while the stage works: text, source line, and original indentation."""

    text: str
    src: int
    indent: int = 0  # GBK columns of indentation the line had in the source


# ---------------------------------------------------------------- classification

def ends_sentence(text: str) -> bool:
    """Does the piece end a sentence (or a clause block such as 如下：)?"""
    t = text.rstrip(_CLOSERS)
    if not t:
        return True
    if len(t) < len(text) and t[-1] not in _FINAL:
        # 坚持“三个代表” — a closing quote without a full stop before it does not end the sentence
        return False
    return t[-1] in _FINAL or text.endswith(("——", "--"))


def _unclosed(text: str) -> str | None:
    """The last opener (“ 《 （ …) that ``text`` opens more often than it closes, if any."""
    best, pos = None, -1
    for opener, closer in _OPENERS.items():
        if opener in text and text.count(opener) > text.count(closer):
            at = text.rfind(opener)
            if at > pos:
                best, pos = opener, at
    return best


def _heading_like(text: str, r: _Rules) -> bool:
    """A numbered line with a short body: a heading or list item, never part of a paragraph.

    A run-in heading followed by its text (（二）推进乡村振兴。全镇共…) is a paragraph.
    """
    m = r.heading.match(text)
    return (bool(m) and len(text) - m.end() <= HEADING_BODY_MAX
            and not _RUN_IN.search(text, m.end(), len(text) - 1))


def _prose(text: str) -> bool:
    """Running text: it has clause punctuation inside (a title or label line has none)."""
    return bool(_CLAUSE.search(text, 0, len(text) - 1))


def _starts_block(text: str, r: _Rules) -> bool:
    """Lines that begin something new: headings, items, salutations, sign-offs, dates."""
    return r.block_match(text)


def _short_label(text: str) -> bool:
    """A short line without any punctuation: a title, a name, a unit, a signature."""
    return len(text) <= SHORT_TAIL and not _ANY_PUNCT.search(text)


def _list_line(text: str) -> bool:
    """A short line with no full stop inside: an item of a list written without punctuation."""
    return len(text) <= LIST_LINE_MAX and not _STOP.search(text)


def _parallel(a: str, b: str) -> bool:
    """Two items of one list (加强学习，提高素质 / 完善制度，规范管理): short, unpunctuated, same shape."""
    if not (_list_line(a) and _list_line(b)) or ends_sentence(a) or ends_sentence(b):
        return False
    return (_SKELETON.findall(a) == _SKELETON.findall(b)
            and abs(len(a) - len(b)) <= max(3, max(len(a), len(b)) // 3))


def _titled(prev: str, before: str) -> bool:
    """A title with a comma (凝心聚力，砥砺前行): a short line with commas only, first on the
    page or after a title or a finished paragraph (a cut piece mostly has 、 。 or “ too)."""
    if len(prev) > TITLE_MAX or _TITLE_STOP.search(prev) or _unclosed(prev):
        return False
    return not before or not _prose(before) or ends_sentence(before)


def _prev_blocked(prev: str, r: _Rules) -> bool:
    """Can nothing be joined after ``prev``?  It ends a sentence, or is a heading, salutation
    or sign-off, or ends in a character a cut sentence does not end in."""
    if not prev:
        return True
    last = prev[-1]
    if last in _FINAL:
        return True
    if not (_IS_HAN[last] or last in "，、,“《（(「『" or last.isdigit() or last in _CLOSERS
            or _LATIN_END.search(prev)):
        return True
    # ends_sentence() can only hold here when a closer ends the line
    if (last in _CLOSERS and ends_sentence(prev)) or "|" in prev:
        return True
    return _heading_like(prev, r) or r.greeting_match(prev)


def _join_code(prev: str, nxt: str, r: _Rules, before: str = "") -> str | None:
    """The rule that joins ``prev`` and ``nxt`` across a line break, or None to keep them apart.

    ``before`` is the line before ``prev``: a run of unpunctuated short lines is a list.
    """
    if not nxt or _prev_blocked(prev, r):
        return None
    return _join_after(prev, nxt, r, before)


def _join_after(prev: str, nxt: str, r: _Rules, before: str) -> str | None:
    """:func:`_join_code` for a ``prev`` that is not :func:`_prev_blocked` and a non-empty ``nxt``."""
    first, last = nxt[0], prev[-1]
    # cheap character tests first: most pairs fail here
    if not (_han_char(first) or first in _CONT_PUNCT or first in _OPENERS
            or (first.isascii() and first.isalnum())) or "|" in nxt:
        return None
    if first in _CONT_PUNCT:
        # 明确\n\n，希望 — a piece cannot start with a comma; only a closer needs its opener
        if first in _CLOSERS and _unclosed(prev) is None:
            return None
        if len(nxt) > 1 and not _HAN.search(nxt, 1, 3):
            return None  # punctuation noise, not a sentence going on
        return "FW302"
    if not (last in "，、," or _prose(prev) or _unclosed(prev)):
        return None  # a title or label line
    if _titled(prev, before):
        return None
    if _starts_block(nxt, r) or _short_label(nxt) or r.turn.match(nxt):
        return None
    if _parallel(prev, nxt) or (_list_line(prev) and before
                                and (before[-1] in "：:" or _parallel(before, prev))):
        return None  # 如下：/ 加强学习，提高素质 / 完善制度，规范管理 — items, not a cut sentence
    if _prose(nxt) and not ends_sentence(nxt) and not _STOP.search(nxt):
        # the rest of a cut sentence ends it; two unpunctuated paragraphs in a row are the
        # author's style (…限期整改 / 检查结束后，请…报县安委办), not a cut.  Chains still
        # join: once the later pair is joined, the next pass sees a proper ending.
        return None
    if _IS_HAN[first]:
        return "FW301"
    if first in _OPENERS and len(nxt) > 1 and (_IS_HAN[nxt[1]] or nxt[1] in _OPENERS):
        return "FW303" if first == _unclosed(prev) else "FW301"
    if (first.isdigit() or _LATIN_WORD.match(nxt)) and _prose(nxt) and (_IS_HAN[last] or last.isdigit()):
        return "FW301"  # 完成投资\n1200万元 / 引进了\nERP系统
    return None


def _han_char(ch: str) -> bool:
    """Fast approximate test for a Han character (the exact test is ``_HAN``)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _glue(prev: str, nxt: str, code: str) -> str:
    if code == "FW303":
        nxt = nxt[1:]  # the opener repeated after the cut
    elif prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha():
        return f"{prev} {nxt}"  # a wrapped Latin word boundary
    return prev + nxt


def _snippet(prev: str, sep: str, nxt: str, n: int = 12) -> str:
    return prev[-n:] + sep + nxt[:n]


# ---------------------------------------------------------------- passes

def _drop_marker(text: str, src: int, r: _Rules, changes: list[Change]) -> str:
    m = r.marker.search(text)
    if not m:
        return text
    s, e = max(0, m.start() - 8), m.end() + 8
    changes.append(Change("FW307", STAGE, src, text[s:e], text[s:m.start()] + text[m.end():e]))
    new = _SPACES.sub(" ", r.marker.sub("", text)).strip()
    for _ in range(3):  # what was around a marker can form another (—第3页 共5页1— → —1—)
        if not r.marker.search(new):
            break
        new = _SPACES.sub(" ", r.marker.sub("", new)).strip()
    return new


def _clean_markers(lines: list[_L], r: _Rules, changes: list[Change]) -> list[_L]:
    """Remove artefact separators, then page markers (an artefact may hide one: —Р1—).

    An artefact after a full stop stood for a line break; elsewhere it is just dropped.
    """
    out: list[_L] = []
    for ln in lines:
        text = ln.text
        if not text:
            out.append(ln)
            continue
        pieces = [text]
        if r.artefact.search(text):
            pieces = []
            for p in (p.strip() for p in r.artefact.split(text)):
                if p and pieces and not ends_sentence(pieces[-1]):
                    pieces[-1] += p
                elif p:
                    pieces.append(p)
            changes.append(Change("FW308", STAGE, ln.src, text, "\n".join(pieces)))
        pieces = [p for p in (_drop_marker(p, ln.src, r, changes) for p in pieces) if p]
        out.extend(_L(p, ln.src, ln.indent if i == 0 else 0) for i, p in enumerate(pieces))
    return out


def _gbk_width(text: str) -> int:
    """Columns in a GBK terminal: the unit most fixed-width Chinese wraps were counted in."""
    return len(text.encode("gbk", "replace"))


def _width(ln: _L, gbk: bool) -> int:
    """The width the line had in the source, indentation included."""
    return (_gbk_width(ln.text) + ln.indent) if gbk else len(ln.text) + ln.indent // 2


def _wrap_width(lines: list[_L]) -> tuple[int, bool] | None:
    """The fixed width the page was hard-wrapped at (GBK columns, or characters), if any.

    Many lines share one width (give or take the one column a wide character
    cannot fill), few lines are wider, and the full lines are prose that often
    does not end a sentence.
    """
    filled = [ln for ln in lines if ln.text]
    if len(filled) < WRAP_MIN_LINES + 1:
        return None
    texts = [ln.text for ln in filled]
    indents = [ln.indent for ln in filled]
    # widths in characters (see _width), computed once for the cheap exit and the search
    chars = [len(t) + i // 2 for t, i in zip(texts, indents, strict=True)]
    # cheap exit: no cluster of similar lengths (a paragraph per line, or ragged short lines);
    # two bucketings of width 8, offset by 4, catch any cluster of width 5 (ASCII makes lines
    # of one GBK width differ in characters)
    lens = [n for n in chars if 10 <= n <= WRAP_MAX_CHARS]
    need = max(WRAP_MIN_LINES, 0.25 * len(texts))
    if len(lens) < need or max(max(Counter(n // 8 for n in lens).values()),
                               max(Counter((n + 4) // 8 for n in lens).values())) < need:
        return None
    if not _may_share_width(chars):
        return None
    gbk_widths = [len(t.encode("gbk", "replace")) + i for t, i in zip(texts, indents, strict=True)]
    best: tuple[int, int, bool] | None = None
    for gbk, widths in ((True, gbk_widths), (False, chars)):
        c = Counter(widths)
        for w in c:
            full = c[w] + c.get(w - 1, 0)
            if (w >= (WRAP_MIN_WIDTH if gbk else WRAP_MIN_WIDTH // 2)
                    and (best is None or full > best[0])):
                best = (full, w, gbk)
    if best is None:
        return None
    full, w, gbk = best
    widths = gbk_widths if gbk else chars
    wider = sum(1 for x in widths if x > w)
    if full < WRAP_MIN_LINES or full < 0.3 * len(texts) or wider > max(1, len(texts) // 20):
        return None
    full_lines = [t for t, x in zip(texts, widths, strict=True) if x in (w, w - 1)]
    open_ends = sum(1 for t in full_lines if not ends_sentence(t))
    prose = sum(1 for t in full_lines if _CLAUSE.search(t) or "、" in t)
    if open_ends < 0.5 * full or prose < 0.5 * full:
        return None
    return w, gbk


def _may_share_width(chars: list[int]) -> bool:
    """Cheap exact exit for :func:`_wrap_width`, before the GBK widths are computed.

    An accepted width w has at least ``need`` lines of width w or w-1 and at most ``few``
    lines wider, so among the widths sorted downwards the ``few``-th (0-based) and the
    ``need``-th differ by at most 1.  Character widths C are known; a GBK width G of the
    same line lies in [C, 2C + 1], which bounds the GBK gap from below.
    """
    n = len(chars)
    few = max(1, n // 20)
    last = math.ceil(max(WRAP_MIN_LINES, 0.3 * n)) - 1  # index of the need-th widest line
    if last >= n:
        return False
    ranked = sorted(chars, reverse=True)
    hi, lo = ranked[few], ranked[last]
    return hi - lo <= 1 or hi - (2 * lo + 1) <= 1


def _para_end(text: str) -> bool:
    """Could a paragraph end here?  Like :func:`ends_sentence`, but ；and ， never end one."""
    t = text.rstrip(_CLOSERS)
    return not t or t[-1] in _PARA_FINAL


def _unwrap(lines: list[_L], r: _Rules, changes: list[Change]) -> list[_L]:
    """Join lines hard-wrapped at the page's fixed width."""
    found = _wrap_width(lines)
    if found is None:
        return lines
    w, gbk = found
    indent_marks = sum(1 for ln in lines if ln.indent)
    out: list[_L] = []
    wrapped = False  # the last line in ``out`` was full width: the next line continues it
    for ln in lines:
        if out and wrapped and ln.text:
            prev = out[-1]
            # a full line that ends a paragraph-final sentence may end the paragraph: then the
            # next line is indented (if the page indents) or starts a heading, item or salutation
            new_para = _para_end(prev.text) and (ln.indent > 0 or not indent_marks
                                                 or _starts_block(ln.text, r))
            if not new_para:
                changes.append(Change("FW304", STAGE, prev.src, _snippet(prev.text, "\n", ln.text),
                                      _snippet(prev.text, "", ln.text)))
                out[-1] = _L(_glue(prev.text, ln.text, "FW304"), prev.src, prev.indent)
                wrapped = _width(ln, gbk) in (w, w - 1)
                continue
        out.append(ln)
        wrapped = bool(ln.text) and _width(ln, gbk) in (w, w - 1)
    return out


def _chunk_seq(lines: list[_L]) -> list[int] | None:
    """The page-chunk numbers to drop (indices of 1、… 2、… 3、…), or None to leave the page.

    Every chunk after the first must cut a sentence; blank lines are skipped.
    """
    # prefilter: a chunk line starts with a digit, and most lines do not
    starts = [i for i, ln in enumerate(lines) if ln.text[:1].isdigit() and _CHUNK.match(ln.text)]
    if len(starts) < 2:
        return None
    nums = {i: int(_CHUNK.match(lines[i].text).group(1)) for i in starts}
    seq = [i for i in starts if nums[i] == 1][:1]
    for i in starts:
        if seq and nums[i] == nums[seq[-1]] + 1:
            seq.append(i)
    if len(seq) < 2:
        return None
    for i in seq[1:]:
        # the line before, or the last non-blank one (seq is not sorted: i may be 0)
        prev = (i > 0 and lines[i - 1].text) or next((ln.text for ln in reversed(lines[:i]) if ln.text), "")
        body = lines[i].text[_CHUNK.match(lines[i].text).end():]
        cut = (prev and not ends_sentence(prev) and _HAN.match(prev[-1])
               and _FULL_STOP.search(prev) and len(prev) >= 30
               and len(body) >= 10 and (_HAN.match(body[0]) or body[0] in _CONT_PUNCT))
        if not cut:
            return None  # a real numbered list somewhere in the sequence: leave all of it
    return seq


def _chunks(lines: list[_L], changes: list[Change]) -> list[_L]:
    """Drop page-chunk numbers (1、… 2、… 3、…) where every chunk after the first cuts a sentence."""
    seq = _chunk_seq(lines)
    if seq is None:
        return lines
    out = list(lines)
    for k, i in enumerate(seq):
        ln = out[i]
        body = ln.text[_CHUNK.match(ln.text).end():]
        if k == 0:
            changes.append(Change("FW306", STAGE, ln.src, ln.text[:len(ln.text) - len(body) + 8], body[:8]))
            out[i] = _L(body, ln.src, ln.indent)
            continue
        j = max(x for x in range(i) if out[x] is not None and out[x].text)
        prev = out[j]
        changes.append(Change("FW306", STAGE, prev.src, _snippet(prev.text, "\n", ln.text),
                              _snippet(prev.text, "", body)))
        out[j] = _L(prev.text + body, prev.src, prev.indent)
        for x in range(j + 1, i + 1):
            out[x] = None  # type: ignore[call-overload]
    return [ln for ln in out if ln is not None]


def _count_prose(texts: list[str]) -> int:
    """How many of ``texts`` are :func:`_prose`, in one search of them all."""
    return len(_PROSE_LINE.findall("\n".join(texts)))


def unpunctuated_style(lines: list[_L]) -> bool:
    """Does the author leave most paragraphs without a full stop?  Then an open end is no cut."""
    texts = [ln.text for ln in lines if len(ln.text) >= STYLE_MIN_LEN][:-1]
    # ends_sentence() of a line not ending in _FINAL needs a closer or a dash at its end
    open_ends = _count_prose([t for t in texts if t[-1] not in _FINAL
                              and (t[-1] not in _CLOSERS_DASHES or not ends_sentence(t))])
    if open_ends < STYLE_MIN_OPEN:
        return False  # the usual case, decided without looking at every line
    return open_ends > STYLE_OPEN_SHARE * _count_prose(texts)


class _Codes(dict):
    """Memo of :func:`_join_code` for one page: the fixpoint passes ask about the same pairs again."""

    def __init__(self, r: _Rules) -> None:
        super().__init__()
        self.r = r
        self.blocked: dict[str, bool] = {}

    def prev_blocked(self, prev: str) -> bool:
        """:func:`_prev_blocked`, remembered (the first pass asks it before the pair)."""
        b = self.blocked.get(prev)
        if b is None:
            b = self.blocked[prev] = _prev_blocked(prev, self.r)
        return b

    def __missing__(self, key: tuple[str, str, str]) -> str | None:
        prev, nxt, before = key
        code = None if not nxt or self.prev_blocked(prev) else _join_after(prev, nxt, self.r, before)
        self[key] = code
        return code


# the result of a join pass: lines, their blanks, the lines that grew, a digit line absorbed
_Pass = tuple[list[_L], list["_L | None"], list[int], bool]


def _split_blanks(lines: list[_L]) -> tuple[list[_L], list[_L | None]]:
    """The non-blank lines, and for each the blank line before it (the first of a run) or None.

    Joins only look at neighbouring non-blank lines.  Blanks at the start or the end go
    (the join passes and the final tidy-up drop them anyway).
    """
    items: list[_L] = []
    blanks: list[_L | None] = []
    blank: _L | None = None
    for ln in lines:
        if not ln.text:
            blank = blank or ln
            continue
        items.append(ln)
        blanks.append(blank if len(items) > 1 else None)
        blank = None
    return items, blanks


def _merge_blanks(items: list[_L], blanks: list[_L | None]) -> list[_L]:
    """Inverse of :func:`_split_blanks`: the lines with their blank lines back in place."""
    out: list[_L] = []
    for ln, blank in zip(items, blanks, strict=True):
        if blank is not None:
            out.append(blank)
        out.append(ln)
    return out


def _join_pass(items: list[_L], blanks: list[_L | None], cands: Iterable[int], punct_only: bool,
               codes: _Codes, changes: list[Change]) -> _Pass | None:
    """One pass joining sentences cut by a line break or a blank line (``punct_only``: only FW302).

    Only the lines in ``cands`` (ascending indices) can join the line before them, apart
    from the lines right after a join, whose neighbours changed: they are always examined.
    Returns None when nothing was joined, else the new lines, their blanks, the indices
    of the lines that grew (their pair with the line before must be looked at again) and
    whether a line starting with a digit was joined to the one before.
    """
    out: list[_L] = []
    out_blanks: list[_L | None] = []
    grown: list[int] = []
    absorbed_digit = False  # a line that starts with a digit was joined to the one before
    last_grown = -3  # index in ``out`` of the line that grew last in this pass
    pos, n = 0, len(items)  # items[:pos] are done
    todo = iter(cands)
    cand = next(todo, None)
    while True:
        if pos < n and last_grown >= len(out) - 2:
            idx = pos  # the line before, or the one before that, changed in this pass
        else:
            while cand is not None and cand < pos:
                cand = next(todo, None)
            if cand is None:
                break
            idx = cand
            if idx > pos:  # lines in between keep their neighbours: they stay apart as before
                out += items[pos:idx]
                out_blanks += blanks[pos:idx]
        ln = items[idx]
        pos = idx + 1
        code = None
        if out:
            prev = out[-1]
            if prev.text[-1] not in _FINAL and (not punct_only or ln.text[0] in _CONT_PUNCT):
                code = codes[prev.text, ln.text, out[-2].text if len(out) > 1 else ""]
                if punct_only and code != "FW302":
                    code = None
        if code:
            absorbed_digit = absorbed_digit or ln.text[0].isdigit()
            sep = "\n\n" if blanks[idx] else "\n"
            joined = _glue(prev.text, ln.text, code)
            changes.append(Change(code, STAGE, prev.src, _snippet(prev.text, sep, ln.text),
                                  _snippet(prev.text, "", joined[len(prev.text):])))
            out[-1] = _L(joined, prev.src, prev.indent)
            if last_grown != len(out) - 1:
                last_grown = len(out) - 1
                grown.append(last_grown)
        else:
            out.append(ln)
            out_blanks.append(blanks[idx])
    if not grown:
        return None
    out += items[pos:]
    out_blanks += blanks[pos:]
    return out, out_blanks, grown, absorbed_digit


def _near_digits(items: list[_L], grown: list[int], absorbed_digit: bool) -> bool:
    """Did the last join pass touch a line that starts with a digit (a possible chunk number)?

    A chunk sequence (:func:`_chunk_seq`) depends only on such lines, the lines just before
    them and their text; when no join grew, removed or preceded one, its answer is unchanged.
    """
    last = len(items) - 1
    return absorbed_digit or any(
        items[g].text[0].isdigit() or (g < last and items[g + 1].text[0].isdigit()) for g in grown)


def _item_no(text: str) -> tuple[str, int] | None:
    # prefilter: the 、 or . after one to three numerals (most lines that start with 一 are prose)
    if not (text[1:2] in _ITEM_SEP or text[2:3] in _ITEM_SEP or text[3:4] in _ITEM_SEP):
        return None
    m = _ITEM.match(text)
    if not m:
        return None
    if m.group(1):
        n = _CN_NUM.get(m.group(1)) if len(m.group(1)) == 1 else None
        return ("cn", n) if n else None
    return "ar", int(m.group(2))


def _wrapped_items(items: list[_L], blanks: list[_L | None], r: _Rules,
                   changes: list[Change]) -> tuple[list[_L], list[_L | None]]:
    """Join an agenda item cut before its last words: 二、…请党委书记 / 王某 先生致辞 / 三、…

    Only in a list whose items are sentences (some carry commas), for an item that
    addresses the audience (请 欢迎 让我们 …), and only when the short unpunctuated
    tail sits right before the next item of the sequence.  Works on split lines
    (:func:`_split_blanks`): the tail and the blank line before it go.
    """
    # prefilter: a join needs two lines that start with a numeral, two apart, with a short
    # line between them; most pages have none
    firsts = {p for p, ln in enumerate(items) if ln.text[0] in _ITEM_FIRST}
    if not any(p + 2 in firsts and len(items[p + 1].text) <= 15 for p in firsts):
        return items, blanks
    nums = {p: v for p in sorted(firsts) if (v := _item_no(items[p].text))}
    if len(nums) < 2:
        return items, blanks
    sentence_like = {v[0] for p, v in nums.items() if _CLAUSE.search(items[p].text)}
    if not sentence_like:
        return items, blanks
    drop: set[int] = set()
    last = len(items) - 3  # an item needs a tail and the next item after it
    for a, va in nums.items():
        vc = nums.get(a + 2)
        if not (a <= last and vc and va[0] == vc[0] and vc[1] == va[1] + 1 and va[0] in sentence_like):
            continue
        b = a + 1
        prev, tail = items[a].text, items[b].text
        if (b in nums or ends_sentence(prev) or not _HAN.match(prev[-1]) or not _HAN.match(tail[0])
                or len(tail) > 15 or _CLAUSE.search(tail) or ends_sentence(tail) or _starts_block(tail, r)
                or len(prev) - _ITEM.match(prev).end() < 12 or not r.agenda.search(prev)):
            continue
        changes.append(Change("FW309", STAGE, items[a].src, _snippet(prev, "\n", tail),
                              _snippet(prev, "", tail)))
        items[a] = _L(prev + tail, items[a].src, items[a].indent)
        drop.add(b)
    if not drop:
        return items, blanks
    keep = [i for i in range(len(items)) if i not in drop]
    return [items[i] for i in keep], [blanks[i] for i in keep]


def _inside_pair(text: str, pos: int) -> bool:
    """Is ``pos`` inside a quote or a title (“文明健康 有你有我”, 《中共中央 国务院…》)?"""
    return _unclosed(text[:pos]) is not None


def fix_spaces(text: str, r: _Rules) -> str:
    """Remove single spaces between Han characters inside a running sentence."""
    if not _HAN_SPACE.search(text) or not _prose(text) or _SEP_SPACE.search(text):
        return text
    spots = [m.start() for m in _HAN_SPACE.finditer(text)]
    if len(spots) > 2 and min(b - a for a, b in itertools.pairwise(spots)) < SPACED_MIN_GAP:
        return text  # spaced-out fields (names, columns), not wraps
    drop = []
    for pos in spots:
        before, after = text[:pos], text[pos + 1:]
        left = regex.search(r"\p{Han}+$", before).group()
        right = regex.match(r"\p{Han}+", after).group()
        if (len(left) < 2 and len(right) < 2) or _UNIT_AFTER.match(after) or _inside_pair(text, pos):
            continue  # a padded name (王 刚) or a deleted number (建校 周年)
        if r.heading.match(before) and not _CLAUSE.search(before):
            continue  # 二、总体要求 各单位… — the space ends a run-in heading
        if r.salutation.match(after) or r.heading.match(after):
            continue
        drop.append(pos)
    for pos in reversed(drop):
        text = text[:pos] + text[pos + 1:]
    return text


def _tidy_blanks(lines: list[_L]) -> list[_L]:
    """At most one blank line in a row, none at the start or end (as normalize leaves them)."""
    out: list[_L] = []
    for ln in lines:
        if not ln.text and (not out or not out[-1].text):
            continue
        out.append(ln)
    while out and not out[-1].text:
        out.pop()
    return out


def _indents(doc: Document) -> dict[int, int]:
    """Indentation (GBK columns) of source lines before normalize stripped it: paragraph starts."""
    out: dict[int, int] = {}
    widths: dict[str, int] = {}  # most pages indent every paragraph alike (　　)
    for c in [c for c in doc.changes if c.stage == "normalize"]:
        if c.after and c.before[:1] in _INDENT:
            lead = c.before[:len(c.before) - len(c.before.lstrip(_INDENT))]
            w = widths.get(lead)
            if w is None:
                w = widths[lead] = _gbk_width(lead)
            out[c.line] = w
    return out


def _open_pairs(texts: list[str]) -> bool:
    """Cheap test: does some line not end a sentence and have a line after it?"""
    prev = ""
    for t in texts:
        if not t:
            continue
        if prev and prev[-1] not in _FINAL:
            return True
        prev = t
    return False


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Repair cut sentences, hard wraps, page markers and stray spaces; record each fix."""
    r = _compiled(rules)
    text = doc.text
    texts = [ln.text for ln in doc.lines]
    # each pass runs only when a cheap page-level test says it may have work
    markers = r.has_markers(text)
    joins = _open_pairs(texts)
    spaces = " " in text and bool(_HAN_SPACE.search(text))
    if not (markers or joins or spaces):
        return doc  # every line ends a sentence and nothing else to repair: the common fast path
    indents = _indents(doc)
    lines = [_L(t, ln.src, indents.get(ln.src, 0)) for t, ln in zip(texts, doc.lines, strict=True)]
    changes: list[Change] = []
    if markers:
        lines = _clean_markers(lines, r, changes)
    if joins or markers:
        lines = _unwrap(lines, r, changes)
        lines = _join_all(lines, r, changes)
    if spaces:
        for ln in lines:
            if " " not in ln.text:
                continue
            fixed = fix_spaces(ln.text, r)
            if fixed != ln.text:
                changes.append(Change("FW305", STAGE, ln.src, ln.text, fixed))
                ln.text = fixed
    if not changes:
        return doc
    lines = _tidy_blanks(lines)
    old = {ln.src: ln for ln in doc.lines}
    out = [old[ln.src] if ln.src in old and old[ln.src].text == ln.text else Line(ln.text, ln.src)
           for ln in lines]
    return doc.evolve(lines=out, changes=changes)


def _first_candidates(items: list[_L], punct_only: bool, codes: _Codes) -> list[int]:
    """Lines that may join the line before them in the first pass of a phase.

    Prefilter: most lines follow a line that ends a sentence or is a heading.
    """
    blocked = codes.prev_blocked
    if punct_only:  # only a line that starts with continuing punctuation
        return [i for i in range(1, len(items))
                if items[i].text[0] in _CONT_PUNCT and not blocked(items[i - 1].text)]
    return [i for i in range(1, len(items))
            if items[i - 1].text[-1] not in _FINAL and not blocked(items[i - 1].text)]


def _chunked(items: list[_L]) -> bool:
    """Do at least two lines start with a digit, as page-chunk numbers (1、 2. …) do?"""
    seen = 0
    for ln in items:
        if ln.text[0].isdigit():
            seen += 1
            if seen == 2:
                return True
    return False


def _chunk_items(items: list[_L], blanks: list[_L | None],
                 changes: list[Change]) -> tuple[list[_L], list[_L | None]] | None:
    """:func:`_chunks` on split lines; None when there is no chunk sequence to drop."""
    if _chunk_seq(items) is None:  # the usual case, decided without rebuilding the page
        return None
    return _split_blanks(_chunks(_merge_blanks(items, blanks), changes))


def _join_phase(items: list[_L], blanks: list[_L | None], punct_only: bool, rechunk: bool,
                codes: _Codes, changes: list[Change]) -> tuple[list[_L], list[_L | None], bool]:
    """Join passes (and chunk-number drops) until nothing changes, at most MAX_PASSES.

    A join can change what the pair before it looks like, so passes repeat; each pass
    after the first only looks at the lines whose neighbourhood the last pass changed.
    ``rechunk`` False: :func:`_chunk_seq` is known to find nothing in ``items``.  Returns
    the lines, their blanks and whether the passes came to rest (then it is known again).
    """
    cands: Iterable[int] = _first_candidates(items, punct_only, codes)
    # a join keeps the first character of the line before and removes the line after, so
    # a page without two lines starting with a digit now does not get them in this phase
    # (a join can make a chunk number, 2 + 、…, so the number itself is not enough)
    chunked = _chunked(items)
    # _chunks runs again only when its input changed since its last run
    for _ in range(MAX_PASSES):
        done = _join_pass(items, blanks, cands, punct_only, codes, changes)
        if done is not None:
            items, blanks, cands, absorbed_digit = done
            rechunk = rechunk or _near_digits(items, cands, absorbed_digit)
        else:
            cands = ()
        chunked_now = chunked and rechunk and _chunk_items(items, blanks, changes)
        rechunk = bool(chunked_now)
        if chunked_now:
            items, blanks = chunked_now
            cands = range(len(items))  # lines merged and renumbered: look at every pair again
        elif done is None:
            return items, blanks, True
    return items, blanks, False


def _join_all(lines: list[_L], r: _Rules, changes: list[Change]) -> list[_L]:
    """Chunk numbers, cut sentences and wrapped agenda items, joined to a fixpoint."""
    items, blanks = _split_blanks(lines)
    codes = _Codes(r)
    # joins before a leading comma first; the page's style is judged after them, so that a
    # second run judges the same lines (joins only make open ends rarer)
    rechunk = True
    for punct_only in (True, False):
        if not punct_only and unpunctuated_style(items):
            break
        items, blanks, at_rest = _join_phase(items, blanks, punct_only, rechunk, codes, changes)
        rechunk = not at_rest
    items, blanks = _wrapped_items(items, blanks, r, changes)
    return _merge_blanks(items, blanks)
