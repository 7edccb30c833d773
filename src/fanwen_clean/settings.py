"""Options of one cleaning run, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_KINDS = ("people", "places", "orgs", "dates")
OPERATORS = ("replace", "mask", "keep")


@dataclass(frozen=True)
class Settings:
    """What the user asked for.  ``t2s=None`` means: convert when the page is Traditional."""

    t2s: bool | None = None
    anonymize: frozenset[str] = frozenset()
    operator: str = "replace"
    keep_originals: bool = True
    scope: str = "page"  # "corpus": the same name gets the same slot in every file of a run
    fix_suggestions: bool = False  # also apply the typo stage's suggestions (FW940)

    def __post_init__(self) -> None:
        unknown = set(self.anonymize) - set(ENTITY_KINDS)
        if unknown:
            raise ValueError(f"unknown entity kinds {sorted(unknown)}; choose from {', '.join(ENTITY_KINDS)}")
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}; choose from {', '.join(OPERATORS)}")
