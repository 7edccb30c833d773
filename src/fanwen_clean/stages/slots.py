"""Stage slots: placeholders (x, ×××, 20xx, **, □□, 某某, ____, （　）, [姓名]) become named slots.

Detection patterns, naming context rules and the name vocabulary live in
``rules/slots.toml``.  The stage never changes the text: it adds a
:class:`~fanwen_clean.document.SlotSpan` per placeholder, and ``render`` writes
``{{name}}`` in the template.  Look-alikes (X光, Linux, 3×4, 二○一八, **粗体**,
1920xx年) are left alone; doubtful ones get a warning instead of a slot.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex

from ..document import Document, Finding, Line, SlotSpan
from ..render import is_slot_name
from ..rules import RuleBook, RuleError
from ..settings import Settings
from ..slotnames import EXISTING, Pending, assign

STAGE = "slots"
LIST_CODE = "FW510"
WARN_DIGITS = "FW951"
WARN_STARS = "FW952"

# Jinja2 escapes written by render ({{ '{{' }}) are text, not slots.
_ESCAPE = r"\{\{[ \t]*'(?:\{\{|\{%|\{#|%\}|\}\}|#\}|\{|\})'[ \t]*\}\}"
_HAN = regex.compile(r"[\p{Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》〈〉【】—…·、]")
_ALNUM = regex.compile(r"[A-Za-z0-9]")
_LETTER = regex.compile(r"[A-Za-z]")
_NUMERAL = "〇零一二三四五六七八九十百千万亿两○"
_JAMMER = set("$^|`~@#=+<>\\{}")
_URL_JOIN = set(".-/@:_")
# separators of placeholders that are listed together: x、x两县, 20xx-20xx
_LIST_SEP = regex.compile(r"[、和与及\-—~～至到]|、?或")
_PUNCT = regex.compile(r"[\s\p{P}\p{S}]")
_LIST_PUNCT = frozenset("、，,；;")
_SLOT_CHAR = "槽"  # how a neighbouring slot looks to the guards: a Han character
UNIQUE = "<unique>"  # key of a variable that is never the same as another one
_FILL_IN = frozenset({"line", "blank"})


@dataclass(frozen=True, slots=True)
class _Context:
    code: str
    name: str
    before: regex.Pattern | None  # must match ending right before the placeholder
    after: regex.Pattern | None   # must match right after it
    ph: regex.Pattern | None
    forms: frozenset[str] | None
    fallback: bool


@dataclass(frozen=True, slots=True)
class _Form:
    code: str
    guards: frozenset[str]
    needs_context: bool


@dataclass(frozen=True, slots=True)
class _Compiled:
    token: regex.Pattern
    trigger: regex.Pattern
    forms: dict[str, _Form]        # group name → form data
    form_of: dict[str, str]        # group name → form
    contexts: tuple[_Context, ...]
    kinds: dict[str, str]          # slot name → kind
    hints: dict[str, str]          # hint word → slot name
    by_form: dict[str, tuple[_Context, ...]]  # form → the non-fallback contexts that apply
    # (form, character after the placeholder) → the contexts that can fit, filled lazily: a
    # rule whose `after` cannot start with that character is never tried (partial matching)
    candidates: dict[tuple[str, str], tuple[_Context, ...]]
    fallbacks: dict[str, _Context | None]  # form → its fallback context


def _rx(pattern: str | None, where: str) -> regex.Pattern | None:
    if not pattern:
        return None
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}: bad regex {pattern!r}: {exc}") from None


@functools.cache
def _compiled(rules: RuleBook) -> _Compiled:
    parts = [f"(?P<esc>{_ESCAPE})"]
    firsts = [r"\{"]
    triggers = [r"\{"]  # characters every slot contains (a page without them is skipped)
    forms: dict[str, _Form] = {}
    form_of: dict[str, str] = {}
    for i, e in enumerate(rules.family("slot_pattern")):
        where = f"{e['_source']}: {e.get('code')}"
        _rx(e["pattern"], where)  # validate alone so a bad pattern names its rule
        group = f"p{i}"
        parts.append(f"(?P<{group}>{e['pattern']})")
        firsts.append(e["first"])
        if e["form"] not in ("keep", "year"):
            triggers.append(e["first"])
        forms[group] = _Form(e["code"], frozenset(e.get("guards", ())), bool(e.get("needs_context")))
        form_of[group] = e["form"]
    contexts = []
    for e in rules.family("slot_context"):
        where = f"{e['_source']}: {e.get('code')}"
        before = _rx(e.get("before"), where)
        contexts.append(_Context(
            code=e["code"], name=e["name"],
            before=regex.compile(f"(?:{before.pattern})$") if before else None,
            after=_rx(e.get("after"), where), ph=_rx(e.get("ph"), where),
            forms=frozenset(e["forms"]) if "forms" in e else None,
            fallback=bool(e.get("fallback"))))
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
    by_form = {f: tuple(c for c in contexts if not c.fallback and (c.forms is None or f in c.forms))
               for f in set(form_of.values())}
    comp = _Compiled(token, trigger, forms, form_of, tuple(contexts), kinds, hints, by_form, {}, {})
    comp.fallbacks.update((f, _fallback(comp, f)) for f in by_form)
    return comp


def _guards_ok(text: str, s: int, e: int, guards: frozenset[str], taken: list[tuple[int, int]]) -> bool:
    """Do the characters around ``text[s:e]`` allow a slot?

    A neighbour inside a slot (``taken``) counts as a Chinese word, whatever it is written
    with: ``XX`` on a page and ``{{内容}}`` in its template must give the same answer, so
    cleaning a template again finds the same slots.
    """

    def at(i: int) -> str:
        if i < 0 or i >= len(text):
            return ""
        return _SLOT_CHAR if any(a <= i < b for a, b in taken) else text[i]

    left, right = at(s - 1), at(e)
    if "no_alnum" in guards and (
            _ALNUM.match(left) or _ALNUM.match(right)
            # English across one space: iPhone X, Type X 接口
            or (left == " " and _LETTER.match(at(s - 2))) or (right == " " and _LETTER.match(at(e + 1)))):
        return False
    if "no_digits" in guards and (left.isdigit() or right.isdigit()):
        return False
    if "no_numeral" in guards and ((left and left in _NUMERAL) or (right and right in _NUMERAL)):
        return False
    if "no_jammer" in guards and (left in _JAMMER or right in _JAMMER):
        return False
    if "no_url" in guards and ((left and left in _URL_JOIN and _ALNUM.match(at(s - 2)))
                               or (right and right in _URL_JOIN and _ALNUM.match(at(e + 1)))):
        return False
    if "cjk" in guards and not any(_HAN.match(c) for c in (at(s - 2), left, right, at(e + 1)) if c):
        return False
    if "not_label" in guards and right in (":", "："):
        return False
    return not ("not_rule" in guards and not text[:s].strip() and not text[e:].strip())


def _candidates(comp: _Compiled, form: str, nxt: str) -> tuple[_Context, ...]:
    got = comp.candidates.get((form, nxt))
    if got is None:
        # a lookbehind in `after` sees text before the placeholder: such rules are always tried
        got = tuple(c for c in comp.by_form.get(form, ())
                    if c.after is None or "(?<" in c.after.pattern
                    or c.after.match(nxt, partial=bool(nxt)) is not None)
        comp.candidates[(form, nxt)] = got
    return got


def _is_punct(ch: str) -> bool:
    return not ch or _PUNCT.match(ch) is not None


def _emphasis_end(text: str, s: int) -> int | None:
    """End of a markdown ``**粗体**`` opened at ``s`` (CommonMark flanking rules), or None.

    The content has two characters or more, so ``**年**月**日`` stays three blanks, and a
    closer does not follow a space or a list separator, so ``**市、**县`` stays two blanks
    (Chinese markdown puts closers after ：。！ freely: ``**申请人：**张三`` is emphasis).
    """
    nxt, prev = text[s + 2:s + 3], text[s - 1:s] if s else ""
    if not nxt or nxt.isspace() or nxt == "*" or (_is_punct(nxt) and not _is_punct(prev)):
        return None
    c = text.find("**", s + 4)
    while c != -1 and "*" not in text[s + 2:c]:
        before = text[c - 1]
        if not before.isspace() and before not in _LIST_PUNCT:
            return c + 2
        c = text.find("**", c + 2)
    return None


def _name(comp: _Compiled, text: str, s: int, e: int, form: str, token: str):
    """First context rule that fits: (code, name, key) or None."""
    lo = s - 12 if s > 12 else 0
    for c in _candidates(comp, form, text[e:e + 1]):
        if c.ph is not None and not c.ph.fullmatch(token):
            continue
        key = ""
        if c.after is not None:
            m = c.after.match(text, e)
            if not m:
                continue
            key = m.group("k") if "k" in c.after.groupindex and m.group("k") else m.group()
        if c.before is not None:
            m = c.before.search(text, lo, s)
            if not m:
                continue
            if not key:
                key = m.group("k") if "k" in c.before.groupindex and m.group("k") else m.group()
        return c.code, c.name, key
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


def scan_line(comp: _Compiled, text: str, matches: list[tuple] | None = None,
              ) -> tuple[list[_Found], list[tuple[int, str, str]]]:
    """Placeholders of one line and the warnings (col, code, message) about look-alikes.

    ``matches`` are the token matches of the line as (group, start, end, hint), when the
    caller has already scanned the whole page.
    """
    if matches is None:
        matches = [(m.lastgroup, m.start(), m.end(), m.group("hint")) for m in comp.token.finditer(text)]
    found: list[_Found] = []
    warns: list[tuple[int, str, str]] = []
    todo: list[tuple[str, str, int, int, str | None]] = []  # (group, form, start, end, hint)
    skip_to = 0
    for group, s, e, hint in matches:
        if group == "esc" or s < skip_to:
            continue
        form = comp.form_of[group]
        if form == EXISTING:
            name = text[s:e].strip("{} \t")
            if is_slot_name(name):  # {{ if }} is no slot: render escapes it
                found.append(_Found(s, e, form, text[s:e], comp.forms[group].code, name, None, True))
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
        todo.append((group, form, s, e, hint))
    # a placeholder next to a slot is judged as if that slot were a word, until nothing changes
    taken = [(f.start, f.end) for f in found]
    changed = True
    while changed and todo:
        changed = False
        rest = []
        for item in todo:
            group, form, s, e, _hint = item
            if _guards_ok(text, s, e, comp.forms[group].guards, taken):
                f = _judge(comp, text, item, warns)
                if f is not None:
                    found.append(f)
                    taken.append((s, e))
                    changed = True
                continue
            rest.append(item)
        todo = rest
    for _group, form, s, e, _hint in todo:
        tok, left, right = text[s:e], text[s - 1:s], text[e:e + 1]
        # one x between digits is a product or a size (3x4, 1920x1080); two or more is damage
        if (form in ("mask", "year") and len(tok) > 1 and (left.isdigit() or right.isdigit())
                and (_HAN.search(text, max(0, s - 3), s) or _HAN.search(text, e, e + 3))):
            warns.append((s + 1, WARN_DIGITS, f"{tok!r} is glued to digits: a damaged number? kept"))
    found.sort(key=lambda f: f.start)
    _link_lists(text, found)
    return found, warns


def _judge(comp: _Compiled, text: str, item: tuple, warns: list) -> _Found | None:
    """Name a placeholder that passed its guards, or None (and maybe a warning) if it is no slot."""
    group, form, s, e, hint = item
    tok = text[s:e]
    code = comp.forms[group].code
    if form == "hint":
        hint_name = comp.hints.get(hint)
        return _Found(s, e, form, tok, code, hint_name, (hint_name,), True) if hint_name else None
    named = _name(comp, text, s, e, form, tok)
    if named is not None:
        code, name, key = named
        return _Found(s, e, form, tok, code, name, key, True)
    if comp.forms[group].needs_context:
        # inside a sentence it is a word someone hid; a bullet or a lone footnote mark is not
        if len(tok) > 1 and s and _HAN.match(text, s - 1) and _HAN.match(text, e):
            warns.append((s + 1, WARN_STARS, f"{tok!r} has no context naming a blank (censored text?): kept"))
        return None
    fb = comp.fallbacks.get(form)
    if fb is None:
        return None
    # a blank line or empty bracket is filled in anew each time it is written
    return _Found(s, e, form, tok, fb.code, fb.name, UNIQUE if form in _FILL_IN else "", False)


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


def run(doc: Document, rules: RuleBook, settings: Settings) -> Document:
    """Mark every placeholder as a named slot span; warn about doubtful look-alikes."""
    comp = _compiled(rules)
    text = doc.text
    if not comp.trigger.search(text):
        return doc
    # one pass over the page finds the lines worth a closer look (patterns never span lines)
    starts, pos = [], 0
    for line in doc.lines:
        starts.append(pos)
        pos += len(line.text) + 1
    hits: dict[int, list[tuple]] = {}
    for m in comp.token.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        s0 = starts[i]
        hits.setdefault(i, []).append((m.lastgroup, m.start() - s0, m.end() - s0, m.group("hint")))
    pending: list[Pending] = []
    existing: dict[int, list] = {}
    warnings: list[Finding] = []
    for i, matches in hits.items():
        line = doc.lines[i]
        found, warns = scan_line(comp, line.text, matches)
        for col, code, msg in warns:
            warnings.append(Finding(code, line.src, msg, col))
        for f in found:
            if f.form == EXISTING:
                existing.setdefault(i, []).append(f)
                continue
            kind = comp.kinds.get(f.name, "generic")
            key = (i, f.start) if f.key == UNIQUE else (f.name, f.original, f.key)
            pending.append(Pending(i, f.start, f.end, f.name, kind, f.original, key, f.code))
    if existing:
        doc = _with_existing(doc, existing)
    if not pending and not warnings and not existing:
        return doc
    doc = assign(doc, pending, STAGE)
    return doc.evolve(warnings=warnings)


def _with_existing(doc: Document, existing: dict[int, list]) -> Document:
    """Slots already written as {{name}} become spans of kind ``existing`` (kept as they are)."""
    lines = list(doc.lines)
    for i, items in existing.items():
        line = lines[i]
        spans = (*line.spans, *(SlotSpan(f.start, f.end, f.name, EXISTING, f.original) for f in items))
        lines[i] = Line(line.text, line.src, tuple(sorted(spans, key=lambda s: s.start)))
    return doc.evolve(lines=lines)
