"""What happens to a name found (Presidio style): ``replace`` by a slot, ``mask``, or ``keep``."""

from __future__ import annotations

import functools

from ...document import Finding
from ...rules import RuleBook
from ...slotnames import Pending
from .mention import Mention

KEEP_CODE = "FW690"
MASKED = "masked"


@functools.cache
def masks(rules: RuleBook) -> tuple[dict[str, str], str]:
    """--operator mask: the readable stand-in per slot name, and the one for any other slot."""
    table: dict[str, str] = {}
    default = ""
    for e in rules.family("anonymize"):
        table.update(e.get("masks", {}))
        default = e.get("default_mask", default)
    return table, default


def pending(line_index: int, text: str, m: Mention, operator: str,
            mask: tuple[dict[str, str], str]) -> Pending:
    """The slot request for a mention (replace: one slot per entity; mask: one per kind, from
    ``mask``, see :func:`masks`)."""
    original = text[m.start:m.end]
    if operator == "mask":
        base = mask[0].get(m.slot, mask[1])
        # kind MASKED tells render to write the mask itself (某某), not a {{slot}}
        return Pending(line_index, m.start, m.end, base, MASKED, original, ("mask", base), m.rule)
    return Pending(line_index, m.start, m.end, m.slot, m.kind, original, ("anonymize", m.kind, m.key), m.rule)


def kept(src: int, text: str, m: Mention) -> Finding:
    """With ``keep`` a name is only reported."""
    return Finding(KEEP_CODE, src, f"{m.kind} name kept: {text[m.start:m.end]}", col=m.start + 1)
