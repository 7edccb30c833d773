"""--select/--ignore by code prefix, and the inline markers that protect lines of a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fanwen_clean import clean_text
from fanwen_clean.cli import main
from fanwen_clean.decode import decode
from fanwen_clean.document import Change, Document, Finding, Line
from fanwen_clean.gating import gate, protections
from fanwen_clean.settings import Settings

# FW104 (indentation, trailing spaces), FW410 (half-width commas), FW416 (a final '.')
MESSY = "各位同事：\n  今年的工作,取得了新的进展,感谢大家.  \n明年继续努力,再创佳绩。\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def codes(result) -> set[str]:
    return {c["rule"] for c in result.changes}


def test_settings_allow_by_prefix_and_the_more_specific_prefix_wins():
    s = Settings(select=("FW4",), ignore=("FW41",))
    assert s.allows("FW401") and not s.allows("FW410") and not s.allows("FW104")
    s = Settings(select=("FW410",), ignore=("FW4",))
    assert s.allows("FW410") and not s.allows("FW416")
    assert not Settings(select=("FW4",), ignore=("FW4",)).allows("FW401")  # a tie ignores
    assert Settings().allows("FW999") and not Settings(ignore=("FW",)).allows("FW101")
    with pytest.raises(ValueError):
        Settings(ignore=("W4",))


def test_ignore_leaves_those_edits_unmade():
    full = clean_text(MESSY)
    assert {"FW104", "FW410"} <= codes(full)
    kept = clean_text(MESSY, settings=Settings(ignore=("FW4",)))
    assert not any(c.startswith("FW4") for c in codes(kept))
    assert "今年的工作,取得了新的进展,感谢大家." in kept.template  # commas and stop as written
    assert "  今年" not in kept.template  # indentation still fixed


def test_select_makes_only_those_edits():
    only = clean_text(MESSY, settings=Settings(select=("FW41",)))
    assert codes(only) and all(c.startswith("FW41") for c in codes(only))
    assert "  今年的工作，取得了新的进展，" in only.template  # indentation left as it was


def test_an_unchanged_default_run_is_not_gated():
    assert clean_text(MESSY).template == clean_text(MESSY, settings=Settings(ignore=("FW8",))).template


def test_cli_select_and_ignore_for_clean_and_check(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(MESSY, "utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["clean", "--ignore", "FW410,FW416", str(page)]).stdout
    assert "," in out and "  今年" not in out
    res = runner.invoke(main, ["check", "--output-format", "full", "--select", "fw104", str(page)])
    assert res.exit_code == 1 and {ln.split()[1] for ln in res.stdout.splitlines()} == {"FW104"}
    res = runner.invoke(main, ["check", "--ignore", "FW", str(page)])
    assert res.exit_code == 0 and res.stdout == ""
    res = runner.invoke(main, ["clean", "--select", "X1", str(page)])
    assert res.exit_code == 2 and "X1" in res.stderr


# ---------------------------------------------------------------- the generic mechanism


def _doc(*texts: str) -> Document:
    return Document(lines=tuple(Line(t, i) for i, t in enumerate(texts, 1)))


def test_gate_undoes_only_the_group_of_a_switched_off_edit():
    before = _doc("甲,乙", "丙", "丁,戊")
    # one stage: joins line 2 into line 1 (FW301) and fixes a comma on line 3 (FW410)
    after = before.evolve(lines=[Line("甲,乙丙", 1), Line("丁，戊", 3)],
                          changes=[Change("FW301", "rewrap", 1, "甲,乙|丙", "甲,乙丙"),
                                   Change("FW410", "punct", 3, "丁,戊", "丁，戊")],
                          warnings=[Finding("FW901", 3, "note")])
    out = gate(before, after, Settings(ignore=("FW3",)), {}, {})
    assert [ln.text for ln in out.lines] == ["甲,乙", "丙", "丁，戊"]
    assert [c.rule for c in out.changes] == ["FW410"] and [w.rule for w in out.warnings] == ["FW901"]
    out = gate(before, after, Settings(ignore=("FW9",)), {}, {})
    assert out.lines == after.lines and out.warnings == ()
    # a protection on line 2 stops the join that swallowed it, not the comma on line 3
    out = gate(before, after, Settings(), {2: ("FW3",)}, {})
    assert [ln.text for ln in out.lines] == ["甲,乙", "丙", "丁，戊"]


def test_gate_restores_a_deleted_protected_line():
    before = _doc("正文一", "本站广告", "正文二")
    after = before.evolve(lines=[Line("正文一", 1), Line("正文二", 3)],
                          changes=[Change("FW201", "boilerplate", 2, "本站广告", "")])
    out = gate(before, after, Settings(), {2: ("FW",)}, {})
    assert [ln.text for ln in out.lines] == ["正文一", "本站广告", "正文二"] and out.changes == ()


def test_markers_are_read_from_the_page():
    doc = _doc("一", "二 fanwen-clean: ignore FW4, FW201", "fanwen-clean: off", "三", "fanwen-clean: on",
               "四", "五 # fanwen-clean: ignore")
    shield = protections(doc)
    assert shield[2] == ("FW4", "FW201", "FW3")  # and never joined
    assert shield[3] == shield[4] == shield[5] == ("FW",)
    assert shield[7][0] == "FW"
    assert 1 not in shield and 6 not in shield


def test_ignore_marker_protects_its_line_and_is_kept():
    page = "各位同事：\n今年的工作,取得了进展。 fanwen-clean: ignore FW4\n明年继续努力,再创佳绩。\n"
    res = clean_text(page)
    lines = res.template.splitlines()
    assert lines[1] == "今年的工作,取得了进展。 fanwen-clean: ignore FW4"
    assert lines[2] == "明年继续努力，再创佳绩。"
    assert clean_text(res.template).template == res.template  # the marker still works on the output


def test_off_on_block_is_protected_from_everything():
    page = ("各位同事：\n"
            "fanwen-clean: off\n"
            "  第一行,半角逗号  \n"
            "\n\n\n"
            "20xx年的计划\n"
            "fanwen-clean: on\n"
            "  后面的,照常清理  \n")
    res = clean_text(page)
    assert "fanwen-clean: off\n  第一行,半角逗号  \n\n\n\n20xx年的计划\nfanwen-clean: on\n" in res.template
    assert res.template.endswith("后面的，照常清理\n")
    assert all(c["line"] not in range(2, 9) for c in res.changes)
    assert clean_text(res.template).template == res.template


def test_an_edit_a_stage_does_not_record_is_undone_in_an_off_block():
    before = _doc("甲", "", "", "乙")
    after = before.evolve(lines=[Line("甲", 1), Line("", 2), Line("乙", 4)])  # no Change for line 3
    assert gate(before, after, Settings(), {2: ("FW",), 3: ("FW",)}, {}).lines == before.lines
    assert gate(before, after, Settings(), {}, {}).lines == after.lines


def test_a_marker_the_stages_would_alter_is_kept():
    # the full-width colon rule would turn 'fanwen-clean: ignore' into 'fanwen-clean： ignore'
    page = "说明：fanwen-clean: ignore FW9\n"
    assert "fanwen-clean: ignore FW9" in clean_text(page).template


SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))


def _sample_text(path: Path) -> str:
    text, _ = decode(path.read_bytes(), str(path))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_a_whole_page_in_an_off_block_comes_back_as_it_was(sample):
    """Every stage, whatever it does, is held off by the generic mechanism."""
    wrapped = "fanwen-clean: off\n" + _sample_text(sample).rstrip("\n") + "\nfanwen-clean: on\n"
    res = clean_text(wrapped)
    assert res.text == wrapped and res.template == wrapped and res.changes == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_an_ignored_family_leaves_no_trace_on_any_sample(sample):
    text = _sample_text(sample)
    for family in ("FW1", "FW2", "FW3", "FW4", "FW5", "FW9"):
        res = clean_text(text, settings=Settings(ignore=(family,)))
        assert not [c for c in res.changes + res.warnings if c["rule"].startswith(family)], family
