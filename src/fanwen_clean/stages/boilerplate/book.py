"""The boilerplate rules of a rule book, compiled once: rules by kind, speed indexes, caches.

A line is classified only when it holds a trigger character (one character of every keyword
and prefilter literal, or a field character ``:：`` or a digit); words are looked up from the
characters a line holds (:class:`Literals`).  Chrome lines recur from page to page, so what a
line is gets remembered per book (:class:`Memo`, bounded).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from ...regex_guard import compile_rule
from ...rules import RuleBook, RuleError
from ...shapes import expand
from .features import word_groups
from .literals import Literals, WordGroups
from .model import Model, load_model

DEFAULT_MAX_LEN = 80
LINE_MAX = 200  # longer lines are paragraphs: only inline noise and filler rules look at them
CACHE_MAX = 50_000  # lines (of at most LINE_MAX characters) remembered per cache of a rule book
# longer paragraphs seldom recur on other pages, but a page is judged again (the stage's later
# rounds, the pipeline's later pass, the recheck after rewrap): a page's worth is enough
LONG_CACHE_MAX = 2_000


@dataclass(frozen=True)
class Rule:
    """One compiled ``[[boilerplate]]`` entry (see the header of rules/boilerplate.toml)."""

    code: str
    kind: str
    pattern: regex.Pattern
    description: str = ""
    strength: int = 2
    requires: regex.Pattern | None = None
    region: str = "any"
    max_len: int = DEFAULT_MAX_LEN
    weight: int = 0
    single: bool = False
    replace: str = ""
    prefilter: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def may_match(self, text: str) -> bool:
        """Cheap test first: a rule with a prefilter needs one of its literal strings in the text."""
        if not self.prefilter:
            return True
        if len(self.prefilter) == 1:
            return self.prefilter[0] in text
        return _literals(self.prefilter).search(text) is not None


@functools.cache
def _literals(words: tuple[str, ...]) -> re.Pattern:
    # literal strings only: ``re`` finds them as ``regex`` would, and scans faster
    if all(len(w) == 1 for w in words):
        return re.compile("[" + "".join(re.escape(w) for w in words) + "]")
    return re.compile("|".join(map(re.escape, words)))


@dataclass
class Index:
    """What makes the rules cheap to run: which rule a word leads to, which lines need a look."""

    # the field patterns as one alternation: the first field of a line decides if it is worth a look
    field_any: regex.Pattern | None = None
    fields_strongest: list[Rule] = field(default_factory=list)  # the field rules, strongest first
    # keywords of the search rules (a line without one is only searched when it is short)
    search_words: frozenset[str] = frozenset()
    field_words: frozenset[str] = frozenset()
    free_lines: list[Rule] = field(default_factory=list)  # line rules without a prefilter
    # the literal words (search keywords, field keywords, line prefilters) found through one
    # character of each: a line's words are looked up from the characters it holds
    words: Literals | None = None
    # a line that holds none of these characters holds no word and no field character [:：\d]
    trigger: re.Pattern | None = None
    line_by_word: dict[str, tuple[int, ...]] = field(default_factory=dict)  # word -> line rules
    search_by_word: dict[str, tuple[int, ...]] = field(default_factory=dict)  # word -> search rules
    free_line_idx: tuple[int, ...] = ()
    search_free_idx: tuple[int, ...] = ()  # search rules without keywords
    free_edge_only: bool = True  # every free line rule is region = "edge"
    # every inline rule has a prefilter without a newline: which are active shows line by line
    inline_by_line: bool = True
    inline_scan: re.Pattern | None = None  # any prefilter literal of an inline rule


class LineMemo:
    """A bounded cache keyed by a line's text: lines up to LINE_MAX characters in one dict, longer
    paragraphs in a smaller one of their own (see LONG_CACHE_MAX)."""

    __slots__ = ("long", "short")

    def __init__(self) -> None:
        self.short: dict[str, object] = {}
        self.long: dict[str, object] = {}

    def get(self, text: str, default: object = None) -> object:
        """What is remembered of this text, or ``default``."""
        return (self.short if len(text) <= LINE_MAX else self.long).get(text, default)

    def put(self, text: str, value: object) -> object:
        """Remember a value for this text and return it."""
        if len(text) <= LINE_MAX:
            return remember(self.short, text, value)
        return remember(self.long, text, value, LONG_CACHE_MAX)


@dataclass
class Memo:
    """Per-book caches: what a line is depends on its text (and place) alone (see :func:`remember`)."""

    verdicts: dict = field(default_factory=dict)  # (text, edge, top) -> lines.Verdict
    infos: LineMemo = field(default_factory=LineMemo)  # text -> page.LineInfo
    fillers: LineMemo = field(default_factory=LineMemo)  # text -> filler.FillerFacts
    inlines: dict = field(default_factory=dict)  # (text, active rules) -> inline cuts
    site_names: dict = field(default_factory=dict)  # text -> site names standing alone in it
    field_strengths: dict = field(default_factory=dict)  # field token -> strength
    scores: dict = field(default_factory=dict)  # (text, position features) -> classifier score
    random_runs: dict = field(default_factory=dict)  # text -> spans of random characters (FW213)
    talks: LineMemo = field(default_factory=LineMemo)  # sentence -> talk.text_features (or None)
    talk_parts: LineMemo = field(default_factory=LineMemo)  # paragraph -> talk._parts (or None)
    talk_gate: re.Pattern | None = None  # talk._gate of the book's filler words
    talk_need: Literals | bool | None = None  # talk._may_talk's words (False: no test)


@dataclass
class Compiled:
    """The boilerplate rules of a book by kind, with their indexes, caches and the line model."""

    line: list[Rule] = field(default_factory=list)
    search: list[Rule] = field(default_factory=list)
    fields: list[Rule] = field(default_factory=list)
    inline: list[Rule] = field(default_factory=list)
    filler: list[Rule] = field(default_factory=list)
    site: list[Rule] = field(default_factory=list)
    site_words: regex.Pattern | None = None  # listed site names (rules/site_words.txt)
    masked: dict[str, str] = field(default_factory=dict)  # learned lines (masked) -> code
    qa_words: tuple[str, ...] = ()  # labels that open the question block of a Q&A farm
    common_nets: frozenset[str] = frozenset()  # …网 words that are no site name (互联网 …)
    model: Model | None = None  # the line classifier (rules/boilerplate_model.toml)
    talk_model: Model | None = None  # the filler model (talk.py; model = "filler" there)
    filler_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # its word groups
    word_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # its word features
    word_index: WordGroups = field(default_factory=lambda: WordGroups({}))  # word_groups, one scan
    filler_index: WordGroups = field(default_factory=lambda: WordGroups({}))  # filler_words, one scan
    idx: Index = field(default_factory=Index)
    memo: Memo = field(default_factory=Memo)


def remember(cache: dict, key: object, value: object, limit: int = CACHE_MAX) -> object:
    """Store a value in a bounded cache (emptied when it holds ``limit`` entries) and return it."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def _rule(entry: dict) -> Rule:
    src = entry.get("_source", "?")
    try:
        text = expand(entry["pattern"]) if "pattern" in entry else regex.escape(entry["line"])
        pattern = compile_rule(text)
        requires = compile_rule(expand(entry["requires"])) if entry.get("requires") else None
        prefilter = tuple(entry.get("prefilter", ()))
    except (KeyError, regex.error) as exc:
        raise RuleError(f"{src}: boilerplate rule {entry.get('code')}: bad pattern: {exc}") from None
    r_kind = entry.get("kind", "line")
    return Rule(code=entry.get("code", "FW210"), kind=r_kind, pattern=pattern,
                description=entry.get("description", ""), strength=int(entry.get("strength", 2)),
                requires=requires, region=entry.get("region", "any"),
                max_len=int(entry.get("max_len", DEFAULT_MAX_LEN if r_kind == "search" else LINE_MAX)),
                weight=int(entry.get("weight", 0)),
                single=bool(entry.get("single", False)), replace=entry.get("replace", ""),
                prefilter=prefilter, keywords=tuple(entry.get("keywords", ())))


_BUCKETS = {"line": "line", "search": "search", "field": "fields", "inline": "inline",
            "filler": "filler", "site": "site"}


@functools.cache
def compiled(rules: RuleBook) -> Compiled:
    """The boilerplate rules of a book, grouped by kind and compiled once."""
    c = Compiled()
    for entry in rules.family("boilerplate"):
        if entry.get("kind") == "masked":
            if not isinstance(entry.get("line"), str) or not entry["line"]:
                raise RuleError(f"{entry.get('_source')}: masked boilerplate rule needs a `line`")
            c.masked[entry["line"]] = entry.get("code", "FW210")
            continue
        r = _rule(entry)
        if r.kind not in _BUCKETS:
            raise RuleError(f"{entry.get('_source')}: unknown boilerplate kind {r.kind!r}")
        getattr(c, _BUCKETS[r.kind]).append(r)
    names = sorted(set(rules.words("site_words")), key=len, reverse=True)
    if names:
        c.site_words = compile_rule("|".join(map(regex.escape, names)))
    c.qa_words = tuple(rules.words("qa_labels"))
    c.common_nets = frozenset(rules.words("common_nets"))
    c.model = load_model(rules)
    c.word_groups = word_groups(rules)
    c.talk_model = load_model(rules, "filler")
    c.filler_words = word_groups(rules, "filler_words")
    c.word_index, c.filler_index = WordGroups(c.word_groups), WordGroups(c.filler_words)
    c.idx = _indexes(c)
    return c


def _indexes(c: Compiled) -> Index:
    x = Index()
    x.field_any = _union(c.fields)
    x.fields_strongest = sorted(c.fields, key=lambda r: -r.strength)
    x.search_words = frozenset(w for r in c.search for w in r.keywords)
    x.field_words = frozenset(w for r in c.fields for w in r.keywords)
    x.free_lines = [r for r in c.line if not r.prefilter]
    words = x.search_words | x.field_words | {w for r in c.line for w in r.prefilter}
    if words:
        x.words = Literals(words)
        x.trigger = re.compile("[" + _field_chars() + x.words.chars + "]")
    x.line_by_word = _index((w, j) for j, r in enumerate(c.line) for w in r.prefilter)
    x.search_by_word = _index((w, j) for j, r in enumerate(c.search) for w in r.keywords)
    x.free_line_idx = tuple(j for j, r in enumerate(c.line) if not r.prefilter)
    x.search_free_idx = tuple(j for j, r in enumerate(c.search) if not r.keywords)
    x.free_edge_only = all(r.region == "edge" for r in x.free_lines)
    x.inline_by_line = all(r.prefilter and not any("\n" in w for w in r.prefilter) for r in c.inline)
    if x.inline_by_line and c.inline:
        literals = {w for r in c.inline for w in r.prefilter}
        x.inline_scan = _literals(tuple(sorted(literals, key=len, reverse=True)))
    return x


def _index(pairs: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, set[int]] = {}
    for w, j in pairs:
        out.setdefault(w, set()).add(j)
    return {w: tuple(sorted(js)) for w, js in out.items()}


@functools.cache
def _field_chars() -> str:
    """``:：`` and every character ``regex`` counts as ``\\d`` (_FIELDISH), as a ``re`` class body.

    ``re`` knows an older Unicode than ``regex``: the digits only ``regex`` knows are added.
    Building it scans 196k characters (~30 ms), so it is kept in the disk cache.
    """
    import sys

    from ...diskcache import memo

    return memo(("field_chars", regex.__version__, sys.version_info[:2]), _build_field_chars)


def _build_field_chars() -> str:
    chars = "".join(map(chr, range(0x30000)))  # no digit lies beyond (ideographs, tags, private use)
    extra = sorted(set(regex.findall(r"\d", chars)) - set(re.findall(r"\d", chars)))
    runs: list[list[str]] = []
    for ch in extra:
        if runs and ord(ch) == ord(runs[-1][1]) + 1:
            runs[-1][1] = ch
        else:
            runs.append([ch, ch])
    return ":：\\d" + "".join(f"{re.escape(a)}-{re.escape(b)}" for a, b in runs)


def _union(rules: list[Rule]) -> regex.Pattern | None:
    if not rules:
        return None
    return compile_rule("|".join(f"(?:{r.pattern.pattern})" for r in rules))

