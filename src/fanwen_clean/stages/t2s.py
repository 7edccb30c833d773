"""Stage t2s: Traditional → Simplified with OpenCC, and corner quotes → curly quotes.

A page is converted when it is mostly Traditional.  On a mostly Simplified page
(a mixed page) a paragraph — a run of non-blank lines — is converted when it is
itself Traditional, and so is a Traditional line inside a Simplified paragraph,
or a line whose only Traditional characters are strays (規范) that no Simplified
text uses.  Terms of ``rules/t2s_protected.txt`` (乾隆, 乾安县 …) keep the
characters OpenCC would wrongly simplify, whatever spelling the page used.

Speed: most pages are Simplified.  A precheck (:func:`unchanged_by_opencc`, from a
table of what OpenCC's dictionaries can change) proves that conversion would
leave such a page as it is, so OpenCC is neither loaded nor run; only the lines
that conversion or a corner quote changes are rebuilt.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from ..document import Change, Document, Line
from ..regex_guard import compile_rule
from ..rules import RuleBook
from ..settings import Settings

STAGE = "t2s"
PAGE_RATIO = 0.03  # share of Han characters that OpenCC changes: above it, the page is Traditional
BLOCK_RATIO = 0.10  # ... the paragraph is Traditional
LINE_RATIO = 0.15  # ... the line is Traditional
_HAN = compile_rule(r"\p{Han}+")  # runs, not characters: far fewer matches to count
# characters OpenCC changes that are also correct Simplified in names (乾县, 於姓, 徵羽, 昇平):
# alone they do not make a line Traditional
_AMBIGUOUS = frozenset("乾於徵昇陞")
_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’",
                         "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’"})
_CORNERS = "「」『』﹁﹂﹃﹄"

# The precheck table: what OpenCC's t2s dictionaries can change, so that a page with
# none of it skips OpenCC (and its ~15 ms set-up).  It is valid only for the dictionaries
# it was built from, checked by a CRC of the files; ``python -m fanwen_clean.stages.t2s``
# rebuilds it.
_TABLE = Path(__file__).with_name("t2s_changes.txt")
_DICT_FILES = ("t2s.json", "CJK_Compatibility_Ideographs.ocd2", "TSPhrases.ocd2",
               "TSCharacters.ocd2", "TSCharactersExt.ocd2")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _conv(text: str) -> str:
    return _converter().convert(text)


def _share_dir() -> Path | None:
    """OpenCC's dictionary folder inside the installed wheel (found without importing it)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "clib" / "share" / "opencc"


def _fingerprint(share: Path) -> str:
    crc = 0
    for name in _DICT_FILES:
        crc = zlib.crc32((share / name).read_bytes(), crc)
    return f"# dictionaries crc32 {crc:08x}"


@dataclass(frozen=True)
class _ChangeTable:
    """What OpenCC t2s can change: characters that change on their own, and phrases
    that change characters (``movers``) that do not change on their own."""

    chars: frozenset[str]
    movers: frozenset[str]
    phrases: frozenset[str]
    lengths: tuple[int, ...]  # the phrases' lengths

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """Chars and movers as one stdlib class: ~4 ms to build, then ~10x faster than a set test.

        Characters outside the BMP are matched as one range (the stdlib engine checks
        astral set members one by one); a hit there only means "ask OpenCC".
        """
        runs: list[list[int]] = []
        for cp in sorted(ord(ch) for ch in self.chars | self.movers if ord(ch) <= 0xFFFF):
            if runs and runs[-1][1] == cp - 1:
                runs[-1][1] = cp
            else:
                runs.append([cp, cp])
        body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                       for a, b in runs)
        return re.compile(f"[{body}\U00010000-\U0010ffff]")

    def phrase_at(self, text: str, i: int) -> bool:
        """Does a listed phrase cover position ``i`` of ``text``?"""
        return any(text[start:start + n] in self.phrases
                   for n in self.lengths for start in range(max(0, i - n + 1), i + 1))


@functools.cache
def _change_table() -> _ChangeTable | None:
    """The precheck table, or None when it was built from other dictionaries than the installed ones."""
    try:
        share = _share_dir()
        lines = _TABLE.read_text(encoding="utf-8").split("\n")
        if share is None or lines[1] != _fingerprint(share):
            return None
    except (OSError, IndexError, ValueError):
        return None
    rows = [row.split(" ") for row in lines[3:] if row]
    phrases = frozenset(p for row in rows for p in row[1:])
    return _ChangeTable(frozenset(lines[2]), frozenset(row[0] for row in rows), phrases,
                        tuple(sorted({len(p) for p in phrases})))


SHORT = 2000  # characters: a set test is cheapest below this, the compiled class above


def _positions(text: str, chars: Iterable[str]) -> Iterator[int]:
    """Offsets of every occurrence of each of ``chars`` (str.find: faster than a regex class)."""
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            yield i
            i = text.find(ch, i + 1)


def unchanged_by_opencc(text: str) -> bool:
    """True when OpenCC t2s certainly returns ``text`` as it is, decided without OpenCC.

    Every dictionary entry whose conversion differs from its key either has a key
    character that changes on its own, or is a listed phrase, found around each
    occurrence of its changing characters: a text with neither is left alone.
    """
    table = _change_table()
    if table is None:
        return False
    if len(text) < SHORT:
        if not table.chars.isdisjoint(text):
            return False
        hits: Iterable[int] = _positions(text, table.movers)
    else:
        hits = (m.start() for m in table.pattern.finditer(text))
    for i in hits:
        if text[i] not in table.movers:  # a character that changes on its own (or any astral one)
            return False
        if table.phrase_at(text, i):
            return False
    return True


@functools.cache
def _protected(rules: RuleBook) -> tuple[regex.Pattern, dict[str, str]] | None:
    """A pattern over the *converted* forms of protected terms, mapped back to the terms.

    Only terms that OpenCC changes need protecting (乾县 → 干县); matching after
    conversion catches the term however the page spelled it (乾縣, 乾县).
    """
    back: dict[str, str] = {}
    for term in rules.words("t2s_protected"):
        key = _conv(term)
        if key != term and len(key) == len(term):
            back[key] = term
    if not back:
        return None
    keys = sorted(back, key=len, reverse=True)
    return compile_rule("|".join(map(regex.escape, keys))), back


def convert(text: str, rules: RuleBook) -> str:
    """OpenCC t2s of ``text``, with protected terms restored."""
    if unchanged_by_opencc(text):  # prefilter: a Simplified text needs no OpenCC at all
        return text
    out = _conv(text)
    prot = _protected(rules)
    if prot is None or out == text or len(out) != len(text):
        return out
    pattern, back = prot
    if not pattern.search(out):
        return out

    def restore(m: regex.Match) -> str:
        term = back[m.group()]
        orig = text[m.start():m.end()]
        # protect only where the source really had the protected character (乾, not 幹)
        keep = all(o == t for o, t, c in zip(orig, term, m.group(), strict=True) if t != c)
        return term if keep else m.group()

    return pattern.sub(restore, out)


def _diff_count(a: str, b: str) -> int:
    """Number of positions where two strings of equal length differ.

    Each character is a 32-bit lane of a big integer; a lane of ``a ^ b`` is non-zero
    where they differ, and ``((x & low) + low) | x`` sets its top bit then (the sum
    cannot carry out of a lane).  All in C: many times faster than a per-character map.
    """
    n = len(a)
    x = (int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little")
         ^ int.from_bytes(b.encode("utf-32-le", "surrogatepass"), "little"))
    low = int.from_bytes(b"\xff\xff\xff\x7f" * n, "little")
    high = int.from_bytes(b"\x00\x00\x00\x80" * n, "little")
    return ((((x & low) + low) | x) & high).bit_count()


def traditional_ratio(original: str, converted: str) -> float:
    """Share of Han characters that conversion changed."""
    han = sum(map(len, _HAN.findall(original)))
    if not han:
        return 0.0
    if len(original) != len(converted):
        return 1.0
    return _diff_count(original, converted) / han


def _reaches(original: str, converted: str, threshold: float) -> bool:
    """``traditional_ratio(original, converted) >= threshold``, counting Han only when needed."""
    if len(original) == len(converted):
        diffs = _diff_count(original, converted)
        if not diffs:
            return threshold <= 0.0
        # there are at most len(original) Han characters, so this bounds the ratio from below
        if diffs / len(original) >= threshold and _HAN.search(original):
            return True
    return traditional_ratio(original, converted) >= threshold


def _blocks(lines: tuple[Line, ...]) -> list[list[int]]:
    """Indexes of the lines of each paragraph (runs of non-blank lines)."""
    out: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.text.strip():
            out[-1].append(i)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def _chosen(doc: Document, converted: list[str], whole_page: bool) -> set[int]:
    """Indexes of the lines to convert: all on a Traditional page, else per paragraph and line."""
    changed = {i for i, (line, new) in enumerate(zip(doc.lines, converted, strict=True)) if new != line.text}
    if whole_page:
        return changed
    chosen: set[int] = set()
    for block in _blocks(doc.lines):
        todo = [i for i in block if i in changed]
        if not todo:
            continue
        before = "\n".join(doc.lines[i].text for i in block)
        after = "\n".join(converted[i] for i in block)
        if _reaches(before, after, BLOCK_RATIO):
            chosen.update(todo)
        else:
            chosen.update(i for i in todo if _traditional_line(doc.lines[i].text, converted[i]))
    return chosen


def _traditional_line(original: str, converted: str) -> bool:
    """Mostly Traditional, or its only changes are characters that are never Simplified."""
    if _reaches(original, converted, LINE_RATIO):
        return True
    if len(original) != len(converted):
        return False
    return all(a not in _AMBIGUOUS for a, b in zip(original, converted, strict=True) if a != b)


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Convert Traditional text and corner quotes; record one change per edited line."""
    text = doc.text
    do_t2s = settings.t2s is not False
    converted_page = convert(text, rules) if do_t2s else text
    corners = any(ch in text for ch in _CORNERS)  # str.find: much faster than a class scan
    if converted_page == text and not corners:
        return doc
    whole_page = do_t2s and (settings.t2s is True or _reaches(text, converted_page, PAGE_RATIO))
    chosen: set[int] = set()
    converted: list[str] = []
    if do_t2s and converted_page != text:
        # no OpenCC phrase spans a line break, so the page conversion splits into the lines'
        converted = converted_page.split("\n")
        if len(converted) != len(doc.lines):
            converted = [convert(line.text, rules) for line in doc.lines]
        chosen = _chosen(doc, converted, whole_page)
    lines = list(doc.lines)
    changes: list[Change] = []
    for i in sorted(chosen | _corner_lines(text)) if corners else sorted(chosen):
        line = lines[i]
        new = line.text
        if i in chosen and converted[i] != new:
            changes.append(Change("FW105", STAGE, line.src, new, converted[i]))
            new = converted[i]
        if corners and any(ch in new for ch in _CORNERS):
            quoted = new.translate(_CORNER)
            changes.append(Change("FW106", STAGE, line.src, new, quoted))
            new = quoted
        if new != line.text:
            lines[i] = line.with_text(new)
    return replace(doc.evolve(lines=lines, changes=changes), traditional=whole_page)


def _corner_lines(text: str) -> set[int]:
    """Indexes of the lines with a corner quote."""
    found: set[int] = set()
    line = pos = 0
    for off in sorted(_positions(text, _CORNERS)):
        line += text.count("\n", pos, off)
        pos = off
        found.add(line)
    return found


def _dump(share: Path, name: str) -> list[tuple[str, str]]:
    """(key, first value) of every entry of one OpenCC dictionary, via the wheel's opencc_dict."""
    import subprocess  # maintenance only: keep it out of start-up

    tool = share.parent.parent / "bin" / "opencc_dict"
    cmd = [str(tool), "-i", str(share / name), "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")
    return [(k, v.split(" ")[0]) for k, v in (row.split("\t") for row in out.splitlines() if row)]


def build_change_table(share: Path) -> str:
    """The text of ``t2s_changes.txt`` for the dictionaries in ``share``.

    A key that converts to something else is listed by the characters that change
    (or all its characters when the length changes); a phrase whose changed
    characters do not change on their own is listed under each of them.
    """
    chars: set[str] = set()
    phrases: list[tuple[str, str]] = []
    for name in _DICT_FILES[1:]:
        for key, value in _dump(share, name):
            if key == value:
                continue
            same = len(key) == len(value)
            moved = {k for k, v in zip(key, value, strict=True) if k != v} if same else set(key)
            if len(key) == 1:
                chars.add(key)
            else:
                phrases.append((key, "".join(sorted(moved))))
    by_char: dict[str, set[str]] = {}
    for key, moved in phrases:
        if chars.isdisjoint(key):  # else the character test already catches the phrase
            for ch in moved:
                by_char.setdefault(ch, set()).add(key)
    rows = [f"{ch} {' '.join(sorted(ps))}" for ch, ps in sorted(by_char.items())]
    header = ("# what OpenCC t2s changes: characters, then 'character phrases…';"
              " rebuild: python -m fanwen_clean.stages.t2s")
    return "\n".join([header, _fingerprint(share), "".join(sorted(chars)), *rows, ""])


if __name__ == "__main__":
    _share = _share_dir()
    if _share is None:
        sys.exit("opencc is not installed")
    _TABLE.write_text(build_change_table(_share), encoding="utf-8")
