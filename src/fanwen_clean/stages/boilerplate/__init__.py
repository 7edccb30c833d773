"""Stage boilerplate: remove site chrome, adverts, navigation, filler and injected noise.

Where each family lives (rules are data in ``rules/boilerplate.toml``; see its header):

* ``fields.py`` — metadata lines (FW201) judged as a whole;
* ``lines.py`` — whole-line and search rules: navigation, pagination, viewers, paywalls,
  copyright, contacts (FW201-FW205), learned masked lines (FW210);
* ``filler.py`` — injected intro/outro paragraphs (FW205);
* ``navigation.py`` — chrome known by its neighbours: Q&A blocks, repeated titles, spliced
  site names (FW204, FW208, FW209);
* ``labels.py`` — stray labels known by their shape and neighbours: keyword tags, compilation
  separators, category breadcrumbs, a viewer's cut mark (FW216-FW219);
* ``inline.py`` — inline marks cut out of a line (FW206, FW207, FW209);
* ``classifier.py`` — the learned line classifier for lines the rules leave undecided (FW212,
  doubt reported as FW921);
* ``talk.py`` — learned site filler: sentences that talk about the document to a reader (FW215,
  doubt reported as FW921);
* ``page.py`` — the facts of a line and where the body runs; ``rebuild.py`` — the new page;
* ``book.py`` — the compiled rules, their speed indexes and caches.

Structural cues: the page header (before the first prose paragraph) and footer (after the
last one) is where chrome lives; weaker rules only fire there.  A line that reads as a
sentence survives a single weak or medium hit (kept and reported as FW920).
"""

from __future__ import annotations

import dataclasses

from ...document import Change, Document, Finding
from ...rules import RuleBook
from ...settings import Settings
from ...shapes import CLAUSE
from . import blocks, classifier, filler, garbage, inline, labels, navigation, talk
from .book import Compiled, compiled, remember
from .features import pairs, place_features
from .lines import classify, verdict
from .page import Body, Page, body, info
from .rebuild import rebuild
from .shape import core, is_prose, is_sentence
from .verdict import STAGE, WARN, Verdict

__all__ = ["STAGE", "WARN", "Compiled", "Verdict", "classify", "compiled", "core", "is_prose",
           "is_sentence", "recheck", "run"]

MAX_ROUNDS = 3


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Remove boilerplate lines and cut injected noise out of the rest.

    Repeated until nothing more goes (a few rounds at most): removing chrome can bring
    another line into the page's header or footer, where it is chrome too — and cleaning
    the output again must find nothing left to remove.
    """
    for n in range(MAX_ROUNDS):
        new = _run_once(doc, rules, settings)
        if n:  # a later round gives again the warnings of the first: keep each once
            new = _new_warnings_once(doc, new)
        if new.lines == doc.lines:
            return new
        doc = new
    return doc


def recheck(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """After rewrap: a chrome line that a page break had cut in two (作者：… 来源 / ：…) is
    whole again — look at the page once more, but only when a joined line (``Line.joined``)
    could be chrome."""
    book = compiled(rules)
    if not any(ln.joined and ln.text and info(ln.text, book).level == 2 for ln in doc.lines):
        return doc
    return _new_warnings_once(doc, run(doc, rules, settings))


def _new_warnings_once(old: Document, new: Document) -> Document:
    """``new`` with the warnings it gave again (already in ``old``) dropped."""
    seen = set(old.warnings)
    return dataclasses.replace(new, warnings=old.warnings + tuple(
        w for w in new.warnings[len(old.warnings):] if w not in seen))


@dataclasses.dataclass
class _Judged:
    """A page after the explicit rules: its (cut) texts and what they decided."""

    texts: list[str]
    infos: list
    page: Page
    where: Body
    titles: set[int]
    removed: dict[int, str]
    touched: set[int]
    changes: list[Change]
    warnings: list[Finding]


def _judge(doc: Document, book: Compiled, full: str) -> _Judged:
    """Cut inline noise and mark the lines the explicit rules remove."""
    changes: list[Change] = []
    warnings: list[Finding] = []
    lines = doc.lines
    texts = [line.text for line in lines]
    infos = [info(t, book) for t in texts]
    if book.idx.inline_by_line:
        touched = inline.cut_lines(texts, infos, book, lines, changes)  # lines whose text changed
    else:
        touched = inline.cut_page(Page(texts), book, lines, changes)
    touched |= garbage.cut_random(texts, book, lines, changes)
    for i in touched:
        infos[i] = info(texts[i], book)
    page = Page(texts, None if touched else full)
    titles = {i for i, inf in enumerate(infos) if inf.title}
    where = body(infos, len(texts))
    removed, doubted = _by_rules(texts, infos, book, where.first, where.last, lines, warnings)
    garbage.mark_mojibake(texts, removed)
    blocks.mark_blocks(texts, removed, doubted, where.first, where.last)
    blocks.mark_label_values(texts, removed, where.first, where.last, titles)
    cut = blocks.cut_truncation(texts, removed, lines, changes)
    cut |= blocks.cut_title_marks(texts, removed, lines, changes)
    if cut:  # the page text changed: find lines in the new one
        touched |= cut
        page = Page(texts)
    navigation.context_rules(page, book, removed, where.first, titles)
    filler.mark(page, book, where.head, where.tail, titles, removed, warnings, lines)
    touched |= filler.cut_sentences(texts, book, removed, lines, changes)
    if book.talk_model is not None:
        cut = talk.mark(texts, infos, book, where, titles, removed, warnings, lines, changes)
        for i in cut:
            infos[i] = info(texts[i], book)
        touched |= cut
    navigation.repeats(texts, removed, where.first)
    navigation.column_labels(texts, removed, where.first)
    labels.mark(texts, removed, book.word_groups.get("genre", ()))
    return _Judged(texts, infos, page, where, titles, removed, touched, changes, warnings)


def _run_once(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    return _run_with(doc, compiled(rules))


def _run_with(doc: Document, book: Compiled) -> Document:
    full = doc.text
    j = _judge(doc, book, full)
    texts, removed, lines = j.texts, j.removed, doc.lines
    if book.model is not None:
        classifier.mark(texts, j.infos, book, j.where, j.titles, removed, j.warnings, lines)
    names = navigation.site_names(texts, removed, book)
    sites = bool(names) or any(r.pattern.search(full) for r in book.site) or (
        book.site_words is not None and book.site_words.search(full) is not None)
    _orphaned_values(texts, removed)
    touched = j.touched
    if sites or "】" in full:
        touched |= navigation.spliced(texts, j.page, j.infos, removed, lines, j.changes, sites, names)
    return rebuild(doc, lines, full, texts, removed, j.titles, touched, j.changes, j.warnings)


_VALUE_TAIL_MAX = 30  # a field's value cut off by a page break is short


def _orphaned_values(texts: list[str], removed: dict[int, str]) -> None:
    """A line that starts with a colon right after a removed metadata line (blank lines between)
    is that field's value, cut off by a page break (作者：… 来源 / ：居民投稿): it goes too."""
    prev = -1
    for i, t in enumerate(texts):
        if not t.strip():
            continue
        s = t.strip()
        if (prev in removed and s[0] in "：:" and len(s) <= _VALUE_TAIL_MAX
                and not CLAUSE.search(s[1:])):
            removed[i] = removed[prev]
        prev = i


def _settled(doc: Document, rules: RuleBook, talk_on: bool) -> tuple[_Judged, Compiled]:
    """For training: the page judged by the explicit rules (and the filler model when
    ``talk_on``) to a fixed point, the line classifier off."""
    book = compiled(rules)
    book = dataclasses.replace(book, model=None, talk_model=book.talk_model if talk_on else None)
    for _ in range(MAX_ROUNDS):
        new = _run_with(doc, book)
        if new.lines == doc.lines:
            break
        doc = new
    return _judge(doc, book, doc.text), book


Example = tuple[int, str, dict[str, float], bool]  # (index, text, features, removed by a rule)


def undecided(doc: Document, rules: RuleBook, widen: bool = False) -> list[Example]:
    """For training the classifier: the lines the explicit rules and the filler model leave (to
    a fixed point) and the classifier may remove (not reading as body), as (index, core text,
    features, False).  ``widen``: also the lines the rules removed, judged as if no rule had
    fired on them (flag True) — the chrome of an unseen site is what no rule knows."""
    j, book = _settled(doc, rules, talk_on=True)
    out = [(i, c, {**tf, **place_features(c, place, pairs(place.title))}, False)
           for i, c, place, tf in classifier.candidates(j.texts, j.infos, j.where, j.titles, j.removed, book)]
    if widen:
        w = _judge(doc, book, doc.text)
        out += [(i, c, {**tf, **place_features(c, place, pairs(place.title))}, True)
                for i, c, place, tf in classifier.candidates(w.texts, w.infos, w.where, w.titles, {}, book)
                if i in w.removed]
    return out


def talking(doc: Document, rules: RuleBook, widen: bool = False) -> list[Example]:
    """For training the filler model: the sentences that talk (talk.talks) in the paragraphs the
    explicit rules leave, as (line index, sentence, features, False).  ``widen``: also those of
    the paragraphs the filler rules (FW205) removed, as if they had not fired (flag True)."""
    j, book = _settled(doc, rules, talk_on=False)
    out = [(i, s, f, False) for i, s, f in _talk_sentences(j, book, j.removed)]
    if widen:
        w = _judge(doc, book, doc.text)
        others = {i: c for i, c in w.removed.items() if c != "FW205"}
        out += [(i, s, f, True) for i, s, f in _talk_sentences(w, book, others)
                if w.removed.get(i) == "FW205"]
    return out


def _talk_sentences(j: _Judged, book: Compiled, removed: dict[int, str]
                    ) -> list[tuple[int, str, dict[str, float]]]:
    found = talk.candidates(j.texts, j.infos, j.where, j.titles, removed, book)
    return [(i, s, f) for i, _spot, parts, feats in found for s, f in zip(parts, feats, strict=True)
            if f is not None]


def _by_rules(texts: list[str], infos: list, book: Compiled, first: int, last: int,
              lines: tuple, warnings: list[Finding]) -> tuple[dict[int, str], set[int]]:
    """The lines the explicit line rules remove (index -> code), and those they doubt (their
    doubts become warnings)."""
    removed: dict[int, str] = {}
    doubted: set[int] = set()
    top = next((i for i, t in enumerate(texts) if t), -1)
    verdicts = book.memo.verdicts
    for i, inf in enumerate(infos):
        level = inf.level
        if not level:
            continue
        region = "header" if i < first else "footer" if i > last else "body"
        if level == 1 and region == "body":
            continue
        key = (texts[i], region, i == top)
        v = verdicts.get(key)
        if v is None:
            v = remember(verdicts, key, verdict(key[0], book, region, key[2], inf.keys))
        if v.code:
            removed[i] = v.code
        elif v.warn:
            doubted.add(i)
            warnings.append(Finding(WARN, lines[i].src, v.warn))
    return removed, doubted
