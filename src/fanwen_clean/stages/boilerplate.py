"""Stage boilerplate: remove site chrome, adverts, navigation, filler and injected noise.

The rules are data (``[[boilerplate]]`` in ``rules/*.toml``, see the header of
``rules/boilerplate.toml``); this module adds the structural cues:

* region: the page header (before the first prose paragraph) and footer (after
  the last one) is where chrome lives; weaker rules only fire there;
* shape: a line that reads as a sentence (ends in 。！？ with enough Chinese)
  survives a single weak or medium hit — it is kept and reported as FW920;
* context: the question block of a Q&A farm, a title repeated in the header,
  a user name next to a timestamp, an orphan ``】`` after a repeated title.

Compilations keep each article title, with a blank line before it (FW211).

Speed: what a line is depends on its text (and whether it sits at the edge), and chrome lines
recur from page to page, so the facts of a line (:func:`_info`) and its verdict are remembered
per rule book.  A line is classified only when it holds a trigger character (one character of
every keyword and prefilter literal, or a field character ``:：`` or a digit); the later passes
look only at the lines they can change (the top of the page, lines with 】 or a site name …).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

import regex

from ..compilation import is_article_title
from ..document import Change, Document, Finding, Line
from ..masking import mask
from ..rules import RuleBook, RuleError
from ..settings import Settings
from . import noise

STAGE = "boilerplate"
WARN = "FW920"
DEFAULT_MAX_LEN = 80
FILLER_SCORE = 6  # strong features weigh 3: two of them, or one plus topic words and 小编 …
PROSE_MIN = 20
SHORT = 40  # lines this short are checked by every rule, keywords or not
LINE_MAX = 200  # longer lines are paragraphs: only inline noise and filler rules look at them
QA_BLOCK_MAX = 3

_BULLET_CHARS = frozenset(" \t\u3000•·●▪◆■◇►▶※>")
_BULLET = regex.compile(r"^[\s•·●▪◆■◇►▶※>]+")
_SENTENCE = regex.compile(r"[。！？!?][”’」』）)]?$")
_HAN = regex.compile(r"\p{Han}")
_CLAUSE = regex.compile(r"[，。；！？,;!?]")
_FIELD_TOKEN = regex.compile(
    r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})[ T]?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"|[^\s【】\[\]|｜·•]+")
_FIELDISH = regex.compile(r"[:：\d]")  # a field line without a field keyword has a colon or a digit
_USERNAME = regex.compile(r"[A-Za-z][A-Za-z0-9_.-]{1,19}")
_ORPHAN = regex.compile(r"^([^【】\[\]]{2,40})】")
_QA_WORDS = ("问题描述", "问题补充")
_QA_LABEL = regex.compile("|".join(_QA_WORDS))
# a site name standing alone in a removed chrome line (a whole run of Chinese ending in 网/文库)
_SITE_NAME = regex.compile(r"(?<!\p{Han})\p{Han}{2,9}(?:网|文库)(?!\p{Han})")
_NAMING = frozenset({"FW202", "FW203", "FW204"})
_COMMON_NETS = frozenset({"互联网", "因特网", "万维网", "局域网", "物联网", "移动互联网", "中国互联网"})
_HEADING = regex.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
                         r"|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[章节条部分]")


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
class Compiled:
    """The boilerplate rules of a book, by kind, with the indexes that make them cheap to run."""

    line: list[Rule] = field(default_factory=list)
    search: list[Rule] = field(default_factory=list)
    fields: list[Rule] = field(default_factory=list)
    inline: list[Rule] = field(default_factory=list)
    filler: list[Rule] = field(default_factory=list)
    site: list[Rule] = field(default_factory=list)
    site_words: regex.Pattern | None = None  # listed site names (rules/site_words.txt)
    masked: dict[str, str] = field(default_factory=dict)  # learned lines (masked) -> code
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
    # chrome lines recur from page to page: what a line is and where site names sit in it
    # depend on its text (and place) alone, so they are remembered (bounded, see _remember)
    verdicts: dict[tuple[str, bool, bool], Verdict] = field(default_factory=dict)
    infos: dict[str, tuple] = field(default_factory=dict)  # see _info
    fillers: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # see _filler_facts
    inlines: dict[tuple, tuple[str, tuple]] = field(default_factory=dict)  # see _inline_page
    site_names: dict[str, frozenset[str]] = field(default_factory=dict)  # see _site_names
    field_strengths: dict[str, int] = field(default_factory=dict)  # see _field_strength


def _rule(entry: dict) -> Rule:
    src = entry.get("_source", "?")
    try:
        pattern = regex.compile(entry["pattern"] if "pattern" in entry else regex.escape(entry["line"]))
        requires = regex.compile(entry["requires"]) if entry.get("requires") else None
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
        bucket = getattr(c, {"field": "fields"}.get(r.kind, r.kind), None)
        if not isinstance(bucket, list):
            raise RuleError(f"{entry.get('_source')}: unknown boilerplate kind {r.kind!r}")
        bucket.append(r)
    names = sorted(set(rules.words("site_words")), key=len, reverse=True)
    if names:
        c.site_words = regex.compile("|".join(map(regex.escape, names)))
    c.field_any = _union(c.fields)
    c.fields_strongest = sorted(c.fields, key=lambda r: -r.strength)
    c.search_words = frozenset(w for r in c.search for w in r.keywords)
    c.field_words = frozenset(w for r in c.fields for w in r.keywords)
    c.free_lines = [r for r in c.line if not r.prefilter]
    words = c.search_words | c.field_words | {w for r in c.line for w in r.prefilter}
    if words:
        c.words = Literals(words)
        c.trigger = re.compile("[" + _field_chars() + c.words.chars + "]")
    c.line_by_word = _index((w, j) for j, r in enumerate(c.line) for w in r.prefilter)
    c.search_by_word = _index((w, j) for j, r in enumerate(c.search) for w in r.keywords)
    c.free_line_idx = tuple(j for j, r in enumerate(c.line) if not r.prefilter)
    c.search_free_idx = tuple(j for j, r in enumerate(c.search) if not r.keywords)
    c.free_edge_only = all(r.region == "edge" for r in c.free_lines)
    c.inline_by_line = all(r.prefilter and not any("\n" in w for w in r.prefilter) for r in c.inline)
    if c.inline_by_line and c.inline:
        literals = {w for r in c.inline for w in r.prefilter}
        c.inline_scan = _literals(tuple(sorted(literals, key=len, reverse=True)))
    return c


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

    from ..diskcache import memo

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
    return regex.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules))


# ---------------------------------------------------------------------------- line shape


def core(text: str) -> str:
    """The line without bullets and surrounding space (what line rules look at)."""
    if text and text[0] not in _BULLET_CHARS and not text[-1].isspace():
        return text
    return _BULLET.sub("", text).strip()


def is_sentence(text: str) -> bool:
    """Does the line read as a sentence of prose (ends in 。！？ with enough Chinese)?"""
    return bool(_SENTENCE.search(text)) and len(_HAN.findall(text)) >= 6


def is_prose(text: str) -> bool:
    """A paragraph of body text: long enough and with clause punctuation."""
    return len(text) >= PROSE_MIN and _CLAUSE.search(text) is not None


_COLON_SPACE = regex.compile(r"([:：])\s+")
_ABOUT_SPACE = regex.compile(r"(?<=约|阅读|浏览|点击|评论|点赞|收藏|下载)\s+(?=\d)")


def _fields(text: str) -> list[str]:
    """The fields of a metadata line: split at spaces, bars and 【】 brackets; timestamps stay whole."""
    text = _ABOUT_SPACE.sub("", _COLON_SPACE.sub(r"\1", text))
    return [m.group() for m in _FIELD_TOKEN.finditer(text)]


@dataclass(frozen=True)
class Verdict:
    """What the classifier says about one line: remove (code) or warn (code, reason)."""

    code: str | None = None
    warn: str | None = None


_NO_VERDICT = Verdict()


def classify(text: str, book: Compiled, edge: bool, keys: frozenset[str] | None = None,
             title: bool = False) -> Verdict:
    """Classify one line; ``edge``: it sits in the page header or footer; ``keys``: the keywords
    and prefilter literals it holds (None: not computed, try every rule); ``title``: it is the
    first line of the page (weak hits never remove a title or a heading)."""
    c = core(text)
    if not c:
        return _NO_VERDICT
    bare = c[1:-1].strip() if c.startswith("【") and c.endswith("】") else c
    for r in _line_rules(book, keys):
        if ((r.region == "any" or edge) and len(c) <= r.max_len and (keys is not None or r.may_match(c))
                and (r.pattern.fullmatch(c) or (bare is not c and r.pattern.fullmatch(bare)))):
            return Verdict(r.code)
    if book.masked:
        code = book.masked.get(mask(c))
        if code:
            return Verdict(code)
    hits: list[Rule] = []
    if keys is None or not keys.isdisjoint(book.search_words):
        hits = [r for r in _search_rules(book, keys)
                if len(c) <= r.max_len and r.may_match(c) and r.pattern.search(c)
                and (r.requires is None or r.requires.search(c))]
    if hits:
        sentence = is_sentence(c)
        best = max(hits, key=lambda r: r.strength)
        heading = _HEADING.match(c) is not None
        if best.strength >= 2 and not heading and (not sentence or edge or len(hits) >= 2):
            return Verdict(best.code)
        if best.strength == 1 and edge and not sentence and not title and not heading:
            return Verdict(best.code)
        return Verdict(warn=f"possible boilerplate kept ({best.code} {best.description})")
    if (len(c) <= 160 and "。" not in c and "，" not in c and book.field_any
            and (keys is None or not keys.isdisjoint(book.field_words) or _FIELDISH.search(c))
            and (c[0] in "约【】[" or book.field_any.match(c))):
        v = _classify_fields(c, book, edge)
        if v.code or v.warn:
            return v
    return _NO_VERDICT


def _line_rules(book: Compiled, keys: frozenset[str] | None) -> Iterable[Rule]:
    """The line rules worth a try, in book order: those without a prefilter, and those whose
    prefilter literal the line holds (every rule when the keys are not known)."""
    if keys is None:
        return book.line
    if not keys:
        return book.free_lines
    idx = set(book.free_line_idx)
    for w in keys:
        idx.update(book.line_by_word.get(w, ()))
    return [book.line[j] for j in sorted(idx)]


def _search_rules(book: Compiled, keys: frozenset[str] | None) -> Iterable[Rule]:
    """The search rules worth a try, in book order: those without keywords, and those whose
    keyword the line holds (every rule when the keys are not known)."""
    if keys is None:
        return book.search
    idx = set(book.search_free_idx)
    for w in keys:
        idx.update(book.search_by_word.get(w, ()))
    return [book.search[j] for j in sorted(idx)]


def _classify_fields(c: str, book: Compiled, edge: bool) -> Verdict:
    toks = _fields(c)
    if not toks or book.field_any is None or not book.field_any.fullmatch(toks[0]):
        return Verdict()
    strengths = []
    unknown = 0
    for tok in toks:
        best = book.field_strengths.get(tok)
        if best is None:
            best = _remember(book.field_strengths, tok, _field_strength(tok, book))
        if best < 0:
            # a user or account name among strong fields (楼主 某某 发表于 …) is still chrome
            unknown += 1
            if unknown > 2 or len(tok) > 8 or _CLAUSE.search(tok):
                return Verdict()
            continue
        strengths.append(best)
    if not strengths or (unknown and strengths.count(2) < unknown + 1):
        return Verdict()
    top = max(strengths)
    if top >= 2 or (top == 1 and (edge or strengths.count(1) >= 2)):
        return Verdict(book.fields[0].code if book.fields else "FW201")
    if top == 1:
        return Verdict(warn="possible metadata line kept (FW201)")
    return Verdict()


def _field_strength(tok: str, book: Compiled) -> int:
    """The strength of the strongest field rule the token is (-1: none)."""
    # strongest first: the first rule that matches decides
    return next((r.strength for r in book.fields_strongest if r.pattern.fullmatch(tok)), -1)


def filler_score(text: str, book: Compiled) -> tuple[int, bool, bool]:
    """Score of filler features in a paragraph: (score, has a strong feature, has a topic word)."""
    score, strong, topic = 0, False, False
    for r in book.filler:
        if r.may_match(text) and r.pattern.search(text):
            score += r.weight
            strong |= r.weight >= 3
            topic |= r.weight < 3
    return score, strong, topic


# ---------------------------------------------------------------------------- the stage


def _inline(text: str, active: list[Rule], jammer: bool) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The line with inline noise cut out, and the cuts made as (rule, before, after)."""
    edits: list[tuple[str, str, str]] = []
    if jammer:
        new = noise.strip_jammer(text)
        if new != text:
            edits.append(("FW206", text, new))
            text = new
    for r in active:
        if r.single and r.prefilter and text.count(r.prefilter[0]) != 1:
            continue
        if r.may_match(text) and r.pattern.search(text):
            new = r.pattern.sub(r.replace, text)
            if new != text:
                edits.append((r.code, text, new))
                text = new
    return text, tuple(edits)


def _sites(text: str, book: Compiled) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if book.site_words is not None:
        spans.extend(m.span() for m in book.site_words.finditer(text))
    for r in book.site:
        spans.extend(noise.site_name_spans(text, r.pattern))
    return spans


# Of a line: (article title, prose paragraph, holds a search keyword, candidate level: 0 never
# chrome, 1 only in the header/footer (line rules without a prefilter), 2 maybe; site name spans,
# the keywords and prefilter literals it holds or None when the book has none, and what inline
# noise it may hold: (the inline rules whose prefilter it holds, a jammer-like run) or None)
Info = tuple[bool, bool, bool, int, tuple[tuple[int, int], ...], frozenset[str] | None,
             tuple[tuple[int, ...], bool] | None]


class _Page:
    """The texts of a page joined into one string, to find lines with one scan of it."""

    def __init__(self, texts: list[str], text: str | None = None) -> None:
        self.texts = texts
        self.text = "\n".join(texts) if text is None else text
        self._starts: list[int] | None = None

    def line_of(self, pos: int) -> int:
        """The index of the line that holds this offset of the page text."""
        if self._starts is None:
            self._starts = list(accumulate(map((1).__add__, map(len, self.texts)), initial=0))
        return bisect_right(self._starts, pos) - 1

    def lines_with(self, words: Iterable[str]) -> set[int]:
        """Indexes of the lines that hold one of these literal strings (none holds a newline)."""
        out: set[int] = set()
        text = self.text
        for w in words:
            pos = text.find(w)
            while pos >= 0:
                i = self.line_of(pos)
                out.add(i)
                # go on from the next line: one hit per line is enough
                pos = text.find(w, self._starts[i + 1]) if i + 1 < len(self._starts) else -1
        return out


MAX_ROUNDS = 3


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Remove boilerplate lines and cut injected noise out of the rest.

    Repeated until nothing more goes (a few rounds at most): removing chrome can bring
    another line into the page's header or footer, where it is chrome too — and cleaning
    the output again must find nothing left to remove.
    """
    for n in range(MAX_ROUNDS):
        new = _run_once(doc, rules, settings)
        if n:  # a later round gives again the warnings of the first: keep each once
            seen = set(doc.warnings)
            new = dataclasses.replace(new, warnings=doc.warnings + tuple(
                w for w in new.warnings[len(doc.warnings):] if w not in seen))
        if new.lines == doc.lines:
            return new
        doc = new
    return doc


def recheck(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """After rewrap: a chrome line that a page break had cut in two (作者：… 来源 / ：…) is
    whole again — look at the page once more, but only when a joined line could be chrome."""
    joined = {c.line for c in doc.changes if c.stage == "rewrap"}
    if not joined:
        return doc
    book = compiled(rules)
    if not any((book.infos.get(ln.text) or _info(ln.text, book))[3] == 2
               for ln in doc.lines if ln.src in joined and ln.text):
        return doc
    new = run(doc, rules, settings)
    seen = set(doc.warnings)  # warnings of the first look are not given twice
    return dataclasses.replace(new, warnings=doc.warnings + tuple(
        w for w in new.warnings[len(doc.warnings):] if w not in seen))


def _run_once(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    book = compiled(rules)
    changes: list[Change] = []
    warnings: list[Finding] = []
    lines = doc.lines
    texts = [line.text for line in lines]
    full = "\n".join(texts)
    infos = [book.infos.get(t) or _info(t, book) for t in texts]
    if book.inline_by_line:
        touched = _inline_lines(texts, infos, book, lines, changes)  # lines whose text changed
    else:
        touched = _inline_page(_Page(texts), book, lines, changes)
    for i in touched:
        infos[i] = book.infos.get(texts[i]) or _info(texts[i], book)
    page = _Page(texts, None if touched else full)
    titles = {i for i, info in enumerate(infos) if info[0]}
    first, last, head, tail = _body(infos, len(texts))
    removed: dict[int, str] = {}
    top = next((i for i, t in enumerate(texts) if t), -1)
    verdicts = book.verdicts
    for i, info in enumerate(infos):
        level = info[3]
        if not level:
            continue
        edge = i < first or i > last
        if level == 1 and not edge:
            continue
        key = (texts[i], edge, i == top)
        v = verdicts.get(key)
        if v is None:
            v = _remember(verdicts, key, _verdict(key[0], book, edge, key[2], info[5]))
        if v.code:
            removed[i] = v.code
        elif v.warn:
            warnings.append(Finding(WARN, lines[i].src, v.warn))
    _context_rules(page, removed, first, titles)
    _filler(page, book, head, tail, titles, removed, warnings, lines)
    _repeats(texts, removed, first)
    names = _site_names(texts, removed, book)
    sites = bool(names) or any(r.pattern.search(full) for r in book.site) or (
        book.site_words is not None and book.site_words.search(full) is not None)
    if sites or "】" in full:
        touched |= _spliced(texts, page, infos, removed, lines, changes, sites, names)
    return _rebuild(doc, lines, full, texts, removed, titles, touched, changes, warnings)


CACHE_MAX = 50_000  # lines (of at most LINE_MAX characters) remembered per cache of a rule book


def _remember(cache: dict, key: object, value: object) -> object:
    """Store a value in a bounded cache (emptied when full) and return it."""
    if len(cache) >= CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value


def _verdict(t: str, book: Compiled, edge: bool, top: bool, keys: frozenset[str] | None) -> Verdict:
    """What the line is (a non-empty line that is no article title): chrome, doubtful or text."""
    plain = not keys or keys.isdisjoint(book.search_words)
    if plain and len(t) > SHORT and not edge and _CLAUSE.search(t):
        # a body paragraph without any keyword: only a learned line can match it
        code = book.masked.get(mask(core(t))) if book.masked else None
        return Verdict(code) if code else _NO_VERDICT
    return classify(t, book, edge, keys, title=top)


def _inline_lines(texts: list[str], infos: list[Info], book: Compiled, lines: tuple[Line, ...],
                  changes: list[Change]) -> set[int]:
    """Cut inline noise out of the lines (in place); the indexes of the lines changed.

    A rule is active on the page when a line holds its prefilter literal (the jammer cut when a
    line holds a jammer-like run); only such lines can change, the rest are not looked at.
    """
    noisy = [i for i, info in enumerate(infos) if info[6]]
    if not noisy:
        return set()
    on = sorted({j for i in noisy for j in infos[i][6][0]})
    jammer = any(infos[i][6][1] for i in noisy)
    return _cut_noise(texts, noisy, on, jammer, book, lines, changes)


def _cut_noise(texts: list[str], todo: Iterable[int], on: list[int], jammer: bool, book: Compiled,
               lines: tuple[Line, ...], changes: list[Change]) -> set[int]:
    """Apply the active inline rules (indexes ``on``) and the jammer cut to the lines ``todo``."""
    active = [book.inline[j] for j in on]
    edited: set[int] = set()
    cache, rules_on = book.inlines, (tuple(on), jammer)
    for i in todo:
        t = texts[i]
        key = (t, rules_on)
        new, edits = cache.get(key) or _remember(cache, key, _inline(t, active, jammer))
        if edits:
            src = lines[i].src
            changes.extend(Change(code, STAGE, src, before, after) for code, before, after in edits)
            texts[i] = new
            edited.add(i)
    return edited


def _inline_page(page: _Page, book: Compiled, lines: tuple[Line, ...], changes: list[Change]) -> set[int]:
    """Cut inline noise out of the lines (in place); the indexes of the lines changed.

    The general way (a rule without a prefilter, or one that spans lines): a rule is active when
    the page text holds its prefilter literal; only lines holding one (or a jammer-like run) change.
    """
    full, texts = page.text, page.texts
    on = [j for j, r in enumerate(book.inline) if r.prefilter and r.may_match(full)]
    on += [j for j, r in enumerate(book.inline) if not r.prefilter and r.pattern.search(full)]
    active = [book.inline[j] for j in on]
    jammer = noise.has_jammer(full)
    if not active and not jammer:
        return set()
    if any(not r.prefilter for r in active):
        todo: Iterable[int] = range(len(texts))
    else:
        found = page.lines_with({w for r in active for w in r.prefilter})
        if jammer:
            found.update(page.line_of(pos) for pos in noise.jammer_starts(full))
        todo = sorted(found)
    return _cut_noise(texts, todo, on, jammer, book, lines, changes)


def _info(t: str, book: Compiled) -> Info:
    """What the stage needs to know of a line wherever it stands (see :data:`Info`), remembered."""
    title = len(t) <= 60 and is_article_title(t)
    # a line without a trigger character holds no word (nor a field character :：digits)
    triggered = book.trigger is None or book.trigger.search(t) is not None
    if not t or len(t) > LINE_MAX or title:
        level = 0
    elif not triggered and not book.masked and book.free_edge_only:
        # prefilter: every rule that may fire needs a keyword, a prefilter literal or a field
        # character; most lines of prose hold none of them
        level = 1 if book.free_lines else 0
    else:
        level = 2
    keys = (book.words.found(t) if triggered else frozenset()) if book.words is not None else None
    rules = tuple(j for j, r in enumerate(book.inline) if r.prefilter and r.may_match(t)) if (
        book.inline_scan is None or book.inline_scan.search(t)) else ()
    jammer = noise.has_jammer(t)
    info = (title, is_prose(t), keys is not None and not keys.isdisjoint(book.search_words),
            level, tuple(_sites(t, book)) if t else (), keys, (rules, jammer) if rules or jammer else None)
    # a long paragraph seldom comes again: not worth the memory
    return info if len(t) > LINE_MAX else _remember(book.infos, t, info)


def _body(infos: list[Info], n: int) -> tuple[int, int, int, int]:
    """(first, last, head, tail): the body runs from the first to the last prose paragraph that
    holds no chrome keyword (any prose paragraph if none is clean); head is the second prose
    paragraph and tail the last one (n when there is none)."""
    prose = [i for i, info in enumerate(infos) if info[1]]
    anchors = [i for i in prose if not infos[i][2]] or prose
    first, last = (anchors[0], anchors[-1]) if anchors else (n, -1)
    return first, last, prose[1] if len(prose) > 1 else n, prose[-1] if prose else n


def _filler(page: _Page, book: Compiled, head: int, tail: int, titles: set[int],
            removed: dict[int, str], warnings: list[Finding], lines: tuple[Line, ...]) -> None:
    """Injected intro paragraphs: scored, and removed only where sites put them.

    That is before the first article of a compilation, among the first two paragraphs,
    or — speaking as the site (小编, 本站) — after the last one.
    """
    texts = page.texts
    n = len(texts)
    before = min(titles) if titles else -1
    # prefilter: only the top of the page and lines in the voice of the site can be filler
    todo = set(range(min(max(before, head + 1), n))) | page.lines_with(("小编", "本站"))
    facts = book.fillers
    for i in sorted(todo):
        if i in removed:
            continue
        t = texts[i]
        voice, filler = facts.get(t) or (_filler_facts(t, book) if len(t) > LINE_MAX
                                         else _remember(facts, t, _filler_facts(t, book)))
        if not filler:
            continue
        placed = i < before or i <= head or (i >= tail and voice)
        if placed or voice:
            if placed:
                removed[i] = "FW205"
            else:
                warnings.append(Finding(WARN, lines[i].src, "possible filler paragraph kept (FW205)"))


def _filler_facts(t: str, book: Compiled) -> tuple[bool, bool]:
    """(in the voice of the site, reads as injected filler) for a line, wherever it is."""
    voice = "小编" in t or "本站" in t
    if len(t) < 12 or not _CLAUSE.search(t):
        return voice, False
    score, strong, topic = filler_score(t, book)
    return voice, score >= FILLER_SCORE and strong and topic


def _site_names(texts: list[str], removed: dict[int, str], book: Compiled) -> regex.Pattern | None:
    """Site names (…网, …文库) standing alone in the chrome lines this page lost."""
    names: set[str] = set()
    cache = book.site_names
    for i, code in removed.items():
        if code in _NAMING:
            t = texts[i]
            found = cache.get(t)
            if found is None:
                found = _remember(cache, t, frozenset(m.group() for m in _SITE_NAME.finditer(t)))
            names |= found
    names -= _COMMON_NETS
    if not names:
        return None
    return regex.compile("|".join(map(regex.escape, sorted(names, key=len, reverse=True))))


def _spliced(texts: list[str], page: _Page, infos: list[Info], removed: dict[int, str],
             lines: tuple[Line, ...], changes: list[Change], sites: bool,
             names: regex.Pattern | None = None) -> set[int]:
    """Cut site names spliced into prose, and an orphan 】 after a title repeated in front.

    Only lines with a site name or a 】 are looked at.  Returns the indexes of the lines changed.
    """
    touched: set[int] = set()
    todo = page.lines_with(("】",))
    if sites:
        todo.update(i for i, info in enumerate(infos) if info[4])
    if names is not None:
        todo.update(i for i, t in enumerate(texts) if names.search(t))
    seen: list[str] = []  # the cores of the short lines before, as far as read
    upto = 0
    for i in sorted(todo):
        t = texts[i]
        if not t or i in removed:
            continue
        spans = list(infos[i][4]) if sites else []
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


def _context_rules(page: _Page, removed: dict[int, str], first: int, titles: set[int]) -> None:
    """Lines that are chrome because of their neighbours: Q&A question blocks, user names."""
    texts = page.texts
    n = len(texts)
    # prefilter: a question block starts at a line holding a Q&A label
    for i in sorted(page.lines_with(_QA_WORDS)):
        if removed.get(i) == "FW205" and _QA_LABEL.search(texts[i]):
            taken = 0
            j = i + 1
            while j < n and taken < QA_BLOCK_MAX and j not in titles:
                if j in removed:
                    break
                if texts[j].strip():
                    if len(texts[j]) > 80 or texts[j].endswith("。"):
                        break
                    removed[j] = "FW205"
                    taken += 1
                j += 1
    for i in range(min(first, n)):
        if i in removed:
            continue
        near = [j for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
        # the cheap test first: a metadata line removed nearby
        if any(removed.get(j) == "FW201" for j in near) and _USERNAME.fullmatch(core(texts[i])):
            removed[i] = "FW201"


_MARKS_AND_SPACE = regex.compile(r"[\p{P}\s]+")


def _repeats(texts: list[str], removed: dict[int, str], first: int) -> None:
    """A title printed again in the page header (the first copy stays)."""
    seen: set[str] = set()
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
        seen.add(key)


def _rebuild(doc: Document, lines: tuple[Line, ...], full: str, texts: list[str],
             removed: dict[int, str], titles: set[int], touched: set[int], changes: list[Change],
             warnings: list[Finding]) -> Document:
    """The page without the removed lines, with the cut texts and the titles set apart, tidied;
    ``full``: the text of the page as it came in."""
    if not removed and not changes and not warnings and not titles and _tidy_already(lines, full):
        return doc  # nothing to remove, cut, separate or tidy
    gone = {lines[i].src for i in removed}
    warnings = [w for w in warnings if w.line not in gone]
    out: list[Line] = []
    drops: list[int] = []  # where in out lines went missing
    pos = 0
    # only removed, changed and title lines need a look: the runs between them are copied
    for i in sorted(removed.keys() | touched | titles):
        out.extend(lines[pos:i])
        pos = i + 1
        line, t = lines[i], texts[i]
        if i in removed:
            changes.append(Change(removed[i], STAGE, line.src, line.text, ""))
            drops.append(len(out))
            continue
        if line.text and not t:  # a line of nothing but noise
            drops.append(len(out))
            continue
        if i in titles and out and out[-1].text:
            changes.append(Change("FW211", STAGE, line.src, t, "\n" + t))
            out.append(Line("", line.src))
        out.append(line if t == line.text else line.with_text(t))
    out.extend(lines[pos:])
    # removals leave blank runs behind: a blank line stays only after a line of text, none at
    # the end; blank lines are never removed, so a run can only form where the page had one
    # or where lines went missing
    if _tidy_already(lines, full) and not any(_blank_run(out, k) for k in drops):
        tidy = out
    else:
        prev = [""]
        prev += [line.text for line in out]
        tidy = [line for line, before in zip(out, prev, strict=False) if line.text or before]
        if tidy and not tidy[-1].text:
            tidy.pop()
    if not changes and not warnings and len(tidy) == len(lines):
        return doc
    return doc.evolve(lines=tidy, changes=changes, warnings=warnings)


def _blank_run(out: list[Line], k: int) -> bool:
    """Do the lines met at position k of out (after lines went missing) make a blank run, or leave
    a blank line at an end?"""
    left = out[k - 1].text if k > 0 else None
    right = out[k].text if k < len(out) else None
    return (right == "" and (left is None or left == "")) or (left == "" and right is None)


def _tidy_already(lines: tuple[Line, ...], full: str) -> bool:
    """No blank line at either end and no two blank lines in a row (tidying keeps every line);
    ``full``: the text of the lines."""
    if not lines:
        return True
    return bool(lines[0].text) and bool(lines[-1].text) and "\n\n\n" not in full
