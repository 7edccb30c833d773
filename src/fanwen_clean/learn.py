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
* shape: headings, salutations, sign-offs (一、 同志们 此致 …), issuing bodies
  (…教育局), titles that end in a genre word (…工作总结, …讲话稿) and lines that
  are nothing but a date or a number recur everywhere and are never proposed.

Lines the current rules already remove are not proposed again.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from .compilation import is_article_title
from .decode import DecodeError, decode
from .document import Document
from .masking import mask
from .rules import RuleBook
from .settings import Settings
from .stages import boilerplate, normalize, segment, t2s
from .stages.boilerplate import core, is_prose

CODE = "FW210"
EDGE_SHARE = 0.8  # share of a line's pages on which it sits in the header/footer
MAX_LEN = 200
EXAMPLES = 3

_FORMULA = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十\d]+[章节条部分点])"
    r"|^(?:尊敬的|敬爱的|亲爱的|各位|同志们|朋友们|同学们|大家好|谢谢|此致|敬礼|特此|附件|你好|您好|以上)"
    # a title: short, no clause punctuation, ends in the name of a genre
    r"|^[^，。！？,!?]{0,30}(?:总结|报告|计划|讲话|讲话稿|发言|发言稿|材料|心得|体会|方案|通知|致辞|演讲稿|"
    r"倡议书|申请书|主持词|决定|意见|制度|规定|办法|范文|思考|建议|汇报|纪要|简报|串词|贺词|感言)$"
    # a sign-off: the issuing body of a letter or notice
    r"|^[\p{Han}（）()]{2,30}(?:政府|委员会|办公室|局|厅|部|处|科|院|学校|公司|集团|中心|协会|学会|支部|党委|"
    r"工会|团委|妇联|街道|社区|村委会|居委会)$")
_MASK_TOKEN = regex.compile(r"⟨[A-Z]+⟩")
_WORDY = regex.compile(r"\p{Han}.*\p{Han}|[A-Za-z]{4}")  # a key needs words, not just masks

@dataclass
class Candidate:
    """A recurring line: the pages it is on, how often at the page edge, some originals."""

    key: str
    pages: set[int] = field(default_factory=set)
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
            out += [f"# on {n} of {self.pages} pages, at the page edge {c.edge} of {c.seen} times",
                    "[[boilerplate]]",
                    f'code = "{CODE}"',
                    'kind = "masked"',
                    f"description = {_q(f'learned: recurring line on {n} of {self.pages} pages')}",
                    f"count = {n}",
                    f"line = {_q(c.key)}",
                    f"examples = {json.dumps(c.examples, ensure_ascii=False)}",
                    ""]
        return "\n".join(out)


def _q(s: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(s, ensure_ascii=False)


def page_lines(text: str, book: RuleBook, settings: Settings) -> list[str]:
    """The non-empty lines of a page that survive the current boilerplate rules."""
    doc = Document.from_text(text)
    for stage in (normalize, t2s, segment, boilerplate):
        doc = stage.run(doc, book, settings)
    return [line.text for line in doc.lines if line.text.strip()]


def learn(pages: Iterable[tuple[str, bytes]], book: RuleBook, settings: Settings | None = None,
          min_pages: int = 3, min_share: float = 0.02) -> Learned:
    """Propose rules for lines on at least ``max(min_pages, min_share × pages)`` pages."""
    settings = settings or Settings()
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
            if (not 2 <= len(c) <= MAX_LEN or _FORMULA.match(c) or is_article_title(c)
                    or not _WORDY.search(_MASK_TOKEN.sub("", key))):
                continue
            cand = cands.setdefault(key, Candidate(key))
            if pid not in cand.pages:
                cand.pages.add(pid)
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
