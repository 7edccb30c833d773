"""fill: render a template from a mapping or a clean report; the fill and slots commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fanwen_clean import clean_text
from fanwen_clean.cli import main
from fanwen_clean.fill import FillError, fill, slot_names

PAGE = "各位同志：\n20xx年，×××同志在市x局召开会议，x局全体参加。\n代码写作 {{ 与 {% 照原样。\n"


def test_fill_with_mapping() -> None:
    assert fill("{{年份}}年{{县名}}县\n", {"年份": "2024", "县名": "平安"}) == "2024年平安县\n"


def test_missing_slots_listed_together() -> None:
    with pytest.raises(FillError) as exc:
        fill("{{年份}}年{{县名}}县{{姓名}}", {"年份": "2024"})
    assert "县名" in str(exc.value) and "姓名" in str(exc.value)


def test_report_restores_page() -> None:
    res = clean_text(PAGE)
    assert "{{年份}}" in res.template and "{{单位名称}}" in res.template
    assert fill(res.template, res.as_dict()) == res.text


def test_report_with_several_originals_per_slot() -> None:
    res = clean_text("促进x创新，推动X事业，打好x工作。\n")
    assert fill(res.template, res.as_dict()) == res.text


def test_literal_openers_survive() -> None:
    res = clean_text(PAGE)
    rendered = fill(res.template, {n: n for n in slot_names(res.template)})
    assert "{{ 与 {% 照原样" in rendered


def test_report_without_originals_is_an_error() -> None:
    res = clean_text(PAGE)
    with pytest.raises(FillError):
        fill(res.template, res.as_dict(originals=False))


def test_slot_names_in_order() -> None:
    assert slot_names("{{年份}}年{{县名}}县{{年份}}") == ["年份", "县名"]


def test_fill_command_json_toml_and_report(runner, tmp_path: Path) -> None:
    tpl = tmp_path / "t.txt"
    tpl.write_text("{{年份}}年{{县名}}县\n", "utf-8")
    js = tmp_path / "v.json"
    js.write_text(json.dumps({"年份": "2024", "县名": "平安"}, ensure_ascii=False), "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(js)])
    assert res.exit_code == 0 and res.output == "2024年平安县\n"
    tm = tmp_path / "v.toml"
    tm.write_text('"年份" = "2025"\n"县名" = "长乐"\n', "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(tm)])
    assert res.exit_code == 0 and res.output == "2025年长乐县\n"
    tm.write_text('"年份" = "2025"\n', "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(tm)])
    assert res.exit_code == 2 and "县名" in res.output


def test_fill_command_with_clean_report(runner, tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(PAGE, "utf-8")
    rep = runner.invoke(main, ["clean", "--format", "json", str(page)])
    assert rep.exit_code == 0
    report = tmp_path / "r.json"
    report.write_text(rep.output, "utf-8")
    obj = json.loads(rep.output)
    tpl = tmp_path / "t.txt"
    tpl.write_text(obj["template"], "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(report)])
    assert res.exit_code == 0 and res.output == obj["text"]


def test_slots_command(runner, tmp_path: Path) -> None:
    tpl = tmp_path / "t.txt"
    tpl.write_text("{{年份}}年{{县名}}县，{{年份}}年\n", "utf-8")
    res = runner.invoke(main, ["slots", str(tpl)])
    assert res.exit_code == 0 and res.output == "年份\t2\n县名\t1\n"
    res = runner.invoke(main, ["slots", "--json", str(tpl)])
    assert json.loads(res.output) == [{"name": "年份", "count": 2}, {"name": "县名", "count": 1}]


def test_invalid_template_is_a_clear_error(runner, tmp_path: Path) -> None:
    with pytest.raises(FillError, match="line 1"):
        fill("{{年份", {"年份": "2024"})
    bad = tmp_path / "bad.txt"
    bad.write_text("{% if %}\n", "utf-8")
    res = runner.invoke(main, ["slots", str(bad)])
    assert res.exit_code == 2 and "not a valid template" in res.output


def test_non_string_values_are_rendered() -> None:
    assert fill("共{{数量}}人", {"数量": 12}) == "共12人"
