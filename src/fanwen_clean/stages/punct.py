"""Stage punct: half-width and broken punctuation in Chinese prose (codes FW41x).

The rules are ``[[punct]]`` entries in ``rules/*.toml``, applied in file order
to every line.  Pattern entries are regexes; ``impl`` entries (paired quotes,
paired brackets) need state and live here.  Each entry's prefilter (its pattern
when it has none) is a cheap pre-check: lines it does not match are skipped.

Speed: a prefilter starts with one of a few literal strings (``--``, ``，，``, a
half-width comma …), derived by :mod:`fanwen_clean.prefilter`.  str.find locates those on the
page (much faster than a regex scan of a character class), and the prefilter is
only tried at those positions.  Triggers compile with ``regex``, whose compiled
patterns the disk cache keeps (the stdlib engine took tens of ms per start-up to
compile their large character ranges).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import regex

from ..document import Change, Document, Line, edit_lines
from ..prefilter import literal_prefixes
from ..regex_guard import compile_rule
from ..rules import RuleBook, RuleError
from ..settings import Settings
from ..shapes import HAN

STAGE = "punct"
CONTEXT = 4  # characters of context kept on each side in a change record
ROUNDS = 8  # rounds end as soon as nothing changes; chains seen in practice are 2–4 long

# Chinese context: a Han character or Chinese punctuation next to a mark makes it Chinese.
_CJK = compile_rule(r"[\p{Han}，。、；：！？（）《》“”‘’…—「」『』【】]")
_ASCII_WORD = compile_rule(r"[A-Za-z0-9]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK.match(ch) is not None


# ---------------------------------------------------------------- quotes (FW414)

_OPEN_D, _CLOSE_D = "“", "”"
_OPEN_S, _CLOSE_S = "‘", "’"
# orientation known from the glyph; ‚ ‛ and " are told apart by the open/close state
_FIXED_D = {"〝": _OPEN_D, "„": _OPEN_D, "〞": _CLOSE_D, "〟": _CLOSE_D}
_TOGGLE_D = {'"', "‚", "‛"}
_SWAPPED = {(_OPEN_S, _CLOSE_D), (_CLOSE_S, _OPEN_D)}
# every character the pairing loop reacts to; the loop visits only these
_QUOTE_CHAR = compile_rule("[“”‘’〝„〞〟\"‚‛']")


def _near_cjk(text: str, *positions: int) -> bool:
    """Is a Chinese character or Chinese punctuation right next to any of ``positions``?"""
    n = len(text)
    return any(_is_cjk(text[j]) for i in positions for j in (i - 1, i + 1) if 0 <= j < n)


def fix_quotes(text: str) -> str:
    """Pair straight and odd quote marks of a Chinese line; ASCII-only contexts are left alone."""
    if not HAN.search(text):
        return text
    chars = list(text)
    n = len(chars)
    open_d = open_curly_s = False
    pending = -1  # a straight or odd opening double quote waiting for its partner
    singles: list[int] = []
    skip = -1
    for m in _QUOTE_CHAR.finditer(text):  # other characters change no state
        i, ch = m.start(), m.group()
        if i == skip:
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        if open_d and (ch, nxt) in _SWAPPED and not (ch == _CLOSE_S and open_curly_s):
            # “A‘”B’“C”: inside a quotation, a single quote glued to a double one is a
            # garbled boundary between two quotations: “A”“B”“C”
            chars[i], chars[i + 1] = _CLOSE_D, _OPEN_D
            skip, pending = i + 1, -1
        elif ch == _OPEN_S:
            open_curly_s = True
        elif ch == _CLOSE_S:
            open_curly_s = False
        elif ch in (_OPEN_D, _CLOSE_D) or ch in _FIXED_D:
            chars[i] = _FIXED_D.get(ch, ch)
            open_d, pending = chars[i] == _OPEN_D, -1
        elif ch in _TOGGLE_D:
            if not open_d:
                open_d, pending = True, i
                continue
            # a pair is Chinese when a Chinese character touches either quote, or a glyph
            # that only Chinese pages use (‚‛) is involved; "an English quotation" stays
            if pending < 0 or ch != '"' or text[pending] != '"' or _near_cjk(text, pending, i):
                if pending >= 0:
                    chars[pending] = _OPEN_D
                chars[i] = _CLOSE_D
            open_d, pending = False, -1
        elif ch == "'" and _chinese_apostrophe(text[i - 1] if i else "", nxt):
            singles.append(i)
    if pending >= 0 and (text[pending] != '"' or _near_cjk(text, pending)):
        chars[pending] = _OPEN_D  # an unpaired opening quote in Chinese text
    _pair_singles(text, chars, singles)
    return "".join(chars)


def _chinese_apostrophe(prev: str, nxt: str) -> bool:
    """A straight single quote next to Chinese; don't, it's, 5'10": one touching ASCII is English."""
    return not (_ASCII_WORD.match(prev or " ") or _ASCII_WORD.match(nxt or " ")
                or not (_is_cjk(prev) or _is_cjk(nxt)))


def _pair_singles(text: str, chars: list[str], singles: list[int]) -> None:
    """Turn the straight single quotes at ``singles`` into curly pairs (in ``chars``)."""
    if len(singles) == 1 and HAN.match(text[singles[0] - 1 : singles[0]] or " ") \
            and HAN.match(text[singles[0] + 1 : singles[0] + 2] or " "):
        chars[singles[0]] = ""  # a lone apostrophe between two characters is copy-protection noise
    elif len(singles) % 2 == 0:
        open_s = False
        for i in singles:
            chars[i] = _CLOSE_S if open_s else _OPEN_S
            open_s = not open_s


# -------------------------------------------------------------- brackets (FW415)

_PARENS = compile_rule(r"\(([^()（）\n]{1,200}?)\)|\(([^()（）\n]{1,200}?)）|（([^()（）\n]{1,200}?)\)")
_SHORT_LABEL = compile_rule(r"[0-9A-Za-z一二三四五六七八九十]{1,4}")


def _paren(m: regex.Match) -> str:
    inner = m.group(1)
    if inner is None:  # one side is already full-width: the pair is Chinese
        inner = m.group(2) if m.group(2) is not None else m.group(3)
        return f"（{inner}）" if inner.strip() else m.group()
    if not inner.strip():
        return m.group()  # ( ) is a blank to fill in, left for the slots stage
    s = m.string
    before = s[m.start() - 1] if m.start() else ""
    after = s[m.end()] if m.end() < len(s) else ""
    if _CJK.search(inner) or (_SHORT_LABEL.fullmatch(inner) and (_is_cjk(before) or _is_cjk(after))):
        return f"（{inner}）"
    return m.group()


def fix_parens(text: str) -> str:
    """Make brackets around Chinese (or a list number next to Chinese) full-width."""
    return _PARENS.sub(_paren, text)


_IMPLS: dict[str, Callable[[str], str]] = {"quotes": fix_quotes, "parens": fix_parens}


# ------------------------------------------------------------------ the stage


class _Rule(NamedTuple):
    code: str
    apply: Callable[[str], str]
    prefilter: regex.Pattern
    prefixes: tuple[str, ...] | None  # every prefilter match starts with one of these (None: unknown)

    def positions(self, text: str) -> list[int]:
        """Sorted offsets where a prefilter match may start (every offset when prefixes are unknown)."""
        found: list[int] = []
        for prefix in self.prefixes or ():
            i = text.find(prefix)
            while i >= 0:
                found.append(i)
                i = text.find(prefix, i + 1)
        return sorted(set(found)) if len(self.prefixes or ()) > 1 else found

    def hits(self, text: str) -> bool:
        """Does the prefilter match somewhere in ``text`` (a line: a plain search is cheapest)?"""
        return self.prefilter.search(text) is not None


def _pattern_rule(entry: dict) -> Callable[[str], str]:
    try:
        pat = compile_rule(entry["pattern"], regex.M)
    except regex.error as exc:
        raise RuleError(f"{entry['_source']}: {entry.get('code')}: bad pattern: {exc}") from None
    table = entry.get("map")
    if table:
        trans = str.maketrans(table)
        return lambda s: pat.sub(lambda m: m.group().translate(trans), s)
    repl = entry.get("replace", "")
    return lambda s: pat.sub(repl, s)


def _prefilter(entry: dict) -> str:
    if entry.get("prefilter"):
        return entry["prefilter"]
    if "impl" in entry or regex.search(r"\\\d", entry["pattern"]):
        # joined with the others, a back-reference would point at another entry's group
        raise RuleError(f"{entry['_source']}: {entry.get('code')}: needs a 'prefilter'")
    return entry["pattern"]


@functools.cache
def _compiled(rules: RuleBook) -> _RuleSet:
    out: list[_Rule] = []
    for e in rules.family("punct"):
        if "impl" in e:
            fn = _IMPLS.get(e["impl"])
            if fn is None:
                raise RuleError(f"{e['_source']}: {e.get('code')}: unknown impl {e['impl']!r}")
        else:
            fn = _pattern_rule(e)
        prefilter = _prefilter(e)
        try:
            compiled = compile_rule(prefilter, regex.M)
        except regex.error as exc:
            raise RuleError(f"{e['_source']}: {e.get('code')}: bad prefilter: {exc}") from None
        out.append(_Rule(e["code"], fn, compiled, literal_prefixes(prefilter)))
    # prefilters have no back-references (see _prefilter), so their alternation matches exactly
    # where one of them does
    union = "|".join(f"(?:{r.prefilter.pattern})" for r in out) or "(?!)"
    return _RuleSet(tuple(out), compile_rule(union, regex.M))


def _common(a: str, b: str, suffix: bool = False) -> int:
    """Length of the common prefix (or suffix) of two strings.

    Each character is a 32-bit lane of a big integer (UTF-32; big-endian for the
    suffix, so the last character is the lowest lane): the lowest set bit of
    ``a ^ b`` falls in the first lane that differs.  All in C.
    """
    n = min(len(a), len(b))
    a, b = (a[len(a) - n:], b[len(b) - n:]) if suffix else (a[:n], b[:n])
    codec, order = ("utf-32-be", "big") if suffix else ("utf-32-le", "little")
    x = (int.from_bytes(a.encode(codec, "surrogatepass"), order)
         ^ int.from_bytes(b.encode(codec, "surrogatepass"), order))
    return n if not x else ((x & -x).bit_length() - 1) // 32


def _span(before: str, after: str) -> tuple[str, str]:
    """The changed stretch of a line with a little context, so a report stays readable."""
    i = _common(before, after)
    j = min(_common(before[i:], after[i:], suffix=True), len(before) - i, len(after) - i)
    lo = max(0, i - CONTEXT)
    return before[lo:len(before) - j + CONTEXT], after[lo:len(after) - j + CONTEXT]


class _RuleSet(NamedTuple):
    rules: tuple[_Rule, ...]
    any_prefilter: regex.Pattern  # matches where any rule's prefilter matches: one search says "done"


def _apply(text: str, book: _RuleSet, first: set[str] | None = None
           ) -> tuple[str, list[tuple[str, str, str]]]:
    """Run the rules whose prefilter matches; ``first`` limits the first round to known codes."""
    edits: list[tuple[str, str, str]] = []
    # a later rule can enable an earlier one ("我 …": the space goes, then … is next to 我;
    # "我,...": the comma becomes ，), so go round until nothing changes
    for round_ in range(ROUNDS):
        start = text
        if round_ and book.any_prefilter.search(text) is None:
            break
        for rule in book.rules:
            if round_ == 0 and first is not None:
                if rule.code not in first:
                    continue
            elif not rule.hits(text):
                continue
            new = rule.apply(text)
            if new != text:
                edits.append((rule.code, *_span(text, new)))
                text = new
        if text == start:
            break
    return text, edits


def _flagged(text: str, rules: tuple[_Rule, ...]) -> dict[int, set[str]]:
    """Line index → codes whose prefilter matches that line: one pass over the page per rule."""
    out: dict[int, set[str]] = {}
    for rule in rules:
        if rule.prefixes is None:
            _flag_by_search(text, rule, out)
            continue
        match = rule.prefilter.match
        line = pos = 0
        done = -1  # the last line flagged for this rule
        for i in rule.positions(text):
            line += text.count("\n", pos, i)
            pos = i
            if line != done and match(text, i):
                out.setdefault(line, set()).add(rule.code)
                done = line
    return out


def _flag_by_search(text: str, rule: _Rule, out: dict[int, set[str]]) -> None:
    """``_flagged`` for a prefilter without known prefixes: search, then skip to the next line."""
    search = rule.prefilter.search
    pos = line = 0
    m = search(text)
    while m:
        line += text.count("\n", pos, m.start())
        out.setdefault(line, set()).add(rule.code)
        nl = text.find("\n", m.start())
        if nl < 0:
            break
        pos = nl  # the next scan starts on the following line
        m = search(text, nl + 1)


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Repair punctuation on the lines some rule's prefilter flags; one change per rule and line."""
    compiled = _compiled(rules)
    flagged = _flagged(doc.text, compiled.rules)
    if not flagged:
        return doc
    def fix(i: int, line: Line) -> tuple[str, list[Change]]:
        new, edits = _apply(line.text, compiled, flagged[i])
        return new, [Change(code, STAGE, line.src, before, after) for code, before, after in edits]

    return edit_lines(doc, flagged, fix)
