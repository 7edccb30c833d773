"""The per-line memo of the anonymize stage: bounded, and never stale across rule books."""

from __future__ import annotations

from fanwen_clean import RuleBook, Settings, clean_text
from fanwen_clean.stages import anonymize
from fanwen_clean.stages.anonymize.lexicon import compiled

ALL = Settings(anonymize=frozenset({"people", "places", "orgs", "dates"}))


def test_memo_stays_bounded(monkeypatch) -> None:
    monkeypatch.setattr(anonymize, "_MEMO_MAX", 5)
    lex = compiled(RuleBook())
    for n in range(40):
        anonymize._find(f"第{n}次会议在湖北省麻城市召开。", lex, ALL.anonymize, 2)
        assert len(anonymize._memo) <= 5


def test_remembered_line_gives_the_same_mentions_as_a_fresh_one() -> None:
    line = "会上，县长王建国同志在麻城市实验中学作了报告。"
    lex = compiled(RuleBook())
    first = anonymize._find(line, lex, ALL.anonymize, 2)
    again = anonymize._find(line, lex, ALL.anonymize, 2)
    assert first  # the line has names in it
    assert first == again == anonymize._find_now(line, lex, ALL.anonymize, 2)
    again.clear()  # a caller's list is its own: the memo is untouched
    assert anonymize._find(line, lex, ALL.anonymize, 2) == first
    page = f"{line}\n{line}\n"
    assert clean_text(page, settings=ALL).text == clean_text(page, settings=ALL).text
