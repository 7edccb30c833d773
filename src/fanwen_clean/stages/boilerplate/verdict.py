"""What the rules say about one line: remove it (with a code), keep it with a warning, or nothing."""

from __future__ import annotations

from dataclasses import dataclass

STAGE = "boilerplate"
WARN = "FW920"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Remove the line (``code``), or keep it and warn (``warn``: the reason), or neither."""

    code: str | None = None
    warn: str | None = None


NO_VERDICT = Verdict()
