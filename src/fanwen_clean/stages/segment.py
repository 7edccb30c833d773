"""Stage segment: split lines that carry several paragraphs or fields (FW200).

Scrapers glue things together: a whole article on one line with its paragraphs
separated by runs of spaces, a timestamp run into the title (and into a
``已关闭评论`` tail), an author name run into a timestamp, or a PDF page counter
``第1页共10页`` run into the first sentence.  Splitting them lets the
boilerplate stage judge each piece on its own.  Ordinary prose is never split:
a space run only splits a long line, and only after a sentence end or a
title-shaped piece.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from itertools import accumulate

import regex

from ..document import Change, Document, Line
from ..regex_guard import compile_rule
from ..rules import RuleBook
from ..settings import Settings
from ..shapes import DATETIME, PAGE_COUNTER

STAGE = "segment"
CODE = "FW200"

MIN_PARAGRAPH_LINE = 60  # shorter lines with wide gaps are signatures or form fields
_GAP = compile_rule(r"[ \u3000]{3,}|\u3000{2,}")
_SENT_END = compile_rule(r"[。！？!?；;…”’」』）)]$")
_TITLE_PIECE = compile_rule(r"^[^。！？!?，,；;]{2,40}$")
_PARA_START = compile_rule(r"^(?:[\p{Han}“‘《【（(]|[一二三四五六七八九十]+、|\d+[、.．])")

_CHEAP = compile_rule(r"[ \u3000]{3,}|\u3000{2,}|\d:\d\d|第\s*\d+\s*页")


def _split_gaps(text: str) -> list[str]:
    """Split a long line at space runs that separate paragraphs or a title from a paragraph."""
    if len(text) < MIN_PARAGRAPH_LINE or not _GAP.search(text):
        return [text]
    pieces = _GAP.split(text)
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1]
        if piece and (_SENT_END.search(left) or (_TITLE_PIECE.match(left) and len(piece) >= 8
                                                 and _PARA_START.match(piece))):
            out.append(piece)
        else:
            out[-1] = f"{left}   {piece}"
    return out


@functools.cache
def chrome_tail(rules: RuleBook) -> regex.Pattern:
    """What comment widgets leave after a timestamp (``[[segment]] kind = "chrome_tail"``)."""
    pats = [e["pattern"] for e in rules.family("segment") if e.get("kind") == "chrome_tail"]
    return compile_rule("|".join(f"(?:{p})" for p in pats) or "(?!)")


def _split_fields(text: str, tail_re: regex.Pattern) -> list[str]:
    """Cut a timestamp and the comment widget tail off the text glued to them."""
    pieces: list[str] = []
    rest = text
    m = DATETIME.search(rest)
    # only a timestamp glued to its neighbours is cut off; `key: stamp` is one field
    if m and len(rest) <= 120 and ((m.start() > 0 and rest[m.start() - 1] not in ":： \t")
                                   or (m.end() < len(rest) and rest[m.end()] not in " \t")):
        head, stamp, tail = rest[:m.start()].strip(), m.group(), rest[m.end():].strip()
        if head:
            pieces.append(head)
        pieces.append(stamp)
        t = tail_re.search(tail)
        if t and t.start() > 0:
            pieces.extend([tail[:t.start()].strip(), t.group()])
        elif tail:
            pieces.append(tail)
        return pieces
    m = PAGE_COUNTER.search(rest)
    if m and (m.start() > 0 or m.end() < len(rest)):
        head, tail = rest[:m.start()].strip(), rest[m.end():].strip()
        return [p for p in (head, m.group(), tail) if p]
    return [text]


def split_line(text: str, rules: RuleBook | None = None) -> list[str]:
    """The pieces a line should be split into (a one-item list when it stays whole)."""
    tail_re = chrome_tail(rules or RuleBook())
    out: list[str] = []
    for piece in _split_gaps(text):
        out.extend(_split_fields(piece, tail_re))
    return out


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Split glued paragraphs and metadata fields into lines of their own."""
    texts = [line.text for line in doc.lines]
    todo = _cheap_lines(texts)
    if not todo:
        return doc
    out: list[Line] = []
    changes: list[Change] = []
    pos = 0
    for i in todo:
        line = doc.lines[i]
        pieces = split_line(line.text, rules) if _CHEAP.search(line.text) else [line.text]
        if len(pieces) == 1:
            continue
        out.extend(doc.lines[pos:i])  # the lines in between stay as they are
        pos = i + 1
        changes.append(Change(CODE, STAGE, line.src, line.text, "\n".join(pieces)))
        out.extend(Line(p, line.src) for p in pieces)
    if not changes:
        return doc
    out.extend(doc.lines[pos:])
    return doc.evolve(lines=out, changes=changes)


def _cheap_lines(texts: list[str]) -> list[int]:
    """Indexes of the lines that may need a split (prefilter: one scan of the whole page).

    A match may run over a line end (``第\\n3页``): every line it touches is taken.
    """
    text = "\n".join(texts)
    found: list[int] = []
    starts: list[int] | None = None
    for m in _CHEAP.finditer(text):
        if starts is None:
            starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
        a = bisect_right(starts, m.start()) - 1
        b = bisect_right(starts, m.end() - 1) - 1
        found.extend(range(max(a, found[-1] + 1 if found else 0), b + 1))
    return found
