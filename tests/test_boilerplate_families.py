"""Explicit boilerplate families of issue 11: junk shapes (FW213), chrome blocks (FW214) and
the metadata, viewer and navigation lines they extend.  The texts are written for these tests."""

from __future__ import annotations

import pytest

from fanwen_clean import clean_text
from fanwen_clean.document import Line
from fanwen_clean.stages.boilerplate import blocks, garbage

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


# ---------------------------------------------------------------- FW214 blocks
def test_numbered_disclaimers_between_chrome_lines_go() -> None:
    page = ("上传文档赚钱\n【下载声明】\n"
            "1. 本站全部文档均为网友上传，请谨慎下单，一旦售出，不予退换。\n"
            "2. 请根据预览情况，自愿下载本文，本站不保证资源的完整性。\n"
            "资源描述：\n\n年度工作总结\n\n" + BODY + "\n")
    out = clean_text(page).text
    assert "不予退换" not in out and "自愿下载" not in out and BODY in out and "年度工作总结" in out


def test_numbered_items_in_the_body_stay() -> None:
    page = ("年度工作总结\n\n" + BODY + "\n1. 加强学习，本站全部同志都要参加培训，做到人人过关。\n"
            "2. 改进作风，深入基层一线，帮助群众解决实际困难。\n" + BODY + "\n")
    assert "本站全部同志" in clean_text(page).text


def test_the_value_of_an_empty_label_goes_with_it() -> None:
    page = "年度工作总结\n关 键 词：\n总结 年度 计划 通用\n资源描述：\n\n" + BODY + "\n"
    out = clean_text(page).text
    assert "总结 年度" not in out and "年度工作总结" in out


def test_a_title_after_an_empty_label_stays() -> None:
    page = "来自：\n社区志愿服务工作总结\n\n" + BODY + "\n"
    assert "社区志愿服务工作总结" in clean_text(page).text


def test_truncation_mark_at_the_end_of_a_preview() -> None:
    cut_off = BODY + "下一步我们将继续加强学习，进一步提高服务群众的能力和水平，努力把各项工作"
    assert clean_text(cut_off + "...\n").text == cut_off + "\n"
    lone = "年度工作总结\n\n" + BODY + "\n……\n"
    assert clean_text(lone).text == lone  # a lone mark stays: FW904 reports the missing text


def test_a_short_line_ending_in_dots_is_not_cut() -> None:
    texts = [BODY, "我们等啊等……"]
    lines = tuple(Line(t, n + 1) for n, t in enumerate(texts))
    removed: dict[int, str] = {}
    assert blocks.cut_truncation(texts, removed, lines, []) == set()
    assert texts[1] == "我们等啊等……" and not removed


def test_a_doubted_paragraph_after_the_chrome_run_stays() -> None:
    first = "读书心得范文大全【读书心得一】近年来，读书的重要性得到了越来越多的人的认识和重视。"
    page = "读书心得\n- 格式：doc\n- 大小：20 KB\n" + first + "\n" + BODY + "\n" + BODY + "\n"
    out = clean_text(page).text
    assert "读书的重要性得到了越来越多的人的认识和重视" in out and "格式" not in out


@pytest.mark.parametrize("line", ["fabu2023-05-06  0", "- 文档页数：5", "网站导航", "首页",
                                  "2023年09月04日 星期一 农历 癸卯年七月二十"])
def test_header_chrome_lines(line: str) -> None:
    assert _removed(line)


def test_a_column_tag_on_the_first_line_goes() -> None:
    out = clean_text("【评优评先】实验小学优秀教师推荐情况报告\n\n" + BODY + "\n").text
    assert out.startswith("实验小学优秀教师推荐情况报告\n")


def test_an_article_number_on_the_first_line_stays() -> None:
    out = clean_text("【篇一】实验小学优秀教师推荐情况报告\n\n" + BODY + "\n").text
    assert out.startswith("【篇一】")


def test_a_tag_alone_on_the_first_line_is_no_column_tag() -> None:
    assert clean_text("【范例】\n\n" + BODY + "\n").text.startswith("【范例】")


@pytest.mark.parametrize(("title", "clean"), [("春节团拜会致辞(2)", "春节团拜会致辞"),
                                              ("春节团拜会致辞_第3页", "春节团拜会致辞"),
                                              ("春节团拜会致辞（精选）", "春节团拜会致辞"),
                                              ("春节团拜会致辞（二）", "春节团拜会致辞（二）")])
def test_a_page_number_after_the_title_goes(title: str, clean: str) -> None:
    assert clean_text(title + "\n\n" + BODY + "\n").text.startswith(clean + "\n")


@pytest.mark.parametrize(("header", "gone"), [
    ("单位文书管理制度\n\n单位文书管理制度5\n", "单位文书管理制度5"),
    ("党课讲稿 党精神力量\n\n党课讲稿：党的精神力量\n", "党课讲稿 党精神力量\n"),
])
def test_a_near_copy_of_the_title_goes(header: str, gone: str) -> None:
    out = clean_text(header + "\n" + BODY + "\n").text
    assert gone not in out and BODY in out


def test_numbered_titles_in_the_header_stay() -> None:
    page = "读书心得\n\n读书心得1\n\n读书心得2\n\n" + BODY + "\n"
    out = clean_text(page).text
    assert "读书心得1" in out and "读书心得2" in out


def test_a_section_name_named_by_the_breadcrumb_goes() -> None:
    page = "学校新闻\n首页 > 学校新闻\n秋季运动会圆满落幕\n\n" + BODY + "\n"
    out = clean_text(page).text
    assert "学校新闻" not in out and out.startswith("秋季运动会圆满落幕")


def test_a_title_named_by_the_breadcrumb_stays() -> None:
    page = "首页 > 工作总结 > 社区志愿服务工作总结\n社区志愿服务工作总结\n\n" + BODY + "\n"
    assert clean_text(page).text.startswith("社区志愿服务工作总结")


def test_an_article_title_after_an_empty_label_stays() -> None:
    page = "贺信写法（精选2篇）\n时间：\n贺信范文 篇1\n某某公司：\n" + BODY + "\n"
    assert "贺信范文 篇1" in clean_text(page).text


def test_a_table_header_row_is_no_menu() -> None:
    page = "项目 | 正式型 | 简洁型 | 非正式型 |\n|---|---|---|---|\n" + BODY + "\n"
    assert "非正式型" in clean_text(page).text


def test_a_spam_code_glued_to_a_title_printed_again_goes() -> None:
    title = "关于做好暑期学生安全教育工作的通知"
    out = clean_text(f"qw2088星河{title}\n{title}\n{BODY}\n").text
    assert "qw2088" not in out and "星河" not in out and title in out
    issuer = f"东山区教育局{title}"  # an issuer before the title: no letters and digits
    assert issuer in clean_text(f"{issuer}\n{title}\n{BODY}\n").text
    alone = f"qw2088星河{title}"  # no second copy of the title: nothing to compare with
    assert alone in clean_text(f"{alone}\n{BODY}\n").text
