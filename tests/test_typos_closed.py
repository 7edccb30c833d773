"""A misspelt word that ends a clause is fixed, not only suggested (issue 15, brief 15d).

Most wrong suggestions of the pair and confusion finders read a pair across a word boundary
(科|既要, 通|村公路); a clause-ending mark right after the pair rules that reading out on its
right.  Guards: the pair is no dictionary word, a Han character that is no numeral and no
surname comes before it, the pair is no parallel (实事办实), no quotation, no other-tone
homophone.  ``typos_clean_15d.txt`` holds correct sentences with those shapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fanwen_clean import clean_text

DATA = Path(__file__).parent / "data"


def _typo_changes(result) -> list[dict]:
    return [c for c in result.changes if c["stage"] == "typos"]


def _suggested(result) -> list[str]:
    return [w["message"] for w in result.warnings if w["rule"] == "FW940"]


@pytest.mark.parametrize(("source", "expected"), [
    ("这学期我们班举办了一次读书活功。", "这学期我们班举办了一次读书活动。"),  # pairs, FW420
    ("下一步要抓紧制定年度计化，明确分工。", "下一步要抓紧制定年度计划，明确分工。"),
    ("老师批改作业时发现了不少问提；大家要认真订正。", "老师批改作业时发现了不少问题；大家要认真订正。"),
    ("要加大对违规行为的惩处力渡。", "要加大对违规行为的惩处力度。"),  # confusion, FW404
    ("遇到突发情况要沉着冷净，不要慌。", "遇到突发情况要沉着冷静，不要慌。"),
])
def test_a_misspelt_word_before_a_clause_end_is_fixed(source, expected):
    result = clean_text(source + "\n")
    assert result.text == expected + "\n"
    assert _typo_changes(result) and not _suggested(result)


@pytest.mark.parametrize(("source", "proposal"), [
    ("这学期我们举办了读书活功比赛。", "活功 → 活动"),  # no clause end: the gain alone
    ("他说：“要加大惩处力渡。”", "力渡 → 力度"),  # a quotation
    ("村务公开栏接受群众监肚。", "监肚 → 监督"),  # an other-tone homophone
])
def test_without_a_clause_end_or_with_a_guard_it_stays_a_suggestion(source, proposal):
    result = clean_text(source + "\n")
    assert result.text == source + "\n" and not _typo_changes(result)
    assert any(proposal in m for m in _suggested(result))


@pytest.mark.parametrize("source", [
    "白露过后，紧接着就是处暑。",  # a dictionary word
    "这一片的稻田只种了一晌。",  # a numeral before it
    "本次演讲比赛的主持人是高国辉。",  # a surname before it
    "把好事办好、实事办实。",  # a parallel
    "租金每月人民币伍佰元整，押金另付。",  # a capital numeral
    "租金每月人民币    元整，押金另付。",  # a blank to fill in
    "各股室、道班要按时上报。",  # 、 separates list items, no clause end
])
def test_near_misses_are_not_fixed(source):
    result = clean_text(source + "\n")
    assert result.text == source + "\n" and not _typo_changes(result)


def test_the_15d_clean_sentences_are_left_alone():
    lines = (DATA / "typos_clean_15d.txt").read_text("utf-8").splitlines()
    sentences = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(sentences) >= 40
    changed = [s for s in sentences if _typo_changes(clean_text(s + "\n"))]
    assert changed == []
