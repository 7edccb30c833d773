"""Every ``prefilter`` (the cheap pre-check before a rule's pattern is tried) agrees with its pattern.

A prefilter that misses something its pattern matches makes the rule silently blind there.
Two kinds exist: a list of literal strings (rewrap, warnings, boilerplate), checked
alternative by alternative against the pattern; and a regex (slots, blanks, punct), checked
on text: the rules' own examples and near misses, the sample pages, and our own sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from test_boilerplate_keywords import covered

from fanwen_clean import RuleBook
from fanwen_clean.decode import DecodeError, decode_page
from fanwen_clean.prefilter import literal_prefixes
from fanwen_clean.shapes import expand
from fanwen_clean.stages import punct

ROOT = Path(__file__).resolve().parent.parent
BOOK = RuleBook()
LIST_FAMILIES = ("rewrap", "warning")


def _strings(value: object) -> list[str]:
    """Every string inside a rule's examples (plain strings, pairs, nested lists)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _texts() -> list[str]:
    """Lines to test the regex prefilters on: rule examples, samples and our own sentences."""
    out: set[str] = set()
    for fam in ("slot_pattern", "slot_blank", "punct", "boilerplate", "rewrap", "warning"):
        for e in BOOK.family(fam):
            for key in ("examples", "keep", "near_misses"):
                out.update(_strings(e.get(key)))
    for page in sorted((ROOT / "samples").glob("*.txt")):
        try:
            out.add(decode_page(page.read_bytes(), page.name).text)
        except DecodeError:
            continue
    for name in ("fixtures/complete_sentences.txt", "data/typos_clean_sentences.txt"):
        out.add((ROOT / "tests" / name).read_text("utf-8"))
    return sorted(t for text in out for t in (text, *text.split("\n")) if t)


TEXTS = _texts()


def _entries(families: tuple[str, ...]) -> list:
    return [pytest.param(e, id=f"{e['code']} {e.get('description', '')[:24]}")
            for fam in families for e in BOOK.family(fam) if e.get("prefilter") and e.get("pattern")]


# a literal repeated a fixed least number of times (-{3,}) holds that many copies
_REPEAT = regex.compile(r"(?<!\\)([^\\\[\]()|.*+?{}^$])\{(\d+)(?:,\d*)?\}")


def literal_misses(pattern: str, words: list[str]) -> list[str]:
    """The alternatives of ``pattern`` that can match without any of ``words``."""
    return covered(_REPEAT.sub(lambda m: m[1] * int(m[2]), pattern), words)


def start_misses(pattern: regex.Pattern, pre: regex.Pattern, texts: list[str]) -> list[tuple[str, str]]:
    """Matches of ``pattern`` in ``texts`` at whose start ``pre`` does not match."""
    return [(t, m.group()) for t in texts for m in pattern.finditer(t) if not pre.match(t, m.start())]


@pytest.mark.parametrize("entry", _entries(LIST_FAMILIES))
def test_literal_prefilter_covers_every_alternative(entry: dict) -> None:
    assert not literal_misses(entry["pattern"], entry["prefilter"]), entry["prefilter"]


@pytest.mark.parametrize("entry", _entries(("slot_pattern",)))
def test_slot_prefilter_matches_where_a_slot_starts(entry: dict) -> None:
    # the slots stage looks for a pattern only at offsets where some prefilter matches
    pattern, pre = regex.compile(entry["pattern"]), regex.compile(entry["prefilter"])
    missed = start_misses(pattern, pre, TEXTS)
    assert not missed, missed[:3]


@pytest.mark.parametrize("entry", _entries(("slot_blank",)))
def test_blank_prefilter_is_in_every_page_the_frame_matches(entry: dict) -> None:
    pattern, pre = regex.compile("(?m)" + entry["pattern"]), regex.compile(entry["prefilter"])
    missed = [t for t in TEXTS if pattern.search(t) and not pre.search(t)]
    assert not missed, missed[:3]


def _punct_entries() -> list:
    return [pytest.param(e, id=e["code"]) for e in BOOK.family("punct")]


@pytest.mark.parametrize("entry", _punct_entries())
def test_punct_prefilter_is_on_every_line_the_entry_changes(entry: dict) -> None:
    # lines are only repaired by an entry when its prefilter (or its pattern) is found on them
    fix = punct._IMPLS[entry["impl"]] if "impl" in entry else punct._pattern_rule(entry)
    pre = regex.compile(punct._prefilter(entry), regex.M)
    missed = [t for t in TEXTS if "\n" not in t and fix(t) != t and not pre.search(t)]
    assert not missed, missed[:3]


def test_the_checks_would_fail() -> None:
    # a literal list that forgets a word, and a start class that forgets a character
    assert literal_misses("(?:顶|踩|举报)", ["举报"]) == ["(?:顶|踩|举报)"]
    assert literal_misses("[，。](?:-{3,}|—{4,})", ["---"]) == ["[，。](?:---|————)"]
    assert literal_misses("[，。](?:-{3,}|—{4,})", ["---", "————"]) == []
    crosses = regex.compile("[xX×]{2,}")
    assert start_misses(crosses, regex.compile("[xX]"), ["填写××单位"]) == [("填写××单位", "××")]
    assert start_misses(crosses, regex.compile("[xX×]"), ["填写××单位"]) == []


def test_one_name_for_the_pre_check() -> None:
    # the old names (first, hint, trigger, keywords outside boilerplate) are gone from the rules
    for fam in ("slot_pattern", "slot_blank", "punct", "rewrap", "warning"):
        for e in BOOK.family(fam):
            assert not {"first", "hint", "trigger", "keywords"} & set(e), (fam, e.get("code"))


# --- prefixes derived from a pattern (fanwen_clean.prefilter) ---------------------------------

def _all_patterns() -> list[str]:
    pats = {e[k] for fam in ("punct", "slot_pattern", "slot_blank", "boilerplate", "rewrap", "warning")
            for e in BOOK.family(fam) for k in ("pattern", "prefilter") if isinstance(e.get(k), str)}
    return sorted(pats)


@pytest.mark.parametrize("pattern", _all_patterns())
def test_derived_prefixes_start_every_match(pattern: str) -> None:
    prefixes = literal_prefixes(expand(pattern))
    if prefixes is None:
        return  # unknown: the pattern is searched at every offset
    compiled = regex.compile(expand(pattern), regex.M)
    bad = [(t, m.group()) for t in TEXTS for m in compiled.finditer(t)
           if not t.startswith(prefixes, m.start())]
    assert not bad, bad[:3]


@pytest.mark.parametrize(("pattern", "want"), [
    ("，，|、、", ("、、", "，，")),
    ("[,;!?](?=\\p{Han})", ("!", ",", ";", "?")),
    ("(?<=\\p{Han})\\.{3}", (".",)),
    ("(?:发布|发表)于\\d", ("发布", "发表")),  # a group ends the prefix
    ("[\\u3000 ]{2,}", (" ", "\u3000")),
    ("--|－{2}", ("--", "－")),
    ("{TIME}", ("{TIME}",)),
])
def test_literal_prefixes(pattern: str, want: tuple[str, ...]) -> None:
    assert literal_prefixes(pattern) == want


@pytest.mark.parametrize("pattern", [
    "\\d+页", ".年", "[^，]，", "a?b", "(?i)abc", "(?:x|\\s)y", "[a-z0-9]{2}"])
def test_no_prefixes_where_they_are_unknown(pattern: str) -> None:
    assert literal_prefixes(pattern) is None
