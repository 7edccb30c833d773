"""Mask the variable parts of a line (URLs, timestamps, dates, 20xx, numbers) to compare lines."""

from __future__ import annotations

from .regex_guard import compile_rule
from .shapes import DATE, DATETIME

_MASKS: tuple[tuple[str, str], ...] = (
    ("URL", r"(?:https?://|www\.)[\w./?=&%#:~+-]+"),
    ("TIME", DATETIME.pattern),
    ("DATE", DATE),
    ("YEAR", r"(?:19|20)[xX×*]{2}"),
    ("N", r"\d+(?:\.\d+)?"),
)
_MASK_RE = compile_rule("|".join(f"(?P<{name}>{pat})" for name, pat in _MASKS))
_DIGITISH = compile_rule(r"[\d:/]|www")


def mask(text: str) -> str:
    """The line with its variable parts replaced by ⟨URL⟩, ⟨TIME⟩, ⟨DATE⟩, ⟨YEAR⟩, ⟨N⟩."""
    if not _DIGITISH.search(text):
        return text
    return _MASK_RE.sub(lambda m: f"⟨{m.lastgroup}⟩", text)
