"""Stage t2s: Traditional → Simplified with OpenCC, and corner quotes → curly quotes.

A page is converted when it is mostly Traditional.  On a mostly Simplified page
(a mixed page) a paragraph — a run of non-blank lines — is converted when it is
itself Traditional, and so is a Traditional line inside a Simplified paragraph,
or a line whose only Traditional characters are strays (規范) that no Simplified
text uses.  Terms of ``rules/t2s_protected.txt`` (乾隆, 乾安县 …) keep the
characters OpenCC would wrongly simplify, whatever spelling the page used.
"""

from __future__ import annotations

import functools
import operator

import regex

from ..document import Change, Document, Line
from ..rules import RuleBook
from ..settings import Settings

STAGE = "t2s"
PAGE_RATIO = 0.03  # share of Han characters that OpenCC changes: above it, the page is Traditional
BLOCK_RATIO = 0.10  # ... the paragraph is Traditional
LINE_RATIO = 0.15  # ... the line is Traditional
_HAN = regex.compile(r"\p{Han}+")  # runs, not characters: far fewer matches to count
# characters OpenCC changes that are also correct Simplified in names (乾县, 於姓, 徵羽, 昇平):
# alone they do not make a line Traditional
_AMBIGUOUS = frozenset("乾於徵昇陞")
_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’",
                         "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’"})
_HAS_CORNER = regex.compile(r"[「」『』﹁﹂﹃﹄]")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _conv(text: str) -> str:
    return _converter().convert(text)


@functools.cache
def _protected(rules: RuleBook) -> tuple[regex.Pattern, dict[str, str]] | None:
    """A pattern over the *converted* forms of protected terms, mapped back to the terms.

    Only terms that OpenCC changes need protecting (乾县 → 干县); matching after
    conversion catches the term however the page spelled it (乾縣, 乾县).
    """
    back: dict[str, str] = {}
    for term in rules.words("t2s_protected"):
        key = _conv(term)
        if key != term and len(key) == len(term):
            back[key] = term
    if not back:
        return None
    keys = sorted(back, key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, keys))), back


def convert(text: str, rules: RuleBook) -> str:
    """OpenCC t2s of ``text``, with protected terms restored."""
    out = _conv(text)
    prot = _protected(rules)
    if prot is None or out == text or len(out) != len(text):
        return out
    pattern, back = prot
    if not pattern.search(out):
        return out

    def restore(m: regex.Match) -> str:
        term = back[m.group()]
        orig = text[m.start():m.end()]
        # protect only where the source really had the protected character (乾, not 幹)
        keep = all(o == t for o, t, c in zip(orig, term, m.group(), strict=True) if t != c)
        return term if keep else m.group()

    return pattern.sub(restore, out)


def traditional_ratio(original: str, converted: str) -> float:
    """Share of Han characters that conversion changed."""
    han = sum(map(len, _HAN.findall(original)))
    if not han:
        return 0.0
    if len(original) != len(converted):
        return 1.0
    return sum(map(operator.ne, original, converted)) / han  # map/ne: C speed on big pages


def _blocks(lines: tuple[Line, ...]) -> list[list[int]]:
    """Indexes of the lines of each paragraph (runs of non-blank lines)."""
    out: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.text.strip():
            out[-1].append(i)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def _chosen(doc: Document, converted: list[str], whole_page: bool) -> set[int]:
    """Indexes of the lines to convert: all on a Traditional page, else per paragraph and line."""
    changed = {i for i, (line, new) in enumerate(zip(doc.lines, converted, strict=True)) if new != line.text}
    if whole_page:
        return changed
    chosen: set[int] = set()
    for block in _blocks(doc.lines):
        todo = [i for i in block if i in changed]
        if not todo:
            continue
        before = "\n".join(doc.lines[i].text for i in block)
        after = "\n".join(converted[i] for i in block)
        if traditional_ratio(before, after) >= BLOCK_RATIO:
            chosen.update(todo)
        else:
            chosen.update(i for i in todo if _traditional_line(doc.lines[i].text, converted[i]))
    return chosen


def _traditional_line(original: str, converted: str) -> bool:
    """Mostly Traditional, or its only changes are characters that are never Simplified."""
    if traditional_ratio(original, converted) >= LINE_RATIO:
        return True
    if len(original) != len(converted):
        return False
    return all(a not in _AMBIGUOUS for a, b in zip(original, converted, strict=True) if a != b)


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Convert Traditional text and corner quotes; record one change per edited line."""
    text = doc.text
    do_t2s = settings.t2s is not False
    converted_page = convert(text, rules) if do_t2s else text
    if converted_page == text and not _HAS_CORNER.search(text):
        return doc
    whole_page = do_t2s and (settings.t2s is True or traditional_ratio(text, converted_page) >= PAGE_RATIO)
    chosen: set[int] = set()
    converted: list[str] = []
    if do_t2s and converted_page != text:
        # no OpenCC phrase spans a line break, so the page conversion splits into the lines'
        converted = converted_page.split("\n")
        if len(converted) != len(doc.lines):
            converted = [convert(line.text, rules) for line in doc.lines]
        chosen = _chosen(doc, converted, whole_page)
    out: list[Line] = []
    changes: list[Change] = []
    for i, line in enumerate(doc.lines):
        new = line.text
        if i in chosen and converted[i] != new:
            changes.append(Change("FW105", STAGE, line.src, new, converted[i]))
            new = converted[i]
        if _HAS_CORNER.search(new):
            quoted = new.translate(_CORNER)
            changes.append(Change("FW106", STAGE, line.src, new, quoted))
            new = quoted
        out.append(line if new == line.text else Line(new, line.src))
    return doc.evolve(lines=out, changes=changes, traditional=whole_page)
