"""Is an ambiguous marker a blank?  ``*``, ``%%``, ``##``, a lone ``_`` and ``……``, by evidence.

An ``x`` or ``×`` between Chinese words is a blank; an asterisk may as well be a
censored word (少数***分子), a footnote mark or markdown, and an ellipsis is
usually an ellipsis.  So these *ambiguous* markers become slots only

* where their own context is unambiguous — a rule marked ``strong`` in
  ``rules/slots.toml``: a date frame (``**年**月**日``), a place suffix (``**县``),
  a unit or measure word (``得 * 分``), a heading number (``* 、``), a preposition
  that needs an object (``把*这个``); or
* on a page that shows, by such an unambiguous one, that its author writes blanks
  this way; then any context names them (``尊敬的***部长``), and a bare one
  between two words (``给予**经济``) is a blank too.

What stays doubtful is kept as written (with the FW952 warning for the markers that may
hide a censored word).  A run of dashes (``------村民小组``) also needs a context, but
any context will do: dashes hide no words.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...shapes import CJK_PUNCT, HAN

AMBIGUOUS = frozenset({"star", "symbol", "ellipsis"})
# forms whose marker may be padded with one space on each side: ( * 分), * 、, PDF text
# spaced around Latin letters (在 xx 镇政府, xxxx 年 4 月)
PADDED = frozenset({"star", "symbol", "mask", "cross", "box", "mou", "year"})
# how many unambiguous blanks of a group make the page's bare ones blanks: an ellipsis
# is far more often an ellipsis, so it needs two
_NEEDED = {"marker": 1, "ellipsis": 2}
# after a hidden verb or adjective (一中**了, **迭起) the marker is no name
_NOT_AFTER_NAME = frozenset("了着过得地")
_SPACES = " \u3000"
# before a bare ellipsis only a word or a speaker's colon (女：……庆祝)
_ELLIPSIS_LEFT = frozenset("：:")


def group(form: str) -> str:
    """The evidence group of an ambiguous form: markers prove each other, ellipses only themselves."""
    return "ellipsis" if form == "ellipsis" else "marker"


def pad(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` widened over one space on each side that pads a marker: ``( * 分)``."""
    if s and text[s - 1] in _SPACES and (s < 2 or text[s - 2] not in _SPACES):
        s -= 1
    if e < len(text) and text[e] in _SPACES and text[e + 1:e + 2] not in ("", " ", "\u3000"):
        e += 1
    return s, e


def _word(ch: str) -> bool:
    return bool(ch) and HAN.match(ch) is not None


def bare_ok(text: str, s: int, e: int, form: str) -> bool:
    """Can an ambiguous marker with no naming context be a blank here, on a page that writes blanks so?

    It stands where a word goes: a word follows it (or a list comma), and a word, the line
    start or a clause mark precedes it; not inside quotes of its own (“***”), not before a
    particle that follows verbs.
    """
    left, right = text[s - 1:s], text[e:e + 1]
    if (left and left in "“‘\"'") or right in _NOT_AFTER_NAME:
        return False
    if form == "ellipsis":
        return _word(right) and (_word(left) or left in _ELLIPSIS_LEFT)
    if not (_word(right) or right == "、"):
        return False
    return not left or _word(left) or CJK_PUNCT.match(left) is not None


def page_groups(strong_forms: Iterable[str]) -> frozenset[str]:
    """The evidence groups proven on a page, given the forms of its unambiguous blanks (one per blank)."""
    counts: dict[str, int] = {}
    for form in strong_forms:
        g = group(form)
        counts[g] = counts.get(g, 0) + 1
    return frozenset(g for g, n in counts.items() if n >= _NEEDED[g])
