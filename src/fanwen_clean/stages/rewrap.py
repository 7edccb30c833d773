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
from collections import Counter
from dataclasses import dataclass

import regex

from ..document import Change, Document, Line
from ..rules import RuleBook, RuleError
from ..settings import Settings

STAGE = "rewrap"
_INDENT = " \t\u3000"

# a piece that ends with one of these (closers stripped) ends a sentence or a clause block
_FINAL = frozenset("。！？!?…；;：:.")
_CLOSERS = "”’」』）)》】〕]\"'"
_PARA_FINAL = frozenset("。！？!?…：:.")
_OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "‘": "’"}
# punctuation that can only continue a sentence, never start one
_CONT_PUNCT = frozenset("，、；;,。！？!?）)》」』”’】〕：:")
_CLAUSE = regex.compile(r"[，。；！？,;!?]")
_STOP = regex.compile(r"[。！？!?；;]")
_RUN_IN = regex.compile(r"[。；;]")
_TITLE_STOP = regex.compile(r"[。；;！？!?、]")
_SKELETON = regex.compile(r"[，、；：,;:“”《》]")
_LATIN_WORD = regex.compile(r"[A-Za-z]+\p{Han}")
_LATIN_END = regex.compile(r"\p{Han}[A-Za-z]{2,}$")  # 实现GDP — not jammer noise such as 'N: o'
_SPACES = regex.compile(r"[ \t]{2,}")
_HAN = regex.compile(r"\p{Han}")
_ANY_PUNCT = regex.compile(r"[\p{P}\p{S}]")
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

    def may_clean(self, text: str) -> bool:
        """Cheap test before the marker and artefact searches."""
        return self.hints is None or any(h in text for h in self.hints)


@functools.cache
def _compiled(rules: RuleBook) -> _Rules:
    groups: dict[str, list[str]] = {k: [] for k in ("marker", "artefact", "heading", "salutation", "signoff",
                                                    "agenda", "turn")}
    hints: set[str] | None = set()
    for e in rules.family("rewrap"):
        kind, pat = e.get("kind"), e.get("pattern")
        if kind is None or pat is None:
            continue
        if kind in ("marker", "artefact") and hints is not None:
            hints = hints | set(e["hint"]) if e.get("hint") else None
        if kind not in groups:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: unknown kind {kind!r}")
        try:
            regex.compile(pat)
        except regex.error as exc:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: bad pattern: {exc}") from None
        groups[kind].append(pat)
    never = r"(?!)"
    pats = {k: regex.compile("|".join(f"(?:{p})" for p in v) or never, regex.M) for k, v in groups.items()}
    return _Rules(**pats, hints=tuple(sorted(hints)) if hints is not None else None)


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
    return bool(r.heading.match(text) or r.salutation.match(text) or r.signoff.match(text))


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


def _join_code(prev: str, nxt: str, r: _Rules, before: str = "") -> str | None:
    """The rule that joins ``prev`` and ``nxt`` across a line break, or None to keep them apart.

    ``before`` is the line before ``prev``: a run of unpunctuated short lines is a list.
    """
    if not prev or not nxt or prev[-1] in _FINAL:
        return None
    first, last = nxt[0], prev[-1]
    # cheap character tests first: most pairs fail here
    if not (_han_char(first) or first in _CONT_PUNCT or first in _OPENERS
            or (first.isascii() and first.isalnum())):
        return None
    if not (_HAN.match(last) or last in "，、,“《（(「『" or last.isdigit() or last in _CLOSERS
            or _LATIN_END.search(prev)):
        return None
    if ends_sentence(prev) or "|" in prev or "|" in nxt:
        return None
    if _heading_like(prev, r) or r.salutation.match(prev) or r.signoff.match(prev):
        return None
    if first in _CONT_PUNCT:
        # 明确\n\n，希望 — a piece cannot start with a comma; only a closer needs its opener
        if first in _CLOSERS and _unclosed(prev) is None:
            return None
        if len(nxt) > 1 and not _HAN.search(nxt, 1, 3):
            return None  # punctuation noise, not a sentence going on
        return "FW302"
    if not (_prose(prev) or _unclosed(prev) or last in "，、,"):
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
    if _HAN.match(first):
        return "FW301"
    if first in _OPENERS and len(nxt) > 1 and (_HAN.match(nxt[1]) or nxt[1] in _OPENERS):
        return "FW303" if first == _unclosed(prev) else "FW301"
    if (first.isdigit() or _LATIN_WORD.match(nxt)) and _prose(nxt) and (_HAN.match(last) or last.isdigit()):
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
    return _SPACES.sub(" ", r.marker.sub("", text)).strip()


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
    texts = [ln.text for ln in filled]
    if len(texts) < WRAP_MIN_LINES + 1:
        return None
    # cheap exit: no cluster of similar lengths (a paragraph per line, or ragged short lines);
    # two bucketings of width 8, offset by 4, catch any cluster of width 5 (ASCII makes lines
    # of one GBK width differ in characters)
    lens = [n for n in (len(ln.text) + ln.indent // 2 for ln in filled) if 10 <= n <= WRAP_MAX_CHARS]
    need = max(WRAP_MIN_LINES, 0.25 * len(texts))
    if len(lens) < need or max(max(Counter(n // 8 for n in lens).values()),
                               max(Counter((n + 4) // 8 for n in lens).values())) < need:
        return None
    best: tuple[int, int, bool] | None = None
    for gbk in (True, False):
        widths = [_width(ln, gbk) for ln in filled]
        c = Counter(widths)
        for w in c:
            full = c[w] + c.get(w - 1, 0)
            if (w >= (WRAP_MIN_WIDTH if gbk else WRAP_MIN_WIDTH // 2)
                    and (best is None or full > best[0])):
                best = (full, w, gbk)
    if best is None:
        return None
    full, w, gbk = best
    widths = [_width(ln, gbk) for ln in filled]
    full_lines = [t for t, x in zip(texts, widths, strict=True) if x in (w, w - 1)]
    wider = sum(1 for x in widths if x > w)
    open_ends = sum(1 for t in full_lines if not ends_sentence(t))
    prose = sum(1 for t in full_lines if _CLAUSE.search(t) or "、" in t)
    if (full < WRAP_MIN_LINES or full < 0.3 * len(texts) or wider > max(1, len(texts) // 20)
            or open_ends < 0.5 * full or prose < 0.5 * full):
        return None
    return w, gbk


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


def _chunks(lines: list[_L], changes: list[Change]) -> list[_L]:
    """Drop page-chunk numbers (1、… 2、… 3、…) where every chunk after the first cuts a sentence."""
    starts = [i for i, ln in enumerate(lines) if _CHUNK.match(ln.text)]
    if len(starts) < 2:
        return lines
    nums = {i: int(_CHUNK.match(lines[i].text).group(1)) for i in starts}
    seq = [i for i in starts if nums[i] == 1][:1]
    for i in starts:
        if seq and nums[i] == nums[seq[-1]] + 1:
            seq.append(i)
    if len(seq) < 2:
        return lines
    for i in seq[1:]:
        prev = next((ln.text for ln in reversed(lines[:i]) if ln.text), "")
        body = lines[i].text[_CHUNK.match(lines[i].text).end():]
        cut = (prev and not ends_sentence(prev) and _HAN.match(prev[-1])
               and regex.search(r"[。！？]", prev) and len(prev) >= 30
               and len(body) >= 10 and (_HAN.match(body[0]) or body[0] in _CONT_PUNCT))
        if not cut:
            return lines  # a real numbered list somewhere in the sequence: leave all of it
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


def unpunctuated_style(lines: list[_L]) -> bool:
    """Does the author leave most paragraphs without a full stop?  Then an open end is no cut."""
    texts = [ln.text for ln in lines if len(ln.text) >= STYLE_MIN_LEN][:-1]
    open_ends = sum(1 for t in texts if t[-1] not in _FINAL and not ends_sentence(t) and _prose(t))
    if open_ends < STYLE_MIN_OPEN:
        return False  # the usual case, decided without looking at every line
    return open_ends > STYLE_OPEN_SHARE * sum(1 for t in texts if _prose(t))


def _join_cuts(lines: list[_L], r: _Rules, changes: list[Change], punct_only: bool = False) -> list[_L]:
    """Join sentences cut by a line break or a blank line (``punct_only``: only FW302 joins)."""
    if all(not ln.text or ln.text[-1] in _FINAL for ln in lines[:-1]):
        return lines  # every line ends a sentence: nothing to join
    out: list[_L] = []
    blank: _L | None = None
    for ln in lines:
        if not ln.text:
            blank = blank or ln
            continue
        code = None
        if out and out[-1].text[-1] not in _FINAL and (not punct_only or ln.text[0] in _CONT_PUNCT):
            k = len(out) - 2 if len(out) < 2 or out[-2].text else len(out) - 3
            code = _join_code(out[-1].text, ln.text, r, out[k].text if k >= 0 else "")
            if punct_only and code != "FW302":
                code = None
        if code:
            prev = out[-1]
            sep = "\n\n" if blank else "\n"
            joined = _glue(prev.text, ln.text, code)
            changes.append(Change(code, STAGE, prev.src, _snippet(prev.text, sep, ln.text),
                                  _snippet(prev.text, "", joined[len(prev.text):])))
            out[-1] = _L(joined, prev.src, prev.indent)
        else:
            if blank and out:
                out.append(blank)
            out.append(ln)
        blank = None
    return out


def _item_no(text: str) -> tuple[str, int] | None:
    m = _ITEM.match(text)
    if not m:
        return None
    if m.group(1):
        n = _CN_NUM.get(m.group(1)) if len(m.group(1)) == 1 else None
        return ("cn", n) if n else None
    return "ar", int(m.group(2))


def _wrapped_items(lines: list[_L], r: _Rules, changes: list[Change]) -> list[_L]:
    """Join an agenda item cut before its last words: 二、…请党委书记 / 王某 先生致辞 / 三、…

    Only in a list whose items are sentences (some carry commas), for an item that
    addresses the audience (请 欢迎 让我们 …), and only when the short unpunctuated
    tail sits right before the next item of the sequence.
    """
    text_idx = [i for i, ln in enumerate(lines) if ln.text]
    items = {i: _item_no(lines[i].text) for i in text_idx if lines[i].text[0] in _ITEM_FIRST}
    items = {i: v for i, v in items.items() if v}
    sentence_like = {v[0] for i, v in items.items() if _CLAUSE.search(lines[i].text)}
    if not sentence_like:
        return lines
    drop: set[int] = set()
    for pos, a in enumerate(text_idx[:-2]):
        b, c = text_idx[pos + 1], text_idx[pos + 2]
        va, vc = items.get(a), items.get(c)
        if not (va and vc and va[0] == vc[0] and vc[1] == va[1] + 1 and va[0] in sentence_like):
            continue
        prev, tail = lines[a].text, lines[b].text
        if (b in items or ends_sentence(prev) or not _HAN.match(prev[-1]) or not _HAN.match(tail[0])
                or len(tail) > 15 or _CLAUSE.search(tail) or ends_sentence(tail) or _starts_block(tail, r)
                or len(prev) - _ITEM.match(prev).end() < 12 or not r.agenda.search(prev)):
            continue
        changes.append(Change("FW309", STAGE, lines[a].src, _snippet(prev, "\n", tail),
                              _snippet(prev, "", tail)))
        lines[a] = _L(prev + tail, lines[a].src, lines[a].indent)
        drop.update(range(a + 1, b + 1))
    return [ln for i, ln in enumerate(lines) if i not in drop] if drop else lines


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
    for c in doc.changes:
        if c.stage == "normalize" and c.after and c.before[:1] in _INDENT:
            out[c.line] = _gbk_width(c.before[:len(c.before) - len(c.before.lstrip(_INDENT))])
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
    markers = r.may_clean(text) and bool(r.marker.search(text) or r.artefact.search(text))
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


def _join_all(lines: list[_L], r: _Rules, changes: list[Change]) -> list[_L]:
    """Chunk numbers, cut sentences and wrapped agenda items, joined to a fixpoint."""
    # per-line first-character tests are cheaper than a multiline search of the page
    chunked = sum(1 for ln in lines if ln.text[:1].isdigit()) >= 2
    # joins before a leading comma first; the page's style is judged after them, so that a
    # second run judges the same lines (joins only make open ends rarer)
    for punct_only in (True, False):
        if not punct_only and unpunctuated_style(lines):
            break
        for _ in range(MAX_PASSES):  # a join can change what the next pair looks like: run to a fixpoint
            n = len(changes)
            lines = _join_cuts(lines, r, changes, punct_only)
            if chunked:
                lines = _chunks(lines, changes)
            if len(changes) == n:
                break
    if sum(1 for ln in lines if ln.text[:1] in _ITEM_FIRST) >= 2:
        lines = _wrapped_items(lines, r, changes)
    return lines
