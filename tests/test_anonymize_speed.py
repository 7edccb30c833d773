"""The anonymizer's shortcuts give exactly what the plain way gives (issue 18)."""

from __future__ import annotations

import dataclasses
import functools

import ahocorasick
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from fanwen_clean.rules import RuleBook
from fanwen_clean.stages.anonymize import people, statistical
from fanwen_clean.stages.anonymize.lexicon import Finder, compiled, finder

# surnames, given-name characters, characters that are never given names or end place names,
# a unit suffix, separators, and Han characters outside jieba's runs (〇, 㐀: they split a run)
ALPHABET = "王李张欧阳司马明华丽军伟的了在和镇村县局中学公司山湖一二、，。 　〇㐀a1"


@functools.cache
def _lex():
    return compiled(RuleBook())


def _pyahocorasick(words: dict[str, object]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for w, v in words.items():
        auto.add_word(w, (w, v))
    auto.make_automaton()
    return auto


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_the_person_detector_reads_the_same_words_when_only_name_runs_are_cut(text: str) -> None:
    lex = _lex()
    plain = dataclasses.replace(lex, has_suffix=None)  # every run with a surname is cut
    for threshold in statistical.THRESHOLDS.values():
        assert statistical.candidates(text, lex, threshold) == statistical.candidates(text, plain, threshold)


def test_the_narrowed_cut_skips_runs_without_a_name_shape() -> None:
    lex = _lex()
    # 方 is a surname, but 方的 is no name (的 is never a given name): the first run is kept
    # whole, and the name of the line is still found
    line = "听取各方的意见，欢迎王丽华同学"
    assert not lex.has_suffix(line)
    assert [m.key for m in statistical.candidates(line, lex, 0)] == ["王丽华"]
    near = tuple((m.start(), m.start() + 4) for m in statistical._name_starts(lex).finditer(line))
    assert all(s >= line.index("，") for s, _e in near)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.floats(0, 1), st.floats(0, 1))
def test_finder_finds_what_pyahocorasick_finds_in_the_same_order(text: str, a: float, b: float) -> None:
    words = {w: i for i, w in enumerate(["中学", "学", "公司", "王李", "李", "欧阳", "阳司马", "〇"])}
    ours, theirs = Finder(words), _pyahocorasick(words)
    assert ours.iter(text) == list(theirs.iter(text))
    # bounds inside the text, as the callers pass them (pyahocorasick reads past the end otherwise)
    start, end = sorted((round(a * len(text)), round(b * len(text))))
    assert ours.iter(text, start, end) == list(theirs.iter(text, start, end))
    assert ours.iter(text, start) == list(theirs.iter(text, start))


def test_an_empty_word_list_has_no_finder() -> None:
    assert finder({}) is None and finder({"": 1}) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="书记局长副县长同志们老师傅王李、 ", max_size=40))
def test_titles_are_the_longest_at_each_start_as_the_overlapped_alternation_found(text: str) -> None:
    titles = ("副县长", "县长", "局长", "书记", "同志", "老师", "师傅")
    pattern = regex.compile("|".join(sorted(titles, key=len, reverse=True)))
    expected = [(m.start(), m.end()) for m in pattern.finditer(text, overlapped=True)]
    assert people._longest_at_each_start(text, titles) == expected
