"""Stage slots: placeholders (x, ×××, 20xx, **, □□, 某某, ____, （　）, [姓名]) become named slots.

Detection patterns, naming context rules and the name vocabulary live in
``rules/slots.toml``, blanks without a marker in ``rules/blanks.toml``.  The stage never
changes the text: it adds a :class:`~fanwen_clean.document.SlotSpan` per placeholder, and
``render`` writes ``{{name}}`` in the template.  Look-alikes (X光, Linux, 3×4, 二○一八,
**粗体**, 1920xx年; the table in ``rules/slot_lookalikes.toml``) are left alone; doubtful
ones get a warning instead of a slot.

The package, in reading order:

* ``rulebook``  the rules compiled; naming a placeholder from its context
* ``guards``    do the characters around a placeholder allow a slot?
* ``markers``   one line: markers found, guarded, judged, named, linked in lists
* ``evidence``  ambiguous markers (``*``, ``%%``, ``……``): strong contexts and page proof
* ``naming``    one variable, one name on the page
* ``blanks``    values left out with no marker at all (kind ``blank``)
* this module   the page: lines scanned (twice when the page proves its markers), names
  harmonized, blanks added, slots numbered by :mod:`fanwen_clean.slotnames`
"""

from __future__ import annotations

from typing import NamedTuple

from ...document import Document, Finding, Line, SlotSpan
from ...rules import RuleBook
from ...settings import Settings
from ...slotnames import EXISTING, NewSlot, assign_lines
from . import blanks, evidence, naming
from .markers import UNIQUE, Found, scan_line
from .rulebook import Compiled, compiled, kind_of

STAGE = "slots"


def _matches_by_line(comp: Compiled, text: str):
    """Token matches of the page by line: (line index, [(group, start, end, hint)]).

    One pass over the page finds the few lines worth a closer look (patterns never span
    lines); offsets are made relative to the line.
    """
    i, start = 0, 0
    end = text.find("\n")
    if end < 0:
        end = len(text)
    matches: list[tuple] = []
    for m in comp.token.finditer(text):
        s = m.start()
        if s > end:  # a later line: move to it
            if matches:
                yield i, matches
                matches = []
            i += text.count("\n", end, s)
            start = text.rfind("\n", 0, s) + 1
            end = text.find("\n", s)
            if end < 0:
                end = len(text)
        matches.append((m.lastgroup, s - start, m.end() - start, m.group("hint")))
    if matches:
        yield i, matches


_SEEN_MAX = 4096  # lines remembered by _line_result


class _LineResult(NamedTuple):
    """What one line contributes to the page: it depends on the line and its matches, not its index."""

    new: tuple[NewSlot, ...]  # for slotnames.assign_lines; key UNIQUE stands for (line index, start)
    unique: bool              # some key is UNIQUE
    existing: tuple[Found, ...]
    warns: tuple[tuple[int, str, str], ...]
    strong: tuple[str, ...]   # forms of the ambiguous markers named by an unambiguous context
    doubtful: frozenset[str]  # evidence groups of the ambiguous markers left as written


def _line_result(comp: Compiled, text: str, matches: list[tuple],
                 page: frozenset[str] = frozenset()) -> _LineResult:
    """The slots and warnings of one line, remembered for lines seen before.

    Placeholder lines are formulaic (尊敬的×××书记：, 20xx年x月x日): the same line comes
    back page after page, with the same matches and so the same result.  The memory is
    bounded: it is cleared when full.
    """
    key = (text, tuple(matches), page)
    got = comp.seen.get(key)
    if got is None:
        found, warns = scan_line(comp, text, matches, page)
        new = tuple((f.start, f.end, f.name, kind_of(comp, f.name), f.original,
                     UNIQUE if f.key == UNIQUE else (f.name, f.original.strip(" \u3000"), f.key), f.code)
                    for f in found if f.form != EXISTING)
        got = _LineResult(new, any(f.key == UNIQUE for f in found if f.form != EXISTING),
                          tuple(f for f in found if f.form == EXISTING), tuple(warns),
                          tuple(f.form for f in found if f.strong), _doubtful(comp, matches, found))
        if len(comp.seen) >= _SEEN_MAX:
            comp.seen.clear()
        comp.seen[key] = got
    return got


def _doubtful(comp: Compiled, matches: list[tuple], found: list[Found]) -> frozenset[str]:
    """Evidence groups of the ambiguous markers among ``matches`` that did not become a slot."""
    out = set()
    for group, s, _e, _hint in matches:
        form = comp.forms[group].form if group != "esc" else ""
        if form in evidence.AMBIGUOUS and not any(f.start <= s < f.end for f in found):
            out.add(evidence.group(form))
    return frozenset(out)


def _scan_page(comp: Compiled, doc: Document, text: str) -> list[tuple[int, _LineResult]]:
    """Every line's result; lines with doubtful markers again when the page proves them blanks."""
    results = [(i, matches, _line_result(comp, doc.lines[i].text, matches))
               for i, matches in _matches_by_line(comp, text)]
    page = evidence.page_groups(form for _i, _m, got in results for form in got.strong)
    if page:
        results = [(i, m, _line_result(comp, doc.lines[i].text, m, page) if got.doubtful & page else got)
                   for i, m, got in results]
    return [(i, got) for i, _m, got in results]


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Mark every placeholder as a named slot span; warn about doubtful look-alikes."""
    comp = compiled(rules)
    text = doc.text
    want_blanks = settings.blanks and blanks.may_have(rules, text)
    if not want_blanks and not comp.trigger.search(text):
        return doc
    pending: dict[int, list[NewSlot]] = {}  # line → its new slots (see slotnames.assign_lines)
    existing: dict[int, list] = {}
    warnings: list[Finding] = []
    for i, got in _scan_page(comp, doc, text):
        line = doc.lines[i]
        for col, code, msg in got.warns:
            warnings.append(Finding(code, line.src, msg, col))
        if got.existing:
            existing[i] = list(got.existing)
        if got.unique:  # a blank filled in anew each time: its own variable
            pending[i] = [(*p[:5], (i, p[0]), p[6]) if p[5] == UNIQUE else p for p in got.new]
        elif got.new:
            pending[i] = list(got.new)
    if existing:
        doc = _with_existing(doc, existing)
    if pending:
        naming.harmonize({i: doc.lines[i].text for i in pending}, pending, comp.kinds, comp.page_wide)
    if want_blanks:
        _add_blanks(doc, text, rules, pending)
    if not pending and not warnings and not existing:
        return doc
    doc = assign_lines(doc, pending, STAGE)
    return doc.evolve(warnings=warnings)


def _add_blanks(doc: Document, text: str, rules: RuleBook, pending: dict[int, list[NewSlot]]) -> None:
    """Add the blanks without a marker (blanks.py) to ``pending``, clear of every other slot."""
    taken: dict[int, list[tuple[int, int]]] = {}
    for i, p in pending.items():
        taken[i] = [(x[0], x[1]) for x in p]
    for i, line in enumerate(doc.lines):
        if line.spans:
            taken.setdefault(i, []).extend((s.start, s.end) for s in line.spans)
    for i, slot in blanks.find(rules, text, [line.text for line in doc.lines], taken):
        pending.setdefault(i, []).append(slot)


def _with_existing(doc: Document, existing: dict[int, list]) -> Document:
    """Slots already written as {{name}} become spans of kind ``existing`` (kept as they are)."""
    lines = list(doc.lines)
    for i, items in existing.items():
        line = lines[i]
        spans = (*line.spans, *(SlotSpan(f.start, f.end, f.name, EXISTING, f.original) for f in items))
        lines[i] = Line(line.text, line.src, tuple(sorted(spans, key=lambda s: s.start)))
    return doc.evolve(lines=lines)
