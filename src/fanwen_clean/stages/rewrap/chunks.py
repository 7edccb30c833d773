"""Page-chunk numbers (1、… 2、… 3、…) that a scraper put where it cut the page: FW306."""

from __future__ import annotations

from ...document import Change
from ...regex_guard import compile_rule
from ...shapes import HAN
from .text import CONT_PUNCT, STAGE, Piece, ends_sentence, joined, snippet

_CHUNK = compile_rule(r"^(\d{1,3})[、.．]\s*")
_FULL_STOP = compile_rule(r"[。！？.!?]")
CUT_BEFORE_MIN = 30  # the piece before a chunk number is a long run of text
CUT_AFTER_MIN = 10  # and the chunk after it too


def _cuts(prev: str, body: str) -> bool:
    """Does a chunk number stand between ``prev`` and ``body``, halves of one sentence or word?"""
    if not prev or ends_sentence(prev) or len(prev) < CUT_BEFORE_MIN or len(body) < CUT_AFTER_MIN:
        return False
    if not _FULL_STOP.search(prev):
        return False
    if prev[-1].isascii() and prev[-1].isalpha():
        return body[0].isascii() and body[0].isalpha()  # a Latin word cut in two (persona|l)
    first = body[0]
    return bool(HAN.match(prev[-1])) and (bool(HAN.match(first)) or first in CONT_PUNCT or first.isdigit())


def chunk_seq(lines: list[Piece]) -> list[int] | None:
    """The page-chunk numbers to drop (indices of 1、… 2、… 3、…), or None to leave the page.

    Every chunk after the first must cut a sentence; blank lines are skipped.
    """
    # prefilter: a chunk line starts with a digit, and most lines do not
    starts = [i for i, ln in enumerate(lines) if ln.text[:1].isdigit() and _CHUNK.match(ln.text)]
    if len(starts) < 2:
        return None
    nums = {i: int(_CHUNK.match(lines[i].text).group(1)) for i in starts}
    seq = [i for i in starts if nums[i] == 1][:1]
    for i in starts:
        if seq and nums[i] == nums[seq[-1]] + 1:
            seq.append(i)
    if len(seq) < 2:
        return None
    for i in seq[1:]:
        # the line before, or the last non-blank one (seq is not sorted: i may be 0)
        prev = (i > 0 and lines[i - 1].text) or next((ln.text for ln in reversed(lines[:i]) if ln.text), "")
        if not _cuts(prev, lines[i].text[_CHUNK.match(lines[i].text).end():]):
            return None  # a real numbered list somewhere in the sequence: leave all of it
    return seq


def drop_chunks(lines: list[Piece], changes: list[Change]) -> list[Piece]:
    """Drop page-chunk numbers where every chunk after the first cuts a sentence; join the halves."""
    seq = chunk_seq(lines)
    if seq is None:
        return lines
    out: list[Piece | None] = list(lines)
    for k, i in enumerate(seq):
        ln = out[i]
        assert ln is not None
        body = ln.text[_CHUNK.match(ln.text).end():]
        if k == 0:
            changes.append(Change("FW306", STAGE, ln.src, ln.text[:len(ln.text) - len(body) + 8], body[:8]))
            out[i] = Piece(body, ln.src, ln.indent, ln.joined)
            continue
        j = max(x for x in range(i) if (o := out[x]) is not None and o.text)
        prev = out[j]
        assert prev is not None
        changes.append(Change("FW306", STAGE, prev.src, snippet(prev.text, "\n", ln.text),
                              snippet(prev.text, "", body)))
        out[j] = joined(prev, prev.text + body)
        for x in range(j + 1, i + 1):
            out[x] = None
    return [ln for ln in out if ln is not None]
