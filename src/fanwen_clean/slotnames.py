"""Slot naming shared by the stages that add slots (``slots``, ``anonymize``).

A stage finds variable parts and describes each as a :class:`Pending` with a
*base* name from the vocabulary (``县名``) and a *key* saying which variable it
is (``("县名", "x", "县")``).  :func:`assign` turns them into spans with final
names for the whole document: one variable → ``{{县名}}``; several variables of
one base → ``{{县名1}}``, ``{{县名2}}`` in order of first appearance.  Names
given by an earlier stage are renumbered when a later stage adds a variable of
the same base, and slots already present in the input (kind ``existing``)
keep their names, which are never reused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from .document import Change, Document, Line, SlotSpan

META_KEY = "slot_vars"  # doc.meta[META_KEY]: {slot name: (base, key)} of the slots named so far
EXISTING = "existing"


@dataclass(frozen=True, slots=True)
class Pending:
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


def assign(doc: Document, found: Iterable[Pending], stage: str) -> Document:
    """Add ``found`` as named slot spans; (re)number every variable of the document.

    Pending parts that overlap a slot already in the line are dropped.  One
    :class:`Change` per new occurrence is recorded (``original`` → ``{{name}}``);
    earlier slot changes are updated when their slot is renumbered.
    """
    by_line: dict[int, list[Pending]] = {}
    for p in found:
        by_line.setdefault(p.line, []).append(p)
    registry: dict[str, tuple[str, Hashable]] = doc.meta.get(META_KEY, {})
    reserved: set[str] = set()
    order: dict[tuple[str, Hashable], None] = {}  # variables in order of first appearance
    merged: dict[int, list[tuple[int, int, str, SlotSpan | Pending]]] = {}
    todo = sorted({i for i, line in enumerate(doc.lines) if line.spans} | by_line.keys())
    for i in todo:  # only lines that have slots: most lines of a page have none
        line = doc.lines[i]
        items: list[tuple[int, int, str, SlotSpan | Pending]] = [
            (s.start, s.end, "old", s) for s in line.spans]
        taken = [(s.start, s.end) for s in line.spans]
        for p in sorted(by_line.get(i, ()), key=lambda p: p.start):
            if any(p.start < e and s < p.end for s, e in taken):
                continue
            taken.append((p.start, p.end))
            items.append((p.start, p.end, "new", p))
        items.sort(key=lambda t: t[0])
        for _s, _e, tag, item in items:
            if tag == "old":
                assert isinstance(item, SlotSpan)
                if item.kind == EXISTING:
                    reserved.add(item.name)
                    continue
                order.setdefault(registry.get(item.name, (item.name, ("name", item.name))), None)
            else:
                assert isinstance(item, Pending)
                order.setdefault((item.base, item.key), None)
        merged[i] = items
    per_base: dict[str, list[tuple[str, Hashable]]] = {}
    for var in order:
        per_base.setdefault(var[0], []).append(var)
    final: dict[tuple[str, Hashable], str] = {}
    for base, variables in per_base.items():
        final.update(zip(variables, _numbered(base, len(variables), reserved), strict=True))
    renamed = {old: final[var] for old, var in registry.items() if var in final and final[var] != old}
    lines = list(doc.lines)
    changes: list[Change] = []
    for i, items in merged.items():
        line = lines[i]
        spans: list[SlotSpan] = []
        for _s, _e, tag, item in items:
            if tag == "old":
                assert isinstance(item, SlotSpan)
                new_name = renamed.get(item.name, item.name) if item.kind != EXISTING else item.name
                spans.append(item if new_name == item.name else dataclasses.replace(item, name=new_name))
            else:
                assert isinstance(item, Pending)
                name = final[(item.base, item.key)]
                spans.append(SlotSpan(item.start, item.end, name, item.kind, item.original))
                changes.append(Change(item.rule, stage, line.src, item.original, "{{" + name + "}}"))
        lines[i] = Line(line.text, line.src, tuple(spans))
    old_changes = doc.changes
    if renamed:
        # keep the record in step with the template: a slot named earlier may now carry a number
        old_changes = tuple(
            dataclasses.replace(c, after="{{" + renamed[c.after[2:-2]] + "}}")
            if c.after.startswith("{{") and c.after[2:-2] in renamed else c
            for c in old_changes)
    variables = {name: var for var, name in final.items()}
    return dataclasses.replace(doc, lines=tuple(lines), changes=old_changes + tuple(changes),
                               meta={**doc.meta, META_KEY: variables})
