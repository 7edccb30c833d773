"""Metadata lines (FW201): a line made of chrome fields is judged as a whole.

A field is a ``key:value`` pair, a timestamp, a counter or a widget word (rules of kind
``field`` in rules/boilerplate.toml, with a strength).  A line is chrome when its fields are
strong enough together; a line that holds a sentence is never a metadata line.
"""

from __future__ import annotations

from itertools import pairwise

import regex

from ...regex_guard import compile_rule
from ...shapes import CLAUSE, DATETIME
from .book import Compiled, remember
from .verdict import Verdict

_FIELD_TOKEN = compile_rule(DATETIME.pattern + r"|[^\s【】\[\]|｜·•]+")
_FIELDISH = compile_rule(r"[:：\d]")  # a field line without a field keyword has a colon or a digit
_COLON_SPACE = compile_rule(r"([:：])\s+")
_ABOUT_SPACE = compile_rule(r"(?<=约|阅读|浏览|点击|评论|点赞|收藏|下载|回复)\s+(?=[(（]?\d)")


def fields(text: str) -> list[str]:
    """The fields of a metadata line: split at spaces, bars and 【】 brackets; timestamps stay whole."""
    text = _ABOUT_SPACE.sub("", _COLON_SPACE.sub(r"\1", text))
    return [m.group() for m in _FIELD_TOKEN.finditer(text)]


def worth_a_look(c: str, book: Compiled, keys: frozenset[str] | None) -> bool:
    """Can this line (its core) be a metadata line at all? (cheap tests)"""
    x = book.idx
    return (len(c) <= 160 and "。" not in c and "，" not in c and x.field_any is not None
            and (keys is None or not keys.isdisjoint(x.field_words) or _FIELDISH.search(c) is not None)
            and (c[0] in "约【】[" or x.field_any.match(c) is not None))


def classify_fields(c: str, book: Compiled, edge: bool) -> Verdict:
    """The verdict on a line made of fields: strong fields remove it, weak ones at the page edge."""
    toks = fields(c)
    if not toks or book.idx.field_any is None or not book.idx.field_any.fullmatch(toks[0]):
        return Verdict()
    strengths = []
    unknown = 0
    for tok in toks:
        best = book.memo.field_strengths.get(tok)
        if best is None:
            best = remember(book.memo.field_strengths, tok, _field_strength(tok, book))
        if best < 0:
            # a user or account name among strong fields (楼主 某某 发表于 …) is still chrome
            unknown += 1
            if unknown > 2 or len(tok) > 8 or CLAUSE.search(tok):
                return Verdict()
            continue
        strengths.append(best)
    if not strengths or (unknown and strengths.count(2) < unknown + 1):
        return Verdict()
    top = max(strengths)
    if top >= 2 or (top == 1 and (edge or strengths.count(1) >= 2)):
        return Verdict(book.fields[0].code if book.fields else "FW201")
    if top == 1:
        return Verdict(warn="possible metadata line kept (FW201)")
    return Verdict()


def _field_strength(tok: str, book: Compiled) -> int:
    """The strength of the strongest field rule the token is (-1: none)."""
    # strongest first: the first rule that matches decides
    return next((r.strength for r in book.idx.fields_strongest if r.pattern.fullmatch(tok)), -1)


# ---------------------------------------------------------------- the line as a whole

_KEY_VALUE = compile_rule(r"([\p{Han}A-Za-z()（）]{1,10}?)[:：](.{0,30})", regex.S)
_UNIT_SPACE = compile_rule(r"(?<=\d)\s+(?=(?:页|字|篇|次|人|KB|MB|kb|mb|K|M|B)(?![\p{Han}A-Za-z]))")
_LONE_STAMP = compile_rule(r"[\p{Han}]{0,6}[:：]?\s*(?:" + DATETIME.pattern
                            + r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})")
_OTHER_MAX = 8  # a category or button word beside the fields: this short at most


def _pieces(c: str) -> list[str]:
    """The fields of a line, with fields glued together (时间:2024-02-10人气:作者:未知) cut apart
    where a known key starts."""
    out: list[str] = []
    for tok in fields(_UNIT_SPACE.sub("", c)):
        out.extend(_cut_at_keys(tok))
    return out


_KEY_START = compile_rule(r"(?:(?:发布|更新|上传|发表|修改|录入)?(?:时间|日期)|人气|作者|来源|编辑|浏览|阅读"
                           r"|点击|字数|页数|大小|格式)[:：]")


def _cut_at_keys(tok: str) -> list[str]:
    # a key glued after a value starts a new field; one glued after words with no value after
    # it (倡议书格式：) is a heading
    cuts = [m.start() for m in _KEY_START.finditer(tok) if m.start() > 0 and (
        ":" in tok[:m.start()] or "：" in tok[:m.start()] or m.end() < len(tok))]
    if not cuts:
        return [tok]
    bounds = [0, *cuts, len(tok)]
    return [tok[a:b] for a, b in pairwise(bounds) if a < b]


def judge_whole(c: str, book: Compiled, region: str) -> Verdict:
    """A metadata line judged as a whole (page header/footer only): known fields, unknown
    ``key:value`` fields (the line has no sentence) and at most one short other token.

    Removed when a known field of strength 1 or more, or a timestamp, is among them; a lone
    machine date (2021-03-04, with or without a time or a key) in the page header is chrome too.
    """
    if region == "body" or CLAUSE.search(c) or len(c) > 120:
        return Verdict()
    if region == "header" and _LONE_STAMP.fullmatch(c):
        return Verdict("FW201")
    known: list[int] = []
    unknown_kv = others = 0
    for tok in _pieces(c):
        s = book.memo.field_strengths.get(tok)
        if s is None:
            s = remember(book.memo.field_strengths, tok, _field_strength(tok, book))
        if s >= 0:
            known.append(s)
        elif _KEY_VALUE.fullmatch(tok):
            unknown_kv += 1
        elif len(tok) <= _OTHER_MAX:
            others += 1
        else:
            return Verdict()
    if others > 1 or not known:
        return Verdict()
    if not others and not unknown_kv and all(t.endswith((":", "：")) for t in _pieces(c)):
        return Verdict("FW201")  # keys left without their values (时间： 来源：)
    stamp = DATETIME.search(c) is not None
    if max(known) >= 1 or stamp or (unknown_kv and len(known) >= 1 and not others):
        return Verdict("FW201")
    return Verdict()
