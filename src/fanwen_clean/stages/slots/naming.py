"""One variable, one name on a page: the page-wide pass over the slots the lines found.

A line names a placeholder from what stands around it; some places name nothing
(``促进xx发展``) and get the generic ``内容``.  When the same written placeholder is
named as one entity everywhere else on the page (``xx县`` … ``xx县委``), the generic
occurrences are that entity too; otherwise the generic ones of one written form are one
``内容`` variable.  A date after 农历/阴历 is another variable than the same written
date by the Western calendar (农历x月x日 vs x月x日), so the two get numbered names.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from ...slotnames import NewSlot

GENERIC = "内容"
# kinds of the names a generic slot may inherit: things a page names once and reuses
_ENTITY_KINDS = frozenset({"place", "org", "person", "title", "event", "doc"})
_DATE_KINDS = frozenset({"year", "date"})
_LUNAR = ("农历", "阴历", "夏历")
_CLAUSE = frozenset("，。；！？,;!?\n")
_REACH = 16  # how far back a calendar word governs a date


def _token(original: str) -> str:
    return original.strip(" \u3000")


def _named(key: Hashable) -> bool:
    """Is ``key`` a context key (base, original, context) rather than a fill-in or list key?"""
    return isinstance(key, tuple) and len(key) == 3 and isinstance(key[2], str)


def _entities(pending: Mapping[int, list[NewSlot]]) -> dict[str, dict[str, Hashable]]:
    """Written form → {entity name: the key of its first variable}, in page order."""
    out: dict[str, dict[str, Hashable]] = {}
    for i in sorted(pending):
        for p in pending[i]:
            if p[2] != GENERIC and p[3] in _ENTITY_KINDS:
                out.setdefault(_token(p[4]), {}).setdefault(p[2], p[5])
    return out


def _lunar(text: str, start: int) -> bool:
    """Does a lunar-calendar word govern the date that starts at or before ``start``?"""
    window = text[max(0, start - _REACH):start]
    cut = max((window.rfind(c) for c in _CLAUSE), default=-1)
    return any(w in window[cut + 1:] for w in _LUNAR)


def harmonize(texts: Mapping[int, str], pending: dict[int, list[NewSlot]],
              kinds: Mapping[str, str]) -> None:
    """Rename and re-key ``pending`` (line → new slots) in place, as the module says."""
    entities = _entities(pending)
    for i, items in pending.items():
        for n, p in enumerate(items):
            start, end, base, kind, original, key, rule = p
            if base == GENERIC and _named(key):
                names = entities.get(_token(original), {})
                if len(names) == 1:
                    (base, key), = names.items()
                    kind = kinds.get(base, kind)
                else:
                    key = (GENERIC, _token(original), "")
            elif kind in _DATE_KINDS and _named(key) and _lunar(texts[i], start):
                key = (*key[:2], key[2] + "/农历")
            items[n] = (start, end, base, kind, original, key, rule)
