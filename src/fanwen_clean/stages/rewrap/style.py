"""The author's style around a break: are lines left open there (verse, pages without stops)?

A window of lines either side, not the page: a prefix of a page is decided like the whole
page.  Lines as wide as their neighbours with no blank line between are wraps, whatever the
style (:meth:`StyleCounts.full`).
"""

from __future__ import annotations

from collections.abc import Callable

from ...shapes import CLAUSE
from .fixed_width import BAND, BAND_MIN, WRAP_MIN_WIDTH
from .text import FINAL, Piece, display_width, ends_sentence

# around a break, more than this share of prose lines (at least STYLE_MIN_OPEN of them, among
# STYLE_WINDOW lines either side) ends without a full stop: the author writes that way, so an
# open end alone is no evidence of a cut (a window, not the page: a prefix of the page is
# decided like the whole page)
STYLE_OPEN_SHARE = 0.5
STYLE_MIN_OPEN = 3
STYLE_MIN_LEN = 10
STYLE_WINDOW = 6


def open_prose(text: str) -> tuple[bool, bool]:
    """Is the line prose (clause punctuation in it), and is it left open at its end?

    Open: running text of STYLE_MIN_LEN or more without a stop at its end, or any line that
    ends in a comma (a verse of a poem or a 主持词).
    """
    if not CLAUSE.search(text):
        return False, False
    if text[-1] in "，、,":
        return True, True
    if len(text) < STYLE_MIN_LEN or not CLAUSE.search(text, 0, len(text) - 1):
        return True, False
    return True, text[-1] not in FINAL and not ends_sentence(text)


class StyleCounts:
    """Prefix counts of prose lines and of open ones, to judge the author's style around any line.

    Around line ``i`` (STYLE_WINDOW lines either side) the author leaves paragraphs without a
    full stop when at least STYLE_MIN_OPEN lines, and more than STYLE_OPEN_SHARE of the prose
    lines, are left open.  The page's last line, often cut off by the scraper, does not count.
    """

    def __init__(self, lines: list[Piece],
                 open_prose: Callable[[str], tuple[bool, bool]] = open_prose) -> None:
        self.n = len(lines)
        self.lines = lines
        self._widths: list[int] | None = None
        self.prose = [0]
        self.open = [0]
        for ln in lines[:-1]:
            is_prose, is_open = open_prose(ln.text)
            self.prose.append(self.prose[-1] + is_prose)
            self.open.append(self.open[-1] + is_open)
        self.prose.append(self.prose[-1])
        self.open.append(self.open[-1])

    def styled(self, i: int) -> bool:
        """Does the author around line ``i`` leave paragraphs without a full stop?"""
        a, b = max(0, i - STYLE_WINDOW), min(self.n, i + STYLE_WINDOW + 1)
        n_open = self.open[b] - self.open[a]
        return n_open >= STYLE_MIN_OPEN and n_open > STYLE_OPEN_SHARE * (self.prose[b] - self.prose[a])

    def full(self, i: int) -> bool:
        """Is line ``i`` as wide as the widest line around it (within the band of a fixed-width
        wrap, :mod:`.fixed_width`)?  A run of such lines without blank lines between is a
        page wrapped at a width too short for the page-wide test, not paragraphs without stops."""
        if self._widths is None:
            self._widths = [display_width(ln.text) + ln.indent for ln in self.lines]
        w = self._widths
        if w[i] < WRAP_MIN_WIDTH:
            return False
        widest = max(w[max(0, i - STYLE_WINDOW):i + STYLE_WINDOW + 1])
        return w[i] >= widest - max(BAND_MIN, round(BAND * widest))
