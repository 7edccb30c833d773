"""Dates and document numbers whose unit or bracket a converter dropped (FW409).

A page exported through a lossy converter loses characters between digits, and the digits run
together: 2008年4月 becomes ``20084月``, 7月2日 becomes ``72日``, 〔2017〕14号 becomes
``〔201714号``.  The digits alone say where the lost character was:

* a year (19xx, 20xx) glued to a month (1–12, or a range of months) before 月 → 年 between;
* a "day" above 31 after a word that introduces a date (于, 在, 至, 年 …) → 月 inside it, when
  exactly one split gives a real month and day (``425日`` → 4月25日); when two do (``111日``:
  1月11日 or 11月1日) the correction is only suggested;
* 〔 + a year + a serial number + 号 (a document number) → the closing 〕 after the year;
* a day named by its date (七·一, 一二·九) whose dot an encoding lost (七?一, which the punctuation
  stage makes 七？一) → the dot, when the numerals make a month and a day and the name is quoted or
  followed by a word such days go with (节, 运动, 前夕 …).

A day of 31 or less (于25日), a count (历时72日: no date word before it) and a number that is
no year stay as written.
"""

from __future__ import annotations

from ...regex_guard import compile_rule
from .context import in_title
from .proposal import Proposal

CODE = "FW409"
_MONTH = r"(?:1[0-2]|[1-9])"
_YEAR_MONTH = compile_rule(
    rf"(?<![\d.．:：/\-年])((?:19|20)\d\d)({_MONTH}(?:[-－~～至到]{_MONTH})?月)")
_MONTH_DAY = compile_rule(r"(?<=[于在至到止自从年])(\d{2,4})日")
_DOC_NUMBER = compile_rule(r"〔((?:19|20)\d\d)(\d{1,4})号")
_NUMERAL = "一二三四五六七八九十"
_DAY_NAME = compile_rule(
    rf"(?<![{_NUMERAL}])([{_NUMERAL}]{{1,2}})[?？]([{_NUMERAL}]{{1,3}})(?![{_NUMERAL}])"
    r"(?=”|\p{Han}?(?:节|运动|前夕|期间|之际|纪念|讲话|事变|惨案|起义))")
_DIGIT = compile_rule(r"\d")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def may_have(text: str) -> bool:
    """Cheap test: could the line hold a damaged date or document number?"""
    if ("？" in text or "?" in text) and _DAY_NAME.search(text):
        return True
    return ("月" in text or "日" in text or "〔" in text) and _DIGIT.search(text) is not None


def _splits(digits: str) -> list[str]:
    """Every reading of ``digits`` as a month and a day (``425`` → ["4月25"])."""
    out = []
    for k in (1, 2):
        month, day = digits[:k], digits[k:]
        if not 1 <= len(day) <= 2 or month[0] == "0" or day[0] == "0":
            continue
        m, d = int(month), int(day)
        if 1 <= m <= 12 and 1 <= d <= _DAYS[m - 1]:
            out.append(f"{month}月{day}")
    return out


def find(text: str) -> list[Proposal]:
    """Proposed restorations of the damaged dates and document numbers of one line."""
    found: list[Proposal] = []
    for m in _YEAR_MONTH.finditer(text):
        found.append(Proposal(m.start(), m.end(1), m.group(1) + "年", CODE, True))
    for m in _MONTH_DAY.finditer(text):
        digits = m.group(1)
        if int(digits) <= 31:
            continue
        readings = _splits(digits)
        if readings:
            found.append(Proposal(m.start(1), m.end(1), readings[0], CODE, len(readings) == 1))
    for m in _DOC_NUMBER.finditer(text):
        found.append(Proposal(m.start(), m.end(1), "〔" + m.group(1) + "〕", CODE, True))
    for m in _DAY_NAME.finditer(text):
        if _han_number(m.group(1)) in range(1, 13) and _han_number(m.group(2)) in range(1, 32):
            found.append(Proposal(m.end(1), m.start(2), "·", CODE, True))
    return [p for p in found if not in_title(text, p.start)]


def _han_number(numeral: str) -> int:
    """The value of a month or day written in Han numerals the way day names write them:
    十 = 10, 十一 = 11, 二十 = 20, 一二 = 12 (digit by digit), 一八 = 18."""
    digits = {ch: k for k, ch in enumerate(_NUMERAL, 1)}
    if numeral.startswith("十"):
        return 10 + (digits[numeral[1]] if len(numeral) > 1 else 0)
    if len(numeral) == 1:
        return digits[numeral]
    if numeral[1] == "十":
        return digits[numeral[0]] * 10 + (digits[numeral[2]] if len(numeral) > 2 else 0)
    return digits[numeral[0]] * 10 + digits[numeral[1]] if "十" not in numeral else 0
