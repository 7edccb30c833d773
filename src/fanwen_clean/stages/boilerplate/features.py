"""Features of a line for the line classifier: shapes that carry across sites.

Two kinds: what the text is (length, shares of Han/ASCII/digits/punctuation, sentence end,
key:value, date/time/count/size/URL shapes, the site's voice, talk about the document to a
reader, how much of it reads as dictionary words) — remembered per text — and where it
stands (header, footer or body; distance to the body; the page title).  Every feature is a
number in [0, 1]; the names are the keys of the weights in rules/boilerplate_model.toml.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from ...lexicon import lexicon
from ...shapes import CLAUSE, DATETIME, HAN, HEADING, SENTENCE_END

_ASCII_ALPHA = regex.compile(r"[A-Za-z]")
_DIGIT = regex.compile(r"\d")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_KV = regex.compile(r"(?:^|[\s|｜【】])[^\s:：|｜【】]{1,8}[:：]")
_DATE = regex.compile(r"(?:19|20)\d{2}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?)")
_TIME = regex.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?")
_COUNT = regex.compile(r"\d+(?:\.\d+)?\s*[万wW千kK]?\s*(?:次|人|页|字|篇|条|张|份|个|楼|赞|分|元|积分)")
_SIZE = regex.compile(r"\d+(?:\.\d+)?\s*(?:KB|MB|kb|mb|K|M|B)\b")
_URL = regex.compile(r"https?://|www\.|[a-z0-9-]+\.(?:com|cn|net|org)\b")
_SEPARATORS = regex.compile(r"[|｜>»›/／→_]")
_BRACKETED = regex.compile(r"^[【\[《(（].{0,30}[】\]》)）][:：]?$")
_SALUTE = regex.compile(r"(?:尊敬|敬爱|亲爱|各位|同志|同学|老师|朋友|领导|家长|来宾|嘉宾|女士|先生|们)[^:：]{0,12}[:：]$")

# word groups: the site speaking, actions on the page, talk about the document, the reader
SITE_VOICE = ("小编", "本站", "本网", "网站", "站长", "网友", "用户", "文库", "频道", "栏目")
PAGE_ACTION = ("下载", "收藏", "会员", "积分", "上传", "登录", "注册", "点击", "分享", "举报", "关注",
               "订阅", "复制", "打印", "浏览", "评论", "预览", "查看", "搜索", "VIP", "APP", "投诉", "版权")
DOC_TALK = ("本文", "这篇", "此文", "范文", "稿件", "样本", "文档", "资料", "模板", "整理", "参考",
            "阅读", "借鉴", "全文", "内容", "精选", "推荐", "相关", "更多", "导读", "摘要", "简介")
READER = ("您", "你", "大家", "你们")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line stands on its page."""

    header: bool  # before the first body paragraph
    footer: bool  # after the last body paragraph
    distance: int  # lines from the body (0 inside it)
    top: bool  # the first line of the page
    title: str  # the first line of the page (its text)


def _share(pattern: regex.Pattern, text: str) -> float:
    return len(pattern.findall(text)) / len(text)


def _count(words: tuple[str, ...], text: str) -> float:
    return min(sum(w in text for w in words), 3) / 3


def word_cover(text: str) -> tuple[float, bool]:
    """(share of the Han characters covered by dictionary words of 2+ characters, holds a verb)."""
    lex = lexicon()
    covered = 0
    han = 0
    verb = False
    i = 0
    n = len(text)
    while i < n:
        if not HAN.match(text[i]):
            i += 1
            continue
        han += 1
        longest = ""
        for w in lex.words_at(text, i):
            longest = w
        if longest:
            covered += len(longest)
            han += len(longest) - 1
            verb = verb or lex.tag(longest).startswith("v")
            i += len(longest)
        else:
            i += 1
    return (covered / han if han else 0.0), verb


def text_features(text: str) -> dict[str, float]:
    """The features of the text of a line (the line's core), wherever it stands."""
    n = len(text)
    cover, verb = word_cover(text)
    han = _share(HAN, text)
    f = {
        "len": min(math.log1p(n) / math.log1p(200), 1.0),
        "short": float(n <= 6),
        "han": han,
        "ascii": _share(_ASCII_ALPHA, text),
        "digit": _share(_DIGIT, text),
        "punct": _share(_PUNCT, text),
        "space": min(text.count(" ") / 4, 1.0),
        "sentence_end": float(SENTENCE_END.search(text) is not None),
        "clause": float(CLAUSE.search(text) is not None),
        "colon_end": float(text.endswith((":", "："))),
        "kv": min(len(_KV.findall(text)) / 2, 1.0),
        "date": float(_DATE.search(text) is not None),
        "time": float(_TIME.search(text) is not None),
        "datetime": float(DATETIME.search(text) is not None),
        "count": float(_COUNT.search(text) is not None),
        "size": float(_SIZE.search(text) is not None),
        "url": float(_URL.search(text) is not None),
        "separators": min(len(_SEPARATORS.findall(text)) / 3, 1.0),
        "bracketed": float(_BRACKETED.match(text) is not None),
        "heading": float(HEADING.match(text) is not None),
        "site_voice": _count(SITE_VOICE, text),
        "page_action": _count(PAGE_ACTION, text),
        "doc_talk": _count(DOC_TALK, text),
        "reader": _count(READER, text),
        "cover": cover,
        "uncovered": (1.0 - cover) * han,
        "verb": float(verb),
    }
    f["talk_to_reader"] = float(f["reader"] > 0 and (f["doc_talk"] > 0 or f["site_voice"] > 0))
    return f


def place_features(text: str, place: Place) -> dict[str, float]:
    """The features of where the line stands."""
    return {
        "header": float(place.header),
        "footer": float(place.footer),
        "near": math.exp(-place.distance / 3) if place.distance else 0.0,
        "top": float(place.top),
        "title_sim": _similar(text, place.title) if not place.top else 0.0,
    }


def _similar(a: str, b: str) -> float:
    """Share of the character pairs of ``a`` that the title ``b`` holds too."""
    pa = {a[i:i + 2] for i in range(len(a) - 1)}
    if not pa or len(b) < 2:
        return 0.0
    pb = {b[i:i + 2] for i in range(len(b) - 1)}
    return len(pa & pb) / len(pa)


def reads_as_body(text: str, f: dict[str, float]) -> bool:
    """Precision first: a heading, a salutation, or a sentence that does not speak as the site
    about the document is never removed by the classifier."""
    if f["heading"] or _SALUTE.search(text):
        return True
    voiced = f["site_voice"] or f["page_action"] or f["talk_to_reader"] or f["url"]
    return not voiced and bool(f["sentence_end"] or (f["clause"] and f["verb"] and len(text) >= 20))
