"""Stage warn: consistency and truncation findings, reported and never fixed."""

from __future__ import annotations

import pytest

from fanwen_clean import clean_text
from fanwen_clean.document import Document, Line, SlotSpan
from fanwen_clean.rules import RuleBook, default_rules_dir
from fanwen_clean.settings import Settings
from fanwen_clean.stages import normalize, warn


@pytest.fixture(scope="module")
def own() -> RuleBook:
    return RuleBook((default_rules_dir() / "warnings.toml",))


def findings(text: str, book) -> list[tuple[str, int]]:
    doc = normalize.run(Document.from_text(text), book, Settings())
    return [(f.rule, f.line) for f in warn.run(doc, book, Settings()).warnings]


def test_every_warning_has_an_example(own):
    entries = own.family("warning") + [c for c in own.family("code") if c["code"].startswith("FW9")]
    assert {e["code"] for e in entries} >= {"FW901", "FW902", "FW903", "FW904", "FW905"}
    assert all(e.get("examples") and e.get("description") for e in entries)


def test_warning_examples_through_the_pipeline(book):
    for e in book.family("warning") + [c for c in book.family("code") if c["code"].startswith("FW9")]:
        for given_text, expected in e["examples"]:
            res = clean_text(given_text, rules=book)
            assert res.text == expected, e["code"]
            if e["code"] != "FW990":
                assert e["code"] in {w["rule"] for w in res.warnings}, e["code"]


def test_warning_examples_in_the_stage(own):
    for e in own.family("warning") + own.family("code"):
        for given_text, _expected in e["examples"]:
            fired = {rule for rule, _ in findings(given_text, own)}
            assert fired == (set() if e["code"] == "FW990" else {e["code"]}), e["code"]


def test_mixed_levels(own):
    text = "我们要争创省级文明单位。\n\n全力以赴创建省级文明单位。\n\n争创州级文明单位是我们的目标。\n"
    assert findings(text, own) == [("FW901", 5)]


def test_history_is_not_a_level_mix(own):
    text = ("我单位2001年被评为市级文明单位，此后一直保持县级文明单位称号。\n"
            "今年我们要创建省级文明单位。\n")
    assert findings(text, own) == []


def test_different_units_are_not_a_level_mix(own):
    assert findings("争创省级文明单位，打造市级示范学校。\n", own) == []


def test_mixed_self_names(own):
    text = "我局今年工作成效明显。\n我局将继续努力。\n我办全体同志团结一心。\n"
    assert findings(text, own) == [("FW902", 3)]


def test_self_name_lookalikes(own):
    text = "我局今年工作成效明显。\n我办理了相关手续，我所说的都是事实，我科学安排时间。\n"
    assert findings(text, own) == []


def test_articles_of_a_compilation_are_checked_separately(own):
    text = "述职报告篇一\n\n我局今年工作很好。\n\n述职报告篇二\n\n我办今年工作很好。\n"
    assert findings(text, own) == []
    assert findings(text.replace("述职报告篇二\n\n", ""), own) == [("FW902", 5)]


def test_dashes_for_cut_text(own):
    assert findings("第三，要正视问题。从检查情况看-----。\n", own) == [("FW903", 1)]
    assert findings("-------------------------\n正文。\n", own) == []  # a rule line, not a cut
    assert findings("他说——这就是我们的目标。\n", own) == []


def test_truncated_endings(own):
    assert findings("各项工作进展顺利。\n……\n", own) == [("FW904", 2)]
    assert findings("各项工作进展顺利，全年共完成投资，比上年增长了\n", own) == [("FW905", 1)]
    assert findings("各项工作进展顺利。\n\n县教育局\n", own) == []  # a signature, not a cut
    assert findings("各项工作进展顺利。\n……\n下面请局长讲话。\n", own) == []  # an ellipsis mid-page


def test_warn_changes_nothing(own):
    line = Line("我局和我办都要争创省级文明单位-----。", 1, (SlotSpan(0, 2, "单位名称", "existing", "我局"),))
    doc = Document(lines=(line,))
    out = warn.run(doc, own, Settings())
    assert out.lines == doc.lines
    assert out.changes == doc.changes
    assert {f.rule for f in out.warnings} == {"FW902", "FW903"}


def test_findings_have_columns(own):
    doc = normalize.run(Document.from_text("我局很好。\n我们的我办也很好。\n"), own, Settings())
    [f] = warn.run(doc, own, Settings()).warnings
    assert (f.line, f.col) == (2, 4)
    assert "我办" in f.message and "我局" in f.message
