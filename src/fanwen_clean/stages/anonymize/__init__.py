"""Stage anonymize: real people, places, organisations and dates become slots (opt-in).

The stage never changes the text: it adds slot spans through
:func:`fanwen_clean.slotnames.assign`, next to the placeholders of ``slots``, so
the JSON report keeps every original and ``fill`` restores the page.  Detection
is dictionary- and context-driven (gazetteer, titles, suffixes) and errs on the
side of leaving a word alone; the allow-list keeps national and historical names.
"""

from __future__ import annotations

import dataclasses

from ...document import Document, Finding
from ...rules import RuleBook
from ...settings import Settings
from ...slotnames import Pending, assign
from . import dates, orgs, people, places, propagate, statistical
from .lexicon import Lexicon, compiled
from .mention import Mention
from .operators import kept, masks, pending

STAGE = "anonymize"
# when two mentions overlap, the longer wins; on a tie, this order
_PRIORITY = {"org": 0, "person": 1, "place": 2, "date": 3}
_NAME_RULES = (people.RULE_TITLED, statistical.RULE, propagate.RULE_LISTED)


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Find the real names of the kinds asked for and slot, mask or report them."""
    if not settings.anonymize:
        return doc
    per_line = _detect(doc, compiled(rules), settings)
    if settings.operator == "keep":
        warnings: list[Finding] = [kept(line.src, line.text, m)
                                   for line, found in zip(doc.lines, per_line, strict=True) for m in found]
        return doc.evolve(warnings=warnings)
    mask = masks(rules)
    found: list[Pending] = [pending(i, line.text, m, settings.operator, mask)
                            for i, (line, ms) in enumerate(zip(doc.lines, per_line, strict=True)) for m in ms]
    if not found:
        return doc
    doc = assign(doc, found, STAGE)
    if not settings.keep_originals:  # --no-originals: the change records must not leak the names either
        doc = dataclasses.replace(doc, changes=tuple(
            dataclasses.replace(c, before="…") if c.stage == STAGE else c for c in doc.changes))
    return doc


def _detect(doc: Document, lex: Lexicon, settings: Settings) -> list[list[Mention]]:
    """Mentions per line: line rules, then what the page teaches (lists, repeats, short forms)."""
    kinds = settings.anonymize
    threshold = statistical.THRESHOLDS[settings.anonymize_level]
    texts = [line.text for line in doc.lines]
    per_line = [_find(text, lex, kinds, threshold) for text in texts]
    if "places" in kinds or "orgs" in kinds:
        per_line = _page_bare_forms(doc, per_line, lex, kinds)
    raw = per_line
    per_line = [_resolve(line.text, found, line.spans, lex)
                for line, found in zip(doc.lines, per_line, strict=True)]
    if "people" in kinds:
        per_line = [ms + propagate.listed(text, ms, lex) for text, ms in zip(texts, per_line, strict=True)]
    per_line = propagate.page_wide(texts, per_line, lex, _inner_places(raw, per_line))
    if "people" in kinds:  # a name the page taught may head a list of its own
        per_line = [ms + propagate.listed(text, ms, lex) for text, ms in zip(texts, per_line, strict=True)]
    per_line = [_resolve(line.text, found, line.spans, lex)
                for line, found in zip(doc.lines, per_line, strict=True)]
    return _merge_given_names(per_line)


def _inner_places(raw: list[list[Mention]], kept: list[list[Mention]]) -> list[list[Mention]]:
    """Places found inside a unit that was slotted whole (陈集镇 in 陈集镇政府): still names."""
    out = []
    for found, ms in zip(raw, kept, strict=True):
        orgs_ = [(m.start, m.end) for m in ms if m.kind == "org"]
        out.append([m for m in found if m.kind == "place"
                    and any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in orgs_)])
    return out


_MEMO_MAX = 50_000  # lines remembered (a few MB); then the memo starts afresh: memory stays flat
_memo: dict[tuple[str, frozenset[str], int], tuple[Mention, ...]] = {}
_memo_lex: list[Lexicon] = []  # the lexicon the memo was filled with


def _find(text: str, lex: Lexicon, kinds: frozenset[str], threshold: int) -> list[Mention]:
    """The line rules' mentions in ``text``, remembered: the same lines recur on a site's pages
    and in a later pipeline pass, and the rules see nothing but the line."""
    if not text:
        return []
    if not _memo_lex or _memo_lex[0] is not lex or len(_memo) >= _MEMO_MAX:
        _memo.clear()
        _memo_lex[:] = [lex]
    key = (text, kinds, threshold)
    found = _memo.get(key)
    if found is None:
        found = _memo[key] = tuple(_find_now(text, lex, kinds, threshold))
    return list(found)


def _find_now(text: str, lex: Lexicon, kinds: frozenset[str], threshold: int) -> list[Mention]:
    out: list[Mention] = []
    place_ms: list[Mention] = []
    if "places" in kinds or "orgs" in kinds:
        place_ms = (places.gazetteer(text, lex) + places.towns(text, lex) + places.hamlets(text, lex)
                    + places.local(text, lex))
    if "places" in kinds:
        out += place_ms
    if "orgs" in kinds:
        out += orgs.find(text, place_ms, lex) + orgs.by_suffix(text, lex)
    if "people" in kinds:
        out += people.find(text, lex)
        out += statistical.candidates(text, lex, threshold)
    if "dates" in kinds:
        out += dates.find(text)
    return out


def _page_bare_forms(doc: Document, per_line: list[list[Mention]], lex: Lexicon,
                     kinds: frozenset[str]) -> list[list[Mention]]:
    """A place named anywhere on the page is also found without its suffix (麻城市 … 赴麻城),
    and anchors organisations wherever it occurs (集美学校)."""
    named = {m.key for ms in per_line for m in ms if m.kind in ("place", "org")}
    bases = {b: lex.place_bases[b] for c in sorted(named) for b in lex.bases_of.get(c, ())
             if b not in lex.common}
    if not bases:
        return per_line
    out = []
    for line, ms in zip(doc.lines, per_line, strict=True):
        if line.text and any(b in line.text for b in bases):
            if "places" in kinds:
                ms = ms + places.bare_of(line.text, bases, lex)
            if "orgs" in kinds:
                ms = ms + orgs.find(line.text, places.bare_of(line.text, bases, lex, checked=False), lex)
        out.append(ms)
    return out


def _allowed(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    if lex.allow is None:
        return []
    return [(e + 1 - len(w), e + 1) for e, (w, _v) in lex.allow.iter(text)]


def _resolve(text: str, found: list[Mention], spans, lex: Lexicon) -> list[Mention]:
    """Drop allow-listed and overlapping mentions: the longest wins, then org > person > place > date."""
    if not found:
        return []
    # an allowed name inside a longer person name the detectors found is not that name (陈云 in 陈云霞)
    persons: dict[int, list[int]] = {}
    for m in found:
        if m.kind == "person" and m.rule in _NAME_RULES:
            persons.setdefault(m.start, []).append(m.end)
    longest = max((e - s for s, ends in persons.items() for e in ends), default=0)
    taken = bytearray(len(text) + 1)  # one flag per character: linear, however many mentions
    for a, b in [(s.start, s.end) for s in spans] + [
            (a, b) for a, b in _allowed(text, lex) if not _inside_person(a, b, persons, longest)]:
        taken[a:b] = b"\x01" * (b - a)
    out: list[Mention] = []
    # every field breaks ties: a set's order depends on PYTHONHASHSEED, the output must not
    order = sorted(set(found), key=lambda m: (-(m.end - m.start), _PRIORITY[m.kind], m.start,
                                              m.rule, m.slot, m.key))
    for m in order:
        if any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def _inside_person(a: int, b: int, persons: dict[int, list[int]], longest: int) -> bool:
    """Is ``[a, b)`` strictly inside a person mention (starts in ``persons``, ends listed)?"""
    return any(b <= e and e - s > b - a
               for s in range(max(0, a - longest), a + 1) for e in persons.get(s, ()))


def _merge_given_names(per_line: list[list[Mention]]) -> list[list[Mention]]:
    """A given name alone (见明) is the same person as the one full name on the page ending in it."""
    full = {m.key for ms in per_line for m in ms if m.kind == "person" and m.rule != people.RULE_GIVEN}
    ending: dict[str, list[str]] = {}  # given name → the full names ending in it (keys are short)
    for k in sorted(full):
        for n in range(1, len(k)):
            ending.setdefault(k[-n:], []).append(k)
    out = []
    for ms in per_line:
        new = []
        for m in ms:
            if m.kind == "person" and m.rule == people.RULE_GIVEN:
                owners = ending.get(m.key, [])
                if len(owners) == 1:
                    m = Mention(m.start, m.end, m.kind, m.slot, owners[0], m.rule)
            new.append(m)
        out.append(new)
    return out
