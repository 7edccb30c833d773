"""Page markers (第3页 共5页, - 2 -) and converter artefacts (Р, x0dx0a): FW307, FW308."""

from __future__ import annotations

from ...document import Change
from ...regex_guard import compile_rule
from .rules import Rules
from .text import STAGE, Piece, ends_sentence

_SPACES = compile_rule(r"[ \t]{2,}")


def _drop_marker(text: str, src: int, r: Rules, changes: list[Change]) -> str:
    m = r.marker.search(text)
    if not m:
        return text
    s, e = max(0, m.start() - 8), m.end() + 8
    changes.append(Change("FW307", STAGE, src, text[s:e], text[s:m.start()] + text[m.end():e]))
    new = _SPACES.sub(" ", r.marker.sub("", text)).strip()
    for _ in range(3):  # what was around a marker can form another (—第3页 共5页1— → —1—)
        if not r.marker.search(new):
            break
        new = _SPACES.sub(" ", r.marker.sub("", new)).strip()
    return new


def _split_artefacts(ln: Piece, r: Rules, changes: list[Change]) -> list[str]:
    """The line cut at artefact separators; one after a full stop stood for a line break,
    elsewhere the halves are one sentence."""
    pieces: list[str] = []
    for p in (p.strip() for p in r.artefact.split(ln.text)):
        if p and pieces and not ends_sentence(pieces[-1]):
            pieces[-1] += p
        elif p:
            pieces.append(p)
    changes.append(Change("FW308", STAGE, ln.src, ln.text, "\n".join(pieces)))
    return pieces


def clean_markers(lines: list[Piece], r: Rules, changes: list[Change]) -> list[Piece]:
    """Remove artefact separators, then page markers (an artefact may hide one: —Р1—)."""
    out: list[Piece] = []
    for ln in lines:
        if not ln.text:
            out.append(ln)
            continue
        pieces = _split_artefacts(ln, r, changes) if r.artefact.search(ln.text) else [ln.text]
        pieces = [p for p in (_drop_marker(p, ln.src, r, changes) for p in pieces) if p]
        out.extend(Piece(p, ln.src, ln.indent if i == 0 else 0, ln.joined) for i, p in enumerate(pieces))
    return out
