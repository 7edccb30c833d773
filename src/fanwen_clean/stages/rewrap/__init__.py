"""Stage rewrap: put back together what page breaks, hard wraps and scrapers cut apart.

In order: page markers and artefact separators are removed (FW307, FW308, :mod:`.markers`);
lines hard-wrapped at the page's width are joined (FW304, :mod:`.fixed_width`); sentences
cut by a line break or a blank line are joined (FW301-FW303, :mod:`.joins`, each break
decided by :mod:`.scorer`), dropping page-chunk numbers (FW306, :mod:`.chunks`) and joining
agenda items cut before their last words (FW309, :mod:`.items`); stray spaces go (FW305,
:mod:`.spaces`).  Headings, list items, salutations, sign-offs, dates, titles and speaker
turns are never joined (FW320-FW325).  Every line made by a join has ``Line.joined`` set.
"""

from __future__ import annotations

from ...document import Change, Document, Line
from ...rules import RuleBook
from ...settings import Settings
from .fixed_width import unwrap
from .joins import join_all
from .markers import clean_markers
from .rules import Rules, compiled
from .spaces import fix_spaces, may_have_spaces
from .text import FINAL, STAGE, Piece, display_width

__all__ = ["STAGE", "run"]


def _open_pairs(texts: list[str]) -> bool:
    """Cheap test: does some line not end a sentence and have a line after it?"""
    prev = ""
    for t in texts:
        if not t:
            continue
        if prev and prev[-1] not in FINAL:
            return True
        prev = t
    return False


def _tidy_blanks(lines: list[Piece]) -> list[Piece]:
    """At most one blank line in a row, none at the start or end (as normalize leaves them)."""
    out: list[Piece] = []
    for ln in lines:
        if not ln.text and (not out or not out[-1].text):
            continue
        out.append(ln)
    while out and not out[-1].text:
        out.pop()
    return out


def _fix_spaces(lines: list[Piece], r, changes: list[Change]) -> None:
    for ln in lines:
        if not may_have_spaces(ln.text):
            continue
        fixed = fix_spaces(ln.text, r)
        if fixed != ln.text:
            changes.append(Change("FW305", STAGE, ln.src, ln.text, fixed))
            ln.text = fixed


def _pieces(doc: Document) -> list[Piece]:
    widths: dict[str, int] = {"": 0}  # most pages indent every paragraph alike (　　)
    out = []
    for ln in doc.lines:
        w = widths.get(ln.indent)
        if w is None:
            w = widths[ln.indent] = display_width(ln.indent)
        out.append(Piece(ln.text, ln.src, w, ln.joined))
    return out


def _lines(doc: Document, pieces: list[Piece]) -> list[Line]:
    old = {ln.src: ln for ln in doc.lines}
    out = []
    for p in pieces:
        o = old.get(p.src)
        if o is not None and o.text == p.text:
            out.append(o)
        else:
            out.append(Line(p.text, p.src, joined=p.joined or (o is not None and o.joined),
                            indent=o.indent if o is not None else ""))
    return out


MAX_ROUNDS = 4  # unwrap and join again: each round only runs when the one before joined


def _unwrap_and_join(lines: list[Piece], r: Rules, changes: list[Change]) -> list[Piece]:
    """Fixed-width unwrap, then cut-sentence joins, until neither changes anything: a join
    changes the line widths, which may reveal a fixed width that was not there before (so that
    cleaning the output again would unwrap it)."""
    lines = unwrap(lines, r, changes)
    for _ in range(MAX_ROUNDS):
        made = len(changes)
        lines = join_all(lines, r, changes)
        if len(changes) == made:
            break
        made = len(changes)
        lines = unwrap(lines, r, changes)
        if len(changes) == made:
            break
    return lines


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Repair cut sentences, hard wraps, page markers and stray spaces; record each fix."""
    r = compiled(rules)
    text = doc.text
    markers = r.has_markers(text)
    joins = _open_pairs([ln.text for ln in doc.lines])
    spaces = may_have_spaces(text)
    if not (markers or joins or spaces):
        return doc  # every line ends a sentence and nothing else to repair: the common fast path
    lines = _pieces(doc)
    changes: list[Change] = []
    if markers:
        lines = clean_markers(lines, r, changes)
    if joins or markers:
        lines = _unwrap_and_join(lines, r, changes)
    if spaces:
        _fix_spaces(lines, r, changes)
    if not changes:
        return doc
    return doc.evolve(lines=_lines(doc, _tidy_blanks(lines)), changes=changes)
