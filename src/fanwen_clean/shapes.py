"""Named text shapes, each defined once: code and rule files refer to them by name.

Rule files write ``{NAME}`` inside a pattern (see :func:`expand`) instead of copying a regex.
Add a shape here rather than writing its regex again in a stage.
"""

from __future__ import annotations

from .regex_guard import compile_rule

HAN = compile_rule(r"\p{Han}")
"""One Chinese character (ideograph), no punctuation: the exact test."""

CJK_PUNCT = compile_rule(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》〈〉【】—…·、]")
"""One Chinese (full-width) punctuation mark or ideographic space."""

CLAUSE = compile_rule(r"[，。；！？,;!?]")
"""Clause punctuation: a line with one inside is running text, not a title or label."""

FULL_STOP = compile_rule(r"[。！？!?]")
"""A mark that ends a sentence (full stop, question or exclamation mark, either width)."""

SENTENCE_END = compile_rule(FULL_STOP.pattern + r"[”’」』）)]?$")
"""A line ending like a sentence (a closing quote or bracket may follow the stop)."""

HEADING = compile_rule(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
                        r"|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[章节条部分]")
"""The number of a heading at the start of a line: 一、 （二） 3. 第四章 (use ``match``)."""

DATE = r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})"
"""A calendar date with a year: 2021-03-04, 2021/3/4, 2021年3月4日 (pattern text)."""

TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
"""A time of day: 09:12, 9:12:30 (pattern text)."""

DATETIME = compile_rule(DATE + r"[ T]?\s*" + TIME)
"""A machine timestamp: a date with a time of day (a date alone is ordinary text)."""

PAGE_COUNTER = compile_rule(r"第\s*\d+\s*页\s*[/，,]?\s*共\s*\d+\s*页"
                             r"|共\s*\d+\s*页\s*[/，,]?\s*第\s*\d+\s*页")
"""A page counter of a converted document: 第1页共10页, 共5页/第3页."""

NAMES = {"HAN": HAN.pattern, "CLAUSE": CLAUSE.pattern, "FULL_STOP": FULL_STOP.pattern, "DATE": DATE,
         "TIME": TIME, "DATETIME": DATETIME.pattern, "PAGE_COUNTER": PAGE_COUNTER.pattern}


def expand(pattern: str) -> str:
    """A rule pattern with each ``{NAME}`` of a shape replaced by its regex."""
    for name, pat in NAMES.items():
        pattern = pattern.replace("{" + name + "}", f"(?:{pat})")
    return pattern


class _HanTable(dict):
    """Memo of :data:`HAN` per character: a stage asks about the same few thousand many times."""

    def __missing__(self, ch: str) -> bool:
        han = self[ch] = bool(ch) and HAN.match(ch) is not None
        return han


IS_HAN = _HanTable()
"""``IS_HAN[ch]``: :func:`is_han` as a table lookup, for the hottest loops."""


def is_han(ch: str) -> bool:
    """Is ``ch`` (one character, or "" at a text's edge) a Han character, as :data:`HAN` says?"""
    return IS_HAN[ch]
