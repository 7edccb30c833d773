"""Chrome known by the lines around it (FW214): blocks of chrome, label values, truncation marks.

* a **chrome block**: outside the body, a run of lines that the rules removed or doubted (a
  numbered list of download disclaimers reads as headings and sentences, so each item alone
  is only doubted) — the doubted lines between two removed ones go too;
* a **label value**: an empty label line (关 键 词：) followed by its value on the next line,
  a list of short words (绩效 管理 细则);
* **title marks** on the first line of the page: a column tag (【评先树优】 glued to the title,
  or the title itself in brackets glued to the first sentence: 【晚会主持词】尊敬的各位…) and a
  page number or a label of the file after the title (致辞(2), 总结_第2页, 报告(最终定稿)) go, and
  so does a spam code glued to its front (ab5388关于…的通知) when the next line prints the title;
* a **truncation mark**: a preview cut off mid-sentence ends the page with …… or ... glued to
  the paragraph; the mark goes, so the page ends where the text does (warned as FW905).  A
  lone …… line stays: FW904 reports it.

Each needs removed lines around it, so a line that reads as body is never taken alone.
"""

from __future__ import annotations

from ...compilation import is_article_title
from ...document import Change, Line
from ...regex_guard import compile_rule
from .shape import core, is_prose, is_sentence
from .verdict import STAGE

CODE = "FW214"
_LABEL_MAX = 12  # 关 键 词：, 资源描述： — an empty label is short
_VALUE_MAX = 40
_LIST = compile_rule(r"[\p{Han}A-Za-z0-9]{1,8}(?:\s*[\s,，、;；]\s*[\p{Han}A-Za-z0-9]{1,8})+")
_MARK_END = compile_rule(r"(?<=\p{Han})(?:…{1,2}|\.{3,6})$")
_TOP_TAG = compile_rule(r"^\s*【[^【】\s]{2,12}】(?=\S{6})")
_PAGE_END = compile_rule(r"(?<=\p{Han}{4})\s*(?:[（(]\d{1,2}[)）]|_?第\d{1,2}页"
                          r"|[（(](?:最终定稿|定稿|精选|最新版?|完整版|通用版|修订版|精品|精华版|整理版|可编辑)[)）])\s*$")
_TITLE_MAX = 60
_SPAM_MAX = 16  # a spam code or brand glued to the front of the title is short
_SPAM = compile_rule(r"[A-Za-z]+\d{3,}|\d{3,}[A-Za-z]+|[A-Za-z]{2,}\.[A-Za-z]{2,}")
_CUT_MIN = 60  # a line cut off by a preview is a long paragraph


def _texts_at(texts: list[str]) -> list[int]:
    return [i for i, t in enumerate(texts) if t.strip()]


def _next_text(texts: list[str], j: int) -> int | None:
    """The index of the first non-blank line after line ``j``."""
    return next((i for i in range(j + 1, len(texts)) if texts[i].strip()), None)


def mark_blocks(texts: list[str], removed: dict[int, str], doubted: set[int], first: int,
                last: int) -> None:
    """Doubted lines outside the body, between removed lines of one run of chrome lines, go."""
    if not doubted or len(removed) < 2:
        return
    run: list[int] = []
    for i in [*_texts_at(texts), -1]:
        if i >= 0 and (i in removed or i in doubted) and (i < first or i > last):
            run.append(i)
            continue
        ends = [j for j in run if j in removed]
        for j in run:  # only between removed lines: the last doubt before the body may be body
            if ends and ends[0] < j < ends[-1]:
                removed.setdefault(j, CODE)
        run = []


def mark_label_values(texts: list[str], removed: dict[int, str], first: int, last: int,
                      titles: set[int]) -> None:
    """The value of an empty label, on the line after it, goes with it (outside the body); an
    article title (贺信 篇1, in ``titles``) after a label is no value."""
    for j in list(removed):
        label = core(texts[j])
        if not (len(label) <= _LABEL_MAX and label[-1:] in ":："):
            continue
        i = _next_text(texts, j)
        if i is None or i in removed or i in titles or first <= i <= last:
            continue
        value = core(texts[i])
        if len(value) <= _VALUE_MAX and _LIST.fullmatch(value) and not is_sentence(value):
            removed[i] = CODE


def cut_truncation(texts: list[str], removed: dict[int, str], lines: tuple[Line, ...],
                   changes: list[Change]) -> set[int]:
    """A preview cut off mid-sentence: the mark glued to the end of the page goes; the indexes
    of the lines cut."""
    i = len(texts) - 1
    while i >= 0 and (i in removed or not texts[i].strip()):
        i -= 1
    if i < 0 or texts[i].rstrip()[-1] not in ".…":
        return set()
    c = core(texts[i])
    if len(c) >= _CUT_MIN and _MARK_END.search(c):
        new = _MARK_END.sub("", texts[i].rstrip())
        changes.append(Change(CODE, STAGE, lines[i].src, texts[i], new))
        texts[i] = new
        return {i}
    return set()


def cut_title_marks(texts: list[str], removed: dict[int, str], lines: tuple[Line, ...],
                    changes: list[Change]) -> set[int]:
    """The first line of the page loses a column tag in 【】 glued to its front, and a page
    number at the end of a title (致辞(2), 总结_第2页); the index of the line cut (as a set)."""
    i = 0
    while i < len(texts) and (i in removed or not texts[i].strip()):
        i += 1
    if i == len(texts):
        return set()
    new = texts[i]
    m = _TOP_TAG.match(new) if "【" in new[:2] or new.lstrip().startswith("【") else None
    if m is not None and not is_article_title(m.group().strip()):  # 【篇一】 numbers an article
        new = new[m.end():]
    if new.rstrip()[-1:] in ")）页" and len(new) <= _TITLE_MAX and not is_prose(new):
        new = _PAGE_END.sub("", new)
    new = _spam_prefix(texts, i, new)
    if new == texts[i]:
        return set()
    changes.append(Change(CODE, STAGE, lines[i].src, texts[i], new))
    texts[i] = new
    return {i}


def _spam_prefix(texts: list[str], i: int, text: str) -> str:
    """The title without a spam code or brand (letters and digits: yh5388, abc.com) glued to its
    front, when the next line prints the title again without it."""
    j = _next_text(texts, i)
    if j is None:
        return text
    title = texts[j].strip()
    t = text.strip()
    if len(title) < 6 or not t.endswith(title) or not 2 <= len(t) - len(title) <= _SPAM_MAX:
        return text
    prefix = t[:len(t) - len(title)]
    return title if _SPAM.search(prefix) and not is_sentence(prefix) else text
