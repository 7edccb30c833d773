"""Learn boilerplate rules from a corpus: lines that recur across many pages.

The way large web corpora are cleaned: mask what varies (URLs, timestamps,
dates, 20xx, numbers), count on how many pages each masked line appears, and
propose the frequent ones as ``[[boilerplate]]`` rules (``kind = "masked"``:
the masked line itself, which the boilerplate stage looks up) for review.  Three
guards keep body text out:

* position: chrome sits at the top or bottom of a page; a line must be there
  on most of the pages it appears on;
* copies: when the pages that share a line also share a prose paragraph they
  are copies of one article, and their common lines are not chrome;
* shape: the stock phrases of the genre recur everywhere and are never proposed:
  headings (the shape HEADING), greetings and salutations (the shape GREETING, shared
  with the line classifier), labels (a line ending in a colon),
  openers and sign-offs (尊敬的 同志们 谢谢 此致 …), titles that end in a genre word
  (…工作总结, …讲话稿), issuing bodies (…教育局) and lines that are nothing but a date
  or a number.  The word lists are data: rules/boilerplate_learn.toml.

Pages are read by the pipeline's own stages up to boilerplate, so lines the current
rules (and the line classifier) remove are not proposed again.  Each proposal says on
how many pages and sites it was seen (the site of a page is the folder it is in).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

import regex

from .compilation import is_article_title
from .decode import DecodeError, decode
from .document import Document
from .masking import mask
from .pipeline import STAGES
from .regex_guard import compile_rule
from .rules import RuleBook
from .settings import Settings
from .shapes import HEADING
from .stages.boilerplate import compiled, core, is_prose
from .stages.boilerplate.features import GREETING

CODE = "FW210"
EDGE_SHARE = 0.8  # share of a line's pages on which it sits in the header/footer
MAX_LEN = 200
EXAMPLES = 3

_MASK_TOKEN = compile_rule(r"⟨[A-Z]+⟩")
_WORDY = compile_rule(r"\p{Han}.*\p{Han}|[A-Za-z]{4}")  # a key needs words, not just masks
_NUMBERED = compile_rule(r"第[一二三四五六七八九十\d]+[章节条部分点]")


@dataclass(frozen=True)
class StockPhrases:
    """What is never proposed (rules/boilerplate_learn.toml)."""

    starts: tuple[str, ...]
    title_ends: tuple[str, ...]
    issuers: regex.Pattern | None

    def match(self, c: str) -> bool:
        """Is the line (its core) a stock phrase of the genre?"""
        if HEADING.match(c) or _NUMBERED.match(c) or c.endswith((":", "：")) or GREETING.search(c):
            return True
        if c.startswith(self.starts):
            return True
        if len(c) <= 30 and not regex.search(r"[，。！？,!?]", c) and c.endswith(self.title_ends):
            return True
        return self.issuers is not None and self.issuers.fullmatch(c) is not None


@functools.cache
def stock_phrases(rules: RuleBook) -> StockPhrases:
    """The stock phrases of a rule book."""
    starts: list[str] = []
    ends: list[str] = list(compiled(rules).word_groups.get("genre", ()))
    issuers: list[str] = []
    for e in rules.family("boilerplate_learn"):
        starts += e.get("starts", [])
        ends += e.get("ends", [])
        issuers += e.get("issuers", [])
    pattern = None
    if issuers:
        alt = "|".join(map(regex.escape, sorted(set(issuers), key=len, reverse=True)))
        pattern = compile_rule(r"[\p{Han}（）()]{2,30}(?:" + alt + ")")
    return StockPhrases(tuple(starts), tuple(sorted(set(ends))), pattern)


def site_of(name: str) -> str:
    """The site of a page: the folder it is in."""
    return PurePath(name).parent.name


@dataclass
class Candidate:
    """A recurring line: the pages it is on, how often at the page edge, some originals."""

    key: str
    pages: set[int] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)
    edge: int = 0
    seen: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Learned:
    """The outcome of a run: accepted rules and the number of pages read."""

    rules: list[Candidate]
    pages: int
    unreadable: list[str] = field(default_factory=list)

    def to_toml(self) -> str:
        """Reviewable ``[[boilerplate]]`` entries, most frequent first."""
        out = [f"# Boilerplate learned by `fanwen-clean learn` from {self.pages} pages.",
               "# Review before use: delete any entry that matches text you want to keep.", ""]
        for c in self.rules:
            n = len(c.pages)
            out += [f"# on {n} of {self.pages} pages and {len(c.sites)} site(s), at the page edge {c.edge} of"
                    f" {c.seen} times",
                    "[[boilerplate]]",
                    f'code = "{CODE}"',
                    'kind = "masked"',
                    f"description = {_q(f'learned: recurring line on {n} of {self.pages} pages')}",
                    f"count = {n}",
                    f"sites = {len(c.sites)}",
                    f"line = {_q(c.key)}",
                    f"examples = {json.dumps(c.examples, ensure_ascii=False)}",
                    ""]
        return "\n".join(out)


def _q(s: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(s, ensure_ascii=False)


def page_lines(text: str, book: RuleBook, settings: Settings) -> list[str]:
    """The non-empty lines of a page that survive the pipeline's stages up to boilerplate."""
    doc = Document.from_text(text)
    for name, stage in STAGES:
        doc = stage(doc, book, settings)
        if name == "boilerplate":
            break
    return [line.text for line in doc.lines if line.text.strip()]


def learn(pages: Iterable[tuple[str, bytes]], book: RuleBook, settings: Settings | None = None,
          min_pages: int = 3, min_share: float = 0.02) -> Learned:
    """Propose rules for lines on at least ``max(min_pages, min_share × pages)`` pages."""
    settings = settings or Settings()
    stock = stock_phrases(book)
    cands: dict[str, Candidate] = {}
    prose_keys: list[set[str]] = []
    unreadable: list[str] = []
    for name, data in pages:
        try:
            text, _enc = decode(data, name)
        except DecodeError:
            unreadable.append(name)
            continue
        pid = len(prose_keys)
        lines = page_lines(text, book, settings)
        n = len(lines)
        margin = max(3, math.ceil(0.2 * n))
        prose: set[str] = set()
        for i, raw in enumerate(lines):
            c = core(raw)
            key = mask(c)
            if is_prose(c):
                prose.add(key)
            if (not 2 <= len(c) <= MAX_LEN or stock.match(c) or is_article_title(c)
                    or not _WORDY.search(_MASK_TOKEN.sub("", key))):
                continue
            cand = cands.setdefault(key, Candidate(key))
            if pid not in cand.pages:
                cand.pages.add(pid)
                cand.sites.add(site_of(name))
                cand.seen += 1
                cand.edge += i < margin or i >= n - margin
                if len(cand.examples) < EXAMPLES and c not in cand.examples:
                    cand.examples.append(c)
        prose_keys.append(prose)
    total = len(prose_keys)
    need = max(min_pages, math.ceil(min_share * total))
    frequent = {k: c for k, c in cands.items() if len(c.pages) >= need and c.edge >= EDGE_SHARE * c.seen}
    accepted = [c for c in frequent.values() if not _copies(c, prose_keys)]
    accepted.sort(key=lambda c: (-len(c.pages), c.key))
    return Learned(accepted, total, unreadable)


def _copies(c: Candidate, prose_keys: list[set[str]]) -> bool:
    """Do all pages of this line share another prose paragraph — are they copies of one article?

    Precision first: two chrome sentences that always come together are not proposed either.
    """
    common: set[str] | None = None
    for pid in c.pages:
        common = prose_keys[pid] - {c.key} if common is None else common & prose_keys[pid]
        if not common:
            return False
    return bool(common)
