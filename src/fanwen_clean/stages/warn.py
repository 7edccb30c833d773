"""Stage warn: report what a template should not contain but only a person can fix (FW9xx).

Runs last and changes nothing.  Consistency checks (FW901 one unit at two
levels, FW902 two self-names) compare within one article of a compilation, so
six speeches glued into one page are not held to one vocabulary.  Truncation
checks: dashes standing in for cut text (FW903), a page that ends with a lone
…… (FW904) or in the middle of a sentence (FW905).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import Counter
from typing import NamedTuple

import regex

from ..document import Document, Finding, Line
from ..regex_guard import compile_rule
from ..rules import RuleBook, RuleError
from ..settings import Settings
from ..shapes import CLAUSE

_KINDS = ("level", "selfname", "dashes", "ellipsis_end", "section")
_OPEN_END = compile_rule(r"(?:\p{Han}|[，、,])$")
END_MIN = 20  # a last line shorter than this is a title or signature, not a cut sentence
HISTORY_WINDOW = 12  # characters before a level word searched for a year or 被评为


class _Rules(NamedTuple):
    patterns: dict[str, tuple[str, regex.Pattern]]  # kind -> (code, pattern)
    history: regex.Pattern | None
    hints: dict[str, tuple[str, ...]]  # kind -> substrings one of which every match contains

    def find(self, kind: str, text: str) -> regex.Match | None:
        """Search the page for one kind, skipping the search when no hint is in the text."""
        if kind not in self.patterns:
            return None
        hints = self.hints.get(kind)
        if hints and not any(h in text for h in hints):
            return None
        return self.patterns[kind][1].search(text)


@functools.cache
def _compiled(rules: RuleBook) -> _Rules:
    patterns: dict[str, tuple[str, regex.Pattern]] = {}
    hints: dict[str, tuple[str, ...]] = {}
    history = None
    for e in rules.family("warning"):
        kind, pat = e.get("kind"), e.get("pattern")
        if kind is None or pat is None:
            continue
        if kind not in _KINDS:
            raise RuleError(f"{e['_source']}: warning {e.get('code')}: unknown kind {kind!r}")
        try:
            patterns[kind] = (e["code"], compile_rule(pat, regex.M))  # a later file overrides
            hints[kind] = tuple(e.get("prefilter", ()))
            if e.get("history"):
                history = compile_rule(e["history"])
        except regex.error as exc:
            raise RuleError(f"{e['_source']}: warning {e.get('code')}: bad pattern: {exc}") from None
    return _Rules(patterns, history, hints)


def _sections(lines: tuple[Line, ...], text: str, r: _Rules) -> list[list[Line]]:
    """Split a compilation into its articles (one section when there is no article header)."""
    sec = r.patterns.get("section")
    if sec is None or not r.find("section", text):
        return [list(lines)]
    out: list[list[Line]] = []
    start = 0
    for i in _hinted_lines(lines, text, r.hints.get("section")):
        # a header starts a new article unless the current one is still empty
        if i > start and lines[i].text and sec[1].search(lines[i].text):
            out.append(list(lines[start:i]))
            start = i
    out.append(list(lines[start:]))
    return out


def _hinted_lines(lines: tuple[Line, ...], text: str, hints: tuple[str, ...] | None) -> list[int]:
    """Indices of the lines that contain one of ``hints`` (every line when there are none).

    Prefilter: a match contains a hint, so only these lines need the search; they are
    found with a few substring scans of the page instead of one search per line.
    """
    if not hints:
        return list(range(len(lines)))
    offsets = list(itertools.accumulate((len(ln.text) + 1 for ln in lines[:-1]), initial=0))
    found: set[int] = set()
    for h in hints:
        at = text.find(h)
        while at >= 0:
            found.add(bisect.bisect_right(offsets, at) - 1)
            at = text.find(h, at + 1)
    return sorted(found)


def _mix(found: list[tuple[str, Line, int]], code: str, what: str) -> list[Finding]:
    """One finding per minority variant, at its first occurrence: ``found`` is (variant, line, col)."""
    counts = Counter(v for v, _, _ in found)
    if len(counts) < 2:
        return []
    major = counts.most_common(1)[0][0]
    out = []
    for variant, n in counts.items():
        if variant == major:
            continue
        _, line, col = next(f for f in found if f[0] == variant)
        out.append(Finding(code, line.src, f"{what}: {variant} ({n}×) and {major} ({counts[major]}×) "
                                           "in one text; use one", col))
    return out


def _levels(section: list[Line], r: _Rules) -> list[Finding]:
    code, pat = r.patterns["level"]
    by_unit: dict[str, list[tuple[str, Line, int]]] = {}
    for ln in section:
        if "级" not in ln.text:
            continue
        for m in pat.finditer(ln.text):
            before = ln.text[max(0, m.start() - HISTORY_WINDOW):m.start()]
            if r.history and (r.history.search(before) or ln.text.startswith("称号", m.end())):
                continue  # 2001年被评为市级文明单位 is history, not the unit the template is about
            by_unit.setdefault(m.group(2), []).append((m.group(1) + m.group(2), ln, m.start() + 1))
    out: list[Finding] = []
    for found in by_unit.values():
        out += _mix(found, code, "one unit at two levels")
    return out


def _selfnames(section: list[Line], r: _Rules) -> list[Finding]:
    code, pat = r.patterns["selfname"]
    found = [(m.group(), ln, m.start() + 1)
             for ln in section if "我" in ln.text for m in pat.finditer(ln.text)]
    return _mix(found, code, "two self-names")


def _dashes(lines: tuple[Line, ...], r: _Rules) -> list[Finding]:
    code, pat = r.patterns["dashes"]
    return [Finding(code, ln.src, f"{m.group()!r} stands for text that was cut out", m.start() + 1)
            for ln in lines if "-" in ln.text or "－" in ln.text or "—" in ln.text
            for m in pat.finditer(ln.text)]


def _ending(lines: tuple[Line, ...], r: _Rules) -> list[Finding]:
    last = next((ln for ln in reversed(lines) if ln.text), None)
    if last is None:
        return []
    ell = r.patterns.get("ellipsis_end")
    if ell and ell[1].match(last.text):
        return [Finding(ell[0], last.src, "the page ends with a lone ellipsis: the rest is missing")]
    if (len(last.text) >= END_MIN and _OPEN_END.search(last.text) and CLAUSE.search(last.text)):
        return [Finding("FW905", last.src, "the page ends in the middle of a sentence", len(last.text))]
    return []


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Report mixed levels and self-names, and truncated text; never change the page."""
    r = _compiled(rules)
    text = doc.text
    found: list[Finding] = []
    levels = "level" in r.patterns and "级" in text
    selfnames = "selfname" in r.patterns and "我" in text
    if levels or selfnames:
        for section in _sections(doc.lines, text, r):
            if levels:
                found += _levels(section, r)
            if selfnames:
                found += _selfnames(section, r)
    if r.find("dashes", text):
        found += _dashes(doc.lines, r)
    found += _ending(doc.lines, r)
    if not found:
        return doc
    return doc.evolve(warnings=sorted(found, key=lambda f: (f.line, f.col, f.rule)))
