"""Typos found by word evidence (FW404-FW406, suggestions FW940), and their precision.

The precision test cleans several hundred correct sentences written for it (many genres, names,
numbers, quotations, Latin text, idioms used rightly, common words side by side): the typo stage
must not change any of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typo_helpers import assert_fixed_by, outcome, suggestions

from fanwen_clean import Settings, clean_text

DATA = Path(__file__).parent / "data" / "typos_clean_sentences.txt"
SENTENCES = [s for s in DATA.read_text("utf-8").splitlines() if s.strip() and not s.startswith("#")]


def typo_changes(result) -> list[dict]:
    return [c for c in result.changes if c["stage"] == "typos"]




def test_the_precision_set_is_large_and_varied():
    assert len(SENTENCES) >= 300
    assert len(set(SENTENCES)) == len(SENTENCES)


def test_correct_sentences_are_not_changed_as_one_page():
    result = clean_text("\n".join(SENTENCES) + "\n")
    assert typo_changes(result) == []


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_correct_sentence_is_not_changed(sentence):
    assert typo_changes(clean_text(sentence + "\n")) == []


@pytest.mark.parametrize(("source", "expected", "code"), [
    ("要注意防止电磁幅射对人体的危害。", "要注意防止电磁辐射对人体的危害。", "FW401"),
    ("我们要坚持实事求事的原则。", "我们要坚持实事求是的原则。", "FW405"),
    ("要加快基础设失建设。", "要加快基础设施建设。", "FW404"),
    ("全体同志决不半途而费。", "全体同志决不半途而废。", "FW405"),
    ("听到喜讯，大家心潮澎拜。", "听到喜讯，大家心潮澎湃。", "FW404"),
    ("他做事一向有条不稳。", "他做事一向有条不紊。", "FW405"),
    ("这件事让我收益匪浅。", "这件事让我受益匪浅。", "FW405"),
    ("我们这1次活动办得很成功。", "我们这一次活动办得很成功。", "FW406"),
    ("要统1认识，形成合力。", "要统一认识，形成合力。", "FW403"),
    ("要统1管控，分级负责。", "要统一管控，分级负责。", "FW406"),
    ("壹个人的力量是有限的。", "一个人的力量是有限的。", "FW406"),
    # idioms whose intact half is too common to be an anchor: found by their variants, whole
    ("这家老字号久赋盛名。", "这家老字号久负盛名。", "FW405"),
    ("这真是不可思义。", "这真是不可思议。", "FW405"),
    ("同学们意气奉发，走进考场。", "同学们意气风发，走进考场。", "FW405"),
])
def test_fixes(source, expected, code):
    result = clean_text(source + "\n")
    assert result.text == expected + "\n"
    assert code in {c["rule"] for c in result.changes}


@pytest.mark.parametrize("source", [
    "合同金额为人民币壹拾贰万元整。",  # a formal amount
    "他身高1米8，是第1名。",  # a count before a unit, an ordinal
    "我们要为共产主义奋斗终身。",  # two words that only look like a misspelt idiom
    "做人做事都要讲诚信。",
    "《心潮澎拜》是一首歌的名字。",  # titles are quoted as written
])
def test_near_misses_stay_without_suggestion(source):
    result = clean_text(source + "\n")
    assert result.text == source + "\n"
    assert suggestions(result) == []


def test_壹_as_a_formal_heading_stays():
    page = "壹、总则\n贰、组织机构\n"
    assert clean_text(page).text == page


def test_weak_evidence_is_a_suggestion_carrying_the_correction():
    source = "全场响起了热列的掌声。\n"  # no clause end after 热列: see test_typos_closed.py
    result = clean_text(source)
    assert result.text == source
    assert suggestions(result) == ["possible typo (FW404): 热列 → 热烈"]


def test_fix_suggestions_applies_them():
    result = clean_text("全场响起了热列的掌声。\n", settings=Settings(fix_suggestions=True))
    assert result.text == "全场响起了热烈的掌声。\n"
    assert "FW404" in {c["rule"] for c in result.changes}


def test_the_right_spelling_elsewhere_on_the_page_makes_a_fix():
    page = "气氛热烈，掌声热烈。\n全场响起了热列的掌声。\n"
    assert clean_text(page).text == "气氛热烈，掌声热烈。\n全场响起了热烈的掌声。\n"


def test_inside_a_quotation_a_strong_case_is_only_suggested():
    source = "他说：“要加快基础设失建设。”\n"
    result = clean_text(source)
    assert result.text == source
    assert suggestions(result) == ["possible typo (FW404): 基础设失 → 基础设施"]


@pytest.mark.parametrize(("source", "expected"), [
    ("他一丝不苟的做好每一件事。", "他一丝不苟地做好每一件事。"),
    ("我们紧紧的凝聚在一起。", "我们紧紧地凝聚在一起。"),
    ("我很轻松的完成了任务。", "我很轻松地完成了任务。"),
    ("调查对象真实的反映了情况。", "调查对象真实地反映了情况。"),
    ("我们要把事情办的更好，让群众满意。", "我们要把事情办得更好，让群众满意。"),
    ("她用渴望地眼睛看着我。", "她用渴望的眼睛看着我。"),
    ("推荐候选人得条件如下。", "推荐候选人的条件如下。"),
    ("遇到难题，还是要扎扎实实的干！", "遇到难题，还是要扎扎实实地干！"),
    ("老校长语重心长的说：“要珍惜时光。”", "老校长语重心长地说：“要珍惜时光。”"),
    ("大家慢慢的走。", "大家慢慢地走。"),
    ("这些规矩被生搬硬套的按照城里的做法执行。", "这些规矩被生搬硬套地按照城里的做法执行。"),
    ("考核结果最及时的反馈到每个班组。", "考核结果最及时地反馈到每个班组。"),
    ("全村的日子过的红红火火啦！", "全村的日子过得红红火火啦！"),
    ("要把认识提高到深刻地，完整的层次。", "要把认识提高到深刻的，完整的层次。"),
    ("队员们在决赛中发挥的十分出色。", "队员们在决赛中发挥得十分出色。"),
    ("我们要更快的把材料报上来。", "我们要更快地把材料报上来。"),
])
def test_particles(source, expected):
    assert_fixed_by(source + "\n", expected + "\n", "FW407")


@pytest.mark.parametrize("source", [
    "表达了深深的思念。",  # a verb at the end of its clause is a noun
    "给予了大大的支持和帮助。",
    "要十分紧迫的创建时间表。",  # the verb heads a noun phrase
    "他有力地佐证了这个观点。",  # an adjective before 地 is a manner word
    "这件事办得很漂亮。",
    "各地群众纷纷参与。",
    "妈妈的说法很对。",  # 妈妈 is an AA noun, not a manner word
    "星星的说法不对。",
    "满满的爱。",  # 爱 is a noun after 的: no bare verb
    "这是最重要的决定。",
    "北京、上海等地，大家的热情很高。",  # 等地 ends a list of places
    "我们要采取更好的对策。",  # 对策 is a noun, not the preposition 对
    "需要做的很多。",
])
def test_particles_near_misses(source):
    assert typo_changes(clean_text(source + "\n")) == []


def test_taiwan_vocabulary_on_a_converted_page():
    result = clean_text("這套軟體可以連接網路。\n軟體動物生活在海裡。\n")
    assert result.text == "这套软件可以连接网络。\n软体动物生活在海里。\n"
    assert "FW408" in {c["rule"] for c in result.changes}


def test_taiwan_words_stay_on_a_simplified_page_and_alone():
    page = "我用剪刀剪下一段绳子，这套软体很好用，也能连接网路。\n"
    assert clean_text(page).text == page  # not converted from Traditional
    lone = "這套軟體很好用。\n"
    assert clean_text(lone).text == "这套软体很好用。\n"  # one Taiwan word is no evidence


WRONG = [row.split("\t") for row in (Path(__file__).parent / "data" / "typos_wrong_sentences.tsv")
         .read_text("utf-8").splitlines() if row.strip() and not row.startswith("#")]




def test_recall_on_sentences_with_one_typo_each():
    """A floor, not a target: 23 of 40 fixed and 29 fixed or suggested when this was written."""
    outcomes = [outcome(w, r) for w, r in WRONG]
    fixed = sum(f for f, _ in outcomes)
    either = sum(s for _, s in outcomes)
    assert len(WRONG) >= 40
    assert fixed >= 0.5 * len(WRONG)
    assert either >= 0.65 * len(WRONG)


HELD_OUT = [row.split("\t") for row in (Path(__file__).parent / "data" / "typos_heldout_sentences.tsv")
            .read_text("utf-8").splitlines() if row.strip() and not row.startswith("#")]


def test_recall_on_sentences_written_before_tuning():
    """A floor, and an honest figure: 49 sentences, 18 fixed and 22 fixed or suggested (37% and 45%).

    The first 29 were written before this round's particle shapes (12 and 16 then), the last 20
    later and never tuned on (4 and 5): common 2-character words with one character wrong are
    the finders' weak spot (a unigram model cannot decide them; as suggestion-only misspellings
    they found none of the corpus typos and added noise, so they are not shipped).
    """
    outcomes = [outcome(w, r) for w, r in HELD_OUT]
    fixed = sum(f for f, _ in outcomes)
    either = sum(s for _, s in outcomes)
    assert len(HELD_OUT) >= 45
    assert all(w != r for w, r in HELD_OUT)
    assert fixed >= 17
    assert either >= 21
