"""The facts of each line of a page (remembered per text) and where its body runs."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from ...compilation import is_article_title
from .. import noise
from .book import LINE_MAX, Compiled
from .shape import is_prose


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What the stage needs to know of a line wherever it stands."""

    title: bool  # an article title of a compilation (…篇一, 第2篇)
    prose: bool  # a paragraph of body text
    keyword: bool  # holds a search keyword
    level: int  # 0 never chrome, 1 only in the header/footer (line rules without prefilter), 2 maybe
    sites: tuple[tuple[int, int], ...]  # spans of site names in it
    keys: frozenset[str] | None  # keywords and prefilter literals it holds (None: the book has none)
    inline_rules: tuple[int, ...]  # the inline rules whose prefilter it holds
    jammer: bool  # holds a jammer-like run

    @property
    def noisy(self) -> bool:
        """May inline noise be cut out of it?"""
        return bool(self.inline_rules) or self.jammer


class Page:
    """The texts of a page joined into one string, to find lines with one scan of it."""

    def __init__(self, texts: list[str], text: str | None = None) -> None:
        self.texts = texts
        self.text = "\n".join(texts) if text is None else text
        self._starts: list[int] | None = None

    def line_of(self, pos: int) -> int:
        """The index of the line that holds this offset of the page text."""
        if self._starts is None:
            self._starts = list(accumulate(map((1).__add__, map(len, self.texts)), initial=0))
        return bisect_right(self._starts, pos) - 1

    def lines_with(self, words: Iterable[str]) -> set[int]:
        """Indexes of the lines that hold one of these literal strings (none holds a newline)."""
        out: set[int] = set()
        text = self.text
        for w in words:
            pos = text.find(w)
            while pos >= 0:
                i = self.line_of(pos)
                out.add(i)
                # go on from the next line: one hit per line is enough
                assert self._starts is not None
                pos = text.find(w, self._starts[i + 1]) if i + 1 < len(self._starts) else -1
        return out


def site_spans(text: str, book: Compiled) -> list[tuple[int, int]]:
    """Where listed site names and 范文-site-shaped names sit in the text."""
    spans: list[tuple[int, int]] = []
    if book.site_words is not None:
        spans.extend(m.span() for m in book.site_words.finditer(text))
    for r in book.site:
        spans.extend(noise.site_name_spans(text, r.pattern))
    return spans


def info(t: str, book: Compiled) -> LineInfo:
    """The facts of a line (see :class:`LineInfo`), remembered per text."""
    memo = book.memo.infos
    got = (memo.short if len(t) <= LINE_MAX else memo.long).get(t)  # LineMemo.get, inlined: hot
    if got is not None:
        return got
    x = book.idx
    title = len(t) <= 60 and is_article_title(t)
    # a line without a trigger character holds no word (nor a field character :：digits)
    triggered = x.trigger is None or x.trigger.search(t) is not None
    if not t or len(t) > LINE_MAX or title:
        level = 0
    elif not triggered and not book.masked and x.free_edge_only:
        # prefilter: every rule that may fire needs a keyword, a prefilter literal or a field
        # character; most lines of prose hold none of them
        level = 1 if x.free_lines else 0
    else:
        level = 2
    keys = (x.words.found(t) if triggered else frozenset()) if x.words is not None else None
    rules = tuple(j for j, r in enumerate(book.inline) if r.prefilter and r.may_match(t)) if (
        x.inline_scan is None or x.inline_scan.search(t)) else ()
    made = LineInfo(title, is_prose(t), keys is not None and not keys.isdisjoint(x.search_words),
                    level, tuple(site_spans(t, book)) if t else (), keys, rules, noise.has_jammer(t))
    memo.put(t, made)
    return made


@dataclass(frozen=True, slots=True)
class Body:
    """Where the body of a page runs: from ``first`` to ``last`` prose paragraph that holds no
    chrome keyword (any prose paragraph if none is clean); ``head`` is the second prose paragraph
    and ``tail`` the last one (n when there is none)."""

    first: int
    last: int
    head: int
    tail: int


def body(infos: list[LineInfo], n: int) -> Body:
    """Where the body of the page runs (see :class:`Body`)."""
    prose = [i for i, inf in enumerate(infos) if inf.prose]
    anchors = [i for i in prose if not infos[i].keyword] or prose
    first, last = (anchors[0], anchors[-1]) if anchors else (n, -1)
    return Body(first, last, prose[1] if len(prose) > 1 else n, prose[-1] if prose else n)
