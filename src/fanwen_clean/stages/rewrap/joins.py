"""Sentences cut by a line break or a blank line (a page break) are joined: FW301-FW303.

Each break is decided by :mod:`.scorer`; joins run in passes to a fixpoint (a join can make
the pair before it joinable), with page-chunk numbers (:mod:`.chunks`) dropped between passes
and agenda tails (:mod:`.items`) joined at the end, so cleaning twice is cleaning once.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...document import Change
from .chunks import chunk_seq, drop_chunks
from .items import wrapped_items
from .rules import Rules
from .scorer import decide, prev_blocked
from .style import STYLE_WINDOW, StyleCounts, open_prose
from .text import CONT_PUNCT, FINAL, STAGE, Piece, glue, joined, snippet

MAX_PASSES = 64  # join passes until nothing changes
Blanks = list["Piece | None"]


class Decisions(dict):
    """Memo of :func:`.scorer.decide` for one page: the fixpoint passes ask about the same pairs again."""

    def __init__(self, r: Rules) -> None:
        super().__init__()
        self.r = r
        self.blocked: dict[str, bool] = {}
        self.prose: dict[str, tuple[bool, bool]] = {}

    def prev_blocked(self, prev: str) -> bool:
        """:func:`.scorer.prev_blocked`, remembered."""
        b = self.blocked.get(prev)
        if b is None:
            b = self.blocked[prev] = prev_blocked(prev, self.r)
        return b

    def open_prose(self, text: str) -> tuple[bool, bool]:
        """:func:`.style.open_prose`, remembered (every pass counts the style around each break)."""
        found = self.prose.get(text)
        if found is None:
            found = self.prose[text] = open_prose(text)
        return found

    def __missing__(self, key: tuple[str, str, str, bool]) -> str | None:
        prev, nxt, before, style = key
        code = None if not nxt or self.prev_blocked(prev) else decide(prev, nxt, before, self.r, style)
        self[key] = code
        return code


def split_blanks(lines: list[Piece]) -> tuple[list[Piece], Blanks]:
    """The non-blank lines, and for each the blank line before it (the first of a run) or None."""
    items: list[Piece] = []
    blanks: Blanks = []
    blank: Piece | None = None
    for ln in lines:
        if not ln.text:
            blank = blank or ln
            continue
        items.append(ln)
        blanks.append(blank if len(items) > 1 else None)
        blank = None
    return items, blanks


def merge_blanks(items: list[Piece], blanks: Blanks) -> list[Piece]:
    """Inverse of :func:`split_blanks`: the lines with their blank lines back in place."""
    out: list[Piece] = []
    for ln, blank in zip(items, blanks, strict=True):
        if blank is not None:
            out.append(blank)
        out.append(ln)
    return out


class _Pass:
    """One pass joining cut sentences over the non-blank lines (``punct_only``: only FW302)."""

    def __init__(self, items: list[Piece], blanks: Blanks, punct_only: bool, memo: Decisions,
                 changes: list[Change]) -> None:
        self.items, self.blanks, self.punct_only = items, blanks, punct_only
        self._styles: StyleCounts | None = None  # counted when first needed
        self.memo, self.changes = memo, changes
        self.out: list[Piece] = []
        self.out_blanks: Blanks = []
        self.grown: list[int] = []  # indices in ``out`` of lines that grew
        self.absorbed_digit = False  # a line that starts with a digit was joined to the one before

    def _code(self, idx: int) -> str | None:
        out, ln = self.out, self.items[idx]
        if not out or out[-1].text[-1] in FINAL or (self.punct_only and ln.text[0] not in CONT_PUNCT):
            return None
        if self.memo.prev_blocked(out[-1].text):
            return None
        code = self.memo[out[-1].text, ln.text, out[-2].text if len(out) > 1 else "", self._style(idx)]
        return None if self.punct_only and code != "FW302" else code

    def _style(self, idx: int) -> bool:
        if self.punct_only:
            return False
        if self._styles is None:
            self._styles = StyleCounts(self.items, self.memo.open_prose)
        styles = self._styles
        return styles.styled(idx) and not (self.blanks[idx] is None and styles.full(idx - 1))

    def take(self, idx: int) -> None:
        """Join line ``idx`` to the last line out, or put it out as it is."""
        ln = self.items[idx]
        code = self._code(idx)
        if not code:
            self.out.append(ln)
            self.out_blanks.append(self.blanks[idx])
            return
        prev = self.out[-1]
        self.absorbed_digit = self.absorbed_digit or ln.text[0].isdigit()
        sep = "\n\n" if self.blanks[idx] else "\n"
        text = glue(prev.text, ln.text, code)
        self.changes.append(Change(code, STAGE, prev.src, snippet(prev.text, sep, ln.text),
                                   snippet(prev.text, "", text[len(prev.text):])))
        self.out[-1] = joined(prev, text)
        if not self.grown or self.grown[-1] != len(self.out) - 1:
            self.grown.append(len(self.out) - 1)

    def run(self, cands: Iterable[int]) -> bool:
        """Look at the lines in ``cands`` (ascending) and at every line right after a join."""
        pos, n = 0, len(self.items)
        todo = iter(cands)
        cand = next(todo, None)
        while True:
            if pos < n and self.grown and self.grown[-1] >= len(self.out) - 2:
                idx = pos  # the line before, or the one before that, changed in this pass
            else:
                while cand is not None and cand < pos:
                    cand = next(todo, None)
                if cand is None:
                    break
                idx = cand
                self.out += self.items[pos:idx]
                self.out_blanks += self.blanks[pos:idx]
            self.take(idx)
            pos = idx + 1
        self.out += self.items[pos:]
        self.out_blanks += self.blanks[pos:]
        return bool(self.grown)


def _first_candidates(items: list[Piece], punct_only: bool, memo: Decisions) -> list[int]:
    """Lines that may join the line before them in the first pass of a phase."""
    blocked = memo.prev_blocked
    if punct_only:
        return [i for i in range(1, len(items))
                if items[i].text[0] in CONT_PUNCT and not blocked(items[i - 1].text)]
    return [i for i in range(1, len(items))
            if items[i - 1].text[-1] not in FINAL and not blocked(items[i - 1].text)]


def _near_digits(items: list[Piece], grown: list[int], absorbed_digit: bool) -> bool:
    """Did the last pass touch a line that starts with a digit (a possible chunk number)?"""
    last = len(items) - 1
    return absorbed_digit or any(
        items[g].text[0].isdigit() or (g < last and items[g + 1].text[0].isdigit()) for g in grown)


def _rechunk(items: list[Piece], blanks: Blanks, changes: list[Change]) -> tuple[list[Piece], Blanks] | None:
    if chunk_seq(items) is None:
        return None
    return split_blanks(drop_chunks(merge_blanks(items, blanks), changes))


def _digit_lines(items: list[Piece]) -> int:
    return sum(1 for ln in items if ln.text[0].isdigit())


def _phase(items: list[Piece], blanks: Blanks, punct_only: bool, memo: Decisions,
           changes: list[Change]) -> tuple[list[Piece], Blanks]:
    """Join passes (and chunk-number drops) until nothing changes, at most MAX_PASSES."""
    cands: Iterable[int] = _first_candidates(items, punct_only, memo)
    # a chunk sequence needs two lines that start with a digit; joins only remove lines,
    # so a page without two now does not get them in this phase
    rechunk = _digit_lines(items) >= 2
    chunky = rechunk
    for _ in range(MAX_PASSES):
        p = _Pass(items, blanks, punct_only, memo, changes)
        grew = p.run(cands)
        if grew:
            items, blanks = p.out, p.out_blanks
            cands = p.grown if punct_only else _around(p.grown, len(items))
            rechunk = chunky and (rechunk or _near_digits(items, p.grown, p.absorbed_digit))
        else:
            cands = ()
        chunked = _rechunk(items, blanks, changes) if rechunk else None
        rechunk = chunked is not None
        if chunked:
            items, blanks = chunked
            cands = range(len(items))  # lines merged and renumbered: look at every pair again
        elif not grew:
            break
    return items, blanks


def _around(grown: list[int], n: int) -> list[int]:
    """The lines whose break a join at ``grown`` may have changed: the style around a line
    counts STYLE_WINDOW lines either side."""
    near: set[int] = set()
    for g in grown:
        near.update(range(max(1, g - STYLE_WINDOW), min(n, g + STYLE_WINDOW + 2)))
    return sorted(near)


def join_all(lines: list[Piece], r: Rules, changes: list[Change]) -> list[Piece]:
    """Chunk numbers, cut sentences and wrapped agenda items, joined to a fixpoint."""
    items, blanks = split_blanks(lines)
    # joins before a leading comma first, then the others; each pass judges the style around
    # each break afresh and looks again at every break near a join, and passes run until
    # nothing changes, so that cleaning the output again judges the same and joins nothing
    memo = Decisions(r)
    items, blanks = _phase(items, blanks, True, memo, changes)
    items, blanks = _phase(items, blanks, False, memo, changes)
    items, blanks = wrapped_items(items, blanks, r, changes)
    return merge_blanks(items, blanks)
