"""The learned site-filler model (FW215): sentences that talk about the document to a reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanwen_clean import RuleBook, Settings, clean_text
from fanwen_clean.learn import stock_phrases
from fanwen_clean.rules import RuleError
from fanwen_clean.stages.boilerplate import compiled, talk
from fanwen_clean.stages.boilerplate.features import GREETING
from fanwen_clean.stages.boilerplate.model import load_model

# Sentences written for these tests.
TITLE = "社区志愿服务工作总结"
BODY1 = "今年以来，我们社区组织志愿者开展了环境整治、助老助残和文明劝导等活动，受到居民好评。"
BODY2 = "明年我们将继续组织志愿者开展各项活动，为居民办好事、办实事，把服务做得更细更实。"
INTRO = "编辑为您挑选了三篇同类稿件，不妨收藏起来慢慢参考。"


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def with_model(tmp_path: Path, body: str) -> RuleBook:
    f = tmp_path / "filler_model.toml"
    f.write_text('[[boilerplate_model]]\nmodel = "filler"\n' + body, "utf-8")
    return RuleBook((Path(__file__).resolve().parent.parent / "rules", f))


def clean_with(text: str, rules: RuleBook):
    from fanwen_clean import clean_bytes

    return clean_bytes(text.encode("utf-8"), settings=Settings(), rules=rules)


def test_an_intro_the_site_wrote_goes() -> None:
    r = clean_text(page(TITLE, INTRO, BODY1, BODY2))
    assert INTRO not in r.text
    assert BODY1 in r.text and BODY2 in r.text and TITLE in r.text
    assert "FW215" in {c["rule"] for c in r.changes}


def test_a_filler_sentence_glued_before_the_body_is_cut_off() -> None:
    r = clean_text(page(TITLE, INTRO + BODY1, BODY2))
    assert INTRO not in r.text
    assert BODY1 in r.text


@pytest.mark.parametrize("line", [
    "希望大家认真阅读这篇讲话，把精神落到实处。",  # the speaker to the audience, about the event
    "大家好，今天我们一起来学习这篇讲话。",  # a greeting
    "同志们，这份总结凝聚了全体职工的心血，请大家认真对照检查。",
    "谢谢大家！",
])
def test_body_sentences_that_mention_the_document_stay(line: str) -> None:
    for lines in ((TITLE, line, BODY1, BODY2), (TITLE, BODY1, BODY2, line)):
        assert line in clean_text(page(*lines)).text


def test_only_talking_sentences_are_scored() -> None:
    book = compiled(RuleBook())
    assert talk.text_features("编辑为您挑选了三篇同类稿件。", book) is not None
    assert talk.text_features(BODY1, book) is None  # about the event
    assert talk.text_features("尊敬的各位读者：", book) is None  # a greeting
    assert talk.text_features("一、本文的写作背景", book) is None  # a heading


def test_even_a_model_that_calls_everything_filler_removes_only_talk_at_the_edge(tmp_path: Path) -> None:
    rules = with_model(tmp_path, "bias = 30.0\nremove_at = 0.9\nwarn_at = 0.5\nweights = {}\n")
    middle = "我们把这篇稿件的要点整理出来，供大家学习参考。"  # talks, but in the middle of the body
    text = page(TITLE, BODY1, BODY2, middle, BODY1 + "继续努力。", BODY2 + "不断进步。", "大家好！")
    r = clean_with(text, rules)
    assert BODY1 in r.text and BODY2 in r.text and "大家好！" in r.text
    assert middle in r.text  # not where sites put filler: at most reported
    assert any(w["rule"] == "FW921" and "filler score" in w["message"] for w in r.warnings)


def test_a_doubtful_sentence_is_kept_and_reported_with_its_score(tmp_path: Path) -> None:
    rules = with_model(tmp_path, "bias = 0.0\nremove_at = 0.9\nwarn_at = 0.4\nweights = {}\n")
    r = clean_with(page(TITLE, INTRO, BODY1, BODY2), rules)
    assert INTRO in r.text
    assert any(w["rule"] == "FW921" and "filler score 0.50" in w["message"] for w in r.warnings)


def test_an_intro_leading_into_the_first_article_goes_whole(tmp_path: Path) -> None:
    rules = with_model(tmp_path, "bias = 30.0\nremove_at = 0.9\nwarn_at = 0.5\nweights = {}\n")
    teaser = "志愿服务是社区治理的重要力量。"  # the site's teaser before its intro
    intro = teaser + "接下来这两篇稿件由编辑挑出，不妨收藏参考。"
    r = clean_with(page("社区志愿服务工作总结（2篇）", intro, "社区志愿服务工作总结篇一", BODY1,
                        "社区志愿服务工作总结篇二", BODY2), rules)
    assert teaser not in r.text
    assert BODY1 in r.text and BODY2 in r.text


def test_sentences_give_the_paragraph_back() -> None:
    text = "导读：这是一段很长很长的引子文字，提供各种参考范例：一个人要坚持。他做到了！前言：好"
    parts = talk.sentences(text)
    assert "".join(parts) == text
    assert parts[1] == "一个人要坚持。"  # a long stretch before a colon ends a piece
    assert parts[-1] == "前言：好"  # a short key does not


def test_the_two_models_are_told_apart(tmp_path: Path) -> None:
    rules = with_model(tmp_path, "bias = 1.5\nweights = {voice = 2.0}\n")
    filler, line = load_model(rules, "filler"), load_model(rules, "line")
    assert filler is not None and filler.bias == 1.5 and filler.weights == {"voice": 2.0}
    assert line is not None and line.bias != 1.5  # the shipped line model is untouched
    with pytest.raises(ValueError):
        load_model(rules, "page")


def test_a_bad_model_section_is_an_error(tmp_path: Path) -> None:
    rules = with_model(tmp_path, 'bias = "high"\nweights = {}\n')
    with pytest.raises(RuleError):
        load_model(rules, "filler")


@pytest.mark.parametrize("body", ["bias = nan\nweights = {}\n", "bias = 0.5\nweights = {voice = inf}\n"])
def test_a_model_that_diverged_is_an_error(tmp_path: Path, body: str) -> None:
    with pytest.raises(RuleError):
        load_model(with_model(tmp_path, body), "filler")


def test_shipped_models_say_where_they_came_from() -> None:
    for e in RuleBook().family("boilerplate_model"):
        if e["_source"].endswith("boilerplate_model.toml"):
            assert e["model"] in ("line", "filler") and e["fitted"] and e["corpus"]


@pytest.mark.parametrize("line", ["老师们，同学们：", "大家上午好！", "谢谢大家！", "此致",
                                  "尊敬的各位来宾："])
def test_greetings_are_a_shape_and_never_proposed(line: str) -> None:
    assert GREETING.search(line)
    assert stock_phrases(RuleBook()).match(line)


def test_talk_that_opens_like_a_greeting_is_no_greeting() -> None:
    assert not GREETING.search("大家好，今天编辑为大家整理了几篇范文，欢迎阅读和收藏，希望对你有用。")


def test_the_site_turning_to_the_reader_after_a_comma_is_a_piece_of_its_own() -> None:
    text = "社区是居民共同的家园，以下是为大家整理的两篇总结，供大家参考。"
    assert talk.sentences(text) == ["社区是居民共同的家园，", "以下是为大家整理的两篇总结，供大家参考。"]


@pytest.mark.parametrize("line", ["请大家认真阅读这份方案，逐条抓好落实。",
                                  "希望你们读完这篇文章后展开讨论。"])
def test_the_document_calling_on_its_audience_is_never_scored(line: str) -> None:
    book = compiled(RuleBook())
    assert talk.text_features(line, book) is None
    assert talk.text_features("编辑为您挑选了这篇方案，欢迎阅读。", book) is not None


def test_the_own_training_pages_hold_their_labels() -> None:
    pages = RuleBook().family("filler_train")
    assert len(pages) >= 10
    for e in pages:
        labels = [*e.get("chrome", []), *e.get("keep", [])]
        assert labels and all(s in e["page"] for s in labels), e["why"]
    assert sum(len(e.get("chrome", [])) for e in pages) and sum(len(e.get("keep", [])) for e in pages)
