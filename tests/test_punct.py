"""Stage punct: every [[punct]] example, ASCII runs left alone, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fanwen_clean import RuleBook, Settings
from fanwen_clean.document import Document
from fanwen_clean.stages import punct
from fanwen_clean.stages.punct import fix_parens, fix_quotes

_BOOK = RuleBook()


def fix_line(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The stage's own path (``run``) on a one-line page: new text and (code, before, after) edits."""
    doc = punct.run(Document.from_text(text), _BOOK, Settings())
    return doc.text, [(c.rule, c.before, c.after) for c in doc.changes]


def fix(text: str) -> str:
    return fix_line(text)[0]




@pytest.mark.parametrize("text", [
    "增长3.5%，共1,000人，时间10:30。",
    "网址是http://www.example.com/a?b=1&c=2，请访问。",
    "邮箱：someone@example.com，电话：010-12345678。",
    "He said: \"It's fine, really!\" (twice)",
    "x,x两县和**市的xx同志",
    "20xx年xx月xx日",
    "a--b, c...d, e:f",
    "从标准看-----。",
    "姓名：          性别：",
    "领导同志( )",
])
def test_ascii_runs_and_placeholders_are_kept(text: str) -> None:
    assert fix(text) == text


@pytest.mark.parametrize(("source", "expected"), [
    ("他说:\"好的.\"", "他说：“好的。”"),
    ("“一带一路\"倡议", "“一带一路”倡议"),
    ("大家好 !我们开会 。", "大家好！我们开会。"),
    ("正在研究。。", "正在研究。"),
    ("等等…", "等等……"),
    ("等等……", "等等……"),
    ("(1)加强领导", "（1）加强领导"),
    ("各县(市、区)要落实", "各县（市、区）要落实"),
    ("这是他的'新观点", "这是他的新观点"),
    ("所谓'三严三实'和'两学一做'", "所谓‘三严三实’和‘两学一做’"),
])
def test_repairs(source: str, expected: str) -> None:
    assert fix(source) == expected


def test_english_apostrophes_are_not_quotes() -> None:
    assert fix_quotes("他说 don't worry，it's OK。") == "他说 don't worry，it's OK。"


def test_parens_need_chinese_context() -> None:
    assert fix_parens("f(x)=1") == "f(x)=1"
    assert fix_parens("见(附件)") == "见（附件）"


def test_edits_are_reported_with_context() -> None:
    _, edits = fix_line("前面很长的一段话,后面也很长的一段话")
    (code, before, after), = edits
    assert code == "FW410"
    assert before == "的一段话,后面也很" and after == "的一段话，后面也很"


_ALPHABET = st.sampled_from([*"我们的工作好x1. ,:;!?()\"'-…。，“”‘’（）：；！？、 ", "...", "--", "**"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
@example('我:,..."')  # four rules in a chain, each enabling the next
def test_fix_is_idempotent(text: str) -> None:
    once = fix(text)
    assert fix(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
def test_pure_ascii_is_untouched(text: str) -> None:
    assert fix(text) == text


def test_swapped_quotes_are_only_fixed_inside_a_quotation() -> None:
    assert fix_quotes("要做到“学习‘”实践’“再学习”。") == "要做到“学习”“实践”“再学习”。"
    # a single quotation nested in a double one stays as it is
    assert fix_quotes("他说“这叫‘两学一做’”。") == "他说“这叫‘两学一做’”。"
    assert fix_quotes("所谓‘两学一做’“三严三实”") == "所谓‘两学一做’“三严三实”"


def test_quotes_are_paired_before_deciding() -> None:
    assert fix_quotes('"Hello"你好') == "“Hello”你好"
    assert fix_quotes('中文 "quoted words" here') == '中文 "quoted words" here'
    assert fix_quotes('他说"好') == "他说“好"
