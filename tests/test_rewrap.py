"""Stage rewrap: cut sentences, hard wraps, chunk numbers, page markers, stray spaces."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fanwen_clean import clean_text
from fanwen_clean.document import Document
from fanwen_clean.rules import RuleBook, default_rules_dir
from fanwen_clean.settings import Settings
from fanwen_clean.stages import normalize, rewrap


@pytest.fixture(scope="module")
def own() -> RuleBook:
    """Only this stage's rule file, so the stage is tested on its own rules."""
    return RuleBook((default_rules_dir() / "rewrap.toml",))


def _run(text: str, own) -> Document:
    doc = normalize.run(Document.from_text(text), own, Settings())
    return rewrap.run(doc, own, Settings())


def fix(text: str, own) -> str:
    return _run(text, own).text


def codes(text: str, own) -> list[str]:
    return [c.rule for c in _run(text, own).changes if c.stage == "rewrap"]


# ------------------------------------------------------------------ rule examples


def _examples(own):
    """Examples of this stage's rules: ``[[code]]`` repairs and ``[[rewrap]]`` pattern rules."""
    return [(e["code"], e.get("pattern"), i, o)
            for e in own.family("code") + own.family("rewrap") if e["code"].startswith("FW3")
            for i, o in e.get("examples", [])]


def test_every_rewrap_rule_has_an_example(own):
    entries = own.family("code") + own.family("rewrap")
    wanted = {f"FW30{i}" for i in range(1, 10)} | {f"FW32{i}" for i in range(5)}
    assert {e["code"] for e in entries} >= wanted
    assert all(e.get("examples") and e.get("description") for e in entries)


def test_rule_examples_through_the_pipeline(book):
    for code, _pattern, given_text, expected in _examples(book):
        assert clean_text(given_text, rules=book).text == expected, code


def test_rule_examples_in_the_stage(own):
    """Each repair example is made by its own rule; never-join examples fire no rule."""
    for code, _pattern, given_text, expected in _examples(own):
        assert fix(given_text, own) == expected.rstrip("\n"), code
        fired = set(codes(given_text, own))
        assert fired == ({code} if code < "FW320" else set()), code


# ------------------------------------------------------------------ joins


def test_cut_by_blank_line(own):
    out = fix("大家要从思想上高度重视这项工作，切实把各项任务和措施\n\n落到实处。\n", own)
    assert out == "大家要从思想上高度重视这项工作，切实把各项任务和措施落到实处。"
    assert codes("大家要从思想上高度重视这项工作，切实把各项任务和措施\n\n落到实处。\n", own) == ["FW301"]


def test_cut_by_single_newline(own):
    out = fix("今年共安排资金，用于修建道路、\n桥梁和水渠。\n", own)
    assert out == "今年共安排资金，用于修建道路、桥梁和水渠。"


def test_cut_inside_a_word_keeps_no_space(own):
    assert fix("我们开展了多种形式的宣传教育活动，不断提高干部群众的法\n\n律意识。", own) == (
        "我们开展了多种形式的宣传教育活动，不断提高干部群众的法律意识。")


def test_next_piece_starts_with_punctuation(own):
    out = fix("这项工作由办公室负责牵头\n\n；各部门要密切配合。", own)
    assert out == "这项工作由办公室负责牵头；各部门要密切配合。"
    assert codes("任务分解到人，时间安排得很明确\n\n，请大家抓紧。", own) == ["FW302"]


def test_repeated_opener_is_dropped(own):
    out = fix("会上，大家讨论了“创新\n\n“驱动发展”的具体措施。", own)
    assert out == "会上，大家讨论了“创新驱动发展”的具体措施。"


def test_opener_not_repeated_is_kept(own):
    head = "今年，全体干部职工利用每周五下午的业余时间认真学习了"
    tail = "《中华人民共和国安全生产法》，增强了法治意识。"
    assert fix(head + "\n\n" + tail, own) == head + tail


def test_three_pieces_chain(own):
    pieces = ["去年以来，全县上下始终团结一心，攻坚克难，先后克服了",
              "资金紧张、人员不足等", "困难，圆满完成了任务。"]
    assert fix("\n\n".join(pieces), own) == "".join(pieces)


def test_join_line_is_the_first_source_line(own):
    doc = _run("标题\n\n我们要坚持问题导向，对照年初确定的目标任务，认真查找\n\n存在的不足。\n", own)
    [change] = [c for c in doc.changes if c.stage == "rewrap"]
    assert change.line == 3
    assert doc.lines[-1].src == 3


# ------------------------------------------------------------------ never joined


@pytest.mark.parametrize("text", [
    "一、指导思想\n\n坚持以人民为中心，扎实推进各项工作。",
    "一、提高认识，加强领导，切实增强责任感\n\n各单位要把这项工作摆上重要议事日程。",
    "（二）完善工作机制\n建立健全长效机制。",
    "1. 工作目标\n到年底全面完成任务。",
    "2.1 总体思路\n以改革创新为动力。",
    "第一章 总则\n\n为加强管理，制定本办法。",
    "第三，加强督查考核\n\n各单位要定期开展自查。",
    "一是抓学习\n\n组织全体党员开展集中学习。",
    "① 完善制度\n② 加强考核",
    "——记优秀共产党员某某\n\n他在基层一干就是三十年。",
])
def test_headings_and_list_items_are_not_joined(own, text):
    assert fix(text, own) == text


@pytest.mark.parametrize("text", [
    "在全县安全生产工作会议上的讲话\n\n同志们：\n\n今天召开会议。",
    "大家要继续努力，再接再厉，取得更大成绩\n\n同志们，让我们携手前进！",
    "尊敬的各位领导、各位来宾\n\n大家好！",
    "各单位要高度重视，认真组织，按时报送\n\n县教育局办公室\n\n2023年6月1日",
    "我们要认真执行，确保工作落到实处\n\n二〇二三年五月八日",
    "希望大家继续关心支持我们的工作，谢谢\n\n此致\n\n敬礼！",
    "关于做好全年重点工作的通知\n\n各乡镇、各部门：",
    "工作总结范文精选\n\n今年以来，我们认真履职。",
])
def test_salutations_signoffs_dates_titles_are_not_joined(own, text):
    assert fix(text, own) == text


def test_titles_with_commas_are_not_joined(own):
    for text in ("凝心聚力，砥砺前行\n\n今年以来，全县上下认真贯彻落实各项决策部署。",
                 "各项工作圆满完成。\n\n坚定信心，真抓实干\n\n新的一年，我们要再接再厉。"):
        assert fix(text, own) == text


def test_paragraphs_that_end_properly_are_not_joined(own):
    text = "今年的工作取得了明显成效。\n\n下一步，我们将继续努力！\n\n他说：“一定要干好”\n\n大家深受鼓舞。"
    assert fix(text, own) == text


def test_paragraphs_left_without_a_full_stop_are_not_joined(own):
    text = ("各单位要高度重视，认真组织开展自查自纠，对发现的问题要限期整改\n\n"
            "检查结束后，请于月底前将总结报告报县安委办\n\n联系人：略")
    assert fix(text, own) == text


def test_a_page_written_without_full_stops_is_not_joined(own):
    paras = ["今年各项工作进展顺利，成效明显。我们要继续努力，再创佳绩",
             "全体干部职工团结一心，攻坚克难。全年任务提前完成，群众满意",
             "下一步，我们将继续深化改革。不断提高服务水平，争创一流业绩",
             "希望大家振奋精神，扎实工作。为全县发展作出新的更大贡献"]
    text = "\n\n".join(paras)
    assert fix(text, own) == text
    # a comma that starts a piece still joins: that is never the author's style
    assert fix(text + "\n\n，谢谢大家。", own) == text + "，谢谢大家。"


def test_label_lines_and_tables_are_not_joined(own):
    for text in ("姓名：张某 职务：科长\n联系电话：略",
                 "| 项目 | 内容，说明 |\n| 标题 | 居中 |",
                 "调研报告：乡镇职能定位研究\n乡镇政权是最基层的政权。"):
        assert fix(text, own) == text


def test_punctuation_noise_is_not_joined(own):
    text = "c1 u2 d，我们要坚持\n; ~ ^+ K: M4"
    assert fix(text, own) == text


def test_cut_before_numbers_and_acronyms(own):
    out = fix("今年以来全县经济运行总体平稳，全年实现地区生产总值即GDP\n\n增长百分之八。", own)
    assert out == "今年以来全县经济运行总体平稳，全年实现地区生产总值即GDP增长百分之八。"
    for head, tail in (("为了提高机关办公效率，节约行政成本，我们去年正式引进了",
                        "ERP系统，实现了网上办公。"),
                       ("会上，各单位负责人分别作了表态发言，全年计划完成投资",
                        "1200万元，比上年增长一成。")):
        assert fix(head + "\n\n" + tail, own) == head + tail


def test_noise_and_lists_are_not_joined(own):
    for text in ("各单位要坚持，9 N: o\n在各级机关中开展活动。",       # jammer letters at the end
                 "主要做法如下：\n加强学习，提高素质\n完善制度，规范管理\n强化监督，确保实效。",
                 "春风吹过田野，\n花儿开满山坡，\n我们在这里歌唱。",
                 "甲：亲爱的朋友们，欢迎来到晚会现场\n乙：让我们共同度过这个美好的夜晚。"):
        assert fix(text, own) == text


def test_agenda_item_wrapped_before_the_next_item(own):
    text = ("一、首先，请允许我介绍出席今天大会的各位嘉宾\n"
            "二、下面请大家以热烈的掌声欢迎县文化局局长\n张某 讲话\n"
            "三、宣读表彰决定\n")
    out = fix(text, own).split("\n")
    assert out[1] == "二、下面请大家以热烈的掌声欢迎县文化局局长张某 讲话"
    assert out[2] == "三、宣读表彰决定"


def test_outline_of_headings_is_not_an_agenda(own):
    text = "一、工作目标\n提高质量\n二、工作措施\n加强领导\n三、工作要求\n"
    assert fix(text, own) == text.rstrip("\n")


# ------------------------------------------------------------------ hard wraps


def _wrap(paras: list[str], width: int, indent: str = "　　") -> str:
    out = []
    for p in paras:
        t = indent + p
        while t:
            out.append(t[:width])
            t = t[width:]
    return "\n".join(out) + "\n"


PARAS = [
    "今年以来，在上级党委的正确领导下，我们紧紧围绕年初确定的目标任务。认真履行职责，狠抓工作落实，各项事业取得了新的进展，"
    "经济保持平稳增长，社会大局和谐稳定，群众生活水平不断提高。",
    "一年来，我们始终坚持把学习放在首位，认真组织干部职工学习政策理论和业务知识。全面提高了队伍的整体素质，"
    "为完成各项工作任务提供了有力保障。",
    "在看到成绩的同时，我们也清醒地认识到工作中还存在一些不足，主要是工作创新不够，服务水平有待提高，这些问题需要在今后的工作中认真加以解决。",
]


def test_hard_wrapped_page_is_unwrapped(own):
    text = _wrap(PARAS, 30)
    assert fix(text, own) == "\n".join(PARAS)
    assert "FW304" in codes(text, own)


def test_hard_wrap_without_indentation_keeps_headings(own):
    body = _wrap(PARAS[:2], 24, indent="")
    text = "一、基本情况\n" + body + "二、存在问题\n" + _wrap(PARAS[2:], 24, indent="")
    out = fix(text, own).split("\n")
    assert out[0] == "一、基本情况"
    assert "二、存在问题" in out
    assert PARAS[2] in out


def _wrap_columns(paras: list[str], width: int, indent: str) -> str:
    """Wrap at a fixed number of GBK columns (a Han character takes two), as old editors did."""
    out = []
    for p in paras:
        if len(p) < 10:
            out.append(p)
            continue
        cur, used = indent, len(indent.encode("gbk"))
        for ch in p:
            w = len(ch.encode("gbk"))
            if used + w > width:
                out.append(cur)
                cur, used = "", 0
            cur += ch
            used += w
        out.append(cur)
    return "\n".join(out)


REPORT = [
    "2022年以来，在县委、县政府的正确领导下，全镇上下紧紧围绕年初确定的目标任务，全年完成地区生产总值12.5亿元，"
    "同比增长8.3%；完成固定资产投资3.2亿元，同比增长15%。",
    "一、主要工作",
    "（一）狠抓项目建设。坚持项目为王，全年共实施重点项目23个，其中新开工项目12个，续建项目11个，完成投资2.1亿元，"
    "占年度计划的105%。",
    "（二）推进乡村振兴。全镇共流转土地3000亩，发展特色种植基地5个，带动农户增收致富。",
    "二、存在问题",
    "一是经济总量偏小，产业结构不优；二是基础设施仍有短板；三是干部队伍能力素质有待提升。",
    "同志们，新的一年，让我们在县委的坚强领导下，团结一心，真抓实干，为建设美丽乡村而努力奋斗！",
]


@pytest.mark.parametrize("width", [50, 60, 76])
@pytest.mark.parametrize("indent", ["　　", "", "  "])
def test_hard_wrap_in_gbk_columns_with_numbers(own, width, indent):
    """Digits take one column, so full lines differ in characters; 12.5亿 after a wrap is no heading."""
    assert fix(_wrap_columns(REPORT, width, indent), own) == "\n".join(REPORT)


def test_equal_length_slogans_are_not_a_hard_wrap(own):
    text = "\n".join(["加强组织领导确保工作落实到位", "完善规章制度推进依法行政工作",
                     "强化监督检查严格责任追究制度", "创新工作方法提高服务群众水平",
                     "营造良好氛围凝聚干事创业合力", "坚持以人为本促进社会和谐发展", "结束。"])
    assert fix(text, own) == text


# ------------------------------------------------------------------ chunks, markers, artefacts


def test_page_chunk_numbers_are_dropped(own):
    text = ("1、竞聘演讲稿。各位评委，大家好。我今年三十岁，在基层工作了八年，始终认为，做事先要\n"
            "2、学会做人，然后才能做好工作。这些年来，我一直这样要求自己，也一直在努力，我想\n"
            "3、这就是我今天站在这里的原因。谢谢大家。")
    out = fix(text, own)
    assert out == ("竞聘演讲稿。各位评委，大家好。我今年三十岁，在基层工作了八年，"
                   "始终认为，做事先要学会做人，然后才能做好工作。这些年来，"
                   "我一直这样要求自己，也一直在努力，我想这就是我今天站在这里的原因。谢谢大家。")
    assert set(codes(text, own)) == {"FW306"}


def test_real_numbered_list_is_kept(own):
    text = "1、加强领导，明确责任。狠抓落实\n2、完善制度\n3、强化考核。"
    assert fix(text, own) == text


def test_page_markers(own):
    assert fix("第2页共8页述职报告\n本人今年以来认真履职。", own) == "述职报告\n本人今年以来认真履职。"
    out = fix("各项任务全面完成。\n\n第 3 页 / 共 5 页\n\n下一步工作打算。", own)
    assert out == "各项任务全面完成。\n\n下一步工作打算。"
    assert fix("各项任务全面完成。\n- 4 -\n下一步工作打算。", own) == "各项任务全面完成。\n下一步工作打算。"
    # a page marker between the halves of a cut sentence: both repairs
    head = "这些成绩来之不易，今后我们全体干部职工将在此基础上进一步加强"
    assert fix(head + "\n\n第4页 共9页\n\n队伍建设。", own) == head + "队伍建设。"


def test_page_words_in_prose_are_not_markers(own):
    text = "这本书共有300页，第一页写的是序言。"
    assert fix(text, own) == text


def test_artefact_separators(own):
    assert fix("上半年工作总结完毕。\nР\n下半年继续努力。", own) == "上半年工作总结完毕。\n下半年继续努力。"
    assert fix("上半年工作总结完毕。x0dx0a下半年继续努力。", own) == "上半年工作总结完毕。\n下半年继续努力。"
    assert fix("全体干部职工x0dx0a团结一心。", own) == "全体干部职工团结一心。"
    assert fix("Привет, Россия", own) == "Привет, Россия"


# ------------------------------------------------------------------ spaces


@pytest.mark.parametrize(("given_text", "expected"), [
    ("全体中国共 产党人都要牢记初心使命，勇于担当。", "全体中国共产党人都要牢记初心使命，勇于担当。"),
    ("我们每个人都要从自 己做起，从现在做起。", "我们每个人都要从自己做起，从现在做起。"),
])
def test_space_inside_a_word_is_removed(own, given_text, expected):
    assert fix(given_text, own) == expected
    assert codes(given_text, own) == ["FW305"]


@pytest.mark.parametrize("text", [
    "主持人：王 刚",                                     # padded name in a field line
    "张三 李四",                                          # two signature names
    "二、主要措施 各乡镇要加强领导，落实责任。",            # after a run-in heading
    "我们的口号是“安全第一 预防为主”，大家要牢记。",       # inside quotes
    "根据《中共中央 国务院关于加强管理的意见》，制定本方案。",  # inside a title
    "本单位共有职工 120 人，其中党员 45 名。",             # numbers
    "学校建校 周年之际，我们举行了庆祝活动。",              # a number was deleted here
    "报告题目 各位领导、 同志们： 大家好。 今天我来汇报。",  # spaces used as separators
    "一 二 三 四，五六七，八九十。",                        # many spaced single characters
])
def test_field_spaces_are_kept(own, text):
    assert fix(text, own) == text


# ------------------------------------------------------------------ idempotence

PIECES = st.sampled_from([
    "一、总体要求", "同志们：", "我们要坚持问题导向，认真查找", "存在的不足。", "，希望大家积极参与。",
    "《关于加强管理的意见》，请认真执行。", "2023年5月1日", "县教育局", "第3页 共5页", "Р",
    "全体中国共 产党人都要牢记使命，", "1、先做人，再做事。后来我明白了，原来", "2、这就是道理，大家记住。",
    "", "", "今年以来，我们坚持以人民为中心，", "“坚持", "“创新驱动”战略，取得实效。",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=12))
@example(pieces=[  # a join made the lines look hard-wrapped at a fixed width
    "《关于加强管理的意见》，请认真执行。", "1、先做人，再做事。后来我明白了，原来",
    "1、先做人，再做事。后来我明白了，原来", "“坚持", "《关于加强管理的意见》，请认真执行。",
    "1、先做人，再做事。后来我明白了，原来", "一、总体要求"])
def test_rewrap_is_idempotent(own, pieces):
    once = fix("\n".join(pieces), own)
    assert fix(once, own) == once


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=12))
def test_rewrap_never_loses_han_text(own, pieces):
    """Rewrap only moves line breaks and drops markers: the author's characters all stay."""
    text = "\n".join(p for p in pieces if p not in ("第3页 共5页", "Р"))
    keep = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    out = fix(text, own)
    han = "".join(ch for ch in out if "\u4e00" <= ch <= "\u9fff")
    assert han == keep


CHARS = st.sampled_from([*"我们要坚持一二三、，。；：！？“”《》（）()- 　\n\n\n12345xX—…Р页第共|",
                         "x0dx0a", "第3页 共5页", "二、", "（一）", "同志们：", "2023年5月1日"])


@settings(max_examples=200, deadline=None)
@given(st.lists(CHARS, max_size=80))
@example(parts=["—", "第3页 共5页", "1", "—"])  # removing a marker left another one behind
def test_rewrap_is_idempotent_on_noise(own, parts):
    once = fix("".join(parts), own)
    assert fix(once, own) == once


@pytest.mark.parametrize(
    "page",
    [
        # the cut piece opens with an odd quote glyph that punct later turns into “
        "今年以来，局党组把制度建设摆在突出位置，多次召开专题会议，认真研究讨论了\n\n"
        "‚三项制度‛的落实办法，大家一致同意。\n",
        # … or closes a quotation with one
        "会议号召全体职工争做〝岗位能手\n\n〞，为企业发展贡献力量。\n",
    ],
)
def test_odd_quote_glyphs_join_like_curly_quotes(page: str) -> None:
    once = clean_text(page).text
    assert "\n" not in once.rstrip("\n")
    assert clean_text(once).text == once
