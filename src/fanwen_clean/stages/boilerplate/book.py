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
from .model import Model, load_model

DEFAULT_MAX_LEN = 80
LINE_MAX = 200  # longer lines are paragraphs: only inline noise and filler rules look at them
CACHE_MAX = 50_000  # lines (of at most LINE_MAX characters) remembered per cache of a rule book


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


@dataclass
class Memo:
    """Per-book caches: what a line is depends on its text (and place) alone (see :func:`remember`)."""

    verdicts: dict = field(default_factory=dict)  # (text, edge, top) -> lines.Verdict
    infos: dict = field(default_factory=dict)  # text -> page.LineInfo
    fillers: dict = field(default_factory=dict)  # text -> filler.FillerFacts
    inlines: dict = field(default_factory=dict)  # (text, active rules) -> inline cuts
    site_names: dict = field(default_factory=dict)  # text -> site names standing alone in it
    field_strengths: dict = field(default_factory=dict)  # field token -> strength
    scores: dict = field(default_factory=dict)  # (text, position features) -> classifier score
    random_runs: dict = field(default_factory=dict)  # text -> spans of random characters (FW213)
    talks: dict = field(default_factory=dict)  # sentence -> talk.text_features (or None)


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
    idx: Index = field(default_factory=Index)
    memo: Memo = field(default_factory=Memo)


def remember(cache: dict, key: object, value: object) -> object:
    """Store a value in a bounded cache (emptied when full) and return it."""
    if len(cache) >= CACHE_MAX:
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


# Common characters of Chinese prose, most frequent first (roughly): a word is found through its
# least common character, so that a scan stops on few lines (only speed depends on this list).
_COMMON = ("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过"
           "发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前"
           "开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重"
           "并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常"
           "先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报"
           "才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼"
           "书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术"
           "领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失"
           "转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技"
           "际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显")
_RANK = {ch: i for i, ch in enumerate(_COMMON)}


class Literals:
    """A set of literal words, each indexed by one of its characters (its least frequent).

    ``found(text)`` is exactly ``{w for w in words if w in text}``: a word in the text brings its
    character along, and every word of a character found is checked with ``in``.
    """

    def __init__(self, words: Iterable[str]) -> None:
        by_char: dict[str, list[str]] = {}
        for w in sorted(set(words)):
            if w:
                by_char.setdefault(min(w, key=_rarity), []).append(w)
        self.by_char = {ch: tuple(ws) for ch, ws in by_char.items()}
        self.chars = "".join(re.escape(ch) for ch in sorted(self.by_char))
        self.scan = re.compile(f"[{self.chars}]") if self.by_char else None

    def found(self, text: str) -> frozenset[str]:
        """The words that occur in the text."""
        if self.scan is None:
            return frozenset()
        chars = self.scan.findall(text)
        if not chars:
            return frozenset()
        return frozenset(w for ch in set(chars) for w in self.by_char[ch] if w in text)


def _rarity(ch: str) -> tuple[int, bool]:
    return (-_RANK.get(ch, len(_COMMON)), ch.isascii())  # min() picks the least common character


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

