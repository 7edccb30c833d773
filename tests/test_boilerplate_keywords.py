r"""Every declared keyword list (``keywords``, ``prefilter``) is consistent with its pattern.

A rule is only tried on lines holding one of its literal words, so a word the pattern can
match but the list forgets makes the rule silently blind to it (``顶 踩`` alone stayed while
``顶 踩 举报`` went).  The check: split the pattern into its alternatives (through nested
groups); every alternative must hold one of the listed words in
the literals it requires (groups of plain words, optional characters and small classes are
spelled out).  An alternative with no literal at all (a shape like ``\d{3,}``) is not checked.
"""

from __future__ import annotations

import re

import pytest

from fanwen_clean import RuleBook

_META = set(".^$*+?{}[]()|\\")


def _tokens(pattern: str):
    """(index, token, group depth after it): escapes are one token; class contents are depth-neutral."""
    depth, cls, i = 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            yield i, pattern[i:i + 2], depth
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            yield i, ch, depth
            i += 1
            continue
        yield i, ch if cls or ch != "|" or depth else "|top", depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    """The alternatives of a pattern at depth 0."""
    out: list[str] = []
    cur: list[str] = []
    for _i, tok, _depth in _tokens(pattern):
        if tok == "|top":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(tok)
    out.append("".join(cur))
    return out


def _group_end(p: str) -> int:
    """Index of the ``)`` closing the group that opens at ``p[0]``."""
    for i, tok, depth in _tokens(p):
        if tok == ")" and depth == 0:
            return i
    raise ValueError(p)


_LITERAL_GROUP = re.compile(r"\(\?:((?:[^()\[\]\\|.*+?{}^$]+\|)*[^()\[\]\\|.*+?{}^$]+)\)(\?)?")
_SMALL_CLASS = re.compile(r"\[((?:\\u[0-9a-fA-F]{4}|[^\]\\^\-\[]){1,40})\](?![?*{])")
_CLASS_MEMBER = re.compile(r"\\u([0-9a-fA-F]{4})|(.)")
_OPTIONAL_CHAR = re.compile(r"(?<!\\)([^()\[\]\\|.*+?{}^$])(\?)")
_ESCAPED = re.compile(r"\\([^A-Za-z0-9])")


def _expand(alt: str, limit: int = 5000) -> list[str]:
    """The alternative with its groups of plain words spelled out (an optional one also empty)."""
    out, todo = [], [alt]
    while todo and len(out) + len(todo) < limit:
        cur = todo.pop()
        m = _LITERAL_GROUP.search(cur) or _OPTIONAL_CHAR.search(cur)
        c = _SMALL_CLASS.search(cur) if m is None else None
        if c is not None:  # a small class of plain characters: one alternative per character
            members = [chr(int(u, 16)) if u else ch for u, ch in _CLASS_MEMBER.findall(c.group(1))]
            todo.extend(cur[:c.start()] + ("\\" + ch if ch in _META else ch) + cur[c.end():]
                        for ch in members)
            continue
        if m is None:
            out.append(cur)
            continue
        words = m.group(1).split("|") + ([""] if m.group(2) else [])
        todo.extend(cur[:m.start()] + w + cur[m.end():] for w in words)
    return out + todo


def _parts(alt: str) -> tuple[list[str], list[str]]:
    """The required literal runs and the required groups (their insides) of an alternative."""
    alt = _ESCAPED.sub(lambda m: "\0" + m.group(1), alt)  # \. is the literal "."
    runs, groups, cur, i = [], [], [], 0
    while i < len(alt):
        ch = alt[i]
        if ch == "\0":
            cur.append(alt[i + 1])
            i += 2
            continue
        if ch == "(":
            end = i + _group_end(alt[i:])
            optional = alt[end + 1:end + 2] in ("?", "*") or alt[end + 1:end + 3] == "{0"
            inner = alt[i + 1:end]
            if inner.startswith(("?:", "?=")) and not optional:
                groups.append(inner[2:])
            runs.append("".join(cur))
            cur, i = [], end + 1
            continue
        if ch in "[\\":
            if ch == "[":
                end = alt.index("]", i + 1)
            else:
                end = alt.index("}", i) if alt[i + 1:i + 3] in ("p{", "P{") else i + 1
            runs.append("".join(cur))
            cur, i = [], end + 1
            continue
        if ch in "?*" or alt[i:i + 2] == "{0":
            cur = cur[:-1]  # the character before is optional
        if ch == "{":
            i = alt.index("}", i)
        elif ch not in _META:
            cur.append(ch)
        else:
            runs.append("".join(cur))
            cur = []
        i += 1
    runs.append("".join(cur))
    return [r for r in runs if r], groups


def covered(pattern: str, words: list[str]) -> list[str]:
    """The alternatives of the pattern that can match without holding any of the words
    (an alternative with no required literal at all is not checked)."""
    return [alt for alt in _split_top(pattern) if _alt_covered(alt, words) is False]


def _alt_covered(alt: str, words: list[str]) -> bool | None:
    verdicts = [_one_covered(x, words) for x in _expand(alt)]
    if any(v is False for v in verdicts):
        return False
    return True if any(verdicts) else None


def _one_covered(alt: str, words: list[str]) -> bool | None:
    runs, groups = _parts(alt)
    if any(w in r for r in runs for w in words):
        return True
    for g in groups:
        v = [_alt_covered(a, words) for a in _split_top(g)]
        if any(v) and all(x is not False for x in v):
            return True
    if not runs and all(_alt_covered(a, words) is None for g in groups for a in _split_top(g)):
        return None
    return False


def _rules_with_words() -> list:
    cases = []
    for e in RuleBook().family("boilerplate"):
        for key in ("keywords", "prefilter"):
            if e.get(key) and "pattern" in e:
                cases.append(pytest.param(e, key, id=f"{e['code']} {key} {e['description'][:24]}"))
    return cases


@pytest.mark.parametrize(("entry", "key"), _rules_with_words())
def test_declared_words_cover_every_literal_alternative(entry: dict, key: str) -> None:
    missing = covered(entry["pattern"], entry[key])
    if missing and key == "keywords" and entry.get("requires"):
        missing = covered(entry["requires"], entry[key])  # the line must hold `requires` too
    assert not missing, f"{entry['code']}: {key} lacks a word for {missing}"


def test_the_check_finds_a_forgotten_keyword() -> None:
    assert covered("(?:(?:举报|顶|踩|收藏)[:：]?)", ["举报", "收藏"]) == ["(?:(?:举报|顶|踩|收藏)[:：]?)"]
    assert covered("(?:(?:举报|顶|踩|收藏)[:：]?)", ["举报", "收藏", "顶", "踩"]) == []
    nav = "(?:返回|回到)(?:目录|首页)"
    assert covered("更多.{0,9}请访问|" + nav, ["更多", "返回"]) == [nav]
    # a word later on counts; an alternative without any literal is not checked
    assert covered("剩余\\s*\\d+\\s*页未读|\\d{3,}", ["未读"]) == []
    assert covered("[Vv]ip", ["vip"]) == ["[Vv]ip"]  # a small class is spelled out: Vip is missing
    assert covered("(?:大)?会员", ["大"]) == ["(?:大)?会员"]
    words = ["本文由", "本资料由", "源网络", "自网络", "于网络"]
    assert covered("本(?:文|资料)由|(?:来源|来自)于?网络", words) == []
    assert covered("本(?:文|资料)由", ["本文由"]) == ["本(?:文|资料)由"]
    assert covered("文\\s*[/|]\\s*\\S+", ["/", "|"]) == []
    assert covered("文\\s*[/|]\\s*\\S+", ["/"]) == ["文\\s*[/|]\\s*\\S+"]
