"""Derive a prefilter from a pattern: literal strings one of which starts every match.

A rule's ``prefilter`` is the cheap pre-check before its pattern is tried (see the rule
files).  Where it can be derived it is: :func:`literal_prefixes` reads a pattern with a
small reader of its own (no private parser of the standard library) and returns the
strings ``str.find`` can locate instead of running the regex at every offset.  What it
does not understand (``\\d``, ``.``, a negated or large class, flags, an optional first
item) makes the answer "unknown" (None), never a wrong answer.
"""

from __future__ import annotations

import re

MAX_PREFIXES = 64
MAX_CLASS = 32  # a character class with more members is not spelled out as prefixes

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}
_ZERO_WIDTH = ("?=", "?!", "?<=", "?<!")
_COUNT = re.compile(r"\{(\d*)(?:,\d*)?\}")


class _Unknown(Exception):
    """The pattern holds something that changes how all of it reads (inline flags)."""


ANY = frozenset()  # an item this reader does not spell out (\d, ., a negated or large class)


class _Reader:
    """A cursor over a pattern; each ``item`` is a set of characters or a list of alternatives."""

    def __init__(self, pattern: str) -> None:
        self.p, self.i = pattern, 0

    def peek(self, k: int = 1) -> str:
        return self.p[self.i:self.i + k]

    def escape(self) -> str:
        """One escaped literal after a backslash (``\\.``, ``\\t``, ``\\u3000``)."""
        ch = self.p[self.i]
        self.i += 1
        if ch in "ux":
            width = 4 if ch == "u" else 2
            code, self.i = self.p[self.i:self.i + width], self.i + width
            return chr(int(code, 16))
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        if ch in "pPN" and self.peek() == "{":
            self.i = self.p.index("}", self.i) + 1
        if ch.isalnum():
            return ""  # \d \s \w \p{…} \b …: a class or an anchor, not a literal
        return ch

    def char_class(self) -> frozenset[str]:
        """The members of ``[…]`` (the ``[`` is read); :data:`ANY` when not spelled out."""
        spelled = self.peek() != "^"
        chars: set[str] = set()
        first = True
        while self.peek() != "]" or first:
            first = False
            ch = self.next_char()
            if self.peek() == "-" and self.peek(2) != "-]":
                self.i += 1
                end = self.next_char()
                spelled = spelled and len(ch) == len(end) == 1 and ord(end) - ord(ch) < MAX_CLASS
                if spelled:
                    chars.update(map(chr, range(ord(ch), ord(end) + 1)))
            else:
                spelled = spelled and len(ch) == 1
                chars.add(ch)
        self.i += 1
        return frozenset(chars) if spelled and len(chars) <= MAX_CLASS else ANY

    def next_char(self) -> str:
        """One member of a class: a character, or "" for one not spelled out (``\\d``)."""
        ch = self.p[self.i]
        self.i += 1
        if ch == "\\":
            return self.escape()
        if ch == "[":
            raise _Unknown  # a nested set: regex reads it differently from re
        return ch

    def quantifier(self) -> int | None:
        """The least count of a quantifier after an item (None: there is none)."""
        ch = self.peek()
        if ch in ("*", "?"):
            self.i += 1
            low = 0
        elif ch == "+":
            self.i += 1
            low = 1
        elif ch == "{" and _COUNT.match(self.p, self.i):
            m = _COUNT.match(self.p, self.i)
            self.i = m.end()
            low = int(m.group(1) or 0)
        else:
            return None
        if self.peek() in ("?", "+"):  # lazy or possessive: the same least count
            self.i += 1
        return low


def _alternatives(r: _Reader) -> list[list]:
    """The alternatives up to the end of the current group, each a list of items."""
    alts: list[list] = [[]]
    while r.i < len(r.p) and r.peek() != ")":
        ch = r.p[r.i]
        r.i += 1
        if ch == "|":
            alts.append([])
        elif ch == "(":
            alts[-1].append(_group(r))
        elif ch == "[":
            alts[-1].append(r.char_class())
        elif ch in "^$":
            alts[-1].append(None)
        elif ch == ".":
            alts[-1].append(ANY)
        elif ch == "\\":
            lit = r.escape()
            # \b \A \Z are zero-width; other letters (\d \s \p{…}) are classes not spelled out
            alts[-1].append(frozenset(lit) if lit else None if r.p[r.i - 1] in "bBAZ" else ANY)
        else:
            alts[-1].append(frozenset(ch))
        low = r.quantifier()
        if low is not None:
            alts[-1][-1] = ("repeat", low, alts[-1][-1])
    return alts


def _group(r: _Reader) -> object:
    """A group after its ``(``: its alternatives, or None for a zero-width assertion."""
    zero = next((z for z in _ZERO_WIDTH if r.p.startswith(z, r.i)), None)
    if zero:
        r.i += len(zero)
    elif r.peek(2) in ("?:", "?>"):
        r.i += 2
    elif r.peek(3) == "?P<":
        r.i = r.p.index(">", r.i) + 1
    elif r.peek() == "?":
        raise _Unknown  # inline flags, comments, conditionals
    alts = _alternatives(r)
    r.i += 1  # the ")"
    return None if zero else alts


def _item_prefixes(item: object) -> set[str] | None:
    """Prefixes of a group or a repeat that starts a sequence (None: unknown)."""
    if isinstance(item, tuple):
        _, low, inner = item
        return _item_prefixes(inner) if low >= 1 else None
    if isinstance(item, frozenset):
        return set(item) or None
    out: set[str] = set()
    for seq in item:  # a list of alternatives
        sub = _seq_prefixes(seq)
        if sub is None:
            return None
        out |= sub
    return out


def _seq_prefixes(items: list) -> set[str] | None:
    """Literal strings one of which starts every match of a sequence (None: unknown)."""
    out = {""}
    for item in items:
        if item is None:  # zero-width: look past it at the start
            if out == {""}:
                continue
            break
        if item is ANY:
            break
        if isinstance(item, frozenset):
            if len(out) * len(item) > MAX_PREFIXES:
                break
            out = {p + c for p in out for c in item}
            continue
        if out == {""}:
            out = _item_prefixes(item) or {""}
        break
    return None if "" in out else out


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """Literal strings one of which starts every match of ``pattern`` (None: unknown)."""
    r = _Reader(pattern)
    try:
        alts = _alternatives(r)
        if r.i != len(pattern):
            return None  # an unbalanced ")"
        found = _item_prefixes(alts)
    except (_Unknown, ValueError, IndexError, TypeError):
        return None
    return tuple(sorted(found)) if found else None
