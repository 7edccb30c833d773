"""The pipeline reaches its fixed point in one call: cleaning a cleaned page changes nothing."""

from __future__ import annotations

import dataclasses
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanwen_clean import RuleBook, Settings, clean_text
from fanwen_clean.document import Change, Document, Line

pipeline = sys.modules["fanwen_clean.pipeline"]

# Pieces of the kinds of mess scraped pages hold, in our own words.
PROSE = [
    "今年以来，我们坚持把安全生产放在首位，层层落实责任", "，各项工作取得了明显成效。",
    "全体干部职工团结一心，克服了人手少、任务重的困难。", "下一步，我们将进一步完善制度，",
    "加强队伍建设，努力推动工作再上新台阶。", "回顾一年来的工作，我深深体会到",
    "只有脚踏实地才能把事情做好。", "在这次活动中，同学们积极参与、", "表现突出，受到了老师们的一致好评。",
    "以上是我的述职报告，请各位领导批评指正。",
]
HEADINGS = ["一、主要工作", "二、存在的问题", "（一）加强学习", "1．明确目标", "第三章  附则", "工作总结",
            "三、下一步打算："]
MARKERS = ["第2页 共6页", "- 3 -", "1/4", "—5—", "上一页 下一页", "返回目录", "【收藏本页】"]
SLOTS = ["20xx年x月x日", "XX公司", "×××同志", "____年___月", "尊敬的XXX：", "（单位名称）", "市xx局",
         "【姓名】"]
JUNK = ["本文来源于网络，如有侵权请联系删除", "更多范文请访问本站", "点击下载完整版", "&nbsp;&nbsp;", "<p>",
        "</p>", "<br/>", "<div class=\"c\">", "Ｐ", "|", "***", "??", "】", "【", "(", "）", "「", "』", "……",
        "——"]
SPACES = ["", " ", "  ", "\u3000\u3000", "\t", " \u00a0"]

piece = st.sampled_from(PROSE + HEADINGS + MARKERS + SLOTS + JUNK)


@st.composite
def lines(draw) -> str:
    parts = draw(st.lists(piece, min_size=1, max_size=3))
    lead, tail = draw(st.sampled_from(SPACES)), draw(st.sampled_from(SPACES))
    return lead + draw(st.sampled_from(["", " ", "\u3000"])).join(parts) + tail


pages = st.lists(st.one_of(lines(), st.just(""), st.sampled_from(PROSE)), min_size=1, max_size=18).map(
    lambda ls: "\n".join(ls) + "\n")


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_cleaning_twice_changes_nothing(page: str) -> None:
    once = clean_text(page)
    assert clean_text(once.text).text == once.text


# A toy pipeline whose one stage needs several passes: each pass removes one "ab" per line.
def _shrink(doc: Document, _rules, _settings) -> Document:
    new, changes = [], []
    for ln in doc.lines:
        if "ab" in ln.text:
            changes.append(Change("FW999", "toy", ln.src, ln.text, ln.text.replace("ab", "", 1)))
            ln = Line(ln.text.replace("ab", "", 1), ln.src)
        new.append(ln)
    return doc.evolve(lines=new, changes=changes)


def test_run_pipeline_repeats_until_nothing_changes(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "STAGES", (("toy", _shrink),))
    doc = Document.from_text("甲\naaabbb\n乙\n")
    out = pipeline.run_pipeline(doc, RuleBook(), Settings())
    assert out.text == "甲\n\n乙"
    # every change keeps the line number of the source page
    assert [c.line for c in out.changes] == [2, 2, 2]
    assert [c.after for c in out.changes] == ["aabb", "ab", ""]


def test_run_pipeline_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "STAGES", (("toy", _shrink),))
    out = pipeline.run_pipeline(Document.from_text("ab" * 50 + "\n"), RuleBook(), Settings())
    assert out.text == "ab" * (50 - pipeline.MAX_PASSES)


# --- the stages a later pass may skip (pipeline._IDEMPOTENT) keep their own output -------------

def _rule_examples() -> list[str]:
    """The faulty sides of the examples of the typo and punctuation rules, as pages."""
    book = RuleBook()
    pages = [ex[0] for family in ("typo_rule", "punct") for e in book.family(family)
             for ex in e.get("examples", [])]
    return [*pages, "\n".join(pages)]


def _again(name: str, page: str) -> tuple[str, str]:
    """The stage's output on ``page`` as a fresh page, and the stage's output on that."""
    stage = dict(pipeline.STAGES)[name]
    once = Document.from_text(stage(Document.from_text(page), RuleBook(), Settings()).text)
    return once.text, stage(once, RuleBook(), Settings()).text


def test_skippable_stages_are_named_in_the_pipeline() -> None:
    assert set(pipeline._IDEMPOTENT).issubset(name for name, _ in pipeline.STAGES)


def test_skippable_stages_keep_their_output_on_rule_examples() -> None:
    pages = _rule_examples()
    assert len(pages) > 20
    changed = 0
    for name in sorted(pipeline._IDEMPOTENT):
        for page in pages:
            once, twice = _again(name, page)
            changed += once != page.rstrip("\n")
            assert twice == once, (name, page)
    assert changed > 10  # the examples do exercise the stages


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_skippable_stages_keep_their_output(page: str) -> None:
    for name in sorted(pipeline._IDEMPOTENT):
        once, twice = _again(name, page)
        assert twice == once, name


def test_a_later_pass_skips_a_stage_only_when_it_gets_what_it_returned(monkeypatch) -> None:
    seen: list[tuple[str, bool]] = []

    def typos(doc: Document, _rules, _settings) -> Document:
        seen.append((doc.text, doc.traditional))
        return doc

    stages = (("typos", typos),)
    plain = Document.from_text("甲乙\n")
    outputs: dict = {}
    for doc in (dataclasses.replace(plain, traditional=True), plain, plain, Document.from_text("丙\n")):
        pipeline._run(stages, doc, RuleBook(), Settings(), outputs)
    # same text but now read as Simplified: run again; then the same text and script: skipped
    assert seen == [("甲乙", True), ("甲乙", False), ("丙", False)]
