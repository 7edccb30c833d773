"""The line classifier (FW212): chrome the explicit rules leave undecided, known by its features.

A logistic model (weights fitted by tools/train_boilerplate.py, shipped in
rules/boilerplate_model.toml) scores each line that no rule removed.  Precision first: a line
that reads like the body (features.reads_as_body) is never removed nor scored; a line whose
score is high but not high enough, or that stands in the body region, is kept and reported
(FW921) with its score; so is a line of Chinese words alone that holds no word of the site's
own (voice, page actions, navigation, viewer): a heading-like label.
"""

from __future__ import annotations

import math

from ...document import Finding, Line
from ...regex_guard import compile_rule
from .book import LINE_MAX, Compiled, remember
from .features import Place, body_facts, pairs, place_features, reads_as_body, text_features, word_features
from .model import Model
from .page import Body, LineInfo
from .shape import core

CODE = "FW212"
WARN = "FW921"
MAX_LEN = 120  # longer lines are paragraphs: the classifier leaves them to the filler rules
BODY_MAX = 30  # in the body region only short lines are scored (and only ever warned about)


def probability(model: Model, f: dict[str, float]) -> float:
    """The model's probability that a line with these features is chrome."""
    z = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def candidates(texts: list[str], infos: list[LineInfo], where: Body, titles: set[int],
               removed: dict[int, str], book: Compiled) -> list[tuple[int, str, Place, dict[str, float]]]:
    """The lines the classifier scores, with their text features: kept by the rules, not the
    page title nor an article title, short enough (in the body region: as short as a stray
    label, BODY_MAX), not reading as body (:func:`text_facts`)."""
    kept = [i for i, t in enumerate(texts) if t and i not in removed]
    if not kept:
        return []
    top = kept[0]
    out = []
    for k, i in enumerate(kept[1:], 1):
        header, footer = i < where.first, i > where.last
        if (not (header or footer) and len(texts[i]) > BODY_MAX) or i in titles or infos[i].title:
            continue
        c = core(texts[i])
        if not c or len(c) > MAX_LEN:
            continue
        tf = text_facts(c, book)
        if tf is None:
            continue  # precision first (the model is fitted on the other lines only)
        distance = where.first - i if header else (i - where.last if footer else 0)
        near = [kept[j] for j in (k - 1, k + 1) if j < len(kept)]
        in_list = all(len(texts[j]) <= 30 and not infos[j].prose for j in near)
        out.append((i, c, Place(header, footer, distance, core(texts[top]), in_list), tf))
    return out


def text_facts(c: str, book: Compiled) -> dict[str, float] | None:
    """The text features of a line, or None when it reads as body (remembered per text)."""
    memo = book.memo.scores
    if c in memo:
        return memo[c]
    known = body_facts(c, book.word_index)
    tf: dict[str, float] | None = None
    if not reads_as_body(c, known):  # most lines do: the other features are not needed
        tf = text_features(c, book.word_index, known)
        tf.update(word_features(c, tf))
    return remember(memo, c, tf) if len(c) <= LINE_MAX else tf


_HAN_WORDS = compile_rule(r"\p{Han}+")
_SITE_OWN = ("site_voice", "page_action", "nav", "viewer")


def _label_only(c: str, tf: dict[str, float]) -> bool:
    """A line of Chinese words alone (maybe ending in a colon) whose only chrome word is a
    metadata key (来源, 格式, 编辑) without its value reads like a heading or a label: kept (at
    most reported)."""
    return _HAN_WORDS.fullmatch(c.rstrip(":：")) is not None and not any(tf.get(g) for g in _SITE_OWN)


def mark(texts: list[str], infos: list[LineInfo], book: Compiled, where: Body, titles: set[int],
         removed: dict[int, str], warnings: list[Finding], lines: tuple[Line, ...]) -> None:
    """Mark the lines the model calls chrome as removed (FW212); report the doubtful ones (FW921)."""
    model = book.model
    if model is None:
        return
    title: frozenset[str] | None = None
    for i, c, place, tf in candidates(texts, infos, where, titles, removed, book):
        if title is None:
            title = pairs(place.title)
        p = probability(model, {**tf, **place_features(c, place, title)})
        if p < model.warn_at:
            continue
        # the body region only ever gets a warning: chrome there is the rules' business
        if p >= model.remove_at and (place.header or place.footer) and not _label_only(c, tf):
            removed[i] = CODE
        else:
            warnings.append(Finding(WARN, lines[i].src, f"possible chrome kept (classifier score {p:.2f})"))
