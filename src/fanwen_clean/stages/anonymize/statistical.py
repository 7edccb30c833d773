"""People the context rules miss: words of name shape that jieba's HMM cut out of the line.

A candidate is a word jieba produced (its HMM joins characters the dictionary does not
know: 孔娜娜, 章昊奎) that is a surname (rules/surnames.txt, compound first) plus one or
two given characters, and is not an ordinary word of the shared word table.  Each
candidate gets a score from evidence that carries across sites:

* +2 an unknown three-character word of that shape (surname + two given characters),
  +1 an unknown two-character one, 0 a rare dictionary word tagged ``nr`` (person), 1 if
  very rare and of three characters;
* +1 a person context (word lists ``person_before``, ``person_after``, ``role`` of
  rules/anonymize.toml): a title or 同学/老师 right after it, a role in brackets (（村会计）), a
  title, a kin word (妈妈), a colon (主编：) before it, a list (、, spaces, 和) it shares with
  another name, or a line of its own (a signature, a byline after a space);
* -1 a common word straddling one of its edges (jieba's cut there is doubtful), or 了/着/过
  right after it (钱包丢了: a verb ends it);
* -1 a name cut out of an unknown word jieba glued it to (有章|明奎 → 章明奎).

``balanced`` keeps candidates scoring at least :data:`THRESHOLDS` ["balanced"], ``strict``
keeps every candidate.  The threshold was chosen by site-split cross-validation
(``tools/eval_anonymize.py --cv``).
"""

from __future__ import annotations

import functools

import regex

from ...lexicon import lexicon
from ...regex_guard import compile_rule
from ...shapes import is_han
from . import people, tagger
from .lexicon import Lexicon
from .mention import NOT_GIVEN, SUFFIX_CHARS, Mention, prev_char

RULE = "FW604"
THRESHOLDS = {"balanced": 2, "strict": 0}
_LIST_MARKS = frozenset("、，, \u3000")
_JOINERS = ("和", "与", "及", "同")  # 章明奎和邓雪梅: two name-shaped words joined
_RARE, _FREQUENT, _VERY_RARE = 100, 1000, 10  # word-table counts
_SPACES = (" ", "\u3000")
_AFTER_VERB = frozenset("了着过")


def _surname_len(word: str, lex: Lexicon) -> int:
    if len(word) >= 3 and word[:2] in lex.compound_surnames:
        return 2
    return 1 if word[0] in lex.surnames else 0


def _shape(word: str, lex: Lexicon) -> int:
    """Length of the surname if ``word`` is surname + one or two given Han characters, else 0."""
    sl = _surname_len(word, lex)
    given = word[sl:]
    ok = (bool(sl) and 1 <= len(given) <= 2 and all(is_han(c) for c in word)
          and not any(c in NOT_GIVEN for c in given) and given[-1:] not in SUFFIX_CHARS)
    return sl if ok else 0


def _evidence(word: str, sl: int, lex: Lexicon) -> int:
    """Word-table evidence: unknown words of name shape, and rare dictionary person names.

    jieba tags many ordinary words ``nr`` (祝福, 申请书), so a rare dictionary ``nr`` word is
    only a candidate (strict), never evidence; a surname before a frequent word (高+水平,
    曹+先生) is not a name.
    """
    table = lexicon()
    if word in lex.common or word in lex.lists.get("not_name", ()):
        return -9
    if word in table:
        if table.tag(word) != "nr" or table.freq(word) >= _RARE:
            return -9
        return 1 if len(word) >= 3 and table.freq(word) < _VERY_RARE else 0  # 王文燮 (2), not 申请书 (83)
    given = word[sl:]
    if len(given) == 2 and table.freq(given) >= _FREQUENT and table.tag(given) not in ("nr", "nrt"):
        return -9
    return 2 if len(word) >= 3 else 1


def _context(text: str, s: int, e: int, lex: Lexicon, listed: bool) -> int:
    """1 if something around the word marks a person: a title, a list, a colon, a byline."""
    after, before = text[e:e + 3], prev_char(text, s)
    titles = lex.lists.get("title", ())
    lists = lex.lists
    if listed or before in ":：" or any(after.startswith(w) for w in lists.get("person_after", ()) + titles):
        return 1
    if before in ("", *_SPACES) and text[e:e + 1] in ("", *_SPACES):
        return 1  # 第二党支部 王某: a byline, a signature, the name alone at the end of a line
    if after[:1] in "（(" and any(t in text[e + 1:e + 8] for t in titles + lists.get("role", ())):
        return 1  # 刘某（村会计）: the role in brackets after the name
    return 1 if any(text.endswith(t, 0, s) for t in titles + lists.get("person_before", ())) else 0


def _straddled(text: str, s: int, e: int, lex: Lexicon) -> bool:
    """A common word across an edge, or an aspect particle after it (钱包丢了: a verb, no name)."""
    left = s > 0 and text[s - 1:s + 1] in lex.common
    return left or text[e - 1:e + 1] in lex.common or text[e:e + 1] in _AFTER_VERB


def candidates(text: str, lex: Lexicon, threshold: int) -> list[Mention]:
    """Name-shaped words of ``text`` whose score reaches ``threshold``."""
    if lex.has_suffix is None or lex.has_suffix(text):
        cut = tagger.words(text, lex.wants_cut)  # the unit and feature detectors cut it so
    else:
        near = tuple((m.start(), m.start() + _SPAN) for m in _name_starts(lex).finditer(text))
        if not near:
            return []
        cut = tagger.words(text, lex.wants_cut, near)
    recut = _recut(text, cut, lex)
    first = _first_chars(lex.surnames, lex.compound_surnames)
    spans = sorted({(s, e) for s, e in cut if 2 <= e - s <= 4 and text[s] in first and _shape(text[s:e], lex)}
                   | recut)
    out: list[Mention] = []
    for k, (s, e) in enumerate(spans):
        word = text[s:e]
        score = _evidence(word, _shape(word, lex), lex)
        if score < 0:
            continue
        listed = _in_list(text, spans, k)
        score += _context(text, s, e, lex, listed) - _straddled(text, s, e, lex) - ((s, e) in recut)
        if score >= threshold and not people.historical(text, s, lex):
            out.append(Mention(s, e, "person", "姓名", word, RULE))
    return out


_SPAN = 4  # the longest name-shaped word: a compound surname and two given characters


def _name_starts(lex: Lexicon) -> regex.Pattern:
    return _name_start_re(lex.surnames, lex.compound_surnames)


@functools.cache
def _name_start_re(surnames: frozenset[str], compound: frozenset[str]) -> regex.Pattern:
    """Where a word of :func:`_shape` may start (a superset): a surname and one or two Han
    given characters, the last no suffix.  Every candidate and every recut is such a word, so
    they depend on jieba's cut only in the runs these spans overlap (the other runs are
    cut or not as before: nothing read there changes the result)."""
    given = f"(?![{regex.escape(''.join(sorted(NOT_GIVEN)))}])\\p{{Han}}"
    last = f"(?![{regex.escape(''.join(sorted(NOT_GIVEN | SUFFIX_CHARS)))}])\\p{{Han}}"
    heads = [f"[{regex.escape(''.join(sorted(surnames)))}]"] if surnames else []
    heads += [regex.escape(w) for w in sorted(compound, key=lambda w: (-len(w), w))]
    if not heads:
        return compile_rule("(?!)")
    return compile_rule(f"(?=(?:{'|'.join(heads)})(?:{last}|{given}{last}))")


@functools.cache
def _first_chars(surnames: frozenset[str], compound: frozenset[str]) -> frozenset[str]:
    """Characters a name can start with: a surname, or the first of a compound one."""
    return surnames | {w[0] for w in compound}


def _recut(text: str, cut: tuple[tuple[int, int], ...], lex: Lexicon) -> set[tuple[int, int]]:
    """Names the HMM cut wrongly: glued to the word before (有章|明奎 for 有|章明奎), or split
    (柯文|燮): a surname starts a name that ends where jieba ends a word."""
    ends = {e for _s, e in cut}
    out: set[tuple[int, int]] = set()
    for k, (a, b) in enumerate(cut):
        if b - a >= 2 and not lex.surnames.isdisjoint(text[a + 1:b]) and not tagger.known(text[a:b]):
            for i in range(a + 1, b):
                n = next((n for n in (3, 2) if i + n in ends and i + n > b and _shape(text[i:i + n], lex)), 0)
                if n:
                    out.add((i, i + n))
                    break
        c = cut[k + 1][1] if k + 1 < len(cut) else b
        # 柯文|燮 and 闫|立新: a name of three characters in two rare pieces
        if c - a == 3 and text[a] in lex.surnames and (b - a == 1 or _rare(text[a:b])) \
                and (c - b == 1 or _rare(text[b:c])) and _shape(text[a:c], lex):
            out.add((a, c))
    return out


def _rare(word: str) -> bool:
    return lexicon().freq(word) < _RARE


def _in_list(text: str, spans: list[tuple[int, int]], k: int) -> bool:
    """Is the k-th candidate next to another one, joined only by list marks (、 or spaces)?"""
    s, e = spans[k]
    for j in (k - 1, k + 1):
        if 0 <= j < len(spans):
            a, b = spans[j]
            gap = text[b:s] if j < k else text[e:a]
            if gap in _JOINERS or (0 < len(gap) <= 3 and all(c in _LIST_MARKS for c in gap)):
                return True
    return False

