"""Dates and document numbers whose 年, 月 or 〕 a converter dropped, list numbers written as l (FW409)."""

from __future__ import annotations

import pytest
from typo_helpers import assert_fixed_by

from fanwen_clean import clean_text
from fanwen_clean.stages.typos import dates


@pytest.mark.parametrize(("source", "expected"), [
    ("项目于20153月启动。", "项目于2015年3月启动。"),
    ("调查在20117-9月完成。", "调查在2011年7-9月完成。"),
    ("请于915日前报到。", "请于9月15日前报到。"),
    ("会议定于2023年1118日召开。", "会议定于2023年11月18日召开。"),
    ("转发〔20199号文件。", "转发〔2019〕9号文件。"),
    ("庆祝“八?一”建军节。", "庆祝“八·一”建军节。"),
    ("纪念一二?九运动八十周年。", "纪念一二·九运动八十周年。"),
])
def test_fixed(source, expected):
    assert_fixed_by(source + "\n", expected + "\n", "FW409")


@pytest.mark.parametrize("source", [
    "请于25日前报到。",  # a real day
    "全程历时72日。",  # a count: no date word before it
    "今年共接待20121人次。",  # no 月 after the number
    "项目于2015年3月启动。",
    "转发〔2019〕9号文件。",
    "电话12345678月底前开通。",  # no year before the month
    "是二还是三？一时说不清。",  # a question: no day name follows
    "你说十？十个人够了。",
])
def test_left_alone(source):
    assert [c for c in clean_text(source + "\n").changes if c["stage"] == "typos"] == []


def test_two_readings_are_only_suggested():
    result = clean_text("请于112日前报到。\n")
    assert result.text == "请于112日前报到。\n"
    assert [w["message"] for w in result.warnings if w["rule"] == "FW940"] == [
        "possible typo (FW409): 112 → 1月12"]


def test_splits():
    assert dates._splits("425") == ["4月25"]
    assert dates._splits("230") == []  # 2月30 and 23月0 are no dates
    assert dates._splits("1231") == ["12月31"]
    assert dates._splits("105") == ["10月5"]  # 1月05: a day is not written with a leading 0


def test_han_numbers():
    assert [dates._han_number(n) for n in ("七", "十", "十一", "二十", "三十一", "一二", "一八")] == [
        7, 10, 11, 20, 31, 12, 18]


@pytest.mark.parametrize(("source", "expected"), [
    ("l.明确目标任务\n2.强化督促检查\n", "1.明确目标任务\n2.强化督促检查\n"),
    ("（l）提高思想认识\n", "（1）提高思想认识\n"),
    ("l、加强组织领导\n", "1、加强组织领导\n"),
])
def test_list_number_written_as_l(source, expected):
    assert_fixed_by(source, expected, "FW409")


@pytest.mark.parametrize("source", ["l. Introduction\n", "I.引言\n", "lol真好笑\n", "Excel表格\n"])
def test_l_that_is_a_letter_stays(source):
    assert [c for c in clean_text(source).changes if c["stage"] == "typos"] == []
