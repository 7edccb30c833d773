"""The speed structures of the boilerplate stage give exactly what the plain code gives."""

from __future__ import annotations

import random

from fanwen_clean import Settings, clean_text
from fanwen_clean.rules import RuleBook
from fanwen_clean.stages.boilerplate import compiled, talk
from fanwen_clean.stages.boilerplate.book import LINE_MAX, LineMemo, Memo
from fanwen_clean.stages.boilerplate.features import body_facts, reads_as_body, text_features
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

LINES = ["本文由网友投稿，欢迎下载收藏", "一、加强组织领导", "尊敬的各位来宾：", "点击查看更多范文>>",
         "作者：佚名 时间：2023-05-06 12:30", "我们要认真总结经验，查找不足。", "上一篇：年度工作计划",
         "www.example.com 版权所有", "相关推荐：", "述职报告（精选5篇）", "下载文档 | 收藏 | 打印"]


def test_body_facts_are_the_features_text_features_gives():
    groups = compiled(RuleBook()).word_index
    for c in LINES:
        full, known = text_features(c, groups), body_facts(c, groups)
        assert {k: full[k] for k in known} == known, c
        assert reads_as_body(c, known) == reads_as_body(c, full), c
        assert text_features(c, groups, known) == full  # same keys, same order
        assert list(text_features(c, groups, known)) == list(full)


def test_line_memo_keeps_long_paragraphs_in_a_bounded_cache_of_their_own():
    memo = LineMemo()
    short, long = "短行", "长" * (LINE_MAX + 1)
    memo.put(short, 1)
    memo.put(long, 2)
    assert (memo.get(short), memo.get(long), memo.get("无", 3)) == (1, 2, 3)
    assert short in memo.short and long in memo.long
    for k in range(3000):
        memo.put(str(k) * 300, k)
    assert len(memo.long) <= 2000


PAGE = "\n".join(["年度工作总结（精选3篇）", "来源：网络 作者：佚名 发布时间：2024-01-02", "",
                  "今年以来，我们认真落实各项工作任务，" * 12 + "取得了明显成效。",
                  "本文由网友投稿，仅供参考，欢迎下载收藏。", "",
                  "下一步，我们将继续加强学习，提高业务能力，推动工作再上新台阶。",
                  "点击下载本文档 | 收藏本文", "上一篇：年度工作计划 下一篇：述职报告"])


def test_the_caches_change_nothing():
    """A page cleaned with every cache empty, then again with them full, gives the same report."""
    rules = RuleBook()
    compiled(rules).memo = Memo()
    cold = clean_text(PAGE, rules=rules, settings=Settings()).as_dict()
    warm = clean_text(PAGE, rules=rules, settings=Settings()).as_dict()
    assert cold == warm
    assert cold["text"] != PAGE  # the page has chrome to remove: the test looks at something


def test_a_sentence_the_talk_prefilter_drops_could_not_talk():
    book = compiled(RuleBook())
    words = [*(w for ws in book.filler_words.values() for w in ws), "我们", "工作", "，", "大家"]
    rng = random.Random(3)
    seen = {True: 0, False: 0}
    for _ in range(400):
        s = "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        may = talk._may_talk(s, book)
        seen[may] += 1
        if not may:
            assert not talk.talks(book.filler_index.counts(s)), s
    assert seen[True] and seen[False]
