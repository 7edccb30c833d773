"""Places: gazetteer names (Aho-Corasick), literary aliases, towns and villages by suffix."""

from __future__ import annotations

import functools

import regex

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...shapes import is_han
from . import tagger
from .lexicon import PROPER_TAGS, WORD_FREQ, Finder, Lexicon, Place, finder, ordinary
from .mention import FUNCTION, Mention, prev_char, word_across

RULE_GAZETTEER, RULE_ALIAS, RULE_TOWN, RULE_HAMLET = "FW611", "FW612", "FW613", "FW614"
_TOWN = compile_rule(r"(?:街道|社区|苏木|嘎查|镇|乡|村)")
_TOWN_SLOT = {"镇": "镇名", "乡": "镇名", "街道": "镇名", "苏木": "镇名", "村": "村名", "社区": "村名",
              "嘎查": "村名"}
_GLUED = compile_rule(r"[A-Za-z0-9×*＊□○_]")
_NOT_IN_NAME = frozenset("镇乡村县市区省州")  # 新兴镇雒家村: a suffix ends the name before it
_UNIT_AFTER = frozenset("委党两支政人")  # 新兴村委会, 石门乡政府, 六合镇人民政府: still named
_LANDFORM = frozenset("湖河江山海岛峰岭溪泉")
_LOCAL_FREQ = 50  # a word-table count above which a feature is known nationwide (泰山, 洞庭湖)
# a town or village name is two to four characters before its suffix
_MIN, _MAX = 2, 4


def gazetteer(text: str, lex: Lexicon) -> list[Mention]:
    """Every gazetteer form in ``text`` that passes the word-boundary checks (overlaps allowed)."""
    out: list[Mention] = []
    for end_idx, (form, place) in lex.places.iter(text):
        start, end = end_idx + 1 - len(form), end_idx + 1
        if _ok(text, start, end, place, lex):
            rule = RULE_ALIAS if place.form != form or place.canonical == form else RULE_GAZETTEER
            if place.bare and place.form == form and form not in lex.place_bases:
                rule = RULE_ALIAS
            if place.slot in ("省名", "市名") and text[end:end + 1] == "县" and text[end + 1:end + 2] != "级":
                # 吉林县交通运输局: a county named after its province or city is a county
                out.append(Mention(start, end + 1, "place", "县名", text[start:end + 1], rule))
            else:
                out.append(Mention(start, end, "place", place.slot, place.canonical, rule))
    return out


def _ok(text: str, start: int, end: int, place: Place, lex: Lexicon) -> bool:
    # a bare name (平凉, 陇原) or a two-character county (和县, 易县) must not be part of a
    # longer word on either side (社会和县域); a longer name with its suffix is safe
    if place.bare or end - start <= 2:
        before = prev_char(text, start)
        if _GLUED.match(before):
            return False  # x镇安监办: the name would start inside a placeholder's word
        if text[start] in _NOT_IN_NAME and is_han(before):
            return False  # 报镇安监办: after a word, 镇/乡/县 … is the town's, not 镇安's
        if text[end:end + 1] in _LANDFORM and lexicon().freq(text[start:end + 1]) >= _LOCAL_FREQ:
            return False  # 鄱阳湖, not the county 鄱阳 + 湖: a feature known nationwide
        return not word_across(text, start, end, lex.common)
    return True


def bare_of(text: str, bases: dict[str, Place], lex: Lexicon, checked: bool = True) -> list[Mention]:
    """Bare forms of places the page already named (麻城市 … 赴麻城).

    ``checked=False`` skips the word-boundary test: such mentions only anchor
    organisations (集美学校, where 美学 would otherwise hide 集美).
    """
    out: list[Mention] = []
    for base, place in bases.items():
        i = text.find(base)
        while i >= 0:
            if not checked or not word_across(text, i, i + len(base), lex.common):
                out.append(Mention(i, i + len(base), "place", place.slot, place.canonical, RULE_GAZETTEER))
            i = text.find(base, i + 1)
    return out


@functools.cache
def _stops(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def towns(text: str, lex: Lexicon) -> list[Mention]:
    """``X镇/乡/村/街道/社区`` with X a two-to-four character name that is not a category word."""
    stops = _stops(lex.lists.get("village_stop", ()))
    out: list[Mention] = []
    weak: list[Mention] = []
    units = lex.lists.get("unit", ())
    nouns = _stops(lex.lists.get("place_noun", ()))
    for m in _TOWN.finditer(text):
        s = m.start()
        if s and _place_noun(text[s - 1], m.group(), nouns, lex.common):
            best = _named_noun(text, s)  # 陈集镇, 中山乡: a name before 集镇/山乡
            if best is not None:
                weak.append(Mention(best, m.end(), "place", _TOWN_SLOT[m.group()], text[best:m.end()],
                                    RULE_TOWN))
            continue
        after = text[m.end():m.end() + 1]
        if m.end() - s == 1 and after not in _UNIT_AFTER and (
                m.group() + after in lex.common or text[s:s + 3] in lex.common):
            continue  # 村民, 乡镇, 乡土, 村干部: the suffix character starts another word
        best = _town_start(text, s, m.group(), stops, lex)
        if best is not None:
            name = text[best:s]
            slot = _TOWN_SLOT[m.group()]
            mention = Mention(best, m.end(), "place", slot, name + m.group(), RULE_TOWN)
            wordlike = _wordlike(name, lex.common) or (m.group() == "街道" and name in stops)
            (weak if wordlike else out).append(mention)
    # a name made of common words (新兴镇, 心怀乡国) needs company: another town right next to it
    # (新兴镇雒家村, 甲镇、乙镇) or a unit after it (新兴镇党委)
    starts = {m.start for m in out + weak}
    ends = {m.end for m in out + weak}
    for w in weak:
        if _has_neighbour(text, w, starts, ends) or any(text.startswith(u, w.end) for u in units):
            out.append(w)
    return out


def _town_start(text: str, s: int, suffix: str, stops: frozenset[str], lex: Lexicon) -> int | None:
    """Start of the longest two-to-four character name before the suffix at ``s``."""
    best = None
    for n in range(_MIN, _MAX + 1):
        i = s - n
        if i < 0:
            break
        name = text[i:s]
        if not all(is_han(c) and c not in FUNCTION and c not in _NOT_IN_NAME for c in name):
            break
        if suffix != "街道" and any(name[k:] in stops for k in range(len(name))):
            break  # 文明镇, 美丽乡村: a category word ends the name, longer ones contain it too
        before = prev_char(text, i)
        if before.isdigit():
            continue  # 2019年指前镇: 年 belongs to the number, the name starts after it
        if is_han(before) and (before + name[0]) in lex.common:
            continue  # 干部驻村: the name would start inside a word
        best = i
    return best


def _named_noun(text: str, s: int) -> int | None:
    """调到陈集镇, 县 中山乡: a place noun (集镇, 山乡) whose first character ends a name that
    starts right after a non-word (not after 美丽, 偏远: those make 美丽山村 a category)."""
    i = s - 2
    if i < 0 or text[s - 1] in _NOT_IN_NAME or prev_char(text, i).isdigit():
        return None  # 乡镇, 村镇: two suffixes, no name; 5日乡镇: a date
    if not is_han(text[i]) or text[i] in FUNCTION or text[i] in _NOT_IN_NAME:
        return None
    word_before = text[max(i - 1, 0):i + 1] if i >= 1 else ""
    if word_before and lexicon().freq(word_before) >= WORD_FREQ:
        return None
    return i


def _place_noun(before: str, suffix: str, nouns: frozenset[str], common: frozenset[str]) -> bool:
    """山村, 农村, 乡镇, 古镇, 全村: a word for a kind of place (but 王家村 is a name)."""
    return before + suffix in nouns or (before != "家" and before + suffix[0] in common)


_JOINS = ("", "、", "和", "与", "及", "的")  # 甲镇乙村, 甲镇、乙镇, 某街道的某社区


def _has_neighbour(text: str, w: Mention, starts: set[int], ends: set[int]) -> bool:
    """Does another town start right after ``w`` or end right before it (joined by 、/和/的 …)?

    By offsets, not by comparing every pair: a hostile line may hold thousands of towns.
    """
    return any((text.startswith(g, w.end) and w.end + len(g) in starts)
               or (text.endswith(g, 0, w.start) and w.start - len(g) in ends) for g in _JOINS)


def _wordlike(name: str, common: frozenset[str]) -> bool:
    """Is the name a common word, or two of them (一起参加), or a word after one character (大石桥)?"""
    return (name in common or (len(name) == 4 and name[:2] in common and name[2:] in common)
            or (len(name) == 3 and (name[:2] in common or name[1:] in common)))


@functools.cache
def _hamlet_re(surnames: frozenset[str], suffixes: tuple[str, ...]) -> regex.Pattern:
    chars = "".join(sorted(surnames))
    return compile_rule(f"[{regex.escape(chars)}]家(?:{'|'.join(map(regex.escape, suffixes))})")


def hamlets(text: str, lex: Lexicon) -> list[Mention]:
    """Surname + 家 + landform (毛家坪, 李家沟): the name of a hamlet or site."""
    if "家" not in text:
        return []
    pat = _hamlet_re(lex.surnames, lex.lists.get("hamlet_suffix", ()))
    out: list[Mention] = []
    for m in pat.finditer(text):
        s = m.start()
        before = prev_char(text, s)
        if is_han(before) and (before + text[s]) in lex.common:
            continue  # 国家村, 大家庄 …: the surname character belongs to the word before
        out.append(Mention(s, m.end(), "place", "村名", m.group(), RULE_HAMLET))
    return out


RULE_LOCAL = "FW615"


@functools.cache
def _local_suffixes(words: tuple[str, ...]) -> Finder | None:
    return finder(dict.fromkeys(words, True))


def local(text: str, lex: Lexicon) -> list[Mention]:
    """Local lakes, rivers, hills, new districts and parks by suffix (石条山, 城南新城, 某某开发区).

    The name is two or three characters where jieba starts a word, is no ordinary word, and the
    whole is not a word known nationwide (泰山, 西湖 and 金山银山 stay).
    """
    auto = _local_suffixes(lex.lists.get("local_suffix", ()))
    if auto is None or not text:
        return []
    out: list[Mention] = []
    cuts: frozenset[int] | None = None  # jieba's cut only of a line with a suffix in it: most have none
    for end, (suffix, _v) in auto.iter(text):
        s, e = end + 1 - len(suffix), end + 1
        if cuts is None:
            cuts = tagger.boundaries(text, lex.wants_cut)
        if e not in cuts:
            continue
        for n in (2, 3):  # three characters only as one word of jieba's (再去|城南 is not 去城南)
            i = s - n
            if i >= 0 and _local_name(text, i, s, e, cuts):
                out.append(Mention(i, e, "place", "地名", text[i:e], RULE_LOCAL))
                break
    return out


def _local_name(text: str, i: int, s: int, e: int, cuts: frozenset[int]) -> bool:
    """Is ``text[i:s]`` the name of the feature ``text[i:e]``?"""
    name, whole, table = text[i:s], text[i:e], lexicon()
    if i not in cuts or (s - i == 3 and any(c in cuts for c in range(i + 1, s))):
        return False
    if not all(is_han(c) and c not in FUNCTION and c not in _NOT_IN_NAME for c in name):
        return False
    if _ordinary_part(name) or table.freq(whole) >= _LOCAL_FREQ:
        return False  # 大好河山; 泰山, 洞庭湖: known nationwide
    word_name = name in table and table.tag(name) not in PROPER_TAGS
    if word_name or (whole in table and table.tag(whole) != "ns"):
        return False  # 病险水库; 绿水青山, 万水千山: words and idioms (jieba tags some nr, nz)
    # 挑江山, 苍翠青山: the suffix ends a word (江山) that starts inside the name
    start = next(c for c in range(s - 1, -1, -1) if c in cuts)  # the word around the suffix
    return s in cuts or table.freq(text[start:e]) < WORD_FREQ


def _ordinary_part(name: str) -> bool:
    """Does the name begin or end with an ordinary word (大好, 美丽)?"""
    parts = [name[:k] for k in range(2, len(name) + 1)] + [name[k:] for k in range(len(name) - 1)]
    return any(ordinary(w) for w in parts)
