"""Rebuild the page: drop the removed lines, set article titles apart (FW211), tidy blank runs."""

from __future__ import annotations

from ...document import Change, Document, Finding, Line
from .verdict import STAGE


def rebuild(doc: Document, lines: tuple[Line, ...], full: str, texts: list[str],
             removed: dict[int, str], titles: set[int], touched: set[int], changes: list[Change],
             warnings: list[Finding]) -> Document:
    """The page without the removed lines, with the cut texts and the titles set apart, tidied;
    ``full``: the text of the page as it came in."""
    if not removed and not changes and not warnings and not titles and _tidy_already(lines, full):
        return doc  # nothing to remove, cut, separate or tidy
    gone = {lines[i].src for i in removed}
    warnings = [w for w in warnings if w.line not in gone]
    out: list[Line] = []
    drops: list[int] = []  # where in out lines went missing
    pos = 0
    # only removed, changed and title lines need a look: the runs between them are copied
    for i in sorted(removed.keys() | touched | titles):
        out.extend(lines[pos:i])
        pos = i + 1
        line, t = lines[i], texts[i]
        if i in removed:
            changes.append(Change(removed[i], STAGE, line.src, line.text, ""))
            drops.append(len(out))
            continue
        if line.text and not t:  # a line of nothing but noise
            drops.append(len(out))
            continue
        if i in titles and out and out[-1].text:
            changes.append(Change("FW211", STAGE, line.src, t, "\n" + t))
            out.append(Line("", line.src))
        out.append(line if t == line.text else line.with_text(t))
    out.extend(lines[pos:])
    # removals leave blank runs behind: a blank line stays only after a line of text, none at
    # the end; blank lines are never removed, so a run can only form where the page had one
    # or where lines went missing
    if _tidy_already(lines, full) and not any(_blank_run(out, k) for k in drops):
        tidy = out
    else:
        prev = [""]
        prev += [line.text for line in out]
        tidy = [line for line, before in zip(out, prev, strict=False) if line.text or before]
        if tidy and not tidy[-1].text:
            tidy.pop()
    if not changes and not warnings and len(tidy) == len(lines):
        return doc
    return doc.evolve(lines=tidy, changes=changes, warnings=warnings)


def _blank_run(out: list[Line], k: int) -> bool:
    """Do the lines met at position k of out (after lines went missing) make a blank run, or leave
    a blank line at an end?"""
    left = out[k - 1].text if k > 0 else None
    right = out[k].text if k < len(out) else None
    return (right == "" and (left is None or left == "")) or (left == "" and right is None)


def _tidy_already(lines: tuple[Line, ...], full: str) -> bool:
    """No blank line at either end and no two blank lines in a row (tidying keeps every line);
    ``full``: the text of the lines."""
    if not lines:
        return True
    return bool(lines[0].text) and bool(lines[-1].text) and "\n\n\n" not in full
