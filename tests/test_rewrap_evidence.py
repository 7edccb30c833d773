"""Rewrap's evidence, one feature at a time: words across a break, particles, amounts, spaces,
typed facts (``Line.indent`` from normalize, ``Line.joined`` on joined lines)."""

from __future__ import annotations

import pytest

from fanwen_clean.document import Document
from fanwen_clean.rules import RuleBook, default_rules_dir
from fanwen_clean.settings import Settings
from fanwen_clean.stages import normalize, rewrap
from fanwen_clean.stages.rewrap import scorer
from fanwen_clean.stages.rewrap.rules import compiled


@pytest.fixture(scope="module")
def own() -> RuleBook:
    return RuleBook((default_rules_dir() / "rewrap.toml",))


def _run(text: str, own) -> Document:
    return rewrap.run(normalize.run(Document.from_text(text), own, Settings()), own, Settings())


def fix(text: str, own) -> str:
    return _run(text, own).text


@pytest.mark.parametrize("prev,nxt", [
    ("要定期开展安全检", "查，及时消除隐患。"),      # 检查
    ("这项工作取得了圆满成", "功。"),                  # 成功
    ("大家都说不明", "白其中的道理。"),                # 明白 (不明 is a word, 白其 is not)
])
def test_a_word_across_the_break_is_evidence(prev, nxt):
    assert scorer.word_spans(prev, nxt)


@pytest.mark.parametrize("prev,nxt", [
    ("全年任务提前完成，群众满意", "下一步，我们将继续努力。"),  # 意下 is a word, but 满意|下一步 are too
    ("驻村工作组组长", "大山连绵起伏，道路崎岖。"),              # 长大: 组长|大山
    ("今年的工作", "，取得了成绩。"),                             # no Han after the break
])
def test_no_word_evidence_between_two_whole_words(prev, nxt):
    assert not scorer.word_spans(prev, nxt)


@pytest.mark.parametrize("prev,expected", [
    ("我们要认真研究制定切实可行的", True),
    ("他把这件事告诉了老师和", True),
    ("这次活动的主要目的", False),      # 目的 is a noun
    ("问题依然存在", False),            # 存在 may end a sentence
])
def test_a_line_that_ends_in_a_particle_is_open(own, prev, expected):
    assert scorer.open_end(prev, compiled(own)) is expected


@pytest.mark.parametrize("nxt,expected", [("的竞争优势更加明显。", True), ("们的热情很高。", True),
                                          ("的确如此。", False), ("了解情况后再说。", False)])
def test_a_character_that_cannot_start_a_line(own, nxt, expected):
    assert scorer.no_start(nxt, compiled(own)) is expected


@pytest.mark.parametrize("prev,nxt,expected", [
    ("全市常住人口达", "4.2万人，比上年增加。", True),
    ("会议定于", "8月9日召开。", False),          # a date often starts a sentence
    ("我们圆满完成了全年任务", "2024年，我们将继续努力。", False),
])
def test_an_amount_continues_the_line_before(own, prev, nxt, expected):
    assert scorer.number_goes_on(prev, nxt, compiled(own)) is expected


def test_a_particle_joins_a_short_comma_line_after_an_address(own):
    text = "县自然资源局：\n我家现有住房一处，因\n\n子女成家需要申请新宅基地一处，请予批准。"
    assert fix(text, own) == "县自然资源局：\n我家现有住房一处，因子女成家需要申请新宅基地一处，请予批准。"


def test_an_amount_at_a_page_break_is_joined(own):
    text = "截至去年年底，全县共有各类市场主体\n\n3.5万户，比上年增长百分之十。"
    assert fix(text, own) == "截至去年年底，全县共有各类市场主体3.5万户，比上年增长百分之十。"


@pytest.mark.parametrize("text", [
    "我们认真落实各项部署，要求所有问题在\n12 月底前全部完成整改。",  # a date, not a heading "12 加强领导"
    "今年全县经济平稳增长，全年完成投资\n12.5亿元，同比增长百分之八。",  # an amount, not a heading 1.2
])
def test_a_number_and_a_unit_is_no_heading(own, text):
    assert "\n" not in fix(text, own)


@pytest.mark.parametrize("text", [
    "一、总体要求\n全面贯彻落实会议精神。",
    "各项工作都要有人负责，\n1. 完善制度，规范管理。",
    "请大家认真学习，并对照检查，\n2024年5月1日",
    "新的一年里，我们还要继续努力，\n同志们：",
])
def test_never_joined_into_a_heading_date_or_salutation(own, text):
    assert fix(text, own) == text


@pytest.mark.parametrize("text", ["今年的工作取得了新进展。\n下一步，我们要继续努力。",
                                  "你们都准备好了吗？\n准备好了！", "主要任务有三项：\n加强学习，提高素质"])
def test_never_joined_after_sentence_punctuation(own, text):
    assert fix(text, own) == text


# ------------------------------------------------------------------ spaces


@pytest.mark.parametrize("text,expected", [
    ("全市总人口3 2 6万人，比上年有所增加。", "全市总人口326万人，比上年有所增加。"),
    ("辖区面积1.3 1万平方公里，人口稠密。", "辖区面积1.31万平方公里，人口稠密。"),
    ("感 谢 信", "感谢信"),
    ("倡　议　书", "倡议书"),
    ("全体干部要认真学 习文件精神，切实把思想统一起来。", "全体干部要认真学习文件精神，切实把思想统一起来。"),
    ("今天我演讲 的题目是《爱护环境》，请大家指正。", "今天我演讲的题目是《爱护环境》，请大家指正。"),
    ("他说：“我真不明 白，你为什么要这样做？”", "他说：“我真不明白，你为什么要这样做？”"),
])
def test_pdf_spaces_inside_words_and_numbers_are_closed(own, text, expected):
    assert fix(text, own) == expected


@pytest.mark.parametrize("text", [
    "年 月 日",                                              # a blank date on a form
    "该路全长 公里，共需资金 万元，请予解决。",              # blanks for numbers before units
    "我们使用了 Microsoft Office 软件，效果很好。",          # Latin words
    "电话 2023 2024 年度，共计三次。",                       # no single digit: two years
    "学校建校 周年之际，我们举行了庆祝活动。",
])
def test_meaningful_spaces_stay(own, text):
    assert fix(text, own) == text


def test_a_closed_space_is_a_fixpoint(own):
    once = fix("要认真学 习文件，把 握精神实质，做到 学 用结合。", own)
    assert fix(once, own) == once


# ------------------------------------------------------------------ typed facts


def test_normalize_records_the_indentation_it_strips(own):
    doc = normalize.run(Document.from_text("　　第一段开头。\n  第二段。\n第三段。"), own, Settings())
    assert [ln.indent for ln in doc.lines] == ["　　", "  ", ""]
    assert [ln.text for ln in doc.lines] == ["第一段开头。", "第二段。", "第三段。"]


def test_rewrap_reads_indentation_from_the_line_not_the_change_log(own):
    wrapped = ("　　今年以来，我们认真落实年初确定的各项工作任务，扎实推进重点项目建设，全年共完成",
               "固定资产投资，比上年增长一成多，经济运行总体平稳。社会事业全面进步，群众生活明显",
               "改善，人民群众的获得感和幸福感进一步增强，各项事业取得了新的更大的成绩和进步。",
               "　　一年来，我们坚持以人民为中心的发展思想，着力解决群众最关心最直接的利益问题，",
               "办成了一批打基础、利长远的民生实事，群众的获得感和幸福感进一步增强，社会和谐稳",
               "定。我们还加强了干部队伍建设，转变了工作作风，提高了服务水平和工作效率，效果好。")
    # the change log is not what rewrap reads: keep only the lines
    doc = Document(lines=normalize.run(Document.from_text("\n".join(wrapped)), own, Settings()).lines)
    out = rewrap.run(doc, own, Settings())
    assert len(out.lines) == 2 and all(ln.joined for ln in out.lines)
    assert out.lines[1].text.startswith("一年来")


def test_a_line_made_by_joining_is_marked_joined(own):
    doc = _run("全体干部职工要认真学习领会会议精神，切实以更高的\n\n站位推进各项工作。\n下一段没有被接上。",
               own)
    assert [ln.joined for ln in doc.lines] == [True, False]


def test_the_compiled_rules_know_headings(own):
    r = compiled(own)
    assert r.block_match("（一）加强领导") and not r.block_match("12.5亿元，同比增长")


@pytest.mark.parametrize("text", [
    "学期计划怎么写？十篇范文模板全解析\n\nabc2025-12-05 0",                 # a date-stamp, not a sentence
    "今年我们取得了很大成绩，各项工作稳步推进\n关于进一步加强农村人居环境整治工作的实施意见",  # a long title
])
def test_no_join_into_a_stamp_or_a_long_title(own, text):
    assert fix(text, own) == text


@pytest.mark.parametrize("text,expected", [
    # a numbered paragraph cut inside a word, or after a particle, goes on
    ("3、修建文化广场，这既是群众普遍关心的一件事，也是社\n会上比较关注的一件大事。",
     "3、修建文化广场，这既是群众普遍关心的一件事，也是社会上比较关注的一件大事。"),
    ("（二）全体干部要认真学习文件精神，按照上级关于\n\n做好秋季防火工作的要求抓好落实。",
     "（二）全体干部要认真学习文件精神，按照上级关于做好秋季防火工作的要求抓好落实。"),
    # a word cut before a colon is no speaker label (例|如：)
    ("标题由单位名称、事由和文种组成，例\n如：某某学校关于表彰优秀教师的决定。",
     "标题由单位名称、事由和文种组成，例如：某某学校关于表彰优秀教师的决定。"),
])
def test_a_numbered_paragraph_cut_at_a_word_goes_on(own, text, expected):
    assert fix(text, own) == expected


@pytest.mark.parametrize("text", [
    "（一）加强组织领导\n成立工作专班，明确责任分工。",
    "首先，\n我要感谢各位同事的辛勤付出。",
    "3、强化督促检查\n会同有关部门开展联合检查。",
    "主持人：下面请大家安静\n甲：谢谢主持人。",
])
def test_a_heading_or_a_label_stays_apart(own, text):
    assert fix(text, own) == text


@pytest.mark.parametrize("text,expected", [
    ("会议通过了《关于推进数字化转型的阶段 性工作报告》，请认真执行。",
     "会议通过了《关于推进数字化转型的阶段性工作报告》，请认真执行。"),
    ("要坚持“不遮掩、不推诿、不 拖延”的原则，认真整改。", "要坚持“不遮掩、不推诿、不拖延”的原则，认真整改。"),
])
def test_a_wrap_inside_a_long_title_or_a_quoted_list_is_closed(own, text, expected):
    assert fix(text, own) == expected


def test_spaces_a_line_width_apart_are_wraps(own):
    # a PDF page turned into one line: its wraps are spaces about a line apart, so even a
    # space between two single characters (：韦 翊，) is one; on its own it is padding
    line = ("前锋村有栽种茶叶的传统，但多是一家 一户，村民们各自为战，会议主持：韦 翊，形不成规模，"
            "而且品种老化，抗病能力 很弱，群众增收十分困难，大家都盼 着能有人带头改变。")
    assert fix(line, own) == line.replace(" ", "")
    assert fix("会议主持：韦 翊，地点：会议室。", own) == "会议主持：韦 翊，地点：会议室。"


@pytest.mark.parametrize("text", [
    "今年以来，我们在各方面都取得了成绩\n一 、总体要求",            # PDF text puts a space before 、
    "今年以来，我们在各方面都取得了成绩\n（ 一 ）加强组织领导",
    "今年以来，我们在各方面都取得了成绩\n关于加强内部管理的几点做法：",  # a label ending in a colon
])
def test_headings_with_pdf_spaces_and_labels_stay_apart(own, text):
    assert fix(text, own) == text


def test_a_date_cut_in_two_is_joined(own):
    text = "请符合条件的教职工在2024年7月\n14日上午十点之前提交申请。"
    assert fix(text, own) == "请符合条件的教职工在2024年7月14日上午十点之前提交申请。"
