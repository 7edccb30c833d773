"""The rules directory is found wherever the package is installed, and user rules add to it."""

from __future__ import annotations

from pathlib import Path

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.rules import default_rules_dir


def test_shipped_rules_are_found() -> None:
    d = default_rules_dir()
    assert (d / "codes.toml").is_file()
    assert any(p.suffix == ".toml" for p in d.iterdir())


def test_rules_command_shows_location(runner) -> None:
    from fanwen_clean.cli import main

    res = runner.invoke(main, ["rules"])
    assert res.exit_code == 0
    assert str(default_rules_dir()) in res.output
    assert "FW101" in res.output


def test_user_code_file_is_merged(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[[code]]\ncode = "FW999"\ndescription = "a user rule"\nexamples = []\n', "utf-8")
    book = RuleBook.with_user([extra])
    codes = {e["code"] for e in book.family("code")}
    assert {"FW101", "FW999"} <= codes


def test_trailing_newline_is_not_a_change() -> None:
    res = clean_text("第一段。\n\n第二段。\n")
    assert res.text == "第一段。\n\n第二段。\n"
    assert res.changes == []
