"""A real name found in a line, and the character tests the detectors share."""

from __future__ import annotations

from dataclasses import dataclass

# characters that never belong to a name: function words, pronouns, measure words
FUNCTION = frozenset("的了在和与及是对把将从为以等各全本该我你他她它这那每个此其之于向到被让给由"
                     "就也都还又要会能可使得着过们或并而但且如若即")
# characters never seen in a given name: function words (but not 全 可 以 于 若 如, which are:
# 张建全, 贺可), and characters that end a count or a placeholder (万人, 李某)
NOT_GIVEN = frozenset("的了在和与及之是对把将从为等各本该我你他她它这那每个此被让给就也都还又要会能使得着过们"
                      "或并而但且即很才再太最更挺人年月日时位名次元里某氏家族副说讲称")
# characters that end place and unit names (柳溪镇, 城关局), never a person's given name
SUFFIX_CHARS = frozenset("镇乡村县市区省州路街局厅委办院校厂店馆站所队司部处")


@dataclass(frozen=True, slots=True)
class Mention:
    """``text[start:end]`` names an entity: ``slot`` is the slot base (姓名, 县名 …), ``key`` its identity."""

    start: int
    end: int
    kind: str   # person, place, org, date
    slot: str
    key: str
    rule: str


def word_across(text: str, start: int, end: int, common: frozenset[str], left_only: bool = False) -> bool:
    """Does a common word straddle an edge of ``text[start:end]`` (共同安全 around 同安)?"""
    windows = [(start - 1, start + 1), (start - 2, start + 1), (start - 1, start + 2)]
    if not left_only:
        windows += [(end - 1, end + 1), (end - 2, end + 1), (end - 1, end + 2)]
    n = len(text)
    return any(i >= 0 and j <= n and text[i:j] in common for i, j in windows)


def prev_char(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


