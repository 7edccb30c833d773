"""Splitting a compilation page into one cleaned file per article."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanwen_clean import RuleBook
from fanwen_clean.cli import main
from fanwen_clean.compilation import is_article_title
from fanwen_clean.settings import Settings
from fanwen_clean.split import Article, split_page

PAGE = "\n\n".join([
    "当前位置：首页 > 演讲稿 > 励志演讲",
    "关于青春的演讲稿（精选3篇）",
    "作者：佚名  来源：网络",
    "演讲稿是人们在工作和社会生活中经常使用的一种文体，小编为大家整理了几篇青春演讲稿范文，希望对大家有所帮助。",
    "关于青春的演讲稿篇一",
    "青春是一首激昂的歌，它需要我们用汗水和奋斗去谱写，用坚持和热爱去传唱。",
    "让我们珍惜时光，努力学习，不负韶华，不负自己。",
    "关于青春的演讲稿篇二",
    "有人说青春是一场远行，我们带着梦想出发，在风雨中成长，在磨砺中坚强。",
    "第3篇：青春/奋斗",
    "奋斗是青春最亮丽的底色，只有奋斗的青春才是无悔的青春，才能留下美好的回忆。",
    "免费下载这篇文档",
]) + "\n"


def test_split_page_into_articles():
    arts = split_page(PAGE.encode("utf-8"), "page.txt", RuleBook(), Settings(), fmt="text")
    assert [a.title for a in arts] == ["关于青春的演讲稿篇一", "关于青春的演讲稿篇二", "第3篇：青春/奋斗"]
    assert [a.index for a in arts] == [1, 2, 3]
    assert arts[0].text.startswith("关于青春的演讲稿篇一\n")
    assert "不负韶华" in arts[0].text and "远行" not in arts[0].text
    assert "远行" in arts[1].text
    assert "奋斗是青春最亮丽的底色" in arts[2].text
    for a in arts:
        assert "下载" not in a.text and "小编" not in a.text and "作者" not in a.text


def test_filenames_are_safe_and_numbered():
    assert Article(3, "第3篇：青春/奋斗", "").filename == "03-第3篇：青春_奋斗.txt"
    assert Article(1, "", "").filename == "01-article.txt"


def test_page_without_articles_is_one_file():
    text = "秋季运动会开幕词\n\n老师们、同学们：金秋十月，我们迎来了学校一年一度的秋季运动会。\n"
    arts = split_page(text.encode("utf-8"), "p.txt", RuleBook(), Settings(), fmt="text")
    assert len(arts) == 1 and arts[0].title == "秋季运动会开幕词"


def test_split_command_writes_files(tmp_path: Path, runner):
    src = tmp_path / "page.txt"
    src.write_bytes(PAGE.encode("gb18030"))
    out = tmp_path / "out"
    res = runner.invoke(main, ["split", str(src), "--out-dir", str(out), "--format", "text"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01-关于青春的演讲稿篇一.txt", "02-关于青春的演讲稿篇二.txt", "03-第3篇：青春_奋斗.txt"]
    assert "远行" in (out / names[1]).read_text("utf-8")
    assert res.output.split() == [str(out / n) for n in names]


def test_split_command_reports_bad_input(tmp_path: Path, runner):
    src = tmp_path / "bin.txt"
    src.write_bytes(b"\x00\x01\x02" * 100)
    res = runner.invoke(main, ["split", str(src), "--out-dir", str(tmp_path / "o")])
    assert res.exit_code == 3


@pytest.mark.parametrize(("line", "title"), [
    ("【篇一】我的梦想", True), ("篇二：青春", True), ("范文1：述职报告", True), ("【范例一】", True),
    ("第一篇 我的家乡", True), ("读书心得篇一", True), ("述职报告(篇三)", True),
    ("年终总结范文（二）", True), ("会议纪要范本(3)", True), ("我写的范文（草稿）", False),
    ("（一）工作目标", False), ("一、总体要求", False), ("我们读了第一篇文章。", False), ("这是第1篇", False),
])
def test_article_titles(line, title):
    assert is_article_title(line) is title


def test_split_refuses_a_page_over_the_input_limit(tmp_path: Path, runner, monkeypatch):
    monkeypatch.setenv("FANWEN_CLEAN_MAX_INPUT_MB", "1")
    src = tmp_path / "huge.txt"
    src.write_bytes(PAGE.encode("utf-8") * 2000)
    res = runner.invoke(main, ["split", str(src), "--out-dir", str(tmp_path / "o")])
    assert res.exit_code == 3
    assert "huge.txt" in res.output and "input limit" in res.output
    assert not (tmp_path / "o").exists()


def test_split_names_the_target_it_cannot_write(tmp_path: Path, runner):
    src = tmp_path / "page.txt"
    src.write_text(PAGE, "utf-8")
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a directory", "utf-8")
    res = runner.invoke(main, ["split", str(src), "--out-dir", str(blocker / "sub")])
    assert res.exit_code == 3 and "cannot write" in res.output and "taken" in res.output
    assert blocker.read_text("utf-8") == "a file, not a directory"


def test_a_compilation_with_bare_separator_labels_is_split(tmp_path: Path, runner):
    page = "\n\n".join([
        "关于读书的心得体会", "第一篇：", "读书让我成长",
        "书是人类进步的阶梯，我每天都坚持阅读半小时，收获很多。",
        "第二篇：", "在书中遇见更好的自己",
        "读书使人明智，我在阅读中学会了思考，也学会了与人交流。",
    ]) + "\n"
    src = tmp_path / "page.txt"
    src.write_text(page, "utf-8")
    res = runner.invoke(main, ["split", str(src), "--out-dir", str(tmp_path / "o"), "--format", "text"])
    assert res.exit_code == 0, res.output
    assert len(list((tmp_path / "o").iterdir())) == 2
