"""Pages that glue several articles together: find the title of each article (篇一, 第2篇, 范文3 …)."""

from __future__ import annotations

from .regex_guard import compile_rule
from .shapes import FULL_STOP

_NUM = r"[一二三四五六七八九十百\d]{1,3}"
ARTICLE_TITLE = compile_rule(
    rf"(?:【?(?:范例|范文|例文|样文|样本|模板|篇){_NUM}】?"
    rf"|【(?:范例|范文|例文|篇){_NUM}】.{{1,48}}"
    rf"|第{_NUM}篇(?:[:：、．.\s].{{0,48}})?"
    rf"|(?:范文|例文|范例|篇){_NUM}[:：、．.\s].{{1,48}}"
    rf"|[^。！？!?]{{2,48}}?(?:篇|范文|范本|范例|例文|模板|样本){_NUM}"
    rf"|[^。！？!?]{{2,48}}?[(（](?:篇|范文|范本|范例|例文){_NUM}[)）]"
    rf"|[^。！？!?]{{2,48}}?(?:篇|范文|范本|范例|例文|模板|样本)[(（]{_NUM}[)）])"
)
_GATE = compile_rule(r"[篇范例样模]")


def is_article_title(text: str) -> bool:
    """Is this line the title of one article of a compilation (…篇一, 第2篇：…, 【范例三】)?"""
    t = text.strip()
    return (2 <= len(t) <= 60 and _GATE.search(t) is not None and not FULL_STOP.search(t)
            and ARTICLE_TITLE.fullmatch(t) is not None)


def article_starts(lines: list[str]) -> list[int]:
    """Indexes of the article titles, when the page holds more than one article."""
    starts = [i for i, t in enumerate(lines) if is_article_title(t)]
    return starts if len(starts) >= 2 or (len(starts) == 1 and starts[0] > 0) else []
