"""Stage typos: dictionary pairs with guards, doubled characters, 一→1 damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.stages.typos import _compiled, fix_text

_BOOK = RuleBook()


def fix(text: str, book: RuleBook = _BOOK) -> str:
    return fix_text(text, book)[0]



@pytest.mark.parametrize(("source", "expected"), [
    ("感谢名位朋友的支持", "感谢各位朋友的支持"),
    ("他看重名位和利益", "他看重名位和利益"),
    ("在坐的领导都很关心", "在座的领导都很关心"),
    ("在坐各位同学", "在座各位同学"),
    ("他正在坐车回家", "他正在坐车回家"),
    ("李白、杜甫呤过这轮明月", "李白、杜甫吟过这轮明月"),
    ("嘌呤含量高的食物", "嘌呤含量高的食物"),
    ("敬爰的党组织", "敬爱的党组织"),
    ("从学生角色过度到职业角色", "从学生角色过渡到职业角色"),
    ("浪费已经过度到了极点", "浪费已经过度到了极点"),
    ("对孩子有过度期望", "对孩子有过度期望"),
    ("人要有自知自明", "人要有自知之明"),
    ("《黄帝内经·灵枢》记载", "《黄帝内经·灵枢》记载"),
    ("灵枢经是医书", "灵枢经是医书"),
    ("瞻仰灵枢", "瞻仰灵柩"),
    ("各自已完成任务，激动得不能自已", "各自已完成任务，激动得不能自已"),
    ("要相信自已", "要相信自己"),
    ("他自己经常加班", "他自己经常加班"),
    ("毕竟相比去年", "毕竟相比去年"),
    ("市场竟争激烈", "市场竞争激烈"),
    ("爱好象棋和美好象征", "爱好象棋和美好象征"),
    ("要充分发辉作用，王发辉同志发言", "要充分发挥作用，王发辉同志发言"),
    ("大家幸苦了，不幸苦难", "大家辛苦了，不幸苦难"),
])
def test_guards(source: str, expected: str) -> None:
    assert fix(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("进1步加强", "进一步加强"),
    ("这1路走来", "这一路走来"),
    ("和以前不1样", "和以前不一样"),
    ("进10步", "进10步"),           # 10 is a number
    ("1万1千元", "1万1千元"),       # 万1 next to digits stays
    ("发生1起事故，开了1次会", "发生1起事故，开了1次会"),  # counts stay
    ("版本1.1样式", "版本1.1样式"),
])
def test_digit_one(source: str, expected: str) -> None:
    assert fix(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("我们的的目标", "我们的目标"),
    ("我们的的的目标", "我们的目标"),
    ("实现目的的手段", "实现目的的手段"),
    ("的的确确如此", "的的确确如此"),
    ("他的的确是好人", "他的的确是好人"),
    ("为了了解情况", "为了了解情况"),
    ("开展了了解民情活动", "开展了了解民情活动"),
    ("问题不了了之", "问题不了了之"),
    ("完成了了任务", "完成了任务"),
    ("同学们们好", "同学们好"),
])
def test_doubled(source: str, expected: str) -> None:
    assert fix(source) == expected


def test_changes_carry_code_and_context() -> None:
    _, changes = fix_text("其中部份同志", _BOOK, src=7)
    (c,) = changes
    assert (c.rule, c.stage, c.line) == ("FW401", "typos", 7)
    assert c.before == "其中部份同志" and c.after == "其中部分同志"


def test_longest_match_wins() -> None:
    # 过度期 would also match inside a longer entry: the longer, more specific fix is taken
    assert fix("处于过度时期") == "处于过渡时期"


def test_automaton_is_built_once_per_book() -> None:
    assert _compiled(_BOOK) is _compiled(_BOOK)


def test_user_table_adds_pairs(tmp_path: Path) -> None:
    rows = "wrong\tright\tguard\tnote\n甲乙丙\t甲乙丁\t\t\n戊己\t戊庚\t!戊己(?=辛)\t\n"
    (tmp_path / "typos.tsv").write_text(rows, "utf-8")
    book = RuleBook.with_user([tmp_path])
    assert fix("甲乙丙和部份", book) == "甲乙丁和部分"
    assert fix("戊己辛，戊己", book) == "戊己辛，戊庚"


def test_page_with_many_lines_maps_hits_to_lines() -> None:
    src = "第一行没有错。\n\n第二行有部份错误。\n第三行再接再励。\n"
    res = clean_text(src)
    assert res.text == "第一行没有错。\n\n第二行有部分错误。\n第三行再接再厉。\n"
    lines = sorted(c["line"] for c in res.changes if c["rule"] == "FW401")
    assert lines == [3, 4]
