"""Segment stage: glued paragraphs and fields are split, ordinary prose never."""

from __future__ import annotations

import pytest

from fanwen_clean import RuleBook
from fanwen_clean.document import Document
from fanwen_clean.settings import Settings
from fanwen_clean.stages import segment
from fanwen_clean.stages.segment import chrome_tail, split_line

P1 = "乡村振兴是一项长期任务，需要我们立足实际、久久为功，把各项政策落到实处。"
P2 = "要坚持党建引领，发挥基层党组织的战斗堡垒作用，带领群众共同致富。"


def test_paragraphs_on_one_line():
    line = f"乡村振兴调研报告   {P1}   一、基本情况   {P2}   乡"
    assert split_line(line) == ["乡村振兴调研报告", P1, "一、基本情况", P2, "乡"]


@pytest.mark.parametrize("line", [
    "某某县人民政府办公室   某某县财政局",
    "填表日期：      年      月      日",
    f"{P1}这一点   非常重要，{P2}",
    P1 + P2,
])
def test_prose_and_form_lines_stay_whole(line):
    assert split_line(line) == [line]


def test_timestamp_glued_to_title_and_comment_widget():
    assert split_line("2021年3月9日16:05:44年度考核个人总结评论已关闭") == [
        "2021年3月9日16:05:44", "年度考核个人总结", "评论已关闭"]


def test_author_glued_to_timestamp():
    assert split_line("wangwu12023-04-05 08:09:10") == ["wangwu1", "2023-04-05 08:09:10"]


def test_key_value_timestamp_is_one_field():
    line = "发布时间：2023-04-05 08:09:10"
    assert split_line(line) == [line]


def test_page_counter_glued_to_text():
    assert split_line("第2页共7页各位代表，现在我代表市政府作工作报告。") == [
        "第2页共7页", "各位代表，现在我代表市政府作工作报告。"]


def test_dates_in_prose_are_not_split():
    line = "会议于2022年5月6日召开，2022年5月7日结束。"
    assert split_line(line) == [line]


def test_stage_records_changes_and_keeps_source_lines():
    doc = Document.from_text(f"标题\n乡村振兴调研报告   {P1}   {P2}")
    out = segment.run(doc, RuleBook(), Settings())
    assert [(line.text, line.src) for line in out.lines] == [
        ("标题", 1), ("乡村振兴调研报告", 2), (P1, 2), (P2, 2)]
    assert [c.rule for c in out.changes] == ["FW200"]
    assert segment.run(out, RuleBook(), Settings()) is out


def test_chrome_tail_rules_cut_their_examples_and_keep_their_near_misses() -> None:
    book = RuleBook()
    tail = chrome_tail(book)
    for e in book.family("segment"):
        for ex in e["examples"]:
            assert tail.search(ex) and tail.search(ex).start() > 0, ex
        for near in e.get("keep", ()):
            assert not tail.search(near), near
