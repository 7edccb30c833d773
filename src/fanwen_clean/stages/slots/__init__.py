"""Stage slots: placeholders (x, ×××, 20xx, **, □□, 某某, ____, （　）, [姓名]) become named slots.

Detection patterns, naming context rules and the name vocabulary live in
``rules/slots.toml``.  The stage never changes the text: it adds a
:class:`~fanwen_clean.document.SlotSpan` per placeholder, and ``render`` writes
``{{name}}`` in the template.  Look-alikes (X光, Linux, 3×4, 二○一八, **粗体**,
1920xx年) are left alone; doubtful ones get a warning instead of a slot.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ...document import Document, Finding, Line, SlotSpan
from ...render import is_slot_name
from ...rules import RuleBook, RuleError
from ...settings import Settings
from ...shapes import CJK_PUNCT, HAN
from ...slotnames import EXISTING, NewSlot, assign_lines
from . import blanks, evidence, naming

STAGE = "slots"
LIST_CODE = "FW510"
WARN_DIGITS = "FW951"
WARN_STARS = "FW952"
BRACKET_CODE = "FW518"  # a placeholder named by the description in the bracket after it

# Jinja2 escapes written by render ({{ '{{' }}) are text, not slots.
_ESCAPE = r"\{\{[ \t]*'(?:\{\{|\{%|\{#|%\}|\}\}|#\}|\{|\})'[ \t]*\}\}"
_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM = _LETTER | frozenset("0123456789")
_NUMERAL = "〇零一二三四五六七八九十百千万亿两○"
_JAMMER = set("$^|`~@#=+<>\\{}")
_URL_JOIN = set(".-/@:_")
_MATH_LIST = frozenset(",，、")
_OTHER_LETTER = _LETTER - frozenset("xX")
# separators of placeholders that are listed together: x、x两县, 20xx-20xx
_LIST_SEP = regex.compile(r"[、和与及\-—~～至到]|、?或")
_PUNCT = regex.compile(r"[\s\p{P}\p{S}]")
_LIST_PUNCT = frozenset("、，,；;")
_SLOT_CHAR = "槽"  # how a neighbouring slot looks to the guards: a Han character
UNIQUE = "<unique>"  # key of a variable that is never the same as another one
_FILL_IN = frozenset({"line", "blank"})


@dataclass(frozen=True, slots=True)
class _Context:
    index: int  # position in the rule order, also its bit in the candidate masks
    code: str
    name: str
    before: regex.Pattern | None  # must match ending right before the placeholder
    after: regex.Pattern | None   # must match right after it
    ph: regex.Pattern | None
    forms: frozenset[str] | None
    fallback: bool
    strong: bool  # names an ambiguous marker (*, %%, ……) on its own: see evidence.py
    before_k: bool  # `before` has a group k (the context key)
    after_k: bool
    # `before` read backwards, to ask "can it end with this character?" (partial matching);
    # None when that question cannot be answered from one character (lookarounds, anchors …)
    tail: regex.Pattern | None


@dataclass(frozen=True, slots=True)
class _Form:
    code: str
    form: str
    guards: frozenset[str]
    needs_context: bool
    # the guards as flags: they are tested for every placeholder
    no_alnum: bool
    no_digits: bool
    no_numeral: bool
    no_jammer: bool
    no_url: bool
    cjk: bool
    not_label: bool
    not_rule: bool

    @classmethod
    def make(cls, code: str, form: str, guards: frozenset[str], needs_context: bool) -> _Form:
        """A form with its guard flags."""
        return cls(code, form, guards, needs_context,
                   *(g in guards for g in ("no_alnum", "no_digits", "no_numeral", "no_jammer",
                                           "no_url", "cjk", "not_label", "not_rule")))


@dataclass(frozen=True, slots=True)
class _Compiled:
    token: regex.Pattern
    trigger: regex.Pattern
    forms: dict[str, _Form]        # group name → form data
    contexts: tuple[_Context, ...]
    kinds: dict[str, str]          # slot name → kind
    hints: dict[str, str]          # hint word → slot name
    by_form: dict[str, tuple[_Context, ...]]  # form → the non-fallback contexts that apply
    # Context rules are tried only where they can fit, known from the characters around the
    # placeholder (partial matching), as bit masks over `contexts`; all but the first filled lazily:
    form_masks: dict[str, int]     # form → its non-fallback rules (by_form)
    # a lookbehind in `after` sees text before the placeholder: such rules are always tried
    after_any: int                 # rules tried whatever follows the placeholder
    after_tested: tuple[_Context, ...]  # the others
    before_any: int                # rules tried whatever precedes it (no `before`, or no `tail`)
    before_tested: tuple[_Context, ...]  # the others
    after_masks: dict[str, int]    # character after → rules whose `after` can start with it
    before_masks: dict[str, int]   # character before → rules whose `before` can end there
    by_mask: dict[int, tuple[_Context, ...]]  # mask → its rules in order
    fallbacks: dict[str, _Context | None]  # form → its fallback context
    seen: dict[tuple[str, tuple], _LineResult]  # (line, its matches) → result, see _line_result


def _rx(pattern: str | None, where: str) -> regex.Pattern | None:
    if not pattern:
        return None
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}: bad regex {pattern!r}: {exc}") from None


# syntax for which one character cannot tell whether a match may end with it: lookarounds,
# anchors, boundaries, backreferences, named lists, conditionals, atomic groups, flags,
# possessive quantifiers, fuzzy matching — such a `before` is always tried
_NOT_LOCAL = regex.compile(r"\\(?:[bBGKmMAZgzXRNL0-9])|\(\?(?!:|P<)|[\^$]|[*+?}]\+|\{[^}]*[<>]")


def _tail(pattern: str) -> regex.Pattern | None:
    """``pattern`` read backwards, when one character tells whether a match can end with it."""
    if _NOT_LOCAL.search(pattern.replace("\\\\", "")) or regex.compile(pattern).fullmatch(""):
        return None  # (compiled through the disk cache, unlike the module-level regex.fullmatch)
    try:
        return regex.compile(f"(?r)(?:{pattern})")
    except regex.error:
        return None


@functools.cache
def _compiled(rules: RuleBook) -> _Compiled:
    parts = [f"(?P<esc>{_ESCAPE})"]
    firsts = [r"\{"]
    triggers = [r"\{"]  # characters every slot contains (a page without them is skipped)
    forms: dict[str, _Form] = {}
    for i, e in enumerate(rules.family("slot_pattern")):
        where = f"{e['_source']}: {e.get('code')}"
        _rx(e["pattern"], where)  # validate alone so a bad pattern names its rule
        group = f"p{i}"
        parts.append(f"(?P<{group}>{e['pattern']})")
        firsts.append(e["first"])
        if e["form"] not in ("keep", "year"):
            triggers.append(e["first"])
        forms[group] = _Form.make(e["code"], e["form"], frozenset(e.get("guards", ())),
                                  bool(e.get("needs_context")))
    contexts = []
    for e in rules.family("slot_context"):
        where = f"{e['_source']}: {e.get('code')}"
        before = _rx(e.get("before"), where)
        after = _rx(e.get("after"), where)
        contexts.append(_Context(
            index=len(contexts), code=e["code"], name=e["name"],
            before=regex.compile(f"(?:{before.pattern})$") if before else None,
            after=after, ph=_rx(e.get("ph"), where),
            forms=frozenset(e["forms"]) if "forms" in e else None,
            fallback=bool(e.get("fallback")),
            strong=bool(e.get("strong")),
            before_k=before is not None and "k" in before.groupindex,
            after_k=after is not None and "k" in after.groupindex,
            tail=_tail(before.pattern) if before else None))
    kinds: dict[str, str] = {}
    hints: dict[str, str] = {}
    for e in rules.family("slot_name"):
        kinds[e["name"]] = e["kind"]
        for h in (e["name"], *e.get("hints", ())):
            hints.setdefault(h, e["name"])
    for c in contexts:
        if c.name not in kinds:
            raise RuleError(f"slot_context {c.code}: name {c.name!r} is not in the [[slot_name]] vocabulary")
    # the lookahead lets the engine skip positions where no pattern can start (20x faster)
    first = "|".join(firsts)
    token = regex.compile(f"(?=(?:{first}))(?:{'|'.join(parts)})")
    trigger = regex.compile("|".join(triggers))
    all_forms = {f.form for f in forms.values()}
    by_form = {f: tuple(c for c in contexts if not c.fallback and (c.forms is None or f in c.forms))
               for f in all_forms}
    after_tested = tuple(c for c in contexts if c.after is not None and "(?<" not in c.after.pattern)
    before_tested = tuple(c for c in contexts if c.tail is not None)
    comp = _Compiled(token, trigger, forms, tuple(contexts), kinds, hints, by_form,
                     {f: _bits(cs) for f, cs in by_form.items()},
                     _bits(contexts) & ~_bits(after_tested), after_tested,
                     _bits(contexts) & ~_bits(before_tested), before_tested,
                     {}, {}, {}, {}, {})
    comp.fallbacks.update((f, _fallback(comp, f)) for f in by_form)
    return comp


_CJK_SEEN: dict[str, bool] = {}  # character → is it Chinese text (a few thousand at most)


def _is_cjk(ch: str) -> bool:
    """Is ``ch`` (one character or "") Chinese text: a Han character or Chinese punctuation?"""
    got = _CJK_SEEN.get(ch)
    if got is None:
        got = _CJK_SEEN[ch] = bool(ch) and (HAN.match(ch) is not None or CJK_PUNCT.match(ch) is not None)
    return got


def _at(text: str, i: int, taken: list[tuple[int, int]]) -> str:
    """The character at ``i`` as the guards see it: "" outside the line, a Han word inside a slot."""
    if i < 0 or i >= len(text):
        return ""
    for a, b in taken:
        if a <= i < b:
            return _SLOT_CHAR
    return text[i]


def _guards_ok(text: str, s: int, e: int, form: _Form, taken: list[tuple[int, int]]) -> bool:
    """Do the characters around ``text[s:e]`` allow a slot?

    A neighbour inside a slot (``taken``) counts as a Chinese word, whatever it is written
    with: ``XX`` on a page and ``{{内容}}`` in its template must give the same answer, so
    cleaning a template again finds the same slots.
    """
    if taken:
        left, right = _at(text, s - 1, taken), _at(text, e, taken)
    else:  # the usual case: no slot in the line yet
        left, right = text[s - 1] if s else "", text[e:e + 1]
    if form.no_alnum and (
            left in _ALNUM or right in _ALNUM
            # math: x,y and x、y are variables listed together (x、x两县 are two blanks)
            or (right in _MATH_LIST and _at(text, e + 1, taken) in _OTHER_LETTER)
            or (left in _MATH_LIST and _at(text, s - 2, taken) in _OTHER_LETTER)
            # English across one space: iPhone X, Type X 接口
            or (left == " " and _at(text, s - 2, taken) in _LETTER)
            or (right == " " and _at(text, e + 1, taken) in _LETTER)):
        return False
    if form.no_digits and (left.isdigit() or right.isdigit()):
        return False
    if form.no_numeral and ((left and left in _NUMERAL) or (right and right in _NUMERAL)):
        return False
    if form.no_jammer and (left in _JAMMER or right in _JAMMER):
        return False
    if form.no_url and (_url_left(text, s, left, taken)
                        or (right and right in _URL_JOIN and _at(text, e + 1, taken) in _ALNUM)):
        return False
    if form.cjk and not (_near_cjk(text, s, e, taken) or _alone(text, s, e, form)):
        return False
    if form.not_label and right in (":", "："):
        return False
    return not (form.not_rule and not text[:s].strip() and not text[e:].strip())


def _near_cjk(text: str, s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    """Is there Chinese text within two characters of ``text[s:e]`` (three across a padding space)?"""
    left, right = _at(text, s - 1, taken), _at(text, e, taken)
    reach_left = 3 if left == " " else 2
    reach_right = 3 if right == " " else 2
    return any(_is_cjk(_at(text, s - d, taken)) for d in range(1, reach_left + 1)) or any(
        _is_cjk(_at(text, e + d, taken)) for d in range(reach_right)) or _bio_comma(text, e)


def _alone(text: str, s: int, e: int, form: _Form) -> bool:
    """A line made of the placeholder only (×××× under a letter): crosses from two, x from three."""
    need = _ALONE_MIN.get(form.form)
    return need is not None and e - s >= need and not text[:s].strip() and not text[e:].strip()


_ALONE_MIN = {"cross": 2, "mask": 3}
_BIO = regex.compile(r"[,;][ ]?[0-9]{0,4}\p{Han}")


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
    before = _at(text, s - 2, taken)
    if left == "." and before.isdigit():
        digits = len(text[:s - 1]) - len(text[:s - 1].rstrip("0123456789"))
        return bool(text[:s - 1 - digits].strip())
    return before in _ALNUM


def _bits(contexts: Iterable[_Context]) -> int:
    return sum(1 << c.index for c in contexts)


def _candidates(comp: _Compiled, form: str, prev: str, nxt: str) -> tuple[_Context, ...]:
    """The context rules, in order, that can fit between ``prev`` and ``nxt`` (the neighbours)."""
    after = comp.after_masks.get(nxt)
    if after is None:
        after = comp.after_masks[nxt] = comp.after_any | _bits(
            c for c in comp.after_tested if c.after.match(nxt, partial=bool(nxt)) is not None)
    before = comp.before_masks.get(prev)
    if before is None:
        before = comp.before_masks[prev] = comp.before_any | _bits(
            c for c in comp.before_tested if not prev or c.tail.fullmatch(prev, partial=True) is not None)
    mask = comp.form_masks.get(form, 0) & after & before
    got = comp.by_mask.get(mask)
    if got is None:
        got = comp.by_mask[mask] = tuple(c for c in comp.contexts if mask >> c.index & 1)
    return got


def _is_punct(ch: str) -> bool:
    return not ch or _PUNCT.match(ch) is not None


_EMPHASIS_MAX = 30
_CLAUSE_BREAK = frozenset("，。；！？,;!?")


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
            and not _CLAUSE_BREAK.intersection(text[s + 2:c - 1]):
        before = text[c - 1]
        if not before.isspace() and before not in _LIST_PUNCT and not text.startswith("*", c + 2):
            return c + 2
        c = text.find("**", c + 2)
    return None


def _name(comp: _Compiled, text: str, s: int, e: int, form: str, token: str):
    """First context rule that fits: (code, name, key) or None."""
    lo = s - 12 if s > 12 else 0
    for c in _candidates(comp, form, text[s - 1] if s else "", text[e:e + 1]):
        if c.ph is not None and not c.ph.fullmatch(token):
            continue
        key = ""
        if c.after is not None:
            m = c.after.match(text, e)
            if not m:
                continue
            key = (c.after_k and m.group("k")) or m.group()
        if c.before is not None:
            m = c.before.search(text, lo, s)
            if not m:
                continue
            if not key:
                key = (c.before_k and m.group("k")) or m.group()
        return c.code, c.name, key, c.strong
    return None


def _fallback(comp: _Compiled, form: str) -> _Context | None:
    return next((c for c in comp.contexts if c.fallback and (c.forms is None or form in c.forms)), None)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    form: str
    original: str
    code: str
    name: str
    key: object
    named: bool  # named by a context rule, not by a fallback
    strong: bool = False  # an ambiguous marker named by an unambiguous context (evidence.py)


def scan_line(comp: _Compiled, text: str, matches: list[tuple] | None = None,
              page: frozenset[str] = frozenset(),
              ) -> tuple[list[_Found], list[tuple[int, str, str]]]:
    """Placeholders of one line and the warnings (col, code, message) about look-alikes.

    ``matches`` are the token matches of the line as (group, start, end, hint), when the
    caller has already scanned the whole page; ``page`` the evidence groups the page has
    proven (see evidence.py).
    """
    if matches is None:
        matches = [(m.lastgroup, m.start(), m.end(), m.group("hint")) for m in comp.token.finditer(text)]
    forms = comp.forms
    found: list[_Found] = []
    warns: list[tuple[int, str, str]] = []
    todo: list[tuple[_Form, int, int, str | None]] = []  # (form, start, end, hint)
    skip_to = 0
    for group, s, e, hint in matches:
        if group == "esc" or s < skip_to:
            continue
        f = forms[group]
        form = f.form
        if form == EXISTING:
            name = text[s:e].strip("{} \t")
            if is_slot_name(name):  # {{ if }} is no slot: render escapes it
                found.append(_Found(s, e, form, text[s:e], f.code, name, None, True))
            continue
        if form == "keep":
            continue
        if form == "star" and text.startswith("**", s):
            emph = _emphasis_end(text, s)
            # both delimiters followed by a naming context (**县…中共**县) are two blanks
            if emph and not (_name(comp, text, s, s + 2, form, "**")
                             and _name(comp, text, emph - 2, emph, form, "**")):
                skip_to = emph  # markdown emphasis, not two blanks
                continue
        todo.append((f, s, e, hint))
    # a placeholder next to a slot is judged as if that slot were a word, until nothing changes
    taken = [(f.start, f.end) for f in found]
    changed = True
    while changed and todo:
        changed = False
        rest = []
        for item in todo:
            f, s, e, _hint = item
            if _guards_ok(text, s, e, f, taken):
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
                and any(map(_is_cjk, text[max(0, s - 3):s] + text[e:e + 3]))):
            warns.append((s + 1, WARN_DIGITS, f"{tok!r} is glued to digits: a damaged number? kept"))
    if len(found) > 1:
        found.sort(key=lambda f: f.start)
        _link_lists(text, found)
    return found, warns


def _judge(comp: _Compiled, text: str, item: tuple, warns: list, page: frozenset[str]) -> _Found | None:
    """Name a placeholder that passed its guards, or None (and maybe a warning) if it is no slot."""
    f, s, e, hint = item
    form = f.form
    tok = text[s:e]
    if form == "hint":
        hint_name = comp.hints.get(hint)
        if hint_name is None and _stands_alone(text, s):
            hint_name = _described(comp, hint)
        return _Found(s, e, form, tok, f.code, hint_name, (hint_name,), True) if hint_name else None
    ps, pe = s, e
    named = _name(comp, text, s, e, form, tok)
    if named is None and form in evidence.PADDED:
        ps, pe = evidence.pad(text, s, e)
        if (ps, pe) != (s, e):
            named = _name(comp, text, ps, pe, form, tok)
    if f.needs_context:
        proven = form not in evidence.AMBIGUOUS or evidence.group(form) in page
        if named is not None and (named[3] or proven):
            code, name, key, strong = named
            return _Found(ps, pe, form, text[ps:pe], code, name, key, True, strong)
        fb = comp.fallbacks.get(form)
        if proven and fb is not None and evidence.bare_ok(text, ps, pe, form):
            return _Found(ps, pe, form, text[ps:pe], fb.code, fb.name, "", False)
        # inside a sentence it is a word someone hid; a bullet or a lone footnote mark is not
        if len(tok) > 1 and s and _is_cjk(text[s - 1]) and _is_cjk(text[e:e + 1]):
            warns.append((s + 1, WARN_STARS, f"{tok!r} has no context naming a blank (censored text?): kept"))
        return None
    if named is None:
        named = _bracket_after(comp, text, pe)
    if named is not None:
        code, name, key, _strong = named
        # a blank line or empty bracket is filled in anew each time it is written
        return _Found(ps, pe, form, text[ps:pe], code, name, UNIQUE if form in _FILL_IN else key, True)
    fb = comp.fallbacks.get(form)
    if fb is None:
        return None
    # a blank line or empty bracket is filled in anew each time it is written
    return _Found(s, e, form, tok, fb.code, fb.name, UNIQUE if form in _FILL_IN else "", False)


def _vocabulary(comp: _Compiled, words: str) -> str | None:
    """The vocabulary name of the longest hint word that ``words`` ends with (活动时间 → 日期)."""
    for n in range(len(words), 1, -1):
        name = comp.hints.get(words[-n:])
        if name is not None:
            return name
    return None


def _described(comp: _Compiled, hint: str) -> str | None:
    """The slot a bracketed description names: a hint word's vocabulary name ([姓名] → 姓名),
    else the description itself when it ends with one (【活动时间】 → 活动时间, (详细地址) → 详细地址)."""
    name = comp.hints.get(hint)
    if name is None and _vocabulary(comp, hint) is not None and is_slot_name(hint):
        name = hint
    return name


_FUNCTION_CHARS = frozenset("在于至到由向给从是为和与及的请将对")


def _stands_alone(text: str, s: int) -> bool:
    """Does the bracket at ``s`` stand where a word goes, not explain the noun before it?

    【】 and [] are form marks; a round bracket after a noun is an aside (总价（不含税金额）).
    """
    if text[s] not in "(（":
        return True
    before = text[s - 1] if s else ""
    return not HAN.match(before) or before in _FUNCTION_CHARS


_DESCRIPTION = regex.compile(r"[（(][ \u3000]*(?:\p{Han}{1,8}、){0,3}(\p{Han}{2,8})[ \u3000]*[）)]")


def _bracket_after(comp: _Compiled, text: str, e: int) -> tuple | None:
    """A bracket right after the placeholder that says what it is: XXX（省级机构、单位名称）."""
    m = _DESCRIPTION.match(text, e)
    if m is None:
        return None
    name = _described(comp, m.group(1))
    return (BRACKET_CODE, name, m.group(1), True) if name else None


def _kind(comp: _Compiled, name: str) -> str:
    """The kind of a slot name: the vocabulary's, or that of the hint word a description ends with."""
    kind = comp.kinds.get(name)
    if kind is None:
        vocab = _vocabulary(comp, name)
        kind = comp.kinds.get(vocab, "generic") if vocab else "generic"
    return kind


def _link_lists(text: str, found: list[_Found]) -> None:
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


def _matches_by_line(comp: _Compiled, text: str):
    """Token matches of the page by line: (line index, [(group, start, end, hint)]).

    One pass over the page finds the few lines worth a closer look (patterns never span
    lines); offsets are made relative to the line.
    """
    i, start = 0, 0
    end = text.find("\n")
    if end < 0:
        end = len(text)
    matches: list[tuple] = []
    for m in comp.token.finditer(text):
        s = m.start()
        if s > end:  # a later line: move to it
            if matches:
                yield i, matches
                matches = []
            i += text.count("\n", end, s)
            start = text.rfind("\n", 0, s) + 1
            end = text.find("\n", s)
            if end < 0:
                end = len(text)
        matches.append((m.lastgroup, s - start, m.end() - start, m.group("hint")))
    if matches:
        yield i, matches


_SEEN_MAX = 4096  # lines remembered by _line_result


@dataclass(frozen=True, slots=True)
class _LineResult:
    """What one line contributes to the page: it depends on the line and its matches, not its index."""

    new: tuple[NewSlot, ...]  # for slotnames.assign_lines; key UNIQUE stands for (line index, start)
    unique: bool              # some key is UNIQUE
    existing: tuple[_Found, ...]
    warns: tuple[tuple[int, str, str], ...]
    strong: tuple[str, ...]   # forms of the ambiguous markers named by an unambiguous context
    doubtful: frozenset[str]  # evidence groups of the ambiguous markers left as written


def _line_result(comp: _Compiled, text: str, matches: list[tuple],
                 page: frozenset[str] = frozenset()) -> _LineResult:
    """The slots and warnings of one line, remembered for lines seen before.

    Placeholder lines are formulaic (尊敬的×××书记：, 20xx年x月x日): the same line comes
    back page after page, with the same matches and so the same result.  The memory is
    bounded: it is cleared when full.
    """
    key = (text, tuple(matches), page)
    got = comp.seen.get(key)
    if got is None:
        found, warns = scan_line(comp, text, matches, page)
        new = tuple((f.start, f.end, f.name, _kind(comp, f.name), f.original,
                     UNIQUE if f.key == UNIQUE else (f.name, f.original, f.key), f.code)
                    for f in found if f.form != EXISTING)
        got = _LineResult(new, any(f.key == UNIQUE for f in found if f.form != EXISTING),
                          tuple(f for f in found if f.form == EXISTING), tuple(warns),
                          tuple(f.form for f in found if f.strong), _doubtful(comp, matches, found))
        if len(comp.seen) >= _SEEN_MAX:
            comp.seen.clear()
        comp.seen[key] = got
    return got


def _doubtful(comp: _Compiled, matches: list[tuple], found: list[_Found]) -> frozenset[str]:
    """Evidence groups of the ambiguous markers among ``matches`` that did not become a slot."""
    out = set()
    for group, s, _e, _hint in matches:
        form = comp.forms[group].form if group != "esc" else ""
        if form in evidence.AMBIGUOUS and not any(f.start <= s < f.end for f in found):
            out.add(evidence.group(form))
    return frozenset(out)


def _scan_page(comp: _Compiled, doc: Document) -> list[tuple[int, _LineResult]]:
    """Every line's result; lines with doubtful markers again when the page proves them blanks."""
    results = [(i, matches, _line_result(comp, doc.lines[i].text, matches))
               for i, matches in _matches_by_line(comp, doc.text)]
    page = evidence.page_groups(form for _i, _m, got in results for form in got.strong)
    if page:
        results = [(i, m, _line_result(comp, doc.lines[i].text, m, page) if got.doubtful & page else got)
                   for i, m, got in results]
    return [(i, got) for i, _m, got in results]


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Mark every placeholder as a named slot span; warn about doubtful look-alikes."""
    comp = _compiled(rules)
    text = doc.text
    want_blanks = settings.blanks and blanks.may_have(rules, text)
    if not want_blanks and not comp.trigger.search(text):
        return doc
    pending: dict[int, list[NewSlot]] = {}  # line → its new slots (see slotnames.assign_lines)
    existing: dict[int, list] = {}
    warnings: list[Finding] = []
    for i, got in _scan_page(comp, doc):
        line = doc.lines[i]
        for col, code, msg in got.warns:
            warnings.append(Finding(code, line.src, msg, col))
        if got.existing:
            existing[i] = list(got.existing)
        if got.unique:  # a blank filled in anew each time: its own variable
            pending[i] = [(*p[:5], (i, p[0]), p[6]) if p[5] == UNIQUE else p for p in got.new]
        elif got.new:
            pending[i] = list(got.new)
    if existing:
        doc = _with_existing(doc, existing)
    if pending:
        naming.harmonize({i: doc.lines[i].text for i in pending}, pending, comp.kinds)
    if want_blanks:
        _add_blanks(doc, rules, pending)
    if not pending and not warnings and not existing:
        return doc
    doc = assign_lines(doc, pending, STAGE)
    return doc.evolve(warnings=warnings)


def _add_blanks(doc: Document, rules: RuleBook, pending: dict[int, list[NewSlot]]) -> None:
    """Add the blanks without a marker (blanks.py) to ``pending``, clear of every other slot."""
    for i, line in enumerate(doc.lines):
        if not blanks.may_have(rules, line.text):
            continue
        taken = [(s.start, s.end) for s in line.spans] + [(p[0], p[1]) for p in pending.get(i, ())]
        found = list(blanks.find(rules, i, line.text, taken))
        if found:
            pending.setdefault(i, []).extend(found)


def _with_existing(doc: Document, existing: dict[int, list]) -> Document:
    """Slots already written as {{name}} become spans of kind ``existing`` (kept as they are)."""
    lines = list(doc.lines)
    for i, items in existing.items():
        line = lines[i]
        spans = (*line.spans, *(SlotSpan(f.start, f.end, f.name, EXISTING, f.original) for f in items))
        lines[i] = Line(line.text, line.src, tuple(sorted(spans, key=lambda s: s.start)))
    return doc.evolve(lines=lines)
