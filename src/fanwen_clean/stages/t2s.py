"""Stage t2s: Traditional → Simplified with OpenCC, and corner quotes → curly quotes.

A page is converted when it is mostly Traditional; on a mostly Simplified page
only the lines that are themselves mostly Traditional are converted (mixed
pages).  Terms in ``rules/t2s_protected.txt`` (乾隆 …) are never converted.
"""

from __future__ import annotations

import functools

import regex

from ..document import Change, Document, Line
from ..rules import RuleBook
from ..settings import Settings

STAGE = "t2s"
PAGE_RATIO = 0.03  # share of Han characters that OpenCC changes: above it, the page is Traditional
LINE_RATIO = 0.15
_HAN = regex.compile(r"\p{Han}")
_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’", "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’"})
_HAS_CORNER = regex.compile(r"[「」『』﹁﹂﹃﹄]")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _protected(rules: RuleBook) -> regex.Pattern | None:
    words = sorted(set(rules.words("t2s_protected")), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words))) if words else None


def _convert(text: str, protect: regex.Pattern | None) -> str:
    conv = _converter().convert
    if protect is None or not protect.search(text):
        return conv(text)
    out, pos = [], 0
    for m in protect.finditer(text):
        out.append(conv(text[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(conv(text[pos:]))
    return "".join(out)


def traditional_ratio(original: str, converted: str) -> float:
    """Share of Han characters that conversion changed."""
    han = len(_HAN.findall(original))
    if not han:
        return 0.0
    if len(original) != len(converted):
        return 1.0
    diff = sum(1 for a, b in zip(original, converted, strict=True) if a != b)
    return diff / han


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Convert Traditional text and corner quotes; record one change per edited line."""
    text = doc.text
    do_t2s = settings.t2s is not False
    converted_page = _converter().convert(text) if do_t2s else text
    if converted_page == text and not _HAS_CORNER.search(text):
        return doc
    whole_page = do_t2s and (settings.t2s is True or traditional_ratio(text, converted_page) >= PAGE_RATIO)
    protect = _protected(rules)
    out: list[Line] = []
    changes: list[Change] = []
    for line in doc.lines:
        new = line.text
        if do_t2s:
            conv = _convert(new, protect)
            if conv != new and (whole_page or traditional_ratio(new, conv) >= LINE_RATIO):
                changes.append(Change("FW105", STAGE, line.src, new, conv))
                new = conv
        if _HAS_CORNER.search(new):
            quoted = new.translate(_CORNER)
            changes.append(Change("FW106", STAGE, line.src, new, quoted))
            new = quoted
        out.append(line if new == line.text else Line(new, line.src))
    return doc.evolve(lines=out, changes=changes, traditional=whole_page)
