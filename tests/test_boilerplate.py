"""Boilerplate stage: every rule's examples and near misses, structural cues, noise removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanwen_clean import RuleBook
from fanwen_clean.document import Document
from fanwen_clean.settings import Settings
from fanwen_clean.stages import boilerplate, normalize, segment, t2s
from fanwen_clean.stages.boilerplate import core

TITLE = "年度工作总结"
BODY1 = "今年以来，我们紧紧围绕中心工作，认真履行岗位职责，各项任务完成得比较顺利。"
BODY2 = "明年我们将继续加强学习，改进工作方法，努力把各项工作做得更好、更扎实。"
SETTINGS = Settings()
BOOK = RuleBook()


def clean(text: str, book: RuleBook = BOOK) -> Document:
    doc = Document.from_text(text)
    for stage in (normalize, t2s, segment, boilerplate):
        doc = stage.run(doc, book, SETTINGS)
    return doc


def lines_of(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def _entries(kinds: tuple[str, ...]) -> list[tuple[str, dict]]:
    out = []
    for e in BOOK.family("boilerplate"):
        if e.get("kind", "line") in kinds and "boilerplate.toml" in e["_source"]:
            out.append((f"{e['code']} {e['description'][:30]}", e))
    return out


def _cases(kinds: tuple[str, ...], key: str) -> list:
    return [pytest.param(e, x, id=f"{name} | {x if isinstance(x, str) else x[0]}")
            for name, e in _entries(kinds) for x in e.get(key, [])]


def test_every_rule_has_examples():
    for name, e in _entries(("line", "search", "field", "inline", "filler", "site")):
        assert e.get("examples"), f"{name}: no examples"
        assert e["code"].startswith("FW2"), name


@pytest.mark.parametrize(("entry", "example"), _cases(("line", "search", "field"), "examples"))
def test_line_rule_removes_its_examples(entry, example):
    doc = clean(page(TITLE, example, BODY1, BODY2))
    out = lines_of(doc)
    assert core(example) not in [core(t) for t in out]
    assert not any(core(example) in t for t in out if t not in (TITLE, BODY1, BODY2))
    assert out[0] == TITLE and BODY1 in out and BODY2 in out
    assert any(c.rule.startswith("FW2") and c.after == "" for c in doc.changes)


@pytest.mark.parametrize(("entry", "keep"), _cases(("line", "search", "field", "filler"), "keep"))
def test_near_misses_in_the_body_stay(entry, keep):
    out = lines_of(clean(page(TITLE, BODY1, keep, BODY2)))
    assert keep in out


@pytest.mark.parametrize(("entry", "pair"), _cases(("inline", "site"), "examples"))
def test_inline_rule_cuts_only_the_noise(entry, pair):
    before, after = pair
    out = lines_of(clean(page(TITLE, BODY1, before, BODY2)))
    assert after in out


@pytest.mark.parametrize(("entry", "keep"), _cases(("inline", "site"), "keep"))
def test_inline_near_misses_stay(entry, keep):
    out = lines_of(clean(page(TITLE, BODY1, keep, BODY2)))
    assert keep in out


@pytest.mark.parametrize(("entry", "example"), _cases(("filler",), "examples"))
def test_filler_intro_is_removed(entry, example):
    out = lines_of(clean(page(TITLE, example, BODY1, BODY2)))
    assert example not in out
    assert BODY1 in out and BODY2 in out


def _code_examples() -> list:
    out = []
    for e in BOOK.family("code"):
        if "boilerplate.toml" in e["_source"]:
            out += [pytest.param(*ex, id=e["code"]) for ex in e.get("examples", []) if isinstance(ex, list)]
    return out


@pytest.mark.parametrize(("before", "after"), _code_examples())
def test_code_rule_examples(before, after):
    assert clean(before).text + "\n" == after


# ------------------------------------------------------------------ precision


@pytest.mark.parametrize("sentence", [
    "同学们可以从学校网站下载报名表，填好后交给班主任。",
    "作者在书中讲述了一个普通工人三十年如一日坚守岗位的故事。",
    "本文由三个部分组成：一是基本情况，二是存在问题，三是下一步打算。",
    "我们要畅通举报渠道，及时回应群众关切。",
])
def test_body_sentences_that_mention_chrome_words_stay(sentence):
    out = lines_of(clean(page(TITLE, BODY1, sentence, BODY2)))
    assert sentence in out


def test_doubtful_line_is_kept_with_a_warning():
    text = page(TITLE, BODY1, "他为群众代写书信，二十年如一日。", BODY2)
    doc = clean(text)
    assert "他为群众代写书信，二十年如一日。" in lines_of(doc)
    assert any(w.rule == "FW920" for w in doc.warnings)


def test_header_metadata_block():
    text = page("首页 > 工作总结 > 年终总结", TITLE, "发布时间：2022-01-05 09:12:33  浏览：1024",
                "作者：佚名  来源：网络", "【收藏】【打印】【关闭】", BODY1, BODY2,
                "上一篇：季度工作总结", "下一篇：半年工作总结", "相关推荐", "本文地址：https://demo-site.cn/a/9.html")
    assert lines_of(clean(text)) == [TITLE, "", BODY1, "", BODY2]


def test_signature_date_and_form_fields_stay():
    text = page(TITLE, BODY1, BODY2, "某某县教育局", "2023年6月1日")
    assert lines_of(clean(text))[-3:] == ["某某县教育局", "", "2023年6月1日"]
    form = page(TITLE, BODY1, "时间：2023年6月1日上午九点", "地点：县政府三楼会议室", BODY2)
    out = lines_of(clean(form))
    assert "时间：2023年6月1日上午九点" in out and "地点：县政府三楼会议室" in out


def test_user_name_beside_timestamp_goes():
    text = page(TITLE, "editor072023-02-11 10:20:30", BODY1, BODY2)
    assert lines_of(clean(text)) == [TITLE, "", BODY1, "", BODY2]


def test_jammer_on_own_lines_and_glued():
    text = "\n".join([TITLE, "k3 W% a! |( ^# P-", "z: q7 O! b+ c3 J某项工作已经启动。",
                      BODY1 + " t4 y: B& i, ]/", BODY2])
    out = [t for t in lines_of(clean(text)) if t]
    assert out == [TITLE, "某项工作已经启动。", BODY1, BODY2]


@pytest.mark.parametrize("line", ["计算公式是 1 + 1 = 2，这是常识。", "使用 A4 纸 打印，页边距 2 cm 左右。",
                                  "二、具体要求 1 2 3 项都要落实。"])
def test_ascii_in_prose_is_not_jammer(line):
    assert line in lines_of(clean(page(TITLE, BODY1, line, BODY2)))


def test_jammer_keeps_heading_number():
    out = lines_of(clean("\n".join([TITLE, BODY1, "r4 Y! k; h0 2、工作目标", BODY2])))
    assert "2、工作目标" in out


def test_pinyin_with_space_inside_bracket():
    out = lines_of(clean(page(TITLE, BODY1, "热烈欢迎各位家(jiā )长(zhǎng)的到来，感谢大家的支持。", BODY2)))
    assert "热烈欢迎各位家长的到来，感谢大家的支持。" in out


def test_site_name_spliced_into_sentence():
    out = lines_of(clean(page(TITLE, BODY1, "会议决定在某某作文网全县范围内开展检查。", BODY2)))
    assert "会议决定在全县范围内开展检查。" in out


ANSWER = "请示是下级机关向上级机关请求指示、批准的公文，一般由标题、主送机关、正文和落款组成。"


def test_qa_farm_block():
    text = page("首页 > 问答 > 公文写作 >", "请示的格式", "更新时间:发布时间:", "问题描述:",
                "请示的格式是什么？有没有大神指点一下", "最佳答案", "2024-03-02 11:22:33",
                ANSWER)
    out = [t for t in lines_of(clean(text)) if t]
    assert out == ["请示的格式", ANSWER]


def test_compilation_titles_are_kept_and_separated():
    text = "\n".join(["演讲稿精选3篇", "小编为大家整理了几篇演讲稿范文，希望对大家有所帮助，欢迎阅读借鉴。",
                      "我的梦想演讲稿篇一", BODY1, "我的梦想演讲稿篇二", BODY2, "第3篇：青春的梦想", BODY1])
    out = lines_of(clean(text))
    assert out == ["演讲稿精选3篇", "", "我的梦想演讲稿篇一", BODY1, "", "我的梦想演讲稿篇二", BODY2, "",
                   "第3篇：青春的梦想", BODY1]


def test_paywall_footer_and_dashed_rule():
    text = page(TITLE, BODY1, BODY2, "-" * 40, "因篇幅所限不能全部显示，请下载后查看")
    assert lines_of(clean(text)) == [TITLE, "", BODY1, "", BODY2]


def test_stage_is_idempotent_on_its_output():
    text = page("您的位置：首页 > 范文", TITLE,
                "小编为大家整理了这篇总结范文，希望对大家有所帮助，一起来看看吧。",
                "x7 K! m, a0 p:", BODY1, "学习(xí)是一辈子的事情，我们要持之以恒。", BODY2, "免费下载本文")
    once = clean(text)
    twice = clean(once.text)
    assert twice.text == once.text
    assert not [c for c in twice.changes if c.stage in ("boilerplate", "segment")]


def test_user_rules_are_applied(tmp_path: Path):
    extra = tmp_path / "site.toml"
    extra.write_text('[[boilerplate]]\ncode = "FW210"\nkind = "masked"\n'
                     'line = "本周新增⟨N⟩条意见。"\nexamples = ["本周新增12条意见。"]\n', "utf-8")
    book = RuleBook.with_user([extra])
    text = page(TITLE, BODY1, BODY2, "本周新增3456条意见。")
    assert lines_of(clean(text, book)) == [TITLE, "", BODY1, "", BODY2]
    assert "本周新增3456条意见。" in lines_of(clean(text))


def test_plain_page_is_returned_unchanged():
    doc = Document.from_text(page(TITLE, BODY1, BODY2))
    assert boilerplate.run(doc, BOOK, SETTINGS) is doc


def test_listed_site_words_are_cut_from_prose(tmp_path: Path):
    (tmp_path / "site_words.txt").write_text("# my sites\n好好学习站\n", "utf-8")
    book = RuleBook.with_user([tmp_path])
    line = "我们要在好好学习站全面提高服务质量，切实解决群众的困难。"
    cut = lines_of(clean(page(TITLE, BODY1, line, BODY2), book))
    assert "我们要在全面提高服务质量，切实解决群众的困难。" in cut
    assert line in lines_of(clean(page(TITLE, BODY1, line, BODY2)))


def test_closing_filler_in_the_voice_of_the_site():
    closing = "以上就是小编为大家整理的年度总结范文，希望对大家有所帮助，欢迎收藏分享。"
    out = lines_of(clean(page(TITLE, BODY1, BODY2, closing)))
    assert closing not in out and out[-1] == BODY2


def test_chrome_of_an_unseen_site():
    text = page("您现在的位置：网站首页 » 计划总结 » 工作总结", TITLE,
                "文章来源：本站整理　点击数：287　更新时间：2020-7-8", "【字体：大 中 小】【打印】【关闭】",
                BODY1, BODY2, "上一篇：季度总结范文  下一篇：月度总结范文", "您可能感兴趣的文章：",
                "共3页: 上一页 1 2 3 下一页", "打开APP，阅读完整内容",
                "Copyright © 2012-2020 某某网 版权所有",
                "备案号：苏ICP备00000000号")
    assert lines_of(clean(text)) == [TITLE, "", BODY1, "", BODY2]


def test_forum_post_header_and_stray_letter_line():
    text = page("查看: 77 | 回复: 3    [复制链接]",
                "楼主　风吹麦浪　发表于 2022-3-4 05:06 | 只看该作者 | 倒序浏览",
                "本帖最后由 风吹麦浪 于 2022-3-4 06:07 编辑", TITLE, "1 7 Q% 4 k 9 d", BODY1, "h R t Q,",
                BODY2, "回复　举报　收藏　分享")
    assert [t for t in lines_of(clean(text)) if t] == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("title", ["商会会员大会工作报告", "软件下载管理制度（试行）", "范文大全"])
def test_weak_words_never_remove_the_page_title(title):
    assert lines_of(clean(page(title, BODY1, BODY2)))[0] == title


def test_weak_words_never_remove_a_heading_in_the_header():
    out = lines_of(clean(page(TITLE, "一、会员下载管理", BODY1, BODY2)))
    assert "一、会员下载管理" in out


def test_chrome_of_more_unseen_sites():
    text = page("首页 / 计划总结 / 个人总结", "【某某范文网 - 工作总结】", TITLE,
                "2024-03-05 14:22 · 发布者：小林 · 阅读 2.3万", "推荐度：★★★★",
                "发表于 2019年5月3日 由 admin",
                "原创 老周 某某在线 2023-05-06 12:00 发表于北京", BODY1, BODY2, "标签：总结, 个人",
                "收录于合集 #工作总结 12个", "相关栏目：工作总结 个人总结 年终总结")
    assert lines_of(clean(text)) == [TITLE, "", BODY1, "", BODY2]


NOTICE = """关于召开2024年度安全生产工作会议的通知

各科室、各下属单位：

为认真总结去年安全生产工作，安排部署今年重点任务，经研究，决定召开安全生产工作会议。现将有关事项通知如下：

一、会议时间

时间：2024年2月20日上午9:00

地点：局机关三楼会议室

二、参会人员

各科室负责人，各下属单位主要负责人及安全员。

三、有关要求

1. 请各单位于2月18日前将参会人员名单报办公室。

2. 参会人员请提前10分钟入场，会议期间将手机调至静音。

联系人：王某某  联系电话：0531-12345678

附件：参会回执.docx

某某市某某局办公室
2024年2月5日"""

LETTER = """辞职信

尊敬的领导：

您好！我因个人发展原因，经过慎重考虑，决定辞去目前的工作。感谢公司多年来的培养，也感谢同事们的帮助。

工作交接我会认真完成，请领导放心。

此致

敬礼！

申请人：某某
2024年3月1日"""

TABLE = """工作任务分解表

| 序号 | 工作任务 | 责任部门 | 完成时限 |
| 1 | 完成年度安全检查，并形成检查报告 | 安监科 | 3月底 |
| 2 | 开展应急演练，提高应急处置能力 | 办公室 | 6月底 |

以上任务请各部门认真落实，按时报送进展情况，确保全年目标顺利完成。"""


@pytest.mark.parametrize("text", [NOTICE, LETTER, TABLE], ids=["notice", "letter", "table"])
def test_clean_templates_are_left_alone(text):
    doc = Document.from_text(text)
    for stage in (segment, boilerplate):
        doc = stage.run(doc, BOOK, SETTINGS)
    assert doc.text == text
    assert not doc.changes


def test_site_name_from_the_footer_is_cut_from_prose():
    text = page(TITLE, BODY1, "会议在笔杆子网县城召开，各乡镇负责人参加了会议。", BODY2,
                "Copyright © 2020 笔杆子网 版权所有")
    out = lines_of(clean(text))
    assert "会议在县城召开，各乡镇负责人参加了会议。" in out
    assert not any("笔杆子网" in t for t in out)


def test_form_label_in_the_body_is_not_a_qa_farm():
    text = page(TITLE, BODY1, "问题描述：", "设备运行时有异响", "处理结果：", BODY2)
    out = lines_of(clean(text))
    assert {"问题描述：", "设备运行时有异响", "处理结果："} <= set(out)


def test_filler_sentence_glued_into_body_is_cut_out():
    opening = "春风送暖，万物复苏，我们又迎来了一个充满希望的新学期，校园里处处洋溢着欢声笑语。"
    glued = "下面是小编整理的几篇开学讲话稿，欢迎阅读借鉴。"
    rest = "同学们，新学期要有新气象，希望大家认真学习，积极锻炼，做一个全面发展的好学生。"
    doc = clean(page(TITLE, opening + glued + rest, BODY1, BODY2))
    out = lines_of(doc)
    assert opening + rest in out
    assert any(c.rule == "FW205" and glued in c.before and glued not in c.after for c in doc.changes)


def test_filler_intro_that_opens_with_filler_goes_whole():
    intro = ("开学讲话稿怎么写呢？想写好一篇讲话稿并不容易，下面是小编整理的几篇开学讲话稿范文，"
             "欢迎阅读借鉴，希望对大家有所帮助。同学们在新学期里要认真学习，积极锻炼身体。")
    out = lines_of(clean(page(TITLE, intro, BODY1, BODY2)))
    assert out == [TITLE, "", BODY1, "", BODY2]
