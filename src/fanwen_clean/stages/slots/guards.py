"""Guards: do the characters around a placeholder allow a slot (x in Linux, 3×4, xx.doc do not)?"""

from __future__ import annotations

from ...regex_guard import compile_rule
from ...shapes import CJK_PUNCT, HAN
from .rulebook import Form

_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM = _LETTER | frozenset("0123456789")
_NUMERAL = "〇零一二三四五六七八九十百千万亿两○"
_JAMMER = set("$^|`~@#=+<>\\{}")
_URL_JOIN = set(".-/@:_")
_MATH_LIST = frozenset(",，、")
_SLOT_CHAR = "槽"  # how a neighbouring slot looks to the guards: a Han character


_CJK_SEEN: dict[str, bool] = {}  # character → is it Chinese text (a few thousand at most)


def is_cjk(ch: str) -> bool:
    """Is ``ch`` (one character or "") Chinese text: a Han character or Chinese punctuation?"""
    got = _CJK_SEEN.get(ch)
    if got is None:
        got = _CJK_SEEN[ch] = bool(ch) and (HAN.match(ch) is not None or CJK_PUNCT.match(ch) is not None)
    return got


def at(text: str, i: int, taken: list[tuple[int, int]]) -> str:
    """The character at ``i`` as the guards see it: "" outside the line, a Han word inside a slot."""
    if i < 0 or i >= len(text):
        return ""
    for a, b in taken:
        if a <= i < b:
            return _SLOT_CHAR
    return text[i]


def guards_ok(text: str, s: int, e: int, form: Form, taken: list[tuple[int, int]]) -> bool:
    """Do the characters around ``text[s:e]`` allow a slot?

    A neighbour inside a slot (``taken``) counts as a Chinese word, whatever it is written
    with: ``XX`` on a page and ``{{内容}}`` in its template must give the same answer, so
    cleaning a template again finds the same slots.
    """
    if taken:
        left, right = at(text, s - 1, taken), at(text, e, taken)
    else:  # the usual case: no slot in the line yet
        left, right = text[s - 1] if s else "", text[e:e + 1]
    if form.no_alnum and (
            left in _ALNUM or right in _ALNUM
            # math: x,y and x、y are variables listed together (x、x两县 are two blanks)
            or (right in _MATH_LIST and _letters_word(text, e + 1, 1))
            or (left in _MATH_LIST and _letters_word(text, s - 2, -1))
            # English across one space: iPhone X, Type X 接口
            or (left == " " and at(text, s - 2, taken) in _LETTER)
            or (right == " " and at(text, e + 1, taken) in _LETTER)):
        return False
    if form.no_digits and (left.isdigit() or right.isdigit()):
        return False
    if form.no_numeral and ((left and left in _NUMERAL) or (right and right in _NUMERAL)):
        return False
    if form.no_jammer and (left in _JAMMER or right in _JAMMER):
        return False
    if form.no_url and (_url_left(text, s, left, taken)
                        or (right and right in _URL_JOIN and at(text, e + 1, taken) in _ALNUM)):
        return False
    if form.cjk and not (_near_cjk(text, s, e, taken) or _alone(text, s, e, form)):
        return False
    if form.not_label and right in (":", "："):
        return False
    return not (form.not_rule and not text[:s].strip() and not text[e:].strip())


def _letters_word(text: str, i: int, step: int) -> bool:
    """Is the run of Latin letters from ``i`` (walking by ``step``) a word other than x's?

    x,y and X、XL list letters or sizes; x、x两县 lists two blanks.
    """
    word = ""
    while 0 <= i < len(text) and text[i] in _LETTER and len(word) < 8:
        word += text[i]
        i += step
    return bool(word) and bool(set(word) - _X)


_X = frozenset("xX")


def _near_cjk(text: str, s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    """Is there Chinese text within two characters of ``text[s:e]`` (three across a padding space)?"""
    left, right = at(text, s - 1, taken), at(text, e, taken)
    reach_left = 3 if left == " " else 2
    reach_right = 3 if right == " " else 2
    return any(is_cjk(at(text, s - d, taken)) for d in range(1, reach_left + 1)) or any(
        is_cjk(at(text, e + d, taken)) for d in range(reach_right)) or _bio_comma(text, e)


def _alone(text: str, s: int, e: int, form: Form) -> bool:
    """A line made of the placeholder only (×××× under a letter): crosses from two, x from three."""
    need = _ALONE_MIN.get(form.form)
    return need is not None and e - s >= need and not text[:s].strip() and not text[e:].strip()


_ALONE_MIN = {"cross": 2, "mask": 3}
_BIO = compile_rule(r"[,;][ ]?[0-9]{0,4}\p{Han}")


def _bio_comma(text: str, e: int) -> bool:
    """A half-width comma, maybe a year, then Chinese after the placeholder: ``x,1973年生``, ``XXX,男``."""
    return text.startswith((",", ";"), e) and _BIO.match(text, e) is not None


def _url_left(text: str, s: int, left: str, taken: list[tuple[int, int]]) -> bool:
    """Does ``text[s:]`` continue a file name, host or address (a.xx, x/xx) to its left?

    A list number at the line start (``1.XXXX年``) and a label (``A:xx中学``) are not (a
    colon joins only in ``://``, where the slash is the neighbour).
    """
    if not left or left not in _URL_JOIN or left == ":":
        return False
    before = at(text, s - 2, taken)
    if left == "." and before.isdigit():
        digits = len(text[:s - 1]) - len(text[:s - 1].rstrip("0123456789"))
        return bool(text[:s - 1 - digits].strip())
    return before in _ALNUM
