"""Blanks without a marker (rules/blanks.toml): examples, near misses, precision, the switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.cli import main
from fanwen_clean.document import Document
from fanwen_clean.render import render
from fanwen_clean.settings import Settings
from fanwen_clean.stages import slots

_BOOK = RuleBook()
FRAMES = _BOOK.family("slot_blank")
FIXTURE = Path(__file__).parent / "fixtures" / "complete_sentences.txt"


def tpl(text: str, settings: Settings | None = None) -> str:
    doc = slots.run(Document.from_text(text), _BOOK, settings or Settings())
    return render(doc).template.rstrip("\n")


def test_every_frame_has_examples_and_near_misses() -> None:
    assert len(FRAMES) >= 6
    for e in FRAMES:
        assert e.get("examples") and e.get("near_misses") and e.get("description"), e["code"]


@pytest.mark.parametrize(("code", "example"), [
    pytest.param(e["code"], ex, id=f"{e['code']}-{i}")
    for e in FRAMES for i, ex in enumerate(e["examples"])])
def test_frame_example(code: str, example: list[str]) -> None:
    source, expected = example
    assert tpl(source) == expected


@pytest.mark.parametrize(("code", "text"), [
    pytest.param(e["code"], t, id=f"{e['code']}-{i}")
    for e in FRAMES for i, t in enumerate(e["near_misses"])])
def test_near_miss_stays(code: str, text: str) -> None:
    assert tpl(text) == text


def _sentences() -> list[str]:
    lines = FIXTURE.read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_the_precision_set_is_large_and_varied() -> None:
    assert len(_sentences()) >= 200


def test_no_blank_in_complete_sentences() -> None:
    """A complete phrase is never touched: no blank (nor any slot) in our own complete sentences."""
    bad = []
    for line in _sentences():
        res = clean_text(line + "\n")
        if res.slots:
            bad.append((line, res.template))
    assert bad == []


def test_blanks_are_their_own_kind_and_variables() -> None:
    res = clean_text("会议应到代表72名，因病缺席 名，实到代表 名。\n")
    blanks = [s for s in res.slots if s["kind"] == "blank"]
    assert [s["name"] for s in blanks] == ["数量1", "数量2"]
    assert res.text == "会议应到代表72名，因病缺席 名，实到代表 名。\n"


def test_blanks_can_be_switched_off() -> None:
    assert tpl("申请人：年月日", Settings(blanks=False)) == "申请人：年月日"
    out = CliRunner().invoke(main, ["clean", "--no-blanks", "--format", "json", "-"],
                             input="因病缺席 名，实到 名。\n".encode())
    assert out.exit_code == 0
    assert json.loads(out.output)["slots"] == []
    out = CliRunner().invoke(main, ["clean", "-"], input="因病缺席 名，实到 名。\n".encode())
    assert "{{数量1}}" in out.output


def test_cleaning_a_template_again_keeps_its_blanks() -> None:
    first = clean_text("我全家口人，面积平方米。\n年 月 日\n").template
    assert "{{数量1}}" in first and "{{年份}}" in first
    assert clean_text(first).template == first


def test_a_blank_never_touches_a_slot() -> None:
    assert tpl("x年x月日") == "{{年份}}年{{月份}}月日"


def test_hostile_runs_stay_fast() -> None:
    import time

    page = (" " * 20000 + "年") + "\n" + ("缺席" + " " * 20000 + "x") + "\n" + "在的" * 5000 + "\n"
    t0 = time.perf_counter()
    clean_text(page)
    assert time.perf_counter() - t0 < 5
