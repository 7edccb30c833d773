"""What one line teaches the whole page: a name found once is slotted everywhere.

* every occurrence of a person, place or unit name found on the page (FW606);
* short forms of a person whose surname no other person on the page has: 张书记, 老张,
  小张 get the full name's slot (FW606);
* the other members of a list (、, ，, spaces) one of whose members is a person: 张三、李四、
  王五, 刘某某 李某 (FW605).
"""

from __future__ import annotations

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...shapes import is_han
from .lexicon import Lexicon, automaton
from .mention import NOT_GIVEN, SUFFIX_CHARS, Mention, prev_char, word_across

RULE_LISTED, RULE_PAGE = "FW605", "FW606"
_RARE = 100  # a word-table count under which a two-character word can be a brand
# 某某公司（以下简称“某某”）: the page's own short form of a unit
_CALLED = compile_rule(r"\s{0,2}[（(]\s{0,2}(?:以下)?简称[:：]?\s{0,2}"
                        r"[“\"「『]?(\p{Han}{2,10}+)[”\"」』]?[）)]")
_SEPARATORS = frozenset("、，, \u3000")
_ROLE_MAX = 8
_ROLE_AFTER = compile_rule(r"[（(][^（）()\n]{1,8}+[）)]")
_ROLE_BEFORE = compile_rule(r"[（(][^（）()\n]{1,8}+[）)]$")
_MAX_GAP = 3  # 刘延龙  梅友宽: up to three separator characters between two members


def listed(text: str, found: list[Mention], lex: Lexicon) -> list[Mention]:
    """Name-shaped members of a list around the persons found in ``text``."""
    out: list[Mention] = []
    taken = {(m.start, m.end) for m in found}
    todo = [m for m in found if m.kind == "person"]
    while todo:
        m = todo.pop()
        for new in (_member_after(text, m.end, lex), _member_before(text, m.start, lex)):
            if new is not None and (new.start, new.end) not in taken:
                taken.add((new.start, new.end))
                out.append(new)
                todo.append(new)
    return out


def _gap(text: str, i: int, step: int) -> int:
    """Length of the run of list separators starting at ``i`` going ``step`` (0 if none)."""
    n = 0
    j = i if step > 0 else i - 1
    while 0 <= j < len(text) and text[j] in _SEPARATORS and n < _MAX_GAP:
        n += 1
        j += step
    return n


def _name_ok(name: str, lex: Lexicon) -> bool:
    """Surname + one or two given characters, not a word and not a place (柳溪镇)."""
    sl = 2 if len(name) >= 3 and name[:2] in lex.compound_surnames else 1 if name[0] in lex.surnames else 0
    given = name[sl:]
    return (bool(sl) and 1 <= len(given) <= 2 and all(is_han(c) and c not in NOT_GIVEN for c in given)
            and name[-1] not in SUFFIX_CHARS and name not in lex.common
            and name not in lex.lists.get("not_name", ()))


def _ends_name(text: str, end: int, lex: Lexicon) -> bool:
    nxt = text[end:end + 1]
    if not is_han(nxt) or nxt in _SEPARATORS:
        return True
    return any(text.startswith(w, end) for n in ("title", "follower") for w in lex.lists.get(n, ()))


def _starts_name(text: str, s: int, lex: Lexicon) -> bool:
    """Can a name start at ``s``: after a non-Han character, a word (拟定), a title or 由/请 …?"""
    if not is_han(prev_char(text, s)) or text[s - 2:s] in lex.common:
        return True
    return any(text.endswith(w, 0, s) for k in ("title", "preceder") for w in lex.lists.get(k, ()))


def _member_after(text: str, end: int, lex: Lexicon) -> Mention | None:
    role = _ROLE_AFTER.match(text, end)
    end = role.end() if role else end  # 刘某（村会计）、李某: the role in brackets stays with its name
    g = _gap(text, end, 1)
    if not g:
        return None
    i = end + g
    for n in (3, 4, 2):  # three characters is the usual full name
        name = text[i:i + n]
        if len(name) == n and _name_ok(name, lex) and _ends_name(text, i + n, lex):
            return Mention(i, i + n, "person", "姓名", name, RULE_LISTED)
    return None


def _member_before(text: str, start: int, lex: Lexicon) -> Mention | None:
    g = _gap(text, start, -1)
    if not g:
        return None
    end = start - g
    role = _ROLE_BEFORE.search(text, max(0, end - _ROLE_MAX - 2), end)
    end = role.start() if role else end
    for n in (3, 4, 2):
        s = end - n
        name = text[max(s, 0):end]
        if s >= 0 and _name_ok(name, lex) and _starts_name(text, s, lex):
            return Mention(s, end, "person", "姓名", name, RULE_LISTED)
    return None


def page_wide(texts: list[str], per_line: list[list[Mention]], lex: Lexicon,
              inner: list[list[Mention]] | None = None) -> list[list[Mention]]:
    """Add every further occurrence of the names found, and the short forms of persons.

    ``inner`` holds names found inside a longer one that was slotted whole (a town inside
    its government): they are looked for elsewhere too.
    """
    forms, short = _forms(texts, per_line, lex)
    for text, ms in zip(texts, inner or [[] for _ in texts], strict=True):
        for m in ms:
            forms.setdefault(text[m.start:m.end], m)
    if not forms:
        return per_line
    auto = automaton(forms)
    out = []
    for text, ms in zip(texts, per_line, strict=True):
        # a short form found by its own rule (老郝, 郝书记) takes the full name's identity
        new = [_as(short[text[m.start:m.end]], m) if m.kind == "person" and text[m.start:m.end] in short
               else m for m in ms]
        have = {(m.start, m.end) for m in ms}
        for end_idx, (form, m) in auto.iter(text) if text else ():
            s, e = end_idx + 1 - len(form), end_idx + 1
            if (s, e) in have:
                continue  # found there already, by its own rule
            if len(form) <= 2 and m.kind != "person" and word_across(text, s, e, lex.common):
                continue
            new.append(Mention(s, e, m.kind, m.slot, m.key, RULE_PAGE))
        out.append(new)
    return out


def _as(full: Mention, m: Mention) -> Mention:
    return Mention(m.start, m.end, m.kind, full.slot, full.key, m.rule)


def _forms(texts: list[str], per_line: list[list[Mention]],
           lex: Lexicon) -> tuple[dict[str, Mention], dict[str, Mention]]:
    """Surface form → the mention it stands for (names as written, persons' short forms), and
    the short forms alone."""
    forms: dict[str, Mention] = {}
    persons: dict[str, set[str]] = {}
    first: dict[str, Mention] = {}
    for text, ms in zip(texts, per_line, strict=True):
        for m in ms:
            if m.kind == "date" or m.end - m.start < 2 or (m.kind == "org" and m.end - m.start < 4):
                continue  # 党工委: a unit named by its kind alone is no name to look for elsewhere
            forms.setdefault(text[m.start:m.end], m)
            if m.kind == "person" and _name_ok(m.key, lex) and not _titled(m.key, lex):
                persons.setdefault(m.key[0], set()).add(m.key)
                first.setdefault(m.key[0], m)
    short: dict[str, Mention] = _unit_short_forms(texts, per_line, lex)
    titles = lex.lists.get("given_title", ())
    for surname, keys in persons.items():
        if len(keys) != 1:
            continue  # two people share the surname: 张书记 could be either
        for form in (*(surname + t for t in titles), "老" + surname, "小" + surname):
            if form not in lex.common:
                short[form] = first[surname]
    return {**forms, **short}, short


def _unit_short_forms(texts: list[str], per_line: list[list[Mention]], lex: Lexicon) -> dict[str, Mention]:
    """Short forms of units: the name before the suffix (宝钢 of 宝钢集团) when it is no ordinary
    word, and what a page declares: 银海铝业集团（以下简称“银海”）."""
    table = lexicon()
    out: dict[str, Mention] = {}
    for text, ms in zip(texts, per_line, strict=True):
        for m in ms:
            if m.kind != "org":
                continue
            brand = _brand(text[m.start:m.end], lex)
            if brand and brand not in lex.common and (brand not in table or table.freq(brand) < _RARE):
                out.setdefault(brand, m)
            said = _CALLED.match(text, m.end)
            if said:
                out.setdefault(said.group(1), m)
    return out


def _brand(name: str, lex: Lexicon) -> str:
    """宝钢 of 宝钢集团企业开发总公司: two characters followed by a unit word."""
    rest = name[2:]
    units = lex.lists.get("org_suffix", ()) + lex.lists.get("unit", ())
    if len(name) >= 4 and all(is_han(c) for c in name[:2]) and any(rest.startswith(u) for u in units):
        return name[:2]
    return ""


def _titled(key: str, lex: Lexicon) -> bool:
    """A surname + title key (郝书记), not a full name."""
    return any(key.endswith(t) for t in lex.lists.get("given_title", ()))
