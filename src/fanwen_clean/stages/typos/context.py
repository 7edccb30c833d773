"""Where a correction may not be made, or only suggested: titles, quotations."""

from __future__ import annotations


def in_title(text: str, pos: int) -> bool:
    """Is ``pos`` inside 《…》 (a title is quoted as written, typos and all)?"""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def in_quote(text: str, pos: int) -> bool:
    """Is ``pos`` inside “…” or ‘…’ (verse and sayings use rare words on purpose)?"""
    return (text.rfind("“", 0, pos) > text.rfind("”", 0, pos)
            or text.rfind("‘", 0, pos) > text.rfind("’", 0, pos))
