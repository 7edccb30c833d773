"""Features of a line for the line classifier: shapes that carry across sites.

Two kinds: what the text is (length, shares of Han/ASCII/digits/punctuation, sentence end,
key:value, date/time/count/size/URL shapes, the site's voice, talk about the document to a
reader, how much of it reads as dictionary words) — remembered per text — and where it
stands (header, footer or body; distance to the body; the page title).  Every feature is a
number in [0, 1]; the names are the keys of the weights in rules/boilerplate_model.toml.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import regex

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...rules import RuleBook, RuleError
from ...shapes import CLAUSE, DATETIME, HAN, HEADING, SENTENCE_END
from .literals import WordGroups

_ASCII_ALPHA = compile_rule(r"[A-Za-z]")
_DIGIT = compile_rule(r"\d")
_PUNCT = compile_rule(r"[\p{P}\p{S}]")
_KV = compile_rule(r"(?:^|[\s|｜【】])[^\s:：|｜【】]{1,8}[:：]")
_DATE = compile_rule(r"(?:19|20)\d{2}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?)")
_TIME = compile_rule(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?")
_COUNT = compile_rule(r"\d+(?:\.\d+)?\s*[万wW千kK]?\s*(?:次|人|页|字|篇|条|张|份|个|楼|赞|分|元|积分)")
_SIZE = compile_rule(r"\d+(?:\.\d+)?\s*(?:KB|MB|kb|mb|K|M|B)\b")
_URL = compile_rule(r"https?://|www\.|[a-z0-9-]+\.(?:com|cn|net|org)\b")
_SEPARATORS = compile_rule(r"[|｜>»›/／→_]")
_BRACKETED = compile_rule(r"^[【\[《(（].{0,30}[】\]》)）][:：]?$")
SALUTATION = compile_rule(r"(?:尊敬|敬爱|亲爱|各位|同志|同学|老师|朋友|领导|家长|来宾|嘉宾|女士|先生|们|单位"
                           r"|部门|同仁|群众|乡亲|村民|代表|职工|员工|干部|学生|家人)[^:：]{0,12}[:：]$")
# greetings, openers and sign-offs: the body's own voice, never removed nor proposed as chrome (a
# salutation ending in a colon, or a short line opening with a greeting word: 大家好！ 此致 谢谢大家)
_OPENERS = ("尊敬的|敬爱的|亲爱的|各位|同志们|朋友们|同学们|老师们|大家(?:上午|下午|晚上)?好|谢谢|感谢大家"
            "|此致|敬礼|你们好|您好|你好")
GREETING = compile_rule(rf"(?:{SALUTATION.pattern})|^(?:{_OPENERS})[^。！？!?]{{0,14}}[。！？!?，,：:]?$")
_SPEAKER = compile_rule(r"^(?:男|女|甲|乙|合|主持人?|[男女][\d一二]|[ABＡＢ])[:：]")
_PLACEHOLDER = compile_rule(r"[xX×＊*]{2,}|某某|[xX×]年|\{\{[^{}]{1,40}\}\}"
                             r"|[:：]\s*[【\[][^】\]]{1,12}[】\]]$|关于.{2,40}(?:通知|意见|决定|办法|方案|报告|请示|函)$")

_GENRE_END = compile_rule(r"(?:[（(](?:精选|通用|合集|最新|优选)?\s*[\d一二三四五六七八九十]+篇[）)]"
                           r"|[\d一二三四五六七八九十]+篇)$")
# what may follow the genre word of a title: (试行) ◆ … (possessive: no backtracking)
_TRAILING = compile_rule(r"(?:[(（][^()（）]{1,8}[)）]|[^\p{Han}])++$")
_PIAN = compile_rule(r"[\d一二三四五六七八九十]+篇|篇[一二三四五六七八九十\d]")


def word_groups(rules: RuleBook, family: str = "boilerplate_words") -> dict[str, tuple[str, ...]]:
    """The word groups of a family (rules/boilerplate_words.toml, or filler_words in
    rules/boilerplate_filler.toml): group name -> words."""
    out: dict[str, tuple[str, ...]] = {}
    for e in rules.family(family):
        try:
            out[str(e["group"])] = out.get(str(e["group"]), ()) + tuple(map(str, e["words"]))
        except (KeyError, TypeError) as exc:
            raise RuleError(f"{e.get('_source')}: bad {family} entry: {exc}") from None
    return out


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line stands on its page."""

    header: bool  # before the first body paragraph
    footer: bool  # after the last body paragraph
    distance: int  # lines from the body (0 inside it)
    title: str  # the first line of the page (its text)
    in_list: bool  # the lines before and after it are short and no prose either (a list of links)


def _share(pattern: regex.Pattern, text: str) -> float:
    return len(pattern.findall(text)) / len(text)


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


def body_facts(text: str, groups: WordGroups) -> dict[str, float]:
    """The features of a line's text that :func:`reads_as_body` looks at: the cheaper part of
    :func:`text_features`, enough to set aside the lines that read as body (most of them)."""
    f = {
        "sentence_end": float(SENTENCE_END.search(text) is not None),
        "clause": float(CLAUSE.search(text) is not None),
        "colon_end": float(text.endswith((":", "："))),
        "url": float(_URL.search(text) is not None),
        "heading": float(HEADING.match(text) is not None),
        "genre_end": float(_GENRE_END.search(text) is not None
                           or _TRAILING.sub("", text).endswith(groups.groups.get("genre", ()))),
    }
    f.update(groups.counts(text))
    f["talk_to_reader"] = float(bool(f.get("reader")) and bool(f.get("doc_talk") or f.get("site_voice")))
    return f


def text_features(text: str, groups: WordGroups, known: dict[str, float] | None = None) -> dict[str, float]:
    """The features of the text of a line (the line's core), wherever it stands; ``groups``:
    the word groups (one feature each); ``known``: its :func:`body_facts`, if computed already.
    The keys come in a fixed order (the model's score sums them in it)."""
    k = known if known is not None else body_facts(text, groups)
    n = len(text)
    f = {
        "len": min(math.log1p(n) / math.log1p(200), 1.0),
        "short": float(n <= 6),
        "han": _share(HAN, text),
        "ascii": _share(_ASCII_ALPHA, text),
        "digit": _share(_DIGIT, text),
        "punct": _share(_PUNCT, text),
        "space": min(text.count(" ") / 4, 1.0),
        "sentence_end": k["sentence_end"],
        "clause": k["clause"],
        "colon_end": k["colon_end"],
        "kv": min(len(_KV.findall(text)) / 2, 1.0),
        "date": float(_DATE.search(text) is not None),
        "time": float(_TIME.search(text) is not None),
        "datetime": float(DATETIME.search(text) is not None),
        "count": float(_COUNT.search(text) is not None),
        "size": float(_SIZE.search(text) is not None),
        "url": k["url"],
        "separators": min(len(_SEPARATORS.findall(text)) / 3, 1.0),
        "bracketed": float(_BRACKETED.match(text) is not None),
        "heading": k["heading"],
        "genre_end": k["genre_end"],
        "pian": float(_PIAN.search(text) is not None),
    }
    for name in groups.names:  # after the fixed keys, as an update would (a same name overrides)
        f[name] = k[name]
    f["talk_to_reader"] = k["talk_to_reader"]
    return f


def word_features(text: str, f: dict[str, float]) -> dict[str, float]:
    """The features that need the word table (dearer: only for lines that may be chrome)."""
    cover, verb = word_cover(text)
    return {"cover": cover, "uncovered": (1.0 - cover) * f["han"], "verb": float(verb)}


def place_features(text: str, place: Place, title_pairs: frozenset[str]) -> dict[str, float]:
    """The features of where the line stands; ``title_pairs``: see :func:`pairs`."""
    return {
        "header": float(place.header),
        "footer": float(place.footer),
        "near": math.exp(-place.distance / 3) if place.distance else 0.0,
        "in_list": float(place.in_list),
        "title_sim": _similar(text, title_pairs),
    }


@functools.lru_cache(maxsize=256)  # a page's title is compared in every round (kept small: sets weigh)
def pairs(text: str) -> frozenset[str]:
    """The character pairs of a text (to compare a line with the page title)."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _similar(a: str, title_pairs: frozenset[str]) -> float:
    """Share of the character pairs of ``a`` that the title holds too."""
    pa = pairs(a)
    if not pa or not title_pairs:
        return 0.0
    return len(pa & title_pairs) / len(pa)


CHROME_GROUPS = ("site_voice", "page_action", "doc_talk", "nav", "viewer", "meta_key")
_CN_DATE = compile_rule(r"[(（]?(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?[)）]?"
                         r"|[(（]?[二〇零一二三四五六七八九十○]{4}年.{1,6}日[)）]?")
_HAN_ONLY = compile_rule(r"[\p{Han}\s《》“”（）()、·:：]+")
_KEY = compile_rule(r"^\p{Han}{1,6}[:：]\s*")
_NO_WORDS = compile_rule(r"[^\p{Han}A-Za-z\d]+")
# a subtitle, an annex, a table row, a quotation
_ASIDE = compile_rule(r"^(?:——|--|附[:：件]|注[:：])|[|｜]$|^“[^“”]{2,60}”$")
_NUMBERED = compile_rule(r"(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d])$")
_FORM = compile_rule(r"年\s*月\s*日|[_＿]{2,}|-{4,}|[(（]盖章[)）]|签字|签名|签章")


STRONG_GROUPS = ("site_voice", "page_action", "viewer", "meta_key")


def reads_as_body(text: str, f: dict[str, float]) -> bool:
    """Precision first: lines the classifier never removes.

    A heading, a greeting or salutation (GREETING), a speaker's turn (男：), a subtitle
    (——…), an annex, a table row; template text (XXX, 某某) or a 关于…通知 title; a line
    of a form (blanks, 年月日, 签字); a date or punctuation alone; a line that ends in a colon
    (a form label), holds Chinese words alone, or is shaped like a title
    (…讲话稿, …(二)), unless it holds a word of the site; a line with clause punctuation
    unless it speaks as the site.
    """
    if f["heading"] or _ASIDE.search(text) or GREETING.search(text) or _SPEAKER.search(text):
        return True
    if _PLACEHOLDER.search(text):  # template text (申请人：XXX) or a document title
        return True
    # a date written in words (alone, after a key, or opening a meeting time) is the document's
    if _CN_DATE.match(_KEY.sub("", text)) or _NO_WORDS.fullmatch(text) or _FORM.search(text):
        return True
    chrome = any(f.get(g) for g in CHROME_GROUPS)
    if not chrome and f["colon_end"]:
        return True
    # a heading made of words (参考文献, 内容摘要) talks about the document too: only a word of
    # the site's own (voice, page actions, navigation, viewer, metadata keys) makes it chrome
    if _HAN_ONLY.fullmatch(text) and not any(f.get(g) for g in (*STRONG_GROUPS, "nav")):
        return True
    if (f["genre_end"] or _NUMBERED.search(text)) and not any(f.get(g) for g in STRONG_GROUPS):
        return True
    voiced = f.get("site_voice") or f.get("page_action") or f["talk_to_reader"] or f["url"]
    return not voiced and bool(f["sentence_end"] or f["clause"])
