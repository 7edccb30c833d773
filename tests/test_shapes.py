"""Named shapes: one definition each, usable by name (``{DATETIME}``) in any rule file's patterns."""

from __future__ import annotations

from pathlib import Path

import regex

from fanwen_clean import RuleBook
from fanwen_clean.shapes import DATETIME, NAMES, PAGE_COUNTER, expand, is_han


def test_is_han_is_the_han_property() -> None:
    assert is_han("中") and is_han("〇") and is_han("𠀀")
    assert not is_han("，") and not is_han("a") and not is_han("")


def test_timestamp_and_page_counter() -> None:
    assert DATETIME.search("发布于2023-04-05 08:09:10") and not DATETIME.search("2023年4月5日上午")
    assert PAGE_COUNTER.search("第2页共7页") and PAGE_COUNTER.search("共 7 页 / 第 2 页")
    assert not PAGE_COUNTER.search("第2页的内容")


def test_expand_writes_every_name_out() -> None:
    for name, pattern in NAMES.items():
        assert expand("^{" + name + "}$") == f"^(?:{pattern})$"
    assert expand("{NOT_A_SHAPE}") == "{NOT_A_SHAPE}"


def test_a_user_rule_file_refers_to_a_shape_by_name(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[[warning]]\ncode = "FW999"\nkind = "section"\ndescription = "x"\npattern = \'^{DATETIME}$\'\n',
        encoding="utf-8")
    entry = next(e for e in RuleBook.with_user([tmp_path]).family("warning") if e["code"] == "FW999")
    assert regex.search(entry["pattern"], "2021-03-04 10:20")
