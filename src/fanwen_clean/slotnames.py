"""Slot naming shared by the stages that add slots (``slots``, ``anonymize``).

A stage finds variable parts and describes each as a :class:`Pending` with a
*base* name from the vocabulary (``县名``) and a *key* saying which variable it
is (``("县名", "x", "县")``).  :func:`assign` turns them into spans with final
names for the whole document: one variable → ``{{县名}}``; several variables of
one base → ``{{县名1}}``, ``{{县名2}}`` in order of first appearance.  Names
given by an earlier stage are renumbered when a later stage adds a variable of
the same base, and slots already present in the input (kind ``existing``)
keep their names, which are never reused.

The interface between the stages is typed: the variables named so far travel in
``Document.slot_vars`` (slot name → ``(base, key)``), written only by :func:`assign`
/ :func:`assign_lines`; a stage reads a slot's variable there, never from a report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from itertools import compress, count
from operator import attrgetter
from typing import NamedTuple

from .document import Change, Document, Line, SlotSpan

EXISTING = "existing"
_SPANS = attrgetter("spans")


class Pending(NamedTuple):
    """A variable part found by a stage, before it has its final name.

    ``line`` indexes ``doc.lines``; ``start``/``end`` are offsets in that line's text;
    ``key`` is any hashable value that is equal for occurrences of the same variable.
    """

    line: int
    start: int
    end: int
    base: str
    kind: str
    original: str
    key: Hashable
    rule: str


def _numbered(base: str, count: int, reserved: set[str]) -> list[str]:
    if count == 1 and base not in reserved:
        return [base]
    names: list[str] = []
    n = 2 if base in reserved else 1
    while len(names) < count:
        cand = f"{base}{n}"
        if cand not in reserved:
            names.append(cand)
        n += 1
    return names


# A new slot of one line as assign_lines takes it: (start, end, base, kind, original, key, rule)
NewSlot = tuple[int, int, str, str, str, Hashable, str]


def assign(doc: Document, found: Iterable[Pending], stage: str) -> Document:
    """Add ``found`` as named slot spans; (re)number every variable of the document.

    Pending parts that overlap a slot already in the line are dropped.  One
    :class:`Change` per new occurrence is recorded (``original`` → ``{{name}}``);
    earlier slot changes are updated when their slot is renumbered.
    """
    by_line: dict[int, list[NewSlot]] = {}
    for p in found:
        by_line.setdefault(p.line, []).append((p.start, p.end, p.base, p.kind, p.original, p.key, p.rule))
    return assign_lines(doc, by_line, stage)


def _start(item: tuple) -> int:
    return item[0]


def _accepted(new: list[NewSlot], taken: list[tuple[int, int]]) -> list[NewSlot]:
    """The new slots (sorted by start) that overlap neither ``taken`` nor an earlier new one."""
    if not taken and all(p[0] < p[1] for p in new):
        # the usual case, a line with no slot yet: sorted and non-empty, a new slot overlaps
        # an earlier one exactly when it starts before the furthest end so far
        out, far = [], -1
        for p in new:
            if p[0] >= far:
                out.append(p)
                far = max(far, p[1])
        return out
    out = []
    for p in new:
        s, e = p[0], p[1]
        if any(s < b and a < e for a, b in taken):
            continue
        taken.append((s, e))
        out.append(p)
    return out


def _variables(doc: Document, by_line: dict[int, list[NewSlot]], registry: dict, reserved: set[str],
                order: dict[tuple[str, Hashable], int]) -> dict[int, tuple[tuple, list[int]]]:
    """Each line with slots → (its slots by start, old SlotSpan or new slot; their variable numbers).

    ``order`` collects the variables in order of first appearance (value: their number);
    ``reserved`` the names of the slots that were in the input.
    """
    merged: dict[int, tuple[tuple, list[int]]] = {}
    lines = doc.lines
    # only lines that have slots: most lines of a page have none
    for i in sorted(set(compress(count(), map(_SPANS, lines))).union(by_line)):
        spans = lines[i].spans
        new = by_line.get(i, ())
        if len(new) > 1:
            new = _accepted(sorted(new, key=_start), [(s.start, s.end) for s in spans])
        elif new and spans:
            new = _accepted(list(new), [(s.start, s.end) for s in spans])
        if spans:  # old and new slots, by start (old ones first on a tie)
            items = tuple(x for _s, x in sorted([*((s.start, s) for s in spans), *((p[0], p) for p in new)],
                                                key=_start))
        else:
            items = tuple(new)
        numbers = []
        for item in items:
            if isinstance(item, SlotSpan):
                if item.kind == EXISTING:
                    reserved.add(item.name)
                    numbers.append(-1)
                    continue
                var = registry.get(item.name, (item.name, ("name", item.name)))
            else:
                var = (item[2], item[5])
            n = order.get(var)
            if n is None:
                n = order[var] = len(order)
            numbers.append(n)
        merged[i] = (items, numbers)
    return merged


def assign_lines(doc: Document, by_line: dict[int, list[NewSlot]], stage: str) -> Document:
    """:func:`assign` for new slots already grouped by line index (no :class:`Pending` objects)."""
    registry = doc.slot_vars
    reserved: set[str] = set()
    order: dict[tuple[str, Hashable], int] = {}
    merged = _variables(doc, by_line, registry, reserved, order)
    per_base: dict[str, list[tuple[str, Hashable]]] = {}
    for var in order:
        per_base.setdefault(var[0], []).append(var)
    final: dict[tuple[str, Hashable], str] = {}
    for base, variables in per_base.items():
        final.update(zip(variables, _numbered(base, len(variables), reserved), strict=True))
    names = [final[var] for var in order]
    renamed = {old: final[var] for old, var in registry.items() if var in final and final[var] != old}
    lines = list(doc.lines)
    changes: list[Change] = []
    for i, (items, numbers) in merged.items():
        line = lines[i]
        src = line.src
        out: list[SlotSpan] = []
        for item, n in zip(items, numbers, strict=True):
            if isinstance(item, SlotSpan):
                new_name = renamed.get(item.name, item.name) if item.kind != EXISTING else item.name
                out.append(item if new_name == item.name else dataclasses.replace(item, name=new_name))
            else:
                name = names[n]
                out.append(SlotSpan(item[0], item[1], name, item[3], item[4]))
                changes.append(Change(item[6], stage, src, item[4], "{{" + name + "}}"))
        lines[i] = Line(line.text, src, tuple(out))
    old_changes = doc.changes
    if renamed:
        # keep the record in step with the template: a slot named earlier may now carry a number
        old_changes = tuple(
            dataclasses.replace(c, after="{{" + renamed[c.after[2:-2]] + "}}")
            if c.after.startswith("{{") and c.after[2:-2] in renamed else c
            for c in old_changes)
    variables = {name: var for var, name in final.items()}
    return dataclasses.replace(doc, lines=tuple(lines), changes=old_changes + tuple(changes),
                               slot_vars=variables)
