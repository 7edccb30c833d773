"""One line's placeholders: markers found, guarded, judged by evidence, named, linked in lists."""

from __future__ import annotations

from dataclasses import dataclass

from ...regex_guard import compile_rule
from ...render import is_slot_name
from ...shapes import CLAUSE, HAN
from ...slotnames import EXISTING
from . import evidence
from .guards import guards_ok, is_cjk
from .rulebook import Compiled, Form, described, name_from_context

LIST_CODE = "FW510"
WARN_DIGITS = "FW951"
WARN_STARS = "FW952"
BRACKET_CODE = "FW518"  # a placeholder named by the description in the bracket after it
LABEL_CODE = "FW597"  # a fill-in field named by its label (the fallback code of such fields)
# separators of placeholders that are listed together: x、x两县, 20xx-20xx
_LIST_SEP = compile_rule(r"[、，,和与及\-—~～至到]|、?或")
_PUNCT = compile_rule(r"[\s\p{P}\p{S}]")
_LIST_PUNCT = frozenset("、，,；;")
UNIQUE = "<unique>"  # key of a variable that is never the same as another one
_FILL_IN = frozenset({"line", "blank"})
_CENSOR_FORMS = frozenset({"star", "symbol"})  # markers that may hide a censored word (FW952)


def _is_punct(ch: str) -> bool:
    return not ch or _PUNCT.match(ch) is not None


_EMPHASIS_MAX = 30


def _emphasis_end(text: str, s: int) -> int | None:
    """End of a markdown ``**粗体**`` opened at ``s`` (CommonMark flanking rules), or None.

    The content has two characters or more, so ``**年**月**日`` stays three blanks, and a
    closer does not follow a space or a list separator, so ``**市、**县`` stays two blanks
    (Chinese markdown puts closers after ：。！ freely: ``**申请人：**张三`` is emphasis).
    Emphasis is short and holds no clause break, so ``**市人民政府……欢迎！对……给予**经济``
    is two blanks, not one bold passage.
    """
    nxt, prev = text[s + 2:s + 3], text[s - 1:s] if s else ""
    if not nxt or nxt.isspace() or nxt == "*" or (_is_punct(nxt) and not _is_punct(prev)):
        return None
    c = text.find("**", s + 4)
    while c != -1 and c - s <= _EMPHASIS_MAX and "*" not in text[s + 2:c] \
            and CLAUSE.search(text, s + 2, c - 1) is None:
        before = text[c - 1]
        if not before.isspace() and before not in _LIST_PUNCT and not text.startswith("*", c + 2):
            return c + 2
        c = text.find("**", c + 2)
    return None


@dataclass(slots=True)
class Found:
    start: int
    end: int
    form: str
    original: str
    code: str
    name: str
    key: object
    named: bool  # named by a context rule, not by a fallback
    strong: bool = False  # an ambiguous marker named by an unambiguous context (evidence.py)


def scan_line(comp: Compiled, text: str, matches: list[tuple] | None = None,
              page: frozenset[str] = frozenset(),
              ) -> tuple[list[Found], list[tuple[int, str, str]]]:
    """Placeholders of one line and the warnings (col, code, message) about look-alikes.

    ``matches`` are the token matches of the line as (group, start, end, hint), when the
    caller has already scanned the whole page; ``page`` the evidence groups the page has
    proven (see evidence.py).
    """
    if matches is None:
        matches = [(m.lastgroup, m.start(), m.end(), m.group("hint")) for m in comp.token.finditer(text)]
    found, todo = _sort_out(comp, text, matches)
    warns: list[tuple[int, str, str]] = []
    # a placeholder next to a slot is judged as if that slot were a word, until nothing changes
    taken = [(f.start, f.end) for f in found]
    changed = True
    while changed and todo:
        changed = False
        rest = []
        for item in todo:
            f, s, e, _hint = item
            if guards_ok(text, s, e, f, taken):
                got = _judge(comp, text, item, warns, page)
                if got is not None:
                    found.append(got)
                    taken.append((s, e))
                    changed = True
                continue
            rest.append(item)
        todo = rest
    for f, s, e, _hint in todo:
        tok, left, right = text[s:e], text[s - 1:s], text[e:e + 1]
        # one x between digits is a product or a size (3x4, 1920x1080); two or more is damage
        if (f.form in ("mask", "year") and len(tok) > 1 and (left.isdigit() or right.isdigit())
                and any(map(is_cjk, text[max(0, s - 3):s] + text[e:e + 3]))):
            warns.append((s + 1, WARN_DIGITS, f"{tok!r} is glued to digits: a damaged number? kept"))
    if len(found) > 1:
        found.sort(key=lambda f: f.start)
        _link_lists(text, found)
    return found, warns


def _sort_out(comp: Compiled, text: str, matches: list[tuple]) -> tuple[list[Found], list[tuple]]:
    """Slots already written ({{name}}), and the candidates to judge as (form, start, end, hint).

    Escapes, look-alikes kept by a ``keep`` pattern and markdown emphasis drop out here.
    """
    found: list[Found] = []
    todo: list[tuple[Form, int, int, str | None]] = []
    skip_to = 0
    for group, s, e, hint in matches:
        if group == "esc" or s < skip_to:
            continue
        f = comp.forms[group]
        form = f.form
        if form == EXISTING:
            name = text[s:e].strip("{} \t")
            if is_slot_name(name):  # {{ if }} is no slot: render escapes it
                found.append(Found(s, e, form, text[s:e], f.code, name, None, True))
            continue
        if form == "keep":
            continue
        if form == "star" and text.startswith("**", s):
            emph = _emphasis_end(text, s)
            # both delimiters followed by a naming context (**县…中共**县) are two blanks
            if emph and not (name_from_context(comp, text, s, s + 2, form, "**")
                             and name_from_context(comp, text, emph - 2, emph, form, "**")):
                skip_to = emph  # markdown emphasis, not two blanks
                continue
        todo.append((f, s, e, hint))
    return found, todo


def _judge(comp: Compiled, text: str, item: tuple, warns: list, page: frozenset[str]) -> Found | None:
    """Name a placeholder that passed its guards, or None (and maybe a warning) if it is no slot."""
    f, s, e, hint = item
    form = f.form
    tok = text[s:e]
    if form == "hint":
        hint_name = comp.hints.get(hint)
        if hint_name is None and _stands_alone(text, s):
            hint_name = described(comp, hint)
        return Found(s, e, form, tok, f.code, hint_name, (hint_name,), True) if hint_name else None
    ps, pe, named = _context(comp, text, s, e, form)
    if f.needs_context:
        return _judge_marker(comp, text, (f, s, e, ps, pe), named, warns, page)
    if named is None:
        named = _bracket_after(comp, text, pe) or _label_before(comp, text, ps, form)
    if named is not None:
        code, name, key, _strong = named
        # a blank line or empty bracket is filled in anew each time it is written
        return Found(ps, pe, form, text[ps:pe], code, name, UNIQUE if form in _FILL_IN else key, True)
    fb = comp.fallbacks.get(form)
    if fb is None:
        return None
    # a blank line or empty bracket is filled in anew each time it is written
    return Found(s, e, form, tok, fb.code, fb.name, UNIQUE if form in _FILL_IN else "", False)


def _context(comp: Compiled, text: str, s: int, e: int, form: str) -> tuple[int, int, tuple | None]:
    """The naming context of ``text[s:e]``, tried again across padding spaces: (start, end, named)."""
    named = name_from_context(comp, text, s, e, form, text[s:e])
    if named is None and form in evidence.PADDED:
        ps, pe = evidence.pad(text, s, e)
        if (ps, pe) != (s, e):
            return ps, pe, name_from_context(comp, text, ps, pe, form, text[s:e])
    return s, e, named


def _judge_marker(comp: Compiled, text: str, where: tuple, named: tuple | None, warns: list,
                  page: frozenset[str]) -> Found | None:
    """Judge a marker that needs a context (``*``, ``%%``, ``……``, ``---``): see evidence.py."""
    f, s, e, ps, pe = where
    form, tok = f.form, text[s:e]
    proven = form not in evidence.AMBIGUOUS or evidence.group(form) in page
    if named is not None and (named[3] or proven):
        code, name, key, strong = named
        return Found(ps, pe, form, text[ps:pe], code, name, key, True, strong)
    fb = comp.fallbacks.get(form)
    if proven and fb is not None and evidence.bare_ok(text, ps, pe, form):
        return Found(ps, pe, form, text[ps:pe], fb.code, fb.name, "", False)
    # inside a sentence it is a word someone hid; a bullet or a lone footnote mark is not,
    # and an ellipsis or a dash run that names nothing is punctuation
    if form in _CENSOR_FORMS and len(tok) > 1 and s and is_cjk(text[s - 1]) and is_cjk(text[e:e + 1]):
        warns.append((s + 1, WARN_STARS, f"{tok!r} has no context naming a blank (censored text?): kept"))
    return None


_FUNCTION_CHARS = frozenset("在于至到由向给从是为和与及的请将对")


def _stands_alone(text: str, s: int) -> bool:
    """Does the bracket at ``s`` stand where a word goes, not explain the noun before it?

    【】 and [] are form marks; a round bracket after a noun is an aside (总价（不含税金额）).
    """
    if text[s] not in "(（":
        return True
    before = text[s - 1] if s else ""
    return not HAN.match(before) or before in _FUNCTION_CHARS


_DESCRIPTION = compile_rule(r"[（(][ \u3000]*(?:\p{Han}{1,8}、){0,3}(\p{Han}{2,8})[ \u3000]*[）)]")


def _bracket_after(comp: Compiled, text: str, e: int) -> tuple | None:
    """A bracket right after the placeholder that says what it is: XXX（省级机构、单位名称）."""
    m = _DESCRIPTION.match(text, e)
    if m is None:
        return None
    name = described(comp, m.group(1))
    return (BRACKET_CODE, name, m.group(1), True) if name else None


_LABEL = compile_rule(r"(?:^|(?<=[\s，。；、（(]))(\p{Han}{2,6})[:：][ \u3000]*$")
_LABELLED = frozenset({"line", "blank", "mask", "cross"})
_SPEECH = compile_rule(r"(?:[说道讲问答曰]|指出|表示|强调|认为|提出|宣布|写道)$")


def _label_before(comp: Compiled, text: str, s: int, form: str) -> tuple | None:
    """A field label right before a blank names it: 家庭住址：____ → {{家庭住址}}, 甲方：XXX → {{甲方}}.

    A label that is a vocabulary hint word takes the vocabulary name (电话 → 联系电话).
    """
    if form not in _LABELLED:
        return None
    m = _LABEL.search(text, max(0, s - 10), s)
    if m is None:
        return None
    label = m.group(1)
    if _SPEECH.search(label):  # 老师说：xx同学… quotes a speaker, it labels no field
        return None
    name = comp.hints.get(label, label)
    return (LABEL_CODE, name, label, False) if is_slot_name(name) else None


def _link_lists(text: str, found: list[Found]) -> None:
    """Placeholders listed together (x、x两县) take the last one's name but are distinct variables."""
    i = 0
    while i < len(found):
        j = i
        while (j + 1 < len(found) and EXISTING not in (found[j].form, found[j + 1].form)
               and _LIST_SEP.fullmatch(text, found[j].end, found[j + 1].start)):
            j += 1
        last = found[j]
        group_id = (text[found[i].start:last.end], last.key)
        for n, f in enumerate(found[i:j + 1] if j > i else ()):
            if f is last or not f.named or f.name == last.name:
                if f is not last and last.named:
                    f.name, f.code, f.named = last.name, LIST_CODE, True
                f.key = ("list", group_id, n)
        i = j + 1
