"""The stage's patterns from rules/rewrap.toml, compiled once per rule book."""

from __future__ import annotations

import functools
from typing import NamedTuple

import regex

from ...regex_guard import compile_rule
from ...rules import RuleBook, RuleError

KINDS = ("marker", "artefact", "heading", "salutation", "signoff", "agenda", "turn")
# kinds given as a set of characters (``chars``) rather than a pattern
CHAR_KINDS = ("open_end", "no_start", "date_units", "units")


class Rules(NamedTuple):
    """Compiled ``[[rewrap]]`` patterns, one per kind (all entries of a kind in one alternation)."""

    marker: regex.Pattern
    artefact: regex.Pattern
    heading: regex.Pattern
    salutation: regex.Pattern
    signoff: regex.Pattern
    agenda: regex.Pattern
    turn: regex.Pattern
    # hints per kind: a marker (artefact) contains one of these; None: always search
    kind_hints: dict[str, tuple[str, ...] | None]
    # salutation|signoff and heading|salutation|signoff in one pattern each (one search instead
    # of two or three); None when a backreference forbids combining
    greeting: regex.Pattern | None = None
    block: regex.Pattern | None = None
    # characters a line cannot end a sentence with (的 与 在), cannot start one with (的 了 们),
    # that make an amount a date (年 月 日), that measure an amount (公里 名 万)
    open_end: frozenset[str] = frozenset()
    no_start: frozenset[str] = frozenset()
    date_units: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()

    def greeting_match(self, text: str) -> bool:
        """Does ``text`` start with a salutation or a sign-off?"""
        if self.greeting is not None:
            return self.greeting.match(text) is not None
        return self.salutation.match(text) is not None or self.signoff.match(text) is not None

    def block_match(self, text: str) -> bool:
        """Does ``text`` start something new: a heading, a salutation, a sign-off or a date?"""
        if self.block is not None:
            return self.block.match(text) is not None
        return bool(self.heading.match(text) or self.salutation.match(text) or self.signoff.match(text))

    def has_markers(self, text: str) -> bool:
        """Does ``text`` contain a page marker or an artefact separator?  Each pattern is
        searched only when one of its own hints is in the text."""
        for kind, pat in (("marker", self.marker), ("artefact", self.artefact)):
            hints = self.kind_hints.get(kind)
            if (hints is None or any(h in text for h in hints)) and pat.search(text):
                return True
        return False


def _char_sets(rules: RuleBook) -> dict[str, frozenset[str]]:
    """The ``chars`` of the character-set kinds, all entries of a kind together."""
    sets: dict[str, set[str]] = {k: set() for k in CHAR_KINDS}
    for e in rules.family("rewrap"):
        if e.get("kind") in CHAR_KINDS:
            sets[e["kind"]] |= set(e.get("chars", ""))
    return {k: frozenset(v) for k, v in sets.items()}


def _groups(rules: RuleBook) -> tuple[dict[str, list[str]], dict[str, set[str] | None]]:
    groups: dict[str, list[str]] = {k: [] for k in KINDS}
    hints: dict[str, set[str] | None] = {"marker": set(), "artefact": set()}
    for e in rules.family("rewrap"):
        kind, pat = e.get("kind"), e.get("pattern")
        if kind is None or pat is None or kind in CHAR_KINDS:
            continue
        if kind not in groups:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: unknown kind {kind!r}")
        if kind in hints and hints[kind] is not None:
            hints[kind] = hints[kind] | set(e["prefilter"]) if e.get("prefilter") else None
        try:
            compile_rule(pat)
        except regex.error as exc:
            raise RuleError(f"{e['_source']}: rewrap rule {e.get('code')}: bad pattern: {exc}") from None
        groups[kind].append(pat)
    return groups, hints


@functools.cache
def compiled(rules: RuleBook) -> Rules:
    """The rule book's rewrap patterns, compiled (cached per rule book)."""
    groups, hints = _groups(rules)
    never = r"(?!)"
    joined = {k: "|".join(f"(?:{p})" for p in v) or never for k, v in groups.items()}
    pats = {k: compile_rule(p, regex.M) for k, p in joined.items()}
    greeting = block = None
    # group numbers shift and global flags spread when patterns are combined: only combine
    # patterns without backreferences or inline flags
    if not any(regex.search(r"\\[1-9g]|\(\?P=|\(\?[a-zA-Z-]+\)", joined[k])
               for k in ("heading", "salutation", "signoff")):
        greeting = compile_rule(f"(?:{joined['salutation']})|(?:{joined['signoff']})", regex.M)
        block = compile_rule(f"(?:{joined['heading']})|(?:{joined['salutation']})|(?:{joined['signoff']})",
                              regex.M)
    return Rules(**pats, greeting=greeting, block=block, **_char_sets(rules),
                 kind_hints={k: tuple(sorted(v)) if v is not None else None for k, v in hints.items()})
