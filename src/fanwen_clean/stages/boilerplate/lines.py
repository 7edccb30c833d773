"""Whole-line rules: line patterns (navigation, viewers, file names …), search rules with a
strength (paywalls, adverts, copyright, contacts), learned masked lines, then metadata fields.

Precision first: a line that reads as a sentence survives a single medium hit in the body,
a heading or the page title survives a weak one; what is kept is reported (FW920).
"""

from __future__ import annotations

from collections.abc import Iterable

from ...masking import mask
from ...shapes import CLAUSE, HEADING
from .book import Compiled, Rule
from .fields import classify_fields, judge_whole, worth_a_look
from .shape import core, is_sentence
from .verdict import NO_VERDICT, Verdict

SHORT = 40  # lines this short are checked by every rule, keywords or not


def verdict(t: str, book: Compiled, region: str, top: bool, keys: frozenset[str] | None) -> Verdict:
    """What the line is (a non-empty line that is no article title): chrome, doubtful or text;
    ``region``: header, body or footer of the page."""
    edge = region != "body"
    plain = not keys or keys.isdisjoint(book.idx.search_words)
    if plain and len(t) > SHORT and not edge and CLAUSE.search(t):
        # a body paragraph without any keyword: only a learned line can match it
        code = book.masked.get(mask(core(t))) if book.masked else None
        return Verdict(code) if code else NO_VERDICT
    v = classify(t, book, edge, keys, title=top)
    if v.code or not edge or top:
        return v
    whole = judge_whole(core(t), book, region)
    return whole if whole.code else v


def classify(text: str, book: Compiled, edge: bool, keys: frozenset[str] | None = None,
             title: bool = False) -> Verdict:
    """Classify one line; ``edge``: it sits in the page header or footer; ``keys``: the keywords
    and prefilter literals it holds (None: not computed, try every rule); ``title``: it is the
    first line of the page (weak hits never remove a title or a heading)."""
    c = core(text)
    if not c:
        return NO_VERDICT
    bare = c[1:-1].strip() if c.startswith("【") and c.endswith("】") else c
    for r in _line_rules(book, keys):
        if ((r.region == "any" or edge) and len(c) <= r.max_len and (keys is not None or r.may_match(c))
                and (r.pattern.fullmatch(c) or (bare is not c and r.pattern.fullmatch(bare)))):
            return Verdict(r.code)
    if book.masked:
        code = book.masked.get(mask(c))
        if code:
            return Verdict(code)
    hits: list[Rule] = []
    if keys is None or not keys.isdisjoint(book.idx.search_words):
        hits = [r for r in _search_rules(book, keys)
                if len(c) <= r.max_len and r.may_match(c) and r.pattern.search(c)
                and (r.requires is None or r.requires.search(c))]
    if hits:
        return _judge_hits(c, hits, edge, title)
    if worth_a_look(c, book, keys):
        v = classify_fields(c, book, edge)
        if v.code or v.warn:
            return v
    return NO_VERDICT


def _judge_hits(c: str, hits: list[Rule], edge: bool, title: bool) -> Verdict:
    """Search rules that hit a line: remove it unless it reads as text (then warn)."""
    sentence = is_sentence(c)
    best = max(hits, key=lambda r: r.strength)
    heading = HEADING.match(c) is not None
    if best.strength >= 2 and not heading and (not sentence or edge or len(hits) >= 2):
        return Verdict(best.code)
    if best.strength == 1 and edge and not sentence and not title and not heading:
        return Verdict(best.code)
    return Verdict(warn=f"possible boilerplate kept ({best.code} {best.description})")


def _line_rules(book: Compiled, keys: frozenset[str] | None) -> Iterable[Rule]:
    """The line rules worth a try, in book order: those without a prefilter, and those whose
    prefilter literal the line holds (every rule when the keys are not known)."""
    if keys is None:
        return book.line
    if not keys:
        return book.idx.free_lines
    idx = set(book.idx.free_line_idx)
    for w in keys:
        idx.update(book.idx.line_by_word.get(w, ()))
    return [book.line[j] for j in sorted(idx)]


def _search_rules(book: Compiled, keys: frozenset[str] | None) -> Iterable[Rule]:
    """The search rules worth a try, in book order: those without keywords, and those whose
    keyword the line holds (every rule when the keys are not known)."""
    if keys is None:
        return book.search
    idx = set(book.idx.search_free_idx)
    for w in keys:
        idx.update(book.idx.search_by_word.get(w, ()))
    return [book.search[j] for j in sorted(idx)]
