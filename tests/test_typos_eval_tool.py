"""tools/typo_eval.py: the edit of a change, folding, and a page report on a page of our own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_TOOL = Path(__file__).parent.parent / "tools" / "typo_eval.py"
_SPEC = importlib.util.spec_from_file_location("typo_eval", _TOOL)
typo_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(typo_eval)


def test_edit_is_the_changed_part():
    assert typo_eval.edit("要统1思想", "要统一思想") == ("1", "一")
    assert typo_eval.edit("秋季秋季运动", "秋季运动") == ("秋季", "")


def test_fold_simplified_half_width():
    assert typo_eval.fold("發言？ 稿") == "发言?稿"


def test_page_report(tmp_path):
    page = tmp_path / "901.txt"
    page.write_text("听到喜讯，大家心潮澎拜。\n大家慢慢的走了过去。\n", "utf-8")
    pairs = [("心潮澎拜", "心潮澎湃"), ("吃饭", "吃饭了")]
    report = typo_eval.page_report(page, pairs)
    assert report["fixed"] == [("心潮澎拜", "心潮澎湃")]
    assert report["missed"] == [("吃饭", "吃饭了")]
    assert report["unasked"] == [("的", "地")]  # a fix the annotations do not list
