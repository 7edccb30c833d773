"""Where a correction may not be made or only suggested (titles, quotations), or be fixed (clause ends)."""

from __future__ import annotations


def in_title(text: str, pos: int) -> bool:
    """Is ``pos`` inside 《…》 (a title is quoted as written, typos and all)?"""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def in_quote(text: str, pos: int) -> bool:
    """Is ``pos`` inside “…” or ‘…’ (verse and sayings use rare words on purpose)?"""
    return (text.rfind("“", 0, pos) > text.rfind("”", 0, pos)
            or text.rfind("‘", 0, pos) > text.rfind("’", 0, pos))


# Marks that end a clause; 、 is left out: it separates list items, and names and terms are listed.
CLAUSE_END = frozenset("。，；！？!?;")
# A misspelling after one of these may be a numeral + measure word (一晌, 两顷, 伍佰元整), no word at all.
NUMERALS = frozenset("一二三四五六七八九十百千万亿两几每半零壹贰叁肆伍陆柒捌玖拾佰仟")


def closes_clause(text: str, end: int) -> bool:
    """Does a clause-ending mark follow ``text[:end]``?

    A misspelt word that ends a clause cannot be the head of a word that goes on (科|既要,
    通|村公路): the reading across a word boundary, what most wrong suggestions are, is gone.
    """
    return end < len(text) and text[end] in CLAUSE_END
