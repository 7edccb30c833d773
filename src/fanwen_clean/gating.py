"""Rule gating: ``--select``/``--ignore`` and the inline markers a maintainer puts in a page.

One generic mechanism, outside the stages: the pipeline runs each stage as usual, then
this module looks at the changes the stage added.  A change whose rule is switched off
(globally, or on the source lines it touches) is undone by putting back the lines the
stage got, for the *group* of source lines that change falls in; the stage's other edits
stand.  A group is the run of source lines from one line the stage kept to the next one,
so a line the stage deleted or joined into the previous one belongs to that previous
line's group.

Markers (kept in the output, so that cleaning again honours them and round trips hold):

* ``fanwen-clean: ignore FW4,FW201`` anywhere on a line: no rule with one of these
  prefixes edits that line (``fanwen-clean: ignore`` alone: no rule at all), and the
  line is never joined with a neighbour (FW3xx).  An edit that would alter the marker
  itself is undone too.
* a line with ``fanwen-clean: off`` … a line with ``fanwen-clean: on``: no rule edits
  these lines, the two marker lines included (an ``off`` without ``on`` runs to the end);
  there any difference a stage makes is undone, even one it did not record as a change.

Limits: an undone edit takes back the same stage's other edits in its group (a typo fix
on a line that was joined with a protected one); facts a stage keeps outside the lines
(slot numbering) are not rolled back, so numbers may skip; FW101 (line ends) happens
while splitting the page, before any stage, and is always made; warnings of a
switched-off rule are dropped.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import pairwise

import regex

from .document import Document, Line
from .regex_guard import compile_rule
from .settings import Settings

MARK = "fanwen-clean"
_MARKER_RX = (r"fanwen-clean[:：][ \t]{0,8}+"
              r"(?:(?P<off>off)|(?P<on>on)|ignore(?P<codes>(?:[ \t,，]{1,8}+FW\d{0,3}+){0,64}+))"
              r"(?![\p{L}\p{N}])")


@functools.cache
def _marker() -> regex.Pattern:
    """Compiled on first use: only pages that mention fanwen-clean need it."""
    return compile_rule(_MARKER_RX, regex.I)
ALL: tuple[str, ...] = ("FW",)
JOINS: tuple[str, ...] = ("FW3",)
_HEAD = -1

Stage = Callable[[Document, object, Settings], Document]


def protections(doc: Document) -> dict[int, tuple[str, ...]]:
    """Source line → the code prefixes no rule may use on it, from the page's markers."""
    out: dict[int, tuple[str, ...]] = {}
    off = False
    for line in doc.lines:
        if MARK not in line.text.lower():
            if off:
                out[line.src] = ALL
            continue
        for m in _marker().finditer(line.text):
            if m.group("off"):
                off = True
            elif m.group("on"):
                out[line.src] = ALL  # the closing marker line itself stays as written
                off = False
            else:
                codes = tuple(regex.findall(r"FW\d{0,3}+", m.group("codes").upper())) or ALL
                # FW3: the marker, not a sentence end, closes the line; it is never joined
                out[line.src] = out.get(line.src, ()) + codes + JOINS
        if off:
            out[line.src] = ALL
    return out


def needed(doc: Document, settings: Settings) -> bool:
    """Is there anything to gate?  (Cheap: the default run never pays for gating.)"""
    return settings.gated or any(MARK in line.text.lower() for line in doc.lines)


def run_gated(stages: Iterable[tuple[str, Stage]], doc: Document, rules, settings: Settings) -> Document:
    """Run the stages, undoing after each one the edits of rules that are switched off."""
    shield = protections(doc)
    markers = {ln.src: [m.group() for m in _marker().finditer(ln.text)]
               for ln in doc.lines if ln.src in shield}
    for _name, stage in stages:
        doc = gate(doc, stage(doc, rules, settings), settings, shield, markers)
    return doc


def _allowed(rule: str, srcs: Iterable[int], settings: Settings, shield: dict[int, tuple[str, ...]]) -> bool:
    if not settings.allows(rule):
        return False
    return not any(rule.startswith(shield.get(s, ())) for s in srcs)


def _grouper(before: tuple[Line, ...], after: tuple[Line, ...]) -> Callable[[int], int]:
    """Source line → its group key: the nearest kept source line at or above it."""
    def monotonic(lines: tuple[Line, ...]) -> bool:
        return all(a.src <= b.src for a, b in pairwise(lines))

    if not (monotonic(before) and monotonic(after)):
        return lambda _src: 0  # lines were reordered: the whole page is one group
    keys = sorted({ln.src for ln in after})

    def key(src: int) -> int:
        i = bisect_right(keys, src) - 1
        return keys[i] if i >= 0 else _HEAD

    return key


def gate(before: Document, after: Document, settings: Settings, shield: dict[int, tuple[str, ...]],
         markers: dict[int, list[str]]) -> Document:
    """``after`` (one stage's output) with the edits of switched-off rules undone."""
    if after is before:
        return after
    new_changes = after.changes[len(before.changes):]
    new_warnings = after.warnings[len(before.warnings):]
    key = _grouper(before.lines, after.lines)
    members: dict[int, set[int]] = defaultdict(set)
    for ln in before.lines:
        members[key(ln.src)].add(ln.src)
    bad = {key(c.line) for c in new_changes
           if not _allowed(c.rule, members[key(c.line)] | {c.line}, settings, shield)}
    bad |= _broken_markers(before, after, key, markers)
    bad |= _touched_blocks(before, after, key, shield)
    warnings = [w for w in new_warnings if _allowed(w.rule, (w.line,), settings, shield)]
    if not bad:
        if len(warnings) == len(new_warnings):
            return after
        return replace(after, warnings=after.warnings[:len(before.warnings)] + tuple(warnings))
    lines: list[Line] = []
    b_lines: dict[int, list[Line]] = defaultdict(list)
    for ln in before.lines:
        b_lines[key(ln.src)].append(ln)
    a_lines: dict[int, list[Line]] = defaultdict(list)
    for ln in after.lines:
        a_lines[key(ln.src)].append(ln)
    for k in sorted(set(b_lines) | set(a_lines)):
        lines.extend(b_lines[k] if k in bad else a_lines[k])
    kept = tuple(c for c in new_changes if key(c.line) not in bad)
    # from ``after``: a stage may have rewritten earlier changes (anonymize hides names)
    return replace(after, lines=tuple(lines), changes=after.changes[:len(before.changes)] + kept,
                   warnings=after.warnings[:len(before.warnings)] + tuple(warnings))


def _touched_blocks(before: Document, after: Document, key: Callable[[int], int],
                    shield: dict[int, tuple[str, ...]]) -> set[int]:
    """Groups with a line protected from everything that changed at all, recorded or not."""
    sealed = {key(s) for s, codes in shield.items() if codes == ALL}
    if not sealed:
        return set()
    b_texts: dict[int, list[str]] = defaultdict(list)
    a_texts: dict[int, list[str]] = defaultdict(list)
    for ln in before.lines:
        if key(ln.src) in sealed:
            b_texts[key(ln.src)].append(ln.text)
    for ln in after.lines:
        if key(ln.src) in sealed:
            a_texts[key(ln.src)].append(ln.text)
    return {k for k in sealed if b_texts[k] != a_texts[k]}


def _broken_markers(before: Document, after: Document, key: Callable[[int], int],
                    markers: dict[int, list[str]]) -> set[int]:
    """Groups where the stage altered or removed a marker: those edits are undone too."""
    if not markers:
        return set()
    texts: dict[int, str] = defaultdict(str)
    for ln in after.lines:
        texts[key(ln.src)] += ln.text + "\n"
    return {key(ln.src) for ln in before.lines
            if any(m not in texts[key(ln.src)] for m in markers.get(ln.src, ()))}
