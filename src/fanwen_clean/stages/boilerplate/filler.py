"""Injected filler (FW205): intros and outros a site writes around the 范文.

Scored by weighted features (rules of kind ``filler``) and removed only where sites put
them: before the first article of a compilation, among the first two paragraphs, or —
speaking as the site (小编, 本站) — after the last one.  Long-tail filler that uses none of
the listed phrases is left to the line classifier (classifier.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...document import Finding, Line
from ...shapes import CLAUSE
from .book import LINE_MAX, Compiled, remember
from .page import Page
from .verdict import WARN

FILLER_SCORE = 6  # strong features weigh 3: two of them, or one plus topic words and 小编 …
VOICE = ("小编", "本站")  # the site speaking of itself


@dataclass(frozen=True, slots=True)
class FillerFacts:
    """Of a line wherever it is: in the voice of the site; reads as injected filler."""

    voice: bool
    filler: bool


def filler_score(text: str, book: Compiled) -> tuple[int, bool, bool]:
    """Score of filler features in a paragraph: (score, has a strong feature, has a topic word)."""
    score, strong, topic = 0, False, False
    for r in book.filler:
        if r.may_match(text) and r.pattern.search(text):
            score += r.weight
            strong |= r.weight >= 3
            topic |= r.weight < 3
    return score, strong, topic


def facts(t: str, book: Compiled) -> FillerFacts:
    """The filler facts of a line, remembered per text."""
    got = book.memo.fillers.get(t)
    if got is not None:
        return got
    voice = any(v in t for v in VOICE)
    if len(t) < 12 or not CLAUSE.search(t):
        made = FillerFacts(voice, False)
    else:
        score, strong, topic = filler_score(t, book)
        made = FillerFacts(voice, score >= FILLER_SCORE and strong and topic)
    return made if len(t) > LINE_MAX else remember(book.memo.fillers, t, made)


def mark(page: Page, book: Compiled, head: int, tail: int, titles: set[int],
         removed: dict[int, str], warnings: list[Finding], lines: tuple[Line, ...]) -> None:
    """Mark the filler paragraphs of the page as removed (FW205), or warn where misplaced."""
    texts = page.texts
    n = len(texts)
    before = min(titles) if titles else -1
    # prefilter: only the top of the page and lines in the voice of the site can be filler
    todo = set(range(min(max(before, head + 1), n))) | page.lines_with(VOICE)
    for i in sorted(todo):
        if i in removed:
            continue
        f = facts(texts[i], book)
        if not f.filler:
            continue
        placed = i < before or i <= head or (i >= tail and f.voice)
        if placed:
            removed[i] = "FW205"
        elif f.voice:
            warnings.append(Finding(WARN, lines[i].src, "possible filler paragraph kept (FW205)"))
