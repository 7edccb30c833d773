"""One proposed correction, the unit every typo finder returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Proposal:
    """Replace ``text[start:end]`` by ``new``; ``sure``: fix it, else only suggest it."""

    start: int
    end: int
    new: str
    code: str
    sure: bool
