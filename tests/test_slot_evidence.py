"""Ambiguous markers (*, %%, ……) decided by evidence, and one name per variable on a page."""

from __future__ import annotations

from collections import defaultdict

import pytest

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.document import Document
from fanwen_clean.render import render
from fanwen_clean.settings import Settings
from fanwen_clean.stages import slots

_BOOK = RuleBook()


def run(text: str) -> Document:
    return slots.run(Document.from_text(text), _BOOK, Settings())


def tpl(text: str) -> str:
    return render(run(text)).template.rstrip("\n")


def test_a_bare_star_is_kept_with_a_warning_without_evidence() -> None:
    doc = run("今年以来，**经济发展很快。")
    assert not any(line.spans for line in doc.lines)
    assert [w.rule for w in doc.warnings] == ["FW952"]


def test_an_unambiguous_blank_proves_the_page() -> None:
    page = "欢迎**市考察团。\n今年以来，**经济发展很快。"
    assert tpl(page) == "欢迎{{市名}}市考察团。\n今年以来，{{市名}}经济发展很快。"
    assert not run(page).warnings


def test_weak_contexts_do_not_prove_a_page_of_censored_words() -> None:
    page = "市人民**副局长出席。\n山东省**中学协会会长讲话，演出**迭起。"
    assert tpl(page) == page


def test_weak_contexts_count_on_a_proven_page() -> None:
    assert tpl("**县召开会议，尊敬的***部长出席") == "{{县名}}县召开会议，尊敬的{{姓名}}部长出席"


def test_a_star_after_a_preposition_is_a_name() -> None:
    assert tpl("一定要把*建设得更加美好") == "一定要把{{内容}}建设得更加美好"


def test_a_bare_star_before_a_particle_stays() -> None:
    assert "**了" in tpl("**县来了。学校**了新的篇章")


def test_padded_stars_are_scores_and_heading_numbers() -> None:
    page = "* 、考核要求\n( * )基本得分项( * 分)\n完成任务的得 * 分，超过 * 人次的加分。"
    assert tpl(page) == ("{{序号1}}、考核要求\n({{序号2}})基本得分项({{数量1}}分)\n"
                         "完成任务的得{{数量1}}分，超过{{数量2}}人次的加分。")


def test_an_ellipsis_needs_two_proofs_before_bare_ones_count() -> None:
    one = "由……县教育局主办。\n展现新时代……教育的风采。"
    assert tpl(one) == "由{{县名}}县教育局主办。\n展现新时代……教育的风采。"
    two = "由……县教育局主办，……县团委协办。\n展现新时代……教育的风采。"
    assert "新时代{{" in tpl(two)


def test_doubled_symbols_and_dashes() -> None:
    assert tpl("这里是%%省的省会") == "这里是{{省名}}省的省会"
    assert tpl("------村民小组") == "{{村名}}村民小组"
    assert tpl("比上年增长了50%%") == "比上年增长了50%%"


def test_underlined_years() -> None:
    assert tpl("根据政发[20__]8号文件") == "根据政发[{{年份}}]8号文件"
    assert tpl("20_至20_学年") == "{{年份1}}至{{年份2}}学年"


def test_a_list_number_or_label_is_no_url() -> None:
    assert tpl("1.XXXX年获奖") == "1.{{年份}}年获奖"
    assert tpl("A:xx中小学校园足球节") == "A:{{学校名称}}中小学校园足球节"


def test_a_bold_passage_has_no_clause_break() -> None:
    page = "我代表**市人民政府，向各位表示欢迎！感谢你们对**经济的支持。"
    assert tpl(page).count("{{市名}}") == 2


# ---------------------------------------------------------------- one variable, one name

def test_the_same_county_has_one_name_everywhere() -> None:
    page = "xx县召开大会。\n会上，xx县委书记讲话。\n促进xx经济发展。"
    assert tpl(page) == "{{县名}}县召开大会。\n会上，{{县名}}县委书记讲话。\n促进{{县名}}经济发展。"


def test_a_token_of_several_entities_stays_generic_but_one_variable() -> None:
    page = "xx县和xx同志。\n促进xx发展，推动xx进步。"
    assert tpl(page).splitlines()[1] == "促进{{内容}}发展，推动{{内容}}进步。"


def test_a_token_of_one_kind_takes_its_most_frequent_name() -> None:
    page = "××镇党委。××镇政府。\n向××人民致敬。\n推动××发展。"
    assert tpl(page).splitlines()[2] == "推动{{镇名}}发展。"


def test_lunar_and_western_dates_are_two_variables() -> None:
    out = tpl("定于x月x日（农历x月x日）举行")
    assert out == "定于{{月份1}}月{{日期1}}日（农历{{月份2}}月{{日期2}}日）举行"


PAGES = [
    "xx县召开大会。\nxx县委书记讲话，xx镇镇长发言。\n促进xx经济发展。\n20xx年x月x日",
    "**市召开大会。\n给予**经济支持。\n**县委和**县政府。\n**、XX两市",
    "由……县教育局和……县教育工会主办。\n请……同志致辞。\n分……赛区进行。",
    "定于x月x日（农历x月x日）举行，x月x日报名。",
    "因病缺席 名，实到代表 名。\n年 月 日",
]


def _occurrences(page: str):
    """(name, original, what follows it) of every slot of ``page`` after the whole pipeline."""
    doc = slots.run(Document.from_text(page), _BOOK, Settings())
    for line in doc.lines:
        for span in line.spans:
            lunar = "农历" in line.text[max(0, span.start - 6):span.start]
            yield span.name, span.original.strip(), span.kind, (line.text[span.end:span.end + 1], lunar)


@pytest.mark.parametrize("page", PAGES)
def test_slots_are_named_consistently(page: str) -> None:
    """No variable under two names, no two variables under one name.

    A variable is a written placeholder in one naming context (the character after it, and
    the calendar: 农历 just before); blanks are each their own variable.
    """
    names_of: dict[tuple, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)
    for name, original, kind, after in _occurrences(page):
        if kind == "blank":
            continue
        names_of[(original, after)].add(name)
        written[name].add(original)
    assert all(len(n) == 1 for n in names_of.values()), names_of
    assert all(len(w) == 1 for w in written.values()), written
    # a placeholder that names one entity on the page is that entity everywhere, not 内容
    entities: dict[str, set[str]] = defaultdict(set)
    for (original, _ctx), names in names_of.items():
        entities[original].update(n.rstrip("0123456789") for n in names)
    for original, names in entities.items():
        assert not ("内容" in names and len(names - {"内容"}) == 1), (original, names)


def test_slots_are_named_consistently_on_the_samples() -> None:
    from pathlib import Path

    for page in sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt")):
        res = clean_text(page.read_bytes().decode("utf-8", "replace"))
        by_name: dict[str, set[str]] = defaultdict(set)
        for slot in res.slots:
            if slot["kind"] in ("blank", "existing"):
                continue
            by_name[slot["name"]].update(v.strip() for v in slot["values"])
        assert all(len(v) == 1 for v in by_name.values()), (page.name, by_name)


def test_a_line_of_only_a_placeholder_is_a_slot() -> None:
    assert tpl("此致\n××××\n") == "此致\n{{内容}}"
    assert tpl("XXX") == "{{内容}}"


def test_an_ellipsis_in_prose_does_not_warn() -> None:
    doc = run("他说了很多……我们都记得")
    assert not doc.warnings and not any(line.spans for line in doc.lines)


def test_a_page_wide_name_is_one_variable_per_placeholder() -> None:
    assert tpl("做好x工作，建设x系统，推动x事业") == "做好{{领域}}工作，建设{{领域}}系统，推动{{领域}}事业"


def test_padding_does_not_split_a_variable() -> None:
    assert tpl("(* 分)\n得 * 分") == "({{数量}}分)\n得{{数量}}分"


def test_a_whole_template_page() -> None:
    """A page of our own with most kinds of placeholder, blank and look-alike together."""
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    page = (fixtures / "slot_page.txt").read_text("utf-8")
    assert clean_text(page).template == (fixtures / "slot_page.expected").read_text("utf-8")


def test_placeholders_listed_with_a_comma_are_two_variables() -> None:
    assert tpl("由XX，XX负责") == "由{{内容1}}，{{内容2}}负责"


def test_a_company_suffix_is_unambiguous() -> None:
    assert tpl("**有限公司成立于2010年") == "{{单位名称}}有限公司成立于2010年"
