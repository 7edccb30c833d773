"""Stage normalize: invisible characters, full-width ASCII, whitespace and blank lines.

Chinese punctuation stays full-width; only letters and digits are folded, so
``２０ｘｘ年`` reads ``20xx年`` for the later stages.

Speed: one scan of the page finds the few lines :func:`normalize_line` can
change (and the blank lines); every other line is carried over as it is.  The
scan is one plain character class, which the stdlib ``re`` engine runs several
times faster than ``regex``; the same class, with a table, makes the fixes.
"""

from __future__ import annotations

import re

from ..document import Change, Document, Line
from ..rules import RuleBook
from ..settings import Settings

STAGE = "normalize"

# zero-width, bidi controls, soft hyphen, BOM, C0/C1 controls except tab
_INVISIBLE = ("\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
              "\u2060\u2061\u2062\u2063\u2064\ufeff\ufffe"
              + "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])))
_FULLWIDTH_ALNUM = "".join(chr(c) for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                           for c in range(lo, hi + 1))
# spaces that are not ASCII but act like one inside a line
_ODD_SPACE = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f"
_INDENT = " \t\u3000"
# any character one of the three fixes touches (one page scan finds the lines to fix);
# written as ranges, which the stdlib engine scans faster than a long list of members
_CHAR_FIX = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe\x00-\x08\x0b\x0c\x0e-\x1f"
                       r"\x7f-\x9f０-９Ａ-Ｚａ-ｚ\u00a0\u2000-\u200a\u202f\u205f]")
# character → (replacement, code); the three fixes touch disjoint characters, so one pass
# gives what applying them one after the other gives
_FIX = {**{ch: ("", "FW102") for ch in _INVISIBLE},
        **{ch: (chr(ord(ch) - 0xFEE0), "FW103") for ch in _FULLWIDTH_ALNUM},
        **{ch: (" ", "FW104") for ch in _ODD_SPACE}}


def normalize_line(text: str) -> tuple[str, str | None]:
    """Return the normalized line and the code of the first fix applied (or None).

    The fixes, in order: invisible characters (FW102), full-width letters and digits
    (FW103), odd spaces and indentation (FW104).
    """
    code = None
    if _CHAR_FIX.search(text):  # prefilter: most lines to fix only need strip()
        codes: set[str] = set()

        def fix(m: re.Match) -> str:
            new, kind = _FIX[m.group()]
            codes.add(kind)
            return new

        text = _CHAR_FIX.sub(fix, text)
        code = min(codes)  # FW102 < FW103 < FW104: the first fix in order
    stripped = text.strip(_INDENT)
    if stripped != text:
        text, code = stripped, code or "FW104"
    return text, code


def _lead(text: str) -> str:
    """The leading whitespace ``normalize_line`` strips, odd spaces read as plain ones."""
    lead = text[:len(text) - len(text.lstrip(_INDENT + _ODD_SPACE))]
    return lead.translate(_AS_SPACE) if lead else ""


_AS_SPACE = str.maketrans(dict.fromkeys(_ODD_SPACE, " "))


def _candidates(doc: Document, text: str) -> list[int]:
    """Sorted indexes of the lines that are blank or that normalize_line would change."""
    # blank, indented or trailing-space lines: a cheap test on each line's ends
    found = {i for i, line in enumerate(doc.lines)
             if not line.text or line.text[0] in _INDENT or line.text[-1] in _INDENT}
    # lines with a character to fix: one scan of the page, one hit per line is enough
    search = _CHAR_FIX.search
    line = pos = 0
    m = search(text)
    while m:
        line += text.count("\n", pos, m.start())
        found.add(line)
        pos = text.find("\n", m.start())
        if pos < 0:
            break
        m = search(text, pos + 1)
    return sorted(found)


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Normalize every line and collapse blank-line runs (one blank line at most)."""
    text = doc.text
    if not text:  # no line, or one empty line: nothing to do
        return doc
    lines = doc.lines
    out: list[Line] = []
    changes: list[Change] = []
    dropped: list[int] = []
    done = 0
    for i in _candidates(doc, text):
        out += lines[done:i]  # untouched non-blank lines
        done = i + 1
        line = lines[i]
        new, code = normalize_line(line.text)
        if code:
            changes.append(Change(code, STAGE, line.src, line.text, new))
        if not new and (not out or not out[-1].text):
            dropped.append(line.src)
            continue
        out.append(line if new == line.text else Line(new, line.src, indent=_lead(line.text)))
    out += lines[done:]
    while out and not out[-1].text:
        dropped.append(out.pop().src)
    if dropped:
        changes.append(Change("FW104", STAGE, min(dropped), "\n" * len(dropped), ""))
    return doc.evolve(lines=out, changes=changes) if changes else doc
