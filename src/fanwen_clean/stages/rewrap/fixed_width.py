"""Lines hard-wrapped at a fixed width are joined into paragraphs: FW304.

The page's wrap width is the display width (full-width characters count 2) that the most
lines reach, within a band: proportional PDF fonts, digits, half-width commas and closing
quotes make a wrapped line jitter by several columns below the width, and a closing mark may
hang past it.  The lines in the band must mostly be prose that does not end a sentence.
"""

from __future__ import annotations

import bisect

from ...document import Change
from ...shapes import CLAUSE
from .rules import Rules
from .scorer import heading_goes_on, turn_label
from .text import (
    FINAL,
    STAGE,
    Piece,
    display_width,
    ends_sentence,
    glue,
    heading_like,
    joined,
    para_end,
    snippet,
)

WRAP_MIN_WIDTH = 40  # narrowest hard-wrap width we believe in (display columns, 20 Han)
WRAP_MAX_WIDTH = 400  # hard-wrapped lines are narrower than this
WRAP_MIN_LINES = 5
BAND = 0.15  # a full line reaches at least this much less than the width (measured: 374-like PDF text)
BAND_MIN = 3  # and at least this many columns (one Han and a half-width mark)
HANG = 2  # a closing mark may hang past the width
WIDER_SHARE = 0.1  # at most this share of lines (at least one) are wider than the width
FULL_SHARE = 0.3  # at least this share of lines are full
OPEN_SHARE = 0.5  # at least this share of full lines does not end a sentence, and is prose


def _band(width: int) -> int:
    return max(BAND_MIN, round(BAND * width))


def _width(ln: Piece) -> int:
    return display_width(ln.text) + ln.indent


def _may_wrap(filled: list[Piece]) -> bool:
    """Cheap exit before display widths: enough lines long enough to be full, enough of them open.

    A full line has at least WRAP_MIN_WIDTH(1 - BAND) columns, so half as many characters.
    """
    min_chars = int(WRAP_MIN_WIDTH * (1 - BAND)) // 2
    need = max(WRAP_MIN_LINES, FULL_SHARE * len(filled))
    long_open = sum(1 for ln in filled if len(ln.text) >= min_chars and ln.text[-1] not in FINAL)
    return long_open >= OPEN_SHARE * need


def wrap_width(lines: list[Piece]) -> int | None:
    """The display width the page was hard-wrapped at, or None when it was not."""
    filled = [ln for ln in lines if ln.text]
    if len(filled) <= WRAP_MIN_LINES or not _may_wrap(filled):
        return None
    widths = [_width(ln) for ln in filled]
    ranked = sorted(widths)
    n = len(ranked)
    need, few = max(WRAP_MIN_LINES, FULL_SHARE * n), max(1, int(WIDER_SHARE * n))
    best: tuple[int, int] | None = None
    for w in sorted({x for x in widths if WRAP_MIN_WIDTH <= x <= WRAP_MAX_WIDTH}):
        full = bisect.bisect_right(ranked, w + HANG) - bisect.bisect_left(ranked, w - _band(w))
        wider = n - bisect.bisect_right(ranked, w + HANG)
        if wider <= few and full >= need and (best is None or full > best[0]):
            best = (full, w)
    if best is None:
        return None
    full_lines = [ln.text for ln, x in zip(filled, widths, strict=True) if _full(x, best[1])]
    open_ends = sum(1 for t in full_lines if not ends_sentence(t))
    prose = sum(1 for t in full_lines if CLAUSE.search(t) or "、" in t)
    if open_ends < OPEN_SHARE * len(full_lines) or prose < OPEN_SHARE * len(full_lines):
        return None
    return best[1]


def _full(width: int, wrap: int) -> bool:
    return wrap - _band(wrap) <= width <= wrap + HANG


def _continues(prev: Piece, ln: Piece, indenting: bool, r: Rules) -> bool:
    """Does ``ln`` go on with the paragraph of the full line ``prev``?

    Never into a heading, list item, salutation, sign-off, date or speaker turn, never after
    a heading (unless the numbered line goes on, :func:`.scorer.heading_goes_on`); after a
    full stop (。！？：) only on a page that indents its paragraphs, when ``ln`` is not
    indented.  A full line that ends in ；or ， goes on: a paragraph does not
    end there.
    """
    if r.block_match(ln.text) or turn_label(ln.text, prev.text, r):
        return False
    if heading_like(prev.text, r) and not heading_goes_on(prev.text, ln.text, r):
        return False
    if para_end(prev.text):
        return indenting and ln.indent == 0
    return True


def unwrap(lines: list[Piece], r: Rules, changes: list[Change]) -> list[Piece]:
    """Join lines hard-wrapped at the page's fixed width."""
    wrap = wrap_width(lines)
    if wrap is None:
        return lines
    indenting = any(ln.indent for ln in lines)
    out: list[Piece] = []
    wrapped = False  # the last line in ``out`` was full width: the next line may continue it
    for ln in lines:
        if out and wrapped and ln.text and _continues(out[-1], ln, indenting, r):
            prev = out[-1]
            changes.append(Change("FW304", STAGE, prev.src, snippet(prev.text, "\n", ln.text),
                                  snippet(prev.text, "", ln.text)))
            out[-1] = joined(prev, glue(prev.text, ln.text, "FW304"))
        else:
            out.append(ln)
        wrapped = bool(ln.text) and _full(_width(ln), wrap)
    return out
