"""Stage slots: rule examples, naming, numbering, existing slots and the naming API."""

from __future__ import annotations

import pytest

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.document import Document, SlotSpan
from fanwen_clean.render import SLOT_RE, render
from fanwen_clean.settings import Settings
from fanwen_clean.slotnames import Pending, assign
from fanwen_clean.stages import slots

_BOOK = RuleBook()


def tpl(text: str) -> str:
    """Template of ``text`` after the slots stage alone (other stages do not interfere)."""
    doc = slots.run(Document.from_text(text), _BOOK, Settings())
    return render(doc).template.rstrip("\n")


EXAMPLES = [
    pytest.param(e["code"], ex, id=f"{e['code']}-{i}")
    for fam in ("slot_pattern", "slot_context")
    for e in _BOOK.family(fam)
    for i, ex in enumerate(e.get("examples", []))
]


def test_every_slot_rule_has_examples() -> None:
    for fam in ("slot_pattern", "slot_context"):
        for e in _BOOK.family(fam):
            assert e.get("examples"), f"{e['code']} has no example"
            assert e.get("description"), f"{e['code']} has no description"


def test_at_least_thirty_context_rules() -> None:
    assert len([e for e in _BOOK.family("slot_context") if not e.get("fallback")]) >= 30


@pytest.mark.parametrize(("code", "example"), EXAMPLES)
def test_rule_example(code: str, example: list[str]) -> None:
    source, expected = example
    assert tpl(source) == expected


def test_vocabulary_names_are_identifiers_with_kinds() -> None:
    vocab = {e["name"]: e["kind"] for e in _BOOK.family("slot_name")}
    core = {"年份", "日期", "单位名称", "县名", "姓名", "数量", "序号", "百分比", "金额", "内容"}
    assert core <= vocab.keys()
    for name, kind in vocab.items():
        assert name.isidentifier() and kind
    for e in _BOOK.family("slot_context"):
        assert e["name"] in vocab, e["code"]


@pytest.mark.parametrize(("source", "expected"), [
    ("20xx年工作总结", "{{年份}}年工作总结"),
    ("20XX年、201x年和20**年", "{{年份1}}年、{{年份2}}年和{{年份3}}年"),
    ("19xx年出生", "{{年份}}年出生"),
    ("20××年", "{{年份}}年"),
    ("xx年xx月xx日", "{{年份}}年{{月份}}月{{日期}}日"),
    ("x月x日", "{{月份}}月{{日期}}日"),
    ("x月x号", "{{月份}}月{{日期}}号"),
    ("位于xx路x号", "位于{{地名}}路{{序号}}号"),
    ("第x次会议", "第{{序号}}次会议"),
    ("增长x%", "增长{{百分比}}%"),
    ("投入x万元", "投入{{金额}}万元"),
    ("完成x项任务", "完成{{数量}}项任务"),
    ("xx同志", "{{姓名}}同志"),
    ("xx局长指出", "{{姓名}}局长指出"),
    ("x县", "{{县名}}县"),
    ("╳╳同志", "{{姓名}}同志"),
    ("ⅹⅹ同志", "{{姓名}}同志"),
    ("＊＊市", "{{市名}}市"),
    ("○○同志", "{{姓名}}同志"),
    ("某某单位", "{{单位名称}}单位"),
    ("姓名：＿＿＿＿", "姓名：{{姓名}}"),
    ("本次活动由【】负责", "本次活动由{{内容}}负责"),
    ("时间：（具体日期）", "时间：{{日期}}"),
    ("主持人：[姓名]", "主持人：{{姓名}}"),
    ("×多少人", "{{内容}}多少人"),
    ("ⅩⅩ同志", "{{姓名}}同志"),
    ("增长XX.X%", "增长{{百分比}}%"),
    ("于20XX.XX.XX发布", "于{{日期}}发布"),
    ("书记 ***", "书记 {{姓名}}"),
    ("××× 同志", "{{姓名}} 同志"),
])
def test_placeholder_forms(source: str, expected: str) -> None:
    assert tpl(source) == expected


def test_same_variable_is_one_slot() -> None:
    out = tpl("召开市x局大会。对x局的认识。认为x局是清闲单位。")
    assert out.count("{{单位名称}}") == 3


def test_listed_placeholders_are_numbered() -> None:
    assert tpl("x、x两县都已达标") == "{{县名1}}、{{县名2}}两县都已达标"
    assert tpl("20xx-20xx学年") == "{{年份1}}-{{年份2}}学年"


def test_title_stays_outside_the_slot() -> None:
    assert tpl("市委xx书记讲话，主任×××作报告") == "市委{{姓名1}}书记讲话，主任{{姓名2}}作报告"


def test_leader_and_speech() -> None:
    assert tpl("以xx同志为核心") == "以{{领导人}}同志为核心"
    assert tpl("学习xx“5·31”讲话") == "学习{{讲话名称}}“5·31”讲话"


def test_masking_artefacts() -> None:
    assert tpl("×某县委") == "{{县名}}县委"
    assert tpl("×某年的中秋") == "{{年份}}年的中秋"


def test_generic_fallback_reuses_one_slot() -> None:
    assert tpl("促进x发展，推动x进步") == "促进{{内容}}发展，推动{{内容}}进步"


def test_existing_slots_are_kept_and_reserved() -> None:
    assert tpl("{{年份}}年和x年") == "{{年份}}年和{{年份2}}年"
    assert tpl("{{ 县名 }}县") == "{{县名}}县"


def test_escapes_are_not_slots() -> None:
    res = clean_text("代码 {{ 和 {% 不是占位符\n")
    assert res.slots == []
    assert "{{ '{{' }}" in res.template and "{{ '{%' }}" in res.template


def test_slots_do_not_change_text_and_record_changes() -> None:
    doc = slots.run(Document.from_text("在20xx年召开xx会议"), _BOOK, Settings())
    assert doc.text == "在20xx年召开xx会议"
    rules = {(c.rule, c.before, c.after) for c in doc.changes}
    assert ("FW527", "20xx", "{{年份}}") in rules
    assert ("FW557", "xx", "{{会议名称}}") in rules


def test_report_offsets_index_the_template() -> None:
    res = clean_text("各位同志：\n在20xx年，xx同志和x县都……\n")
    assert res.slots
    for slot in res.slots:
        for occ in slot["occurrences"]:
            assert res.template[occ["start"]:occ["end"]] == "{{" + slot["name"] + "}}"
        assert slot["kind"] and slot["values"]


def test_warnings_for_doubtful_lookalikes() -> None:
    doc = slots.run(Document.from_text("1920xx年回国\n一些***分子集会"), _BOOK, Settings())
    codes = {(w.rule, w.line) for w in doc.warnings}
    assert ("FW951", 1) in codes and ("FW952", 2) in codes
    assert not any(line.spans for line in doc.lines)


def test_assign_renumbers_earlier_slots() -> None:
    """A later stage (anonymize) adding a 姓名 renumbers the one the slots stage named."""
    doc = slots.run(Document.from_text("xx同志和张三同志"), _BOOK, Settings())
    assert [s.name for s in doc.lines[0].spans] == ["姓名"]
    line = doc.lines[0].text
    s = line.index("张三")
    found = [Pending(0, s, s + 2, "姓名", "person", "张三", ("person", "张三"), "FW601")]
    doc2 = assign(doc, found, "anonymize")
    assert [sp.name for sp in doc2.lines[0].spans] == ["姓名1", "姓名2"]
    assert render(doc2).template == "{{姓名1}}同志和{{姓名2}}同志\n"
    assert {c.after for c in doc2.changes if c.rule.startswith("FW5")} == {"{{姓名1}}"}
    # the same key again is the same variable; overlapping an existing slot is dropped
    doc3 = assign(doc2, [Pending(0, s, s + 1, "姓名", "person", "张", ("x",), "FW601"),
                         Pending(0, 0, 2, "姓名", "person", "xx", ("y",), "FW601")], "anonymize")
    assert doc3.lines[0].spans == doc2.lines[0].spans


def test_assign_skips_existing_names() -> None:
    doc = Document.from_text("{{县名1}}县和x县、y")
    doc = slots.run(doc, _BOOK, Settings())
    names = [sp.name for sp in doc.lines[0].spans]
    assert names[0] == "县名1" and names[1] != "县名1"
    assert isinstance(doc.lines[0].spans[0], SlotSpan) and doc.lines[0].spans[0].kind == "existing"


def test_template_names_are_valid() -> None:
    res = clean_text("20xx年x月x日，xx同志在x县x局召开xx会议，投入x万元，完成x%。\n")
    names = {m.group(1) for m in SLOT_RE.finditer(res.template)}
    assert names and all(n.isidentifier() for n in names)


def test_fill_in_blanks_are_separate_variables() -> None:
    assert tpl("签名：______ 签名：______") == "签名：{{姓名1}} 签名：{{姓名2}}"
    assert tpl("交给______和______") == "交给{{内容1}}和{{内容2}}"


def test_a_label_names_its_field() -> None:
    assert tpl("甲方：______ 乙方：______") == "甲方：{{甲方}} 乙方：{{乙方}}"
    assert tpl("家庭住址：________") == "家庭住址：{{家庭住址}}"
    assert tpl("电话：XXXXXXXX") == "电话：{{联系电话}}"


def test_context_at_line_end() -> None:
    assert tpl("我叫XXX") == "我叫{{姓名}}"


def test_a_speaker_is_no_label() -> None:
    assert tpl("老师说：xx同学进步很大") == "老师说：{{姓名}}同学进步很大"
    assert tpl("他指出：xx") == "他指出：{{内容}}"
