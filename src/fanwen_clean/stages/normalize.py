"""Stage normalize: invisible characters, full-width ASCII, whitespace and blank lines.

Chinese punctuation stays full-width; only letters and digits are folded, so
``２０ｘｘ年`` reads ``20xx年`` for the later stages.
"""

from __future__ import annotations

import regex

from ..document import Change, Document, Line
from ..rules import RuleBook
from ..settings import Settings

STAGE = "normalize"

# zero-width, bidi controls, soft hyphen, BOM, C0/C1 controls except tab
_INVISIBLE = regex.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe"
                           r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FULLWIDTH_ALNUM = regex.compile(r"[０-９Ａ-Ｚａ-ｚ]")
# spaces that are not ASCII but act like one inside a line
_ODD_SPACE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")
_INDENT = " \t\u3000"
_ANY = regex.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe\x00-\x08\x0b\x0c"
                     r"\x0e-\x1f\x7f-\x9f０-９Ａ-Ｚａ-ｚ\u00a0\u2000-\u200a\u202f\u205f]"
                     r"|^[ \t\u3000]|[ \t\u3000]$|\n\n\n|^\n|\n$", regex.M)


def _halfwidth(m: regex.Match) -> str:
    return chr(ord(m.group()) - 0xFEE0)


def normalize_line(text: str) -> tuple[str, str | None]:
    """Return the normalized line and the code of the first fix applied (or None)."""
    code = None
    if _INVISIBLE.search(text):
        text, code = _INVISIBLE.sub("", text), "FW102"
    if _FULLWIDTH_ALNUM.search(text):
        text, code = _FULLWIDTH_ALNUM.sub(_halfwidth, text), code or "FW103"
    if _ODD_SPACE.search(text):
        text, code = _ODD_SPACE.sub(" ", text), code or "FW104"
    stripped = text.strip(_INDENT)
    if stripped != text:
        text, code = stripped, code or "FW104"
    return text, code


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Normalize every line and collapse blank-line runs (one blank line at most)."""
    if not _ANY.search(doc.text):
        return doc
    out: list[Line] = []
    changes: list[Change] = []
    dropped: list[int] = []
    for line in doc.lines:
        text, code = normalize_line(line.text)
        if code:
            changes.append(Change(code, STAGE, line.src, line.text, text))
        if not text and (not out or not out[-1].text):
            dropped.append(line.src)
            continue
        out.append(line if text == line.text else Line(text, line.src))
    while out and not out[-1].text:
        dropped.append(out.pop().src)
    if dropped:
        changes.append(Change("FW104", STAGE, min(dropped), "\n" * len(dropped), ""))
    return doc.evolve(lines=out, changes=changes)
