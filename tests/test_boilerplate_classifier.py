"""Metadata lines judged as a whole, and the line classifier's precision guards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fanwen_clean import RuleBook
from fanwen_clean.document import Document
from fanwen_clean.settings import Settings
from fanwen_clean.stages import boilerplate, normalize, segment, t2s

TITLE = "社区志愿服务工作总结"
BODY1 = "今年以来，我们社区组织志愿者开展了环境整治、助老助残和文明劝导等活动，受到居民好评。"
BODY2 = "明年我们将继续组织志愿者开展各项活动，为居民办好事、办实事，把服务做得更细更实。"


def clean(text: str) -> list[str]:
    doc = Document.from_text(text)
    for stage in (normalize, t2s, segment, boilerplate):
        doc = stage.run(doc, RuleBook(), Settings())
    return [line.text for line in doc.lines if line.text]


def header(line: str) -> list[str]:
    return clean("\n\n".join([TITLE, line, BODY1, BODY2]) + "\n")


@pytest.mark.parametrize("line", [
    "时间：2022-10-23 08:00:00 工作总结",  # fields plus one category word
    "发布时间：2021-03-04 09:12 投稿",  # … or a button word
    "编辑：小林 识别码：17-330522 来源：网络",  # an unknown key beside known ones
    "时间：2024-02-10人气：作者：佚名",  # fields glued together
    "- 页数：12 页",  # a space inside a value
    "文件大小：36 KB",
    "2023-08-04",  # a lone machine date in the header
    "发行时间：1998-05-20",
    "时间：",  # a key left without its value
    "网站编辑：周某",
])
def test_metadata_line_in_the_header_goes(line: str) -> None:
    assert header(line) == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("line", [
    "倡议书格式：",  # a heading that ends in a key word, no value
    "时间：2023年6月1日上午九点",  # a meeting notice: a Chinese date is no machine field
    "说明：",
])
def test_heading_and_notice_lines_in_the_header_stay(line: str) -> None:
    assert line in header(line)


def test_form_fields_in_the_body_stay() -> None:
    form = ["申请人：某某", "时间：2023-06-01", "地点：县政府三楼会议室"]
    out = clean("\n\n".join([TITLE, BODY1, *form, BODY2]) + "\n")
    assert all(f in out for f in form)


@pytest.mark.parametrize("line", ["本站推荐", "更多精彩内容", "网友评论"])
def test_classifier_removes_chrome_the_rules_leave(line: str) -> None:
    out = clean("\n\n".join([TITLE, BODY1, BODY2, line]) + "\n")
    assert out == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("line", [
    "参考文献",  # a heading made of words
    "三、下一步打算",  # a heading
    "各位居民朋友：",  # a salutation
    "男：尊敬的各位来宾",  # a speaker's turn
    "申请人：XXX",  # template text
    "述职人：{{姓名}}",
    "2023年12月8日",  # a date
    "某某社区居委会",  # an issuing body (Chinese words only)
    "“志愿服务，从我做起”",  # a quotation
])
def test_classifier_never_removes_body_shaped_lines_at_the_edge(line: str) -> None:
    assert line in clean("\n\n".join([TITLE, BODY1, BODY2, line]) + "\n")


def test_page_title_is_never_removed_by_the_classifier() -> None:
    out = clean("\n\n".join(["本站推荐阅读", BODY1, BODY2]) + "\n")
    assert out[0] == "本站推荐阅读"


def test_numpy_is_not_needed_at_run_time() -> None:
    code = ("import sys; from fanwen_clean import clean_text; "
            f"clean_text({TITLE + chr(10) * 2 + BODY1 + chr(10) * 2 + '本站推荐' + chr(10)!r}); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
