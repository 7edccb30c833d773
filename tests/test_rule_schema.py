"""User rule files are checked in full before any page is touched; user patterns time out."""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

import pytest
import regex

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.cli import main
from fanwen_clean.rule_schema import check_file
from fanwen_clean.rules import RuleError, default_rules_dir

BROKEN = {  # case: (file, what the error says)
    "bad TOML": ('[[boilerplate]]\npattern = "unterminated\n', "cannot load"),
    "bad regex": ('[[boilerplate]]\npattern = "(未闭合"\n', "not a valid regular expression"),
    "wrong kind": ('[[boilerplate]]\nkind = "lines"\npattern = "广告"\n', "must be one of"),
    "wrong type": ('[[boilerplate]]\npattern = "广告"\nmax_len = "长"\n', "must be an integer"),
    "unknown key": ('[[boilerplate]]\npattern = "广告"\npatern = "x"\n', "unknown key 'patern'"),
    "misspelt section": ('[[boilerplat]]\npattern = "广告"\n', "did you mean [[boilerplate]]"),
    "not an array": ('[boilerplate]\ncode = "FW299"\n', "array of tables"),
    "missing pattern": ('[[boilerplate]]\ncode = "FW299"\n', "needs 'pattern' or 'line'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_rule_file_is_one_usage_error(case: str, tmp_path: Path, runner) -> None:
    text, expected = BROKEN[case]
    rules = tmp_path / "bad.toml"
    rules.write_text(text, "utf-8")
    page = tmp_path / "p.txt"
    page.write_text("  今年的工作。\n", "utf-8")
    before = page.read_bytes()
    res = runner.invoke(main, ["clean", "--in-place", "--rules", str(rules), str(page)])
    assert res.exit_code == 2, res.output
    assert expected in res.output and "bad.toml" in res.output
    assert "internal error" not in res.output and "Traceback" not in res.output
    assert page.read_bytes() == before  # no page touched
    res = runner.invoke(main, ["rules", "--rules", str(rules)])
    assert res.exit_code == 2 and expected in res.output
    assert "Traceback" not in res.output


def test_entry_is_named(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[[boilerplate]]\ncode = "FW201"\npattern = "甲"\n\n'
                     '[[boilerplate]]\ncode = "FW298"\npattern = "乙"\nregoin = "edge"\n', "utf-8")
    with pytest.raises(RuleError, match=r"#2 \(FW298\): unknown key 'regoin' \(did you mean 'region'\?\)"):
        RuleBook.with_user([rules])


def test_shipped_rules_follow_the_schema() -> None:
    for f in sorted(default_rules_dir().rglob("*.toml")):
        assert check_file(str(f), tomllib.loads(f.read_text("utf-8"))) == []


def test_a_valid_user_file_is_accepted(tmp_path: Path) -> None:
    rules = tmp_path / "ok.toml"
    rules.write_text('[[boilerplate]]\nkind = "line"\npattern = "^本页由某某整理$"\n', "utf-8")
    book = RuleBook.with_user([rules])
    assert "本页由某某整理" not in clean_text("本页由某某整理\n今年我们做了很多工作。\n", rules=book).text


@pytest.mark.parametrize("pattern", ["(a|aa)+$", r"(?:\p{Han}|\p{Han}\p{Han})+$"])
def test_catastrophic_user_pattern_times_out_and_is_named(pattern: str, tmp_path: Path, runner,
                                                          monkeypatch) -> None:
    """Each pattern takes hours on a 61-character line without the time limit."""
    monkeypatch.setattr(sys.modules["fanwen_clean.regex_guard"], "TIMEOUT", 0.3)
    rules = tmp_path / "slow.toml"
    rules.write_text(f"[[punct]]\ncode = \"FW497\"\npattern = '{pattern}'\nreplace = 'x'\n", "utf-8")
    page = tmp_path / "p.txt"
    line = "a" * 60 + "!" if pattern.startswith("(a") else "的" * 60 + "!"
    page.write_text(f"今年的工作总结如下。\n{line}\n", "utf-8")
    t = time.monotonic()
    res = runner.invoke(main, ["clean", "--jobs", "1", "--rules", str(rules), str(page)])
    assert time.monotonic() - t < 20
    assert res.exit_code == 3
    assert "FW497" in res.output and "slow.toml" in res.output and "more than" in res.output
    assert "internal error" not in res.output


ADVERSARIAL = ["a" * 3000 + "!", "的" * 3000 + "!", "1" * 3000 + "x", " " * 3000 + "。",
               "第一" * 1500 + "\u3000", "（" * 1500 + "）" * 1400, "x" * 3000 + "@"]


def test_shipped_patterns_are_not_catastrophic() -> None:
    seen = set()
    for f in sorted(default_rules_dir().rglob("*.toml")):
        for entries in tomllib.loads(f.read_text("utf-8")).values():
            for e in entries:
                for key in ("pattern", "prefilter", "before", "after", "history", "requires"):
                    p = e.get(key)
                    if isinstance(p, str) and p not in seen:
                        seen.add(p)
                        pat = regex.compile(p, regex.M)
                        for s in ADVERSARIAL:
                            try:
                                pat.search(s, timeout=1.0)
                            except TimeoutError:
                                pytest.fail(f"{f.name}: {e.get('code')}: {key} slow on {s[:10]!r}…")
    assert len(seen) > 50
