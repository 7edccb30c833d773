"""The typos stage remembers per line what the line alone decides (stages/typos/line.py).

What the page decides must still be asked of each page: the same line, remembered from one
page, reads differently on a page that writes the word right elsewhere or repeats the pair.
The sentences are ours.
"""

from __future__ import annotations

from typo_helpers import suggestions

from fanwen_clean import clean_text
from fanwen_clean.rules import RuleBook
from fanwen_clean.stages import typos
from fanwen_clean.stages.typos import clauses, digits, line, repeats, xiang

ALONE = "全场响起了热列的掌声。\n"  # suggested on its own (FW404)
ECHOED = "气氛热烈，掌声热烈。\n" + ALONE  # fixed: the page writes 热烈 elsewhere


def _typo_warnings(result) -> list[str]:
    return [m for m in suggestions(result) if "热列" in m]


def test_a_remembered_line_is_still_decided_by_its_page():
    book = RuleBook()
    first = clean_text(ALONE, rules=book)
    assert any(key[0] == ALONE.strip() for key in typos._memo(book).seen)
    echoed = clean_text(ECHOED, rules=book)  # the line comes from the memo here
    again = clean_text(ALONE, rules=book)
    assert first.text == again.text == ALONE and _typo_warnings(first) == _typo_warnings(again) != []
    assert echoed.text.endswith("全场响起了热烈的掌声。\n") and not _typo_warnings(echoed)


def test_a_pair_the_page_repeats_is_dropped_after_the_line_was_remembered():
    book = RuleBook()
    alone = "硬化通村公路，方便群众出行。\n"
    before = [m for m in suggestions(clean_text(alone, rules=book)) if "FW420" in m]
    repeated = clean_text(alone + "今年新修通村公路十条。\n", rules=book)
    after = [m for m in suggestions(clean_text(alone, rules=book)) if "FW420" in m]
    assert before == after != []
    assert not [m for m in suggestions(repeated) if "FW420" in m]


def test_a_warm_clean_gives_the_cold_result():
    page = "我们紧紧的凝聚在一起。\n全场响起了热列的掌声。\n医院要不断提高医疗服务质亮。\n"
    cold = clean_text(page, rules=RuleBook()).as_dict()
    book = RuleBook()
    clean_text(page, rules=book)
    assert clean_text(page, rules=book).as_dict() == cold


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(line, "MEMO_MAX", 3)
    memo = line.Memo()
    book = RuleBook()
    r = line.LineRules(digits.rule(book), repeats.rule(book), clauses.rule(book), xiang.rule(book), "")
    for k in range(10):
        memo.finds(f"第{k}行的文字。", [], r, [], ())
    assert 0 < len(memo.seen) <= 3
