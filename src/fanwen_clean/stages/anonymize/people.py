"""People: a surname-and-given name next to a title or honorific, a given name before 同志,
and 小/老 + surname.  A name is only taken where something marks it as one (precision first).
"""

from __future__ import annotations

import functools

from ...lexicon import lexicon as word_table
from ...regex_guard import compile_rule
from ...shapes import is_han
from .lexicon import Finder, Lexicon, finder
from .mention import FUNCTION, Mention, prev_char

RULE_TITLED, RULE_GIVEN, RULE_NICK = "FW601", "FW602", "FW603"
# never part of a name: a title fragment (党委副|书记) or a verb of speech (书记|常说)
_ROLE_CHARS = frozenset("副说讲称")
# a word-table count above which a word is an everyday word or a public figure, not a colleague
# (jieba tags 谢谢 1089 and 文明 6584 as person names)
_FAMOUS = 500
_CLAUSE_ENDS = "。！？；\n"
_HISTORY_WINDOW = 30  # characters before a name searched for a dynasty or 先贤
_NICK_AFTER = frozenset("想先给带在为就是来说也会要今这陪和已还将正")
# compiled once: module-level regex.finditer(pattern, …) looks the pattern up on every call
_SPACES = compile_rule(r"\s+")
_DENG = compile_rule(r"等(?=同志|领导|人|\d|[一二三四五六七八九十两]+[人位名])")
_NICK = compile_rule(r"[小老](\p{Han})")
_ELDER = compile_rule(r"(\p{Han})老(?=[\p{Han}])")  # 舒老看到: surname + 老, an elder's honorific
_CLAN = compile_rule(r"(\p{Han})氏(?=家族|宗亲|宗族|宗祠|族人)")  # 曹氏家族: a family by its surname


@functools.cache
def _finder(words: tuple[str, ...]) -> Finder | None:
    return finder(dict.fromkeys(words, True))


def _longest_at_each_start(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """``(start, end)`` of the longest of ``words`` starting at each offset, by start: what an
    overlapped search of the longest-first alternation finds, in one automaton scan."""
    auto = _finder(words)
    if auto is None:
        return []
    ends: dict[int, int] = {}
    for e, (w, _v) in auto.iter(text):
        s = e + 1 - len(w)
        ends[s] = max(ends.get(s, 0), e + 1)
    return sorted(ends.items())


def _key(name: str) -> str:
    return _SPACES.sub("", name)


def _is_word(name: str, lex: Lexicon) -> bool:
    key = _key(name)
    return (key in lex.common or key in lex.lists.get("not_name", ()) or word_table().freq(key) >= _FAMOUS
            or any(c in FUNCTION or c in _ROLE_CHARS for c in key) or not all(is_han(c) for c in key))


def _starts_with(text: str, i: int, words: tuple[str, ...]) -> bool:
    return any(text.startswith(w, i) for w in words)


def _ends_with(text: str, i: int, words: tuple[str, ...]) -> bool:
    return any(text.endswith(w, 0, i) for w in words)


def _surname_at(text: str, i: int, lex: Lexicon) -> int:
    """Length of the surname starting at ``i`` (0 if none); compound surnames first."""
    if text[i:i + 2] in lex.compound_surnames:
        return 2
    return 1 if text[i:i + 1] in lex.surnames else 0


def _names_from(text: str, i: int, lex: Lexicon) -> list[int]:
    """Ends of the possible full names starting at ``i``: surname, optional spaces, 1-2 given characters."""
    sl = _surname_at(text, i, lex)
    if not sl:
        return []
    j = i + sl
    while j < len(text) and text[j] in " \u3000" and j - i - sl < 3:
        j += 1
    ends = []
    for g in (1, 2):
        if j + g <= len(text) and all(is_han(c) for c in text[j:j + g]):
            ends.append(j + g)
    return ends


def _boundary_after(text: str, end: int, lex: Lexicon) -> bool:
    k = end
    while k < len(text) and text[k] in " \u3000":
        k += 1
    if k >= len(text) or not is_han(text[k]):
        return True
    if text[k:k + 2] in lex.common:
        return True  # 县长李某调研: a word starts right after the name
    return any(_starts_with(text, k, lex.lists.get(name, ())) for name in ("follower", "title"))


def _boundary_before(text: str, start: int, lex: Lexicon) -> bool:
    before = prev_char(text, start)
    if not is_han(before) or text[start - 2:start] in lex.common:
        return True  # 优秀教师王某同志: a word ends right before the name
    return any(_ends_with(text, start, lex.lists.get(name, ())) for name in ("preceder", "title"))


def historical(text: str, start: int, lex: Lexicon) -> bool:
    """A dynasty or 先贤 marker earlier in the same clause: a historical figure, not a colleague."""
    window = text[max(0, start - _HISTORY_WINDOW):start]
    window = window[max(window.rfind(c) for c in _CLAUSE_ENDS) + 1:]  # only the clause of the name
    return any(w in window for w in lex.lists.get("historical", ()))


def find(text: str, lex: Lexicon) -> list[Mention]:
    """Person mentions of one line (overlaps allowed; the caller resolves them)."""
    out: list[Mention] = []
    for start, end in _longest_at_each_start(text, lex.lists.get("title", ())):
        if text.startswith("们", end):
            continue  # 同志们, 先生们: an address, not a name
        pair = text[end - 1:end + 1]
        if pair not in lex.common and pair not in lex.lists.get("not_name", ()):  # 老师傅, 市长江
            out.extend(_after_title(text, end, lex))
        out.extend(_before_title(text, start, text[start:end], lex))
    out.extend(_nicknames(text, lex))
    out.extend(_before_deng(text, lex))
    out.extend(_listed(text, out, lex))
    return [m for m in out if not historical(text, m.start, lex)]


def _before_deng(text: str, lex: Lexicon) -> list[Mention]:
    """李某、王某等同志: the last name of a list closed by 等 + a title."""
    out: list[Mention] = []
    for m in _DENG.finditer(text):
        end = m.start()
        for n in (4, 3, 2):
            start = end - n
            if start < 0 or end not in _names_from(text, start, lex):
                continue
            name = text[start:end]
            if not _is_word(name, lex) and not is_han(prev_char(text, start)):
                out.append(Mention(start, end, "person", "姓名", _key(name), RULE_TITLED))
                break
    return out


def _listed(text: str, found: list[Mention], lex: Lexicon) -> list[Mention]:
    """刘某、郑某、孙某同志: names listed with 、 before a name the title marks."""
    out: list[Mention] = []
    for m in found:
        end = m.start
        while end > 0 and text[end - 1] == "、":
            start = end - 1
            while start > 0 and is_han(text[start - 1]) and end - 1 - start < 4:
                start -= 1
            if is_han(prev_char(text, start)):
                break  # too long to be one name: 参加调研的有刘某
            name = text[start:end - 1]
            if not (2 <= len(name) <= 4 and end - 1 in _names_from(text, start, lex)) or _is_word(name, lex):
                break
            out.append(Mention(start, end - 1, "person", "姓名", name, RULE_TITLED))
            end = start
    return out


def _after_title(text: str, pos: int, lex: Lexicon) -> list[Mention]:
    """省委书记林某, 秘书长：陈 某 — the name right after a title (a colon and spaces may sit between)."""
    i = pos
    if i < len(text) and text[i] in ":：":
        i += 1
    while i < len(text) and text[i] in " \u3000":
        i += 1
    sl = _surname_at(text, i, lex)
    if sl and _starts_with(text, i + sl, lex.lists.get("title", ())):
        return []  # 代表李书记讲话: a surname and a title, found by the title itself
    for end in reversed(_names_from(text, i, lex)):
        name = text[i:end]
        if not _is_word(name, lex) and _boundary_after(text, end, lex):
            return [Mention(i, end, "person", "姓名", _key(name), RULE_TITLED)]
    return []


def _before_title(text: str, pos: int, title: str, lex: Lexicon) -> list[Mention]:
    """王某局长, 王某 先生, 见明同志 — the name right before a title."""
    end = pos
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1
    for n in (4, 3, 2):  # longest full name first: 欧阳明华, 张明华, 张华
        start = end - n
        if start < 0:
            continue
        name = text[start:end]
        if " " in name[:1] or not _names_from(text, start, lex) or end not in _names_from(text, start, lex):
            continue
        if not _is_word(name, lex) and _boundary_before(text, start, lex):
            return [Mention(start, end, "person", "姓名", _key(name), RULE_TITLED)]
    if title in lex.lists.get("given_title", ()) and end == pos and end >= 1:
        # 王书记: a surname alone before a title is a person too
        start = end - 1
        before = prev_char(text, start)
        lead = not is_han(before) or (before + text[start] not in lex.common and (
            text[start - 2:start] in lex.common  # 宣布曹先生, 教育金局长: a word ends right before
            # 为何老师: no
            or any(_ends_with(text, start, lex.lists.get(n, ())) for n in ("preceder", "title"))))
        if text[start] in lex.surnames and lead and text[start:end + 1] not in lex.common:
            return [Mention(start, end, "person", "姓名", text[start] + title, RULE_TITLED)]
    if title in lex.lists.get("given_title", ()) and end == pos and end >= 2:
        start = end - 2
        name = text[start:end]
        before = prev_char(text, start)
        if not is_han(before) and not _is_word(name, lex) and name[0] not in FUNCTION:
            return [Mention(start, end, "person", "姓名", name, RULE_GIVEN)]
    return []


def _nicknames(text: str, lex: Lexicon) -> list[Mention]:
    """小林想先介绍…, 老王说 — 小/老 + surname, between a clause start and a verb."""
    out = []
    not_name = lex.lists.get("not_name", ())
    for m in _NICK.finditer(text):
        s, e = m.start(), m.end()
        if m.group(1) not in lex.surnames or m.group() in lex.common or m.group() in not_name:
            continue
        before, after = prev_char(text, s), text[e:e + 1]
        if (not is_han(before) or before in "叫是请让由和") and after in _NICK_AFTER:
            out.append(Mention(s, e, "person", "姓名", m.group(), RULE_NICK))
    for pat in (_ELDER, _CLAN):
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            before, after = prev_char(text, s), text[e:e + 1]
            glued = is_han(before) and (before + m.group(1) in lex.common or before not in "叫是请让由和承蒙")
            if m.group(1) not in lex.surnames or m.group() in lex.common or glued:
                continue
            if pat is _ELDER and after not in _NICK_AFTER | frozenset("看听讲对"):
                continue
            out.append(Mention(s, e, "person", "姓名", m.group(), RULE_NICK))
    return out
