"""Chrome known by its neighbours and its place: Q&A question blocks, user names beside
metadata, titles printed again in the header (FW204), site names spliced into prose (FW208)
and an orphan 】 after a repeated title (FW209)."""

from __future__ import annotations

import regex

from ...document import Change, Line
from ...regex_guard import compile_rule
from .. import noise
from .book import Compiled, remember
from .page import LineInfo, Page
from .shape import core, is_prose
from .verdict import STAGE

QA_BLOCK_MAX = 3
_USERNAME = compile_rule(r"[A-Za-z][A-Za-z0-9_.-]{1,19}")
_ORPHAN = compile_rule(r"^([^【】\[\]]{2,40})】")
# a site name standing alone in a removed chrome line (a whole run of Chinese ending in 网/文库)
_SITE_NAME = compile_rule(r"(?<!\p{Han})\p{Han}{2,9}(?:网|文库)(?!\p{Han})")
_NAMING = frozenset({"FW202", "FW203", "FW204"})
_MARKS_AND_SPACE = compile_rule(r"[\p{P}\s]+")


def site_names(texts: list[str], removed: dict[int, str], book: Compiled) -> regex.Pattern | None:
    """Site names (…网, …文库) standing alone in the chrome lines this page lost."""
    names: set[str] = set()
    cache = book.memo.site_names
    for i, code in removed.items():
        if code in _NAMING:
            t = texts[i]
            found = cache.get(t)
            if found is None:
                found = remember(cache, t, frozenset(m.group() for m in _SITE_NAME.finditer(t)))
            names |= found
    names -= book.common_nets
    if not names:
        return None
    return compile_rule("|".join(map(regex.escape, sorted(names, key=len, reverse=True))))


def spliced(texts: list[str], page: Page, infos: list[LineInfo], removed: dict[int, str],
            lines: tuple[Line, ...], changes: list[Change], sites: bool,
            names: regex.Pattern | None = None) -> set[int]:
    """Cut site names spliced into prose, and an orphan 】 after a title repeated in front.

    Only lines with a site name or a 】 are looked at.  Returns the indexes of the lines changed.
    """
    touched: set[int] = set()
    todo = page.lines_with(("】",))
    if sites:
        todo.update(i for i, inf in enumerate(infos) if inf.sites)
    if names is not None:
        todo.update(i for i, t in enumerate(texts) if names.search(t))
    seen: list[str] = []  # the cores of the short lines before, as far as read
    upto = 0
    for i in sorted(todo):
        t = texts[i]
        if not t or i in removed:
            continue
        spans = list(infos[i].sites) if sites else []
        if names is not None:
            spans += [m.span() for m in names.finditer(t)]
        if spans:
            new = noise.cut_spans(t, spans)
            changes.append(Change("FW208", STAGE, lines[i].src, t, new))
            texts[i] = t = new
            touched.add(i)
        m = _ORPHAN.match(t)
        if m:
            # the lines before are final now: a line counts if it was there (and not removed)
            # when its turn came, with its text after any cut
            seen += [core(texts[j]) for j in range(upto, i)
                     if j not in removed and (texts[j] or j in touched) and len(texts[j]) <= 60]
            upto = i
            if any(s.endswith(m.group(1).strip()) for s in seen):
                new = t[m.end():].lstrip()
                changes.append(Change("FW209", STAGE, lines[i].src, t, new))
                texts[i] = t = new
                touched.add(i)
    return touched


def context_rules(page: Page, book: Compiled, removed: dict[int, str], first: int,
                  titles: set[int]) -> None:
    """Lines that are chrome because of their neighbours: Q&A question blocks, user names."""
    texts = page.texts
    n = len(texts)
    # prefilter: a question block starts at a line holding a Q&A label
    for i in sorted(page.lines_with(book.qa_words)):
        if removed.get(i) == "FW205" and any(w in texts[i] for w in book.qa_words):
            _question_block(texts, i, removed, titles)
    for i in range(min(first, n)):
        if i in removed:
            continue
        near = [j for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
        # the cheap test first: a metadata line removed nearby
        if any(removed.get(j) == "FW201" for j in near) and _USERNAME.fullmatch(core(texts[i])):
            removed[i] = "FW201"


def _question_block(texts: list[str], i: int, removed: dict[int, str], titles: set[int]) -> None:
    """The short lines after a Q&A label (the question) go with it."""
    taken = 0
    j = i + 1
    while j < len(texts) and taken < QA_BLOCK_MAX and j not in titles:
        if j in removed:
            break
        if texts[j].strip():
            if len(texts[j]) > 80 or texts[j].endswith("。"):
                break
            removed[j] = "FW205"
            taken += 1
        j += 1


def repeats(texts: list[str], removed: dict[int, str], first: int) -> None:
    """A title printed again in the page header (the first copy stays); near copies, see
    :func:`_near_repeats`."""
    seen: set[str] = set()
    heads: list[tuple[int, str, str]] = []  # (index, core, key) of the short lines kept
    for i in range(min(first + 1, len(texts))):
        if i in removed:
            continue
        c = core(texts[i])
        if not c or len(c) > 60 or is_prose(c):
            continue
        key = _MARKS_AND_SPACE.sub("", c)  # 标题。 and 标题。。 are one title (punct tidies later)
        if not key:
            continue
        if key in seen:
            removed[i] = "FW204"
        elif i < first:
            heads.append((i, c, key))
        seen.add(key)
    if len(heads) >= 2:
        _near_repeats(heads, removed)


_NUMBER_END = compile_rule(r"\d{1,2}$")


def _near_repeats(heads: list[tuple[int, str, str]], removed: dict[int, str]) -> None:
    """Two copies of the title in the page header (``heads``: index, core, key without marks)
    that differ only in marks, spaces and 的, or by a page number at the end (标题5): the copy
    without the marks, or with the number, goes — the other is the title as written.  Several
    numbered copies are a list: they stay."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for i, c, key in heads:
        near = _NUMBER_END.sub("", key.replace("的", ""))
        if len(near) >= 4:
            groups.setdefault(near, []).append((i, c))
    for copies in groups.values():
        if len(copies) != 2:
            continue
        numbered = [i for i, c in copies if _NUMBER_END.search(c)]
        if len(numbered) == 1:
            removed[numbered[0]] = "FW204"
        elif not numbered:
            (i, a), (j, b) = copies
            removed[i if len(a) <= len(b) else j] = "FW204"


_CRUMB_SPLIT = compile_rule(r"\s*(?:>>?|»|›|＞|→|[/／|｜])\s*")
_LABEL_MAX = 6  # a section name is short; the title, often the last crumb too, is longer


def column_labels(texts: list[str], removed: dict[int, str], first: int) -> None:
    """A section name on a line of its own in the page header that the page's breadcrumb trail
    names too (通知公告 over 首页 > 通知公告): the label of the column, not the title."""
    crumbs = {c for i, code in removed.items() if code == "FW204" and i < len(texts)
              for c in _CRUMB_SPLIT.split(core(texts[i])) if 2 <= len(c) <= _LABEL_MAX}
    if not crumbs:
        return
    for i in range(min(first, len(texts))):
        if i not in removed and core(texts[i]) in crumbs:
            removed[i] = "FW204"
