"""Stage anonymize (issue 6): real people, places, units and dates become slots, reversibly."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from fanwen_clean import RuleBook, Settings, clean_text, fill
from fanwen_clean.cli import main
from fanwen_clean.corpus_names import CorpusNames
from fanwen_clean.document import Document
from fanwen_clean.rules import default_rules_dir
from fanwen_clean.stages import anonymize

ALL = frozenset({"people", "places", "orgs", "dates"})
NAMES = frozenset({"people", "places", "orgs"})
KINDS = ("person", "place", "org", "date")


def anon(text: str, kinds=NAMES, operator: str = "replace", rules: RuleBook | None = None):
    return clean_text(text, rules=rules, settings=Settings(anonymize=frozenset(kinds), operator=operator))


def found(res) -> dict[str, list[str]]:
    """Slot name → originals of the slots this stage made."""
    mine = {c["after"][2:-2] for c in res.changes if c["stage"] == "anonymize"}
    return {s["name"]: s["values"] for s in res.slots if s["name"] in mine}


def values(res) -> set[str]:
    return {v for vs in found(res).values() for v in vs}


# --- people -----------------------------------------------------------------------------

def test_title_before_and_after_name_title_stays_outside():
    res = anon("会上，县委书记赵立群作了讲话，孙海涛局长通报了情况。\n")
    assert res.template == "会上，县委书记{{姓名1}}作了讲话，{{姓名2}}局长通报了情况。\n"
    assert found(res) == {"姓名1": ["赵立群"], "姓名2": ["孙海涛"]}


def test_given_name_alone_before_tongzhi_each_numbered():
    res = anon("刚才，晓东同志传达了文件精神，丽萍同志作了说明，振华同志还要作安排。\n")
    assert res.template.count("同志") == 3
    assert values(res) == {"晓东", "丽萍", "振华"}
    assert len(found(res)) == 3


def test_names_padded_with_spaces_and_after_a_colon():
    res = anon("评委名单\n市工会秘书长： 何 平\n市工会宣教部长：贺晓云\n宋 涛 先生致辞\n")
    assert values(res) == {"何 平", "贺晓云", "宋 涛"}
    assert "秘书长：{{姓名1}}" in res.template and "{{姓名3}} 先生致辞" in res.template


def test_surname_with_title_and_names_listed_before_a_named_one():
    assert values(anon("我代表李书记讲几点意见。\n")) == {"李"}
    res = anon("会上，王书记讲了话。参加调研的有：刘国平、郑晓、孙海涛同志。\n")
    assert values(res) == {"王", "刘国平", "郑晓", "孙海涛"}
    assert "{{姓名1}}书记" in res.template


def test_names_closing_a_list_with_deng():
    res = anon("获奖的有：刘国平、郑晓等同志，临夏州和甘南州的代表也来了。\n")
    assert values(res) == {"刘国平", "郑晓", "临夏州", "甘南州"}


def test_compound_surname():
    res = anon("请欧阳明华主任讲话。\n")
    assert values(res) == {"欧阳明华"}


def test_same_person_one_slot_and_given_name_joins_full_name():
    res = anon("副县长钱志远出席会议。\n会后，志远同志又到现场查看，钱志远副县长表示满意。\n")
    assert found(res) == {"姓名": ["钱志远", "志远"]}


def test_nickname_of_a_guide():
    res = anon("各位游客，到了景点后，小周先给大家讲讲这里的故事。\n")
    assert values(res) == {"小周"}


@pytest.mark.parametrize("text", [
    "同志们，今天我们召开大会。\n",                              # an address, not a name
    "省委书记在会上强调，局长和主任要带头落实。\n",                # titles without names
    "书记高度重视，局长方向明确。\n",                            # words that start with a surname character
    "今年是建校六十周年，走进童话王国。\n",
    "有的同志认为，个别同志还有畏难情绪，部分同志没有到位。\n",
    "县（市、区）同志的敬业精神值得学习。\n",
    "维修队由几位退休的老师傅组成，市长江大桥管理处也来了。\n",
    "为何老师不来？任何书记都要带头。\n",
])
def test_look_alikes_are_not_people(text):
    assert values(anon(text)) == set()


def test_historical_figures_in_context_stay():
    assert values(anon("本地绅士许文澜先生捐资办学。\n")) == {"许文澜"}
    assert values(anon("民国时期，本地绅士许文澜先生捐资办学。\n")) == set()
    text = "这里人文荟萃，蜀汉大将军姜维、唐代诗人高适等先贤生息此地，毛主席也曾题词。\n"
    assert values(anon(text)) == set()


# --- places -----------------------------------------------------------------------------

def test_gazetteer_with_and_without_suffix_one_slot_per_place():
    res = anon("平凉籍的专家，平凉市的企业，都来到了清水县。\n")
    assert res.template == "{{市名}}籍的专家，{{市名}}的企业，都来到了{{县名}}。\n"
    assert sorted(found(res)["市名"]) == ["平凉", "平凉市"]


def test_bare_county_names_and_word_boundaries():
    res = anon("我们赴宁都、于都学习，关于都市建设的共同安全问题另议。\n")
    assert values(res) == {"宁都", "于都"}


def test_suffixed_form_on_the_page_unlocks_the_bare_form():
    # 麻城 alone is too word-like to trust, but the page names 麻城市 too
    res = anon("小分队赴麻城调研。\n队员在麻城市完成了任务。\n")
    assert values(res) == {"麻城", "麻城市"}


def test_literary_names_of_provinces():
    res = anon("开展“书香陇原”阅读活动，做文明有礼甘肃人，八闽大地也一样。\n")
    assert found(res)["省名1"] == ["陇原", "甘肃"] and found(res)["省名2"] == ["八闽"]


def test_place_glued_to_a_placeholder_is_not_a_place():
    assert values(anon("要抓好x镇安监办的工作。\n")) == set()
    assert values(anon("排查结果报镇安监办汇总。\n")) == set()


def test_single_character_short_forms_are_not_places():
    assert values(anon("孔门弟子石作蜀与蜀汉名将的故事。\n")) == set()


def test_towns_and_villages_by_suffix():
    res = anon("柳溪镇和大石桥镇、白鹭乡先后被评为省级文明镇，新兴镇王家村被评为文明村。\n")
    assert values(res) == {"柳溪镇", "大石桥镇", "白鹭乡", "新兴镇", "王家村"}


def test_hamlet_surname_jia_landform():
    assert values(anon("李家沟遗址的发掘很有意义。\n")) == {"李家沟"}


@pytest.mark.parametrize("text", [
    "全县各乡镇要抓好美丽乡村建设，推进城镇化，把城乡社区建好。\n",
    "全村村民和本村干部一起，把贫困村建成示范村。\n",
    "驻村干部进社区开展服务，回到家乡的青年也来了。\n",
    "工业重镇和特色小镇，古镇和新农村，山村和渔村。\n",
    "他身在异国，心怀乡国，大家一起参加镇机关的活动。\n",
])
def test_place_look_alikes(text):
    assert values(anon(text)) == set()


# --- organisations ----------------------------------------------------------------------

def test_units_built_on_places():
    res = anon("中共临川县委宣传部和上海市普陀区教育局联合发文，沙市热电厂党委书记致辞。\n")
    assert values(res) == {"中共临川县委宣传部", "上海市普陀区教育局", "沙市热电厂党委"}


def test_units_of_towns_and_villages():
    res = anon("石门乡政府和柳溪镇人民政府、桃园村委会联合举办，柳溪镇党委书记方建华致辞。\n")
    assert values(res) == {"石门乡政府", "柳溪镇人民政府", "桃园村委会", "柳溪镇党委", "方建华"}


def test_orgs_without_places_kind_still_hide_the_place():
    res = anon("甘肃省文明办召开会议。\n", kinds={"orgs"})
    assert values(res) == {"甘肃省文明办"}


# --- dates ------------------------------------------------------------------------------

def test_dates_only_when_asked():
    text = "2016年3月5日召开了大会，2019年通过复核，1920xx年这种坏年份不算。\n"
    assert values(anon(text)) == set()
    res = anon(text, kinds=ALL)
    assert values(res) == {"2016年3月5日", "2019年"}


# --- allow-list -------------------------------------------------------------------------

def test_allow_list_keeps_national_names():
    text = "学习习近平新时代中国特色社会主义思想和邓小平理论，在党中央领导下，弘扬延安精神。\n"
    res = anon(text)
    assert values(res) == set() and res.template == text


def test_user_extends_the_allow_list(tmp_path: Path):
    text = "请王建国局长讲话。\n"
    assert values(anon(text)) == {"王建国"}
    (tmp_path / "allow_names.txt").write_text("王建国\n", "utf-8")
    assert values(anon(text, rules=RuleBook.with_user([tmp_path]))) == set()


# --- operators, report, fill ------------------------------------------------------------

PAGE = ("同志们：\n刚才，晓东同志传达了会议精神，县长李明远作了部署。\n"
        "柳溪镇、白鹭乡和清水县城关的干部要向中共清水县委组织部报告，x镇也一样。\n"
        "2019年3月5日，李明远县长到柳溪镇调研。{{原样}}\n")


def test_fill_with_the_report_gives_the_page_back():
    res = anon(PAGE, kinds=ALL)
    assert {"晓东", "李明远", "柳溪镇", "白鹭乡", "中共清水县委组织部", "2019年3月5日"} <= values(res)
    report = json.loads(json.dumps(res.as_dict()))
    assert fill(res.template, report) == res.text
    assert res.text == clean_text(PAGE).text  # the stage never changes the text


def test_no_originals_leaves_them_out():
    res = clean_text(PAGE, settings=Settings(anonymize=NAMES, keep_originals=False))
    report = res.as_dict(originals=False)
    assert "李明远" not in json.dumps([report["slots"], report["changes"]], ensure_ascii=False)
    assert "李明远" not in report["template"]


def test_mask_operator_gives_readable_prose():
    res = anon(PAGE, operator="mask")
    assert "县长某某" in res.template and "某地、某地" in res.template
    assert "{{某" not in res.template and "李明远" not in res.template
    assert fill(res.template, res.as_dict()) == res.text


def test_keep_operator_reports_only():
    res = anon(PAGE, operator="keep")
    assert not found(res) and "李明远" in res.template
    assert any(w["rule"] == "FW690" and "李明远" in w["message"] for w in res.warnings)


def test_stage_off_returns_the_document_itself():
    doc = Document.from_text("县长李明远讲话。\n")
    assert anonymize.run(doc, RuleBook(), Settings()) is doc


# --- precision on prose without names ---------------------------------------------------

PROSE = """各位领导、同志们：
今天，我们在这里召开全县工作推进会，主要任务是总结去年的工作，安排部署今年的重点任务。刚才，有关同志作了很好的发言，我完全同意。
过去一年，在上级党委、政府的正确领导下，全县上下高度重视，方向明确，各乡镇、各部门、各单位团结协作，城镇化水平稳步提高，美丽乡村建设取得新进展，农村人居环境明显改善，全村村民的获得感不断增强。
我们坚持以人民为中心，把群众满意作为工作的出发点和落脚点，社区服务更加便捷，示范村、文明村创建扎实推进，特色小镇和古镇保护协调发展。
同时也要看到，个别同志思想上还有松懈情绪，部分单位工作作风不实，少数干部担当精神不足，这些问题必须高度重视，认真加以解决。
今年是建县六十周年，也是全面推进乡村振兴的关键之年。各级领导干部要带头学习，主动作为，一级抓一级，层层抓落实，以优异成绩向党和人民交上一份满意的答卷。
书记和局长要亲自抓，主任要具体抓，分管领导要靠前指挥。驻村干部要进村入户，和老百姓打成一片，真正做到情况明、底数清。
同志们，任务艰巨，使命光荣。让我们紧密团结在党中央周围，以更加饱满的热情、更加务实的作风，奋力谱写新时代发展的新篇章！
"""


def test_no_slot_in_prose_without_names():
    res = anon(PROSE, kinds=ALL)
    assert found(res) == {}
    assert res.template == clean_text(PROSE).template


# --- corpus scope -----------------------------------------------------------------------

def test_corpus_scope_same_name_same_slot_across_pages(tmp_path: Path):
    names = CorpusNames(tmp_path / "map.json")
    a = names.relabel(anon("县长李明远到柳溪镇调研。\n"))
    b = names.relabel(anon("副县长王青和县长李明远一起到白鹭乡调研。\n"))
    assert found(a)["姓名1"] == ["李明远"] and found(b)["姓名1"] == ["李明远"]
    assert found(b)["姓名2"] == ["王青"]
    assert found(a)["镇名1"] == ["柳溪镇"] and found(b)["镇名2"] == ["白鹭乡"]
    for r in (a, b):
        assert fill(r.template, r.as_dict()) == r.text
    names.save()
    again = CorpusNames(tmp_path / "map.json").relabel(anon("王青讲话后，副县长王青离开。\n"))
    assert found(again) == {"姓名2": ["王青"]}


def test_corpus_scope_moves_a_clashing_placeholder_aside():
    names = CorpusNames()
    names.relabel(anon("县长李明远讲话。\n"))
    r = names.relabel(anon("副县长王青、x同志和县长李明远一起调研。\n"))
    assert found(r)["姓名2"] == ["王青"] and found(r)["姓名1"] == ["李明远"]
    assert fill(r.template, r.as_dict()) == r.text
    assert len({s["name"] for s in r.slots}) == len(r.slots)


def test_cli_corpus_scope_with_mapping(tmp_path: Path):
    for i, text in enumerate(["县长李明远到柳溪镇调研。\n", "副县长王青陪同县长李明远调研。\n"]):
        (tmp_path / f"{i}.txt").write_text(text, "utf-8")
    mapping = tmp_path / "names.json"
    out = CliRunner().invoke(main, ["clean", "--anonymize", "--scope", "corpus", "--mapping", str(mapping),
                                    "--format", "jsonl", "-q", "-j", "1", str(tmp_path)])
    assert out.exit_code == 0, out.output
    pages = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert "{{姓名1}}" in pages[0]["template"] and "县长{{姓名1}}调研" in pages[1]["template"]
    assert json.loads(mapping.read_text("utf-8"))["names"]


def test_cli_bare_anonymize_leaves_dates():
    out = CliRunner().invoke(main, ["clean", "--anonymize", "-q", "-"], input="2019年，县长李明远讲话。\n")
    assert out.exit_code == 0 and out.output == "2019年，县长{{姓名}}讲话。\n"


# --- rule data --------------------------------------------------------------------------

def _examples():
    data = tomllib.loads((default_rules_dir() / "anonymize.toml").read_text("utf-8"))
    return [(e["code"], src, want) for e in data["anonymize"] for src, want in e.get("examples", [])]


@pytest.mark.parametrize(("code", "src", "want"), _examples())
def test_rule_examples(code, src, want):
    assert anon(src + "\n", kinds=ALL).template == want + "\n", code


def test_every_rule_entry_is_documented():
    for e in RuleBook().family("anonymize"):
        assert e["code"].startswith("FW6") and e["description"], e


def test_gazetteer_is_the_national_list():
    rows = RuleBook().table("places")
    assert len(rows) > 3000
    assert len({r["name"] for r in rows if r["level"] == "province"}) == 34


# --- robustness -------------------------------------------------------------------------


_PIECES = [
    "王", "李", "欧阳", "明华", "同志", "同志们", "书记", "县长", "：", "、", "，", "。", "x", "xx",
    "{{", "}}", "甘肃", "省", "平凉", "市", "清水", "县", "镇", "乡", "村", "社区", "中共", "委",
    "局", "工委", "2019年", "3月5日", "家", "坪", "小", "老", "林", "文明", "新兴", "的", "和", "在",
    "先生", "习近平", " ", "\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_text_fills_back(pieces):
    text = "".join(pieces)
    res = anon(text, kinds=ALL)
    assert fill(res.template, res.as_dict()) == res.text
    assert res.text == clean_text(text).text


def test_no_originals_keeps_names_out_of_every_field():
    res = clean_text(PAGE, settings=Settings(anonymize=frozenset({"people", "places", "orgs"}),
                                             keep_originals=False))
    dumped = json.dumps(res.as_dict(originals=False), ensure_ascii=False)
    assert "李明远" not in dumped
