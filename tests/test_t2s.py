"""Stage t2s: Traditional pages, mixed pages per paragraph, protected terms, Big5 input."""

from __future__ import annotations

from fanwen_clean import RuleBook, Settings, clean_bytes, clean_text
from fanwen_clean.stages.t2s import convert

_BOOK = RuleBook()

TRADITIONAL_PAGE = (
    "各位同誌們：\n\n"
    "這次會議的主要任務是總結去年的工作，部署今年的任務。\n"
    "我們要建立健全係統的管理製度，從上到下麵對麵地解決問題，全麵提高工作水平。\n"
)


def test_traditional_page_becomes_simplified() -> None:
    res = clean_text(TRADITIONAL_PAGE)
    assert "同志们" in res.text
    assert "系统" in res.text and "下面对面" in res.text and "全面" in res.text
    assert "FW105" in {c["rule"] for c in res.changes}


def test_simplified_page_is_untouched() -> None:
    page = "乾县和乾安县的同志们：今年的工作很扎实，乾坤未定。\n"
    res = clean_text(page)
    assert res.text == page
    assert not [c for c in res.changes if c["stage"] == "t2s"]


def test_protected_terms_keep_their_characters() -> None:
    assert convert("乾縣位於陝西，乾隆年間修建。", _BOOK) == "乾县位于陕西，乾隆年间修建。"
    assert convert("乾安縣的發展", _BOOK) == "乾安县的发展"
    assert convert("幹部要保持乾淨", _BOOK) == "干部要保持干净"


def test_mixed_page_converts_only_the_traditional_paragraph() -> None:
    simplified = "今年我们的工作取得了明显成效，群众满意度不断提高，各项指标全面完成。"
    page = (
        f"{simplified}\n{simplified}\n{simplified}\n{simplified}\n\n"
        "以下為原文摘錄：這個專案將會對當地經濟發展產生深遠的影響。\n\n"
        f"{simplified}\n"
    )
    res = clean_text(page)
    assert "以下为原文摘录：这个专案将会对当地经济发展产生深远的影响。" in res.text
    assert res.text.count(simplified) == 5
    changed = [c["line"] for c in res.changes if c["rule"] == "FW105"]
    assert changed == [6]


def test_stray_traditional_character_is_fixed_but_names_are_not() -> None:
    line = "我们要认真总结经验教训，进一步加强和改进工作作风，切实提高服务水平，确保各项任务落到實处。"
    name = "我们要认真总结经验教训，进一步加强和改进工作作风，於梨华同志和乾县的同志都很认真。"
    other = "今天的会议开得很好，大家畅所欲言，提出了很多有价值的意见和建议，会后要认真梳理。"
    res = clean_text(f"{line}\n{name}\n{other}\n{other}\n")
    assert "落到实处" in res.text
    assert name in res.text


def test_no_t2s_setting_keeps_traditional() -> None:
    res = clean_text(TRADITIONAL_PAGE, settings=Settings(t2s=False))
    assert "同誌們" in res.text


def test_big5_input_gives_the_same_text() -> None:
    utf8 = clean_bytes(TRADITIONAL_PAGE.encode("utf-8"))
    big5 = clean_bytes(TRADITIONAL_PAGE.encode("big5"))
    assert big5.encoding == "big5"
    assert big5.text == utf8.text


def test_corner_quotes_become_curly() -> None:
    assert clean_text("他說「好」。\n").text == "他说“好”。\n"


def test_cleaning_twice_changes_nothing() -> None:
    once = clean_text(TRADITIONAL_PAGE).text
    assert clean_text(once).text == once
