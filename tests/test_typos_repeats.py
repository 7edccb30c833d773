"""A noun written twice in a row by a copy-paste slip (FW402, rule ``repeated_word``)."""

from __future__ import annotations

import pytest
from typo_helpers import assert_fixed_by

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.stages.typos import repeats


@pytest.mark.parametrize(("source", "expected"), [
    ("本届运动会运动会开幕式十分隆重。", "本届运动会开幕式十分隆重。"),
    ("今天下午下午三点开会。", "今天下午三点开会。"),
    ("请把申请表申请表交到教务处。", "请把申请表交到教务处。"),
])
def test_fixed(source, expected):
    assert_fixed_by(source + "\n", expected + "\n", "FW402")


@pytest.mark.parametrize("source", [
    "我们一起研究研究这个问题。",  # a verb reduplicated
    "大家商量商量办法吧。",  # a noun in jieba, a verb here: allowed
    "同学们，同学们！",  # no phrase after the pair
    "天天天蓝，心情很好。",  # AA
    "他唱了一首《北京北京》。",  # a title
    "一个一个地检查。",  # a numeral, not a noun
])
def test_left_alone(source):
    assert [c for c in clean_text(source + "\n").changes if c["stage"] == "typos"] == []


def test_rule_is_read_from_the_book():
    r = repeats.rule(RuleBook())
    assert r.code == "FW402" and "t" in r.tags and "交流" in r.allow
