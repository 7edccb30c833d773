"""Stray labels a site puts around the document, known by their shape and their neighbours.

* **keyword tags** (FW216): a line made only of 3–8 short words split by commas or spaces
  (格式，申请书，公文，标准), most of them taken from a title-like line next to it or from the
  page's first line: the site's keywords for the page;
* **compilation separators** (FW217): a label 第一篇： alone, or followed by the very title
  printed on the next line, before that title, on a page with no other such label (a page
  with 第一篇 and 第二篇 is a compilation: ``split`` cuts it there);
* **category breadcrumbs** (FW218): a short ``category——genre`` line (应用文书写作——申请书)
  whose first part names a section of a site (…写作, …范文, …大全) and whose last is a genre;
* **a viewer's cut mark** (FW219): a lone …… whose next lines are all chrome the rules removed
  (the 展开 button of a preview): the page ends where the text does.

Each needs its neighbours or the page title to agree, so a line of the body is never taken on
its shape alone: a list of names in the body (陈伟东、孔娜娜) uses 、 and is not drawn from a
title; a lone …… in the middle of a script stays (FW904 reports it).
"""

from __future__ import annotations

from ...regex_guard import compile_rule
from .shape import core

TAGS, SEPARATOR, CRUMB, CUT_MARK = "FW216", "FW217", "FW218", "FW219"
_TAGS = compile_rule(r"\p{Han}{2,6}(?:\s*[,，]\s*\p{Han}{2,6}|\s+\p{Han}{2,6}){2,7}")
_TAG_SPLIT = compile_rule(r"\s*[,，]\s*|\s+")
_TITLE_MAX = 40  # a line the tags may be drawn from is short: a title
_SEPARATOR = compile_rule(r"第[一二三四五六七八九十\d]{1,3}篇\s*[:：]\s*(.*)")
_CRUMB = compile_rule(r"\p{Han}{0,8}(?:写作|范文|文书|大全|应用文|文库|频道|栏目|专题)"
                      r"\s*(?:——|—|-{2})\s*(\p{Han}{2,8})")
_ELLIPSIS = frozenset({"……", "…", "...", "......", "。。。"})
_LINE_MAX = 64  # every label is shorter (8 tags of 6 characters and their commas)
_MAY_BE_LABEL = compile_rule(r"^第|^[….。]+$|[—,，\s-]")


def _kept_around(texts: list[str], i: int) -> tuple[int | None, int | None]:
    """The non-blank lines just before and after line ``i`` (indexes, None at the page's ends)."""
    before = next((j for j in range(i - 1, -1, -1) if texts[j].strip()), None)
    after = next((j for j in range(i + 1, len(texts)) if texts[j].strip()), None)
    return before, after


def _is_tags(c: str, near: list[str]) -> bool:
    """Words drawn from a title next to them: most of 3+ distinct words are in one of ``near``,
    but not as the same run (a subtitle printed again: 凝心，聚能，共筑梦 after …总结-凝心，聚能，共筑梦)."""
    words = set(_TAG_SPLIT.split(c))
    if len(words) < 3:
        return False
    runs = [_TAG_SPLIT.sub("", t) for t in near]
    if _TAG_SPLIT.sub("", c) in "\n".join(runs):
        return False
    return any(2 * sum(w in t for w in words) >= len(words) for t in near if len(t) <= _TITLE_MAX)


def mark(texts: list[str], removed: dict[int, str], genres: tuple[str, ...]) -> None:
    """Mark the stray labels of a page as removed (FW216-FW219); ``genres``: the genre words
    (group ``genre`` of rules/boilerplate_words.toml)."""
    first = next((j for j, t in enumerate(texts) if t.strip() and j not in removed), None)
    if first is None:
        return
    top = ""
    one_article = sum(1 for t in texts if "篇" in t and _SEPARATOR.fullmatch(core(t))) < 2
    for i, t in enumerate(texts):
        s = t.strip()
        if i in removed or not s or len(s) > _LINE_MAX or not _MAY_BE_LABEL.search(s):
            continue  # a cheap look first: most lines hold none of the marks of a label
        top = top or core(texts[first])
        code = _label(texts, i, core(t), top, removed, genres, one_article)
        if code:
            removed[i] = code


def _label(texts: list[str], i: int, c: str, top: str, removed: dict[int, str],
           genres: tuple[str, ...], one_article: bool) -> str | None:
    """The code of the label line ``i`` (core ``c``) is, or None."""
    if c[:1] == "第" and (m := _SEPARATOR.fullmatch(c)) is not None:
        if not one_article:
            return None
        after = _kept_around(texts, i)[1]
        nxt = core(texts[after]) if after is not None else ""
        if nxt and (core(m.group(1)) == nxt if m.group(1) else len(nxt) <= _TITLE_MAX):
            return SEPARATOR
        return None
    if c in _ELLIPSIS:
        rest = [j for j in range(i + 1, len(texts)) if texts[j].strip()]
        return CUT_MARK if rest and all(j in removed for j in rest) else None
    if (m := _CRUMB.fullmatch(c)) is not None:
        return CRUMB if any(g in m.group(1) for g in genres) else None
    if _TAGS.fullmatch(c) is not None:
        near = [core(texts[j]) for j in _kept_around(texts, i) if j is not None] + [top]
        return TAGS if _is_tags(c, [t for t in near if t != c]) else None
    return None
