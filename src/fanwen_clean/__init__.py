"""fanwen-clean: turn scraped Chinese 范文 pages into clean, parameterized templates."""

from __future__ import annotations

from . import diskcache

diskcache.install()  # before any rule module compiles its patterns: start-up reads them from disk

from .api import clean_bytes, clean_text  # noqa: E402
from .decode import DecodeError  # noqa: E402
from .fill import fill  # noqa: E402  (a function: importing the fill module must not shadow it)
from .render import Result  # noqa: E402
from .rules import RuleBook  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["DecodeError", "Result", "RuleBook", "Settings", "clean_bytes", "clean_text", "fill"]
__version__ = "0.1.0"

