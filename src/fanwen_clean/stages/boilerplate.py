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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

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
_QA_LABEL = regex.compile(r"问题描述|问题补充")
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
def _literals(words: tuple[str, ...]) -> regex.Pattern:
    if all(len(w) == 1 for w in words):
        return regex.compile("[" + "".join(regex.escape(w) for w in words) + "]")
    return regex.compile("|".join(map(regex.escape, words)))


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
    # keywords of the search rules and literal prefilters of the line rules, found in one scan;
    # a line without a search keyword is only searched when it is short
    keywords: object | None = None
    search_words: frozenset[str] = frozenset()
    field_words: frozenset[str] = frozenset()
    free_lines: list[Rule] = field(default_factory=list)  # line rules without a prefilter


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
    # one scan finds the search keywords and the literal prefilters of the line rules
    c.search_words = frozenset(w for r in c.search for w in r.keywords)
    c.field_words = frozenset(w for r in c.fields for w in r.keywords)
    c.free_lines = [r for r in c.line if not r.prefilter]
    words = c.search_words | c.field_words | {w for r in c.line for w in r.prefilter}
    if words:
        import ahocorasick

        auto = ahocorasick.Automaton()
        for w in words:
            auto.add_word(w, w)
        auto.make_automaton()
        c.keywords = auto
    return c


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


def classify(text: str, book: Compiled, edge: bool, keys: frozenset[str] | None = None,
             title: bool = False) -> Verdict:
    """Classify one line; ``edge``: it sits in the page header or footer; ``keys``: the keywords
    and prefilter literals it holds (None: not computed, try every rule); ``title``: it is the
    first line of the page (weak hits never remove a title or a heading)."""
    c = core(text)
    if not c:
        return Verdict()
    bare = c[1:-1].strip() if c.startswith("【") and c.endswith("】") else c
    for r in (book.free_lines if keys is not None and not keys else book.line):
        if r.prefilter and keys is not None and keys.isdisjoint(r.prefilter):
            continue
        if ((r.region == "any" or edge) and len(c) <= r.max_len and (keys is not None or r.may_match(c))
                and (r.pattern.fullmatch(c) or (bare is not c and r.pattern.fullmatch(bare)))):
            return Verdict(r.code)
    if book.masked:
        code = book.masked.get(mask(c))
        if code:
            return Verdict(code)
    hits: list[Rule] = []
    if keys is None or not keys.isdisjoint(book.search_words):
        hits = [r for r in book.search
                if len(c) <= r.max_len and (keys is None or not r.keywords or not keys.isdisjoint(r.keywords))
                and r.may_match(c) and r.pattern.search(c)
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
    return Verdict()


def _classify_fields(c: str, book: Compiled, edge: bool) -> Verdict:
    toks = _fields(c)
    if not toks or book.field_any is None or not book.field_any.fullmatch(toks[0]):
        return Verdict()
    strengths = []
    unknown = 0
    for tok in toks:
        best = -1
        for r in book.fields:
            if r.strength > best and r.pattern.fullmatch(tok):
                best = r.strength
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


def _inline(line: Line, active: list[Rule], jammer: bool, changes: list[Change]) -> str:
    text = line.text
    if jammer:
        new = noise.strip_jammer(text)
        if new != text:
            changes.append(Change("FW206", STAGE, line.src, text, new))
            text = new
    for r in active:
        if r.single and r.prefilter and text.count(r.prefilter[0]) != 1:
            continue
        if r.may_match(text) and r.pattern.search(text):
            new = r.pattern.sub(r.replace, text)
            if new != text:
                changes.append(Change(r.code, STAGE, line.src, text, new))
                text = new
    return text


def _sites(text: str, book: Compiled) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if book.site_words is not None:
        spans.extend(m.span() for m in book.site_words.finditer(text))
    for r in book.site:
        spans.extend(noise.site_name_spans(text, r.pattern))
    return spans


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Remove boilerplate lines and cut injected noise out of the rest."""
    book = compiled(rules)
    changes: list[Change] = []
    warnings: list[Finding] = []
    full = doc.text
    active = [r for r in book.inline if r.prefilter and r.may_match(full)]
    active += [r for r in book.inline if not r.prefilter and r.pattern.search(full)]
    jammer = noise.has_jammer(full)
    if active or jammer:
        texts = [_inline(line, active, jammer, changes) for line in doc.lines]
    else:
        texts = [line.text for line in doc.lines]
    lines = list(doc.lines)
    n = len(lines)
    prose = [i for i, t in enumerate(texts) if is_prose(t)]
    keyed = _keyed_lines(texts, book)
    none: frozenset[str] = frozenset()
    # the body runs from the first to the last prose paragraph that holds no chrome keyword
    anchors = [i for i in prose if keyed.get(i, none).isdisjoint(book.search_words)] or prose
    first, last = (anchors[0], anchors[-1]) if anchors else (n, -1)
    titles = {i for i, t in enumerate(texts) if len(t) <= 60 and is_article_title(t)}
    removed: dict[int, str] = {}
    top = next((i for i, t in enumerate(texts) if t), -1)
    for i, t in enumerate(texts):
        if not t or len(t) > LINE_MAX or i in titles:
            continue
        edge = i < first or i > last
        keys = keyed.get(i, none) if book.keywords is not None else None
        plain = not keys or keys.isdisjoint(book.search_words)
        if plain and len(t) > SHORT and not edge and _CLAUSE.search(t):
            # a body paragraph without any keyword: only a learned line can match it
            code = book.masked.get(mask(core(t))) if book.masked else None
            if code:
                removed[i] = code
            continue
        v = classify(t, book, edge, keys, title=i == top)
        if v.code:
            removed[i] = v.code
        elif v.warn:
            warnings.append(Finding(WARN, lines[i].src, v.warn))
    _context_rules(texts, removed, first, titles)
    _filler(texts, book, prose, titles, removed, warnings, lines)
    _repeats(texts, removed, first)
    names = _site_names(texts, removed)
    sites = bool(names) or any(r.pattern.search(full) for r in book.site) or (
        book.site_words is not None and book.site_words.search(full) is not None)
    if sites or "】" in full:
        _spliced(texts, book, removed, lines, changes, sites, names)
    return _rebuild(doc, lines, texts, removed, titles, changes, warnings)


def _filler(texts: list[str], book: Compiled, prose: list[int], titles: set[int],
            removed: dict[int, str], warnings: list[Finding], lines: list[Line]) -> None:
    """Injected intro paragraphs: scored, and removed only where sites put them.

    That is before the first article of a compilation, among the first two paragraphs,
    or — speaking as the site (小编, 本站) — after the last one.
    """
    n = len(texts)
    before = min(titles) if titles else -1
    head = prose[1] if len(prose) > 1 else n
    tail = prose[-1] if prose else n
    for i, t in enumerate(texts):
        if i in removed or len(t) < 12:
            continue
        voice = "小编" in t or "本站" in t
        placed = i < before or i <= head or (i >= tail and voice)
        if not (placed or voice) or not _CLAUSE.search(t):
            continue
        score, strong, topic = filler_score(t, book)
        if score >= FILLER_SCORE and strong and topic:
            if placed:
                removed[i] = "FW205"
            else:
                warnings.append(Finding(WARN, lines[i].src, "possible filler paragraph kept (FW205)"))


def _site_names(texts: list[str], removed: dict[int, str]) -> regex.Pattern | None:
    """Site names (…网, …文库) standing alone in the chrome lines this page lost."""
    names = {m.group() for i, code in removed.items() if code in _NAMING
             for m in _SITE_NAME.finditer(texts[i])} - _COMMON_NETS
    if not names:
        return None
    return regex.compile("|".join(map(regex.escape, sorted(names, key=len, reverse=True))))


def _spliced(texts: list[str], book: Compiled, removed: dict[int, str], lines: list[Line],
             changes: list[Change], sites: bool, names: regex.Pattern | None = None) -> None:
    """Cut site names spliced into prose, and an orphan 】 after a title repeated in front."""
    seen: list[str] = []
    for i, t in enumerate(texts):
        if i in removed or not t:
            continue
        spans = _sites(t, book) if sites else []
        if names is not None:
            spans += [m.span() for m in names.finditer(t)]
        if spans:
            new = noise.cut_spans(t, spans)
            changes.append(Change("FW208", STAGE, lines[i].src, t, new))
            texts[i] = t = new
        m = _ORPHAN.match(t)
        if m and any(s.endswith(m.group(1).strip()) for s in seen):
            new = t[m.end():].lstrip()
            changes.append(Change("FW209", STAGE, lines[i].src, t, new))
            texts[i] = t = new
        if len(t) <= 60:
            seen.append(core(t))


def _keyed_lines(texts: list[str], book: Compiled) -> dict[int, frozenset[str]]:
    """The keywords and prefilter literals each line holds, for the lines that hold any (one scan)."""
    if book.keywords is None:
        return dict.fromkeys(range(len(texts)), frozenset())
    found: dict[int, set[str]] = {}
    line, line_end = 0, len(texts[0]) if texts else 0
    for end, word in book.keywords.iter("\n".join(texts)):  # hits come in text order
        while end > line_end:
            line += 1
            line_end += len(texts[line]) + 1
        found.setdefault(line, set()).add(word)
    return {i: frozenset(w) for i, w in found.items()}


def _context_rules(texts: list[str], removed: dict[int, str], first: int, titles: set[int]) -> None:
    """Lines that are chrome because of their neighbours: Q&A question blocks, user names."""
    n = len(texts)
    for i, t in enumerate(texts):
        if removed.get(i) == "FW205" and _QA_LABEL.search(t):
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
    for i, t in enumerate(texts):
        if i in removed or i >= first or not _USERNAME.fullmatch(core(t)):
            continue
        near = [j for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
        if any(removed.get(j) == "FW201" for j in near):
            removed[i] = "FW201"


def _repeats(texts: list[str], removed: dict[int, str], first: int) -> None:
    """A title printed again in the page header (the first copy stays)."""
    seen: set[str] = set()
    for i in range(min(first + 1, len(texts))):
        if i in removed:
            continue
        c = core(texts[i])
        if not c or len(c) > 60 or is_prose(c):
            continue
        if c in seen:
            removed[i] = "FW204"
        seen.add(c)


def _rebuild(doc: Document, lines: list[Line], texts: list[str], removed: dict[int, str],
             titles: set[int], changes: list[Change], warnings: list[Finding]) -> Document:
    gone = {lines[i].src for i in removed}
    warnings = [w for w in warnings if w.line not in gone]
    out: list[Line] = []
    for i, (line, t) in enumerate(zip(lines, texts, strict=True)):
        if i in removed:
            changes.append(Change(removed[i], STAGE, line.src, line.text, ""))
            continue
        if line.text and not t:  # a line of nothing but noise
            continue
        if i in titles and out and out[-1].text:
            changes.append(Change("FW211", STAGE, line.src, t, "\n" + t))
            out.append(Line("", line.src))
        out.append(line if t == line.text else line.with_text(t))
    # removals leave blank runs behind: one blank line at most, none at the ends
    tidy: list[Line] = []
    for line in out:
        if not line.text and (not tidy or not tidy[-1].text):
            continue
        tidy.append(line)
    while tidy and not tidy[-1].text:
        tidy.pop()
    if not changes and not warnings and len(tidy) == len(lines):
        return doc
    return doc.evolve(lines=tidy, changes=changes, warnings=warnings)
