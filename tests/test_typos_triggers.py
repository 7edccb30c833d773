"""The one-scan pre-filter of the general typo finders (stages/typos/triggers.py)."""

from __future__ import annotations

from fanwen_clean import clean_text
from fanwen_clean.stages.typos import data, triggers


def _value(key: str) -> int:
    return triggers.value(key)


def test_columns_are_characters_whatever_the_width_of_the_text_before():
    # ASCII, a 4-byte emoji and a 2-byte Latin letter before the anchors
    text = "Ab😀é这件事让我收益匪浅，实事求事"
    found = {text[col:col + 2]: (col, value) for col, value in triggers.scan(text)}
    assert found["匪浅"][0] == text.find("匪浅")
    assert found["匪浅"][1] & triggers.TAIL
    assert found["实事"][0] == text.find("实事求事")
    assert found["实事"][1] & triggers.FORMULATION


def test_a_formulation_variant_is_found_whole_and_its_common_halves_are_not_anchors():
    assert _value("实事求事") & triggers.FORMULATION
    assert not _value("实事求是") & triggers.FORMULATION  # the right form is no variant
    assert not _value("建设") and not _value("发展")  # everywhere: scanning for them cost most of the stage


def test_an_idiom_with_a_half_too_common_to_anchor_it_is_found_by_its_variants():
    assert not _value("不可") & triggers.HEAD  # 不可 is everywhere
    assert _value("不可思义") & triggers.FORMULATION
    assert not _value("不可思议") & triggers.FORMULATION  # the idiom itself is no variant


def test_every_idiom_passes_the_signatures_of_its_own_anchors():
    """The signatures only spare look-ups: an idiom one character off must never be filtered out."""
    phrases = [w for w in (data._dir() / "idioms.txt").read_text("utf-8").split() if len(w) == 4]
    checked = 0
    for w in phrases:
        head, tail = _value(w[:2]), _value(w[2:])
        if head & triggers.HEAD:
            assert triggers.may_begin(head, w, 0), w
            checked += 1
        if tail & triggers.TAIL:
            assert triggers.may_end(tail, w, 2), w
            checked += 1
    assert checked > 10_000


def test_signatures_turn_away_most_windows():
    tail = _value("匪浅")  # a tail only (受益匪浅, 获益匪浅 …)
    assert not tail & triggers.HEAD
    chars = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"
    passed = sum(triggers.may_end(tail, a + b + "匪浅", 2) for a in chars for b in chars)
    assert passed < 0.5 * len(chars) ** 2


def test_an_anchor_after_a_listed_fix_that_shortens_the_line_is_still_found():
    # the doubled 的 is removed first (FW402); the idiom after it has moved one column left
    result = clean_text("这是我们的的经验，让我收益匪浅。\n")
    assert result.text == "这是我们的经验，让我受益匪浅。\n"
    assert {c["rule"] for c in result.changes if c["stage"] == "typos"} == {"FW402", "FW405"}


def test_confusion_candidates_are_read_from_the_mapped_table():
    assert "收" in data.confusable().get("受")
    assert data.confusable().get("A", "none") == "none"


def test_idioms_are_asked_of_the_word_table():
    assert data.is_idiom("受益匪浅") and data.is_idiom("实事求是")
    assert not data.is_idiom("收益匪浅") and not data.is_idiom("受益匪")


def test_the_prebuilt_automaton_is_up_to_date():
    """anchors.daac and anchors.values are what tools/build_anchors.py makes of today's sources."""
    patterns, values = triggers.build()
    assert (data._dir() / triggers.VALUES).read_bytes() == values, "run tools/build_anchors.py"
    assert (data._dir() / triggers.PATTERNS).read_bytes() == patterns, "run tools/build_anchors.py"


def test_an_ascii_text_and_a_text_without_anchors():
    assert triggers.scan("plain ASCII text, no anchor") == []
    assert triggers.scan("") == []
    assert _value("not an anchor") == 0
