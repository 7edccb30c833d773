"""Options of one cleaning run, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_KINDS = ("people", "places", "orgs", "dates")
OPERATORS = ("replace", "mask", "keep")
ANONYMIZE_LEVELS = ("balanced", "strict")


@dataclass(frozen=True)
class Settings:
    """What the user asked for.  ``t2s=None`` means: convert when the page is Traditional."""

    t2s: bool | None = None
    anonymize: frozenset[str] = frozenset()
    operator: str = "replace"
    keep_originals: bool = True
    scope: str = "page"  # "corpus": the same name gets the same slot in every file of a run
    anonymize_level: str = "balanced"  # "strict": slot every name candidate, for sharing

    def __post_init__(self) -> None:
        unknown = set(self.anonymize) - set(ENTITY_KINDS)
        if unknown:
            raise ValueError(f"unknown entity kinds {sorted(unknown)}; choose from {', '.join(ENTITY_KINDS)}")
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}; choose from {', '.join(OPERATORS)}")
        if self.anonymize_level not in ANONYMIZE_LEVELS:
            raise ValueError(f"unknown anonymize level {self.anonymize_level!r}; "
                             f"choose from {', '.join(ANONYMIZE_LEVELS)}")
