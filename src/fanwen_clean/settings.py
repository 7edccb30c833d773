"""Options of one cleaning run, passed explicitly to every stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTITY_KINDS = ("people", "places", "orgs", "dates")
OPERATORS = ("replace", "mask", "keep")
CODE_PREFIX = re.compile(r"FW\d{0,3}")  # FW, FW4, FW41, FW410: a rule code or a prefix of one


def code_prefixes(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"FW2, fw403"`` or ``["FW2", "FW403"]`` → ``("FW2", "FW403")``; raises ValueError on a bad code."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    out = tuple(str(p).strip().upper() for p in parts if str(p).strip())
    bad = [p for p in out if not CODE_PREFIX.fullmatch(p)]
    if bad:
        raise ValueError(f"not a rule code or code prefix: {', '.join(bad)} (e.g. FW4, FW410)")
    return out


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)
ANONYMIZE_LEVELS = ("balanced", "strict")


@dataclass(frozen=True)
class Settings:
    """What the user asked for.  ``t2s=None`` means: convert when the page is Traditional.

    ``select``/``ignore`` are rule-code prefixes (as ruff's): an edit is made only by a rule
    that is selected (every rule when ``select`` is empty) and not ignored; see
    :mod:`fanwen_clean.gating` for how and with what limits.
    """

    t2s: bool | None = None
    anonymize: frozenset[str] = frozenset()
    operator: str = "replace"
    keep_originals: bool = True
    scope: str = "page"  # "corpus": the same name gets the same slot in every file of a run
    blanks: bool = True  # slots for values left out with no marker (缺席 名, 年 月 日): kind "blank"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix_suggestions: bool = False  # also apply the typo stage's suggestions (FW940)
    anonymize_level: str = "balanced"  # "strict": slot every name candidate, for sharing

    def __post_init__(self) -> None:
        unknown = set(self.anonymize) - set(ENTITY_KINDS)
        if unknown:
            raise ValueError(f"unknown entity kinds {sorted(unknown)}; choose from {', '.join(ENTITY_KINDS)}")
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}; choose from {', '.join(OPERATORS)}")
        code_prefixes(self.select + self.ignore)
        if self.anonymize_level not in ANONYMIZE_LEVELS:
            raise ValueError(f"unknown anonymize level {self.anonymize_level!r}; "
                             f"choose from {', '.join(ANONYMIZE_LEVELS)}")

    @property
    def gated(self) -> bool:
        """Are some rules switched off?"""
        return bool(self.select or self.ignore)

    def allows(self, code: str) -> bool:
        """May rule ``code`` edit?  The longer (more specific) matching prefix wins; a tie ignores."""
        sel = _longest(code, self.select) if self.select else 0
        if sel < 0:
            return False
        ign = _longest(code, self.ignore)
        return ign < 0 or sel > ign
