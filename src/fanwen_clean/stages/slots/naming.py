"""One variable, one name on a page: the page-wide pass over the slots the lines found.

A line names a placeholder from what stands around it; some places name nothing
(``促进xx发展``) and get the generic ``内容``.  When the same written placeholder is
named as entities of one kind elsewhere on the page (``xx县`` … ``xx县委``; ``××镇`` …
``××人民``), the generic occurrences are the most frequent of them too; otherwise the
generic ones of one written form are one ``内容`` variable.  A date after 农历/阴历 is
another variable than the same written date by the Western calendar (农历x月x日 vs
x月x日), so the two get numbered names.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from ...shapes import CLAUSE
from ...slotnames import NewSlot

GENERIC = "内容"
# kinds of the names a generic slot may inherit: things a page names once and reuses
_ENTITY_KINDS = frozenset({"place", "org", "person", "title", "event", "doc"})
_DATE_KINDS = frozenset({"year", "date"})
_LUNAR = ("农历", "阴历", "夏历")
_REACH = 16  # how far back a calendar word governs a date


def _token(original: str) -> str:
    return original.strip(" \u3000")


def _named(key: Hashable) -> bool:
    """Is ``key`` a context key (base, original, context) rather than a fill-in or list key?"""
    return isinstance(key, tuple) and len(key) == 3 and isinstance(key[2], str)


def _entities(pending: Mapping[int, list[NewSlot]]) -> dict[str, tuple[str, Hashable]]:
    """Written form → the entity (name, key of its first variable) its generic occurrences are.

    A form named as entities of one kind only (places: ××镇 … ××人民) is the most frequent
    of them; a form named as entities of several kinds (xx县, xx同志) is none.
    """
    seen: dict[str, dict[str, list]] = {}  # form → name → [count, first key, kind]
    for i in sorted(pending):
        for p in pending[i]:
            if p[2] != GENERIC and p[3] in _ENTITY_KINDS:
                row = seen.setdefault(_token(p[4]), {}).setdefault(p[2], [0, p[5], p[3]])
                row[0] += 1
    out = {}
    for form, names in seen.items():
        if len({row[2] for row in names.values()}) == 1:
            name, row = max(names.items(), key=lambda item: item[1][0])  # first on a tie
            out[form] = (name, row[1])
    return out


def _lunar(text: str, start: int) -> bool:
    """Does a lunar-calendar word govern the date that starts at or before ``start``?"""
    window = text[max(0, start - _REACH):start]
    cut = max((m.end() for m in CLAUSE.finditer(window)), default=0)
    return any(w in window[cut:] for w in _LUNAR)


def harmonize(texts: Mapping[int, str], pending: dict[int, list[NewSlot]],
              kinds: Mapping[str, str], page_wide: frozenset[str] = frozenset()) -> None:
    """Rename and re-key ``pending`` (line → new slots) in place, as the module says.

    A name in ``page_wide`` (领域) is one variable per written placeholder, whatever named it.
    """
    entities = _entities(pending)
    for i, items in pending.items():
        for n, p in enumerate(items):
            start, end, base, kind, original, key, rule = p
            if base == GENERIC and _named(key):
                entity = entities.get(_token(original))
                if entity is not None:
                    base, key = entity
                    kind = kinds.get(base, kind)
                else:
                    key = (GENERIC, _token(original), "")
            elif base in page_wide and _named(key):
                key = (base, _token(original), "")
            elif kind in _DATE_KINDS and _named(key) and _lunar(texts[i], start):
                key = (*key[:2], key[2] + "/农历")
            items[n] = (start, end, base, kind, original, key, rule)
