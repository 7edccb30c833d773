"""Look-alikes of placeholders stay exactly as written (no slot): the table in rules/slot_lookalikes.toml."""

from __future__ import annotations

import pytest

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.document import Document
from fanwen_clean.render import render
from fanwen_clean.settings import Settings
from fanwen_clean.stages import slots

_BOOK = RuleBook()


def spans(text: str) -> list:
    doc = slots.run(Document.from_text(text), _BOOK, Settings())
    found = [s for line in doc.lines for s in line.spans]
    if not found:
        assert render(doc).template == text + "\n"
    return found


LOOKALIKES = _BOOK.family("slot_lookalike")


def test_the_lookalike_table_is_large() -> None:
    assert len(LOOKALIKES) >= 50
    assert all(e.get("why") for e in LOOKALIKES)


@pytest.mark.parametrize("text", [e["text"] for e in LOOKALIKES])
def test_lookalike_is_not_a_slot(text: str) -> None:
    found = spans(text)
    assert found == [], [s.original for s in found]


@pytest.mark.parametrize("text", ["拍了x张照片", "分辨率x像素", "xx系统", "xx片区", "某某说", "×书记"])
def test_near_lookalike_is_a_slot(text: str) -> None:
    assert spans(text), text


def test_censored_stars_warn_instead() -> None:
    doc = slots.run(Document.from_text("少数***分子在广场非法集会"), _BOOK, Settings())
    assert [w.rule for w in doc.warnings] == ["FW952"]


def test_jammer_noise_is_not_a_slot() -> None:
    assert spans("$ x$ l: {1 g0 ?") == []
    assert spans("8 y0 x, q4 l0 e0 c") == []
    assert spans("优势。1 d$ k/ `* |1 \\! g") == []


def test_sizes_do_not_warn_but_damaged_numbers_do() -> None:
    doc = slots.run(Document.from_text("屏幕1920x1080像素，面积3x4米\n1920xx年回国"), _BOOK, Settings())
    assert [(w.rule, w.line) for w in doc.warnings] == [("FW951", 2)]


@pytest.mark.parametrize("text", ["* 第一点", "***", "注*：数据来自统计局", "重要*"])
def test_bullets_and_marks_neither_slot_nor_warn(text: str) -> None:
    doc = slots.run(Document.from_text(text), _BOOK, Settings())
    assert not doc.warnings and not any(line.spans for line in doc.lines)


@pytest.mark.parametrize("text", ["**县域经济**发展", "**年度工作计划**", "要**坚持**党的领导",
                                  "**一、工作总结**", "**申请人：**张三"])
def test_markdown_emphasis_is_not_a_slot(text: str) -> None:
    assert spans(text) == []


def test_blanks_that_look_like_emphasis_delimiters() -> None:
    assert [s.original for s in spans("**市总工会、**市妇联")] == ["**", "**"]
    assert [s.original for s in spans("**年**月**日")] == ["**", "**", "**"]


def test_two_blanks_around_a_sentence_are_not_emphasis() -> None:
    found = spans("会议在**县（市）召开。我代表中共**县（市）县委致辞")
    assert [s.name for s in found] == ["县名", "县名"]


@pytest.mark.parametrize("text", [e["text"] for e in LOOKALIKES])
def test_lookalike_survives_the_whole_pipeline(text: str) -> None:
    assert "{{" not in clean_text(text + "\n").template
