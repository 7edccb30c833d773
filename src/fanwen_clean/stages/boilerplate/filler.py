"""Injected filler (FW205): intros and outros a site writes around the 范文.

Scored by weighted features (rules of kind ``filler``) and removed only where sites put
them: before the first article of a compilation, among the first two paragraphs, or —
speaking as the site (小编, 本站) — after the last one.  Long-tail filler that uses none of
the listed phrases is left to the line classifier (classifier.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...document import Change, Finding, Line
from ...regex_guard import compile_rule
from ...shapes import CLAUSE
from .book import Compiled
from .page import Page
from .verdict import STAGE, WARN

FILLER_SCORE = 6  # strong features weigh 3: two of them, or one plus topic words and 小编 …
MIXED_MIN = 100  # a filler paragraph this long may be body text with filler sentences glued in
_SENTENCES = compile_rule(r"[^。！？!?]*+[。！？!?]++[”’」』）)]?|[^。！？!?]++$")
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
    book.memo.fillers.put(t, made)
    return made


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


def cut_sentences(texts: list[str], book: Compiled, removed: dict[int, str], lines: tuple[Line, ...],
                  changes: list[Change]) -> set[int]:
    """A long paragraph marked as filler that is body text with filler sentences glued in (it
    opens with body sentences that hold no filler feature at all): only the sentences with a
    strong filler feature go (FW205), the rest of the paragraph stays.

    Edits ``texts`` in place and unmarks the paragraph; returns the indexes of the lines cut.
    """
    cut: set[int] = set()
    for i in [i for i, code in removed.items() if code == "FW205" and len(texts[i]) >= MIXED_MIN]:
        t = texts[i]
        pieces = [m.group() for m in _SENTENCES.finditer(t)]
        scores = [filler_score(p, book) for p in pieces]
        first = next((k for k, sc in enumerate(scores) if sc[1]), 0)
        kept = [p for p, sc in zip(pieces, scores, strict=True) if not sc[1]]
        # body first (not a word of filler before the first filler sentence), and most of it
        if not first or any(sc[0] for sc in scores[:first]) or sum(map(len, kept)) < 0.5 * len(t):
            continue  # filler through and through: the whole paragraph goes
        new = "".join(kept).strip()
        changes.append(Change("FW205", STAGE, lines[i].src, t, new))
        texts[i] = new
        del removed[i]
        cut.add(i)
    return cut
