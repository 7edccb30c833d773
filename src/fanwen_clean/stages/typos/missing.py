"""A character left out of a common word (中国共党→中国共产党; FW433).

The *skeletons* of the common words of 4 and 5 characters (the word with one character inside it
left out, built by ``tools/build_missing.py`` into ``rules/confusions/missing.tsv`` and a prebuilt
automaton, ``missing.daac``) are found in a line by one C-level scan.  An end left out is not
looked for: 很难 and 也就是 are no 很难说 and 也就是说 cut short.  A skeleton is a candidate when
none of its characters belongs to a common word that reaches outside it (伟大生命 holds 大生, the
skeleton of 大学生, but 伟大 and 生命 explain it), when the gap falls between characters that are
no words with their neighbours (有责任 reads 有|责任), and when the text around it segments better
with the full word (:func:`evidence.gain`).  Strong evidence is a fix; weaker evidence, or a
skeleton two words may come from, a suggestion (FW940).
"""

from __future__ import annotations

import functools
from pathlib import Path

from ...rules import RuleBook
from . import evidence
from .context import in_quote, in_title
from .data import _dir
from .proposal import Proposal
from .triggers import char_starts

TABLE = "missing.tsv"
PATTERNS = "missing.daac"
# words of 4 and 5 characters: a 3-character word leaves a 2-character skeleton, which is found
# between words everywhere (考学, 村任, 操性 on the corpus pages: noise, not typos)
LENGTHS = (4, 5)
MIN_FREQ = 50  # a word this common in jieba's counts
SKELETON_SHARE = 0.05  # a skeleton that is itself a word this share as common as the word is meant
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "x", "eng", "m"})
NEGATIONS = "不没无非未别"
FUNCTION_CHARS = "的地得了着过是在和与及或也都就又还而之所为因"
EXPLAINS = 100  # a word at least this common around the skeleton explains its characters
FIX_GAIN = 8.0
SUGGEST_GAIN = 3.0
CLOSE = 2.0  # two words within this gain of each other: only a suggestion


def data_dir() -> Path:
    """Where the built table lives (``rules/confusions``)."""
    return _dir()


def build_table() -> dict[str, list[str]]:
    """Skeleton → the words it may come from, most common first (see the module docstring)."""
    lex = evidence.lexicon()
    table: dict[str, list[str]] = {}
    for word in lex.all_words():
        if len(word) not in LENGTHS or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        freq = lex.freq(word)
        if freq < MIN_FREQ or lex.tag(word) in NAME_TAGS:
            continue
        if any(ch in FUNCTION_CHARS for ch in word):
            continue  # 生生的, 是因为: a skeleton with 的 or 是 matches everywhere, and means it
        for k in range(1, len(word) - 1):  # inside only: 很难 is no 很难说 with its end dropped
            if word[k] in NEGATIONS or word[k] in (word[k - 1], word[k + 1]):
                continue  # 算得 is no 算不得 cut short; 扎扎实 is 扎实 reduplicated, no typo
            skeleton = word[:k] + word[k + 1:]
            if lex.freq(skeleton) < freq * SKELETON_SHARE:
                table.setdefault(skeleton, []).append(word)
    inside = _inside_common_words(lex)
    for words in table.values():
        words.sort(key=lambda w: (-lex.freq(w), w))
    return dict(sorted((k, v) for k, v in table.items() if k not in inside))


def _inside_common_words(lex) -> set[str]:
    """Every string of 2 to 4 characters inside a common word (倡议书 holds 议书, 主持人 持人):
    a text that holds one is most likely that word, not a word with a character missing."""
    found: set[str] = set()
    for word in lex.all_words():
        if len(word) >= 3 and lex.freq(word) >= EXPLAINS:
            for n in (2, 3, 4):
                found.update(word[i:i + n] for i in range(len(word) - n + 1) if word[i:i + n] != word)
    return found


def table_text(table: dict[str, list[str]]) -> str:
    """The TSV form of the table: ``skeleton<TAB>word word…`` by skeleton."""
    head = "# built by tools/build_missing.py from jieba's words: skeleton<TAB>words, most common first\n"
    return head + "".join(f"{k}\t{' '.join(v)}\n" for k, v in table.items())


def build_automaton(table: dict[str, list[str]]) -> bytes:
    """The serialized automaton over the skeletons, in the table's order (pattern id = row)."""
    import daachorse

    return daachorse.DoubleArrayAhoCorasick([k.encode("utf-8") for k in table]).serialize()


@functools.cache
def _loaded():
    """(automaton, words of each pattern id), read on first use."""
    import daachorse

    rows = [line.split("\t") for line in (_dir() / TABLE).read_text("utf-8").splitlines()
            if line and not line.startswith("#")]
    auto = daachorse.DoubleArrayAhoCorasick.deserialize((_dir() / PATTERNS).read_bytes())
    return auto, [tuple(r[1].split(" ")) for r in rows]


def scan(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, words) of the skeletons in ``text``, in character offsets."""
    auto, words = _loaded()
    raw = text.encode("utf-8")
    found = auto.find_overlapping(raw)  # by increasing end; starts may go back
    if not found:
        return []
    return [(chars, chars + len(words[i][0]) - 1, words[i]) for chars, i in char_starts(raw, found)]


def by_line(page: str, starts: list[int]) -> dict[int, list[tuple[int, int, tuple[str, ...]]]]:
    """Line index → (start, end, words) of its skeletons, in columns; ``starts``: where lines begin."""
    out: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}
    line = 0
    last = len(starts) - 1
    for s, e, ws in sorted(scan(page)):
        while line < last and starts[line + 1] <= s:
            line += 1
        if line == last or e < starts[line + 1]:  # a skeleton never spans a line break
            out.setdefault(line, []).append((s - starts[line], e - starts[line], ws))
    return out


def _explained(text: str, s: int, e: int) -> bool:
    """Does a common word hold a character of ``text[s:e]`` and reach outside it?"""
    lex = evidence.lexicon()
    for start in range(max(0, s - 4), e):
        for word in lex.words_at(text, start, 5):
            end = start + len(word)
            if end > s and (start < s or end > e) and lex.freq(word) >= EXPLAINS:
                return True
    return False


@functools.cache
def code(rules: RuleBook) -> str:
    """The code of the rule book's ``missing_char`` rule ("" if it has none: nothing is found)."""
    return next((r["code"] for r in rules.family("typo_rule") if r.get("kind") == "missing_char"), "")


def _at_a_boundary(text: str, s: int, e: int, word: str) -> bool:
    """Does a common word of the text begin at the gap where ``word`` puts its missing character
    (有责任: 有|责任, 两市经济: 市|经济)?  Then the text reads as words there.  (A word that
    ends at the gap is no evidence: 自然境 is 自然环境 with 环 left out, and 境 stands alone.)"""
    k = next((i for i in range(e - s) if text[s + i] != word[i]), e - s)
    lex = evidence.lexicon()
    # an abbreviation (jieba's j) is no word a writer reads there
    return any(lex.freq(w) >= EXPLAINS and lex.tag(w) != "j" for w in lex.words_at(text, s + k, 4))


def find(text: str, code: str, hits: list[tuple[int, int, tuple[str, ...]]]) -> list[Proposal]:
    """Proposed full words for the skeletons of one line (``hits``: :func:`by_line`'s for it)."""
    found: list[Proposal] = []
    for s, e, words in hits:
        # cheapest test first: most skeletons fall between words (有|责任)
        if all(_at_a_boundary(text, s, e, w) for w in words) or in_title(text, s) or _explained(text, s, e):
            continue
        gains = sorted(((evidence.gain(text, s, e, w), w) for w in words), reverse=True)
        best, word = gains[0]
        if best < SUGGEST_GAIN or _at_a_boundary(text, s, e, word):
            continue
        alone = len(gains) == 1 or gains[1][0] < best - CLOSE
        sure = best >= FIX_GAIN and alone and not in_quote(text, s)
        found.append(Proposal(s, e, word, code, sure))
    return found
