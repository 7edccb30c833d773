"""The slot rules of ``rules/slots.toml`` compiled: patterns, naming contexts and vocabulary.

``compiled(rules)`` builds one combined token pattern and the context rules, with bit masks
that tell from the characters around a placeholder which context rules can fit there;
``name_from_context`` names a placeholder by the first rule that fits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

import regex

from ...regex_guard import compile_rule
from ...render import is_slot_name
from ...rules import RuleBook, RuleError

# Jinja2 escapes written by render ({{ '{{' }}) are text, not slots.
ESCAPE = r"\{\{[ \t]*'(?:\{\{|\{%|\{#|%\}|\}\}|#\}|\{|\})'[ \t]*\}\}"


class Context(NamedTuple):
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
    # `names`: the slot name read from what `after` found in its group `of` (x、x两县 → 县名,
    # x、x两村 → 村名): one rule for one idea whose name depends on a word
    names: dict[str, str] | None = None


class Form(NamedTuple):
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
    def make(cls, code: str, form: str, guards: frozenset[str], needs_context: bool) -> Form:
        """A form with its guard flags."""
        return cls(code, form, guards, needs_context,
                   *(g in guards for g in ("no_alnum", "no_digits", "no_numeral", "no_jammer",
                                           "no_url", "cjk", "not_label", "not_rule")))


class Compiled(NamedTuple):
    token: regex.Pattern
    trigger: regex.Pattern
    forms: dict[str, Form]        # group name → form data
    contexts: tuple[Context, ...]
    kinds: dict[str, str]          # slot name → kind
    hints: dict[str, str]          # hint word → slot name
    by_form: dict[str, tuple[Context, ...]]  # form → the non-fallback contexts that apply
    # Context rules are tried only where they can fit, known from the characters around the
    # placeholder (partial matching), as bit masks over `contexts`; all but the first filled lazily:
    form_masks: dict[str, int]     # form → its non-fallback rules (by_form)
    # a lookbehind in `after` sees text before the placeholder: such rules are always tried
    after_any: int                 # rules tried whatever follows the placeholder
    after_tested: tuple[Context, ...]  # the others
    before_any: int                # rules tried whatever precedes it (no `before`, or no `tail`)
    before_tested: tuple[Context, ...]  # the others
    after_masks: dict[str, int]    # character after → rules whose `after` can start with it
    before_masks: dict[str, int]   # character before → rules whose `before` can end there
    by_mask: dict[int, tuple[Context, ...]]  # mask → its rules in order
    fallbacks: dict[str, Context | None]  # form → its fallback context
    seen: dict[tuple, object]  # (line, its matches, page evidence) → its result, see __init__._line_result
    # names whose variable is the written placeholder, whatever its context (`page_wide` in
    # [[slot_name]]): x系统, x工作, x事业 on one page are one field
    page_wide: frozenset[str] = frozenset()


def _rx(pattern: str | None, where: str) -> regex.Pattern | None:
    if not pattern:
        return None
    try:
        return compile_rule(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}: bad regex {pattern!r}: {exc}") from None


# syntax for which one character cannot tell whether a match may end with it: lookarounds,
# anchors, boundaries, backreferences, named lists, conditionals, atomic groups, flags,
# possessive quantifiers, fuzzy matching — such a `before` is always tried
_NOT_LOCAL = compile_rule(r"\\(?:[bBGKmMAZgzXRNL0-9])|\(\?(?!:|P<)|[\^$]|[*+?}]\+|\{[^}]*[<>]")


def _tail(pattern: str) -> regex.Pattern | None:
    """``pattern`` read backwards, when one character tells whether a match can end with it."""
    if _NOT_LOCAL.search(pattern.replace("\\\\", "")) or compile_rule(pattern).fullmatch(""):
        return None  # (compiled through the disk cache, unlike the module-level regex.fullmatch)
    try:
        return compile_rule(f"(?r)(?:{pattern})")
    except regex.error:
        return None


@functools.cache
def compiled(rules: RuleBook) -> Compiled:
    parts = [f"(?P<esc>{ESCAPE})"]
    prefilters = [r"\{"]
    triggers = [r"\{"]  # characters every slot contains (a page without them is skipped)
    forms: dict[str, Form] = {}
    for i, e in enumerate(rules.family("slot_pattern")):
        where = f"{e['_source']}: {e.get('code')}"
        _rx(e["pattern"], where)  # validate alone so a bad pattern names its rule
        group = f"p{i}"
        parts.append(f"(?P<{group}>{e['pattern']})")
        prefilters.append(e["prefilter"])
        if e["form"] not in ("keep", "year"):
            triggers.append(e["prefilter"])
        forms[group] = Form.make(e["code"], e["form"], frozenset(e.get("guards", ())),
                                  bool(e.get("needs_context")))
    contexts = []
    for e in rules.family("slot_context"):
        where = f"{e['_source']}: {e.get('code')}"
        before = _rx(e.get("before"), where)
        after = _rx(e.get("after"), where)
        contexts.append(Context(
            index=len(contexts), code=e["code"], name=e["name"],
            before=compile_rule(f"(?:{before.pattern})$") if before else None,
            after=after, ph=_rx(e.get("ph"), where),
            forms=frozenset(e["forms"]) if "forms" in e else None,
            fallback=bool(e.get("fallback")),
            strong=bool(e.get("strong")),
            before_k=before is not None and "k" in before.groupindex,
            after_k=after is not None and "k" in after.groupindex,
            tail=_tail(before.pattern) if before else None,
            names=dict(e["names"]) if "names" in e else None))
    kinds: dict[str, str] = {}
    hints: dict[str, str] = {}
    for e in rules.family("slot_name"):
        kinds[e["name"]] = e["kind"]
        for h in (e["name"], *e.get("hints", ())):
            hints.setdefault(h, e["name"])
    for c in contexts:
        for name in (c.name, *(c.names or {}).values()):
            if name not in kinds:
                raise RuleError(f"slot_context {c.code}: name {name!r} is not in the [[slot_name]] list")
    # the lookahead lets the engine skip positions where no pattern can start (20x faster)
    starts = "|".join(prefilters)
    token = compile_rule(f"(?=(?:{starts}))(?:{'|'.join(parts)})")
    trigger = compile_rule("|".join(triggers))
    all_forms = {f.form for f in forms.values()}
    by_form = {f: tuple(c for c in contexts if not c.fallback and (c.forms is None or f in c.forms))
               for f in all_forms}
    after_tested = tuple(c for c in contexts if c.after is not None and "(?<" not in c.after.pattern)
    before_tested = tuple(c for c in contexts if c.tail is not None)
    comp = Compiled(token, trigger, forms, tuple(contexts), kinds, hints, by_form,
                     {f: _bits(cs) for f, cs in by_form.items()},
                     _bits(contexts) & ~_bits(after_tested), after_tested,
                     _bits(contexts) & ~_bits(before_tested), before_tested,
                     {}, {}, {}, {}, {},
                     frozenset(e["name"] for e in rules.family("slot_name") if e.get("page_wide")))
    comp.fallbacks.update((f, _fallback(comp, f)) for f in by_form)
    return comp


def _bits(contexts: Iterable[Context]) -> int:
    return sum(1 << c.index for c in contexts)


def _candidates(comp: Compiled, form: str, prev: str, nxt: str) -> tuple[Context, ...]:
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


def name_from_context(comp: Compiled, text: str, s: int, e: int, form: str, token: str):
    """First context rule that fits: (code, name, key) or None."""
    lo = s - 12 if s > 12 else 0
    for c in _candidates(comp, form, text[s - 1] if s else "", text[e:e + 1]):
        if c.ph is not None and not c.ph.fullmatch(token):
            continue
        key, name = "", c.name
        if c.after is not None:
            m = c.after.match(text, e)
            if not m:
                continue
            key = (c.after_k and m.group("k")) or m.group()
            if c.names is not None:
                name = c.names.get(m.group("of"), name)
        if c.before is not None:
            m = c.before.search(text, lo, s)
            if not m:
                continue
            if not key:
                key = (c.before_k and m.group("k")) or m.group()
        return c.code, name, key, c.strong
    return None


def _fallback(comp: Compiled, form: str) -> Context | None:
    return next((c for c in comp.contexts if c.fallback and (c.forms is None or form in c.forms)), None)


def vocabulary(comp: Compiled, words: str) -> str | None:
    """The vocabulary name of the longest hint word that ``words`` ends with (活动时间 → 日期)."""
    for n in range(len(words), 1, -1):
        name = comp.hints.get(words[-n:])
        if name is not None:
            return name
    return None


def described(comp: Compiled, hint: str) -> str | None:
    """The slot a bracketed description names: a hint word's vocabulary name ([姓名] → 姓名),
    else the description itself when it ends with one (【活动时间】 → 活动时间, (详细地址) → 详细地址)."""
    name = comp.hints.get(hint)
    if name is None and vocabulary(comp, hint) is not None and is_slot_name(hint):
        name = hint
    return name


def kind_of(comp: Compiled, name: str) -> str:
    """The kind of a slot name: the vocabulary's, or that of the hint word a description ends with."""
    kind = comp.kinds.get(name)
    if kind is None:
        vocab = vocabulary(comp, name)
        kind = comp.kinds.get(vocab, "generic") if vocab else "generic"
    return kind
