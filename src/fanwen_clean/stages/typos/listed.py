"""Listed typos: the pairs of ``typos.tsv``, doubled characters and listed 一→1 words (FW401-FW403).

Every wrong form (``typos.tsv`` rows and the ``digit_one`` words written with 1)
goes into one Aho-Corasick automaton, built once per rule book; a page costs
one scan.  A hit is fixed only when its guard regex agrees with the context.

The automaton runs over UTF-8 bytes (as a latin-1 ``str``): pyahocorasick looks
children up linearly, and with hundreds of different first characters a scan
over characters is four times slower than over bytes, whose fan-out is small.
UTF-8 is self-synchronising, so a byte match always starts on a character.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import ahocorasick
import daachorse
import regex

from ... import diskcache
from ...document import Change, Document
from ...regex_guard import compile_rule
from ...rules import RuleBook, RuleError

STAGE = "typos"
CONTEXT = 2  # characters of context kept on each side in a change record


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    wrong: str
    right: str
    guard: regex.Pattern | None = None
    negate: bool = False
    fence: regex.Pattern | None = None  # a hit touching one of these characters is left alone

    def applies(self, text: str, start: int) -> bool:
        end = start + len(self.wrong)
        if self.fence is not None and ((start and self.fence.match(text[start - 1]))
                                       or (end < len(text) and self.fence.match(text[end]))):
            return False
        if self.guard is None:
            return True
        return (self.guard.match(text, start) is not None) != self.negate


@dataclass(frozen=True)
class _Compiled:
    automaton: ahocorasick.Automaton | None
    doubled: regex.Pattern | None
    allow: dict[str, tuple[str, ...]]
    pairs: tuple[str, ...] = ()  # each doubled character twice: ``doubled`` matches only where one occurs


def _guard(row: dict) -> tuple[regex.Pattern | None, bool]:
    g = (row.get("guard") or "").strip()
    if not g:
        return None, False
    negate = g.startswith("!")
    try:
        return compile_rule(g[1:] if negate else g), negate
    except regex.error as exc:
        raise RuleError(f"{row['_source']}: bad guard {g!r}: {exc}") from None


def _fence(rule: dict) -> regex.Pattern | None:
    """The rule's ``not_next_to`` characters as a one-character pattern."""
    chars = rule.get("not_next_to", "")
    try:
        return compile_rule(f"[{chars}]") if chars else None
    except regex.error as exc:
        raise RuleError(f"typo_rule {rule.get('code')}: bad not_next_to {chars!r}: {exc}") from None


@functools.cache
def _compiled(rules: RuleBook) -> _Compiled:
    """The automaton and patterns of a rule book, from the disk cache when it has them.

    Building them takes a few ms of every start-up; unpickling, well under half that.
    """
    rows = tuple((r.get("wrong", ""), r.get("right", ""), r.get("guard") or "") for r in rules.table("typos"))
    key = ("typos", repr(rows), repr(rules.family("typo_rule")))
    return diskcache.memo(key, lambda: _build(rules))


def _build(rules: RuleBook) -> _Compiled:
    entries: dict[str, _Entry] = {}
    for row in rules.table("typos"):
        wrong, right = row.get("wrong", ""), row.get("right", "")
        if not wrong or not right or wrong == right:
            raise RuleError(f"{row['_source']}: a typo row needs different 'wrong' and 'right'")
        guard, negate = _guard(row)
        entries[wrong] = _Entry("FW401", wrong, right, guard, negate)  # a later (user) row wins
    doubled: list[str] = []
    allow: dict[str, list[str]] = {}
    for rule in rules.family("typo_rule"):
        kind = rule.get("kind")
        if kind == "digit_one":
            fence = _fence(rule)
            for word in rule.get("words", []):
                key = word.replace("一", "1")
                if key != word:
                    entries.setdefault(key, _Entry(rule.get("code", "FW403"), key, word, fence=fence))
        elif kind == "doubled":
            for ch in rule.get("chars", ""):
                doubled.append(ch)
                allow.setdefault(ch, [])
                allow[ch].extend(w for w in rule.get("allow", []) if ch in w)
    automaton = None
    if entries:
        automaton = ahocorasick.Automaton()
        for key, entry in entries.items():
            automaton.add_word(_bytes(key), entry)
        automaton.make_automaton()
    pattern = compile_rule(f"([{regex.escape(''.join(doubled))}])\\1+") if doubled else None
    pairs = tuple(dict.fromkeys(ch + ch for ch in doubled))
    return _Compiled(automaton, pattern, {k: tuple(v) for k, v in allow.items()}, pairs)


def _bytes(text: str) -> str:
    """``text`` as UTF-8 bytes, one latin-1 character per byte (what the automaton reads)."""
    return text.encode("utf-8").decode("latin-1")


def _hits(comp: _Compiled, text: str) -> list[tuple[int, _Entry]]:
    """(character offset, entry) of every automaton match in ``text``."""
    raw = _bytes(text)
    if len(raw) == len(text):  # pure ASCII: byte and character offsets agree
        return [(end - len(e.wrong) + 1, e) for end, e in comp.automaton.iter(raw)]
    out = []
    for end, e in comp.automaton.iter(raw):
        start_byte = end + 1 - len(e.wrong.encode("utf-8"))
        out.append((len(raw[:start_byte].encode("latin-1").decode("utf-8")), e))
    return out


def _covered(text: str, i: int, words: tuple[str, ...]) -> bool:
    """Does one of ``words`` occur in ``text`` over position ``i``?"""
    for w in words:
        for k, ch in enumerate(w):
            if ch == text[i] and i - k >= 0 and text.startswith(w, i - k):
                return True
    return False


def _doubled_edits(text: str, comp: _Compiled) -> list[tuple[int, int, str, str]]:
    """A run of one character is written once unless an allowed word overlaps its ends."""
    edits: list[tuple[int, int, str, str]] = []
    for m in comp.doubled.finditer(text):
        ch = m.group(1)
        words = comp.allow.get(ch, ())
        if _covered(text, m.start(), words) or _covered(text, m.end() - 1, words):
            continue
        edits.append((m.start(), m.end(), ch, "FW402"))
    return edits


def _apply(text: str, edits: list[tuple[int, int, str, str]], src: int) -> tuple[str, list[Change]]:
    """Apply non-overlapping (start, end, replacement, code) edits; record each with context."""
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    for start, end, new, code in edits:
        out.append(text[pos:start])
        out.append(new)
        lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        changes.append(Change(code, STAGE, src, text[lo:hi], text[lo:start] + new + text[end:hi]))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


def fix_text(text: str, rules: RuleBook, src: int = 0) -> tuple[str, list[Change]]:
    """Fix the typos of one line; return the new text and one change per fix."""
    comp = _compiled(rules)
    changes: list[Change] = []
    if comp.automaton is not None:
        hits = sorted(_hits(comp, text), key=lambda h: (h[0], -len(h[1].wrong)))
        edits: list[tuple[int, int, str, str]] = []
        last = 0
        for start, e in hits:
            if start >= last and e.applies(text, start):
                edits.append((start, start + len(e.wrong), e.right, e.code))
                last = start + len(e.wrong)
        if edits:
            text, changes = _apply(text, edits, src)
    if comp.doubled is not None and comp.doubled.search(text):
        edits = _doubled_edits(text, comp)
        if edits:
            text, more = _apply(text, edits, src)
            changes += more
    return text, changes


@functools.cache
def _screen(rules: RuleBook) -> daachorse.CharwiseDoubleArrayAhoCorasick | None:
    """The listed misspellings as a character-wise automaton: it finds the lines to look at in
    a fraction of the time the byte automaton takes over a whole page (which fixes them)."""
    comp = _compiled(rules)
    if comp.automaton is None:
        return None
    keys = comp.automaton.keys()  # latin-1 strings of UTF-8 bytes (see _bytes)
    return daachorse.CharwiseDoubleArrayAhoCorasick([k.encode("latin-1").decode("utf-8") for k in keys])


def _suspect_lines(doc: Document, comp: _Compiled, rules: RuleBook) -> set[int]:
    """Indexes of the lines with an automaton hit or a doubled character (one scan of the page)."""
    text = doc.text
    found: set[int] = set()
    screen = _screen(rules)
    if screen is not None:
        line = pos = 0
        for start, _end, _i in screen.find_overlapping(text):  # a hit lies within one line
            line += text.count("\n", pos, start)
            pos = start
            found.add(line)
    # prefilter: str.find of a few pairs is many times faster than a regex scan of the page
    if comp.doubled is not None and any(pair in text for pair in comp.pairs):
        line = pos = 0
        for m in comp.doubled.finditer(text):
            line += text.count("\n", pos, m.start())
            pos = m.start()
            found.add(line)
    return found
