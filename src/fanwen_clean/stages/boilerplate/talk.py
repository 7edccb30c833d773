"""Site filler (FW215): sentences that talk ABOUT the document TO a reader, known by a learned model.

The intros and outros a site writes around the 范文 (编辑为您挑选了…, 欢迎阅读并分享, 更多…敬请
关注本站) seldom use the phrases the explicit filler rules (filler.py) list; what they share is
voice and topic.  Each sentence of a paragraph that *talks* (:func:`talks`: in the site's voice,
or about the document to a reader) is scored by a logistic model over the word groups of
rules/boilerplate_filler.toml and where the paragraph stands (weights fitted by
tools/train_boilerplate.py, section ``model = "filler"`` of rules/boilerplate_model.toml).

Precision first: a sentence that does not talk, a greeting (GREETING) or a heading is never
scored; only paragraphs where sites put filler (page header or footer, the first or last two
paragraphs, right before an article title) lose anything; a paragraph loses either all of it
(every sentence is filler, or it is an intro that leads into an article title) or the filler
sentences at its start and end, never one in its middle.  A sentence that scores high but not
high enough, or stands elsewhere, is kept and reported (FW921) with its score.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ...document import Change, Finding, Line
from ...regex_guard import compile_rule
from ...shapes import CLAUSE, HEADING
from .book import Compiled
from .classifier import probability
from .features import GREETING, pairs
from .literals import Literals
from .page import Body, LineInfo
from .verdict import STAGE

CODE = "FW215"
WARN = "FW921"
MIN_LEN = 6  # shorter sentences say too little to be judged
EDGE = 2  # the first and last paragraphs of a page where filler sits
LEAD_IN = 1  # sentences of a site's lead-in before its intro (建军节到来，… 下面小编为大家…)
LONG = 100  # a sentence this long talks as the site (voice) or is not scored: rules, clauses of law
HEADING_MAX = 30  # a line this short without a clause is a heading or a title
_SENTENCES = compile_rule(r"[^。！？!?]*+[。！？!?]++[”’」』）)]?|[^。！？!?]++$")
# a colon after a long stretch (a short key, 前言：, is no end); a comma before 以下是/下面由/…
_PIECE_END = compile_rule(r"(?<=[^:：]{12}[:：])(?=.)"
                           r"|(?<=[，,]\s*)(?=(?:那么)?(?:以下|下面|接下来)[是为由]|(?:分享|献)给(?:大家|您|你))")
_PIECE_HINT = re.compile(r"[:：]|以下|下面|接下来|给")  # cheap test before the split above
_BOOK_TITLE = compile_rule(r"《[^《》]{2,40}》")
_PIAN = compile_rule(r"[\d一二三四五六七八九十几]+篇")
_LEAD_KEY = compile_rule(r"^\p{Han}{2,4}[:：]")  # 前言：导读：
_FIRST_PERSON = compile_rule(r"我")
_DIGIT = compile_rule(r"\d")
TALK_GROUPS = ("voice", "doc", "offer", "use", "invite", "lead")


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a paragraph stands on its page (the position features of its sentences)."""

    header: bool  # before the first body paragraph
    footer: bool  # after the last body paragraph
    top: bool  # one of the first EDGE paragraphs after the page title (or the first, untitled)
    bottom: bool  # one of the last EDGE paragraphs
    before_title: bool  # the next line is an article title or a heading (an intro leads into it)

    @property
    def edge(self) -> bool:
        """Is this where sites put filler (and so where it may go)?"""
        return self.header or self.footer or self.top or self.bottom or self.before_title


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order, with their end punctuation (joined they give it
    back).  A colon after a long stretch ends a piece too: a teaser glued onto the body
    (导读：…在线阅读，提供参考范例：一个人要…) is two pieces; so does a comma before the site
    turns to the reader (…的提法，以下是为大家整理的… / …各有侧重，分享给大家…)."""
    out = [m.group() for m in _SENTENCES.finditer(text)]
    if _PIECE_HINT.search(text) is None:
        return [p for p in out if p]
    return [p for m in out for p in _PIECE_END.split(m) if p]


def _count(words: tuple[str, ...], text: str) -> float:
    return min(sum(w in text for w in words), 3) / 3


def text_features(s: str, book: Compiled) -> dict[str, float] | None:
    """The features of a sentence wherever it stands, or None when it does not talk (never scored);
    remembered per text."""
    memo = book.memo.talks
    got = memo.get(s, _UNSEEN)
    if got is not _UNSEEN:
        return got  # type: ignore[return-value]
    f: dict[str, float] | None = None
    body = s.strip()
    heading = HEADING.match(body) is not None
    if len(body) >= MIN_LEN and _may_talk(body, book) and not GREETING.search(body) and not heading:
        f = book.filler_index.counts(body)
        if talks(f) and (len(body) < LONG or f.get("voice")):
            f.update(_shape(body, book))
        else:
            f = None
    memo.put(s, f)
    return f


_NEEDED = ("voice", "reader", "invite")  # a sentence that talks holds a word of one (see talks)


def _may_talk(s: str, book: Compiled) -> bool:
    """Cheap test first: does the sentence hold a word of a group :func:`talks` needs?"""
    need = book.memo.talk_need
    if need is None:
        words = [w for g in _NEEDED for w in book.filler_words.get(g, ())]
        # an empty word is in every sentence: then there is nothing to test (False)
        need = book.memo.talk_need = Literals(words) if all(words) else False
    return need is False or bool(need.found(s))


def talks(f: dict[str, float]) -> bool:
    """Does a sentence talk as the site, about the document, or invite the reader to use it?
    Only such a sentence is ever scored."""
    g = f.get
    if g("voice"):
        return True
    if g("author") or g("speaker") or g("call"):
        # the author or the speaker at work (我结合自己的经验…, 我们将邀请…), or the document
        # calling on its audience (请大家认真学习…, 抓好落实): the body's voice
        return False
    if g("reader") and (g("doc") or g("offer") or g("use")):  # 希望大家… alone is the speaker's
        return True
    # about the document with no reader named: only as a call (欢迎…, 敬请…); a sentence that
    # tells what became of a text (这篇文章被收录于教材) is the body's
    # the reader addressed without a pronoun: 喜欢就下载吧, 欢迎收藏本文
    return bool(g("invite") and (g("use") or g("doc")))


def _shape(s: str, book: Compiled) -> dict[str, float]:
    n = len(s)
    g = book.filler_words
    return {
        "len": min(math.log1p(n) / math.log1p(200), 1.0),
        "short": float(n <= 12),
        "long": float(n >= 80),
        "book_title": float(_BOOK_TITLE.search(s) is not None),
        "pian": float(_PIAN.search(s) is not None),
        "genre": _count(book.word_groups.get("genre", ()), s),
        "first_person": float(_FIRST_PERSON.search(s) is not None),
        "digit": min(len(_DIGIT.findall(s)) / 4, 1.0),
        "lead_key": float(_LEAD_KEY.match(s) is not None),
        "question": float(s.rstrip("”’」』）)").endswith(("？", "?"))),
        "talk_to_reader": float(bool(any(w in s for w in g.get("reader", ())))
                                and any(w in s for k in ("doc", "voice") for w in g.get(k, ()))),
        "talk_groups": sum(1 for k in TALK_GROUPS if any(w in s for w in g.get(k, ()))) / len(TALK_GROUPS),
    }


def place_features(spot: Spot, k: int, n: int, s: str, title: frozenset[str]) -> dict[str, float]:
    """The features of where sentence ``k`` of ``n`` stands (its paragraph's spot, the page title)."""
    ps = pairs(s)
    return {
        "header": float(spot.header), "footer": float(spot.footer), "top": float(spot.top),
        "bottom": float(spot.bottom), "before_title": float(spot.before_title),
        "first_sentence": float(k == 0), "last_sentence": float(k == n - 1), "alone": float(n == 1),
        "title_sim": len(ps & title) / len(ps) if ps and title else 0.0,
    }


Scored = list[tuple[int, Spot, list[str], list[dict[str, float] | None]]]


def candidates(texts: list[str], infos: list[LineInfo], where: Body, titles: set[int],
               removed: dict[int, str], book: Compiled) -> Scored:
    """The paragraphs that hold a talking sentence, as (index, spot, sentences, features of each
    sentence or None when it does not talk)."""
    kept = [i for i, t in enumerate(texts) if t.strip() and i not in removed]
    if not kept:
        return []
    title = pairs(texts[kept[0]].strip())
    out: Scored = []
    for k, i in enumerate(kept):
        if i in titles or infos[i].title:
            continue
        got = _parts(texts[i], book)
        if got is None:
            continue
        parts, feats = got
        if k == 0 and len(parts) == 1 and CLAUSE.search(texts[i]) is None:
            continue  # the page title (the first line, unless it is a paragraph: no title line)
        nxt = kept[k + 1] if k + 1 < len(kept) else -1
        spot = Spot(i < where.first, i > where.last, k <= EDGE, k >= len(kept) - EDGE,
                    nxt >= 0 and _heading_like(texts[nxt], infos[nxt], nxt in titles))
        full = [None if f is None else {**f, **place_features(spot, j, len(parts), parts[j].strip(), title)}
                for j, f in enumerate(feats)]
        out.append((i, spot, parts, full))
    return out


def _parts(text: str, book: Compiled) -> tuple[list[str], list[dict[str, float] | None]] | None:
    """The sentences of a paragraph and their features (:func:`text_features`), or None when no
    sentence of it talks; remembered per text (a page is judged more than once)."""
    memo = book.memo.talk_parts
    got = memo.get(text, _UNSEEN)
    if got is not _UNSEEN:
        return got  # type: ignore[return-value]
    made = None
    if _gate_of(book).search(text) is not None:  # a word of the voice, doc or reader
        parts = sentences(text)
        feats = [text_features(s, book) for s in parts]
        made = (parts, feats) if any(feats) else None
    memo.put(text, made)
    return made


_UNSEEN = object()


def _gate_of(book: Compiled) -> re.Pattern:
    """The gate of this book's filler words (:func:`_gate`), found once per book."""
    gate = book.memo.talk_gate
    if gate is None:
        gate = book.memo.talk_gate = _gate(
            tuple(w for g in ("voice", "doc", "reader") for w in book.filler_words.get(g, ())))
    return gate


@functools.cache
def _gate(words: tuple[str, ...]) -> re.Pattern:
    """One of the words a talking sentence needs (:func:`talks`), as one pattern."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)")


def _heading_like(text: str, inf: LineInfo, title: bool) -> bool:
    """Is this line an article title or a short line without a clause (a heading, a title)?"""
    t = text.strip()
    return title or inf.title or (len(t) <= HEADING_MAX and CLAUSE.search(t) is None)


def mark(texts: list[str], infos: list[LineInfo], book: Compiled, where: Body, titles: set[int],
         removed: dict[int, str], warnings: list[Finding], lines: tuple[Line, ...],
         changes: list[Change]) -> set[int]:
    """Remove filler paragraphs (FW215), cut filler sentences off the start and end of others, and
    report the doubtful ones (FW921).  Edits ``texts`` in place; returns the indexes of lines cut."""
    model = book.talk_model
    cut: set[int] = set()
    if model is None:
        return cut
    for i, spot, parts, feats in candidates(texts, infos, where, titles, removed, book):
        probs = [None if f is None else probability(model, f) for f in feats]
        gone = [p is not None and p >= model.remove_at for p in probs] if spot.edge else [False] * len(probs)
        keep = _kept(parts, gone, spot)
        if keep is None:
            removed[i] = CODE
            continue
        if len(keep) < len(parts):
            new = "".join(parts[j] for j in keep).strip()
            changes.append(Change(CODE, STAGE, lines[i].src, texts[i], new))
            texts[i] = new
            cut.add(i)
        doubt = [p for j, p in enumerate(probs) if j in keep and p is not None and p >= model.warn_at]
        if doubt:
            message = f"possible site filler kept (filler score {max(doubt):.2f})"
            warnings.append(Finding(WARN, lines[i].src, message))
    return cut


def _kept(parts: list[str], gone: list[bool], spot: Spot) -> list[int] | None:
    """The sentences of a paragraph that stay (None: the whole paragraph goes).

    All filler, or an intro (header or right before a title) whose sentences from the first
    filler one on are all filler, after at most LEAD_IN other sentences: the whole paragraph
    goes — a sentence before the site's intro in the same paragraph is the site's lead-in
    (more of them may be body text, and stay).  Else only the runs of filler at
    its start and its end go.
    """
    if not any(gone):
        return list(range(len(parts)))
    first = gone.index(True)
    lead_in = sum(1 for p in parts[:first] if not p.rstrip().endswith(("，", ",")))
    if all(gone) or (lead_in <= LEAD_IN and (spot.before_title or spot.header) and all(gone[first:])):
        return None
    start = 0
    while gone[start]:
        start += 1
    end = len(gone)
    while gone[end - 1]:
        end -= 1
    return list(range(start, end))
