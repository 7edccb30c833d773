"""Stage typos (codes FW40x, suggestions FW940): listed typos, then typos found by word evidence.

* :mod:`.listed` — the pairs of ``rules/typos.tsv``, doubled characters, listed 一→1 words;
* :mod:`.confusion` — a sound-alike or look-alike character inside a common word (按装→安装);
* :mod:`.pairs` — the same in a very common 2-character word, decided by its context (计化→计划);
* :mod:`.idioms` — an idiom or formulation with one confusable character wrong (一愁莫展);
* :mod:`.digits` — 一 written as 1, 壹 or l inside a word (统1思想, 壹个);
* :mod:`.repeats` — a noun written twice in a row (秋季秋季运动会);
* :mod:`.numerals` — a list number 1 written as the letter l (l.加强领导);
* :mod:`.dates` — a date or document number whose 年, 月 or 〕 a converter dropped (20084月, 于425日);
* :mod:`.particles` — 的, 地 and 得 confused (紧紧的凝聚, 办的更好);
* :mod:`.clauses` — 的 for 地 or 得 decided by the clause (坚持的认为, 进而求的事业);
* :mod:`.xiang` — 象 written for 像 (好象, 象模象样, 象小鸟一样);
* :mod:`.missing` — a character left out of a common word (中国共党→中国共产党);
* :mod:`.variants` — Taiwan vocabulary on a page converted from Traditional (软体→软件).

A finder proposes; the proposal is a fix when the evidence is strong and a suggestion (FW940,
a warning carrying the correction, never applied unless ``Settings.fix_suggestions``) when it is
weaker.  Pages are scanned once for each finder's cheap pre-filter; only lines with a hit are
looked at closely; the anchors of the confusion and idiom finders are found by one
Aho-Corasick scan of the page (:mod:`.triggers`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ...document import Change, Document, Finding, Line
from ...rules import RuleBook
from ...settings import Settings
from . import (
    clauses,
    digits,
    line,
    missing,
    repeats,
    triggers,
    variants,
    xiang,
)
from .listed import CONTEXT, STAGE, _compiled, _suspect_lines, fix_text
from .proposal import Proposal

__all__ = ["STAGE", "SUGGESTION", "_compiled", "fix_text", "run", "scan_line"]

SUGGESTION = "FW940"


def _choose(proposals: list[Proposal]) -> list[Proposal]:
    """Non-overlapping proposals, sure ones first, then the earliest."""
    chosen: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (not p.sure, p.start, p.end)):
        if all(p.end <= q.start or q.end <= p.start for q in chosen):
            chosen.append(p)
    return sorted(chosen, key=lambda p: p.start)


def scan_line(text: str, hits: list[tuple[int, int]], page: str = "",
              digit_rule: digits.DigitRule | None = None,
              tw_words: frozenset[str] = frozenset(),
              repeat_rule: repeats.RepeatRule | None = None,
              clause_rule: clauses.ClauseRule | None = None,
              xiang_rule: xiang.XiangRule | None = None, missing_code: str = "",
              missing_hits: list | None = None, clause_cols: tuple[int, ...] = (),
              tw_sure: bool = True) -> list[Proposal]:
    """Every proposal of the general finders for one line (listed typos not included).

    ``hits``: (column, kind bits) of the line's anchors (:func:`.triggers.scan`); ``tw_sure``:
    the Taiwan words are fixed (a page converted from Traditional), else suggested.
    """
    r = line.LineRules(digit_rule, repeat_rule, clause_rule, xiang_rule, missing_code)
    finds = line.find(text, hits, r, missing_hits, clause_cols)
    return _choose(line.on_page(finds, text, page, tw_words, tw_sure))


def _apply(row: Line, proposals: list[Proposal], apply_all: bool) -> tuple[str, list[Change], list[Finding]]:
    text = row.text
    out: list[str] = []
    changes: list[Change] = []
    findings: list[Finding] = []
    pos = 0
    for p in proposals:
        wrong = text[p.start:p.end]
        if not (p.sure or apply_all):
            message = f"possible typo ({p.code}): {wrong} → {p.new}"
            findings.append(Finding(SUGGESTION, row.src, message, p.start + 1))
            continue
        lo, hi = max(0, p.start - CONTEXT), min(len(text), p.end + CONTEXT)
        after = text[lo:p.start] + p.new + text[p.end:hi]
        changes.append(Change(p.code, STAGE, row.src, text[lo:hi], after))
        out.append(text[pos:p.start] + p.new)
        pos = p.end
    out.append(text[pos:])
    return "".join(out), changes, findings


def _line_starts(doc: Document) -> list[int]:
    starts = [0]
    for row in doc.lines[:-1]:
        starts.append(starts[-1] + len(row.text) + 1)
    return starts


MAX_ROUNDS = 3  # a fix is page evidence for the same word elsewhere: look again, to a fixed point


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Fix the typos of the page; report the weaker findings as suggestions.

    A fix can decide another spot (the page now holds the corrected word), so the page is
    looked at again while a round fixed something; the suggestions are the last round's, so
    cleaning the output again finds nothing new."""
    lines, changes, findings, scans = _round(doc, rules, settings, None)
    for _ in range(MAX_ROUNDS - 1):
        if not changes:
            break
        lines, more, findings, scans = _round(doc.evolve(lines=lines), rules, settings, scans)
        if not more:
            break
        changes += more
    if not changes and not findings:
        return doc
    return doc.evolve(lines=lines, changes=changes, warnings=findings)


@functools.cache
def _memo(rules: RuleBook) -> line.Memo:
    """The line memo of a rule book (what a line holds depends on the book's rules)."""
    return line.Memo()


@dataclass
class _Scans:
    """What the page-wide scans found, by line index (an index missing: nothing), and the lines
    the round then touched (a listed fix or a proposal applied)."""

    suspects: set[int]  # lines with a listed typo or a doubled character
    anchors: dict[int, list[tuple[int, int]]]
    skeletons: dict[int, list]
    spots: dict[int, tuple[int, ...]]
    touched: set[int] = field(default_factory=set)


def _scan_page(doc: Document, rules: RuleBook, r: line.LineRules) -> _Scans:
    """One scan of the page for each kind of anchor (cheaper than one a line)."""
    page = doc.text
    starts = _line_starts(doc)
    return _Scans(_suspect_lines(doc, _compiled(rules), rules), triggers.by_line(page, starts),
                  missing.by_line(page, starts) if r.missing_code else {},
                  clauses.by_line(page, starts, r.clause))


def _rescan(doc: Document, r: line.LineRules, before: _Scans) -> _Scans:
    """The scans of a page after a round: the lines it did not touch keep what they had (the
    same text finds the same anchors); the touched ones (a few) are scanned alone, as the page
    scan would find them, and are looked at for listed typos (fix_text finds nothing where the
    page's pre-filter finds nothing)."""
    out = _Scans(set(before.touched), dict(before.anchors), dict(before.skeletons), dict(before.spots))
    for i in before.touched:
        text = doc.lines[i].text
        out.anchors[i] = triggers.scan(text)
        out.skeletons[i] = sorted(missing.scan(text)) if r.missing_code else []  # by_line's order
        out.spots[i] = clauses.spots(text, r.clause)
    return out


def _round(doc: Document, rules: RuleBook, settings: Settings,
           before: _Scans | None) -> tuple[list[Line], list[Change], list[Finding], _Scans]:
    """One look at every line: the new lines, the fixes made, the suggestions and the scans
    (``before``: those of the round before, whose output ``doc`` is)."""
    r = line.LineRules(digits.rule(rules), repeats.rule(rules), clauses.rule(rules), xiang.rule(rules),
                       missing.code(rules))
    scans = _scan_page(doc, rules, r) if before is None else _rescan(doc, r, before)
    memo = _memo(rules)
    page = doc.text
    tw_words = frozenset(variants.page_words(page) if doc.traditional else variants.stray_words(page))
    lines = list(doc.lines)
    changes: list[Change] = []
    findings: list[Finding] = []
    for i, row in enumerate(doc.lines):
        text = row.text
        hits, gaps, cols = scans.anchors.get(i), scans.skeletons.get(i, []), scans.spots.get(i, ())
        if i in scans.suspects:
            text, made = fix_text(text, rules, row.src)
            if made:  # a listed fix moved the columns: find the anchors again in the new text
                changes += made
                scans.touched.add(i)
                hits, cols = triggers.scan(text), clauses.spots(text, r.clause)
                gaps = missing.scan(text) if r.missing_code else []
        finds = memo.finds(text, hits, r, gaps, cols)
        if finds is not line.NOTHING or tw_words:
            found = _choose(line.on_page(finds, text, page, tw_words, doc.traditional))
            text, made, warned = _apply(row.with_text(text), found, settings.fix_suggestions)
            if made:
                changes += made
                scans.touched.add(i)
            findings += warned
        if text != row.text:
            lines[i] = row.with_text(text)
    return lines, changes, findings, scans
