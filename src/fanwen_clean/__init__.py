"""fanwen-clean: turn scraped Chinese 范文 pages into clean, parameterized templates.

The public names are loaded on first use (PEP 562), so ``import fanwen_clean`` is cheap
and has no side effects on the process: the start-up tricks of the command line
(a paused garbage collector) live in :mod:`fanwen_clean.entry` only.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import clean_bytes, clean_text
    from .decode import DecodeError
    from .fill import fill
    from .render import Result
    from .rules import RuleBook
    from .settings import Settings

# public name → the module that defines it
_LAZY = {
    "DecodeError": ".decode", "Result": ".render", "RuleBook": ".rules", "Settings": ".settings",
    "clean_bytes": ".api", "clean_text": ".api",
    "fill": ".fill",  # a function: importing the fill module must not shadow it
}

__all__ = ["DecodeError", "Result", "RuleBook", "Settings", "clean_bytes", "clean_text", "fill"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
