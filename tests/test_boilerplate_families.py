"""Explicit boilerplate families of issue 11: junk shapes (FW213), chrome blocks (FW214) and
the metadata, viewer and navigation lines they extend.  The texts are written for these tests."""

from __future__ import annotations

import pytest

from fanwen_clean import clean_text
from fanwen_clean.stages.boilerplate import garbage

BODY = "今年我们围绕中心工作，组织开展了多项活动，取得了较好的成效，得到了群众的认可。"


def _removed(line: str, before: str = "年度工作总结\n\n", after: str = "\n\n" + BODY + "\n") -> bool:
    return line not in clean_text(before + line + after).text


@pytest.mark.parametrize("run", ["凳屿窟蔗秤嘹舵浊靴翎蝉琼拌瀑氨", "鳗拧枷蔼瞪涮肴惦捎晾篓缕脐"])
def test_random_runs_are_found(run: str) -> None:
    assert garbage.random_runs("文件编号 " + run) == [(5, 5 + len(run))]


@pytest.mark.parametrize("prose", [
    "各位老师同学们大家好今天我们在这里隆重集会",
    "成吉思汗之孙忽必烈在锡林郭勒草原上建立都城",  # names and rare words still hold common ones
    "的" * 40,  # one character repeated is no random draw
])
def test_prose_runs_are_not_random(prose: str) -> None:
    assert garbage.random_runs(prose) == []


def test_random_run_is_cut_and_the_rest_of_the_line_stays() -> None:
    out = clean_text(BODY + "凳屿窟蔗秤嘹舵浊靴翎蝉琼拌瀑氨\n").text
    assert out == BODY + "\n"


@pytest.mark.parametrize(("line", "junk"), [
    ("ㄗ珨ㄘ羲芛﹝", True),
    ("。ㄓ衄┓湮。", True),
    ("┃ 姓名 ┃ 年龄 ┃", False),  # a table row draws with box pieces, no bopomofo
    ("ㄅㄆㄇㄈ", False),  # bopomofo alone (a phonetics lesson) holds no Chinese character
    ("一、开头要简明扼要", False),
])
def test_mojibake_lines(line: str, junk: bool) -> None:
    assert garbage.mojibake(line) is junk
