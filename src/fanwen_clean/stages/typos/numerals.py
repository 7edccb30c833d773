"""A list number 1 written as the letter l by a converter or an OCR pass (l.加强领导 → 1.加强领导; FW409).

Only at the start of a line, before a list mark (. ． 、 ) ）) and Han text: there the letter is no
word of any language (an English ``l.`` line is followed by Latin text, a Roman ``I.`` is another
letter and stays).
"""

from __future__ import annotations

from ...regex_guard import compile_rule
from .proposal import Proposal

CODE = "FW409"
_LIST_L = compile_rule(r"^([ \t\u3000]*[(（]?)[lｌ](?=[.．、)）][ \t\u3000]*\p{Han})")


def may_have(text: str) -> bool:
    """Cheap test: does the line begin (within a few characters) with the letter l?"""
    head = text[:4]
    return ("l" in head or "ｌ" in head) and _LIST_L.match(text) is not None


def find(text: str) -> list[Proposal]:
    """The list number of the line, restored, if its 1 was written as l."""
    m = _LIST_L.match(text)
    return [Proposal(m.end(1), m.end(1) + 1, "1", CODE, True)] if m else []
