"""What a rule file may hold: one schema per family, as data, and the one checker of it.

User rule files (``--rules``) are checked in full before any page is touched: an
unknown section (``[[boilerplat]]``), an unknown key, a value of the wrong type, an
unknown ``kind`` or a pattern that does not compile is a :class:`~fanwen_clean.rules.RuleError`
naming the file, the entry and the problem.  The shipped rules are checked against
the same schema by the tests (tests/test_rule_schema.py), not at every start-up.

A schema maps each key to its type (``str``, ``int``, ``bool``, ``list``, ``dict``),
``regex`` (a string that must compile with the ``regex`` module) or a tuple of the
allowed strings; ``required`` lists the keys an entry must have, ``any_of`` keys of which it
needs at least one.
"""

from __future__ import annotations

from typing import Any

from .regex_guard import compile_rule

_COMMON: dict[str, Any] = {"code": str, "description": str, "examples": list}

SCHEMAS: dict[str, dict[str, Any]] = {
    "code": {"required": ("code",), **_COMMON},
    "boilerplate": {
        "any_of": ("pattern", "line"), **_COMMON, "pattern": "regex", "line": str, "replace": str,
        "count": int, "sites": int, "strength": int,
        "kind": ("field", "filler", "inline", "line", "search", "site", "masked"),
        "keep": list, "keywords": list, "prefilter": list, "region": ("any", "edge"), "max_len": int,
        "requires": "regex", "weight": int, "single": bool,
    },
    "rewrap": {
        **_COMMON, "pattern": "regex", "prefilter": list, "chars": str,
        "kind": ("agenda", "artefact", "heading", "marker", "salutation", "signoff", "turn",
                 "no_start", "open_end", "date_units", "units"),
    },
    "warning": {
        "required": ("code", "kind", "pattern"), **_COMMON, "pattern": "regex", "history": "regex",
        "prefilter": list, "kind": ("dashes", "ellipsis_end", "level", "section", "selfname"),
    },
    "anonymize": {**_COMMON, "list": str, "words": list, "masks": dict, "default_mask": str},
    "segment": {"required": ("kind", "pattern"), **_COMMON, "kind": ("chrome_tail",), "pattern": "regex",
                "keep": list},
    "punct": {
        **_COMMON, "pattern": "regex", "map": dict, "impl": ("parens", "quotes"), "prefilter": "regex",
        "replace": str,
    },
    "slot_pattern": {
        "required": ("pattern",), **_COMMON, "pattern": "regex", "prefilter": str, "guards": list,
        "needs_context": bool,
        "form": ("blank", "box", "cross", "date", "existing", "hint", "keep", "line", "mask", "mou",
                 "star", "year", "time", "ellipsis", "dash", "symbol"),
    },
    "slot_blank": {
        "required": ("code", "pattern"), **_COMMON, "pattern": "regex", "prefilter": str, "slots": dict,
        "checks": list, "near_misses": list,
    },
    "slot_lookalike": {"required": ("text",), "text": str, "why": str},
    "boilerplate_words": {"required": ("group", "words"), "group": str, "description": str, "words": list},
    "boilerplate_learn": {"description": str, "examples": list, "starts": list, "ends": list,
                          "issuers": list},
    "boilerplate_model": {"required": ("weights",), "bias": (int, float), "remove_at": (int, float),
                          "warn_at": (int, float), "weights": dict, "model": ("line", "filler"),
                          "fitted": str, "corpus": str},
    "filler_words": {"required": ("group", "words"), "group": str, "description": str, "words": list,
                     "examples": list},
    "filler_train": {"required": ("page",), "why": str, "page": str, "chrome": list, "keep": list},
    "slot_context": {
        "required": ("name",), **_COMMON, "name": str, "before": "regex", "after": "regex", "ph": str,
        "forms": list, "fallback": bool,
        "strong": bool, "names": dict,
    },
    "slot_name": {"required": ("name",), "name": str, "kind": str, "hints": list, "examples": list,
                  "page_wide": bool},
    "typo_rule": {
        "required": ("kind",), **_COMMON,
        "kind": ("dictionary", "digit_one", "doubled", "idiom", "particles", "digit_word", "variants",
                 "confusion", "dates", "repeated_word", "particles_context", "xiang", "missing_char",
                 "pairs"),
        "chars": str, "allow": list, "words": list, "not_next_to": str, "determiners": str,
        "measures": str, "formal": str, "ordinal": str, "tags": str,
        # brief 15b: particles_context, xiang, missing_char
        "de_code": str, "clause_verbs": list, "openers": list, "pronouns": list, "not_verbs": list,
        "de_openers": list, "comparisons": list, "before": str, "not_after": str, "attr_code": str,
        "nominal_openers": list, "progress_adverbs": list,
    },
}

_META = ("required", "any_of")  # schema keys that are not entry keys
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "an array",
               dict: "a table"}


def _entry_name(family: str, i: int, entry: dict) -> str:
    label = entry.get("code") or entry.get("name") or entry.get("list")
    return f"[[{family}]] #{i + 1}" + (f" ({label})" if isinstance(label, str) else "")


def _check_value(key: str, want: Any, value: Any) -> str | None:
    if want == "regex":
        if not isinstance(value, str):
            return f"{key!r} must be a string (a regular expression)"
        import regex

        try:
            compile_rule(value)
        except regex.error as exc:
            return f"{key!r} is not a valid regular expression: {exc}"
        return None
    if isinstance(want, tuple) and all(isinstance(w, str) for w in want):
        if value not in want:
            return f"{key!r} is {value!r}; it must be one of {', '.join(want)}"
        return None
    if isinstance(want, tuple):  # a choice of types, e.g. (int, float): a number
        if isinstance(value, want) and not isinstance(value, bool):
            return None
        return f"{key!r} must be a number, not {type(value).__name__}"
    ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
    return None if ok else f"{key!r} must be {_TYPE_NAMES[want]}, not {type(value).__name__}"


def check_entry(family: str, entry: Any) -> str | None:
    """The first problem of one entry, or None."""
    schema = SCHEMAS[family]
    if not isinstance(entry, dict):
        return "must be a table"
    for key in schema.get("required", ()):
        if key not in entry:
            return f"needs {key!r}"
    any_of = schema.get("any_of", ())
    if any_of and not any(k in entry for k in any_of):
        return f"needs {' or '.join(map(repr, any_of))}"
    keys = [k for k in schema if k not in _META]
    for key, value in entry.items():
        if key not in keys:
            close = _close(key, keys)
            return f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
        problem = _check_value(key, schema[key], value)
        if problem:
            return problem
    return None


def _close(word: str, known: list[str]) -> list[str]:
    """The known name a misspelt one was meant to be (difflib is imported only for an error)."""
    import difflib

    return difflib.get_close_matches(word, known, 1)


def check_file(path: str, data: dict) -> list[str]:
    """Every problem of a parsed rule file, one line each (``file: entry: problem``)."""
    problems = []
    for family, entries in data.items():
        if family not in SCHEMAS:
            close = _close(family, list(SCHEMAS))
            hint = f" (did you mean [[{close[0]}]]?)" if close else f"; known: {', '.join(SCHEMAS)}"
            problems.append(f"{path}: unknown section {family!r}{hint}")
            continue
        if not isinstance(entries, list):
            problems.append(f"{path}: {family!r} must be an array of tables ([[{family}]])")
            continue
        for i, entry in enumerate(entries):
            problem = check_entry(family, entry)
            if problem:
                name = _entry_name(family, i, entry if isinstance(entry, dict) else {})
                problems.append(f"{path}: {name}: {problem}")
    return problems
