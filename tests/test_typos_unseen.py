"""Typo classes added for pages we have never seen (issue 15, brief 15c).

* other-tone homophones of common words (监肚 for 监督) sit in the pair table but are only
  ever suggested;
* Taiwan vocabulary on a page that was never Traditional here (软体) is suggested, not fixed,
  and not where the characters read as mainland words;
* ``typos_unseen_frozen.tsv`` was written before any change of this round and never tuned on:
  its floors are the figures measured at the end.
"""

from __future__ import annotations

import pytest
from typo_helpers import outcome, sentence_rows, suggestions

from fanwen_clean import Settings, clean_text


def _typo_changes(result) -> list[dict]:
    return [c for c in result.changes if c["stage"] == "typos"]


@pytest.mark.parametrize(("source", "proposal"), [
    ("村务公开栏接受群众监肚，规范权力运行。", "监肚 → 监督"),  # dū/dù
    ("我们鼓励同学们积极参于班级管理。", "参于 → 参与"),  # yù/yú
])
def test_an_other_tone_homophone_is_suggested_and_never_fixed(source, proposal):
    result = clean_text(source + "\n")
    assert result.text == source + "\n" and not _typo_changes(result)
    assert any(proposal in m for m in suggestions(result))


def test_a_taiwan_word_on_a_simplified_page_is_onlysuggestions():
    source = "学校的办公软体需要统一升级。\n"
    result = clean_text(source)
    assert result.text == source
    assert any("软体 → 软件" in m for m in suggestions(result))
    assert "办公软件" in clean_text(source, settings=Settings(fix_suggestions=True)).text


@pytest.mark.parametrize("source", [
    "这是我们做的很多工作之一。",  # 多工 (a Taiwan word) inside 很多 + 工作
    "他们决定重新整理档案。",  # 重新整理: two common words
])
def test_taiwan_letters_that_read_as_mainland_words_are_left_alone(source):
    result = clean_text(source + "\n")
    assert result.text == source + "\n" and not suggestions(result)




def test_the_frozen_unseen_set_keeps_its_figures():
    """Floors: measured at the end of a round (15c start: 23 fixed, 33 either of 64; 15d: 23 → 27 fixed)."""
    rows = sentence_rows("typos_unseen_frozen.tsv")
    outcomes = [outcome(w, r) for w, r in rows]
    assert len(rows) == 64
    assert sum(f for f, _ in outcomes) >= 27
    assert sum(s for _, s in outcomes) >= 39
