"""What the rewrap families share: the working line, and what a piece of text looks like."""

from __future__ import annotations

from dataclasses import dataclass

from ...regex_guard import compile_rule
from ...shapes import CLAUSE
from .rules import Rules

STAGE = "rewrap"

# a piece that ends with one of these (closers stripped) ends a sentence or a clause block
FINAL = frozenset("。！？!?…；;：:.")
CLOSERS = "”’」』）)》】〕]\"'‛〞〟"
PARA_FINAL = frozenset("。！？!?…：:.")
# odd quote glyphs of scraped pages (‚…‛, 〝…〞) count like “…”: punct turns them into “” later,
# and a second cleaning must decide the same cut the same way
OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "‘": "’",
           "‚": "‛", "〝": "〞", "„": "〟"}
# punctuation that can only continue a sentence, never start one
CONT_PUNCT = frozenset("，、；;,。！？!?）)》」』”’】〕：:‛〞〟")
STOP = compile_rule(r"[。！？!?；;]")
RUN_IN = compile_rule(r"[。；;]")
ANY_PUNCT = compile_rule(r"[\p{P}\p{S}]")

HEADING_BODY_MAX = 40  # a numbered line with a longer body is a paragraph, not a heading
SHORT_TAIL = 20  # a next line this short without any punctuation is a name, unit or title




@dataclass(slots=True)
class Piece:
    """A mutable line while the stage works: text, source line, indentation, made by a join."""

    text: str
    src: int
    indent: int = 0  # display columns of indentation the line had in the source
    joined: bool = False


def joined(prev: Piece, text: str) -> Piece:
    """``prev`` grown to ``text`` by a join."""
    return Piece(text, prev.src, prev.indent, True)


def display_width(text: str) -> int:
    """Columns on screen: full-width characters count 2 (as GBK terminals wrapped them)."""
    return len(text.encode("gbk", "replace"))


def ends_sentence(text: str) -> bool:
    """Does the piece end a sentence (or a clause block such as 如下：)?"""
    t = text.rstrip(CLOSERS)
    if not t:
        return True
    if len(t) < len(text) and t[-1] not in FINAL:
        # 坚持“三个代表” — a closing quote without a full stop before it does not end the sentence
        return False
    return t[-1] in FINAL or text.endswith(("——", "--"))


def para_end(text: str) -> bool:
    """Could a paragraph end here?  Like :func:`ends_sentence`, but ；and ， never end one."""
    t = text.rstrip(CLOSERS)
    return not t or t[-1] in PARA_FINAL


def unclosed(text: str) -> str | None:
    """The last opener (“ 《 （ …) that ``text`` opens more often than it closes, if any."""
    best, pos = None, -1
    for opener, closer in OPENERS.items():
        if opener in text and text.count(opener) > text.count(closer):
            at = text.rfind(opener)
            if at > pos:
                best, pos = opener, at
    return best


def prose(text: str) -> bool:
    """Running text: it has clause punctuation inside (a title or label line has none)."""
    return bool(CLAUSE.search(text, 0, len(text) - 1))


def heading_like(text: str, r: Rules) -> bool:
    """A numbered line with a short body: a heading or list item, never part of a paragraph.

    A run-in heading followed by its text (（二）推进乡村振兴。全镇共…) is a paragraph.
    """
    m = r.heading.match(text)
    return (bool(m) and len(text) - m.end() <= HEADING_BODY_MAX
            and not RUN_IN.search(text, m.end(), len(text) - 1))


def short_label(text: str) -> bool:
    """A short line without any punctuation (but a colon at its end): a title, a name, a unit,
    a signature, a label (主要做法：)."""
    return len(text) <= SHORT_TAIL and not ANY_PUNCT.search(text.rstrip("：:"))


def glue(prev: str, nxt: str, code: str) -> str:
    """``prev`` and ``nxt`` joined by rule ``code``."""
    if code == "FW303":
        nxt = nxt[1:]  # the opener repeated after the cut
    elif prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha():
        return f"{prev} {nxt}"  # a wrapped Latin word boundary
    return prev + nxt


def snippet(prev: str, sep: str, nxt: str, n: int = 12) -> str:
    """The text around a join, for the change log."""
    return prev[-n:] + sep + nxt[:n]
