"""fanwen-clean: turn scraped Chinese 范文 pages into clean, parameterized templates."""

from __future__ import annotations

from .api import clean_bytes, clean_text
from .decode import DecodeError
from .render import Result
from .rules import RuleBook
from .settings import Settings

__all__ = ["DecodeError", "Result", "RuleBook", "Settings", "clean_bytes", "clean_text", "fill"]
__version__ = "0.1.0"


def fill(template: str, values: dict) -> str:
    """Render a template with a {slot: value} mapping or a ``clean`` JSON report."""
    from .fill import fill as _fill

    return _fill(template, values)
