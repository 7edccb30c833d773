"""The library API: ``import fanwen_clean``; clean_text / clean_bytes return a Result."""

from __future__ import annotations

import codecs
import dataclasses
import json
import random

import pytest

import fanwen_clean
from fanwen_clean import DecodeError, Result, Settings, clean_bytes, clean_text, fill

CONTRACT_KEYS = {"source", "encoding", "text", "template", "slots", "changes", "warnings"}
CLEAN = "今年我们单位的工作取得了新的进展。\n\n感谢大家一年来的辛勤付出。\n"
DIRTY = "　　今年我们单位的工作取得了新的进展。  \r\n\r\n\r\n　　感谢大家一年来的辛勤付出。\r\n"
SIMPLIFIED = "各位同事：今年我们单位的工作取得了新的进展，感谢大家的努力。\n"
TRADITIONAL = "各位同事：今年我們單位的工作取得了新的進展，感謝大家的努力。\n"


def test_public_names() -> None:
    for name in ("clean_text", "clean_bytes", "fill", "Result", "DecodeError"):
        assert hasattr(fanwen_clean, name), name
    assert isinstance(fanwen_clean.__version__, str)


def test_clean_text_returns_a_result_with_the_contract_fields() -> None:
    res = clean_text(DIRTY, source="page.txt")
    assert isinstance(res, Result)
    assert res.source == "page.txt"
    assert res.encoding == "utf-8"
    assert res.text == CLEAN
    assert res.template == CLEAN
    assert isinstance(res.slots, list) and isinstance(res.changes, list) and isinstance(res.warnings, list)


def test_as_dict_has_the_json_contract_keys_and_is_json() -> None:
    d = clean_text(DIRTY, source="page.txt").as_dict()
    assert set(d) >= CONTRACT_KEYS
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert d["source"] == "page.txt" and d["text"] == CLEAN


def test_changes_are_recorded_with_codes_and_source_lines() -> None:
    res = clean_text(DIRTY)
    assert res.changes
    for c in res.changes:
        assert {"rule", "stage", "line", "before", "after"} <= set(c)
        assert c["rule"].startswith("FW") and c["rule"][2:].isdigit() and len(c["rule"]) == 5
        assert 1 <= c["line"] <= DIRTY.count("\n")
    # the first line is indented: some change must point at line 1
    assert any(c["line"] == 1 for c in res.changes)


def test_a_clean_page_is_unchanged_and_has_no_changes() -> None:
    res = clean_text(CLEAN)
    assert res.text == CLEAN and res.template == CLEAN
    assert res.changes == []
    assert not res.changed()


def test_output_ends_with_one_newline() -> None:
    assert clean_text("没有换行的一句话。").template == "没有换行的一句话。\n"
    assert clean_text("一句话。\n\n\n\n").template == "一句话。\n"


def test_clean_text_default_source_is_dash() -> None:
    assert clean_text(CLEAN).source == "-"


def test_clean_bytes_utf8_with_bom() -> None:
    res = clean_bytes(codecs.BOM_UTF8 + CLEAN.encode("utf-8"), source="bom.txt")
    assert res.encoding == "utf-8"
    assert res.text == CLEAN
    assert res.source == "bom.txt"


def test_clean_bytes_utf16() -> None:
    res = clean_bytes(CLEAN.encode("utf-16"))
    assert res.encoding == "utf-16"
    assert res.text == CLEAN


def test_clean_bytes_gb18030() -> None:
    res = clean_bytes(SIMPLIFIED.encode("gb18030"))
    assert res.encoding == "gb18030"
    assert res.text == SIMPLIFIED


def test_clean_bytes_big5_becomes_simplified() -> None:
    res = clean_bytes(TRADITIONAL.encode("big5"))
    assert res.encoding == "big5"
    assert res.text == SIMPLIFIED
    assert any(c["stage"] == "t2s" for c in res.changes)


def test_t2s_can_be_turned_off() -> None:
    res = clean_bytes(TRADITIONAL.encode("big5"), settings=Settings(t2s=False))
    assert res.text == TRADITIONAL


def test_corner_quotes_become_curly() -> None:
    assert clean_text("他说「好」，又说『行』。\n").text == "他说“好”，又说‘行’。\n"


def test_decode_error_on_binary_bytes() -> None:
    with pytest.raises(DecodeError) as err:
        clean_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00", source="pic.txt")
    msg = str(err.value)
    assert "pic.txt" in msg and "\n" not in msg


_RNG = random.Random(7)


@pytest.mark.parametrize("junk", [
    bytes(_RNG.randrange(1, 256) for _ in range(4000)),
    # every high byte in turn: a quarter of them are C1 control characters in any ISO-8859 reading
    bytes(range(0x80, 0x100)) * 8 + b"\x81\x30\xff\xfe\x80\x80",
], ids=["random", "high-bytes"])
def test_decode_error_on_bytes_no_encoding_explains(junk: bytes) -> None:
    with pytest.raises(DecodeError) as err:
        clean_bytes(junk, source="junk.txt")
    assert str(err.value).startswith("junk.txt")


def test_empty_bytes_give_an_empty_result() -> None:
    res = clean_bytes(b"")
    assert res.text == "" and res.template == ""
    assert res.slots == [] and res.changes == []


def test_fill_with_the_report_restores_the_text() -> None:
    res = clean_text("请各单位认真总结20xx年的工作，于x月x日前上报。\n")
    assert fill(res.template, res.as_dict()) == res.text


def test_fill_with_a_mapping() -> None:
    assert fill("{{年份}}年{{姓名}}同志\n", {"年份": "2024", "姓名": "李华"}) == "2024年李华同志\n"


def test_slot_occurrences_index_the_template() -> None:
    res = clean_text("请各单位认真总结20xx年的工作。\n")
    assert res.template == "请各单位认真总结{{年份}}年的工作。\n"
    assert [s["name"] for s in res.slots] == ["年份"]
    for slot in res.slots:
        assert {"name", "kind", "values", "occurrences"} <= set(slot)
        for occ in slot["occurrences"]:
            assert res.template[occ["start"]:occ["end"]] == "{{" + slot["name"] + "}}"


def test_literal_jinja_openers_survive_fill() -> None:
    page = "模板里的 {% 和 {{ 以及 {# 要原样保留。\n"
    res = clean_text(page)
    assert res.text == page
    assert fill(res.template, {}) == page
    assert fill(res.template, res.as_dict()) == page


def test_result_is_a_plain_dataclass() -> None:
    res = clean_text(CLEAN)
    fields = {f.name for f in dataclasses.fields(res)}
    assert fields >= CONTRACT_KEYS
