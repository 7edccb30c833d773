"""Inline marks (FW206 jammer strings, FW207 pinyin, FW209 HTML residue and anti-copy marks):
cut out of a line, the rest of the line stays."""

from __future__ import annotations

from collections.abc import Iterable

from ...document import Change, Line
from .. import noise
from .book import Compiled, Rule, remember
from .page import LineInfo, Page
from .verdict import STAGE

Cuts = tuple[tuple[str, str, str], ...]  # (rule, before, after) per cut


def cut(text: str, active: list[Rule], jammer: bool) -> tuple[str, Cuts]:
    """The line with inline noise cut out, and the cuts made."""
    edits: list[tuple[str, str, str]] = []
    if jammer:
        new = noise.strip_jammer(text)
        if new != text:
            edits.append(("FW206", text, new))
            text = new
    for r in active:
        if r.single and r.prefilter and text.count(r.prefilter[0]) != 1:
            continue
        if r.may_match(text) and r.pattern.search(text):
            new = r.pattern.sub(r.replace, text)
            if new != text:
                edits.append((r.code, text, new))
                text = new
    return text, tuple(edits)


def cut_lines(texts: list[str], infos: list[LineInfo], book: Compiled, lines: tuple[Line, ...],
              changes: list[Change]) -> set[int]:
    """Cut inline noise out of the lines (in place); the indexes of the lines changed.

    A rule is active on the page when a line holds its prefilter literal (the jammer cut when a
    line holds a jammer-like run); only such lines can change, the rest are not looked at.
    """
    noisy = [i for i, inf in enumerate(infos) if inf.noisy]
    if not noisy:
        return set()
    on = sorted({j for i in noisy for j in infos[i].inline_rules})
    jammer = any(infos[i].jammer for i in noisy)
    return _cut_noise(texts, noisy, on, jammer, book, lines, changes)


def _cut_noise(texts: list[str], todo: Iterable[int], on: list[int], jammer: bool, book: Compiled,
               lines: tuple[Line, ...], changes: list[Change]) -> set[int]:
    """Apply the active inline rules (indexes ``on``) and the jammer cut to the lines ``todo``."""
    active = [book.inline[j] for j in on]
    edited: set[int] = set()
    cache, rules_on = book.memo.inlines, (tuple(on), jammer)
    for i in todo:
        t = texts[i]
        key = (t, rules_on)
        new, edits = cache.get(key) or remember(cache, key, cut(t, active, jammer))
        if edits:
            src = lines[i].src
            changes.extend(Change(code, STAGE, src, before, after) for code, before, after in edits)
            texts[i] = new
            edited.add(i)
    return edited


def cut_page(page: Page, book: Compiled, lines: tuple[Line, ...], changes: list[Change]) -> set[int]:
    """Cut inline noise out of the lines (in place); the indexes of the lines changed.

    The general way (a rule without a prefilter, or one that spans lines): a rule is active when
    the page text holds its prefilter literal; only lines holding one (or a jammer-like run) change.
    """
    full, texts = page.text, page.texts
    on = [j for j, r in enumerate(book.inline) if r.prefilter and r.may_match(full)]
    on += [j for j, r in enumerate(book.inline) if not r.prefilter and r.pattern.search(full)]
    active = [book.inline[j] for j in on]
    jammer = noise.has_jammer(full)
    if not active and not jammer:
        return set()
    if any(not r.prefilter for r in active):
        todo: Iterable[int] = range(len(texts))
    else:
        found = page.lines_with({w for r in active for w in r.prefilter})
        if jammer:
            found.update(page.line_of(pos) for pos in noise.jammer_starts(full))
        todo = sorted(found)
    return _cut_noise(texts, todo, on, jammer, book, lines, changes)
