"""Dates: specific years and days of a real speech (2019年, 2019年3月5日, 3月5日)."""

from __future__ import annotations

from ...regex_guard import compile_rule
from .mention import Mention

RULE = "FW631"
_MONTH = r"(?:1[0-2]|0?[1-9])月"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])[日号]"
_YEAR = r"(?:19|20)\d{2}年"
_DATE = compile_rule(rf"(?=\d)(?<![\d.])(?:{_YEAR}(?:{_MONTH}(?:{_DAY})?)?|(?<!年){_MONTH}{_DAY})(?!\d)")


def find(text: str) -> list[Mention]:
    out: list[Mention] = []
    if "年" not in text and "月" not in text:
        return out
    for m in _DATE.finditer(text):
        s = m.group()
        slot = "年份" if s.endswith("年") else "日期"
        out.append(Mention(m.start(), m.end(), "date", slot, s, RULE))
    return out
