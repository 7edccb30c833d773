"""What happens to a name found (Presidio style): ``replace`` by a slot, ``mask``, or ``keep``."""

from __future__ import annotations

from ...document import Finding
from ...slotnames import Pending
from .mention import Mention

KEEP_CODE = "FW690"
MASKED = "masked"
# mask: one readable stand-in per kind of name, written into the template as prose
MASK = {"姓名": "某某", "单位名称": "某单位", "年份": "某年", "日期": "某日"}
MASK_PLACE = "某地"


def pending(line_index: int, text: str, m: Mention, operator: str) -> Pending:
    """The slot request for a mention (replace: one slot per entity; mask: one per kind)."""
    original = text[m.start:m.end]
    if operator == "mask":
        base = MASK.get(m.slot, MASK_PLACE)
        # kind MASKED tells render to write the mask itself (某某), not a {{slot}}
        return Pending(line_index, m.start, m.end, base, MASKED, original, ("mask", base), m.rule)
    return Pending(line_index, m.start, m.end, m.slot, m.kind, original, ("anonymize", m.kind, m.key), m.rule)


def kept(src: int, text: str, m: Mention) -> Finding:
    """With ``keep`` a name is only reported."""
    return Finding(KEEP_CODE, src, f"{m.kind} name kept: {text[m.start:m.end]}", col=m.start + 1)
