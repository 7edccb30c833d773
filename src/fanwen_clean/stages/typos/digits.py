"""一 written as 1, l or 壹 inside a word (这1次, 统1思想, 壹个 → 一; FW406).

A converter or an OCR pass wrote 一 as a digit or a letter.  The character is restored when
a dictionary word holds the 一 together with the Han character before it (这一, 统一) or, for
壹, after it (一个); a 1 that is part of a number, date or list marker has a digit, a point or
no Han character beside it and is not looked at.  壹 beside another formal numeral (壹佰, 壹拾)
or before 、 (a formal heading) stays.
"""

from __future__ import annotations

import regex

from . import evidence
from .context import in_title
from .proposal import Proposal

CODE = "FW406"
FIX_GAIN = 6.0
MIN_FREQ = 50
_SPOT = regex.compile(r"(?<=\p{Han})[1lｌ](?=\p{Han})|壹(?=\p{Han})")
_FORMAL = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整"
_ORDINAL = "第"  # 第1名 is written with a digit on purpose
_DETERMINERS = "这那每另某哪"  # 这一次, 每一个: after these 一 is never written as a digit


def may_have(text: str) -> bool:
    """Cheap test: could the line hold a damaged 一?"""
    return ("1" in text or "壹" in text or "l" in text or "ｌ" in text) and _SPOT.search(text) is not None


def _word(text: str, i: int, fixed: str) -> bool:
    """Does a common non-name word of ``fixed`` hold position ``i`` and a Han neighbour of it?"""
    lex = evidence.lexicon()
    left = 0 if text[i] == "壹" else 1  # 1 and l need the character before; 壹 may start a word
    for s in range(max(0, i - 3), i + 1 - left):
        for word in lex.words_at(fixed, s, 6):
            if s + len(word) > i and (s < i or s + len(word) > i + 1) and lex.freq(word) >= MIN_FREQ \
                    and not evidence.is_name(word):
                return True
    return False


def find(text: str) -> list[Proposal]:
    """Proposed 一 for each damaged one in the line."""
    found: list[Proposal] = []
    for m in _SPOT.finditer(text):
        i = m.start()
        before = text[i - 1] if i else ""
        after = text[i + 1]
        if (before and before in _ORDINAL + _FORMAL) or after in _FORMAL or in_title(text, i):
            continue
        fixed = text[:i] + "一" + text[i + 1:]
        if before and before in _DETERMINERS and text[i] != "l":
            found.append(Proposal(i, i + 1, "一", CODE, True))
            continue
        if not _word(text, i, fixed):
            continue
        g = evidence.gain(text, i, i + 1, "一", reach=2)
        if g > 0:
            found.append(Proposal(i, i + 1, "一", CODE, g >= FIX_GAIN))
    return found
