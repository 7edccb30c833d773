"""The speed structures of the boilerplate stage give exactly what the plain code gives."""

from __future__ import annotations

import random

from fanwen_clean.stages.boilerplate.literals import Literals, WordGroups


def _naive(groups: dict[str, tuple[str, ...]], text: str) -> dict[str, float]:
    return {name: min(sum(w in text for w in words), 3) / 3 for name, words in groups.items()}


def test_word_groups_count_as_in_tests():
    groups = {"site": ("本站", "网友", "本站"), "doc": ("文档", "下载", "本文", "文"), "nav": ("首页", ""),
              "latin": ("VIP", "vip", "PDF")}
    counter = WordGroups(groups)
    rng = random.Random(7)
    pieces = ["本站", "网友", "文档", "下载", "本文", "首页", "VIP", "pdf", "我们", "，", "工作", "总结"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert counter.counts(text) == _naive(groups, text), text
    # a word listed twice counts twice; an empty word is in every text; case matters
    assert counter.counts("本站")["site"] == 2 / 3
    assert counter.counts("")["nav"] == 1 / 3
    assert counter.counts("vip")["latin"] == 1 / 3


def test_literals_find_every_word_held():
    words = ["来源", "作者", "下载", "的", "a", "http"]
    lit = Literals(words)
    for text in ("作者：某人 来源：网络", "下载http链接", "没有一个", "", "的的的a"):
        assert lit.found(text) == {w for w in words if w in text}
