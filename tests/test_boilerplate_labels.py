"""Stray labels known by their shape and neighbours (stages/boilerplate/labels.py, FW216-FW219).

Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from fanwen_clean import clean_text

BODY = "本学期我校将以防溺水、交通安全和食品安全为重点，开展形式多样的安全教育活动。"
MORE = "各班主任要利用班会课进行专题教育，并做好记录，学校将在期末进行检查。"


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def codes(text: str) -> set[str]:
    return {c["rule"] for c in clean_text(text).changes}


@pytest.mark.parametrize("tags", ["安全，计划，学校", "安全 学校 计划 工作", "计划,安全,学校,工作"])
def test_keyword_tags_drawn_from_the_title_go(tags: str) -> None:
    r = clean_text(page("学校安全工作计划", tags, BODY, MORE))
    assert tags not in r.text and BODY in r.text and "学校安全工作计划" in r.text
    assert "FW216" in {c["rule"] for c in r.changes}


@pytest.mark.parametrize("line", [
    "齐心，协力，谋发展",  # a slogan: its words are not the title's
    "陈立新、王海燕、李春生、赵一鸣",  # a list of names in the body
    "安全，计划",  # two words are no list of tags
])
def test_short_word_lists_that_are_not_tags_stay(line: str) -> None:
    assert line in clean_text(page("学校安全工作计划", BODY, line, MORE)).text


def test_a_subtitle_printed_again_is_no_tags() -> None:
    title = "驻村工作总结：同心，聚力，促振兴"
    assert "同心，聚力，促振兴" in clean_text(page(title, "同心，聚力，促振兴", BODY, MORE)).text


def test_a_separator_before_its_title_goes_and_an_article_title_stays() -> None:
    text = page("学校读书活动总结汇编", "第一篇：读书活动总结", "读书活动总结", BODY)
    r = clean_text(text)
    assert "第一篇" not in r.text and "FW217" in {c["rule"] for c in r.changes}
    other = page("学校读书活动总结汇编", "第一篇：读书活动总结", "◆活动掠影◆", BODY, MORE)
    assert "第一篇：读书活动总结" in clean_text(other).text  # no title repeated after it


def test_a_breadcrumb_goes_and_a_subtitle_stays() -> None:
    assert "FW218" in codes(page("安全教育的写法", BODY, "应用文写作——讲话稿", MORE))
    for line in ("珍爱生命——国旗下讲话稿", "公文写作——要点"):  # no site section / no genre
        assert line in clean_text(page("安全教育的写法", BODY, line, MORE)).text


def test_a_lone_ellipsis_goes_only_before_the_chrome_that_ends_a_preview() -> None:
    cut = clean_text(BODY + "\n" + MORE + "\n……\n展开\n")
    assert "……" not in cut.text and MORE in cut.text
    assert "FW219" in {c["rule"] for c in cut.changes}
    script = BODY + "\n……\n" + MORE + "\n"
    assert clean_text(script).text == script  # a mark in the middle of the text stays


def test_a_masked_word_and_an_underline_decoration_go_but_blanks_stay() -> None:
    out = clean_text(page("考核办法", "各科室 (略) 工作规程，积极参加单位组织的各项活动。", MORE)).text
    assert "略" not in out and "各科室工作规程" in out.replace(" ", "")
    assert "一、什么是总结" in clean_text(page("总结的写法", "一、__什么是总结", BODY)).text
    assert "（略）" in clean_text(page("考核办法", "附件：考核细则（略）", BODY)).text
