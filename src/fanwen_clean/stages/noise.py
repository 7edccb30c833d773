"""Noise injected into prose: anti-scraping jammer strings and spliced site names.

Discuz-style jammers are runs of 1-2 character ASCII tokens (``W% a% |( ^#``)
that sit on their own lines or are glued to the start or end of a paragraph.
Real text rarely has three or more such tokens in a row, and never several
that mix a letter or digit with a symbol.
"""

from __future__ import annotations

import regex

from ..regex_guard import compile_rule

# a run of at least three short ASCII tokens, glued to non-ASCII text or separated by spaces
_RUN = compile_rule(
    r"(?:(?<=^|[ ])|(?<=[^\x00-\x7f]))((?:[!-~]{1,2}[ ]+){2,}[!-~]{1,2})"
    r"(?=$|[ ]|(?![、．。，：；])[^\x00-\x7f])")
_MIXED = compile_rule(r"[A-Za-z0-9][^A-Za-z0-9]|[^A-Za-z0-9][A-Za-z0-9]")
_PREFILTER = compile_rule(r"[!-~]{1,2} [!-~]{1,2} [!-~]{1,2}")
_SPACES = compile_rule(r"[ ]{2,}")
# four or more single ASCII letters at the start of a paragraph, before Chinese text or a comma
_LETTER_RUN = compile_rule(r"^(?:[A-Za-z] ){3,}[A-Za-z][ ]?[，,]?(?=\p{Han})")
# a site name is not extended over these: they end the word before it
_STOP = frozenset("的在于了是和与及从向对把被由为将到或等个这那其上下中内后前时给让向、，。；：“”《》（）")
SITE_PREFIX_MAX = 4


def is_jammer(run: str, whole_line: bool = False) -> bool:
    """Do these tokens look like a jammer string rather than text (``A 4 B``, ``1 + 1``)?

    Several tokens that mix a letter or digit with a symbol (``X% k-``), or one of them
    in a long run of letters and digits (``1 3 X% 2 t 2``); a whole line of single
    letters in mixed case is noise too.
    """
    tokens = run.split()
    if len(tokens) < 3:
        return False
    mixed = sum(1 for t in tokens if _MIXED.search(t))
    if mixed >= 2:
        return True
    if whole_line and len(tokens) >= 4 and (mixed or run.lower() != run != run.upper()):
        return True  # a line of nothing but stray letters (Y P c m,)
    return (mixed == 1 and len(tokens) >= 5 and any(t.isalpha() for t in tokens)
            and any(t.isdigit() for t in tokens))


def has_jammer(text: str) -> bool:
    """Cheap test: could the text hold a jammer run at all?"""
    return _PREFILTER.search(text) is not None


def jammer_starts(text: str) -> list[int]:
    """Offsets in the text where a jammer run could start (the lines worth :func:`strip_jammer`)."""
    return [m.start() for m in _PREFILTER.finditer(text)]


def strip_jammer(text: str) -> str:
    """Remove jammer runs from a line; a line of nothing but jammer becomes empty."""
    if not _PREFILTER.search(text):
        return text
    out: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        run = m.group(1)
        if not is_jammer(run, whole_line=len(run) == len(text.strip())):
            continue
        start = m.start(1)
        # keep a half-width colon/comma the jammer was glued to (写法:, W9 …)
        if run[0] in ":;,.!?" and start > 0 and not text[start - 1].isascii() and run[1:2] != " ":
            start += 1
        out.append(text[pos:start])
        pos = m.end(1)
    if pos == 0:
        return _strip_letter_run(text)
    out.append(text[pos:])
    return _strip_letter_run(_SPACES.sub(" ", "".join(out)).strip())


def _strip_letter_run(text: str) -> str:
    """A paragraph opened by single random letters (``Y P c m，通过…``): the letters go."""
    m = _LETTER_RUN.match(text)
    return text[m.end():] if m else text


def site_name_spans(text: str, pattern: regex.Pattern) -> list[tuple[int, int]]:
    """Spans of site names (…范文网) in a line, extended left over the name's own characters."""
    spans = []
    for m in pattern.finditer(text):
        start = m.start()
        while (start > 0 and m.start() - start < SITE_PREFIX_MAX and text[start - 1] not in _STOP
               and regex.match(r"\p{Han}|[A-Za-z0-9]", text[start - 1])):
            start -= 1
        spans.append((start, m.end()))
    return spans


def cut_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Text with the given spans cut out."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)
